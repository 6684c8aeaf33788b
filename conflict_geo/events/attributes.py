"""What a sentence says of one of its events: status, date, means, part, toll.

The status a trigger implies or its words state ("planned", "ongoing"); its
date; whether fire came from the air or the ground; whether a capture took
only a part of the place; an event "near" a town; and which of the
sentence's counts belongs to which of its events.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from conflict_geo.events.context import SentenceContext
from conflict_geo.events.roles import actor_has_aircraft
from conflict_geo.events.tolls import Tolls, read_tolls
from conflict_geo.events.types import spec_of
from conflict_geo.lang import Trigger, flatten
from conflict_geo.places.geoparse import Mention
from conflict_geo.places.place import POPULATED_KINDS, Place
from conflict_geo.text.dates import Reference
from conflict_geo.text.numbers import Quantity

if TYPE_CHECKING:
    pass

__all__ = [
    "GROUND_BOMBARDMENT",
    "date_of",
    "fired_from_the_air",
    "from_the_ground",
    "near",
    "of_a_part",
    "status_of",
    "toll_owner",
    "toll_shares",
]


#: Sub-type of a bombardment the sentence says was fired from the ground.
GROUND_BOMBARDMENT = "ground bombardment"


#: Characters after a trigger read for a planned or ongoing cue, by type.
STATUS_REACH = {"offensive": 90, "clash": 60}


STATUS_REACH_DEFAULT = 40


#: Characters before a trigger read for a status cue.
STATUS_BEFORE = 60


#: Characters before a date read for a word that makes it a start ("since").
SINCE_BEFORE = 15


#: Characters before the end of a siege read for an attempt ("pour tenter de").
ATTEMPT_BEFORE = 30


#: Characters before a place read for the part of it a passive capture took
#: ("two districts on the outskirts of Fallujah have been taken").
PART_BEFORE = 45


def status_of(t: Trigger, ctx: SentenceContext) -> tuple[str, bool]:
    """Return the finding's status, and whether a cue word of the text says it."""
    flat, lex = ctx.flat, ctx.lex
    if t.event_type == "siege":
        ended = lex.rx(r"\b{ended}$").search(flat, max(0, t.start - 40), t.start)
        # ("un assaut pour tenter de briser le siège": an end tried, not reached)
        tried = ended and lex.rx(r"\b{attempt_words}\s*$").search(
            flat, max(0, ended.start() - ATTEMPT_BEFORE), ended.start()
        )
        if ended and not tried:
            return "done", True  # "broke a three-year siege", "la levée du siège"
    if t.status == "held":
        return "held", True
    if t.status == "ongoing" and t.event_type in ("control_change", "siege", "base"):
        return "ongoing", False  # a siege, a base: a state, not a plan
    reach = STATUS_REACH.get(t.event_type, STATUS_REACH_DEFAULT)
    window = flat[max(0, t.start - STATUS_BEFORE) : t.end + reach]
    if lex.rx(r"\b{planned}\b").search(window):
        return "planned", True
    step = lex.rx(r"\b{before_doing}\s*$").search(flat, max(0, t.start - 12), t.start)
    if step and lex.rx(r"\b{planned}\b").search(flat, 0, step.start()):
        return "planned", True  # "compte avancer vers A … avant de marcher sur B"
    ongoing = lex.rx(r"\b{ongoing}\b").search(window) is not None
    if t.event_type == "clash":  # done when told in a past tense
        fought = lex.rx(r"\b{past_fight}\b").search(flat) is not None
        return ("done", True) if fought and not ongoing else ("ongoing", ongoing)
    if t.status:
        return t.status, t.status == "planned"
    if t.event_type == "offensive":
        return "ongoing", ongoing
    if ongoing:
        return "ongoing", True
    return spec_of(t.event_type).default_status, False


def date_of(
    t: Trigger, ctx: SentenceContext, status: str, reference: Reference | None
) -> tuple[str | None, str, bool]:
    """Return the date nearest the trigger, else the dispatch's, and if stated."""
    duration = ctx.lex.rx(r"{duration_words}\b")
    dates = [d for d in ctx.dates if d.value or not duration.match(flatten(d.text))]
    lasting = status == "held" or spec_of(t.event_type).durative
    if not lasting:
        # "entered Kasab, held by the rebels since March 21": the start of
        # the holding, not the day of the entry
        since = ctx.lex.rx(r"\b{since_words}\s*$")
        dates = [
            d
            for d in dates
            if not since.search(ctx.flat, max(0, d.start - SINCE_BEFORE), d.start)
            and not since.search(flatten(d.text).split(" ", 1)[0] + " ")
        ]
    if dates:
        nearest = min(
            dates,
            key=lambda d: abs(d.start - t.end) if d.start >= t.end else t.start - d.end,
        )
        if nearest.value:
            return nearest.value, nearest.precision or "", True
        return None, "", False
    if status == "planned" or reference is None:
        return None, "", False
    return reference.iso(), reference.precision, False


def of_a_part(t: Trigger, m: Mention, ctx: SentenceContext) -> bool:
    """Whether a capture takes only a part of the place ("deux quartiers de")."""
    part = ctx.lex.rx(r"\b{part_words}\b")
    if m.start >= t.end:
        return part.search(ctx.flat[t.end : m.start]) is not None
    # passive: the part is the subject, before the place; or the object right
    # after the trigger names only a part ("isolating the city through the
    # recapture of surrounding areas")
    if part.search(ctx.flat[max(0, m.start - PART_BEFORE) : m.start]):
        return True
    object_part = ctx.lex.rx(
        r"^\s*(?:{of_words}\s?)?(?:{determiners}\s?)?(?:[\w-]+\s){{0,2}}?{part_words}\b"
    )
    return object_part.match(ctx.flat[t.end : t.end + PART_BEFORE]) is not None


def near(m: Mention, ctx: SentenceContext) -> Mention:
    """Return the vicinity of a settlement the sentence puts the event near.

    "a marketplace near Damascus", "un quartier à la périphérie de Damas",
    "a Damascus suburb": the event is around the town, not in it; its place is
    the town's environs (kind ``environs``, precision 2, at the town's point).
    """
    place = m.place
    if place is None or place.kind not in POPULATED_KINDS:
        return m
    lex = ctx.lex
    before = lex.rx(r"\b{vicinity_before}\s+(?:{determiners}\s?)?$")
    after = (
        lex.rx(r"\s+(?:{vicinity_after})\b") if lex.words("vicinity_after") else None
    )
    near = before.search(ctx.flat[max(0, m.start - 30) : m.start]) or (
        after is not None and after.match(ctx.flat, m.end)
    )
    if not near:
        return m
    vicinity = Place(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        admin1=place.admin1,
        kind="environs",
        source=f"context:{place.name}",
    )
    reason = f"near {place.name}, as the text says (placed at its point)"
    return dataclasses.replace(m, place=vicinity, reason=reason)


def fired_from_the_air(t: Trigger, ctx: SentenceContext) -> bool:
    """Whether missiles or rockets were fired by aircraft the sentence names."""
    lex = ctx.lex
    word = ctx.flat[t.start : t.end]
    if not lex.rx(r"^{projectile_words}$").match(word):
        return False
    return lex.rx(r"\b{aircraft_words}\b").search(ctx.flat) is not None


def from_the_ground(actor: str | None, ctx: SentenceContext) -> bool:
    """Whether a generic bombardment was fired from the ground.

    The sentence's words say it ("des chars et l'artillerie", "warplanes");
    failing that, an actor without aircraft ("les rebelles") fires shells.
    """
    lex = ctx.lex
    if lex.rx(r"\b{aircraft_words}\b").search(ctx.flat):
        return False
    if lex.rx(r"\b{ground_fire_words}\b").search(ctx.flat):
        return True
    names = [a.strip() for a in (actor or "").split(" and ") if a.strip()]
    return bool(names) and all(actor_has_aircraft(a) is False for a in names)


def toll_shares(
    items: list[tuple[Trigger, Mention | None, float]], ctx: SentenceContext
) -> dict[int, Tolls]:
    """Split a sentence's counts among its violent events.

    "5 morts dans le village d'Al-Malaja …, tandis que 4 civils ont péri dans
    des raids près de Saraqeb", "une embuscade …, tuant 20 d'entre eux, alors
    qu'ils tentaient de pénétrer dans la ville": each count belongs to the
    event nearest it. Empty when the sentence has one violent event (it takes
    the whole toll).
    """
    violent = [i for i, (t, _, _) in enumerate(items) if spec_of(t.event_type).violent]
    if len({items[i][0].start for i in violent}) < 2:
        return {}
    groups: dict[int, list[Quantity]] = {i: [] for i in violent}
    for q in ctx.quantities:
        nearest = min(violent, key=lambda i: _distance(q, items[i]))
        groups[nearest].append(q)
    first = violent[0]
    return {i: read_tolls(ctx, qs, whole=i == first) for i, qs in groups.items()}


def _distance(q: Quantity, item: tuple[Trigger, Mention | None, float]) -> int:
    t, m, _ = item
    to_trigger = (
        0
        if t.start <= q.start < t.end
        else min(abs(q.start - t.end), abs(t.start - q.end))
    )
    if m is None:
        return to_trigger
    to_place = (
        0
        if m.start <= q.start < m.end
        else min(abs(q.start - m.end), abs(m.start - q.end))
    )
    return min(to_trigger, to_place)


def toll_owner(
    items: list[tuple[Trigger, Mention | None, float]], tolls: Tolls
) -> int | None:
    """Return the finding a sentence's toll belongs to: its first violent one."""
    if tolls.empty:
        return None
    for i, (t, _, _) in enumerate(items):
        if spec_of(t.event_type).violent:
            return i
    return 0 if items else None
