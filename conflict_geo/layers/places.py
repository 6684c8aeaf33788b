"""The "Places" layer: light context dots for every geocoded place."""

from __future__ import annotations

import numpy as np
import pandas as pd

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import (
    COORD_SCALE,
    encode_numbers,
    encode_strings,
    make_payload,
)
from conflict_geo.layers.positions import place_events

__all__ = ["PLACE_POPUP", "places_layer"]

PLACE_POPUP = {
    "title": ["name"],
    "fields": [["Kind", "kind"], ["Province", "admin1"], ["Country", "country"]],
}

_STYLE = {"color": "#4d4d4d", "shape": "circle", "opacity": 0.55}


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def places_layer(
    places: pd.DataFrame,
    *,
    name: str = "Places",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    labels: bool = True,
) -> CanvasLayer:
    """Build the "Places" context layer.

    Parameters
    ----------
    places : geopandas.GeoDataFrame
        Columns ``name``, ``kind`` and a Point geometry (or ``lat``/``lon``);
        ``country`` and ``admin1`` are shown when present.
    name : str, default "Places"
        Name in the layer control.
    show : bool, default True
        Whether the layer is on when the map opens.
    overlay : bool, default True
        Overlay (check box) or base layer (radio button).
    control : bool, default True
        Whether the layer is listed in the layer control.
    labels : bool, default True
        Write place names from zoom 8.

    Returns
    -------
    CanvasLayer
        ``.unmapped`` lists places without usable coordinates.
    """
    frame = places.drop(columns=["precision"], errors="ignore")
    placement = place_events(frame, arrows=False)
    rows = placement.mapped.sort_values(["_lat", "_lon"], kind="stable")
    n = len(rows)
    cols = {
        "lat": encode_numbers(rows["_lat"], scale=COORD_SCALE, delta=True),
        "lon": encode_numbers(rows["_lon"], scale=COORD_SCALE, delta=True),
        "name": encode_strings(_text(rows, "name")),
        "kind": encode_strings(_text(rows, "kind")),
        "admin1": encode_strings(_text(rows, "admin1")),
        "country": encode_strings(_text(rows, "country")),
        "label": encode_strings(_text(rows, "name")),
        "lz": encode_numbers(np.full(n, 8)),
    }
    options = {
        "style": {"by": "kind", "values": {}, "fallback": _STYLE},
        "popup": PLACE_POPUP,
        "radius": {"unknown": 3.5},
        "pane": "cgPlaces",
        "zIndex": 380,
        "labels": labels,
        "timeless": True,
    }
    bounds = None
    if n:
        bounds = [
            [float(rows["_lat"].min()), float(rows["_lon"].min())],
            [float(rows["_lat"].max()), float(rows["_lon"].max())],
        ]
    layer = CanvasLayer(
        make_payload(n, cols),
        options,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        bounds=bounds,
        legend=[{"label": "Place (context)", "color": _STYLE["color"], "r": 3.5}],
    )
    layer.unmapped = placement.unmapped
    return layer
