"""Event density at low zoom: a heat layer, by event layer, events or deaths.

The layer is folium's :class:`~folium.plugins.HeatMap` (the leaflet.heat plugin,
inlined offline from the copy folium ships). Events are first summed on a grid
of :data:`CELL_DEG` degrees (about a kilometre), so a million events embed as
the few thousand cells they fall in; leaflet.heat bins those cells on screen at
every redraw, which a kilometre grid does not change below zoom 11. From
``until_zoom`` on the layer hides itself and the point layers, with their
popups, take over (see ``minZoom`` in ``conflict_geo_canvas.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from folium.plugins import HeatMap

from conflict_geo.layers._assets import js_literal, load_template
from conflict_geo.layers.base import RawMacroElement, ensure_runtime
from conflict_geo.layers.style import event_style

__all__ = [
    "CELL_DEG",
    "DENSITY_UNTIL_ZOOM",
    "DensityLayer",
    "ZoomBand",
    "density_layer",
]

#: Grid cell of the pre-aggregation, in degrees (0.01 deg is ~1.1 km north-south).
CELL_DEG = 0.01
#: Zoom from which density layers hide and point layers draw (a district fills
#: the screen at zoom 9 on a 1200 px map).
DENSITY_UNTIL_ZOOM = 9
#: Cell weights are divided by this quantile of them, so one busy town does not
#: wash the rest of the map out.
_NORMALISE_QUANTILE = 0.98


class ZoomBand(RawMacroElement):
    """Hide the parent layer from zoom ``below`` on (``conflictGeo.zoomBand``).

    Parameters
    ----------
    below : int
        First zoom at which the layer is hidden.
    """

    _template = load_template("control.js.j2")

    def __init__(self, below: int) -> None:
        super().__init__()
        self._name = "ZoomBand"
        self.function = "zoomBand"
        self.config = {"below": int(below)}
        self.companion = None

    def config_js(self) -> str:
        """Return the configuration as a JavaScript literal."""
        return js_literal(self.config)

    def render(self, **kwargs: Any) -> None:
        """Render, adding the runtime to the page head once."""
        ensure_runtime(self)
        super().render(**kwargs)


class DensityLayer(HeatMap):
    """folium's ``HeatMap``, hidden from ``until_zoom`` on.

    Parameters
    ----------
    data : list
        ``[lat, lon, weight]`` rows.
    until_zoom : int or None
        Zoom from which the layer hides (None: always shown).
    **kwargs
        As for :class:`folium.plugins.HeatMap`.
    """

    def __init__(self, data: list, until_zoom: int | None = None, **kwargs: Any):
        super().__init__(data, **kwargs)
        self.until_zoom = until_zoom
        if until_zoom is not None:
            self.add_child(ZoomBand(until_zoom))


def _cells(
    lat: np.ndarray, lon: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sum ``weight`` per grid cell: cell centres and sums."""
    ok = np.isfinite(lat) & np.isfinite(lon) & np.isfinite(weight) & (weight > 0)
    row = np.floor(lat[ok] / CELL_DEG).astype(np.int64)
    col = np.floor(lon[ok] / CELL_DEG).astype(np.int64)
    key = row * 100_000 + col  # |col| < 18,000 cells
    codes, uniques = pd.factorize(key)
    sums = np.bincount(codes, weights=weight[ok], minlength=len(uniques))
    rows, cols = np.divmod(uniques, 100_000)
    return (rows + 0.5) * CELL_DEG, (cols + 0.5) * CELL_DEG, sums


def _gradient(color: str) -> dict[float, str]:
    """From a pale tint to ``color``, then darker: one hue per event layer."""
    return {0.25: f"{color}40", 0.55: f"{color}b0", 0.85: color, 1.0: "#3b0a0a"}


def density_layer(
    events: pd.DataFrame,
    *,
    weight: str = "events",
    name: str = "Density",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    color: str | None = None,
    until_zoom: int | None = DENSITY_UNTIL_ZOOM,
    options: Mapping[str, Any] | None = None,
) -> DensityLayer:
    """Build a heat layer of events, weighted by events or fatalities.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with ``lat`` and ``lon`` (or ``_lat``/``_lon`` placements, as in
        an :class:`~conflict_geo.layers.events.EventLayer`'s ``events``) and,
        for ``weight="fatalities"``, a ``fatalities`` column.
    weight : {"events", "fatalities"}, default "events"
        What the heat counts.
    name : str, default "Density"
        Name in the layer control.
    show, overlay, control : bool
        As for folium layers.
    color : str, optional
        Hue of the heat (``#rrggbb``); the style of the rows' most common
        ``event_type`` by default.
    until_zoom : int or None, default :data:`DENSITY_UNTIL_ZOOM`
        Zoom from which the layer hides (None: never).
    options : mapping, optional
        Other leaflet.heat options (``radius``, ``blur``, ``min_opacity``).

    Returns
    -------
    DensityLayer
        A folium ``HeatMap``.

    Raises
    ------
    ValueError
        For an unknown ``weight``.
    """
    if weight not in ("events", "fatalities"):
        raise ValueError(f"weight must be 'events' or 'fatalities', not {weight!r}")
    lat_col = "_lat" if "_lat" in events else "lat"
    lon_col = "_lon" if "_lon" in events else "lon"
    lat = events[lat_col].to_numpy(dtype="float64", na_value=np.nan)
    lon = events[lon_col].to_numpy(dtype="float64", na_value=np.nan)
    if weight == "fatalities" and "fatalities" in events:
        w = events["fatalities"].to_numpy(dtype="float64", na_value=np.nan)
    else:
        w = np.ones(len(lat))
    clat, clon, sums = _cells(lat, lon, w)
    top = float(np.quantile(sums, _NORMALISE_QUANTILE)) if len(sums) else 1.0
    scaled = np.minimum(sums / max(top, 1e-9), 1.0)
    data = np.column_stack([clat.round(3), clon.round(3), scaled.round(3)]).tolist()
    if color is None:
        kinds = events["event_type"] if "event_type" in events else pd.Series([])
        common = kinds.mode()
        color = event_style(str(common.iloc[0]) if len(common) else None)["color"]
    heat = {
        "radius": 14,
        "blur": 16,
        "min_opacity": 0.25,
        **dict(options or {}),
    }
    return DensityLayer(
        data,
        until_zoom=until_zoom,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        gradient=_gradient(color),
        **heat,
    )
