"""Basemaps: xyzservices tiles online, vector outlines offline.

Offline maps have no tiles: :func:`vector_basemap` draws the shipped country
outlines (muted land, thin borders, names) and the admin-1 outlines of the
region, so the map reads without any network.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import folium
import numpy as np
import shapely

from conflict_geo.exc import ConfigurationError
from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import (
    COORD_SCALE,
    encode_geometry,
    encode_numbers,
    encode_strings,
    make_payload,
)

__all__ = ["DEFAULT_BASEMAP", "REGION_BOUNDS", "tile_layer", "vector_basemap"]

DEFAULT_BASEMAP = "CartoDB.Positron"
#: Syria and its neighbours, the default view when there is nothing to fit.
REGION_BOUNDS = [[29.0, 34.0], [38.5, 48.5]]

_STYLES = {
    "country": {
        "color": "#8f8f8f",
        "fill": "#f4f1ea",
        "fillOpacity": 1,
        "weight": 1,
        "areaDash": [],
    },
    "admin1": {
        "color": "#b9b9b9",
        "fillOpacity": 0,
        "weight": 0.6,
        "areaDash": [3, 3],
    },
}


def _is_local(tiles: str) -> bool:
    return not tiles.lower().startswith(("http://", "https://", "//"))


@cache
def _provider(name: str) -> Any:
    """Look up the xyzservices provider ``name`` (the search scans them all)."""
    import xyzservices

    return xyzservices.providers.query_name(name)


def tile_layer(basemap: Any = DEFAULT_BASEMAP) -> folium.TileLayer:
    """Return a folium tile layer for a basemap name, provider or URL template.

    Parameters
    ----------
    basemap : str or xyzservices.TileProvider
        An xyzservices name (``"CartoDB.Positron"``, ``"OpenStreetMap.Mapnik"``),
        a provider object, or a URL template with ``{z}/{x}/{y}`` -- including
        a local folder such as ``"tiles/{z}/{x}/{y}.png"``.

    Returns
    -------
    folium.TileLayer
        Not listed in the layer control.

    Raises
    ------
    ConfigurationError
        For an unknown provider name.
    """
    import xyzservices

    if isinstance(basemap, xyzservices.TileProvider):
        return folium.TileLayer(basemap, control=False)
    text = str(basemap)
    if "{z}" in text:
        attr = "Local tiles" if _is_local(text) else "Tiles"
        return folium.TileLayer(text, attr=attr, control=False)
    try:
        provider = _provider(text)
    except ValueError as err:
        raise ConfigurationError(
            f"unknown basemap {text!r}: give an xyzservices name such as "
            f"{DEFAULT_BASEMAP!r} or a tile URL template with {{z}}/{{x}}/{{y}}"
        ) from err
    return folium.TileLayer(provider, control=False)


@cache
def _outline_payload(bounds: tuple[float, float, float, float]) -> dict:
    from conflict_geo.places.boundaries import admin1_areas, countries

    west, south, east, north = bounds
    window = shapely.box(west, south, east, north)
    rows: list[dict[str, Any]] = []
    for layer, frame, tol, lz in (
        ("country", countries(), 0.02, 4),
        ("admin1", admin1_areas(), 0.01, 7),
    ):
        frame = frame.loc[frame.intersects(window)]
        for _, row in frame.iterrows():
            geom = row.geometry.intersection(window).simplify(tol)
            if geom.is_empty:
                continue
            if layer == "admin1" and row.get("label_lat") == row.get("label_lat"):
                lat, lon = float(row["label_lat"]), float(row["label_lon"])
            else:
                point = row.geometry.representative_point()
                lat, lon = point.y, point.x
            rows.append(
                {
                    "layer": layer,
                    "name": row["name"],
                    "lat": lat,
                    "lon": lon,
                    "lz": lz,
                    "geom": encode_geometry(geom, scale=1000),
                }
            )
    n = len(rows)
    cols = {
        "lat": encode_numbers([r["lat"] for r in rows], scale=COORD_SCALE),
        "lon": encode_numbers([r["lon"] for r in rows], scale=COORD_SCALE),
        "k": encode_numbers(np.full(n, 5)),
        "g": encode_numbers(np.arange(n)),
        "layer": encode_strings([r["layer"] for r in rows]),
        "label": encode_strings([r["name"] for r in rows]),
        "lz": encode_numbers([r["lz"] for r in rows]),
    }
    return make_payload(n, cols, [r["geom"] for r in rows], gs=1000)


def vector_basemap(
    bounds: list | None = None,
    *,
    name: str = "Outlines",
    labels: bool = True,
    margin: float = 12.0,
) -> CanvasLayer:
    """Build an offline vector basemap of country and admin-1 outlines.

    Parameters
    ----------
    bounds : list, optional
        ``[[south, west], [north, east]]`` of the data; outlines are kept
        within ``margin`` degrees of it (the region by default).
    name : str, default "Outlines"
        Layer name (the layer is not listed in the layer control).
    labels : bool, default True
        Write country names (from zoom 4) and province names (from zoom 7).
    margin : float, default 12.0
        Degrees of context kept around ``bounds``.

    Returns
    -------
    CanvasLayer
        A non-interactive layer in a pane below every other layer.
    """
    (south, west), (north, east) = bounds or REGION_BOUNDS
    box = (
        max(-180.0, float(np.floor(west - margin))),
        max(-85.0, float(np.floor(south - margin))),
        min(180.0, float(np.ceil(east + margin))),
        min(85.0, float(np.ceil(north + margin))),
    )
    options = {
        "style": {"by": "layer", "values": _STYLES, "fallback": _STYLES["country"]},
        "interactive": False,
        "pane": "cgBase",
        "zIndex": 150,
        "labels": labels,
        "labelColor": "#6b6b6b",
        "labelFont": "11px sans-serif",
        "timeless": True,
        "background": "#dfe9f0",
    }
    return CanvasLayer(
        _outline_payload(box), options, name=name, overlay=False, control=False
    )
