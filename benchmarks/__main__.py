"""Run every ``benchmarks/bench_*.py`` module's ``main()``, each in its own process.

From the repository root::

    .venv/bin/python -m benchmarks            # all benchmarks, in name order
    .venv/bin/python -m benchmarks geocode    # only bench_geocode
    .venv/bin/python -m benchmarks extract    # only bench_extract (8-15 min)
    .venv/bin/python -m benchmarks batch      # only bench_batch (10-20 min)

Each benchmark runs in a fresh interpreter so that its RSS and cold-import
numbers are not skewed by the ones before it. A failing benchmark does not
stop the others; the exit status is 1 if any failed (2 for an unknown name).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
# ``main()`` may return None (success) or an exit status.
_CALL = "import sys; from benchmarks.{stem} import main; sys.exit(main())"


def discover() -> list[str]:
    """Return the stems of ``benchmarks/bench_*.py``, sorted."""
    return sorted(path.stem for path in HERE.glob("bench_*.py"))


def run(stem: str) -> tuple[int, float]:
    """Run ``benchmarks.<stem>.main()`` in a subprocess; return (status, seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CALL.format(stem=stem)], cwd=HERE.parent
    )
    return proc.returncode, time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected (default: all) benchmarks and print a summary.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 if every benchmark succeeded, 1 if any failed, 2 for an unknown name.
    """
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names", nargs="*", help="benchmarks to run, e.g. 'geocode' or 'bench_render'"
    )
    args = parser.parse_args(argv)
    available = discover()
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in args.names]
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        print(
            f"unknown benchmark(s) {unknown}; available: {available}", file=sys.stderr
        )
        return 2
    results: list[tuple[str, int, float]] = []
    for stem in wanted or available:
        print(f"\n=== benchmarks.{stem}", flush=True)
        status, seconds = run(stem)
        results.append((stem, status, seconds))
    print("\n=== summary")
    for stem, status, seconds in results:
        verdict = "ok" if status == 0 else f"FAILED (exit status {status})"
        print(f"{stem:<24} {seconds:8.1f} s  {verdict}")
    failed = [stem for stem, status, _ in results if status != 0]
    if failed:
        print(
            f"{len(failed)} of {len(results)} benchmark(s) failed: {', '.join(failed)}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
