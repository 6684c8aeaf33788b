"""Group reports into incidents: the three passes of fusion.

Reports are read in one order that depends on their content only (date,
place, type, then a hash of the row; see
:func:`~conflict_geo.incidents.reports.report_table`), so the same reports in
any order give the same incidents.

1. **Anchors**, reports dated to a day or a week at a place (a settlement, or
   within ~25 km), found the incidents: each joins the incident it fits best
   or opens one. An incident's reports all fit each other (same family and
   status group, places within reach, dates within the window, actors of no
   opposite camps); the reports are swept by date and found through a grid of
   cells, so the cost grows with the reports, not with their pairs.
2. **Loose reports** — dated only to a month, placed only in a province or a
   country, or undated — join the one incident that fits them. When several
   fit equally (two strikes in the province that week) the report joins none:
   "a village and its province join only when nothing contradicts it".
3. **The rest** join each other at the same place (not by containment).

A report with neither a date nor a finer place than a province, or with no
place at all, stays an incident of its own. Two rows of one report (the
document's own incidents, already resolved apart by
:mod:`conflict_geo.incidents.resolve`) join one incident only when another
report is in it. What was decided about an undated, unplaced or ambiguous
report is returned as a note, for the fusion report.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.incidents.compare import (
    Rules,
    Site,
    date_gap,
    place_relation,
    sides_contradict,
)

__all__ = ["MIN_CELL_DEG", "cluster_reports"]

#: Smallest side of a grid cell in degrees (about 1 km of latitude). A grid's
#: cells are as wide as the farthest reach it is searched with, so a point's
#: neighbours within reach are in the nine cells around it.
MIN_CELL_DEG = 0.01
#: Kilometres in a degree of latitude.
KM_PER_DEG = 111.2
#: Precisions that found incidents (a place, or within ~25 km; sea or air).
ANCHOR_PRECISIONS = frozenset({1, 2, 7})

Cell = tuple[str, str | None, int, int]


@dataclass(slots=True)
class _Incident:
    """Reports found so far to tell one incident, and what they share."""

    seq: int
    group: str
    members: list[int] = field(default_factory=list)
    reports: set[str] = field(default_factory=set)
    places: list[Site] = field(default_factory=list)
    sides: list[Any] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    durative: bool = True
    first: int = 0  # earliest start of a dated member
    last: int = 0  # latest end
    max_start: int = 0  # latest start: every member must reach it
    min_end: int = 0  # earliest end
    dated: bool = False
    stated: set[int] = field(default_factory=set)  # days reports give themselves

    def add(self, pos: int, row: Any) -> None:
        self.members.append(pos)
        self.reports |= row.reports
        if row.place not in self.places:
            self.places.append(row.place)
        if row.sides not in self.sides:
            self.sides.append(row.sides)
        self.types.add(row.event_type)
        self.durative = self.durative and bool(row.durative)
        if row.stated and not row.durative:
            self.stated.add(row.start)
        if row.dated:
            if not self.dated:
                self.first, self.last = row.start, row.end
                self.max_start, self.min_end = row.start, row.end
                self.dated = True
            else:
                self.first = min(self.first, row.start)
                self.last = max(self.last, row.end)
                self.max_start = max(self.max_start, row.start)
                self.min_end = min(self.min_end, row.end)


def _fit(inc: _Incident, row: Any, rules: Rules) -> tuple[Any, ...] | None:
    """Score how well ``row`` fits ``inc`` (None: it cannot join).

    The score ranks the place relation to the closest report (the same place
    first), a report of the same type, then the closest dates and points, then
    the older incident.
    """
    gap = 0
    if row.dated and inc.dated:
        window = rules.window(bool(row.durative) and inc.durative)
        if inc.max_start - row.end > window or row.start - inc.min_end > window:
            return None
        gap = date_gap(row.start, row.end, inc.first, inc.last)
        if row.stated and not row.durative and inc.stated - {row.start}:
            return None  # two reports that each give the day, and not the same
    relation, km = 0, math.inf
    for place in inc.places:
        rel, dist = place_relation(row.place, place, rules)
        if rel == 0:
            return None  # every report of the incident must be within reach
        relation, km = max(relation, rel), min(km, dist)
    if row.reports & inc.reports and not inc.reports - row.reports:
        return None  # the report's own incidents: another report must tie them
    if (row.sides[0] or row.sides[1]) and any(
        sides_contradict(row.sides, s) for s in inc.sides
    ):
        return None
    return (relation, row.event_type in inc.types, -gap, -km, -inc.seq)


class _Grid:
    """Incidents by cell of their points, by division and by country."""

    def __init__(self, reach_km: float = 25.0) -> None:
        self.side = max(MIN_CELL_DEG, reach_km / KM_PER_DEG)
        self.cells: dict[Cell, list[_Incident]] = {}
        self.areas: dict[tuple[str, ...], list[_Incident]] = {}

    def cell(self, group: str, place: Site) -> Cell:
        return (
            group,
            place.country,
            math.floor(place.lat / self.side),
            math.floor(place.lon / self.side),
        )

    def add(self, inc: _Incident, place: Site) -> None:
        if place.area == "point":
            self._put(self.cells, self.cell(inc.group, place), inc)
        if place.country is not None:
            self._put(self.areas, (inc.group, place.country), inc)
            if place.area != "country" and place.admin1 is not None:
                self._put(self.areas, (inc.group, place.country, place.admin1), inc)

    @staticmethod
    def _put(index: dict[Any, list[_Incident]], key: Any, inc: _Incident) -> None:
        bucket = index.setdefault(key, [])
        if not bucket or bucket[-1] is not inc:
            bucket.append(inc)

    def near(self, group: str, place: Site, km: float) -> Iterator[list[_Incident]]:
        """Buckets of the cells within ``km`` of a point."""
        _, country, cy, cx = self.cell(group, place)
        dy = math.ceil(km / (KM_PER_DEG * self.side))
        # the cell width at the far edge of the reach, nearer the pole
        edge = min(89.0, abs(place.lat) + km / KM_PER_DEG)
        shrink = max(0.01, math.cos(math.radians(edge)))
        dx = math.ceil(km / (KM_PER_DEG * shrink * self.side))
        for y in range(cy - dy, cy + dy + 1):
            for x in range(cx - dx, cx + dx + 1):
                bucket = self.cells.get((group, country, y, x))
                if bucket:
                    yield bucket

    def candidates(self, row: Any, reach: float) -> list[_Incident]:
        """Incidents that may fit a row (each once, oldest first)."""
        place = row.place
        if place.area == "point":
            buckets = list(self.near(row.group, place, reach))
        elif place.area == "admin1":
            buckets = [self.areas.get((row.group, place.country, place.admin1), [])]
        else:
            buckets = [self.areas.get((row.group, place.country), [])]
        seen: dict[int, _Incident] = {}
        for bucket in buckets:
            for inc in bucket:
                seen.setdefault(inc.seq, inc)
        return [seen[k] for k in sorted(seen)]


class _Everything(_Grid):
    """No index: every incident of the group is a candidate (all pairs)."""

    def add(self, inc: _Incident, place: Site) -> None:
        self._put(self.areas, (inc.group,), inc)

    def near(self, group: str, place: Site, km: float) -> Iterator[list[_Incident]]:
        yield self.areas.get((group,), [])

    def candidates(self, row: Any, reach: float) -> list[_Incident]:
        return sorted(self.areas.get((row.group,), []), key=lambda i: i.seq)


class _Passes:
    """The state of one fusion: incidents, their index, the notes."""

    def __init__(self, table: pd.DataFrame, rules: Rules, index: bool = True) -> None:
        self.rows = list(table.itertuples(index=False))
        self.positions = table.index.to_numpy()
        self.rules = rules
        self.incidents: list[_Incident] = []
        self.of: dict[int, _Incident] = {}
        self.notes: dict[int, str] = {}
        self.max_reach = max(rules.reach_km(p) for p in ANCHOR_PRECISIONS)
        self.index = index
        self.grid = _Grid if index else _Everything
        self.widest = max(rules.reach_km(p) for p in (*ANCHOR_PRECISIONS, 3, 5))

    def open(self, pos: int) -> _Incident:
        row = self.rows[pos]
        inc = _Incident(seq=len(self.incidents), group=row.group)
        self.incidents.append(inc)
        self.join(inc, pos)
        return inc

    def join(self, inc: _Incident, pos: int) -> None:
        inc.add(pos, self.rows[pos])
        self.of[pos] = inc

    def ordered(self, positions: list[int]) -> list[int]:
        return sorted(positions, key=lambda p: self.rows[p].key)

    # -- pass 1 ---------------------------------------------------------------------

    def anchors(self, positions: list[int]) -> None:
        """Found incidents, the most precise reports first.

        A report within ~25 km of a place is read after the reports of places:
        it joins the incident that fits it best, and never decides by being
        read first which of two places 13 km apart the other reports join.
        """
        rules = self.rules
        levels = sorted(
            {self.rows[p].place.precision for p in positions}, key=rules.reach_km
        )
        for level in levels:
            mine = [p for p in positions if self.rows[p].place.precision == level]
            earlier = sorted(self.incidents, key=lambda i: (i.first, i.seq))
            # every place so far reaches at most as far as this level's
            self._sweep(mine, earlier, rules.reach_km(level))

    def _sweep(
        self, positions: list[int], earlier: list[_Incident], reach: float
    ) -> None:
        """Read reports by date; each joins the incident it fits best, or opens one.

        Incidents founded by an earlier level enter the grid as the sweep
        reaches their first date, and leave it when their window has closed.
        """
        rules = self.rules
        grid = self.grid(reach)
        ahead = max(rules.days, rules.durative_days)
        entered = 0
        for pos in self.ordered(positions):
            row = self.rows[pos]
            while entered < len(earlier) and (
                not self.index or earlier[entered].first <= row.end + ahead
            ):
                for place in earlier[entered].places:
                    grid.add(earlier[entered], place)
                entered += 1
            best, best_score = None, None
            for bucket in grid.near(row.group, row.place, reach):
                if self.index:  # incidents whose window closed before this date
                    bucket[:] = [
                        i
                        for i in bucket
                        if row.start - i.min_end <= rules.window(i.durative)
                    ]
                for inc in bucket:
                    score = _fit(inc, row, self.rules)
                    if score is not None and (best_score is None or score > best_score):
                        best, best_score = inc, score
            inc = self.open(pos) if best is None else best
            if best is not None:
                self.join(inc, pos)
            grid.add(inc, row.place)

    # -- pass 2 ---------------------------------------------------------------------

    def loose(self, positions: list[int]) -> list[int]:
        """Join each loose report to the one incident that fits it; return the rest."""
        grid = self.grid(self.widest)
        for inc in self.incidents:
            for place in inc.places:
                grid.add(inc, place)
        left = []
        for pos in self.ordered(positions):
            row = self.rows[pos]
            reach = max(self.rules.reach_km(row.place.precision), self.max_reach)
            fits = []
            for inc in grid.candidates(row, reach):
                score = _fit(inc, row, self.rules)
                if score is not None:
                    fits.append((score, inc))
            if not fits:
                left.append(pos)
                continue
            level = max(score[:2] for score, _ in fits)
            best = [inc for score, inc in fits if score[:2] == level]
            if len(best) > 1:
                self.notes[pos] = f"fits {len(best)} incidents equally: joined none"
                left.append(pos)
                continue
            self.join(best[0], pos)
            if not row.dated:
                self.notes[pos] = (
                    "no date: joined the one incident its place, type and actors fit"
                )
        return left

    # -- pass 3 ---------------------------------------------------------------------

    def rest(self, positions: list[int]) -> None:
        """Join the remaining reports to each other at the same place."""
        grid = self.grid(self.widest)
        for pos in self.ordered(positions):
            row = self.rows[pos]
            best, best_score = None, None
            for inc in grid.candidates(row, self.widest):
                score = _fit(inc, row, self.rules)
                if score is None or score[0] < 2:
                    continue  # the same place, not one inside the other
                if best_score is None or score > best_score:
                    best, best_score = inc, score
            if best is None:
                inc = self.open(pos)
            else:
                inc = best
                self.join(inc, pos)
                if not row.dated:
                    self.notes[pos] = self._joined_undated(pos)
            grid.add(inc, row.place)

    def _joined_undated(self, pos: int) -> str:
        before = self.notes.get(pos)
        said = "no date: joined other reports of its place, type and actors"
        return f"{before}; {said}" if before else said


def _kinds(table: pd.DataFrame, rules: Rules) -> dict[str, list[int]]:
    """Split positions into anchors, loose, vague, unplaced and undated-alone."""
    kinds: dict[str, list[int]] = {
        "anchor": [],
        "loose": [],
        "unplaced": [],
        "vague": [],
        "alone": [],
    }
    spans = (table["end"] - table["start"]).to_numpy()
    for pos, (place, dated, span) in enumerate(
        zip(table["place"], table["dated"], spans, strict=True)
    ):
        if not place.area:
            kinds["unplaced"].append(pos)
        elif not dated and not rules.undated:
            kinds["alone"].append(pos)
        elif not dated and place.area != "point":
            kinds["vague"].append(pos)
        elif (
            dated
            and place.area == "point"
            and place.precision in ANCHOR_PRECISIONS
            and span <= rules.anchor_span_days
        ):
            kinds["anchor"].append(pos)
        else:
            kinds["loose"].append(pos)
    return kinds


_ALONE_NOTES = {
    "unplaced": "no place: an incident of its own, not fused",
    "vague": "no date, and no place finer than a province: too vague to fuse",
    "alone": "no date: an incident of its own (undated reports are not fused)",
}


def cluster_reports(
    table: pd.DataFrame, rules: Rules, *, index: bool = True
) -> tuple[np.ndarray, dict]:
    """Group the reports of a :func:`report_table` into incidents.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`~conflict_geo.incidents.reports.report_table` (any subset:
        its index is kept in the notes).
    rules : Rules
        The thresholds.
    index : bool, default True
        Find candidates through the date sweep and the grid. False compares
        every report with every incident found so far: the all-pairs baseline
        of ``benchmarks/bench_fuse.py``, which gives the same incidents.

    Returns
    -------
    labels : numpy.ndarray
        One incident number per row of ``table``, in order of first report
        (by the canonical order).
    notes : dict
        ``{index: reason}`` for the rows fusion reports: undated, unplaced,
        too vague, or fitting several incidents.
    """
    flat = table.reset_index(drop=True)
    passes = _Passes(flat, rules, index)
    kinds = _kinds(flat, rules)
    passes.anchors(kinds["anchor"])
    left = passes.loose(kinds["loose"])
    passes.rest(left)
    for kind in ("unplaced", "vague", "alone"):
        for pos in kinds[kind]:
            passes.open(pos)
            passes.notes[pos] = _ALONE_NOTES[kind]
    for pos, row in enumerate(passes.rows):
        if not row.dated and pos not in passes.notes:
            size = len(passes.of[pos].members)
            passes.notes[pos] = (
                "no date: no other report fits it; an incident of its own"
                if size == 1
                else "no date: joined by place, type and actors"
            )
    labels = _numbered(passes)
    index = table.index.to_numpy()
    return labels, {index[pos]: why for pos, why in sorted(passes.notes.items())}


def _numbered(passes: _Passes) -> np.ndarray:
    """Return incident numbers, by their first report in the canonical order."""
    first = {
        inc.seq: min(passes.rows[m].key for m in inc.members)
        for inc in passes.incidents
    }
    rank = {seq: n for n, seq in enumerate(sorted(first, key=first.__getitem__))}
    labels = np.empty(len(passes.rows), dtype=np.int64)
    for pos, inc in passes.of.items():
        labels[pos] = rank[inc.seq]
    return labels
