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

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
from conflict_geo.events.tolls import Tolls, read_tolls, tolls_by_place
from conflict_geo.events.types import PART_CAPTURED, TOLL_SUB_TYPE, spec_of
from conflict_geo.lang import Lexicon, Trigger, flatten
from conflict_geo.places.geoparse import Mention
from conflict_geo.places.place import POPULATED_KINDS, Place
from conflict_geo.text.dates import DateMention, Reference, find_dates
from conflict_geo.text.numbers import Quantity, find_quantities

if TYPE_CHECKING:
    from conflict_geo.text.sentences import Sentence

__all__ = ["SentenceContext", "report", "sentence_findings", "shift"]

#: Sub-type of a bombardment the sentence says was fired from the ground.
GROUND_BOMBARDMENT = "ground bombardment"
#: Characters before a trigger read for what makes it hypothetical or fled.
HYPOTHESIS_WINDOW = 50
#: Characters before a trigger read for a phrase of support ("avec le soutien
#: aérien de la coalition … ainsi que des tirs d'artillerie").
SUPPORT_WINDOW = 140
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
    triggers : list of Trigger
        Its usable triggers (an actor named inside one is that trigger's).
    unknown : list of Mention
        Places named that the gazetteer does not know: no trigger reaches a
        place beyond one of them ("la ville d'Adra, au nord de Damas").
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
    triggers: list[Trigger] = field(default_factory=list)
    unknown: list[Mention] = field(default_factory=list)


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
    triggers = _usable(lex.find_triggers(flat), flat, lex)
    if not triggers:
        return _toll_findings(sentence, flat, lex, mentions, index, doc, offset)
    ctx = _context(
        sentence, flat, lex, mentions, index, datelines, antecedents, province_of
    )
    triggers = _phrases(_confirmed(triggers, ctx), ctx)
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
    ctx.quantities = find_quantities(sentence.text, lex.lang)
    if not ctx.quantities:
        return [], [], {}
    ctx.dates = find_dates(sentence.text, None, lex.lang)
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
    actors = sentence_actors(
        sentence.text, flat, lex, [m for m in local if m.metonymic and m.place]
    )
    roles_of = place_roles(literal, actors, sentence.text, flat, lex)
    aside += [(m, roles_of[id(m)]) for m in literal if id(m) in roles_of]
    literal = [m for m in literal if id(m) not in roles_of]
    unknown = [m for m in local if m.place is None]
    literal = _with_anaphora(literal, unknown, flat, lex, sentence, antecedents)
    literal = _with_province_anaphora(
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


#: A place named again by a kind noun ("la ville") must have been named in
#: the text at most this many characters before.
ANAPHORA_REACH = 600


def _with_anaphora(
    literal: list[Mention],
    unknown: list[Mention],
    flat: str,
    lex: Lexicon,
    sentence: Sentence,
    antecedents: Sequence[Mention],
) -> list[Mention]:
    """Add the places a definite kind noun names again ("la ville", "the town").

    The noun names the settlement named last before it, in the sentence or
    the ones just before, unless a place follows it ("la ville de Tikrit").
    """
    nouns = list(
        lex.rx(
            r"\b(?:{place_anaphora}|(?:{determiners}|{demonstratives})\s+"
            r"(?:{place_adjectives}\s+){{1,2}}{settlement_words})\b"
        ).finditer(flat)
    )
    if not nouns:
        return literal
    named_after = lex.rx(r"^(?:\s*[\w-]+){{0,2}}?\s*(?:{of_words})?\s*$")
    out = list(literal)
    for n in nouns:
        if any(a <= n.start() < b for a, b in ((m.start, m.end) for m in literal)):
            continue
        if any(
            0 <= m.start - n.end() <= 30 and named_after.match(flat[n.end() : m.start])
            for m in [*literal, *unknown]
        ):
            continue  # "la ville de Tikrit", "the town of Sinjar", "le quartier X"
        before = [m for m in literal if m.end <= n.start() and _settlement(m)]
        earlier = [
            shift(m, -sentence.start)
            for m in antecedents
            if _settlement(m) and sentence.start - m.end <= ANAPHORA_REACH
        ]
        candidates = [*reversed(before), *earlier]  # the last named first
        if not candidates:
            continue
        referent = _salient(candidates, [*before, *antecedents])
        out.append(
            Mention(
                sentence.text[n.start() : n.end()],
                n.start(),
                n.end(),
                referent.place,
                referent.score,
                False,
                None,
                f"names again {referent.text}",
            )
        )
    return sorted(out, key=lambda m: m.start)


def _with_province_anaphora(
    literal: list[Mention],
    unknown: list[Mention],
    flat: str,
    lex: Lexicon,
    sentence: Sentence,
    antecedents: Sequence[Mention],
    province_of: Callable[[Place], Place | None] | None,
) -> list[Mention]:
    """Add the province a definite noun names again ("la province disputée").

    It is the province named last (in the sentence or just before), else the
    province of the settlement the text is about.
    """
    nouns = list(lex.rx(r"\b{province_anaphora}\b").finditer(flat))
    if not nouns:
        return literal
    named_after = lex.rx(r"\s*(?:{of_words})\s?")  # matched where the noun ends
    out = list(literal)
    for n in nouns:
        if named_after.match(flat, n.end()) or any(
            m.start <= n.start() < m.end for m in out
        ):
            continue  # "la province d'Idleb": named, not named again
        before = [m for m in literal if m.end <= n.start()]
        earlier = [
            shift(m, -sentence.start)
            for m in antecedents
            if sentence.start - m.end <= ANAPHORA_REACH
        ]
        candidates = [*reversed(before), *earlier]
        province = next(
            (m.place for m in candidates if m.place and m.place.kind == "admin1"), None
        )
        if province is None and province_of is not None:
            towns = [m for m in candidates if _settlement(m)]
            if towns:
                province = province_of(_salient(towns, [*before, *antecedents]).place)
        if province is None:
            continue
        out.append(
            Mention(
                sentence.text[n.start() : n.end()],
                n.start(),
                n.end(),
                province,
                0.5,
                False,
                None,
                f"names again the province of {province.name}",
            )
        )
    return sorted(out, key=lambda m: m.start)


def _salient(candidates: list[Mention], named: list[Mention]) -> Mention:
    """Return the candidate the text names most often (the last among equals).

    "Kasab, an Armenian town near the border crossing with Turkey … withdrew
    from the town": the town is the one the dispatch is about.
    """

    def key(m: Mention) -> tuple[float, float, str]:
        return (m.place.name, m.place.lat, m.place.lon)

    counts = Counter(key(m) for m in named if m.place is not None)
    return max(candidates, key=lambda m: counts[key(m)])


def _settlement(m: Mention) -> bool:
    return m.place is not None and m.place.kind not in ("country", "admin1", "region")


def _usable(triggers: list[Trigger], flat: str, lex: Lexicon) -> list[Trigger]:
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
            t.row.generic
            and t.verbal
            and any(_adjacent(t, n, ctx.flat) for n in nouns if n is not t)
        ):
            continue  # "barrel bombs struck the villages": the noun's event
        out.append(t)
    return out


def _phrases(triggers: list[Trigger], ctx: SentenceContext) -> list[Trigger]:
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
        r"|{place_adjectives}\b|{filler_adverbs}\b|{gap_time}\b|\d+\s?%?)*$"
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
    owner = _toll_owner(items, tolls)
    shares = _toll_shares(items, ctx) if owner is not None else {}
    sources = ctx.lex.find_sources(s.text)
    demonstrative = ctx.lex.rx(r"\b{demonstratives}\s+(?:[\w-]+\s+)?$")
    findings = []
    for i, (t, m, score) in enumerate(items):
        m = _near(m, ctx) if m is not None else None
        status, stated_status = _status(t, ctx)
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
        event_type, sub_type = t.event_type, t.sub_type
        if t.row.generic and t.event_type == "strike" and _from_the_ground(actor, ctx):
            # "bombardements rebelles sur Damas": the sentence tells the means,
            # which a bare "bombardements" elsewhere in the text does not
            event_type, sub_type = "shelling", GROUND_BOMBARDMENT
        elif event_type == "shelling" and _fired_from_the_air(t, ctx):
            event_type = "strike"  # "an attack helicopter fired missiles"
        if sub_type == "captured" and m is not None and _of_a_part(t, m, ctx):
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


def _near(m: Mention, ctx: SentenceContext) -> Mention:
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


def _fired_from_the_air(t: Trigger, ctx: SentenceContext) -> bool:
    """Whether missiles or rockets were fired by aircraft the sentence names."""
    lex = ctx.lex
    word = ctx.flat[t.start : t.end]
    if not lex.rx(r"^{projectile_words}$").match(word):
        return False
    return lex.rx(r"\b{aircraft_words}\b").search(ctx.flat) is not None


def _from_the_ground(actor: str | None, ctx: SentenceContext) -> bool:
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


def _toll_shares(
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


#: Characters before a place read for the part of it a passive capture took
#: ("two districts on the outskirts of Fallujah have been taken").
PART_BEFORE = 45


def _of_a_part(t: Trigger, m: Mention, ctx: SentenceContext) -> bool:
    """Whether a capture takes only a part of the place ("deux quartiers de")."""
    if m.start >= t.end:
        gap = ctx.flat[t.end : m.start]
    else:  # passive: the part is the subject, before the place
        gap = ctx.flat[max(0, m.start - PART_BEFORE) : m.start]
    return ctx.lex.rx(r"\b{part_words}\b").search(gap) is not None


def _status(t: Trigger, ctx: SentenceContext) -> tuple[str, bool]:
    """Return the finding's status, and whether a cue word of the text says it."""
    flat, lex = ctx.flat, ctx.lex
    if t.event_type == "siege" and lex.rx(r"\b{ended}$").search(
        flat[max(0, t.start - 40) : t.start]
    ):
        return "done", True  # "broke a three-year siege", "la levée du siège"
    if t.status == "held":
        return "held", True
    if t.status == "ongoing" and t.event_type in ("control_change", "siege", "base"):
        return "ongoing", False  # a siege, a base: a state, not a plan
    reach = STATUS_REACH.get(t.event_type, STATUS_REACH_DEFAULT)
    window = flat[max(0, t.start - STATUS_BEFORE) : t.end + reach]
    if lex.rx(r"\b{planned}\b").search(window):
        return "planned", True
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
