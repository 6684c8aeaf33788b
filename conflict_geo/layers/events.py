"""Build a compact canvas layer from event rows.

The shared machinery behind :func:`~conflict_geo.layers.strikes.strikes_layer`,
:func:`~conflict_geo.layers.offensives.offensives_layer` and the other event
layers: select rows by ``event_type``, place them
(:func:`~conflict_geo.layers.positions.locate_events`), put them in drawing
order, encode the columns a popup needs
(:func:`~conflict_geo.layers.event_columns.event_columns`) and describe the
layer in the legend. The event table is never copied: rows are handled as
positions and only the encoded columns are taken.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.events.schema import event_spans
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import COORD_SCALE, encode_geometry, make_payload
from conflict_geo.layers.event_columns import event_columns, event_days
from conflict_geo.layers.positions import locate_events
from conflict_geo.layers.style import (
    EVENT_STYLES,
    RADIUS,
    STATUS_STYLES,
    SUB_TYPE_STYLES,
    event_style,
    type_label,
)
from conflict_geo.layers.table import EventTable

__all__ = [
    "EVENT_POPUP",
    "EventLayer",
    "drawing_order",
    "event_days",
    "event_layer",
    "event_spans",
    "select_events",
]

#: What an event popup shows: title columns, (label, column[, format[, label
#: column, part]]) rows and the quoted source text. The actor and target rows
#: take their labels from the ``roles`` column ("Side A|Side B" for UCDP).
EVENT_POPUP: dict[str, Any] = {
    "title": ["type_label", "sub_type"],
    "fields": [
        ["Where", "where"],
        ["Date", "date", "when"],
        ["Killed", "deaths"],
        ["Reports", "reported"],
        ["Injured", "injured"],
        ["Actor", "actor", "", "roles", 0],
        ["Target", "target", "", "roles", 1],
        ["Status", "status"],
        ["Scope", "scope"],
        ["Location", "located"],
        ["Reported by", "source"],
        ["Documents", "documents"],
        ["Dataset", "dataset"],
        ["Event", "event_id"],
    ],
    "text": "sentence",
}
#: Largest key a radix sort handles (NumPy sorts 16-bit keys by radix).
_RADIX_MAX = int(np.iinfo(np.uint16).max)


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
    return events.iloc[_type_rows(EventTable(events), types)]


def _type_rows(
    table: EventTable, types: Collection[str] | None, exclude: Collection[str] = ()
) -> np.ndarray:
    """Positions of the rows whose type is in ``types`` and not in ``exclude``."""
    if "event_type" not in table or (types is None and not exclude):
        return np.arange(len(table))
    codes, keys = table.types()
    keep = np.array(
        [(types is None or k in types) and k not in exclude for k in keys], dtype=bool
    )
    return np.flatnonzero(keep[codes])


def _styled_types(types: dict, sub: tuple[np.ndarray, list[str]]) -> dict:
    """Give rows whose sub_type has a style of its own (one-sided violence) it."""
    sub_codes, sub_keys = sub
    if not any(t in types["k"] and s in sub_keys for t, s in SUB_TYPE_STYLES):
        return types
    codes, keys = types["d"].copy(), list(types["k"])
    for (kind, sub_type), style in SUB_TYPE_STYLES.items():
        if kind not in keys or sub_type not in sub_keys:
            continue
        hit = (codes == keys.index(kind)) & (sub_codes == sub_keys.index(sub_type))
        if hit.any():
            if style not in keys:
                keys.append(style)
            codes[hit] = keys.index(style)
    return {"e": "s", "k": keys, "d": codes}


def _subset(codes: np.ndarray, keys: list[str], rows: np.ndarray) -> dict:
    """Make the string column of ``rows`` from codes over the whole table."""
    sub = codes[rows]
    used = np.bincount(sub[sub >= 0], minlength=len(keys)) > 0
    index = np.cumsum(used, dtype=np.int32) - 1
    out = np.where(sub >= 0, index[np.maximum(sub, 0)], -1).astype(np.int32)
    return {"e": "s", "k": [k for k, u in zip(keys, used, strict=True) if u], "d": out}


def _ranks(values: np.ndarray) -> np.ndarray:
    """Dense ranks of ``values``, in the narrowest integer type that holds them."""
    codes, uniques = pd.factorize(values)
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(uniques, kind="stable")] = np.arange(len(uniques))
    dtype = np.uint16 if len(uniques) <= _RADIX_MAX else np.int64
    return rank.astype(dtype)[codes]


def drawing_order(lat: np.ndarray, lon: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Order rows by place (latitude, then longitude), then date, stably.

    Events of one place are in date order (a popup lists the latest first);
    rows of one place and day keep their order. Neighbours in this order are
    alike, which keeps the delta-encoded coordinates small and makes the payload
    compress well (a million resampled UCDP events: 8.4 bytes per event against
    12.6 in place order alone, measured with ``bench_render``). Places are
    compared at the payload's precision
    (:data:`~conflict_geo.layers.compact.COORD_SCALE`); both keys are dense
    ranks, sorted by radix when there are at most 65,535 distinct ones.

    Parameters
    ----------
    lat, lon : numpy.ndarray
        Coordinates in degrees (finite).
    days : numpy.ndarray
        ``datetime64[D]`` dates (NaT last).

    Returns
    -------
    numpy.ndarray
        Row positions in drawing order.

    Examples
    --------
    >>> days = np.array(["2016-02-01", "2016-01-01", "NaT"], "datetime64[D]")
    >>> drawing_order(np.array([36.2, 36.2, 35.0]), np.zeros(3), days).tolist()
    [2, 1, 0]
    """
    if not len(lat):
        return np.empty(0, dtype=np.intp)
    span = 2 * 180 * COORD_SCALE + 1  # longitudes as 0 .. span - 1
    place = np.rint(lat * COORD_SCALE).astype(np.int64) * span + np.rint(
        (lon + 180) * COORD_SCALE
    ).astype(np.int64)
    day = days.astype("datetime64[D]").view(np.int64)  # NaT is the smallest
    day = np.where(np.isnat(days), np.iinfo(np.int64).max, day)
    order = np.argsort(_ranks(day), kind="stable")
    return order[np.argsort(_ranks(place)[order], kind="stable")]


def _bounds(at: dict[str, np.ndarray], geoms: list) -> list | None:
    if not len(at["_lat"]):
        return None
    olat, olon = at["_olat"], at["_olon"]
    lat = np.concatenate([at["_lat"], olat[np.isfinite(olat)]])
    lon = np.concatenate([at["_lon"], olon[np.isfinite(olon)]])
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


def _legend(
    types: dict,
    status: dict | None,
    rollup: np.ndarray,
    reports: np.ndarray | None = None,
) -> list[dict]:
    """Legend items: one per event type drawn, counting incidents and roll-ups apart.

    For fused incidents (``reports``), the reports that tell them are counted
    too: "(5 incidents from 12 reports)".
    """
    size = len(types["k"])
    codes = np.asarray(types["d"])
    incidents = np.bincount(codes[~rollup], minlength=size).tolist()
    rollups = np.bincount(codes[rollup], minlength=size).tolist()
    told = None
    if reports is not None and (np.nan_to_num(reports) > 1).any():
        weights = np.where(np.isnan(reports), 1.0, reports)[~rollup]
        told = np.bincount(codes[~rollup], weights=weights, minlength=size)
    counts = dict(zip(types["k"], zip(incidents, rollups, strict=True), strict=True))
    order = [t for t in EVENT_STYLES if sum(counts.get(t, (0, 0)))] + sorted(
        t for t, c in counts.items() if sum(c) and t not in EVENT_STYLES
    )
    items = []
    for t in order:
        style = event_style(t)
        item = {
            "label": type_label(t),
            "color": style["color"],
            "shape": style["shape"],
            "kind": "point",
            "count": int(counts[t][0]),
        }
        if counts[t][1]:
            item["rollups"] = int(counts[t][1])
        if told is not None and counts[t][0]:
            item["reports"] = int(told[types["k"].index(t)])
        items.append(item)
    if status is not None:
        present = set(status["k"] if status["e"] == "s" else status["d"])
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


class EventLayer(CanvasLayer):
    """The :class:`CanvasLayer` of :func:`event_layer`, with its rows.

    The drawn rows are taken from the event table only when :attr:`events` is
    first read, so building a map never copies the table.

    Parameters
    ----------
    payload, options
        As for :class:`CanvasLayer`.
    source : tuple, optional
        ``(events, rows, placement)``: the event table, positions of the drawn
        rows in drawing order and their placement columns (``_lat``...).
    unmapped : pandas.DataFrame, optional
        Rows of the chosen types that are not drawn, with a ``reason``.
    **kwargs
        Other :class:`CanvasLayer` arguments.

    Attributes
    ----------
    unmapped : pandas.DataFrame
        Rows of the chosen types that are not drawn, with a ``reason``.
    """

    def __init__(
        self,
        payload: dict,
        options: dict,
        *,
        source: tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray]] | None = None,
        unmapped: pd.DataFrame | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(payload, options, **kwargs)
        self._source = source
        self._events: pd.DataFrame | None = None
        self.unmapped = pd.DataFrame() if unmapped is None else unmapped

    @property
    def events(self) -> pd.DataFrame:
        """The drawn rows in drawing order, with the placement columns.

        Returns
        -------
        pandas.DataFrame
            Rows of the event table (index kept) plus ``_lat``, ``_lon``,
            ``_olat``, ``_olon``, ``_kind``, ``_rk`` and ``_g``.
        """
        if self._events is None:
            if self._source is None:
                return pd.DataFrame()
            frame, rows, placement = self._source
            out = frame.iloc[rows].copy()
            for name, values in placement.items():
                out[name] = values
            self._events = out
        return self._events

    @events.setter
    def events(self, value: pd.DataFrame) -> None:
        self._events = value

    def points(self, columns: Collection[str] = ()) -> pd.DataFrame:
        """Return where the drawn rows are, with a few of their columns.

        Much cheaper than :attr:`events` for a large table: only ``columns`` are
        taken from it.

        Parameters
        ----------
        columns : collection of str
            Columns of the event table to add (absent ones are skipped).

        Returns
        -------
        pandas.DataFrame
            ``_lat``, ``_lon`` and ``columns``, in drawing order.
        """
        if self._source is None:
            return pd.DataFrame({"_lat": [], "_lon": []})
        frame, rows, placement = self._source
        out = {"_lat": placement["_lat"], "_lon": placement["_lon"]}
        for name in columns:
            if name in frame:
                out[name] = frame[name].to_numpy()[rows]
        return pd.DataFrame(out)

    def copy(self) -> EventLayer:
        """Return a new layer with the same rows and options, on no map.

        Returns
        -------
        EventLayer
        """
        twin = EventLayer(
            self.payload,
            {k: v for k, v in self.options.items() if k != "title"},
            source=self._source,
            unmapped=self.unmapped,
            name=self.title,
            show=self.show,
            overlay=self.overlay,
            control=self.control,
            bounds=self.bounds,
            legend=self.legend,
        )
        twin._events = self._events
        return twin


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
    exclude: Collection[str] = (),
    table: EventTable | None = None,
) -> EventLayer:
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
    exclude : collection of str, default ()
        ``event_type`` values never drawn by this layer (a missing type is
        ``"other"``).
    table : EventTable, optional
        The columns of ``events`` converted once, shared by the layers drawn
        from one table.

    Returns
    -------
    EventLayer
        With extra attributes ``unmapped`` (rows not drawn, with ``reason``)
        and ``events`` (rows drawn).
    """
    if table is None or table.frame is not events:
        table = EventTable(events)
    chosen = _type_rows(table, types, exclude)
    where = locate_events(events, chosen, areas, table=table)
    order = drawing_order(where.lat, where.lon, table.days("date")[where.mapped])
    rows = where.mapped[order]
    at = {
        "_lat": where.lat[order],
        "_lon": where.lon[order],
        "_olat": where.olat[order],
        "_olon": where.olon[order],
        "_kind": where.kind[order],
        "_rk": where.ring[order],
        "_g": where.g[order],
    }
    sub_types = table.codes("sub_type", rows)
    types_col = _styled_types(_subset(*table.types(), rows), sub_types)
    cols = event_columns(table, rows, at, types_col, sub_types)
    payload = make_payload(len(rows), cols, [encode_geometry(g) for g in where.geoms])
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
    lost = where.rows[~where.ok]
    unmapped = events.iloc[lost] if len(lost) else events.iloc[:0]
    return EventLayer(
        payload,
        options,
        source=(events, rows, at),
        unmapped=unmapped.assign(reason=where.reason[~where.ok].astype(str)),
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        bounds=_bounds(at, where.geoms),
        legend=_legend(
            types_col,
            cols["status"] if status_styles else None,
            table.flags("aggregate")[rows],
            table.floats("reports")[rows] if "reports" in table else None,
        ),
    )
