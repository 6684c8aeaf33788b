"""Run ``conflict-geo`` gated: ``python gated_cli.py READY ARGS...``.

Every process of the run (the main one and forked workers) writes at most one
day map: right after writing it, the process creates ``READY`` and waits for a
signal forever. The interruption test signals once ``READY`` exists, so the run
cannot finish before the signal however busy the machine is, and the signal
always lands while maps are written and others are not.
"""

from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path

import conflict_geo.maps.export as export
from conflict_geo.cli import main


def _gate(ready: Path):
    original = export.write_atomic

    @functools.wraps(original)
    def write_atomic(path, data):
        written = original(path, data)
        if Path(path).name.startswith("2016-") and Path(path).suffix == ".html":
            ready.touch()
            while True:  # until SIGINT (KeyboardInterrupt) or SIGKILL
                signal.pause()
        return written

    export.write_atomic = write_atomic


if __name__ == "__main__":
    # Ctrl-C as at a terminal, even when the test runs as a background job of a
    # non-interactive shell (which starts its children with SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _gate(Path(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
