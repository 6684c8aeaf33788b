"""The "Control zones" layer: polygons coloured by the actor holding them.

Contested zones are hatched in the colours of every claimant; zones estimated
from claims say so in the legend and in their popup.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import shapely

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import (
    COORD_SCALE,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    make_payload,
)
from conflict_geo.layers.style import actor_colors

__all__ = ["ZONE_POPUP", "control_layer"]

KIND_ZONE = 4

ZONE_POPUP = {
    "title": ["actor"],
    "fields": [
        ["Area", "name"],
        ["Held by", "holders"],
        ["As of", "date", "day"],
        ["Extent", "extent"],
        ["Basis", "basis"],
        ["Claims", "claims"],
    ],
}


def _actors(zones: pd.DataFrame) -> list[list[str]]:
    out = []
    for actors, actor in zip(zones["actors"], zones["actor"], strict=True):
        if isinstance(actors, list | tuple | np.ndarray) and len(actors):
            out.append([str(a) for a in actors])
        else:
            out.append([str(actor)])
    return out


def _label_point(geom: shapely.Geometry) -> shapely.Point:
    """Pick a point low inside ``geom``, leaving the claimed place free."""
    minx, miny, maxx, maxy = geom.bounds
    y = miny + 0.22 * (maxy - miny)
    cut = shapely.LineString([(minx - 1, y), (maxx + 1, y)]).intersection(geom)
    pieces = [p for p in getattr(cut, "geoms", [cut]) if p.length > 0]
    if not pieces:
        return geom.representative_point()
    return max(pieces, key=lambda p: p.length).interpolate(0.5, normalized=True)


def _style(zones: pd.DataFrame, colors: dict[str, str]) -> dict:
    values: dict[str, dict] = {}
    for actor, actors in zip(zones["actor"], _actors(zones), strict=True):
        palette = [colors.get(a, "#666666") for a in actors]
        entry: dict = {"color": palette[0], "shape": "square"}
        if len(actors) > 1:
            entry["hatch"] = palette
            entry["stroke"] = "#333333"
        values[str(actor)] = entry
    return {"by": "actor", "values": values, "fallback": {"color": "#666666"}}


def _legend(zones: pd.DataFrame, colors: dict[str, str]) -> list[dict]:
    items = []
    estimated = zones.groupby("actor")["estimated"].any().to_dict()
    singles = {a for actors in _actors(zones) if len(actors) == 1 for a in actors}
    for actor in sorted(singles):
        label = actor + (" (estimated)" if estimated.get(actor) else "")
        items.append({"label": label, "color": colors[actor], "kind": "zone"})
    for actors in sorted({tuple(a) for a in _actors(zones) if len(a) > 1}):
        items.append(
            {
                "label": "Contested: " + " / ".join(actors),
                "hatch": [colors[a] for a in actors],
                "kind": "zone",
            }
        )
    return items


def control_layer(
    zones: pd.DataFrame,
    *,
    name: str = "Control zones",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    colors: Mapping[str, str] | None = None,
    labels: bool = True,
) -> CanvasLayer:
    """Build the "Control zones" layer.

    Parameters
    ----------
    zones : geopandas.GeoDataFrame
        From :func:`~conflict_geo.layers.zones.control_zones`,
        :func:`~conflict_geo.layers.zones.read_zones` or both concatenated.
    name : str, default "Control zones"
        Name in the layer control.
    show : bool, default True
        Whether the layer is on when the map opens.
    overlay : bool, default True
        Overlay (check box) or base layer (radio button).
    control : bool, default True
        Whether the layer is listed in the layer control.
    colors : mapping, optional
        Fixed colours for some actors.
    labels : bool, default True
        Write the holder's name on each zone from zoom 6.

    Returns
    -------
    CanvasLayer
        With a ``colors`` attribute: the colour of every actor drawn.
    """
    zones = zones.loc[~zones.geometry.is_empty & zones.geometry.notna()]
    order = np.argsort(-shapely.area(np.asarray(zones.geometry.to_numpy())))
    zones = zones.iloc[order]
    every = [a for actors in _actors(zones) for a in actors]
    colors_ = actor_colors(every, colors)
    points = [_label_point(g) for g in zones.geometry]
    n = len(zones)
    estimated = zones["estimated"].fillna(False).astype(bool)
    extent = np.where(estimated, "estimated", "as supplied")
    cols = {
        "lat": encode_numbers([p.y for p in points], scale=COORD_SCALE),
        "lon": encode_numbers([p.x for p in points], scale=COORD_SCALE),
        "k": encode_numbers(np.full(n, KIND_ZONE)),
        "g": encode_numbers(np.arange(n)),
        "actor": encode_strings(zones["actor"].astype(str)),
        "holders": encode_strings([", ".join(a) for a in _actors(zones)]),
        "name": encode_strings(zones["name"]),
        "date": encode_days(zones["date"]),
        "basis": encode_strings(zones["basis"]),
        "extent": encode_strings(extent),
        "claims": encode_numbers(zones["claims"].where(zones["claims"] > 0)),
        "label": encode_strings(zones["actor"].astype(str)),
        "lz": encode_numbers(np.full(n, 6)),
    }
    geoms = [encode_geometry(g, scale=COORD_SCALE) for g in zones.geometry]
    payload = make_payload(n, cols, geoms, gs=COORD_SCALE)
    options = {
        "style": _style(zones, colors_),
        "popup": ZONE_POPUP,
        "pane": "cgZones",
        "labels": labels,
        "labelColor": "#333",
        "labelFont": "bold 11px sans-serif",
        "timeless": True,
    }
    bounds = None
    if n:
        x0, y0, x1, y1 = zones.total_bounds
        bounds = [[float(y0), float(x0)], [float(y1), float(x1)]]
    layer = CanvasLayer(
        payload,
        options,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        bounds=bounds,
        legend=_legend(zones, colors_),
    )
    layer.colors = colors_
    return layer
