"""Which of a sentence's triggers report an event there.

Hypothetical, fled-from and supporting words are no events ("sans combats",
"fleeing the fighting", "backed by U.S. airstrikes"); a noun that needs a
place without one is a seat ("le siège"); a capture verb next to fighting
means "resume"; the event nouns of one phrase are one trigger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from conflict_geo.events.context import SentenceContext
from conflict_geo.events.roles import owner_named
from conflict_geo.events.types import spec_of
from conflict_geo.lang import Lexicon, Trigger

if TYPE_CHECKING:
    pass

__all__ = ["confirmed", "phrases", "usable"]


#: Characters before a trigger read for what makes it hypothetical or fled.
HYPOTHESIS_WINDOW = 50


#: Characters before a trigger read for a phrase of support ("avec le soutien
#: aérien de la coalition … ainsi que des tirs d'artillerie").
SUPPORT_WINDOW = 140


#: A noun that needs a place ("siège") must have one within this many
#: characters, with only function and kind words between.
NEEDS_PLACE_GAP = 45


#: Longest gap between a capture verb and an event noun that makes it mean
#: "resume" ("les combats ont repris", "ont repris leurs bombardements").
RESUME_GAP = 14


def usable(triggers: list[Trigger], flat: str, lex: Lexicon) -> list[Trigger]:
    """Drop hypothetical triggers, support and battles that only time a capture.

    "sans combats", "fleeing the fighting": no event there. "soutenues par les
    frappes aériennes de la coalition", "backed by U.S. airstrikes": the
    support of the event the sentence reports, not an event of its own.
    """
    hypothetical = lex.rx(r"\b{hypothetical}\W+(?:\w+\W+){{0,2}}$")
    # ("déplacées par les bombardements et combats": both nouns; not past a
    # comma: "flee Mosul, the jihadists' last stronghold" is a holding)
    fled = lex.rx(r"\b{fled}\W+(?:\w+[^\w,;.]+){{0,2}}(?:{and_words}\s+)?$")
    backer = lex.rx(r"\b{backer}[^,;:]{{0,100}}$")
    duration_of = lex.rx(r"{duration_of}$")
    purpose = lex.rx(r"\b{purpose_words}\s*$")
    conditional = lex.rx(r"\b{conditional}\b")
    loss = lex.rx(r"\b{loss_words}\b")
    former = lex.rx(r"\b{former_words}\W+(?:[\w-]+\s+)?$")
    out = []
    for t in triggers:
        before = flat[max(0, t.start - HYPOTHESIS_WINDOW) : t.start]
        support = flat[max(0, t.start - SUPPORT_WINDOW) : t.start]
        if hypothetical.search(before) or fled.search(before):
            continue
        if spec_of(t.event_type).family == "fire" and backer.search(support):
            continue
        if t.sub_type == "captured" and purpose.search(before):
            continue  # "une offensive pour reprendre Tikrit": the goal
        if t.sub_type == "captured" and conditional.search(flat, t.end, t.end + 60):
            continue  # "the fall of Idlib would open the way to Latakia"
        if t.status == "held" and not t.verbal and loss.search(before[-25:]):
            continue  # "saw IS lose its urban bastions": no longer held
        if t.status == "held" and not t.verbal and former.search(before):
            continue  # "l'ancien fief de Saddam", "the former IS stronghold"
        if t.event_type in ("offensive", "clash") and duration_of.search(before):
            continue
        out.append(t)
    return out


def confirmed(triggers: list[Trigger], ctx: SentenceContext) -> list[Trigger]:
    """Drop words that only look like triggers here.

    A noun that needs a place ("siège") without one right after it is a seat
    or a headquarters; a capture verb next to an event noun means "resume"
    ("les combats ont repris", "ont repris leurs bombardements").
    """
    nouns = [t for t in triggers if not t.verbal and t.row.status != "held"]
    # what can resume is fighting, not a place ("en s'emparant d'une base")
    resumable = [n for n in nouns if spec_of(n.event_type).violent]
    out = []
    for t in triggers:
        if t.row.needs == "place" and not _place_follows(t, triggers, ctx):
            continue
        if t.sub_type == "captured" and any(
            _adjacent(t, n, ctx.flat) for n in resumable if n is not t
        ):
            continue
        if (
            t.event_type == "base"
            and not owner_named(t, ctx)
            and any(_on_the_base(o, t, ctx) for o in triggers if o is not t)
        ):
            continue  # "IS militants surround the airbase": the siege's place
        if (
            t.row.generic
            and t.verbal
            and any(_adjacent(t, n, ctx.flat) for n in nouns if n is not t)
        ):
            continue  # "barrel bombs struck the villages": the noun's event
        out.append(t)
    return out


#: Longest gap between an event word and the base it is about ("surround key
#: Deir az-Zour airbase", "seized the area surrounding a military airbase").
BASE_OBJECT_GAP = 40


def _on_the_base(o: Trigger, base: Trigger, ctx: SentenceContext) -> bool:
    """Whether an event word right before a base makes the base its place."""
    # (a base taken is a base event: "en s'emparant de la base aérienne")
    if spec_of(o.event_type).family == "control" or o.end > base.start:
        return False
    gap = ctx.flat[o.end : base.start]
    return len(gap) <= BASE_OBJECT_GAP and not ctx.lex.rx(
        r"[,;:()]|\b{relative_words}\b"
    ).search(gap)


def phrases(triggers: list[Trigger], ctx: SentenceContext) -> list[Trigger]:
    """Join the event nouns of one noun phrase into one trigger.

    "artillery and missile shelling", "tirs d'artillerie et de roquettes":
    one event, whose place is the phrase's, not one place per noun.
    """
    joint = ctx.lex.rx(r"^\s*(?:,\s*|\s{and_words}\s+(?:{of_words}\s?)?)?$")
    out: list[Trigger] = []
    for t in triggers:
        last = out[-1] if out else None
        if (
            last is not None
            and not t.verbal
            and not last.verbal
            and t.event_type == last.event_type
            and joint.match(ctx.flat[last.end : t.start])
        ):
            out[-1] = Trigger(row=t.row, start=last.start, end=t.end)
        else:
            out.append(t)
    return out


def _place_follows(t: Trigger, triggers: list[Trigger], ctx: SentenceContext) -> bool:
    lex = ctx.lex
    filler = lex.rx(
        r"^(?:\s|{of_words}|{in_words}\b|{determiners}|{settlement_words}\b"
        r"|{province_words}\b|{part_words}\b|{quantifiers}\b|{list_determiners}\b"
        r"|{place_adjectives}\b|{filler_adverbs}\b|{kind_pronouns}\b|{gap_time}\b"
        r"|\d+\s?%?)*$"
    )
    if not t.verbal:
        # a noun: its complement is the place ("le siège de la ville de Homs"),
        # not a place after it ("le siège du gouvernorat à Homs")
        filler = lex.rx(
            r"^\s*{of_words}\s*(?:{determiners}\s?)?(?:(?:{settlement_words}"
            r"|{province_words}|{part_words})(?:\s+{place_adjectives})?\s+"
            r"{of_words}\s*(?:{determiners}\s?)?)?(?:\s*{of_words}\s*)?$"
        )
    for m in ctx.literal:
        if m.start < t.end or m.start - t.end > NEEDS_PLACE_GAP:
            continue
        # another trigger named between: "le siège de l'aéroport militaire
        # de …", "take last major government-held town"
        gap = "".join(
            " " if any(o.start <= i < o.end for o in triggers if o is not t) else c
            for i, c in enumerate(ctx.flat[t.end : m.start], start=t.end)
        )
        if filler.match(gap):
            return True
    return False


def _adjacent(verb: Trigger, noun: Trigger, flat: str) -> bool:
    """Whether an event noun is the subject or object right next to a verb."""
    if noun.end <= verb.start:
        gap = flat[noun.end : verb.start]
    elif verb.end <= noun.start:
        gap = flat[verb.end : noun.start]
    else:
        return False
    return len(gap) <= RESUME_GAP and not any(c in gap for c in ",;:.")
