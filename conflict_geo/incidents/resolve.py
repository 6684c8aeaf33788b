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

from conflict_geo.events.event import Event, precision_of
from conflict_geo.events.roles import camp_of
from conflict_geo.events.types import GENERIC_SUB_TYPES, spec_of

__all__ = ["ANAPHORA_SENTENCES", "resolve_incidents"]

#: A finding that names no place joins an incident reported at most this many
#: sentences before it (or, failing that, after it).
ANAPHORA_SENTENCES = 3
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

    @property
    def best(self) -> Event:
        """The member at the most precise place (the first among equals)."""
        return min(self.members, key=_precision)

    @property
    def last_index(self) -> int:
        return self.indexes[-1]


def _precision(e: Event) -> int:
    if e.mention is None or e.mention.place is None:
        return _NO_PLACE
    return precision_of(e.mention.place.kind) or _NO_PLACE


def resolve_incidents(
    findings: Sequence[Event],
    sentence_starts: Sequence[int],
    reasons: Mapping[int, str] | None = None,
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
        if f.mention is None:
            target = _best(incidents, f, index, anaphoric=True)
            if target is None:
                pending.append((f, index))
            else:
                _join(target, f, index)
            continue
        target = _best(incidents, f, index, anaphoric=False)
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
        topic = _topic(incidents, index)
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
        inc = _Incident()
        _join(inc, replace(f, mention=mention, notes=(*f.notes, note)), index)
        incidents.append(inc)
    events = sorted((_merged(i) for i in incidents), key=lambda e: e.evidence[0])
    return _without_settings(events, unmapped)


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


def _best(
    incidents: list[_Incident], f: Event, index: int, *, anaphoric: bool
) -> _Incident | None:
    best, best_key = None, None
    for n, inc in enumerate(incidents):
        if anaphoric and not 0 <= index - inc.last_index <= ANAPHORA_SENTENCES:
            continue
        if not _compatible(inc, f):
            continue
        relation = 0 if anaphoric else _place_score(inc.best, f)
        key = (relation, inc.last_index, n)
        if best_key is None or key > best_key:
            best, best_key = inc, key
    return best


def _compatible(inc: _Incident, f: Event) -> bool:
    if any(not _kinds_agree(m, f) for m in inc.members):
        return False
    if any(STATUS_GROUP[m.status] != STATUS_GROUP[f.status] for m in inc.members):
        return False
    if any(m.aggregate != f.aggregate for m in inc.members):
        return False
    if f.mention is not None and _place_score(inc.best, f) == 0:
        return False
    if any(_dates_differ(m, f) for m in inc.members):
        return False
    return not any(_camps_differ(m, f) for m in inc.members)


def _kinds_agree(a: Event, b: Event) -> bool:
    if a.event_type == b.event_type:
        return True
    fa, fb = spec_of(a.event_type).family, spec_of(b.event_type).family
    if fa != fb:
        return False
    if fa == "fire":
        return a.sub_type in GENERIC_SUB_TYPES or b.sub_type in GENERIC_SUB_TYPES
    # a base taken is one incident: "l'armée a repris la base aérienne"
    return fa == "control" and "held" not in (a.status, b.status)


def _place_score(a: Event, b: Event) -> int:
    """3 same place, 2 one contains the other, 1 either has none, 0 apart."""
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    if pa is None or pb is None:
        return 1
    if pa is pb or (pa.name, pa.lat, pa.lon) == (pb.name, pb.lat, pb.lon):
        return 3
    if _inside(pb, pa) or _inside(pa, pb):
        return 2
    return 0


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


def _dates_differ(a: Event, b: Event) -> bool:
    if not (a.date_stated and b.date_stated and a.date and b.date):
        return False
    width = min(len(a.date), len(b.date))
    return a.date[:width] != b.date[:width]


def _camps(e: Event) -> set[str]:
    names = [n.strip() for n in (e.actor or "").split(" and ") if n.strip()]
    return {camp_of(n) for n in names}


def _camps_differ(a: Event, b: Event) -> bool:
    ca, cb = _camps(a), _camps(b)
    return bool(ca and cb and not ca & cb)


def _join(inc: _Incident, f: Event, index: int) -> None:
    inc.members.append(f)
    inc.indexes.append(index)


# --- one incident from its reports --------------------------------------------------


def _merged(inc: _Incident) -> Event:
    members = inc.members
    if len(members) == 1:
        return members[0]
    best = inc.best
    precise = [m for m in members if _precision(m) == _precision(best)]
    event_type, sub_type = _kind(members)
    tolls = _tolls(members, precise)
    stated = [m for m in sorted(members, key=_precision) if m.date_stated and m.date]
    dated = stated[0] if stated else best
    notes = list(dict.fromkeys(n for m in members for n in m.notes))
    if tolls["history"] and len(tolls["history"]) > 1:
        notes.append("tolls reported: " + ", ".join(map(str, tolls["history"])))
    sentences = len({m.start for m in members})
    if sentences > 1:
        notes.append(f"reported in {sentences} sentences")
    informative = max(members, key=lambda m: (_informative(m), -m.start))
    return replace(
        best,
        event_type=event_type,
        sub_type=sub_type,
        status=_status(members, event_type),
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
        actor=_union(m.actor for m in members),
        target=next((m.target for m in members if m.target), None),
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
    """Pick the incident's type: specific over generic, a base over its capture."""
    specific = [m for m in members if m.sub_type not in GENERIC_SUB_TYPES]
    pool = specific or members
    bases = [m for m in pool if m.event_type == "base"]
    if bases and any(m.event_type == "control_change" for m in pool):
        return "base", bases[0].sub_type
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
    chosen = max(pool, key=lambda m: m.fatalities)
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
            f.mention.place.country == place.country
            and _compatible(_Incident([f], [0]), e)
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
