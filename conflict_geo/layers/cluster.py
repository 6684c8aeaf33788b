"""Events as clustered markers: folium's ``FastMarkerCluster``.

An option beside the canvas layers for readers used to clusters. The plugin
is Leaflet.markercluster (from ``xstatic-leaflet-markercluster``, inlined
offline); each marker is a circle in its event type's colour whose popup shows
the event's label as text (``conflict_geo/maps/static/cluster_marker.js``).
Clustering keeps one DOM marker per event, so it suits tens of thousands of
events, not millions (see ``benchmarks/bench_render.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from folium.plugins import FastMarkerCluster

from conflict_geo.layers._assets import read_static
from conflict_geo.layers.style import event_style, style_keys, type_label

__all__ = ["cluster_layer"]


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
) -> FastMarkerCluster:
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

    Returns
    -------
    folium.plugins.FastMarkerCluster
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
    return FastMarkerCluster(
        rows,
        callback=read_static("cluster_marker.js"),
        name=name,
        show=show,
        overlay=overlay,
        control=control,
    )
