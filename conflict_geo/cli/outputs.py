"""Checks on an output path made before a command reads or writes anything."""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from conflict_geo.exc import OutputError

__all__ = ["check_output", "same_file"]


def same_file(a: str | PathLike[str], b: str | PathLike[str]) -> bool:
    """Tell whether two paths name the same file (links and ``..`` followed).

    Examples
    --------
    >>> same_file("/tmp/../tmp/x.geojson", "/tmp/x.geojson")
    True
    """
    a, b = Path(a), Path(b)
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def check_output(
    output: str | PathLike[str], inputs: Iterable[str | PathLike[str]]
) -> None:
    """Refuse an output path that would overwrite one of the inputs.

    Parameters
    ----------
    output : str or path-like
        Where the command will write.
    inputs : iterable of str or path-like
        What it reads.

    Raises
    ------
    OutputError
        ``output`` is one of ``inputs``.
    """
    for item in inputs:
        if Path(item).is_file() and same_file(output, item):
            raise OutputError(
                f"-o {output} is the input file {item}; write elsewhere "
                "(an input is never overwritten)"
            )
