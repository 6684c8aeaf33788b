"""What one sentence says happened: findings, before incidents are resolved.

A *finding* is an :class:`~conflict_geo.events.event.Event` read from a single
sentence: a trigger (the lexicon's words for an event), the place the sentence
ties it to (:mod:`~conflict_geo.events.linking`), and the toll, date, status,
actor, target and source the sentence gives. A trigger of a type a later
sentence may report without naming the place ("Ces raids avaient fait 12
morts") becomes a finding with no place; incident resolution
(:mod:`conflict_geo.incidents.resolve`) gives it one, or reports it.

Places that cannot be event locations are set aside first: those that stand
for a government (metonymic), name an actor, a backer or a source, or open the
dispatch's dateline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conflict_geo.events.event import Event
from conflict_geo.events.linking import Link, link_triggers
from conflict_geo.events.roles import (
    Actor,
    actor_has_aircraft,
    government_of,
    place_roles,
    roles,
    sentence_actors,
)
from conflict_geo.events.tolls import Tolls, read_tolls
from conflict_geo.events.types import spec_of
from conflict_geo.lang import Lexicon, Trigger, flatten
from conflict_geo.places.geoparse import Mention
from conflict_geo.text.dates import DateMention, Reference, find_dates
from conflict_geo.text.numbers import Quantity, find_quantities

if TYPE_CHECKING:
    from conflict_geo.text.sentences import Sentence

__all__ = ["SentenceContext", "report", "sentence_findings", "shift"]

#: Characters before a trigger read for what makes it hypothetical or fled.
HYPOTHESIS_WINDOW = 50
#: Characters after a trigger read for a planned or ongoing cue, by type.
STATUS_REACH = {"offensive": 90, "clash": 60}
STATUS_REACH_DEFAULT = 40
#: Characters before a trigger read for a status cue.
STATUS_BEFORE = 60
#: A noun that needs a place ("siège") must have one within this many
#: characters, with only function and kind words between.
NEEDS_PLACE_GAP = 45
#: Longest gap between a capture verb and an event noun that makes it mean
#: "resume" ("les combats ont repris", "ont repris leurs bombardements").
RESUME_GAP = 14
#: Weight of a link that only the sentence's one place made.
SOLE_PLACE_SCORE = 0.25


@dataclass(slots=True)
class SentenceContext:
    """One sentence, ready to be read.

    Parameters
    ----------
    sentence : Sentence
        Text and offsets in the block.
    flat : str
        The sentence flattened (:func:`~conflict_geo.lang.flatten`).
    lex : Lexicon
        Its language's lexicon.
    literal : list of Mention
        Resolved places that can be event locations, offsets in the sentence.
    set_aside : list of (Mention, str)
        Resolved places that cannot, and why (actor, backer, source, dateline).
    actors : list of Actor
        Actors the sentence names.
    quantities : list of Quantity
        Its counts.
    dates : list of DateMention
        Its dates.
    index : int
        The sentence's number in the document.
    """

    sentence: Sentence
    flat: str
    lex: Lexicon
    literal: list[Mention]
    set_aside: list[tuple[Mention, str]]
    actors: list[Actor]
    quantities: list[Quantity]
    dates: list[DateMention]
    index: int


def shift(mention: Mention, offset: int) -> Mention:
    """Return ``mention`` with its offsets moved by ``offset``."""
    m = mention
    # what dataclasses.replace would make, at a fifth of its cost
    return Mention(
        m.text,
        m.start + offset,
        m.end + offset,
        m.place,
        m.score,
        m.metonymic,
        m.kind_hint,
        m.reason,
    )


def report(doc: str, text: str, start: int, end: int, reason: str) -> dict[str, Any]:
    """Record something that did not become a mapped event, and why."""
    return {"doc": doc, "text": text, "start": start, "end": end, "reason": reason}


def sentence_findings(
    sentence: Sentence,
    mentions: list[Mention],
    reference: Reference | None,
    lex: Lexicon,
    *,
    doc: str = "",
    offset: int = 0,
    index: int = 0,
    datelines: Sequence[tuple[int, int]] = (),
) -> tuple[list[Event], list[dict[str, Any]], dict[int, str]]:
    """Read the findings of one sentence.

    Parameters
    ----------
    sentence : Sentence
        The sentence, offsets in its block.
    mentions : list of Mention
        The block's place mentions inside the sentence (block offsets).
    reference : Reference or None
        The dispatch date.
    lex : Lexicon
        The text's lexicon.
    doc : str, optional
        Document name copied to findings and reports.
    offset : int, default 0
        Offset of the block in the document.
    index : int, default 0
        The sentence's number in the document.
    datelines : list of (int, int)
        Dateline spans of the block.

    Returns
    -------
    (list of Event, list of dict, dict)
        Findings (with or without a place), reports of triggers that cannot
        become one, and for each finding with no place (by ``id``) why its
        sentence gives it none.
    """
    flat = flatten(sentence.text)
    triggers = _usable(lex.find_triggers(flat), flat, lex)
    if not triggers:
        return [], [], {}
    ctx = _context(sentence, flat, lex, mentions, index, datelines)
    triggers = _confirmed(triggers, ctx)
    if not triggers:
        return [], [], {}
    ctx.quantities = find_quantities(sentence.text, lex.lang)
    ctx.dates = find_dates(sentence.text, reference, lex.lang)
    links = link_triggers(triggers, ctx)
    local = [shift(m, -sentence.start) for m in mentions]
    linked = {id(t) for t, _, _ in links}
    unlinked = [t for t in triggers if id(t) not in linked]
    placeless, missed = _unlinked(unlinked, links, local, ctx, doc, offset)
    findings = _build(links, placeless, ctx, reference, doc, offset)
    findings, coarse = _drop_coarse(findings)
    missed.extend(
        report(doc, e.mention.text, e.mention.start, e.mention.end, why)
        for e, why in coarse
    )
    why = _no_place_reason(local, ctx)
    return findings, missed, {id(f): why for f in findings if f.mention is None}


def _no_place_reason(local: list[Mention], ctx: SentenceContext) -> str:
    """Why a sentence gives a trigger no place (when no other sentence does)."""
    metonyms = [m.text for m in local if m.metonymic]
    if metonyms:
        return f"only governments named ({', '.join(metonyms)}), no location"
    if ctx.set_aside:
        named = ", ".join(f"{m.text}: {role}" for m, role in ctx.set_aside)
        return f"its places name no location ({named})"
    if ctx.literal:
        return "no place tied to it in the sentence"
    return "no place named in the sentence, nor an event nearby"


def _context(
    sentence: Sentence,
    flat: str,
    lex: Lexicon,
    mentions: list[Mention],
    index: int,
    datelines: Sequence[tuple[int, int]],
) -> SentenceContext:
    local = [shift(m, -sentence.start) for m in mentions]
    aside: list[tuple[Mention, str]] = []
    literal = []
    for m, original in zip(local, mentions, strict=True):
        if m.place is None or m.metonymic:
            continue
        if any(a <= original.start < b for a, b in datelines):
            aside.append((m, "dateline"))
        else:
            literal.append(m)
    actors = sentence_actors(
        sentence.text, flat, lex, [m for m in local if m.metonymic and m.place]
    )
    roles_of = place_roles(literal, actors, sentence.text, flat, lex)
    aside += [(m, roles_of[id(m)]) for m in literal if id(m) in roles_of]
    literal = [m for m in literal if id(m) not in roles_of]
    return SentenceContext(
        sentence=sentence,
        flat=flat,
        lex=lex,
        literal=literal,
        set_aside=aside,
        actors=actors,
        quantities=[],
        dates=[],
        index=index,
    )


def _usable(triggers: list[Trigger], flat: str, lex: Lexicon) -> list[Trigger]:
    """Drop hypothetical triggers and battles that only time a capture."""
    hypothetical = lex.rx(r"\b{hypothetical}\W+(?:\w+\W+){{0,2}}$")
    fled = lex.rx(r"\b{fled}\W+(?:\w+\W+){{0,2}}$")
    duration_of = lex.rx(r"{duration_of}$")
    out = []
    for t in triggers:
        before = flat[max(0, t.start - HYPOTHESIS_WINDOW) : t.start]
        if hypothetical.search(before) or fled.search(before):
            continue
        if t.event_type in ("offensive", "clash") and duration_of.search(before):
            continue
        out.append(t)
    return out


def _confirmed(triggers: list[Trigger], ctx: SentenceContext) -> list[Trigger]:
    """Drop words that only look like triggers here.

    A noun that needs a place ("siège") without one right after it is a seat
    or a headquarters; a capture verb next to an event noun means "resume"
    ("les combats ont repris", "ont repris leurs bombardements").
    """
    nouns = [t for t in triggers if not t.verbal and t.row.status != "held"]
    out = []
    for t in triggers:
        if t.row.needs == "place" and not _place_follows(t, triggers, ctx):
            continue
        if t.sub_type == "captured" and any(
            _adjacent(t, n, ctx.flat) for n in nouns if n is not t
        ):
            continue
        out.append(t)
    return out


def _place_follows(t: Trigger, triggers: list[Trigger], ctx: SentenceContext) -> bool:
    lex = ctx.lex
    filler = lex.rx(
        r"^(?:\s|{of_words}|{determiners}|{settlement_words}\b|{province_words}\b)*$"
    )
    for m in ctx.literal:
        gap = ctx.flat[t.end : m.start]
        if m.start >= t.end and len(gap) <= NEEDS_PLACE_GAP:
            # a base named between: "le siège de l'aéroport militaire de …"
            for o in triggers:
                if o.event_type == "base" and t.end <= o.start and o.end <= m.start:
                    gap = ctx.flat[t.end : o.start] + ctx.flat[o.end : m.start]
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


def _unlinked(
    unlinked: list[Trigger],
    links: list[Link],
    local: list[Mention],
    ctx: SentenceContext,
    doc: str,
    offset: int,
) -> tuple[list[Trigger], list[dict[str, Any]]]:
    """Split unlinked triggers into placeless findings and reports."""
    placeless: list[Trigger] = []
    missed: list[dict[str, Any]] = []
    unknown = [m.text for m in local if m.place is None]
    linked_types = {t.event_type for t, _, _ in links}
    for t in unlinked:
        spec = spec_of(t.event_type)
        if unknown:
            reason = f"its place is not in the gazetteer ({', '.join(unknown)})"
        elif (
            spec.anaphoric
            and t.event_type not in linked_types
            and all(p.event_type != t.event_type for p in placeless)
        ):
            placeless.append(t)  # resolution gives it the place of its incident
            continue
        elif spec.anaphoric:
            continue  # the same kind of event, already read in this sentence
        elif any(m.metonymic for m in local):
            names = ", ".join(m.text for m in local if m.metonymic)
            reason = f"only governments named ({names}), no location"
        elif ctx.literal:
            reason = "no place tied to it in the sentence"
        else:
            reason = "no place named in the sentence"
        a = ctx.sentence.start + t.start + offset
        b = ctx.sentence.start + t.end + offset
        missed.append(report(doc, ctx.sentence.text[t.start : t.end], a, b, reason))
    return placeless, missed


def _build(
    links: list[Link],
    placeless: list[Trigger],
    ctx: SentenceContext,
    reference: Reference | None,
    doc: str,
    offset: int,
) -> list[Event]:
    s = ctx.sentence
    tolls = read_tolls(ctx)
    items: list[tuple[Trigger, Mention | None, float]] = [*links]
    items += [(t, None, SOLE_PLACE_SCORE) for t in placeless]
    owner = _toll_owner(items, tolls)
    sources = ctx.lex.find_sources(s.text)
    findings = []
    for i, (t, m, score) in enumerate(items):
        status = _status(t, ctx)
        date, precision, stated = _date(t, ctx, status, reference)
        actor, target = roles(t, m, ctx)
        notes: list[str] = []
        country = m.place.country if m is not None and m.place is not None else None
        placeholder = "Government forces"
        if actor is not None and placeholder in actor:
            actor = actor.replace(placeholder, government_of(country) or placeholder)
        if actor is None and t.sub_type == "barrel bomb" and country == "SY":
            # in Syria only the government's helicopters drop barrel bombs
            actor = government_of("SY")
            notes.append("actor: barrel bombs in Syria are dropped by its government")
        event_type = t.event_type
        if t.row.generic and t.event_type == "strike" and _no_aircraft(actor):
            event_type = "shelling"  # "bombardements rebelles sur Damas"
        toll = tolls if i == owner else Tolls()
        notes.extend(toll.notes)
        confidence = score * (0.5 + 0.5 * m.score) if m is not None else score * 0.5
        findings.append(
            Event(
                event_type=event_type,
                sub_type=t.sub_type,
                mention=shift(m, s.start + offset) if m is not None else None,
                sentence=s.text,
                start=s.start + offset,
                end=s.end + offset,
                trigger=s.text[t.start : t.end],
                status=status,
                fatalities=toll.fatalities,
                fatalities_low=toll.low,
                fatalities_earlier=toll.earlier,
                injured=toll.injured,
                actor=actor,
                target=target,
                source=", ".join(sources) or None,
                date=date,
                date_precision=precision,
                date_stated=stated,
                doc=doc,
                confidence=confidence,
                notes=tuple(notes),
                aggregate=toll.aggregate and i == owner,
                evidence=((s.start + offset, s.end + offset),),
            )
        )
    return findings


def _no_aircraft(actor: str | None) -> bool:
    names = [a.strip() for a in (actor or "").split(" and ") if a.strip()]
    return bool(names) and all(actor_has_aircraft(a) is False for a in names)


def _toll_owner(
    items: list[tuple[Trigger, Mention | None, float]], tolls: Tolls
) -> int | None:
    """Return the finding a sentence's toll belongs to: its first violent one."""
    if tolls.empty:
        return None
    for i, (t, _, _) in enumerate(items):
        if spec_of(t.event_type).violent:
            return i
    return 0 if items else None


def _status(t: Trigger, ctx: SentenceContext) -> str:
    flat, lex = ctx.flat, ctx.lex
    if t.event_type == "siege" and lex.rx(r"\b{ended}$").search(
        flat[max(0, t.start - 40) : t.start]
    ):
        return "done"  # "broke a three-year siege", "la levée du siège"
    if t.status == "held":
        return "held"
    if t.status == "ongoing" and t.event_type in ("control_change", "siege", "base"):
        return "ongoing"  # a siege, a base: a state, not a plan
    reach = STATUS_REACH.get(t.event_type, STATUS_REACH_DEFAULT)
    window = flat[max(0, t.start - STATUS_BEFORE) : t.end + reach]
    if lex.rx(r"\b{planned}\b").search(window):
        return "planned"
    ongoing = lex.rx(r"\b{ongoing}\b").search(window) is not None
    if t.event_type == "clash":  # done when told in a past tense
        fought = lex.rx(r"\b{past_fight}\b").search(flat) is not None
        return "done" if fought and not ongoing else "ongoing"
    if t.status:
        return t.status
    if t.event_type == "offensive":
        return "ongoing"
    return "ongoing" if ongoing else spec_of(t.event_type).default_status


def _date(
    t: Trigger, ctx: SentenceContext, status: str, reference: Reference | None
) -> tuple[str | None, str, bool]:
    """Return the date nearest the trigger, else the dispatch's, and if stated."""
    duration = ctx.lex.rx(r"{duration_words}\b")
    dates = [d for d in ctx.dates if d.value or not duration.match(flatten(d.text))]
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


#: Claims a country is too coarse a place for (see ``EventSpec.needs_place``).
def _drop_coarse(events: list[Event]) -> tuple[list[Event], list[tuple[Event, str]]]:
    """Split off country-level findings the sentence does not support.

    A country named beside a more precise place is the setting ("L'offensive
    sur Mossoul … en Irak"), and a country alone cannot place a siege, a base
    or a control claim.
    """
    placed = [e for e in events if e.mention is not None]
    precise = any(e.mention.place.kind != "country" for e in placed)
    kept, dropped = [], []
    for e in events:
        if e.mention is None or e.mention.place.kind != "country":
            kept.append(e)
        elif spec_of(e.event_type).needs_place:
            dropped.append(
                (e, f"only a country is named: too coarse for a {e.event_type}")
            )
        elif precise:
            dropped.append((e, "the country is the setting of a more precise event"))
        else:
            kept.append(e)
    return kept, dropped
