"""Maps: the :class:`ConflictMap` builder, :func:`render`, offline HTML and export.

Names are imported lazily so that ``conflict_geo.layers`` (which reads the
templates shipped here) and this package can import each other's modules.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ConflictMap", "make_offline", "render", "to_png", "write_atomic"]

_WHERE = {
    "ConflictMap": "conflict_geo.maps.conflict_map",
    "render": "conflict_geo.maps.render",
    "make_offline": "conflict_geo.maps.offline",
    "to_png": "conflict_geo.maps.export",
    "write_atomic": "conflict_geo.maps.export",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'conflict_geo.maps' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
