"""Encode the columns an event layer draws and shows in its popups.

:func:`event_columns` turns the drawn rows of an event table into the compact
columns of a layer payload (:mod:`conflict_geo.layers.compact`): placements,
types, the texts of the popup, tolls and dates. Texts derived from several
columns (the toll with its range, the place with its province and country, how
precisely it is located) are formatted once per distinct combination, never
once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.events.schema import PERIODS, PRECISION_LABELS, event_spans
from conflict_geo.layers.compact import (
    COORD_SCALE,
    column_values,
    encode_days,
    encode_numbers,
    encode_strings,
    factorize,
    first_rows,
    string_column,
)
from conflict_geo.layers.positions import KIND_AREA, KIND_RING
from conflict_geo.layers.style import DEFAULT_ROLES, ROLE_LABELS, type_label
from conflict_geo.layers.table import EventTable

__all__ = ["ROLLUP_SCOPE", "event_columns", "event_days"]

#: What the popup says of a roll-up ("89 killed this week in Idlib").
ROLLUP_SCOPE = "roll-up over several incidents (not counted as one)"
#: String columns shown in popups as they are.
_TEXT_COLUMNS = ("status", "actor", "target", "source")
#: Death toll columns: best estimate, range, an earlier report.
_TOLLS = ("fatalities", "fatalities_low", "fatalities_high", "fatalities_earlier")


def _none(v: Any) -> Any:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v


def _roles(dataset: Any) -> str:
    return "|".join(ROLE_LABELS.get(_none(dataset) or "", DEFAULT_ROLES))


def _map_unique(
    columns: Sequence[np.ndarray | tuple[np.ndarray, list[str]]],
    func: Callable[..., str],
) -> tuple[np.ndarray, list[str]]:
    """Apply ``func`` once per distinct row of ``columns``: codes and texts.

    A column is an array of values or ``(codes, keys)`` from :func:`factorize`
    (its values are then the keys, ``None`` where missing). Rows equal to the
    row before them (runs, in drawing order) are only looked at once.
    """
    arrays = [col[0] if isinstance(col, tuple) else col for col in columns]
    n = len(arrays[0])
    if n == 0:
        return np.empty(0, dtype=np.int32), []
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for values in arrays:
        if values.dtype.kind == "f":  # by bits: NaN equals NaN
            values = values.view(f"i{values.dtype.itemsize}")
        change[1:] |= values[1:] != values[:-1]
    heads = np.flatnonzero(change)
    combined = np.zeros(len(heads), dtype=np.int64)
    getters: list[tuple[np.ndarray | None, Any]] = []
    for col in columns:
        if isinstance(col, tuple):
            codes, keys = col[0][heads], col[1]
            width = len(keys)
            getters.append((codes, [*keys, None]))  # code -1 picks None
        else:
            values = col[heads]
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            width = len(uniques)
            getters.append((None, values))
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
    return np.repeat(codes[combined], np.diff(heads, append=n)), keys


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


def _spans(
    start: np.ndarray, end: np.ndarray, codes: np.ndarray, keys: list[str]
) -> np.ndarray:
    """:func:`~conflict_geo.events.schema.event_spans`, precisions as codes.

    The rows dated to a week, a month or a year are found from the codes (a
    million rows: no string comparison per row) and only they are spanned.
    """
    periods = np.array([*(k in PERIODS for k in keys), False])  # -1: missing
    loose = periods[codes]
    last = np.where(np.isnat(end) | (end < start), start, end)
    if loose.any():  # few rows: most events are dated to a day
        kinds = np.asarray([*keys, ""], dtype=object)[codes[loose]]
        last[loose] = event_spans(start[loose], end[loose], kinds)
    return last


def _dates(table: EventTable, rows: np.ndarray, cols: dict[str, dict]) -> None:
    """Add ``date`` (first day), ``span`` (days to the last) and the precision."""
    start = table.days("date")[rows]
    prec = table.codes("date_precision", rows)
    last = _spans(start, table.days("date_end")[rows], *prec)
    cols["date"] = encode_days(start)
    span = (last - start).view(np.int64)  # NaT - day is NaT: MISSING
    cols["span"] = {"e": "n", "d": span}
    cols["date_precision"] = string_column(*prec)


def _fused_columns(table: EventTable, rows: np.ndarray, cols: dict) -> None:
    """Add ``reported`` and ``documents`` for incidents told by several reports.

    "reported by 4 dispatches: 16 → 22 → 26 → 35 killed", and the documents
    or dataset rows that tell it (:func:`~conflict_geo.incidents.fuse.fuse`).
    """
    if "reports" not in table or not len(rows):
        return
    reports = table.floats("reports")[rows]
    several = np.nan_to_num(reports) > 1
    if not several.any():
        return
    history = table.objects("fatalities_history")[rows]
    told = np.full(len(rows), None, dtype=object)
    told[several] = [_tolls_text(h) for h in history[several]]
    sets = table.codes("dataset", rows)
    cols["reported"] = string_column(*_map_unique([reports, told, sets], _reported))
    docs = table.objects("docs")[rows]
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


def _placement(at: dict[str, np.ndarray]) -> dict[str, dict]:
    """Columns of where and how rows are drawn (see ``positions``)."""
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
    return cols


def event_columns(
    table: EventTable,
    rows: np.ndarray,
    at: dict[str, np.ndarray],
    types: dict,
    sub_types: tuple[np.ndarray, list[str]],
) -> dict[str, dict]:
    """Encode the columns drawn and shown in popups for ``rows`` of a table.

    Parameters
    ----------
    table : EventTable
        The event table.
    rows : numpy.ndarray
        Positions of the drawn rows, in drawing order.
    at : dict
        Their placement arrays (``_lat``, ``_lon``, ``_kind``...).
    types : dict
        Their ``event_type`` column, one-sided violence apart (the style key).
    sub_types : tuple
        Codes and keys of their ``sub_type``.

    Returns
    -------
    dict
        Encoded columns by name.
    """
    cols = _placement(at)
    cols["event_type"] = types
    cols["type_label"] = {**types, "k": [type_label(t) for t in types["k"]]}
    cols["sub_type"] = string_column(*sub_types)
    for name in _TEXT_COLUMNS:
        cols[name] = string_column(*table.codes(name, rows))
    sets, names = table.codes("dataset", rows)
    cols["dataset"] = string_column(sets, names)
    cols["roles"] = {"e": "s", "k": [_roles(k) for k in names], "d": sets}
    cols["event_id"] = encode_strings(table.objects("event_id")[rows], raw=True)
    cols["sentence"] = string_column(*table.codes("sentence", rows))
    tolls = [table.floats(name)[rows] for name in _TOLLS]
    cols["fatalities"] = encode_numbers(tolls[0])
    cols["injured"] = encode_numbers(table.floats("injured")[rows])
    _dates(table, rows, cols)
    cols["deaths"] = string_column(*_map_unique(tolls, _deaths))
    where = [table.codes(name, rows) for name in ("place", "admin1", "country")]
    cols["where"] = string_column(*_map_unique(where, _where))
    located = [table.floats("precision")[rows], at["_kind"]]
    cols["located"] = string_column(*_map_unique(located, _located))
    _fused_columns(table, rows, cols)
    rollup = table.flags("aggregate")[rows]
    if rollup.any():
        cols["scope"] = string_column(
            np.where(rollup, 0, -1).astype(np.int32), [ROLLUP_SCOPE]
        )
    return cols
