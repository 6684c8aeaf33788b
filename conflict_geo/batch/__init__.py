"""Batch rendering: many inputs, one map per group, on local processes or Dask.

The pipeline, one module per step:

* :mod:`~conflict_geo.batch.inputs`: files, folders and globs -> a sorted list;
* :mod:`~conflict_geo.batch.load`: read one dispatch, event file or zones file;
* :mod:`~conflict_geo.batch.groups`: split events by day, week, month, admin1
  or file into named groups;
* :mod:`~conflict_geo.batch.tasks`: the picklable units of work (load an
  input, render a map) that never raise;
* :mod:`~conflict_geo.batch.engines` and :mod:`~conflict_geo.batch.dask_engine`:
  run tasks in this process, a process pool or a Dask cluster;
* :mod:`~conflict_geo.batch.determinism`: stable element ids, so the same input
  gives byte-identical HTML;
* :mod:`~conflict_geo.batch.report` and :mod:`~conflict_geo.batch.index`: per-map
  numbers, the summary and ``index.html``;
* :mod:`~conflict_geo.batch.runner`: :func:`run_batch`, the whole pipeline.

Nothing heavy (pandas, folium, dask) is imported until it is used.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BatchReport",
    "LocalEngine",
    "MapOptions",
    "expand_inputs",
    "load_input",
    "make_engine",
    "run_batch",
    "split_events",
    "stable_ids",
]

_LAZY = {
    "BatchReport": "conflict_geo.batch.report",
    "LocalEngine": "conflict_geo.batch.engines",
    "MapOptions": "conflict_geo.batch.tasks",
    "expand_inputs": "conflict_geo.batch.inputs",
    "load_input": "conflict_geo.batch.load",
    "make_engine": "conflict_geo.batch.engines",
    "run_batch": "conflict_geo.batch.runner",
    "split_events": "conflict_geo.batch.groups",
    "stable_ids": "conflict_geo.batch.determinism",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'conflict_geo.batch' has no attribute {name!r}")
