"""Settle a document's incidents: background, coarse places, plans, battles.

After :func:`~conflict_geo.incidents.resolve.resolve_incidents` has grouped a
document's findings, :func:`settle` reports what is not news or not placed
enough, folds a planned offensive into the one under way, and a battle into
the change of hands it ended in:

* an incident only a country places that needs a finer place (a siege, a
  base, a change of hands) is reported;
* a finished incident the text dates more than ``history_days`` before the
  dispatch is background ("tombée aux mains de l'EI en janvier 2014");
* a planned offensive at the place of one under way is its goal;
* wire copy about a town taken tells the assault, the fighting, the siege and
  the shelling that led to it: the incident is the capture, and the holding
  claim of the camp that lost the place is its former state.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import replace
from typing import Any

from conflict_geo.events.event import Event
from conflict_geo.events.roles import camp_of
from conflict_geo.events.types import PART_CAPTURED, spec_of
from conflict_geo.incidents.relate import (
    STATUS_GROUP,
    camps,
    camps_differ,
    place_score,
    precision,
)
from conflict_geo.lang import flatten, union_words
from conflict_geo.text.dates import Reference

__all__ = ["complete_change", "report_of", "settle"]


def settle(
    events: list[Event],
    unmapped: list[dict[str, Any]],
    *,
    reference: Reference | None,
    history_days: int | None,
    fold_battles: bool,
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Report background and coarse incidents, fold plans and battles.

    Parameters
    ----------
    events : list of Event
        A document's incidents, in the order told.
    unmapped : list of dict
        Reports so far (added to).
    reference : Reference or None
        The dispatch date.
    history_days : int or None
        Finished incidents dated more days than this before the dispatch are
        background (None keeps them).
    fold_battles : bool
        Fold the battle at a place into the change of hands it ended in.

    Returns
    -------
    (list of Event, list of dict)
        The incidents kept, and the reports.
    """
    events, unmapped = _placed_enough(events, unmapped)
    events, unmapped = _current(events, unmapped, reference, history_days)
    events, unmapped = _reversed_earlier(events, unmapped)
    events = _plans_under_way(events)
    return _settled(events, unmapped, fold=fold_battles)


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
                report_of(
                    e, f"only a country is named: too coarse for a {e.event_type}"
                )
            )
        else:
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
            report_of(
                e,
                f"background: dated {e.date}, more than {history_days} days before "
                f"the dispatch ({reference.iso()})",
            )
        )
    return kept, unmapped


def _reversed_earlier(
    events: list[Event], unmapped: list[dict[str, Any]]
) -> tuple[list[Event], list[dict[str, Any]]]:
    """Report a change of hands the text's news reversed.

    "Syrian government forces have recaptured Kasab" … "accused Ankara of
    helping rebel groups seize Kasab": a capture of the same place by the
    other camp, told after the news and given no date, is how the place was
    lost before, not a second incident of the day.
    """
    changes = [e for e in events if complete_change(e)]
    later = _later_words()
    reversed_ = [
        b
        for b in changes
        if not b.date_stated
        and not later.search(flatten(b.sentence))  # "Quelques heures plus tard"
        and any(
            a.evidence[0] < b.evidence[0]
            and place_score(a, b) == 3
            and camps_differ(a, b)
            for a in changes
        )
    ]
    for b in reversed_:
        unmapped.append(
            report_of(b, "an earlier change of hands the text's news reversed")
        )
    return [e for e in events if not any(e is b for b in reversed_)], unmapped


@functools.cache
def _later_words() -> re.Pattern[str]:
    """Words that tell an event came after the one told before, in any language."""
    words = sorted(union_words("later_words"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


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
                (g for g in going if place_score(g, e) == 3 and not camps_differ(g, e)),
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
    changes = [e for e in events if complete_change(e)]
    if not changes:
        return events, unmapped
    folded: dict[int, list[Event]] = {}
    kept = []
    for e in events:
        change = next(
            (c for c in changes if c is not e and place_score(c, e) == 3), None
        )
        if change is None or e in changes:
            kept.append(e)
        elif (
            e.status == "held"
            and change.event_type == "control_change"
            and _former_holder(change, e)
        ):
            unmapped.append(
                report_of(
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
    holder = camps(held)
    return bool(winner and holder and holder <= winner)


def complete_change(e: Event) -> bool:
    """Whether a finding is a whole place changing hands, precisely placed."""
    return (
        e.event_type in ("control_change", "base")
        and e.status == "done"
        and e.sub_type != PART_CAPTURED
        and e.mention is not None
        and precision(e) == 1
    )


def _winner_loser(change: Event) -> tuple[set[str], set[str]]:
    if change.sub_type == "lost":
        return set(), _camps_of(change.target)
    return camps(change), _camps_of(change.target)


def _camps_of(names: str | None) -> set[str]:
    return {camp_of(n.strip()) for n in (names or "").split(" and ") if n.strip()}


def _former_holder(change: Event, held: Event) -> bool:
    winner, loser = _winner_loser(change)
    holder = camps(held)
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
    sides = camps(e)
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


def report_of(e: Event, reason: str) -> dict[str, Any]:
    """Return the report of an incident left off the map, and why."""
    return {
        "doc": e.doc,
        "text": e.trigger,
        "start": e.start,
        "end": e.end,
        "reason": reason,
    }
