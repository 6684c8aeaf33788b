"""The ``conflict-geo`` command line.

Each subcommand lives in its own module exposing ``add_parser(subparsers)`` and
``run(args) -> int``; adding one is one module and one line in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from conflict_geo.exc import ConflictGeoError

__all__ = ["COMMANDS", "main"]

#: Subcommand name -> module under ``conflict_geo.cli``.
COMMANDS: dict[str, str] = {
    "geocode": "geocode",
    "places": "places",
    "extract": "extract",
    "render": "render",
    "match": "match",
    "demo": "demo",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-geo",
        description="Geocode conflict reporting, extract events, render maps.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS.values():
        try:
            module = importlib.import_module(f"conflict_geo.cli.{module_name}")
        except ModuleNotFoundError as err:
            if err.name == f"conflict_geo.cli.{module_name}":
                continue  # subcommand not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 when an input failed, 2 on usage errors.
    """
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ConflictGeoError as err:
        print(f"conflict-geo {args.command}: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
