"""Resolve the findings of one document into incidents.

Wire copy tells one incident several times: the headline, the lead and the
body, each at its own precision ("frappes sur la province d'Idleb" … "le
village de Maaret Misrin"), with the toll in one sentence and the village in
the next ("Ces raids avaient visé …"). :func:`resolve_incidents` reads the
findings in text order; each joins the incident it continues, or opens one.

A finding *continues* an incident when

* their types are one kind of event (the same type, a generic word such as
  "bombardement" and a specific one of its family, or a capture and the base
  captured);
* their statuses are of one group (planned; held; under way or done);
* their places are the same, or one contains the other (village in province in
  country), or the finding names no place and comes within
  :data:`ANAPHORA_SENTENCES` sentences of the incident;
* their stated dates agree, and their actors are not of opposite camps;
* neither is a roll-up over a period unless both are.

The incident takes the most precise place, the toll of its most precise
reports (the highest of them, with every distinct toll kept), the union of
actors and sources, every evidence sentence, and the most informative sentence.
A finding left with no place is reported, not mapped.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from conflict_geo.events.event import Event, precision_of
from conflict_geo.events.roles import camp_of
from conflict_geo.events.types import (
    GENERIC_SUB_TYPES,
    PART_CAPTURED,
    TOLL_SUB_TYPE,
    spec_of,
)
from conflict_geo.places.place import CONTAINED_KINDS, POPULATED_KINDS, km_between
from conflict_geo.text.dates import Reference

__all__ = ["ANAPHORA_SENTENCES", "HISTORY_DAYS", "resolve_incidents"]

#: A finding that names no place joins an incident reported at most this many
#: sentences before it (or, failing that, after it).
ANAPHORA_SENTENCES = 3
#: Days before the dispatch date beyond which a finished incident the text
#: dates is background, not news (two weeks: wire copy recalls older events to
#: situate new ones, "captured Idlib city last month").
HISTORY_DAYS = 14
#: Status groups: findings of different groups are different incidents.
STATUS_GROUP = {
    "planned": "planned",
    "held": "held",
    "ongoing": "active",
    "done": "active",
}
#: Precision used to rank a finding with no place (worse than any place).
_NO_PLACE = 9


@dataclass(slots=True)
class _Incident:
    members: list[Event] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)
    #: One member per distinct set of the fields compatibility reads: a new
    #: finding is checked against these, not every member (a run-on text
    #: tells one incident hundreds of times).
    kinds: dict[tuple[Any, ...], Event] = field(default_factory=dict)
    best: Event | None = None

    @property
    def last_index(self) -> int:
        return self.indexes[-1]

    def add(self, f: Event, index: int) -> None:
        self.members.append(f)
        self.indexes.append(index)
        if not _is_toll(f):
            self.kinds.setdefault(_signature(f), f)
        if self.best is None or (
            _precision(f) < _precision(self.best) and not _part_of(self.best, f)
        ):
            self.best = f  # the member at the most precise place, the first


def _part_of(a: Event, b: Event) -> bool:
    """Whether ``a``'s place is one the text put in ``b``'s, at its point.

    "le quartier d'Al-Kallasa dans la ville d'Alep" … "9 à Alep": the quarter
    is the finer place, though its point is only its town's.
    """
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    return (
        pa is not None
        and pb is not None
        and pa.kind in CONTAINED_KINDS
        and (pa.lat, pa.lon) == (pb.lat, pb.lon)
    )


def _single(e: Event) -> _Incident:
    inc = _Incident()
    inc.add(e, 0)
    return inc


def _signature(e: Event) -> tuple[Any, ...]:
    """Return the fields of a member that :func:`_compatible` reads."""
    return (
        e.event_type,
        e.sub_type,
        e.status,
        e.aggregate,
        e.date_stated,
        e.date,
        e.fatalities,
        e.fatalities_earlier,
        e.actor,
    )


def _precision(e: Event) -> int:
    if e.mention is None or e.mention.place is None:
        return _NO_PLACE
    return precision_of(e.mention.place.kind) or _NO_PLACE


def resolve_incidents(
    findings: Sequence[Event],
    sentence_starts: Sequence[int],
    reasons: Mapping[int, str] | None = None,
    *,
    reference: Reference | None = None,
    history_days: int | None = HISTORY_DAYS,
    fold_battles: bool = True,
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Group a document's findings into incidents.

    Parameters
    ----------
    findings : sequence of Event
        In text order, with or without a place.
    sentence_starts : sequence of int
        Document offsets of every sentence, sorted: the distance between two
        findings is counted in sentences.
    reasons : mapping, optional
        ``id(finding) -> why its sentence gives it no place``, for the report
        of a finding no incident can place.
    reference : Reference, optional
        The dispatch date.
    history_days : int or None, default :data:`HISTORY_DAYS`
        A finished incident the text dates more than this many days before
        the dispatch is background ("tombée aux mains de l'EI en janvier
        2014"), not what it reports: it is listed in the reports. None keeps
        them all.
    fold_battles : bool, default True
        A complete change of hands is the incident the assault, fighting,
        siege and fire at that place led to: they are folded into it (see
        :func:`_settled`). False keeps each an incident of its own.

    Returns
    -------
    (list of Event, list of dict)
        One event per incident, in the order of first report, and the reports
        of findings that no incident could place.
    """
    incidents: list[_Incident] = []
    pending: list[tuple[Event, int]] = []
    for f in findings:
        index = bisect.bisect_right(sentence_starts, f.start) - 1
        if f.mention is None or _is_toll(f):
            target = _best(incidents, f, index, anaphoric=f.mention is None)
            if target is None:
                pending.append((f, index))
            else:
                _join(target, f, index)
            continue
        target = _best(incidents, f, index, anaphoric=False)
        if target is None and f.anaphoric:
            # "ces frappes qui ont frappé le secteur d'al-Badou": the strikes
            # told before, at a part of their place
            target = _best(incidents, f, index, anaphoric=True, part=True)
        if target is None:
            target = _Incident()
            incidents.append(target)
        _join(target, f, index)
        for p in list(pending):
            g, gi = p
            if 0 <= index - gi <= ANAPHORA_SENTENCES and _compatible(target, g):
                _join(target, g, gi)
                pending.remove(p)
    unmapped = []
    for f, index in pending:
        topic = None if _is_toll(f) else _topic(incidents, index)
        if topic is None and not _is_toll(f) and index < LEAD_SENTENCES:
            # a lead with no place, the place in the next sentence: "Des frappes
            # … ont tué 82 civils. L'attaque a causé des dégâts à Douma"
            topic = _next_topic(incidents, index, f)
        if topic is None:
            unmapped.append(
                {
                    "doc": f.doc,
                    "text": f.trigger,
                    "start": f.start,
                    "end": f.end,
                    "reason": (reasons or {}).get(id(f))
                    or "no place for it in the text (no event reported nearby "
                    "before it)",
                }
            )
            continue
        # "Des accrochages se poursuivaient toutefois": no place named, the
        # sentence goes on about the place of the event just before it
        mention = topic.best.mention
        note = f"place from an earlier sentence ({mention.text})"
        placed = replace(f, mention=mention, notes=(*f.notes, note))
        # the same kind of event already told at that very place is this one
        inc = _best(incidents, placed, index, anaphoric=False)
        if inc is None or _place_score(inc.best, placed) < 3:
            inc = _Incident()
            incidents.append(inc)
        _join(inc, placed, index)
    # what happened first, in the order told; who holds what after it
    events = sorted(
        (_merged(i) for i in incidents),
        key=lambda e: (e.status == "held", e.evidence[0]),
    )
    events, unmapped = _without_settings(events, unmapped)
    events, unmapped = _placed_enough(events, unmapped)
    events, unmapped = _current(events, unmapped, reference, history_days)
    events = _plans_under_way(events)
    return _settled(events, unmapped, fold=fold_battles)


def _topic(incidents: list[_Incident], index: int) -> _Incident | None:
    """Return the incident reported last before sentence ``index`` (in window)."""
    before = [
        (i.last_index, n)
        for n, i in enumerate(incidents)
        if 0 <= index - i.last_index <= ANAPHORA_SENTENCES
        and i.best.mention is not None
        and i.indexes[0] <= index
    ]
    return incidents[max(before)[1]] if before else None


#: Sentences of a dispatch's headline and lead: what they tell without a place
#: the next sentences place (deeper in the body, a placeless sentence is
#: background: "Entre fin avril et fin août, la région avait été pilonnée").
LEAD_SENTENCES = 4


def _next_topic(incidents: list[_Incident], index: int, f: Event) -> _Incident | None:
    """Return the first placed incident told just after sentence ``index``.

    Only one of the same kind of event, or any when no incident of that
    kind follows, within :data:`ANAPHORA_SENTENCES`.
    """
    after = [
        i
        for i in incidents
        if 0 < i.indexes[0] - index <= ANAPHORA_SENTENCES and i.best.mention is not None
    ]
    if not after:
        return None
    same = [i for i in after if any(_kinds_agree(m, f) for m in i.kinds.values())]
    return min(same or after, key=lambda i: i.indexes[0])


def _best(
    incidents: list[_Incident],
    f: Event,
    index: int,
    *,
    anaphoric: bool,
    part: bool = False,
) -> _Incident | None:
    best, best_key = None, None
    for n, inc in enumerate(incidents):
        if anaphoric and not 0 <= index - inc.last_index <= ANAPHORA_SENTENCES:
            continue
        if not _compatible(inc, f, part=part):
            continue
        relation = 0 if anaphoric else _place_score(inc.best, f)
        key = (relation, inc.last_index, n)
        if best_key is None or key > best_key:
            best, best_key = inc, key
    return best


def _is_toll(e: Event) -> bool:
    return e.sub_type == TOLL_SUB_TYPE


def _events_of(inc: _Incident) -> list[Event]:
    """Return the members that report the event itself (not only its toll)."""
    return [m for m in inc.members if not _is_toll(m)]


def _compatible(inc: _Incident, f: Event, *, part: bool = False) -> bool:
    events = list(inc.kinds.values())
    if _is_toll(f):
        # a toll joins a violent incident at its place, or the one it follows
        return (
            bool(events)
            and not f.aggregate  # a war's or a period's total is no incident's
            # a violent incident, or a change of hands (the toll of the
            # battle that ended in it: "54 killed in the ongoing operation")
            and any(
                spec_of(m.event_type).violent or _complete_change(m) for m in events
            )
            and not any(m.aggregate for m in events)
            # ("12 à Alep": the strike on a quarter the text puts in Aleppo)
            and (f.mention is None or _place_score(inc.best, f, part=True) >= 2)
        )
    if not events:
        return False
    kinds = events
    if f.event_type != "clash" and spec_of(f.event_type).family == "ground":
        # an offensive joins a campaign by its offensive and siege, whatever
        # fighting with unnamed sides the campaign already folded
        kinds = [m for m in events if m.event_type != "clash"] or events
    if any(not _kinds_agree(m, f) for m in kinds):
        return False
    if any(STATUS_GROUP[m.status] != STATUS_GROUP[f.status] for m in events):
        return False
    if any(m.aggregate != f.aggregate for m in events):
        return False
    # a part of a town (a neighbourhood the text locates there) is inside it,
    # but who holds it may differ from who holds the town
    inside = part or f.status != "held"
    if f.mention is not None and _place_score(inc.best, f, part=inside) == 0:
        return False
    # a country holds many incidents: one named only by its country joins a
    # finer one only when their dates agree, however long the event lasts
    coarse = f.mention is not None and _country_only(f) != _country_only(inc.best)
    if any(_dates_differ(m, f, strict=coarse) for m in events):
        return False
    if any(_tolls_differ(m, f) for m in events):
        return False
    return not any(_camps_differ(m, f) for m in events)


def _tolls_differ(a: Event, b: Event) -> bool:
    """Two events of one kind and place with their own, different tolls.

    "The militants executed 30 people", "… military intelligence executed 23
    detainees": two incidents. A revised toll says so ("un précédent bilan")
    and is read as an earlier toll; an offensive's reports give its toll so
    far.
    """
    if spec_of(a.event_type).durative or a.aggregate or b.aggregate:
        return False
    return (
        a.fatalities is not None
        and b.fatalities is not None
        and not _same_count(a.fatalities, b.fatalities)
        and a.fatalities_earlier != b.fatalities
        and b.fatalities_earlier != a.fatalities
    )


#: A toll that is a multiple of this is a rounded figure when an exact one
#: close to it is also given.
ROUND_FIGURE = 10
#: Two tolls this close are one count written two ways ("almost 100" in the
#: headline, "at least 96" in the body).
SAME_COUNT_RATIO = 0.8


def _same_count(a: int, b: int) -> bool:
    """Whether two tolls are one count, exactly or as a rounded figure.

    >>> _same_count(96, 100), _same_count(23, 30), _same_count(0, 0)
    (True, False, True)
    """
    low, high = sorted((a, b))
    return low == high or (high > 0 and low / high >= SAME_COUNT_RATIO)


def _country_only(e: Event) -> bool:
    return e.mention is not None and e.mention.place.kind == "country"


def _kinds_agree(a: Event, b: Event) -> bool:
    if a.event_type == b.event_type:
        return True
    fa, fb = spec_of(a.event_type).family, spec_of(b.event_type).family
    if fa != fb:
        return False
    if fa == "fire":
        return a.sub_type in GENERIC_SUB_TYPES or b.sub_type in GENERIC_SUB_TYPES
    if fa == "ground":
        # "Iraqi forces battle IS for Tikrit" in an offensive on Tikrit, "IS
        # forces in Al-Bab were almost surrounded": one campaign when one camp
        # leads both, or when the siege or the offensive names no actor;
        # fighting whose sides are not named stays apart
        ca, cb = _camps(a), _camps(b)
        unnamed = (not ca and a.event_type != "clash") or (
            not cb and b.event_type != "clash"
        )
        return bool(ca & cb) or unnamed
    # a base taken is one incident: "l'armée a repris la base aérienne"
    return fa == "control" and "held" not in (a.status, b.status)


def _place_score(a: Event, b: Event, *, part: bool = False) -> int:
    """3 same place, 2 one contains the other, 1 either has none, 0 apart.

    With ``part``, a place the text only locates in or near another (a
    neighbourhood at its town's point) counts as inside it.
    """
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    if pa is None or pb is None:
        return 1
    if pa is pb or (pa.name, pa.lat, pa.lon) == (pb.name, pb.lat, pb.lon):
        return 3
    if _inside(pb, pa) or _inside(pa, pb):
        return 2
    if _around(pa, pb) or _around(pb, pa):
        return 2  # "a market near Damascus" … "Douma, 15 km northeast of Damascus"
    if (
        part
        and (pa.lat, pa.lon) == (pb.lat, pb.lon)
        and CONTAINED_KINDS
        & {
            pa.kind,
            pb.kind,
        }
    ):
        return 2
    return 0


#: A settlement this close to a place "near" a town is where the text means.
AROUND_KM = 15.0


def _around(vicinity: Any, place: Any) -> bool:
    """Whether a place lies in the vicinity the text put an event in."""
    return (
        vicinity.kind == "environs"
        and place.kind in POPULATED_KINDS
        and km_between(vicinity, place) <= AROUND_KM
    )


def _inside(small: Any, big: Any) -> bool:
    if big.kind == "country":
        return small.kind != "country" and small.country == big.country
    if big.kind == "admin1":
        return (
            small.kind not in ("admin1", "country")
            and small.country == big.country
            and bool(small.admin1)
            and small.admin1 == big.admin1
        )
    return False


def _dates_differ(a: Event, b: Event, *, strict: bool = False) -> bool:
    if not (a.date_stated and b.date_stated and a.date and b.date):
        return False
    lasting = "held" in (a.status, b.status) or spec_of(a.event_type).durative
    if lasting and not strict:
        return False  # a holding, an offensive, a siege last: reported on many days
    width = min(len(a.date), len(b.date))
    return a.date[:width] != b.date[:width]


def _camps(e: Event, *, sides: bool = False) -> set[str]:
    """Camps of the actor (with ``sides``, of the target too)."""
    named = f"{e.actor or ''} and {e.target or ''}" if sides else e.actor or ""
    names = [n.strip() for n in named.split(" and ") if n.strip()]
    return {camp_of(n) for n in names}


def _camps_differ(a: Event, b: Event) -> bool:
    """Two reports whose actors are of different camps (either side of a clash)."""
    sides = spec_of(a.event_type).mutual and spec_of(b.event_type).mutual
    ca, cb = _camps(a, sides=sides), _camps(b, sides=sides)
    return bool(ca and cb and not ca & cb)


def _join(inc: _Incident, f: Event, index: int) -> None:
    inc.add(f, index)


# --- one incident from its reports --------------------------------------------------


def _merged(inc: _Incident) -> Event:
    members = inc.members
    if len(members) == 1:
        return members[0]
    events = _events_of(inc)
    best = min(events, key=_precision)
    place = inc.best
    precise = [m for m in members if _precision(m) == _precision(best)]
    event_type, sub_type = _kind(events)
    tolls = _tolls(members, precise)
    stated = [m for m in sorted(events, key=_precision) if m.date_stated and m.date]
    dated = stated[0] if stated else best
    notes = list(dict.fromkeys(n for m in members for n in m.notes))
    if tolls["history"] and len(tolls["history"]) > 1:
        notes.append("tolls reported: " + ", ".join(map(str, tolls["history"])))
    sentences = len({m.start for m in members})
    if sentences > 1:
        notes.append(f"reported in {sentences} sentences")
    informative = max(events, key=lambda m: (_informative(m), -m.start))
    return replace(
        best,
        mention=place.mention,
        event_type=event_type,
        sub_type=sub_type,
        status=_status(events, event_type),
        sentence=informative.sentence,
        start=informative.start,
        end=informative.end,
        trigger=informative.trigger,
        fatalities=tolls["fatalities"],
        fatalities_low=tolls["low"],
        fatalities_earlier=tolls["earlier"],
        injured=max(
            (m.injured for m in members if m.injured is not None), default=None
        ),
        actor=_union(m.actor for m in events),
        target=next((m.target for m in events if m.target), None),
        source=_union((m.source for m in members), sep=", "),
        date=dated.date,
        date_precision=dated.date_precision,
        date_stated=dated.date_stated,
        confidence=max(m.confidence for m in members),
        notes=tuple(notes),
        evidence=tuple(sorted({s for m in members for s in m.evidence})),
        fatalities_history=tuple(tolls["history"]),
    )


def _kind(members: list[Event]) -> tuple[str, str | None]:
    """Pick the incident's type: specific over generic, a base over its capture.

    An offensive names the fighting and the siege it folds.
    """
    specific = [m for m in members if m.sub_type not in GENERIC_SUB_TYPES]
    pool = specific or members
    bases = [m for m in pool if m.event_type == "base"]
    if bases and any(m.event_type == "control_change" for m in pool):
        part = any(m.sub_type == PART_CAPTURED for m in pool)
        return "base", PART_CAPTURED if part else bases[0].sub_type
    if any(m.sub_type == PART_CAPTURED for m in pool):
        return "control_change", PART_CAPTURED  # one part taken: the rest is not
    offensives = [m for m in pool if m.event_type == "offensive"]
    if offensives:  # a campaign's fighting and encirclement are the offensive's
        first = min(offensives, key=_precision)
        return first.event_type, first.sub_type
    first = min(pool, key=_precision)
    return first.event_type, first.sub_type


def _status(members: list[Event], event_type: str) -> str:
    """Pick the status: a base changing hands is done; else the best report's."""
    if event_type == "base" and any(
        m.event_type == "control_change" and m.status == "done" for m in members
    ):
        return "done"
    same = [m for m in members if m.event_type == event_type] or members
    return min(same, key=_precision).status


def _tolls(members: list[Event], precise: list[Event]) -> dict[str, Any]:
    """Pick the toll of the most precise reports that give one, keep the rest."""
    given = [m for m in members if m.fatalities is not None]
    history = sorted(
        {
            v
            for m in members
            for v in (m.fatalities, m.fatalities_earlier)
            if v is not None
        }
    )
    if not given:
        return {"fatalities": None, "low": None, "earlier": None, "history": history}
    best_precision = min(_precision(m) for m in given)
    pool = [m for m in given if _precision(m) == best_precision]
    top = max(m.fatalities for m in pool)
    # of one count written two ways, the exact figure over the rounded one
    exact = [
        m
        for m in pool
        if _same_count(m.fatalities, top) and m.fatalities % ROUND_FIGURE != 0
    ]
    chosen = max(exact or pool, key=lambda m: m.fatalities)
    earlier = [
        v
        for m in members
        for v in (m.fatalities_earlier, m.fatalities)
        if v is not None and v < chosen.fatalities
    ]
    return {
        "fatalities": chosen.fatalities,
        "low": chosen.fatalities_low,
        "earlier": chosen.fatalities_earlier
        if chosen.fatalities_earlier is not None
        else (max(earlier) if earlier else None),
        "history": history,
    }


def _informative(m: Event) -> tuple[int, ...]:
    return (
        int(_precision(m) < _NO_PLACE),
        int(m.fatalities is not None),
        int(m.date_stated),
        int(m.actor is not None),
        -_precision(m),
    )


def _union(values: Any, sep: str = " and ") -> str | None:
    names: list[str] = []
    for v in values:
        for n in (v or "").split(sep):
            n = n.strip()
            if n and n not in names:
                names.append(n)
    return sep.join(names) or None


def _placed_enough(
    events: list[Event], unmapped: list[dict[str, Any]]
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Report the incidents only a country places that need a finer place.

    A siege, a base or a change of hands is about a town or a province; "an
    airbase in north-east Syria" joins the Tabqa air base when the text names
    it, and is reported when it does not.
    """
    kept = []
    for e in events:
        if e.mention.place.kind == "country" and spec_of(e.event_type).needs_place:
            unmapped.append(
                _report(e, f"only a country is named: too coarse for a {e.event_type}")
            )
        else:
            kept.append(e)
    return kept, unmapped


def _without_settings(
    events: list[Event], unmapped: list[dict[str, Any]]
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Drop a country-level incident that may be one the text places finer.

    A country is an event location only when the text gives no finer place
    for that incident: "fighting … on the border between Syria and Turkey"
    beside the fighting in Kobani is its setting; an offensive "dans le nord de
    la Syrie" in August beside a planned offensive on Raqa is not.
    """
    finer = [e for e in events if e.mention.place.kind != "country"]
    kept = []
    for e in events:
        place = e.mention.place
        if place.kind == "country" and any(
            f.mention.place.country == place.country and _compatible(_single(f), e)
            for f in finer
        ):
            unmapped.append(
                {
                    "doc": e.doc,
                    "text": e.mention.text,
                    "start": e.mention.start,
                    "end": e.mention.end,
                    "reason": "the country is the setting of events the text "
                    "places more precisely",
                }
            )
            continue
        kept.append(e)
    return kept, unmapped


def _current(
    events: list[Event],
    unmapped: list[dict[str, Any]],
    reference: Reference | None,
    history_days: int | None,
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Split off the finished incidents the text dates long before the dispatch."""
    if reference is None or history_days is None or reference.precision == "year":
        return events, unmapped
    kept = []
    for e in events:
        end = _period_end(e.date, e.date_precision) if e.date_stated else None
        lasting = spec_of(e.event_type).durative or e.status != "done"
        if end is None or lasting or (reference.date - end).days <= history_days:
            kept.append(e)
            continue
        unmapped.append(
            _report(
                e,
                f"background: dated {e.date}, more than {history_days} days before "
                f"the dispatch ({reference.iso()})",
            )
        )
    return kept, unmapped


def _period_end(date: str | None, precision: str) -> datetime.date | None:
    """Return the last day of the day, month or year an ISO date stands for."""
    if not date or precision not in ("day", "month", "year"):
        return None
    try:
        if precision == "day":
            return datetime.date.fromisoformat(date[:10])
        year = int(date[:4])
        if precision == "year":
            return datetime.date(year, 12, 31)
        month = int(date[5:7])
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def _plans_under_way(events: list[Event]) -> list[Event]:
    """Fold a planned offensive into the one under way at its place.

    "Objective is to capture Al-Bab" beside the rebels' advance on Al-Bab, "the
    offensive will serve as a crucible" beside the offensive on Tikrit: the
    plan is the offensive's goal, not a second offensive.
    """
    going = [e for e in events if e.event_type == "offensive" and e.status != "planned"]
    out = []
    folded: dict[int, list[Event]] = {}
    for e in events:
        host = None
        if e.event_type == "offensive" and e.status == "planned":
            host = next(
                (
                    g
                    for g in going
                    if _place_score(g, e) == 3 and not _camps_differ(g, e)
                ),
                None,
            )
        if host is None:
            out.append(e)
        else:
            folded.setdefault(id(host), []).append(e)
    return [_with_plans(e, folded[id(e)]) if id(e) in folded else e for e in out]


def _with_plans(going: Event, plans: list[Event]) -> Event:
    """Return the offensive under way with its plans folded in.

    It is planned when the text tells the plan more often, or as often and
    first: "l'offensive pour reprendre Raqa se dessine" before a passing "les
    offensives sur Mossoul … et sur Raqa" is an offensive still to come.
    """
    told = sum(len(p.evidence) for p in plans)
    first_plan = min(p.evidence[0] for p in plans)
    planned = told > len(going.evidence) or (
        told == len(going.evidence) and first_plan < going.evidence[0]
    )
    return replace(
        going,
        status="planned" if planned else going.status,
        date=None if planned else going.date,
        date_stated=False if planned else going.date_stated,
        notes=(*going.notes, *(f"planned: {p.trigger}" for p in plans)),
        evidence=tuple(
            sorted({*going.evidence, *(s for p in plans for s in p.evidence)})
        ),
    )


# --- a battle that ended in a change of hands -----------------------------------------


def _settled(
    events: list[Event], unmapped: list[dict[str, Any]], *, fold: bool = True
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Fold a battle into the capture it ended with; drop the holding it ended.

    Wire copy about a town taken tells the assault, the fighting, the siege
    and the shelling that led to it; the incident is the capture ("Syrian
    government forces have recaptured Kasab … fighting … besieged … under
    frequent bombardment"). A finding at the same place, of the ground or
    fire family, by the capturer's camp or either side, not said to go on
    and not dated after the capture, is folded into it. A holding claim by the
    camp that lost the place is its former state ("la ville rebelle d'Idleb");
    one by the camp that took it is its outcome, folded in.
    A capture of a part of the place ("deux quartiers de Tal Afar") settles
    nothing: the rest is still held and fought for.
    """
    changes = [e for e in events if _complete_change(e)]
    if not changes:
        return events, unmapped
    folded: dict[int, list[Event]] = {}
    kept = []
    for e in events:
        change = next(
            (c for c in changes if c is not e and _place_score(c, e) == 3), None
        )
        if change is None or e in changes:
            kept.append(e)
        elif (
            e.status == "held"
            and change.event_type == "control_change"
            and _former_holder(change, e)
        ):
            unmapped.append(
                _report(
                    e,
                    "a former holding: the text reports the place "
                    f"changing hands ({change.trigger})",
                )
            )
        elif fold and (_part_of_battle(change, e) or _outcome(change, e)):
            folded.setdefault(id(change), []).append(e)
        else:
            kept.append(e)
    return [_fold(e, folded.get(id(e), [])) for e in kept], unmapped


def _outcome(change: Event, held: Event) -> bool:
    """Whether a holding claim is what a capture made.

    "les forces armées contrôlent entièrement la ville" after "l'armée a pris
    Yabroud": the holding is the capture's outcome.
    """
    if held.status != "held" or change.event_type != "control_change":
        return False
    winner, _ = _winner_loser(change)
    holder = _camps(held)
    return bool(winner and holder and holder <= winner)


def _complete_change(e: Event) -> bool:
    return (
        e.event_type in ("control_change", "base")
        and e.status == "done"
        and e.sub_type != PART_CAPTURED
        and e.mention is not None
        and _precision(e) == 1
    )


def _winner_loser(change: Event) -> tuple[set[str], set[str]]:
    if change.sub_type == "lost":
        return set(), _camps_of(change.target)
    return _camps(change), _camps_of(change.target)


def _camps_of(names: str | None) -> set[str]:
    return {camp_of(n.strip()) for n in (names or "").split(" and ") if n.strip()}


def _former_holder(change: Event, held: Event) -> bool:
    winner, loser = _winner_loser(change)
    holder = _camps(held)
    if not holder:
        return False
    return bool(holder & loser) or bool(winner and not holder & winner)


def _part_of_battle(change: Event, e: Event) -> bool:
    family = spec_of(e.event_type).family
    if family not in ("ground", "fire") or STATUS_GROUP[e.status] != "active":
        return False
    if e.status == "ongoing" and e.status_stated:
        return False  # "fighting was still going on"
    if e.date_stated and change.date_stated and e.date and change.date:
        width = min(len(e.date), len(change.date))
        if e.date[:width] > change.date[:width]:
            return False  # after the capture
    winner, loser = _winner_loser(change)
    sides = _camps(e)
    if family == "fire":
        return bool(sides) and sides <= winner
    return not sides or sides <= winner | loser


def _fold(change: Event, battle: list[Event]) -> Event:
    if not battle:
        return change
    notes = list(change.notes)
    notes += [
        f"{spec_of(b.event_type).label.lower()} that led to it ({b.trigger})"
        for b in battle
    ]
    tolls = [b for b in battle if b.fatalities is not None]
    toll = (
        change
        if change.fatalities is not None or not tolls
        else max(tolls, key=lambda b: b.fatalities)
    )
    return replace(
        change,
        fatalities=toll.fatalities,
        fatalities_low=toll.fatalities_low,
        fatalities_earlier=toll.fatalities_earlier,
        notes=tuple(notes),
        evidence=tuple(
            sorted({*change.evidence, *(s for b in battle for s in b.evidence)})
        ),
    )


def _report(e: Event, reason: str) -> dict[str, Any]:
    return {
        "doc": e.doc,
        "text": e.trigger,
        "start": e.start,
        "end": e.end,
        "reason": reason,
    }
