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

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from conflict_geo.events.anaphora import with_anaphora, with_province_anaphora
from conflict_geo.events.attributes import (
    GROUND_BOMBARDMENT,
    date_of,
    fired_from_the_air,
    from_the_ground,
    near,
    of_a_part,
    status_of,
    toll_owner,
    toll_shares,
)
from conflict_geo.events.context import SentenceContext, report, shift
from conflict_geo.events.event import Event
from conflict_geo.events.linking import Link, link_triggers
from conflict_geo.events.roles import (
    government_of,
    place_roles,
    roles,
    sentence_actors,
)
from conflict_geo.events.tolls import Tolls, read_tolls, tolls_by_place
from conflict_geo.events.triggers import confirmed, phrases, usable
from conflict_geo.events.types import PART_CAPTURED, TOLL_SUB_TYPE, spec_of
from conflict_geo.lang import Lexicon, Trigger, flatten
from conflict_geo.places.geoparse import Mention
from conflict_geo.places.place import Place
from conflict_geo.text.dates import Reference, find_dates
from conflict_geo.text.numbers import find_quantities

if TYPE_CHECKING:
    from conflict_geo.text.sentences import Sentence

__all__ = ["SentenceContext", "report", "sentence_findings", "shift"]


#: Weight of a link that only the sentence's one place made.
SOLE_PLACE_SCORE = 0.25
#: How the geoparser explains a place that is a word of a group's name
#: ("a word of an actor's name", "a word of an organisation's name").
NAME_WORD_REASON = "a word of an"


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
    antecedents: Sequence[Mention] = (),
    province_of: Callable[[Place], Place | None] | None = None,
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
    antecedents : list of Mention
        Settlements named in the sentences just before (block offsets), the
        last one first: what "la ville", "the town" may name again.
    province_of : callable, optional
        The province (an ``admin1`` place) of a place: what "la province",
        "the province" names again when no province was named.

    Returns
    -------
    (list of Event, list of dict, dict)
        Findings (with or without a place), reports of triggers that cannot
        become one, and for each finding with no place (by ``id``) why its
        sentence gives it none.
    """
    flat = flatten(sentence.text)
    triggers = usable(lex.find_triggers(flat), flat, lex)
    if not triggers:
        return _toll_findings(sentence, flat, lex, mentions, index, doc, offset)
    ctx = _context(
        sentence, flat, lex, mentions, index, datelines, antecedents, province_of
    )
    triggers = phrases(confirmed(triggers, ctx), ctx)
    if not triggers:
        return [], [], {}
    ctx.triggers = triggers
    ctx.quantities = find_quantities(sentence.text, lex.lang)
    ctx.dates = find_dates(sentence.text, reference, lex.lang)
    links = link_triggers(triggers, ctx)
    local = [shift(m, -sentence.start) for m in mentions]
    linked = {id(t) for t, _, _ in links}
    unlinked = [t for t in triggers if id(t) not in linked]
    placeless, missed = _unlinked(unlinked, links, local, ctx, doc, offset)
    findings = _build(links, placeless, ctx, reference, doc, offset)
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


def _toll_findings(
    sentence: Sentence,
    flat: str,
    lex: Lexicon,
    mentions: list[Mention],
    index: int,
    doc: str,
    offset: int,
) -> tuple[list[Event], list[dict[str, Any]], dict[int, str]]:
    """Read the findings of a sentence that gives tolls but names no event.

    "Quinze personnes ont été tuées", "Un précédent bilan faisait état de 45
    morts", "59 à Al-Bab et 12 à Alep": the toll of an incident told nearby.
    """
    if not lex.rx(r"\b{death_words}\b").search(flat):
        return [], [], {}
    ctx = _context(sentence, flat, lex, mentions, index, ())
    # ("Un rebelle syrien a été tué": a toll with no count)
    ctx.quantities = find_quantities(sentence.text, lex.lang)
    ctx.dates = find_dates(sentence.text, None, lex.lang) if ctx.quantities else []
    tolls = read_tolls(ctx)
    by_place = tolls_by_place(ctx)
    if by_place:
        # a total split among places: each place its own count
        parts = [(Tolls(fatalities=n), m) for n, m in by_place]
    elif not tolls.empty and not tolls.aggregate:
        parts = [(tolls, None)]
    else:
        return [], [], {}
    s = sentence
    out = []
    for toll, m in parts:
        out.append(
            Event(
                event_type="other",
                sub_type=TOLL_SUB_TYPE,
                mention=shift(m, s.start + offset) if m is not None else None,
                sentence=s.text,
                start=s.start + offset,
                end=s.end + offset,
                trigger="",
                fatalities=toll.fatalities,
                fatalities_low=toll.low,
                fatalities_earlier=toll.earlier,
                injured=toll.injured,
                victims=toll.victims,
                doc=doc,
                confidence=SOLE_PLACE_SCORE,
                notes=toll.notes,
                evidence=((s.start + offset, s.end + offset),),
            )
        )
    why = "a toll with no event reported nearby"
    return out, [], {id(f): why for f in out}


def _context(
    sentence: Sentence,
    flat: str,
    lex: Lexicon,
    mentions: list[Mention],
    index: int,
    datelines: Sequence[tuple[int, int]],
    antecedents: Sequence[Mention] = (),
    province_of: Callable[[Place], Place | None] | None = None,
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
    # a country standing for its government acts ("Ankara a lancé"); one that
    # is a word of a group's name ("the Islamic State of Iraq") does not
    governments = [
        m
        for m in local
        if m.metonymic and m.place and not m.reason.startswith(NAME_WORD_REASON)
    ]
    actors = sentence_actors(sentence.text, flat, lex, governments)
    roles_of = place_roles(literal, actors, sentence.text, flat, lex)
    aside += [(m, roles_of[id(m)]) for m in literal if id(m) in roles_of]
    literal = [m for m in literal if id(m) not in roles_of]
    unknown = [m for m in local if m.place is None]
    literal = with_anaphora(literal, unknown, flat, lex, sentence, antecedents)
    literal = with_province_anaphora(
        literal, unknown, flat, lex, sentence, antecedents, province_of
    )
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
        unknown=unknown,
    )


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
        anaphoric = spec.anaphoric
        if unknown:
            reason = f"its place is not in the gazetteer ({', '.join(unknown)})"
        elif (
            anaphoric
            and t.event_type not in linked_types
            and all(p.event_type != t.event_type for p in placeless)
        ):
            placeless.append(t)  # resolution gives it the place of its incident
            continue
        elif anaphoric:
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
    owner = toll_owner(items, tolls)
    shares = toll_shares(items, ctx) if owner is not None else {}
    sources = ctx.lex.find_sources(s.text)
    demonstrative = ctx.lex.rx(r"\b{demonstratives}\s+(?:[\w-]+\s+)?$")
    findings = []
    for i, (t, m, score) in enumerate(items):
        m = near(m, ctx) if m is not None else None
        status, stated_status = status_of(t, ctx)
        date, precision, stated = date_of(t, ctx, status, reference)
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
        event_type, sub_type = t.event_type, t.sub_type
        if t.row.generic and t.event_type == "strike" and from_the_ground(actor, ctx):
            # "bombardements rebelles sur Damas": the sentence tells the means,
            # which a bare "bombardements" elsewhere in the text does not
            event_type, sub_type = "shelling", GROUND_BOMBARDMENT
        elif event_type == "shelling" and fired_from_the_air(t, ctx):
            event_type = "strike"  # "an attack helicopter fired missiles"
        if sub_type == "captured" and m is not None and of_a_part(t, m, ctx):
            sub_type = PART_CAPTURED  # "ont repris deux quartiers de Tal Afar"
        if event_type == "control_change" and status == "planned":
            # "doit prendre le contrôle de …": a plan to take a place
            event_type, sub_type = "offensive", "threat"
        toll = shares.get(i, Tolls()) if shares else (tolls if i == owner else Tolls())
        notes.extend(toll.notes)
        confidence = score * (0.5 + 0.5 * m.score) if m is not None else score * 0.5
        findings.append(
            Event(
                event_type=event_type,
                sub_type=sub_type,
                mention=shift(m, s.start + offset) if m is not None else None,
                sentence=s.text,
                start=s.start + offset,
                end=s.end + offset,
                trigger=s.text[t.start : t.end],
                status=status,
                status_stated=stated_status,
                fatalities=toll.fatalities,
                fatalities_low=toll.low,
                fatalities_earlier=toll.earlier,
                injured=toll.injured,
                victims=toll.victims,
                actor=actor,
                target=target,
                source=", ".join(sources) or None,
                date=date,
                date_precision=precision,
                date_stated=stated,
                doc=doc,
                confidence=confidence,
                notes=tuple(notes),
                aggregate=toll.aggregate,
                evidence=((s.start + offset, s.end + offset),),
                anaphoric=demonstrative.search(ctx.flat[max(0, t.start - 25) : t.start])
                is not None,
            )
        )
    return findings
