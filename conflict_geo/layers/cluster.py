"""Events as clustered markers: folium's ``FastMarkerCluster``, zoom-banded.

An option beside the canvas layers for readers used to clusters. The plugin
is Leaflet.markercluster (from ``xstatic-leaflet-markercluster``, inlined
offline); each marker is a circle in its event's colour (one-sided violence
apart, as on the map) whose popup shows the event's label as text
(``conflict_geo/maps/static/cluster_marker.js``). Clustering keeps one DOM
marker per event, so it suits tens of thousands of events, not millions (see
``benchmarks/bench_render.py``).

:class:`ClusterLayer` differs from folium's ``FastMarkerCluster`` in three ways:

* it is added to the map only when ``show`` is true (folium's template adds
  it whatever ``show`` says, so an unticked cluster was drawn anyway);
* its clusters and markers are drawn in a pane of their own (:data:`PANE`),
  hidden from ``until_zoom`` on, where the point layers and their full popups
  take over, as the density layers do; it stays in the layer control;
* its rows are written as an escaped JavaScript literal that is never read as
  a template (a place named ``{{ 7*7 }}`` stays that text).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from folium.plugins import FastMarkerCluster

from conflict_geo.layers._assets import js_literal, load_template, read_static
from conflict_geo.layers.base import RawMacroElement, ensure_runtime
from conflict_geo.layers.style import event_style, style_keys, type_label

__all__ = ["PANE", "ClusterLayer", "cluster_layer"]

#: The Leaflet pane of the clusters and their markers.
PANE = "cgCluster"
#: Its z-index: Leaflet's marker pane's, above the canvas layers (400).
_PANE_Z_INDEX = 600


class ClusterLayer(FastMarkerCluster, RawMacroElement):
    """folium's ``FastMarkerCluster`` in a pane of its own, hidden when zoomed in.

    Parameters
    ----------
    data : list
        ``[lat, lon, colour, label]`` rows.
    until_zoom : int or None
        Zoom from which the clusters hide (None: shown at every zoom).
    **kwargs
        As for :class:`folium.plugins.FastMarkerCluster` (``name``, ``show``,
        ``overlay``, ``control`` and Leaflet.markercluster options).
    """

    _template = load_template("cluster_layer.js.j2")

    def __init__(self, data: list, until_zoom: int | None = None, **kwargs: Any):
        marker = read_static("cluster_marker.js").strip()
        super().__init__(data, callback=marker, clusterPane=PANE, **kwargs)
        self._name = "ClusterLayer"
        self.until_zoom = until_zoom

    def callback_js(self) -> str:
        """Return the marker function (``cluster_marker.js``)."""
        return read_static("cluster_marker.js").strip()

    def data_js(self) -> str:
        """Return the rows as a script-safe JavaScript literal."""
        return js_literal(self.data)

    def options_js(self) -> str:
        """Return the Leaflet.markercluster options as a JavaScript literal."""
        return js_literal(self.options)

    def pane_js(self) -> str:
        """Return the pane name as a JavaScript literal."""
        return js_literal(PANE)

    def band_js(self) -> str:
        """Return the pane and the zoom it hides from (``conflictGeo.paneBand``)."""
        return js_literal(
            {"pane": PANE, "zIndex": _PANE_Z_INDEX, "below": self.until_zoom}
        )

    def render(self, **kwargs: Any) -> None:
        """Render, adding the runtime to the page head once."""
        ensure_runtime(self)
        super().render(**kwargs)


def _labels(events: pd.DataFrame, styles: list[str]) -> list[str]:
    def column(name: str) -> list[str]:
        if name not in events:
            return [""] * len(events)
        return events[name].astype("string").fillna("").tolist()

    names = {k: type_label(k) for k in set(styles)}
    kinds = [names[k] for k in styles]
    dates = (
        pd.to_datetime(events["date"], errors="coerce").dt.strftime("%Y-%m-%d")
        if "date" in events
        else pd.Series([""] * len(events))
    )
    parts = zip(kinds, column("place"), dates.fillna("").tolist(), strict=True)
    return [" — ".join(p for p in row if p) for row in parts]


def cluster_layer(
    events: pd.DataFrame,
    *,
    name: str = "Events (clustered)",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    until_zoom: int | None = None,
) -> ClusterLayer:
    """Build a marker-cluster layer of events.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with ``lat``/``lon`` (or ``_lat``/``_lon`` placements) and
        ``event_type`` (and ``sub_type``: one-sided violence has its own
        colour); ``place`` and ``date`` make the popup label.
    name : str, default "Events (clustered)"
        Name in the layer control.
    show, overlay, control : bool
        As for folium layers.
    until_zoom : int, optional
        Zoom from which the clusters hide and the point layers take over
        (:class:`~conflict_geo.maps.conflict_map.ConflictMap` gives its own);
        by default they are shown at every zoom.

    Returns
    -------
    ClusterLayer
        A folium ``FastMarkerCluster``.
    """
    lat = events["_lat" if "_lat" in events else "lat"].to_numpy(
        "float64", na_value=np.nan
    )
    lon = events["_lon" if "_lon" in events else "lon"].to_numpy(
        "float64", na_value=np.nan
    )
    ok = np.isfinite(lat) & np.isfinite(lon)
    kinds = style_keys(events).tolist()
    colors = {k: event_style(k)["color"] for k in set(kinds)}
    labels = _labels(events, kinds)
    rows = [
        [round(float(lat[i]), 5), round(float(lon[i]), 5), colors[kinds[i]], labels[i]]
        for i in np.flatnonzero(ok).tolist()
    ]
    return ClusterLayer(
        rows,
        until_zoom=until_zoom,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
    )
