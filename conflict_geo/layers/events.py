"""Build a compact canvas layer from event rows.

The shared machinery behind :func:`~conflict_geo.layers.strikes.strikes_layer`,
:func:`~conflict_geo.layers.offensives.offensives_layer` and the other event
layers: select rows by ``event_type``, place them
(:func:`~conflict_geo.layers.positions.place_events`), encode the columns a
popup needs and describe the layer in the legend.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.events.schema import PRECISION_LABELS
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import (
    COORD_SCALE,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    make_payload,
)
from conflict_geo.layers.positions import KIND_AREA, KIND_RING, place_events
from conflict_geo.layers.style import (
    EVENT_LABELS,
    EVENT_STYLES,
    RADIUS,
    STATUS_STYLES,
    event_style,
)

__all__ = ["EVENT_POPUP", "event_layer", "select_events"]

#: What an event popup shows: title columns, (label, column[, "day"]) rows and
#: the quoted source text.
EVENT_POPUP: dict[str, Any] = {
    "title": ["type_label", "sub_type"],
    "fields": [
        ["Where", "where"],
        ["Date", "date", "day"],
        ["Killed", "deaths"],
        ["Injured", "injured"],
        ["Actor", "actor"],
        ["Target", "target"],
        ["Status", "status"],
        ["Location", "located"],
        ["Reported by", "source"],
        ["Dataset", "dataset"],
        ["Event", "event_id"],
    ],
    "text": "sentence",
}


def select_events(events: pd.DataFrame, types: Collection[str] | None) -> pd.DataFrame:
    """Return the rows whose ``event_type`` is in ``types`` (all when None).

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows.
    types : collection of str or None
        Event types to keep.

    Returns
    -------
    pandas.DataFrame
    """
    if types is None or "event_type" not in events:
        return events
    kind = events["event_type"].astype("string").fillna("other")
    return events.loc[kind.isin(list(types)).to_numpy()]


def _map_unique(frame: pd.DataFrame, func: Callable[..., str]) -> pd.Series:
    """Apply ``func`` once per distinct row of ``frame`` (fast on big tables)."""
    n = len(frame)
    if n == 0:
        return pd.Series([], index=frame.index, dtype=object)
    codes = np.zeros(n, dtype=np.int64)
    for name in frame.columns:
        col, uniques = pd.factorize(frame[name], use_na_sentinel=True)
        codes = pd.factorize(codes * (len(uniques) + 1) + col + 1)[0]
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    width = frame.shape[1]
    texts = [func(*(frame.iat[row, j] for j in range(width))) for row in first]
    return pd.Series(np.asarray(texts, dtype=object)[inverse], index=frame.index)


def _none(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _deaths(best: Any, low: Any, high: Any, earlier: Any) -> str:
    best, low, high, earlier = map(_none, (best, low, high, earlier))
    if best is None and low is None and high is None:
        return ""
    if best is None:
        text = (
            f"at least {int(low)}" if high is None else f"{int(low or 0)}–{int(high)}"
        )
    else:
        text = str(int(best))
        if (low is not None and low != best) or (high is not None and high != best):
            lo = "?" if low is None else int(low)
            hi = "?" if high is None else int(high)
            text += f" (range {lo}–{hi})"
    if earlier is not None and earlier != best:
        text += f"; earlier report: {int(earlier)}"
    return text


def _where(place: Any, admin1: Any, country: Any) -> str:
    parts: list[str] = []
    for part in map(_none, (place, admin1, country)):
        if part and str(part) not in parts:
            parts.append(str(part))
    return ", ".join(parts)


def _located(precision: Any, kind: Any) -> str:
    precision = _none(precision)
    if precision is None or int(precision) <= 1:
        return "exact place" if precision is not None else ""
    label = PRECISION_LABELS.get(int(precision), f"precision {precision}")
    shown = "outline shown" if kind == KIND_AREA else "dashed ring shown"
    return f"approximate: {label} ({shown})"


def _get(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype=object)


def _columns(rows: pd.DataFrame) -> dict[str, dict]:
    cols: dict[str, dict] = {
        "lat": encode_numbers(rows["_lat"], scale=COORD_SCALE, delta=True),
        "lon": encode_numbers(rows["_lon"], scale=COORD_SCALE, delta=True),
    }
    kinds = rows["_kind"].to_numpy()
    if kinds.any():
        cols["k"] = encode_numbers(kinds)
    if (kinds == KIND_RING).any():
        cols["rk"] = encode_numbers(rows["_rk"])
    if (rows["_g"] >= 0).any():
        cols["g"] = encode_numbers(rows["_g"])
    if np.isfinite(rows["_olat"].to_numpy("float64")).any():
        cols["olat"] = encode_numbers(rows["_olat"], scale=COORD_SCALE)
        cols["olon"] = encode_numbers(rows["_olon"], scale=COORD_SCALE)
    etype = _get(rows, "event_type").astype("string").fillna("other")
    cols["event_type"] = encode_strings(etype)
    cols["type_label"] = {
        **cols["event_type"],
        "k": [EVENT_LABELS.get(t, t) for t in cols["event_type"]["k"]],
    }
    for name in ("sub_type", "status", "actor", "target", "source", "dataset"):
        cols[name] = encode_strings(_get(rows, name))
    cols["event_id"] = encode_strings(_get(rows, "event_id"))
    cols["sentence"] = encode_strings(_get(rows, "sentence"))
    cols["fatalities"] = encode_numbers(_get(rows, "fatalities"))
    cols["injured"] = encode_numbers(_get(rows, "injured"))
    cols["date"] = encode_days(_get(rows, "date"))
    cols["date_end"] = encode_days(_get(rows, "date_end"))
    deaths = pd.DataFrame(
        {
            c: _get(rows, c)
            for c in ("fatalities", "fatalities_low", "fatalities_high")
            + ("fatalities_earlier",)
        }
    )
    cols["deaths"] = encode_strings(_map_unique(deaths, _deaths))
    where = pd.DataFrame({c: _get(rows, c) for c in ("place", "admin1", "country")})
    cols["where"] = encode_strings(_map_unique(where, _where))
    located = pd.DataFrame({"p": _get(rows, "precision"), "k": rows["_kind"]})
    cols["located"] = encode_strings(_map_unique(located, _located))
    return cols


def _bounds(rows: pd.DataFrame, geoms: list) -> list | None:
    if rows.empty:
        return None
    lat = np.concatenate([rows["_lat"].to_numpy(), rows["_olat"].dropna().to_numpy()])
    lon = np.concatenate([rows["_lon"].to_numpy(), rows["_olon"].dropna().to_numpy()])
    south, west, north, east = lat.min(), lon.min(), lat.max(), lon.max()
    for geom in geoms:
        x0, y0, x1, y1 = geom.bounds
        south, west, north, east = (
            min(south, y0),
            min(west, x0),
            max(north, y1),
            max(east, x1),
        )
    return [[float(south), float(west)], [float(north), float(east)]]


def _legend(rows: pd.DataFrame, status: bool) -> list[dict]:
    types = _get(rows, "event_type").astype("string").fillna("other")
    counts = types.value_counts()
    order = [t for t in EVENT_STYLES if t in counts] + sorted(
        t for t in counts.index if t not in EVENT_STYLES
    )
    items = []
    for t in order:
        style = event_style(t)
        items.append(
            {
                "label": EVENT_LABELS.get(t, str(t)),
                "color": style["color"],
                "shape": style["shape"],
                "kind": "point",
                "count": int(counts[t]),
            }
        )
    if status and "status" in rows:
        present = set(rows["status"].dropna().astype(str))
        base = event_style("offensive")
        for s in ("planned", "ongoing", "done"):
            if s in present:
                variant = {**base, **STATUS_STYLES.get(s, {})}
                items.append(
                    {
                        "label": f"{s.capitalize()} (arrow when origin known)",
                        "color": variant["color"],
                        "kind": "line",
                        "dash": bool(variant.get("dash")),
                    }
                )
    return items


def event_layer(
    events: pd.DataFrame,
    *,
    types: Collection[str] | None,
    name: str,
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    status_styles: bool = False,
    areas: AreaLookup | None = None,
    pane: str = "overlayPane",
    unknown_radius: float | None = None,
) -> CanvasLayer:
    """Build a canvas layer of the events whose type is in ``types``.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows in the event schema (a GeoDataFrame from
        :func:`~conflict_geo.events.schema.events_frame`).
    types : collection of str or None
        ``event_type`` values drawn by this layer (None: all rows).
    name : str
        Layer name in the layer control.
    show, overlay, control : bool
        As for folium layers.
    status_styles : bool, default False
        Dash planned events and grey out finished ones.
    areas : AreaLookup, optional
        Province/country polygon look-up (shared to reuse its cache).
    pane : str, default "overlayPane"
        Leaflet pane of the canvas.
    unknown_radius : float, optional
        Marker radius (px) when the toll is unknown; bases and offensives
        rarely carry one, so their builders make it larger.

    Returns
    -------
    CanvasLayer
        With extra attributes ``unmapped`` (rows not drawn, with ``reason``)
        and ``events`` (rows drawn).
    """
    chosen = select_events(events, types)
    placement = place_events(chosen, areas)
    rows = placement.mapped.sort_values(["_lat", "_lon"], kind="stable")
    payload = make_payload(
        len(rows), _columns(rows), [encode_geometry(g) for g in placement.geoms]
    )
    style: dict[str, Any] = {
        "by": "event_type",
        "values": {t: event_style(t) for t in EVENT_STYLES},
        "fallback": event_style("other"),
    }
    if status_styles:
        style["status"] = STATUS_STYLES
    radius = dict(RADIUS)
    if unknown_radius is not None:
        radius["unknown"] = float(unknown_radius)
    options = {"style": style, "popup": EVENT_POPUP, "radius": radius, "pane": pane}
    layer = CanvasLayer(
        payload,
        options,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        bounds=_bounds(rows, placement.geoms),
        legend=_legend(rows, status_styles),
    )
    layer.events = rows
    layer.unmapped = placement.unmapped
    return layer
