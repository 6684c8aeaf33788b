"""Basemaps: xyzservices tiles online, vector outlines offline.

Online maps offer several keyless providers as base layers of the layer control
(:data:`BASEMAPS`, the first shown); ``basemap=`` picks one, or a list of them.
Providers that need an API key are refused unless the key is given, since their
tile URL would otherwise be written without it (blank tiles). ``"dark"`` is the
default provider drawn through a CSS filter (``cg-dark-tiles`` in
``conflict_geo.css``): no keyless dark provider ships with xyzservices.

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

__all__ = [
    "BASEMAPS",
    "DARK",
    "DEFAULT_BASEMAP",
    "REGION_BOUNDS",
    "basemap_layers",
    "first_basemap",
    "tile_layer",
    "vector_basemap",
]

#: A muted, keyless provider: data reads well on it (``requires_token()`` is
#: False; a test fails if a new xyzservices release changes that).
DEFAULT_BASEMAP = "Esri.WorldGrayCanvas"
#: The default provider drawn dark (a CSS filter on its tiles; offline: dark
#: outlines).
DARK = "dark"
#: The basemap switcher offered when ``basemap`` is not given (all keyless).
BASEMAPS: tuple[str, ...] = (
    DEFAULT_BASEMAP,
    "OpenStreetMap.Mapnik",
    "OpenTopoMap",
    "Esri.WorldImagery",
    DARK,
)
_LABELS = {
    DEFAULT_BASEMAP: "Grey (Esri)",
    "OpenStreetMap.Mapnik": "OpenStreetMap",
    "OpenTopoMap": "Topographic (OpenTopoMap)",
    "Esri.WorldImagery": "Satellite (Esri)",
    DARK: "Dark",
}
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
_DARK_STYLES = {
    "country": {**_STYLES["country"], "color": "#6b7280", "fill": "#2b2f36"},
    "admin1": {**_STYLES["admin1"], "color": "#4b5260"},
}


def _is_local(tiles: str) -> bool:
    return not tiles.lower().startswith(("http://", "https://", "//"))


@cache
def _provider(name: str) -> Any:
    """Look up the xyzservices provider ``name`` (the search scans them all)."""
    import xyzservices

    return xyzservices.providers.query_name(name)


def _token_error(name: str) -> ConfigurationError:
    return ConfigurationError(
        f"basemap {name!r} needs an API key, and its tiles would be blank without "
        "one: pass the provider with its key (xyzservices.providers."
        f"{name}(apikey=...)) or a keyless basemap such as {DEFAULT_BASEMAP!r}"
    )


def tile_layer(
    basemap: Any = DEFAULT_BASEMAP,
    *,
    name: str | None = None,
    show: bool = True,
    overlay: bool = False,
    control: bool = False,
) -> folium.TileLayer:
    """Return a folium tile layer for a basemap name, provider or URL template.

    Parameters
    ----------
    basemap : str or xyzservices.TileProvider
        An xyzservices name (``"Esri.WorldGrayCanvas"``, ``"OpenStreetMap.Mapnik"``),
        ``"dark"``, a provider object, or a URL template with ``{z}/{x}/{y}`` --
        including a local folder such as ``"tiles/{z}/{x}/{y}.png"``.
    name : str, optional
        Name in the layer control (a readable label by default).
    show, overlay, control : bool
        As for folium layers (a base layer not listed, by default).

    Returns
    -------
    folium.TileLayer

    Raises
    ------
    ConfigurationError
        For an unknown provider name, or one that needs an API key not given.
    """
    import xyzservices

    extra: dict[str, Any] = {}
    if isinstance(basemap, str) and basemap == DARK:
        basemap, extra = DEFAULT_BASEMAP, {"class_name": "cg-dark-tiles"}
        name = name or _LABELS[DARK]
    common = {"show": show, "overlay": overlay, "control": control, **extra}
    if isinstance(basemap, xyzservices.TileProvider):
        if basemap.requires_token():
            raise _token_error(basemap.name)
        return folium.TileLayer(basemap, name=name or basemap.name, **common)
    text = str(basemap)
    if "{z}" in text:
        attr = "Local tiles" if _is_local(text) else "Tiles"
        return folium.TileLayer(text, attr=attr, name=name or attr, **common)
    try:
        provider = _provider(text)
    except ValueError as err:
        raise ConfigurationError(
            f"unknown basemap {text!r}: give an xyzservices name such as "
            f"{DEFAULT_BASEMAP!r} or a tile URL template with {{z}}/{{x}}/{{y}}"
        ) from err
    if provider.requires_token():
        raise _token_error(text)
    return folium.TileLayer(
        provider, name=name or _LABELS.get(text, provider.name), **common
    )


def basemap_layers(basemap: Any = None) -> list[folium.TileLayer]:
    """Return the tile layers of a basemap choice, the first one shown.

    Parameters
    ----------
    basemap : str, xyzservices.TileProvider or list of them, optional
        One basemap (not listed in the layer control) or several (base layers
        of the layer control, a switcher). None offers :data:`BASEMAPS`.

    Returns
    -------
    list of folium.TileLayer

    Raises
    ------
    ConfigurationError
        For an unknown provider or one that needs a missing API key.
    """
    choices = BASEMAPS if basemap is None else basemap
    if isinstance(choices, str) or not isinstance(choices, list | tuple):
        return [tile_layer(choices)]
    if not choices:
        raise ConfigurationError("basemap list is empty: give at least one basemap")
    several = len(choices) > 1
    return [
        tile_layer(choice, show=k == 0, control=several)
        for k, choice in enumerate(choices)
    ]


def first_basemap(basemap: Any = None) -> Any:
    """Return the basemap shown first for a ``basemap`` choice."""
    choices = BASEMAPS if basemap is None else basemap
    if isinstance(choices, list | tuple):
        return choices[0] if choices else DEFAULT_BASEMAP
    return choices


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
    dark: bool = False,
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
    dark : bool, default False
        Dark land and sea, light outlines and names.

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
    styles = _DARK_STYLES if dark else _STYLES
    options = {
        "style": {"by": "layer", "values": styles, "fallback": styles["country"]},
        "interactive": False,
        "pane": "cgBase",
        "zIndex": 150,
        "labels": labels,
        "labelColor": "#c9ced6" if dark else "#6b6b6b",
        "labelHalo": "rgba(20,22,26,0.85)" if dark else "rgba(255,255,255,0.85)",
        "labelFont": "11px sans-serif",
        "timeless": True,
        "background": "#16191d" if dark else "#dfe9f0",
    }
    return CanvasLayer(
        _outline_payload(box), options, name=name, overlay=False, control=False
    )
