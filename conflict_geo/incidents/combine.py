"""One incident from its reports: place, type, status, toll, actors, sentences.

:func:`combine` makes one event of the findings that
:func:`~conflict_geo.incidents.resolve.resolve_incidents` grouped: a headline,
a lead and body sentences that tell one incident at their own precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from conflict_geo.events.event import Event
from conflict_geo.events.types import GENERIC_SUB_TYPES, PART_CAPTURED, spec_of
from conflict_geo.incidents.relate import (
    NO_PLACE,
    ROUND_FIGURE,
    is_toll,
    precision,
    same_count,
)

__all__ = ["combine"]


def combine(members: Sequence[Event], place: Event) -> Event:
    """Make one event of the reports of one incident.

    Parameters
    ----------
    members : sequence of Event
        The incident's findings, in text order (toll findings included).
    place : Event
        The member at the incident's most precise place.

    Returns
    -------
    Event
        The incident: the most precise place, the toll of its most precise
        reports (every distinct toll kept in ``fatalities_history``), the union
        of actors and sources, every evidence sentence and the most
        informative one.
    """
    if len(members) == 1:
        return members[0]
    events = [m for m in members if not is_toll(m)]
    best = min(events, key=precision)
    precise = [m for m in members if precision(m) == precision(best)]
    event_type, sub_type = _kind(events)
    counted = _campaign_tolls(members, event_type, place)
    tolls = _tolls(counted, precise)
    if counted != list(members):
        # (a battle's toll kept off the campaign stays in its history)
        whole = _tolls(members, precise)["history"]
        tolls["history"] = sorted({*tolls["history"], *whole})
    stated = [m for m in sorted(events, key=precision) if m.date_stated and m.date]
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
    # a part taken of a coarser place ("large areas of Syria") is not a part
    # of the incident's place (the base)
    finest = min(precision(m) for m in pool)
    part = any(m.sub_type == PART_CAPTURED and precision(m) == finest for m in pool)
    bases = [m for m in pool if m.event_type == "base"]
    if bases and any(m.event_type == "control_change" for m in pool):
        return "base", PART_CAPTURED if part else bases[0].sub_type
    if part:
        return "control_change", PART_CAPTURED  # one part taken: the rest is not
    offensives = [m for m in pool if m.event_type == "offensive"]
    if offensives:  # a campaign's fighting and encirclement are the offensive's
        first = min(offensives, key=precision)
        return first.event_type, first.sub_type
    first = min(pool, key=precision)
    return first.event_type, first.sub_type


def _status(members: list[Event], event_type: str) -> str:
    """Pick the status: a base changing hands is done; else the best report's."""
    if event_type == "base" and any(
        m.event_type == "control_change" and m.status == "done" for m in members
    ):
        return "done"
    same = [m for m in members if m.event_type == event_type] or members
    return min(same, key=precision).status


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
    best_precision = min(precision(m) for m in given)
    pool = [m for m in given if precision(m) == best_precision]
    top = max(m.fatalities for m in pool)
    # of one count written two ways, the exact figure over the rounded one
    exact = [
        m
        for m in pool
        if same_count(m.fatalities, top) and m.fatalities % ROUND_FIGURE != 0
    ]
    chosen = max(exact or pool, key=lambda m: m.fatalities)
    groups = _by_group(given)
    if groups is not None:
        # "un rebelle a été tué" … "la mort de 46 djihadistes": 47
        total = sum(groups.values())
        return {
            "fatalities": total,
            "low": None,
            "earlier": None,
            "history": sorted({*history, total}),
        }
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


def _campaign_tolls(members: list[Event], event_type: str, place: Event) -> list[Event]:
    """Keep a battle's toll off the campaign it is part of.

    "De violents combats, qui ont coûté la vie à trois soldats" in the
    offensive on Mosul: three is that day's toll, not the offensive's; it
    stays in the toll history. A toll of the offensive itself ("the assault
    has killed at least 28") is its toll.
    """
    campaigns = [
        m
        for m in members
        if spec_of(m.event_type).durative
        and _placed_by_itself(m)
        and precision(m) <= precision(place)
    ]
    if not spec_of(event_type).durative or not campaigns:
        # (an offensive only referred back to, "avant l'offensive", or told
        # of a whole country, makes no campaign of the fighting it joined)
        return list(members)
    return [
        m
        if spec_of(m.event_type).durative or is_toll(m) or m.fatalities is None
        else replace(m, fatalities=None, fatalities_low=None)
        for m in members
    ]


def _placed_by_itself(m: Event) -> bool:
    """Whether a finding's place is named in its own sentence (not borrowed)."""
    return m.mention is not None and m.start <= m.mention.start < m.end


def _by_group(given: list[Event]) -> dict[str, int] | None:
    """Return the toll of each group when an incident's tolls count two or more.

    Each toll must name whom it counts (a side, or civilians): a toll of no
    named group may be the total, and then the groups are not added up.
    """
    groups: dict[str, int] = {}
    for m in given:
        if not m.victims or m.aggregate:
            return None
        groups[m.victims] = max(groups.get(m.victims, 0), m.fatalities or 0)
    return groups if len(groups) >= 2 else None


def _informative(m: Event) -> tuple[int, ...]:
    return (
        int(precision(m) < NO_PLACE),
        int(m.fatalities is not None),
        int(m.date_stated),
        int(m.actor is not None),
        -precision(m),
    )


def _union(values: Any, sep: str = " and ") -> str | None:
    names: list[str] = []
    for v in values:
        for n in (v or "").split(sep):
            n = n.strip()
            if n and n not in names:
                names.append(n)
    return sep.join(names) or None
