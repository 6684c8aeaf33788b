"""Build a compact canvas layer from event rows.

The shared machinery behind :func:`~conflict_geo.layers.strikes.strikes_layer`,
:func:`~conflict_geo.layers.offensives.offensives_layer` and the other event
layers: select rows by ``event_type``, place them
(:func:`~conflict_geo.layers.positions.locate_events`), encode the columns a
popup needs and describe the layer in the legend. The event table is never
copied: rows are handled as positions and only the encoded columns are taken.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.events.schema import PRECISION_LABELS, event_spans
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import (
    COORD_SCALE,
    column_values,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    factorize,
    first_rows,
    float_values,
    make_payload,
    string_column,
)
from conflict_geo.layers.positions import KIND_AREA, KIND_RING, locate_events
from conflict_geo.layers.style import (
    DEFAULT_ROLES,
    EVENT_LABELS,
    EVENT_STYLES,
    RADIUS,
    ROLE_LABELS,
    STATUS_STYLES,
    SUB_TYPE_STYLES,
    event_style,
)

__all__ = [
    "EVENT_POPUP",
    "EventLayer",
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
    return events.iloc[_type_rows(events, types)]


def _type_codes(events: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """``event_type`` as codes and keys, a missing type being ``"other"``."""
    if "event_type" not in events:
        return np.zeros(len(events), dtype=np.int32), ["other"]
    codes, keys = factorize(events["event_type"])
    missing = codes < 0
    if missing.any():
        if "other" not in keys:
            keys.append("other")
        codes[missing] = keys.index("other")
    return codes, keys


def _type_rows(
    events: pd.DataFrame,
    types: Collection[str] | None,
    exclude: Collection[str] = (),
    coded: tuple[np.ndarray, list[str]] | None = None,
) -> np.ndarray:
    """Positions of the rows whose type is in ``types`` and not in ``exclude``."""
    if "event_type" not in events or (types is None and not exclude):
        return np.arange(len(events))
    codes, keys = coded or _type_codes(events)
    keep = np.array(
        [(types is None or k in types) and k not in exclude for k in keys], dtype=bool
    )
    return np.flatnonzero(keep[codes])


def _styled_types(events: pd.DataFrame, rows: np.ndarray, types: dict) -> dict:
    """Give rows whose sub_type has a style of its own (one-sided violence) it."""
    if "sub_type" not in events or not any(t in types["k"] for t, _ in SUB_TYPE_STYLES):
        return types
    sub_codes, sub_keys = _coded(events, "sub_type", rows)
    codes, keys = types["d"].copy(), list(types["k"])
    for (kind, sub), style in SUB_TYPE_STYLES.items():
        if kind not in keys or sub not in sub_keys:
            continue
        hit = (codes == keys.index(kind)) & (sub_codes == sub_keys.index(sub))
        if hit.any():
            if style not in keys:
                keys.append(style)
            codes[hit] = keys.index(style)
    return {"e": "s", "k": keys, "d": codes}


def _roles(dataset: Any) -> str:
    return "|".join(ROLE_LABELS.get(_none(dataset) or "", DEFAULT_ROLES))


def _subset(codes: np.ndarray, keys: list[str], rows: np.ndarray) -> dict:
    """Make the string column of ``rows`` from codes over the whole table."""
    sub = codes[rows]
    used = np.bincount(sub[sub >= 0], minlength=len(keys)) > 0
    index = np.cumsum(used, dtype=np.int32) - 1
    out = np.where(sub >= 0, index[np.maximum(sub, 0)], -1).astype(np.int32)
    return {"e": "s", "k": [k for k, u in zip(keys, used, strict=True) if u], "d": out}


def _map_unique(
    columns: Sequence[np.ndarray | tuple[np.ndarray, list[str]]],
    func: Callable[..., str],
) -> tuple[np.ndarray, list[str]]:
    """Apply ``func`` once per distinct row of ``columns``: codes and texts.

    A column is an array of values or ``(codes, keys)`` from :func:`factorize`
    (its values are then the keys, ``None`` where missing).
    """
    n = len(columns[0][0] if isinstance(columns[0], tuple) else columns[0])
    if n == 0:
        return np.empty(0, dtype=np.int32), []
    combined = np.zeros(n, dtype=np.int64)
    getters: list[tuple[np.ndarray | None, Any]] = []
    for col in columns:
        if isinstance(col, tuple):
            codes, keys = col
            width = len(keys)
            getters.append((codes, [*keys, None]))  # code -1 picks None
        else:
            codes, uniques = pd.factorize(col, use_na_sentinel=True)
            width = len(uniques)
            getters.append((None, col))
        combined = pd.factorize(combined * (width + 1) + codes + 1)[0]
    first = first_rows(combined).tolist()
    args = [
        [values[c] for c in codes[first].tolist()]
        if codes is not None
        else values[first].tolist()
        for codes, values in getters
    ]
    texts = [func(*row) for row in zip(*args, strict=True)]
    codes, keys = factorize(texts)
    return codes[combined], keys


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
    code = int(precision) if float(precision).is_integer() else precision
    label = PRECISION_LABELS.get(int(precision), f"precision {code}")
    shown = "outline shown" if kind == KIND_AREA else "dashed ring shown"
    return f"approximate: {label} ({shown})"


def _objects(frame: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    if name not in frame:
        return np.full(len(rows), None, dtype=object)
    return frame[name].to_numpy(dtype=object)[rows]


def _coded(
    frame: pd.DataFrame, name: str, rows: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Codes and keys of the column ``name`` at ``rows`` (missing when absent)."""
    if name not in frame:
        return np.full(len(rows), -1, dtype=np.int32), []
    return factorize(frame[name], rows)


def _strings(frame: pd.DataFrame, name: str, rows: np.ndarray) -> dict:
    """Encode the string column ``name`` at ``rows``."""
    return string_column(*_coded(frame, name, rows))


def _floats(frame: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    if name not in frame:
        return np.full(len(rows), np.nan)
    return float_values(frame[name])[rows]


def _datetimes(frame: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    """Return the dates of column ``name`` at ``rows`` (NaT when absent)."""
    if name not in frame:
        return np.full(len(rows), np.datetime64("NaT", "D"))
    values = frame[name]
    if values.dtype.kind != "M":
        values = pd.to_datetime(values, errors="coerce")
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None)
    return values.to_numpy("datetime64[s]")[rows].astype("datetime64[D]")


def _dates(events: pd.DataFrame, rows: np.ndarray, cols: dict[str, dict]) -> None:
    """Add ``date`` (first day), ``span`` (days to the last) and the precision."""
    start = _datetimes(events, "date", rows)
    prec = _coded(events, "date_precision", rows)
    keys = np.array([*prec[1], ""], dtype=object)
    last = event_spans(start, _datetimes(events, "date_end", rows), keys[prec[0]])
    cols["date"] = encode_days(start)
    span = (last - start).astype("float64")
    span[np.isnat(start)] = np.nan
    cols["span"] = encode_numbers(span)
    cols["date_precision"] = string_column(*prec)


def event_days(payload: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the first and last day numbers of a layer's events.

    Parameters
    ----------
    payload : dict
        An event layer's payload.

    Returns
    -------
    tuple of numpy.ndarray
        Day numbers since 1970-01-01 as floats, NaN when undated.
    """
    cols = payload.get("cols", {})
    if "date" not in cols:
        return np.empty(0), np.empty(0)
    first = column_values(cols["date"])
    span = column_values(cols["span"]) if "span" in cols else np.zeros(len(first))
    return first, first + np.nan_to_num(span)


def _columns(
    events: pd.DataFrame, rows: np.ndarray, at: dict[str, np.ndarray], types: dict
) -> dict[str, dict]:
    """Encode the columns drawn and shown in popups for ``rows`` of ``events``.

    ``at`` holds the placement arrays of the rows (``_lat``, ``_kind``...) and
    ``types`` the ``event_type`` column.
    """
    cols: dict[str, dict] = {
        "lat": encode_numbers(at["_lat"], scale=COORD_SCALE, delta=True),
        "lon": encode_numbers(at["_lon"], scale=COORD_SCALE, delta=True),
    }
    kinds = at["_kind"]
    if kinds.any():
        cols["k"] = encode_numbers(kinds)
    if (kinds == KIND_RING).any():
        cols["rk"] = encode_numbers(at["_rk"])
    if (at["_g"] >= 0).any():
        cols["g"] = encode_numbers(at["_g"])
    if np.isfinite(at["_olat"]).any():
        cols["olat"] = encode_numbers(at["_olat"], scale=COORD_SCALE)
        cols["olon"] = encode_numbers(at["_olon"], scale=COORD_SCALE)
    cols["event_type"] = types
    cols["type_label"] = {**types, "k": [EVENT_LABELS.get(t, t) for t in types["k"]]}
    for name in ("sub_type", "status", "actor", "target", "source", "dataset"):
        cols[name] = _strings(events, name, rows)
    sets, names = _coded(events, "dataset", rows)
    cols["roles"] = {"e": "s", "k": [_roles(k) for k in names], "d": sets}
    cols["event_id"] = encode_strings(_objects(events, "event_id", rows), raw=True)
    cols["sentence"] = _strings(events, "sentence", rows)
    tolls = {
        c: _floats(events, c, rows)
        for c in ("fatalities", "fatalities_low", "fatalities_high")
        + ("fatalities_earlier",)
    }
    cols["fatalities"] = encode_numbers(tolls["fatalities"])
    cols["injured"] = encode_numbers(_floats(events, "injured", rows))
    _dates(events, rows, cols)
    cols["deaths"] = string_column(*_map_unique(list(tolls.values()), _deaths))
    where = [_coded(events, c, rows) for c in ("place", "admin1", "country")]
    cols["where"] = string_column(*_map_unique(where, _where))
    located = [_floats(events, "precision", rows), kinds]
    cols["located"] = string_column(*_map_unique(located, _located))
    _fused_columns(events, rows, cols)
    rollup = _rollups(events, rows)
    if rollup.any():
        cols["scope"] = string_column(
            np.where(rollup, 0, -1).astype(np.int32), [ROLLUP_SCOPE]
        )
    return cols


def _fused_columns(events: pd.DataFrame, rows: np.ndarray, cols: dict) -> None:
    """Add ``reported`` and ``documents`` for incidents told by several reports.

    "reported by 4 dispatches: 16 → 22 → 26 → 35 killed", and the documents
    or dataset rows that tell it (:func:`~conflict_geo.incidents.fuse.fuse`).
    """
    if "reports" not in events or not len(rows):
        return
    reports = _floats(events, "reports", rows)
    several = np.nan_to_num(reports) > 1
    if not several.any():
        return
    history = _objects(events, "fatalities_history", rows)
    told = np.full(len(rows), None, dtype=object)
    told[several] = [_tolls_text(h) for h in history[several]]
    sets = _coded(events, "dataset", rows)
    cols["reported"] = string_column(*_map_unique([reports, told, sets], _reported))
    docs = _objects(events, "docs", rows)
    named = np.full(len(rows), None, dtype=object)
    named[several] = [_documents(d) for d in docs[several]]
    cols["documents"] = string_column(*factorize(named))


def _tolls_text(history: Any) -> str | None:
    if not isinstance(history, tuple | list) or not history:
        return None
    return " → ".join(str(int(v)) for v in history)


def _documents(docs: Any) -> str | None:
    """Document names without their folders, dataset ids as they are."""
    if not isinstance(docs, tuple | list) or not docs:
        return None
    return ", ".join(str(d).replace("\\", "/").rsplit("/", 1)[-1] for d in docs)


def _reported(n: Any, tolls: Any, dataset: Any) -> str:
    """Say how many reports tell an incident, and the tolls they gave.

    Examples
    --------
    >>> _reported(4.0, "16 → 22 → 26 → 35", "text")
    'reported by 4 dispatches: 16 → 22 → 26 → 35 killed'
    >>> _reported(2.0, None, "text+ucdp"), _reported(1.0, "3", "text")
    ('reported by 2 reports', '')
    """
    n = _none(n)
    if n is None or n <= 1:
        return ""
    words = "dispatches" if _none(dataset) == "text" else "reports"
    text = f"reported by {int(n)} {words}"
    return f"{text}: {tolls} killed" if _none(tolls) else text


#: What the popup says of a roll-up ("89 killed this week in Idlib").
ROLLUP_SCOPE = "roll-up over several incidents (not counted as one)"


def _rollups(events: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Whether each drawn row is a roll-up (``aggregate``) rather than an incident."""
    if "aggregate" not in events:
        return np.zeros(len(rows), dtype=bool)
    flags = events["aggregate"].eq(True).fillna(False)
    return flags.to_numpy(dtype=bool)[rows]


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
            "label": EVENT_LABELS.get(t, str(t)),
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

    Returns
    -------
    EventLayer
        With extra attributes ``unmapped`` (rows not drawn, with ``reason``)
        and ``events`` (rows drawn).
    """
    codes, keys = _type_codes(events)
    chosen = _type_rows(events, types, exclude, (codes, keys))
    where = locate_events(events, chosen, areas)
    order = np.lexsort((where.lon, where.lat))
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
    types_col = _styled_types(events, rows, _subset(codes, keys, rows))
    # An empty layer reads its (empty) columns from an empty table.
    cols = _columns(events if len(rows) else events.iloc[:0], rows, at, types_col)
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
            _rollups(events, rows),
            _floats(events, "reports", rows) if "reports" in events else None,
        ),
    )
