"""Maps: the :class:`ConflictMap` builder, :func:`render`, offline HTML and export."""

from conflict_geo.maps.conflict_map import ConflictMap
from conflict_geo.maps.export import to_png, write_atomic
from conflict_geo.maps.offline import make_offline
from conflict_geo.maps.render import render

__all__ = ["ConflictMap", "make_offline", "render", "to_png", "write_atomic"]
