"""One call from event tables to a map file: :func:`render`."""

from __future__ import annotations

from os import PathLike
from typing import Any

import folium

from conflict_geo.exc import ConfigurationError
from conflict_geo.maps.conflict_map import ConflictMap

__all__ = ["render"]


def render(
    events: Any = None,
    *,
    zones: Any = None,
    places: Any = None,
    output: str | PathLike[str] | None = None,
    offline: bool = False,
    png: str | PathLike[str] | None = None,
    title: str | None = None,
    **options: Any,
) -> folium.Map:
    """Draw events, control zones and places on a map, optionally saved.

    Parameters
    ----------
    events : GeoDataFrame or list of GeoDataFrame, optional
        Event tables in the event schema.
    zones : GeoDataFrame, str or path-like, optional
        User control zones or a GeoJSON file of them.
    places : GeoDataFrame, optional
        Geocoded places for a context layer.
    output : str or path-like, optional
        HTML file to write (atomically). When some events cannot be drawn,
        ``<output stem>_unmapped.csv`` lists them next to it.
    offline : bool, default False
        Self-contained HTML that makes no network request.
    png : str or path-like, optional
        Also write a PNG screenshot (needs ``output``, Chromium and Playwright).
    title : str, optional
        Map title.
    **options
        Other :class:`~conflict_geo.maps.conflict_map.ConflictMap` options
        (``basemap``, ``subtitle``, ``derive_zones``, ``zone_radius_km``,
        ``actor_colors``, ``density``, ``density_weight``, ``cluster``, ``fuse``,
        ``choropleth``, ``legend``, ``time_slider``, ``minimap``, ...).

    Returns
    -------
    folium.Map
        An ordinary folium map, for further customisation (add layers, a
        ``LayerControl``, plugins; save it with ``m.save()``: an offline map
        inlines what they need or says why it cannot); the
        :class:`ConflictMap` that made it is its ``conflict_map`` attribute.

    Raises
    ------
    ConfigurationError
        When ``png`` is given without ``output``.
    """
    if png is not None and output is None:
        raise ConfigurationError("png export needs an HTML output path")
    cmap = ConflictMap(
        events, zones=zones, places=places, title=title, offline=offline, **options
    )
    if output is not None:
        cmap.save(output, png=png, unmapped_csv=True)
    m = cmap.map
    m.conflict_map = cmap
    return m
