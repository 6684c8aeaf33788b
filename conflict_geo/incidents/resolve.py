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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from conflict_geo.events.event import Event
from conflict_geo.events.types import spec_of
from conflict_geo.incidents.combine import combine
from conflict_geo.incidents.relate import (
    STATUS_GROUP,
    camps_differ,
    country_only,
    dates_differ,
    is_toll,
    kinds_agree,
    part_of,
    place_score,
    precision,
    tolls_differ,
)
from conflict_geo.incidents.settle import complete_change, settle
from conflict_geo.places.place import POPULATED_KINDS
from conflict_geo.text.dates import Reference

__all__ = ["ANAPHORA_SENTENCES", "HISTORY_DAYS", "resolve_incidents"]

#: A finding that names no place joins an incident reported at most this many
#: sentences before it (or, failing that, after it).
ANAPHORA_SENTENCES = 3


#: Days before the dispatch date beyond which a finished incident the text
#: dates is background, not news (two weeks: wire copy recalls older events to
#: situate new ones, "captured Idlib city last month").
HISTORY_DAYS = 14


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
        if not is_toll(f):
            self.kinds.setdefault(_signature(f), f)
        if (
            self.best is None
            or (
                precision(f) < precision(self.best)
                and not part_of(self.best, f)
                and not _vicinity_of(self.best, f)
            )
            or _vicinity_of(f, self.best)
            # ("air attack on the al-Waer neighbourhood of Homs" after "Homs")
            or (part_of(f, self.best) and not part_of(self.best, f))
        ):
            self.best = f  # the member at the most precise place, the first


def _vicinity_of(a: Event, b: Event) -> bool:
    """Whether ``a`` is placed near the town ``b`` is placed in.

    "Missiles Into Marketplace in Damascus" … "a marketplace in a town near
    Damascus": the headline names the city, the body says the event was near
    it; a settlement around it the text names later is finer still.
    """
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    return (
        pa is not None
        and pb is not None
        and pa.kind == "environs"
        and pb.kind in POPULATED_KINDS
        and (pa.name, pa.lat, pa.lon) == (pb.name, pb.lat, pb.lon)
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
        :mod:`~conflict_geo.incidents.settle`). False keeps each an incident of its own.

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
        if f.mention is None or is_toll(f):
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
        topic = None if is_toll(f) else _topic(incidents, index)
        if topic is None and not is_toll(f) and index < LEAD_SENTENCES:
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
        if inc is None or place_score(inc.best, placed) < 3:
            inc = _Incident()
            incidents.append(inc)
        _join(inc, placed, index)
    incidents = _near_towns_joined(incidents)
    # what happened first, in the order told; who holds what after it
    events = sorted(
        (combine(i.members, i.best) for i in incidents),
        key=lambda e: (e.status == "held", e.evidence[0]),
    )
    events, unmapped = _without_settings(events, unmapped)
    return settle(
        events,
        unmapped,
        reference=reference,
        history_days=history_days,
        fold_battles=fold_battles,
    )


def _near_towns_joined(incidents: list[_Incident]) -> list[_Incident]:
    """Join an incident the text puts near a town to the one at a place around it.

    "Missiles Into Marketplace in Damascus" … "a marketplace in a town near
    Damascus" … "missiles at Douma, 15 km northeast of Damascus": the incident
    near Damascus is the one at Douma, when exactly one incident of that kind,
    status, date and camp lies around the town.
    """
    out = list(incidents)
    for near in incidents:
        place = near.best.mention.place if near.best.mention is not None else None
        if place is None or place.kind != "environs":
            continue
        around = [
            inc
            for inc in out
            if inc is not near
            and inc.best.mention is not None
            and inc.best.mention.place.kind in POPULATED_KINDS
            and place_score(near.best, inc.best) >= 2
            and _agree(near, inc)
        ]
        if len(around) != 1:
            continue
        joined = _Incident()
        pairs = zip(
            near.members + around[0].members,
            near.indexes + around[0].indexes,
            strict=True,
        )
        for f, index in sorted(pairs, key=lambda p: (p[1], p[0].start)):
            joined.add(f, index)
        first = min(out.index(near), out.index(around[0]))
        out = [i for i in out if i is not near and i is not around[0]]
        out.insert(first, joined)
    return out


def _agree(a: _Incident, b: _Incident) -> bool:
    """Whether two incidents' reports may tell one incident, places aside."""
    for m in a.kinds.values():
        for n in b.kinds.values():
            if (
                not kinds_agree(m, n)
                or STATUS_GROUP[m.status] != STATUS_GROUP[n.status]
                or m.aggregate != n.aggregate
                or dates_differ(m, n)
                or tolls_differ(m, n)
                or camps_differ(m, n)
            ):
                return False
    return bool(a.kinds and b.kinds)


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
    same = [i for i in after if any(kinds_agree(m, f) for m in i.kinds.values())]
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
        relation = 0 if anaphoric else place_score(inc.best, f)
        key = (relation, inc.last_index, n)
        if best_key is None or key > best_key:
            best, best_key = inc, key
    return best


def _events_of(inc: _Incident) -> list[Event]:
    """Return the members that report the event itself (not only its toll)."""
    return [m for m in inc.members if not is_toll(m)]


def _compatible(inc: _Incident, f: Event, *, part: bool = False) -> bool:
    events = list(inc.kinds.values())
    if is_toll(f):
        # a toll joins a violent incident at its place, or the one it follows
        return (
            bool(events)
            and not f.aggregate  # a war's or a period's total is no incident's
            # a violent incident, or a change of hands (the toll of the
            # battle that ended in it: "54 killed in the ongoing operation")
            and any(spec_of(m.event_type).violent or complete_change(m) for m in events)
            and not any(m.aggregate for m in events)
            # ("12 à Alep": the strike on a quarter the text puts in Aleppo)
            and (f.mention is None or place_score(inc.best, f, part=True) >= 2)
        )
    if not events:
        return False
    kinds = events
    if f.event_type != "clash" and spec_of(f.event_type).family == "ground":
        # an offensive joins a campaign by its offensive and siege, whatever
        # fighting with unnamed sides the campaign already folded
        kinds = [m for m in events if m.event_type != "clash"] or events
    if any(not kinds_agree(m, f) for m in kinds):
        return False
    if any(STATUS_GROUP[m.status] != STATUS_GROUP[f.status] for m in events):
        return False
    if any(m.aggregate != f.aggregate for m in events):
        return False
    # a part of a town (a neighbourhood the text locates there) is inside it,
    # but who holds it may differ from who holds the town
    inside = part or f.status != "held"
    if f.mention is not None and place_score(inc.best, f, part=inside) == 0:
        return False
    # a country holds many incidents: one named only by its country joins a
    # finer one only when their dates agree, however long the event lasts
    coarse = f.mention is not None and country_only(f) != country_only(inc.best)
    if any(dates_differ(m, f, strict=coarse) for m in events):
        return False
    if any(tolls_differ(m, f) for m in events):
        return False
    return not any(camps_differ(m, f) for m in events)


def _join(inc: _Incident, f: Event, index: int) -> None:
    inc.add(f, index)


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
