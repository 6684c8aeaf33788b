"""Fuse the reports of one incident across dispatches and datasets.

An analyst maps a day's or a month's wires: the same air strike told by four
outlets with tolls 16, 22, 26 and 35 must be one incident with the latest
toll and its history, not four markers. :func:`fuse` takes any event table
(text extraction, UCDP GED, ACLED, our GeoJSON, or a mix) and returns one row
per incident:

* two reports join when their types are of one family, their places are the
  same or one lies inside the other's area or uncertainty, their dates fit a
  window, and their actors are of no opposite camps
  (:mod:`conflict_geo.incidents.compare`; every threshold is a parameter);
* reports are grouped in an order of their content, through a date sweep and
  a spatial grid (:mod:`conflict_geo.incidents.cluster`): the same reports in
  any order give the same incidents, and 100,000 reports take seconds;
* each incident keeps the most precise place, the latest toll and every toll
  (:mod:`conflict_geo.incidents.merge`), ``reports`` and ``docs``.

Reports in different countries or of different families never join, so the
work splits into independent parts by family and country: under an engine
(:mod:`conflict_geo.batch.engines`, Dask included) each part runs as a task,
and the incidents are the same as in this process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from conflict_geo.exc import InputError
from conflict_geo.incidents.cluster import cluster_reports
from conflict_geo.incidents.compare import (
    ANCHOR_SPAN_DAYS,
    DATE_WINDOW_DAYS,
    DURATIVE_DAYS,
    Rules,
)
from conflict_geo.incidents.merge import merge_reports
from conflict_geo.incidents.reports import UNDATED, report_table

if TYPE_CHECKING:
    import geopandas

    from conflict_geo.batch.engines import Engine

__all__ = ["event_table", "fuse", "fuse_part"]


def fuse_part(table: pd.DataFrame, rules: Rules) -> tuple[np.ndarray, dict]:
    """Cluster one part of a report table (a task an engine can run).

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of :func:`~conflict_geo.incidents.reports.report_table` of one
        family and country.
    rules : Rules
        The thresholds.

    Returns
    -------
    tuple
        As :func:`~conflict_geo.incidents.cluster.cluster_reports`.
    """
    return cluster_reports(table, rules)


def _parts(table: pd.DataFrame) -> list[pd.DataFrame]:
    """Split the reports into parts that cannot join each other, sorted."""
    keys = [
        f"{fam}|{p.country or ''}"
        for fam, p in zip(table["family"], table["place"], strict=True)
    ]
    codes, uniques = pd.factorize(pd.Series(keys, index=table.index), sort=True)
    return [table[codes == k] for k in range(len(uniques))]


def _labels(
    table: pd.DataFrame, rules: Rules, engine: Engine | None
) -> tuple[np.ndarray, dict]:
    """Cluster every part, here or on ``engine``; one label per row."""
    parts = _parts(table)
    if engine is None:
        results = [fuse_part(part, rules) for part in parts]
    else:
        results = [None] * len(parts)
        for pos, result in engine.map(fuse_part, [(part, rules) for part in parts]):
            if isinstance(result, BaseException):
                raise result
            results[pos] = result
    labels = np.empty(len(table), dtype=np.int64)
    notes: dict[int, str] = {}
    offset = 0
    for part, (local, why) in zip(parts, results, strict=True):
        labels[part.index.to_numpy()] = local + offset
        offset += int(local.max()) + 1 if len(local) else 0
        notes.update(why)
    return labels, notes


def _report_days(table: pd.DataFrame) -> list[tuple[int, int] | None]:
    """Return when each row was reported: its document's date, else its own.

    A document known to carry no date gives None: its report may be the
    latest, as an undated row's may.
    """
    spans = zip(
        table["start"], table["end"], table["dated"], table["published"], strict=True
    )
    out: list[tuple[int, int] | None] = []
    for a, b, ok, published in spans:
        if published == UNDATED:
            out.append(None)  # an undated document: it may be the latest
        else:
            out.append(published or ((int(a), int(b)) if ok else None))
    return out


def _records(frame: pd.DataFrame, positions: np.ndarray) -> list[dict[str, Any]]:
    """Return rows of the event table as dicts of Python values (nulls as None)."""
    names = [c for c in frame.columns if c != frame.geometry.name]
    columns = [_objects(frame[c].iloc[positions]) for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _objects(values: pd.Series) -> list[Any]:
    """Return a column as Python values, nulls as None (tuples kept)."""
    if values.dtype == object:
        return [None if v is None or v is pd.NA or v != v else v for v in values]
    return values.to_numpy(dtype=object, na_value=None).tolist()


def _incident_ids(groups: list[np.ndarray], digests: np.ndarray) -> list[str]:
    """Name each incident from its reports' contents (order-free, unique)."""
    ids, seen = [], {}
    for members in groups:
        text = "\x1f".join(sorted(digests[members].tolist()))
        base = "inc-" + hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
        count = seen.get(base, 0)
        seen[base] = count + 1
        ids.append(base if count == 0 else f"{base}-{count + 1}")
    return ids


def event_table(events: Any) -> geopandas.GeoDataFrame:
    """Return an event table as a GeoDataFrame with every schema column.

    Parameters
    ----------
    events : pandas.DataFrame
        An event table; a plain DataFrame, or one written before the fusion
        columns existed, is rebuilt with the missing columns null.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326, indexed from 0.

    Raises
    ------
    InputError
        ``events`` is not a DataFrame.
    """
    import geopandas

    from conflict_geo.events.schema import EVENT_COLUMNS, events_frame

    if not isinstance(events, pd.DataFrame):
        raise InputError(f"expected an event table, got {type(events).__name__}")
    if not isinstance(events, geopandas.GeoDataFrame) or any(
        c not in events.columns for c in EVENT_COLUMNS
    ):
        known = [c for c in events.columns if c in EVENT_COLUMNS]
        frame = pd.DataFrame(events)[known]
        frame = frame.astype(object).where(frame.notna(), None)
        return events_frame(frame.to_dict("records"))
    if events.crs is not None and not events.crs.equals("EPSG:4326"):
        events = events.to_crs("EPSG:4326")
    return events.reset_index(drop=True)


def fuse(
    events: geopandas.GeoDataFrame,
    *,
    days: int = DATE_WINDOW_DAYS,
    durative_days: int = DURATIVE_DAYS,
    place_km: Mapping[int, float] | None = None,
    undated: bool = True,
    anchor_span_days: int = ANCHOR_SPAN_DAYS,
    report_dates: Mapping[str, Any] | None = None,
    engine: Engine | None = None,
    return_members: bool = False,
) -> Any:
    """Fuse the reports of one incident into one row.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        Any event table (:data:`~conflict_geo.events.schema.EVENT_COLUMNS`):
        text extraction of many documents, UCDP GED, ACLED, our GeoJSON (a
        fused table too: its ``docs`` are kept), or a mix. A text row's report
        is its ``doc``; a dataset row is a report of its own.
    days : int, default 3
        Most days between the dates of two reports of one incident (see
        :data:`~conflict_geo.incidents.compare.DATE_WINDOW_DAYS`).
    durative_days : int, default 30
        The same for offensives, sieges, bases and holding claims.
    place_km : mapping of int to float, optional
        Reach of a point by precision, in km (see
        :data:`~conflict_geo.incidents.compare.PLACE_KM`: 5 km for a place,
        25 km for "within about 25 km").
    undated : bool, default True
        Let reports with no date join on place, type and actors alone (only
        the one incident that fits them, else other undated reports of the
        place); False keeps each an incident of its own.
    anchor_span_days : int, default 7
        Reports dated to a longer period (a month, a year) never found an
        incident: they join the one incident dated reports found that fits
        them (see :data:`~conflict_geo.incidents.compare.ANCHOR_SPAN_DAYS`).
    report_dates : mapping of str to date, optional
        When each document was published (``doc`` -> ``YYYY-MM-DD``, a date,
        ...): the latest report's toll is the incident's, and a row dated to
        another day than its document gives the day of the event itself (two
        reports that give two different days tell two incidents: a strike on
        Thursday, another on Friday). By default a row's own date stands for
        when it was reported. Dataset rows dated to one day give their day.
    engine : Engine, optional
        Run the parts of the work as tasks, Dask included (see
        :func:`~conflict_geo.batch.engines.make_engine`); the incidents are
        the same.
    return_members : bool, default False
        Also return the input rows with their ``incident_id``.

    Returns
    -------
    geopandas.GeoDataFrame or (geopandas.GeoDataFrame, geopandas.GeoDataFrame)
        One row per incident in the event schema, its ``event_id`` the
        ``incident_id``, with ``reports``, ``docs``, the latest toll in
        ``fatalities`` and every toll in ``fatalities_history``, ordered by
        first report. ``attrs["fusion"]`` lists the reports fusion could not
        treat fully — no date, no place, fitting several incidents — as
        ``{"row", "event_id", "doc", "incident_id", "reason"}`` (``row`` 1 is
        the first input row): none is dropped. ``attrs["unmapped"]`` is the
        input's. With ``return_members``, also the input rows with an
        ``incident_id`` column.

    Raises
    ------
    InputError
        ``events`` is not an event table, or a parameter is out of range.

    Examples
    --------
    >>> from conflict_geo.events.schema import events_frame
    >>> hass = {"event_type": "strike", "lat": 35.6161, "lon": 36.5907,
    ...         "precision": 1, "country": "SY", "status": "done"}
    >>> reports = events_frame([
    ...     {**hass, "doc": "afp", "date": "2016-10-26", "fatalities": 22},
    ...     {**hass, "doc": "rfi", "date": "2016-10-27", "fatalities": 35},
    ... ])
    >>> one = fuse(reports)
    >>> one[["reports", "fatalities", "fatalities_history", "docs"]].values.tolist()
    [[2, 35, (22, 35), ('afp', 'rfi')]]
    """
    rules = Rules(
        days=days,
        durative_days=durative_days,
        place_km={**Rules().place_km, **(place_km or {})},
        undated=undated,
        anchor_span_days=anchor_span_days,
    )
    frame = event_table(events)
    table = report_table(frame, report_dates)
    labels, notes = _labels(table, rules, engine)
    fused, ids = _incidents(frame, table, labels)
    fused.attrs["unmapped"] = list(events.attrs.get("unmapped") or [])
    fused.attrs["fusion"] = _report(frame, notes, ids)
    if not return_members:
        return fused
    members = frame.copy()
    members["incident_id"] = pd.array(ids, dtype="string")
    return fused, members


def _groups(labels: np.ndarray, keys: np.ndarray) -> list[np.ndarray]:
    """Positions of each incident's reports, incidents by first report."""
    order = np.lexsort((keys, labels))
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    groups = [g for g in np.split(order, bounds) if len(g)]
    return sorted(groups, key=lambda g: keys[g[0]])


def _incidents(
    frame: geopandas.GeoDataFrame, table: pd.DataFrame, labels: np.ndarray
) -> tuple[geopandas.GeoDataFrame, list[str]]:
    """Build the incident table; return it and each input row's incident id."""
    keys = table["key"].to_numpy()
    groups = _groups(labels, keys)
    ids = _incident_ids(groups, table["digest"].to_numpy())
    of = np.empty(len(frame), dtype=object)
    for members, incident in zip(groups, ids, strict=True):
        of[members] = incident
    reports = table["reports"].tolist()
    several = [n for n, g in enumerate(groups) if len(g) > 1]
    alone = [n for n, g in enumerate(groups) if len(g) == 1]
    merged = _merged(
        frame,
        table,
        [groups[n] for n in several],
        [ids[n] for n in several],
    )
    lone = [int(groups[n][0]) for n in alone]
    single = _alone(frame, lone, [ids[n] for n in alone], [reports[p] for p in lone])
    fused = pd.concat([merged, single], ignore_index=True)
    rank = np.argsort(np.array(several + alone, dtype=np.int64), kind="stable")
    return fused.iloc[rank].reset_index(drop=True), of.tolist()


def _merged(
    frame: geopandas.GeoDataFrame,
    table: pd.DataFrame,
    groups: list[np.ndarray],
    ids: list[str],
) -> geopandas.GeoDataFrame:
    """One row per incident told by several reports (:func:`merge_reports`)."""
    from conflict_geo.events.schema import events_frame

    if not groups:
        return frame.iloc[:0].copy()
    every = np.concatenate(groups)
    rows = dict(zip(every.tolist(), _records(frame, every), strict=True))
    reports = table["reports"].tolist()
    spans = zip(table["start"], table["end"], table["dated"], strict=True)
    event_days = [(int(a), int(b)) if ok else None for a, b, ok in spans]
    when = _report_days(table)
    keys = table["key"].to_numpy()
    shapes = frame.geometry.to_numpy()
    records, geometries = [], []
    for members, incident in zip(groups, ids, strict=True):
        listed = sorted(set().union(*(reports[m] for m in members)))
        records.append(
            merge_reports(
                [rows[m] for m in members],
                [event_days[m] for m in members],
                [when[m] for m in members],
                listed,
                incident,
            )
        )
        best = min(members, key=lambda m: (_precision(rows[m]), keys[m]))
        geometries.append(shapes[best])
    return events_frame(records, geometries)


def _alone(
    frame: geopandas.GeoDataFrame,
    positions: list[int],
    ids: list[str],
    reports: list[frozenset[str]],
) -> geopandas.GeoDataFrame:
    """Incidents told by one report: the row, with the fused columns set."""
    single = frame.iloc[positions].copy()
    single["event_id"] = pd.array(ids, dtype="string")
    single["incident_id"] = pd.array(ids, dtype="string")
    single["reports"] = pd.array([len(r) for r in reports], dtype="Int64")
    single["docs"] = pd.array([tuple(sorted(r)) for r in reports], dtype=object)
    history = single["fatalities_history"].tolist()
    if any(h is None for h in history):
        tolls = zip(
            history, single["fatalities_earlier"], single["fatalities"], strict=True
        )
        single["fatalities_history"] = pd.array(
            [h if h is not None else _tolls(e, f) for h, e, f in tolls], dtype=object
        )
    return single


def _tolls(earlier: Any, toll: Any) -> tuple[int, ...] | None:
    given = [int(v) for v in (earlier, toll) if v is not None and not pd.isna(v)]
    return tuple(dict.fromkeys(given)) or None


def _precision(row: dict[str, Any]) -> int:
    value = row.get("precision")
    return 9 if value is None else int(value)


def _report(frame: pd.DataFrame, notes: dict, ids: list[str]) -> list[dict[str, Any]]:
    """Make the fusion report: one entry per row fusion could not treat fully."""
    event_ids = frame["event_id"].astype(object).tolist()
    docs = frame["doc"].astype(object).tolist()
    out = []
    for pos in sorted(notes):
        out.append(
            {
                "row": int(pos) + 1,
                "event_id": None if pd.isna(event_ids[pos]) else event_ids[pos],
                "doc": None if pd.isna(docs[pos]) else docs[pos],
                "incident_id": ids[pos],
                "reason": notes[pos],
            }
        )
    return out
