"""Cross-check incidents read from text against a dataset (UCDP GED, ACLED).

:func:`match` links each incident of the text to at most one dataset event
and each dataset event to at most one incident, under the rules fusion uses
(:mod:`conflict_geo.incidents.compare`): dates within a window, places the
same, within reach or one inside the other, types of one family (a dataset's
categories of who fought — UCDP's state-based, non-state and one-sided
violence — fit any violent type), actors of no opposite camps. Of the
candidate pairs the closest are taken first: the same place before a place
within reach before containment, the same type, the fewest days, the fewest
km, the closest toll. An incident the text places only in a province or a
country is linked only when one dataset event fits it best, and only to an
event the dataset places at a point (two areas tell no one incident).

The result holds three tables: the pairs, the incidents the dataset lacks,
and the dataset events of the text's period and countries the text lacks.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from conflict_geo.events.datasets import UCDP_VIOLENCE_TYPES
from conflict_geo.events.types import spec_of
from conflict_geo.incidents.compare import (
    DATE_WINDOW_DAYS,
    Rules,
    date_gap,
    place_relation,
    sides_contradict,
)
from conflict_geo.incidents.reports import report_table

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "GENERIC_DATASET_SUB_TYPES",
    "NOT_COMPARED",
    "PAIR_COLUMNS",
    "Matches",
    "match",
]

#: Dataset sub-types that say who fought, not how (UCDP ``type_of_violence``):
#: such an event fits an incident of any violent type.
GENERIC_DATASET_SUB_TYPES: frozenset[str] = frozenset(
    sub for _, sub in UCDP_VIOLENCE_TYPES.values()
)
#: Statuses of text rows no dataset records: a holding claim, a plan.
NOT_COMPARED: tuple[str, ...] = ("held", "planned")
#: Columns the pairs table adds to the text incident's.
PAIR_COLUMNS: tuple[str, ...] = (
    "dataset_event_id",
    "km",
    "days",
    "dataset_event_type",
    "dataset_place",
    "dataset_date",
    "dataset_fatalities",
)


@dataclass(frozen=True)
class Matches:
    """What a text and a dataset share, and what each lacks.

    Parameters
    ----------
    matched : geopandas.GeoDataFrame
        One row per pair: the text incident (event schema) plus
        ``dataset_event_id``, ``km`` (between the two points), ``days``
        (between the two date ranges, 0 when they overlap) and the dataset
        event's type, place, date and toll.
    text_only : geopandas.GeoDataFrame
        Text incidents no dataset event fits.
    dataset_only : geopandas.GeoDataFrame
        Dataset events in the text's period and countries (or all, with
        ``scope="all"``) that no text incident fits.
    set_aside : geopandas.GeoDataFrame, optional
        Text rows that are no events a dataset records: holding claims
        ("rebel-held") and plans.
    """

    matched: geopandas.GeoDataFrame
    text_only: geopandas.GeoDataFrame
    dataset_only: geopandas.GeoDataFrame
    set_aside: geopandas.GeoDataFrame | None = None

    def summary(self) -> str:
        """Say what matched, in one line.

        Returns
        -------
        str
        """
        n = len(self.matched) + len(self.text_only)
        text = f"{len(self.matched)} of {n} text incidents match a dataset event"
        if len(self.matched):
            km = float(np.median(self.matched["km"]))
            days = float(np.median(self.matched["days"]))
            text += f" (median {km:.1f} km, {days:g} days apart)"
        aside = 0 if self.set_aside is None else len(self.set_aside)
        kept = f" ({aside} holdings and plans not compared)" if aside else ""
        return (
            f"{text}; {len(self.text_only)} only in the text{kept}; "
            f"{len(self.dataset_only)} dataset events of the same period and "
            "countries not in the text"
        )

    def to_json(self) -> dict[str, Any]:
        """Return the pairs and the ids the dataset or the text lacks.

        Returns
        -------
        dict
            ``{"matched": [{"event_id", "dataset_event_id", "km", "days"}],
            "text_only": [event ids], "dataset_only": N}``.
        """
        pairs = self.matched[["event_id", "dataset_event_id", "km", "days"]]
        return {
            "matched": [
                {
                    "event_id": e,
                    "dataset_event_id": d,
                    "km": round(float(k), 2),
                    "days": int(g),
                }
                for e, d, k, g in pairs.itertuples(index=False)
            ],
            "text_only": [str(e) for e in self.text_only["event_id"]],
            "dataset_only": len(self.dataset_only),
        }


def _families_fit(text: Any, data: Any, data_sub: Any) -> bool:
    if text.family == data.family:
        return True
    if data_sub in GENERIC_DATASET_SUB_TYPES:
        return spec_of(text.event_type).violent
    return False


def _candidates(
    texts: pd.DataFrame,
    data: pd.DataFrame,
    extra: dict[str, list[Any]],
    rules: Rules,
) -> list[tuple[tuple[Any, ...], int, int, float, int]]:
    """Return every (score, text, dataset, km, days) of two rows that fit.

    ``extra`` holds the tolls of both sides (``text_tolls``, ``data_tolls``)
    and the dataset's sub-types (``subs``).
    """
    order = np.argsort(data["start"].to_numpy(), kind="stable")
    starts = data["start"].to_numpy()[order]
    span = int((data["end"] - data["start"]).max()) if len(data) else 0
    rows = list(data.itertuples(index=False))
    subs, tolls, text_tolls = extra["subs"], extra["data_tolls"], extra["text_tolls"]
    out = []
    for i, t in enumerate(texts.itertuples(index=False)):
        if not (t.dated and t.place.area):
            continue
        window = rules.window(bool(t.durative))
        lo = bisect.bisect_left(starts, t.start - window - span)
        hi = bisect.bisect_right(starts, t.end + window)
        for j in order[lo:hi].tolist():
            d = rows[j]
            if not d.dated or t.group.split("|")[1:] != d.group.split("|")[1:]:
                continue
            if not _families_fit(t, d, subs[j]):
                continue
            days = date_gap(t.start, t.end, d.start, d.end)
            if days > window:
                continue
            if t.place.area != "point" and d.place.area != "point":
                continue  # a province or a country on both sides: no one incident
            relation, km = place_relation(t.place, d.place, rules)
            if relation == 0 or sides_contradict(t.sides, d.sides):
                continue
            toll = _toll_gap(text_tolls[i], tolls[j])
            score = (-relation, t.event_type != d.event_type, days, km, toll)
            out.append((score, i, j, km, days))
    return out


def _toll_gap(a: Any, b: Any) -> float:
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return float("inf")
    return abs(float(a) - float(b))


def _assign(
    pairs: list[tuple[tuple[Any, ...], int, int, float, int]],
) -> list[tuple[int, int, float, int]]:
    """Take the closest pairs first, each row once; containment only if clear.

    A pair that only shares an area (a village and a province event) is
    taken when neither side has another candidate as good.
    """
    levels: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    for score, i, j, _, _ in pairs:
        levels.setdefault(("t", i), []).append(score[:2])
        levels.setdefault(("d", j), []).append(score[:2])

    def clear(side: tuple[str, int]) -> bool:
        found = levels[side]
        return found.count(min(found)) == 1

    taken_t: set[int] = set()
    taken_d: set[int] = set()
    out = []
    for score, i, j, km, days in sorted(pairs, key=lambda p: (p[0], p[1], p[2])):
        if i in taken_t or j in taken_d:
            continue
        if -score[0] == 1 and not (clear(("t", i)) and clear(("d", j))):
            continue  # only an area in common, and another pair fits as well
        taken_t.add(i)
        taken_d.add(j)
        out.append((i, j, km, days))
    return out


def _scope(
    dataset: geopandas.GeoDataFrame,
    data: pd.DataFrame,
    texts: pd.DataFrame,
    rules: Rules,
) -> np.ndarray:
    """Rows of the dataset in the text's period (with the window) and countries."""
    dated = texts[texts["dated"]]
    if not len(dated):
        return np.zeros(len(dataset), dtype=bool)
    first = int(dated["start"].min()) - rules.days
    last = int(dated["end"].max()) + rules.days
    countries = {p.country for p in dated["place"] if p.country}
    inside = (data["end"] >= first) & (data["start"] <= last) & data["dated"]
    where = [p.country in countries for p in data["place"]]
    return (inside & np.array(where, dtype=bool)).to_numpy()


def match(
    extracted: geopandas.GeoDataFrame,
    dataset: geopandas.GeoDataFrame,
    *,
    days: int = DATE_WINDOW_DAYS,
    place_km: Mapping[int, float] | None = None,
    fuse: bool = True,
    scope: str = "text",
) -> Matches:
    """Link incidents read from text to the events of a dataset.

    Parameters
    ----------
    extracted : geopandas.GeoDataFrame
        Events from text (:func:`~conflict_geo.events.extract.extract`, our
        GeoJSON, ``conflict-geo extract --fuse``).
    dataset : geopandas.GeoDataFrame
        UCDP GED or ACLED events (:func:`~conflict_geo.events.io.read_events`).
    days : int, default 3
        Most days between the date ranges of a pair (the text's dispatch
        dates follow the event by a day or two).
    place_km : mapping of int to float, optional
        Reach of a point by precision (see
        :data:`~conflict_geo.incidents.compare.PLACE_KM`).
    fuse : bool, default True
        Fuse the text's reports into incidents first
        (:func:`~conflict_geo.incidents.fuse.fuse`), so one incident told
        twice is matched once.
    scope : {"text", "all"}, default "text"
        Which dataset events ``dataset_only`` lists: those of the text's
        period (with ``days`` on each side) and countries, or all.

    Returns
    -------
    Matches
        ``matched``, ``text_only``, ``dataset_only``.

    Raises
    ------
    InputError
        A table is not an event table, or a parameter is out of range.

    Examples
    --------
    >>> from conflict_geo.events.schema import events_frame
    >>> hass = {"event_type": "strike", "lat": 35.6161, "lon": 36.5907,
    ...         "precision": 1, "country": "SY", "status": "done"}
    >>> text = events_frame([{**hass, "date": "2016-10", "date_precision": "month",
    ...                       "event_id": "text:seed:0", "doc": "seed"}])
    >>> ged = events_frame([{**hass, "date": "2016-10-26", "date_precision": "day",
    ...                      "event_id": "ucdp:232860", "dataset": "ucdp"}])
    >>> [pair] = match(text, ged, fuse=False).to_json()["matched"]
    >>> pair["dataset_event_id"], pair["km"], pair["days"]
    ('ucdp:232860', 0.0, 0)
    """
    from conflict_geo.exc import InputError
    from conflict_geo.incidents.fuse import event_table
    from conflict_geo.incidents.fuse import fuse as fuse_events

    if scope not in ("text", "all"):
        raise InputError(f"scope must be 'text' or 'all', got {scope!r}")
    rules = Rules(days=days, place_km={**Rules().place_km, **(place_km or {})})
    incidents = (
        fuse_events(extracted, days=days, place_km=place_km)
        if fuse
        else event_table(extracted)
    )
    aside = incidents["status"].isin(NOT_COMPARED).fillna(False).to_numpy(bool)
    set_aside = incidents[aside].reset_index(drop=True)
    incidents = incidents[~aside].reset_index(drop=True)
    events = event_table(dataset)
    texts, data = report_table(incidents), report_table(events)
    extra = {
        "text_tolls": incidents["fatalities"].astype("Float64").tolist(),
        "data_tolls": events["fatalities"].astype("Float64").tolist(),
        "subs": events["sub_type"]
        .astype(object)
        .where(events["sub_type"].notna())
        .tolist(),
    }
    pairs = _assign(_candidates(texts, data, extra, rules))
    found = _tables(incidents, events, pairs, _scope(events, data, texts, rules), scope)
    return Matches(found.matched, found.text_only, found.dataset_only, set_aside)


def _tables(
    incidents: geopandas.GeoDataFrame,
    events: geopandas.GeoDataFrame,
    pairs: list[tuple[int, int, float, int]],
    in_scope: np.ndarray,
    scope: str,
) -> Matches:
    """Build the three tables from the chosen pairs."""
    pairs = sorted(pairs)
    text_rows = [i for i, *_ in pairs]
    data_rows = [j for _, j, *_ in pairs]
    matched = incidents.iloc[text_rows].reset_index(drop=True)
    found = events.iloc[data_rows].reset_index(drop=True)
    matched["dataset_event_id"] = found["event_id"].astype("string")
    matched["km"] = np.array([round(k, 3) for *_, k, _ in pairs], dtype=float)
    matched["days"] = np.array([d for *_, d in pairs], dtype=np.int64)
    matched["dataset_event_type"] = found["event_type"]
    matched["dataset_place"] = found["place"]
    matched["dataset_date"] = found["date"]
    matched["dataset_fatalities"] = found["fatalities"]
    rest = np.ones(len(incidents), dtype=bool)
    rest[text_rows] = False
    unused = np.ones(len(events), dtype=bool)
    unused[data_rows] = False
    if scope == "text":
        unused &= in_scope
    return Matches(
        matched=matched,
        text_only=incidents[rest].reset_index(drop=True),
        dataset_only=events[unused].reset_index(drop=True),
    )
