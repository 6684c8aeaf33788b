"""Read the tolls a sentence gives: killed, killed earlier, wounded.

Counts come from :func:`~conflict_geo.text.numbers.find_quantities`; the
lexicon's toll slots say which counts are of people killed ("35 civils tués",
"killing at least eight people", "une personne a été tuée"), which revise an
earlier toll ("un précédent bilan faisait état de 26 morts"), which are part
of a toll given before ("dont 11 enfants", "Sept enfants figurent parmi les
victimes"), which count the wounded, and which sum a period ("plus de 89 morts
en sept jours"): an aggregate, never one incident's toll. Counts of groups
joined in one toll ("15 civils et 10 combattants") add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from conflict_geo.events.roles import camp_of
from conflict_geo.lang import flatten
from conflict_geo.text.numbers import Quantity, following_word

if TYPE_CHECKING:
    from conflict_geo.events.context import SentenceContext
    from conflict_geo.lang import Lexicon
    from conflict_geo.places.geoparse import Mention

__all__ = ["Tolls", "read_tolls", "tolls_by_place"]

#: Characters before a count read for a verb of killing or wounding.
VERB_WINDOW = 35
#: Characters around a count read for words of death.
DEATH_WINDOW_BEFORE = 45
DEATH_WINDOW_AFTER = 60
#: Characters after a count read for a period it sums ("en sept jours").
AGGREGATE_WINDOW = 60
#: Longest gap between two counts of one toll ("15 civils et 10 combattants").
SPLIT_GAP = 30
#: Longest gap between a count and the place it is given for ("59 à Al-Bab").
PLACE_GAP = 12


@dataclass(frozen=True, slots=True)
class Tolls:
    """The tolls of one sentence.

    Parameters
    ----------
    fatalities : int or None
        People killed (0 when the text says nobody was).
    low : int or None
        A floor ("plus de 89").
    earlier : int or None
        An earlier toll the sentence revises.
    injured : int or None
        People wounded.
    aggregate : bool
        The toll sums a period or an area, not one incident.
    victims : str or None
        Whom the toll counts, when it counts one group: the camp of a side
        ("46 djihadistes", "un rebelle syrien") or ``"civilians"``.
    notes : tuple of str
        Parts ("including 11 children") and revisions kept for the analyst.
    """

    fatalities: int | None = None
    low: int | None = None
    earlier: int | None = None
    injured: int | None = None
    aggregate: bool = False
    notes: tuple[str, ...] = field(default=())
    victims: str | None = None

    @property
    def empty(self) -> bool:
        """Whether the sentence gives no count at all."""
        return self.fatalities is None and self.earlier is None and self.injured is None


def read_tolls(
    ctx: SentenceContext,
    quantities: list[Quantity] | None = None,
    *,
    whole: bool = True,
) -> Tolls:
    """Read killed, killed-earlier and injured counts from one sentence.

    Parameters
    ----------
    ctx : SentenceContext
        The sentence, its counts, dates and lexicon.
    quantities : list of Quantity, optional
        The counts to read (a sentence's counts near one of its events); all
        the sentence's by default.
    whole : bool, default True
        Also read the tolls the sentence gives without a count ("tuant un
        réfugié", "sans faire de victimes").

    Returns
    -------
    Tolls
    """
    text, flat, lex = ctx.sentence.text, ctx.flat, ctx.lex
    killed: list[Quantity] = []
    earlier: list[Quantity] = []
    injured: list[Quantity] = []
    notes: list[str] = []
    injuring = lex.rx(r"\b{injuring}$")
    killed_before = lex.rx(r"\b{killed_before}$")
    death_words = lex.rx(r"\b{death_words}\b")
    part_of = lex.rx(r"{part_of}$")
    part_after = lex.rx(r"^\W*(?:\w+\W+){{0,2}}{part_after}")
    earlier_rx = lex.rx(r"{earlier}$")
    for q in ctx.quantities if quantities is None else quantities:
        if any(d.start <= q.start < d.end for d in ctx.dates):
            continue
        noun = _head_noun(text, flat, q, lex)
        before = flat[max(0, q.start - 80) : q.start]
        after = flat[q.end : q.end + DEATH_WINDOW_AFTER]
        if lex.has_word("injury_words", noun) or injuring.search(before[-VERB_WINDOW:]):
            injured.append(q)
            continue
        after_verb = killed_before.search(before[-VERB_WINDOW:]) is not None
        if not lex.has_word("death_nouns", noun) and not (
            after_verb and not lex.has_word("not_victims", noun)
        ):
            continue
        deadly = lex.has_word("dead_words", noun) or after_verb
        if not deadly:
            window = before[-DEATH_WINDOW_BEFORE:] + " " + after
            after_words = after.split()
            deadly = bool(death_words.search(window)) and not (
                after_words[1:2]
                and lex.has_word("injury_words", flatten(after_words[1]))
            )
        if not deadly:
            continue
        if part_of.search(before[-30:]) or part_after.search(after):
            notes.append(f"including {q.text.strip()} {noun}")
            continue
        if earlier_rx.search(before):
            earlier.append(q)
        else:
            killed.append(q)
    fatalities, low = _total(killed, ctx)
    victims = None
    if killed and fatalities == killed[0].value:
        victims = _victims(ctx, killed[0].start)
    one = None
    if whole and fatalities is None and not earlier:
        one = lex.rx(_ONE_KILLED).search(flat)
    if one is not None:
        fatalities = 1  # "tuant un réfugié syrien", "killing a child"
        victims = _victims(ctx, one.start())
    if whole and fatalities is None and lex.rx(r"{no_victims}").search(flat):
        fatalities = 0
    first_earlier = earlier[0].value if earlier else None
    if first_earlier is not None:
        notes.append(f"earlier toll {first_earlier}")
    aggregate = bool(killed) and _sums_a_period(killed[0], ctx)
    return Tolls(
        fatalities=fatalities,
        low=low,
        earlier=first_earlier,
        injured=injured[0].value if injured else None,
        aggregate=aggregate,
        notes=tuple(notes),
        victims=victims,
    )


_ONE_KILLED = (
    r"\b{killing_verbs}\s+{one_words}\s+(?:\w+\s+)?{one_victim}\b"
    # ("un rebelle syrien a été tué": an adjective after the noun)
    r"|\b{one_words} (?:seule? |single |\w+ )?{one_victim}(?:\s+\w+)?\s+{one_passive}\b"
    r"|\b{one_dead}\b"
)


#: Words after a count read for the noun it counts ("34 Islamic State
#: militants", "12 regime soldiers").
HEAD_WORDS = 4
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _head_noun(text: str, flat: str, q: Quantity, lex: Lexicon) -> str:
    """Return the noun a count counts, past the names and adjectives before it."""
    first = flatten(following_word(text, q))
    if lex.has_word("death_nouns", first) or lex.has_word("not_victims", first):
        return first
    if lex.has_word("injury_words", first):
        return first
    stop = re.search(r"[.,;:()]", flat[q.end : q.end + 60])
    window = flat[q.end : q.end + (stop.start() if stop else 60)]
    for word in _WORDS.findall(window)[:HEAD_WORDS]:
        if lex.has_word("in_words", word) or lex.has_word("place_prepositions", word):
            break  # "killed 3 in 24 hours": the count's noun is missing
        if (
            lex.has_word("death_nouns", word)
            or lex.has_word("not_victims", word)
            or lex.has_word("injury_words", word)
        ):
            return word
    return first


#: Characters after the start of a toll read for whom it counts.
VICTIMS_WINDOW = 50


def _victims(ctx: SentenceContext, start: int) -> str | None:
    """Return whom a toll counts: a side's camp, ``"civilians"`` or None."""
    stop = re.search(r"[.,;:()]", ctx.flat[start : start + VICTIMS_WINDOW])
    end = start + (stop.start() if stop else VICTIMS_WINDOW)
    found = ctx.lex.find_actors(ctx.sentence.text[start:end], ctx.flat[start:end])
    if found:
        return camp_of(found[0][2])
    words = _WORDS.findall(ctx.flat[start:end])[: HEAD_WORDS + 1]
    if any(ctx.lex.has_word("civilian_nouns", w) for w in words):
        return "civilians"
    return None


def _total(
    killed: list[Quantity], ctx: SentenceContext
) -> tuple[int | None, int | None]:
    """Return the toll and its floor: the first count, plus those joined to it.

    "15 civils et 10 combattants" is 25; "12 civilians and 3 children" the same
    way only when the second count is not a part of the first.
    """
    if not killed:
        return None, None
    first = killed[0]
    total = first.value
    joined = ctx.lex.rx(r"^\s*(?:,|{toll_and})\s*$")
    last = first
    for q in killed[1:]:
        gap = ctx.flat[last.end : q.start]
        # the gap holds the first count's noun: "civils et "
        words = gap.split()
        if total is None or q.value is None or len(gap) > SPLIT_GAP or len(words) < 2:
            break
        if not joined.match(" ".join(words[1:])):
            break
        total += q.value
        last = q
    low = total if first.qualifier == "more_than" else None
    return total, low


def _sums_a_period(q: Quantity, ctx: SentenceContext) -> bool:
    """Whether a toll sums a period or a war.

    "89 morts en sept jours"; "the four-year-long conflict, which has so far
    left more than 250,000 people dead": a total, not an incident's toll.
    """
    after = ctx.flat[q.end : q.end + AGGREGATE_WINDOW]
    before = ctx.flat[max(0, q.start - AGGREGATE_WINDOW) : q.start]
    return bool(
        ctx.lex.rx(r"\b{aggregate}\b").search(after)
        or ctx.lex.rx(r"\b{war_total}\b").search(before)
    )


def tolls_by_place(ctx: SentenceContext) -> list[tuple[int, Mention]]:
    """Return the counts a sentence gives place by place ("59 à Al-Bab").

    Parameters
    ----------
    ctx : SentenceContext
        A sentence that gives a toll.

    Returns
    -------
    list of (int, Mention)
        Each count followed by a locative and a place of the sentence; empty
        unless at least two places get one (a toll split among places).
    """
    locative = ctx.lex.rx(r"^\s*(?:\w+\s+)?(?:{in_words}|{place_prepositions})\s*$")
    out = []
    for q in ctx.quantities:
        if q.value is None or any(d.start <= q.start < d.end for d in ctx.dates):
            continue
        for m in ctx.literal:
            gap = ctx.flat[q.end : m.start]
            if 0 <= m.start - q.end <= PLACE_GAP and locative.match(gap):
                out.append((q.value, m))
                break
    return out if len({id(m) for _, m in out}) >= 2 else []
