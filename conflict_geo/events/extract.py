"""Extract conflict events from a French or English dispatch.

The pipeline reads like the text: the dispatch is cut into blocks and
sentences; :func:`~conflict_geo.places.geoparse.geoparse` finds and resolves
its places; :mod:`~conflict_geo.events.lexicon` finds the words that report an
event (a *trigger*: "frappes", "bastion de", "captured"); each trigger is tied
to the place the sentence links it to; then tolls, dates, actors, the reporting
source and the status are read from the same sentence.

Nothing is dropped silently: a trigger with no place in its sentence, a place
the gazetteer cannot resolve, or a place that only stands for a government
("Damas a accusé") is listed in ``frame.attrs["unmapped"]`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from conflict_geo.events.event import Event, precision_of
from conflict_geo.events.lexicon import (
    ACTOR_PATTERNS,
    ANY_ACTOR,
    GOVERNMENT,
    GOVERNMENT_OF,
    SOURCES,
    Trigger,
    find_triggers,
    flatten,
)
from conflict_geo.exc import QueryTypeError
from conflict_geo.places.geoparse import Mention, geoparse
from conflict_geo.text.dates import DateMention, Reference, find_dates
from conflict_geo.text.document import Document, parse_date_prefix
from conflict_geo.text.lang import detect_language
from conflict_geo.text.numbers import Quantity, find_quantities, following_word
from conflict_geo.text.sentences import Sentence, iter_blocks, split_sentences

if TYPE_CHECKING:
    import geopandas

    from conflict_geo.places.gazetteer import Gazetteer
    from conflict_geo.places.ner import EntityModel

__all__ = ["Extraction", "extract", "extract_document", "extract_events"]

# --- linking triggers to places -------------------------------------------------

# Between a trigger and the place it is about: prepositions, articles, kind
# words, a few adverbs and dates ("repris dimanche le contrôle total de").
_LINK_FORWARD_MAX = 70
_LINK_BACKWARD_MAX = 90
_LINK_PHRASE_MAX = 120
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:qui|which|who|where|que|that|lorsque|when)\b")
_SPACES = re.compile(r"\s+")
_REFERENCE_POINT = re.compile(
    r"(?:(?:au |a l'|a |aux )?(?:nord|sud|est|ouest)(?:-(?:est|ouest))?|km|kilometres?"
    r"|kilometers?|miles?|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?)"
    r" (?:de |d'|du |des |of )(?:la |le |l')?(?:ville |village |localite |town |city )?"
    r"(?:de |d'|of )?$"
)
_NEAR = re.compile(
    r"(?:pres|non loin|a proximite|aux abords|near|outside|close to)\W*\w*\W*$"
)
_COORDINATED = re.compile(
    r"^\s*(?:,|,?\s*(?:et|and|ainsi que|as well as|puis|then))\s+"
    r"(?:(?:sur|a|dans|de|d'|on|in|at|of)\s*)?"
    r"(?:(?:la |le |l'|the |(?:several|many|other|some) )?"
    r"(?:ville |village |localite |town |city |villages |towns |localites )?"
    r"(?:de |d'|of |in |dans )?)?$"
)
# A date between two listed places ("Bartella, puis la semaine dernière
# Qaraqosh", "Manbij in August and Jarablus"): dropped before the test above.
_GAP_TIME = re.compile(
    r"\b(?:(?:la |le |cette |ce )?(?:semaine|mois|annee)"
    r" (?:derniere|dernier|passee|passe)"
    r"|(?:last|this|the following|the next) (?:week|month|year)"
    r"|(?:le |on )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:le |on )?\d{1,2}(?:er)? (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout"
    r"|septembre|octobre|novembre|decembre)"
    r"|(?:on |in )?(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)(?: \d{1,2})?"
    r"|(?:en |in )?(?:janvier|fevrier|avril|juin|juillet|aout|septembre|octobre"
    r"|novembre|decembre)"
    r"|(?:le )?lendemain|the next day|the day after|days later"
    r"|quelques jours plus tard)\b"
)
# "Tal Afar, 70 kilometres west of Mosul, as well as ...": a landmark inside a
# list, skipped; "Hawija in Kirkuk province and ...": the container, skipped.
_KIND_AFTER = re.compile(
    r"^\s*(?:province|governorate|gouvernorat|region|city|town|village)\b"
)
_LANDMARK_GAP = re.compile(r"^\s*,")
_CONTAINER_GAP = re.compile(
    r"^\s*,?\s*(?:in|dans|en|au|of|de|d')\s+(?:la |le |l'|the )?"
    r"(?:(?:province|gouvernorat|governorate|region) (?:de |d'|of )?)?$"
)
_PLANNED = re.compile(
    r"\b(?:va|vont|doit|doivent|devrait|devraient|compte|comptent|prochaine?s?|commencera\w*"
    r"|se dessine|prepar\w+|menac\w+|determinee?s?|envisag\w+|imminente?|bientot"
    r"|en vue d|will|would|plans?|planned|planning|threat\w*|upcoming|coming weeks"
    r"|next|soon|vowed"
    r"|pledged|is set to|about to|to launch|intends?|projet\w*)\b"
)
_ONGOING = re.compile(
    r"\b(?:se poursui\w+|poursuiv\w+|continu\w+|toujours|encore|en cours|still"
    r"|under way"
    r"|underway|raged|raging|are fighting|is fighting|ongoing|sont en train)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:toute?|any|aucune?|no|sans|without|eviter|avoid|prevent|empecher|craint\w*"
    r"|fears?|feared|pourrait|pourraient|could lead|risque\w*)\W+(?:\w+\W+){0,2}$"
)
# "ont fui les combats", "fleeing the fighting": the people fled; the fighting
# is elsewhere.
_FLED = re.compile(
    r"\b(?:fui|fuient|fuir|fuyant|fled|flee|fleeing|escaped|escaping|echappe\w*)"
    r"\W+(?:\w+\W+){0,2}$"
)
_DURATION_OF = re.compile(
    r"(?:au terme d'|apres |after |following )(?:pres de |plus de |more than |nearly |"
    r"some )?(?:\w+ (?:semaines?|mois|jours|weeks?|months?|days?) d'?(?:e |of )?)?"
    r"(?:une? |an? )?$"
)

# "en sept jours", "depuis longtemps", "over the past week": how long, not when
_DURATION = re.compile(
    r"(?:en|depuis|pendant|durant|over|for|during|in the (?:past|last)|within)\b"
)

# --- tolls ------------------------------------------------------------------------

_DEATH_NOUNS = frozenset(
    """morts mort tues tuees tue victimes civils civiles personnes enfants femmes
    soldats militaires combattants jihadistes djihadistes rebelles membres policiers
    insurges miliciens membres hommes dead killed people civilians children women
    soldiers fighters militants jihadists rebels members policemen troops persons
    lives bodies corps""".split()
)
_DEATH_WORDS = re.compile(
    r"\b(?:tu(?:e|es|ee|ees|ant|ent|er)|morts?|peri\w*|cout\w* la vie|victimes|bilan"
    r"|killed|killing|dead|died|death|lives|toll|left \w+ dead)\b"
)
# Counted things that are not people: "killed in 24 hours", "tuant en 2 jours".
_NOT_VICTIMS = frozenset(
    """heures heure jours jour semaines mois ans annees minutes hours hour days day
    weeks months years times fois km kilometres kilometers miles percent""".split()
)
_INJURY_WORDS = frozenset(
    "blesses blessees blesse blessee wounded injured hurt injuries".split()
)
_PART_OF = re.compile(
    r"(?:dont|parmi (?:lesquels|lesquelles|eux|elles)|notamment|including|among them"
    r"|among whom|of whom|of them)\W+(?:au moins |at least )?$"
)
_EARLIER = re.compile(
    r"(?:auparavant|precedent|premier|initial|initialement|earlier|previous|up from"
    r"|first|avait (?:auparavant )?(?:donne|fait etat)"
    r"|had (?:earlier )?(?:given|reported))"
    r"\b[^.;]{0,60}$"
)
_NO_VICTIMS = re.compile(
    r"sans faire de (?:victimes?|morts?)|aucune victime|pas de victimes?|no casualties"
    r"|no (?:one|deaths|injuries) (?:was|were) (?:killed|reported)|without casualties"
)

_METONYM_ACTORS = {
    "SY": "Syrian government",
    "RU": "Russia",
    "US": "United States",
    "TR": "Turkey",
    "IQ": "Iraqi government",
    "IR": "Iran",
    "IL": "Israel",
    "SA": "Saudi Arabia",
    "FR": "France",
    "GB": "United Kingdom",
}
_VIOLENT = ("strike", "shelling", "clash", "other", "offensive")


@dataclass(frozen=True, slots=True)
class Extraction:
    """Events and everything that could not be mapped, for one document.

    Parameters
    ----------
    events : list of Event
        In text order.
    mentions : list of Mention
        Every place mention, with offsets in the document.
    unmapped : list of dict
        ``{"doc", "text", "start", "end", "reason"}`` for each trigger or
        mention that did not become a mapped event.
    lang : str
        The language used.
    """

    events: list[Event]
    mentions: list[Mention]
    unmapped: list[dict[str, Any]]
    lang: str


def _shift(mention: Mention, offset: int) -> Mention:
    # what dataclasses.replace would make, at a fifth of its cost
    m = mention
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


def extract_events(
    text: str,
    lang: str | None = None,
    date: Any = None,
    *,
    doc: str = "",
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
    block_chars: int = 100_000,
) -> Extraction:
    """Extract events from ``text`` as :class:`Event` objects.

    Parameters
    ----------
    text : str
        The dispatch. A leading ``date YYYY[-MM[-DD]]`` line is read as the
        document date when ``date`` is not given.
    lang : {"fr", "en"}, optional
        Detected from the text when omitted.
    date : str or datetime.date, optional
        The dispatch date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), against
        which "mercredi" or "last week" are resolved.
    doc : str, optional
        A name for the document, copied to each event.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.
    model : EntityModel, str or None, default "auto"
        The named-entity model of :func:`~conflict_geo.places.geoparse.geoparse`;
        None uses the gazetteer recogniser alone (faster, slightly less
        precise on person and organisation names).
    block_chars : int, default 100000
        Long texts are processed in blocks of whole paragraphs of about this
        size, so memory stays bounded whatever the length.

    Returns
    -------
    Extraction
        Events, place mentions and the unmapped report, offsets in ``text``.

    Raises
    ------
    QueryTypeError
        ``text`` is not a string.
    InputError
        ``date`` is not a valid date.
    """
    if not isinstance(text, str):
        raise QueryTypeError(f"text must be a string, not {type(text).__name__}")
    body, prefix_date = parse_date_prefix(text)
    base = len(text) - len(body)
    reference = Reference.parse(date if date is not None else prefix_date)
    lang = lang or detect_language(body)
    events: list[Event] = []
    mentions: list[Mention] = []
    unmapped: list[dict[str, Any]] = []
    for offset, block in iter_blocks(body, block_chars):
        found = geoparse(block, lang, gazetteer=gazetteer, model=model)
        mentions.extend(_shift(m, base + offset) for m in found)
        topic: tuple[Event, int] | None = None  # last event, its sentence number
        for number, sentence in enumerate(split_sentences(block)):
            inside = [m for m in found if sentence.start <= m.start < sentence.end]
            recent = None
            if topic is not None and number - topic[1] <= _TOPIC_SENTENCES:
                recent = replace(
                    topic[0],
                    mention=_shift(topic[0].mention, -(base + offset + sentence.start)),
                )
            new, missed = _sentence_events(
                sentence, inside, reference, lang, doc, base + offset, recent
            )
            if new:
                best = min(new, key=lambda e: precision_of(e.mention.place.kind) or 9)
                topic = (best, number)
            events.extend(new)
            unmapped.extend(missed)
    for m in mentions:
        if m.place is None:
            unmapped.append(_report(doc, m.text, m.start, m.end, m.reason))
    return Extraction(events, mentions, unmapped, lang)


def _report(doc: str, text: str, start: int, end: int, reason: str) -> dict[str, Any]:
    return {"doc": doc, "text": text, "start": start, "end": end, "reason": reason}


#: Sentences after an event within which a sentence naming no place is read
#: as going on about that event's place.
_TOPIC_SENTENCES = 2
#: A place the gazetteer does not know, named with a kind word: the sentence
#: is not about the earlier event's place.
_NAMED_PLACE = re.compile(
    r"\b(?:village|town|city|localit[ée]|ville|quartier|district|region|r[ée]gion)s?"
    r" (?:of |de |d'|d’)\s*[A-Z]|(?:^|\. )(?:A|À|In|At) [A-Z]"
)
#: Event types a sentence can report without naming the place again.
_ANAPHORIC_TYPES = frozenset({"strike", "shelling", "clash", "siege", "offensive"})


# --- one sentence -------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    sentence: Sentence
    flat: str  # flattened sentence
    base: int  # offset of the sentence in the block
    literal: list[Mention]  # resolved, non-metonymic, offsets in the sentence
    actors: list[tuple[int, int, str]]  # (start, end, name) in the sentence
    quantities: list[Quantity]
    dates: list[DateMention]


def _sentence_events(
    sentence: Sentence,
    mentions: list[Mention],
    reference: Reference | None,
    lang: str,
    doc: str,
    offset: int,
    topic: Event | None = None,
) -> tuple[list[Event], list[dict[str, Any]]]:
    flat = flatten(sentence.text)
    triggers = _usable(find_triggers(flat), flat)
    if not triggers:
        return [], []
    local = [_shift(m, -sentence.start) for m in mentions]
    literal = [m for m in local if m.place is not None and not m.metonymic]
    ctx = _Context(
        sentence=sentence,
        flat=flat,
        base=sentence.start,
        literal=literal,
        actors=_actors(flat, [m for m in local if m.metonymic and m.place]),
        quantities=find_quantities(sentence.text, lang),
        dates=find_dates(sentence.text, reference, lang),
    )
    links = _link(triggers, ctx)
    links += _sole_place(triggers, links, ctx)
    anaphoric = False
    if (
        not links
        and not local
        and topic is not None
        and not _NAMED_PLACE.search(sentence.text)
    ):
        # "Des accrochages se poursuivaient toutefois": no place named, the
        # sentence goes on about the place of the event just before it.
        violent = [t for t in triggers if t.event_type in _ANAPHORIC_TYPES]
        if violent:
            links = [(violent[0], topic.mention, 0.3)]
            anaphoric = True
    missed: list[dict[str, Any]] = []
    linked_triggers = {id(t) for t, _, _ in links}
    for t in triggers:
        if id(t) not in linked_triggers:
            metonyms = [m.text for m in local if m.metonymic]
            unknown = [m.text for m in local if m.place is None]
            if unknown:
                reason = (
                    "its place is not in the gazetteer (" + ", ".join(unknown) + ")"
                )
            elif metonyms:
                reason = f"only governments named ({', '.join(metonyms)}), no location"
            elif literal:
                reason = "no place tied to it in the sentence"
            else:
                reason = "no place named in the sentence"
            a, b = sentence.start + t.start + offset, sentence.start + t.end + offset
            missed.append(_report(doc, sentence.text[t.start : t.end], a, b, reason))
    events = _build(links, ctx, reference, doc, offset)
    events, coarse = _drop_coarse(events)
    missed.extend(
        _report(doc, e.mention.text, e.mention.start, e.mention.end, why)
        for e, why in coarse
    )
    if anaphoric and topic is not None:
        # the same kind of event, with no toll or date of its own, is the
        # earlier event told again ("… en raison des bombardements")
        note = f"place from an earlier sentence ({topic.mention.text})"
        events = [
            replace(e, notes=(*e.notes, note))
            for e in events
            if e.event_type != topic.event_type
            or e.fatalities is not None
            or e.date != topic.date
        ]
    return events, missed


#: Claims a country is too coarse a place for: a siege, a base, a change of
#: control are about towns and provinces.
_NEEDS_PLACE = frozenset({"siege", "base", "control_change"})


def _drop_coarse(events: list[Event]) -> tuple[list[Event], list[tuple[Event, str]]]:
    """Split off country-level events the sentence does not support.

    A country named beside a more precise place is the setting ("L'offensive
    sur Mossoul … en Irak"), and a country alone cannot place a siege, a base
    or a control claim.
    """
    precise = any(e.mention.place.kind != "country" for e in events)
    kept, dropped = [], []
    for e in events:
        if e.mention.place.kind != "country":
            kept.append(e)
        elif e.event_type in _NEEDS_PLACE:
            dropped.append(
                (e, f"only a country is named: too coarse for a {e.event_type}")
            )
        elif precise:
            dropped.append((e, "the country is the setting of a more precise event"))
        else:
            kept.append(e)
    return kept, dropped


_SOLE_PLACE_TYPES = frozenset({"strike", "shelling", "clash", "siege"})


def _sole_place(
    triggers: list[Trigger],
    links: list[tuple[Trigger, Mention, float]],
    ctx: _Context,
) -> list[tuple[Trigger, Mention, float]]:
    """Tie the sentence's first unlinked violent trigger to its only place.

    "Les raids … ont tué vingt-quatre civils, dont cinq enfants, depuis samedi
    dans la région d'Afrine": the place is too far from the trigger for the
    distance rules, but it is the only place the sentence names (countries
    aside), so the sentence is about it.
    """
    places = [m for m in ctx.literal if m.place.kind != "country"]
    if len(places) != 1 or any(m is places[0] for _, m, _ in links):
        return []
    linked = {id(t) for t, _, _ in links}
    types = {lt.event_type for lt, _, _ in links}
    for t in triggers:
        if (
            id(t) not in linked
            and t.event_type in _SOLE_PLACE_TYPES
            and t.event_type not in types
        ):
            return [(t, places[0], 0.25)]
    return []


def _usable(triggers: list[Trigger], flat: str) -> list[Trigger]:
    """Drop hypothetical triggers and battles that only time a capture."""
    out = []
    for t in triggers:
        before = flat[max(0, t.start - 50) : t.start]
        if _HYPOTHETICAL.search(before) or _FLED.search(before):
            continue
        if t.event_type in ("offensive", "clash") and _DURATION_OF.search(before):
            continue
        out.append(t)
    return out


# "… s'est abattue dimanche sur la ville frontalière de": an explicit place
# phrase reaches further than a bare name.
_PLACE_PHRASE_END = re.compile(
    r"\b(?:(?:sur|on|dans|in|a|at|near|pres de) )?(?:la |le |l'|the )(?:\w+ )?"
    r"(?:ville|village|localite|town|city|quartier|district|region|province)"
    r"(?: \w+)? (?:de |d'|of )?$"
)


def _gap_ok(gap: str, forward: bool) -> bool:
    limit = _LINK_FORWARD_MAX if forward else _LINK_BACKWARD_MAX
    if forward and _PLACE_PHRASE_END.search(gap):
        limit = _LINK_PHRASE_MAX
    if len(gap) > limit:
        return False
    if forward and _CLAUSE_BREAK.search(gap):
        return False
    return not re.search(r"[;:]|\(\s*$", gap) and gap.count(",") <= (
        1 if forward else 2
    )


def _link(
    triggers: list[Trigger], ctx: _Context
) -> list[tuple[Trigger, Mention, float]]:
    """Pair each trigger with the place(s) the sentence ties it to."""
    links: list[tuple[Trigger, Mention, float]] = []
    for t in triggers:
        scored = [
            (s, m) for m in ctx.literal if (s := _link_score(t, m, ctx)) is not None
        ]
        if not scored:
            continue
        score, chosen = max(scored, key=lambda x: x[0])
        # "dans la province d'Idleb, sur le village de Hass": the most precise,
        # unless another trigger claims it ("control most of Hasakah province,
        # while regime troops hold pockets in Hasakah city")
        inner = [
            (s, m)
            for s, m in scored
            if s > 0.2 and _contains(chosen, m) and not _claimed(t, m, triggers)
        ]
        if inner:
            score, chosen = max(inner, key=lambda x: x[0])
        if chosen.start >= t.end:
            group = [chosen, *_coordinated(chosen, ctx)]
        else:
            group = [*_coordinated_before(chosen, ctx), chosen]
        for m in group:
            links.append((t, m, max(0.1, min(1.0, score))))
    return _merge(links)


def _claimed(t: Trigger, m: Mention, triggers: list[Trigger]) -> bool:
    """Whether another trigger stands between ``t`` and the place ``m``."""
    lo, hi = (t.end, m.start) if m.start >= t.end else (m.end, t.start)
    return any(o is not t and lo <= o.start and o.end <= hi for o in triggers)


_IN_CONTAINER = re.compile(r"(?:\b(?:in|en|dans|au)\s+(?:la |le |l'|the )?)$")


# "une roquette tirée depuis la Syrie", "rockets fired from Gaza": where the
# fire came from, not where it fell.
_ORIGIN = re.compile(
    r"(?:\b(?:depuis|from|en provenance (?:de|d'))\s+(?:la |le |l'|les |the )?)$"
)
_ORIGIN_TYPES = frozenset({"strike", "shelling", "offensive"})


def _link_score(t: Trigger, m: Mention, ctx: _Context) -> float | None:
    """How strongly the sentence ties trigger ``t`` to place ``m`` (None: not)."""
    score = _distance_score(t, m, ctx)
    before = ctx.flat[max(0, m.start - 30) : m.start]
    if score is not None and t.event_type in _ORIGIN_TYPES and _ORIGIN.search(before):
        score -= 0.6
    return score


def _distance_score(t: Trigger, m: Mention, ctx: _Context) -> float | None:
    flat = ctx.flat
    if m.start >= t.end:
        if t.sub_type == "held" and _ENDS_WITH_AGENT.search(flat[t.start : t.end]):
            return None  # "Minbej, aux mains des milices ...": the holder follows
        gap = flat[t.end : m.start]
        if not _gap_ok(gap, True):
            return None
        score = 1.0 - len(gap) / 200
        if _REFERENCE_POINT.search(gap):
            score -= 0.5  # "au nord-est d'Afrine": a landmark, not the place
        if (
            t.sub_type == "held"
            and not t.verbal
            and m.place is not None
            and m.place.kind in ("country", "admin1")
            and _IN_CONTAINER.search(gap)
        ):
            score -= 0.4  # "the last stronghold in Iraq": where the place is
        return score
    if m.end <= t.start:
        gap = flat[m.end : t.start]
        if not _gap_ok(gap, False):
            return None
        weight = 0.8 if t.verbal or t.status == "ongoing" else 0.45
        score = weight - len(gap) / 200
        if _REFERENCE_POINT.search(flat[max(0, m.start - 40) : m.start]):
            score -= 0.5
        return score
    return None


_ENDS_WITH_AGENT = re.compile(r"\b(?:par|by|de|des|du|d'|of)\s*(?:l'|les? |la |the )?$")


def _coordinated(first: Mention, ctx: _Context) -> list[Mention]:
    """Return the places listed after ``first``.

    As in "sur Mossoul … et sur Raqa" or "Nubl and Zahraa".
    """
    out = []
    last = first
    for m in ctx.literal:
        if m.start <= last.end:
            continue
        gap = ctx.flat[last.end : m.start]
        if _LANDMARK_GAP.match(gap) and _REFERENCE_POINT.search(gap):
            last = m  # "Tal Afar, 70 km west of Mosul, ...": Mosul is a landmark
            continue
        if _contains(m, last) and _CONTAINER_GAP.match(gap):
            last = m  # "Hawija in Kirkuk province, ...": the container
            continue
        gap = _SPACES.sub(" ", _GAP_TIME.sub(" ", _KIND_AFTER.sub("", gap)))
        if _COORDINATED.match(gap) or _COORDINATED.match(_strip_apposition(gap)):
            out.append(m)
            last = m
        else:
            break
    return out


def _coordinated_before(last: Mention, ctx: _Context) -> list[Mention]:
    """Places listed before ``last`` ("Nubl and Zahraa were besieged")."""
    out: list[Mention] = []
    for m in reversed(ctx.literal):
        if m.end > last.start:
            continue
        if _COORDINATED.match(ctx.flat[m.end : last.start]):
            out.insert(0, m)
            last = m
        else:
            break
    return out


def _strip_apposition(gap: str) -> str:
    """Drop relative clauses: ", le bastion … 17 octobre et sur" -> " et sur"."""
    parts = re.split(r"\s(?=(?:et|and)\s)", gap)
    return " " + parts[-1] if len(parts) > 1 and len(parts[-1]) < 20 else gap


def _contains(big: Mention, small: Mention) -> bool:
    bp, sp = big.place, small.place
    if bp is None or sp is None or bp is sp:
        return False
    if bp.kind == "country":
        return sp.country == bp.country and sp.kind != "country"
    if bp.kind == "admin1":
        return sp.kind not in ("admin1", "country") and sp.admin1 == bp.admin1
    return False


def _merge(
    links: list[tuple[Trigger, Mention, float]],
) -> list[tuple[Trigger, Mention, float]]:
    """One event per (type, place, clause): "six frappes … raids" is one strike."""
    out: list[tuple[Trigger, Mention, float]] = []
    for t, m, score in links:
        dup = next(
            (
                i
                for i, (t2, m2, _) in enumerate(out)
                if t2.event_type == t.event_type and m2.start == m.start
            ),
            None,
        )
        if dup is None:
            out.append((t, m, score))
        elif score > out[dup][2]:
            out[dup] = (out[dup][0], m, score)
    # "des tirs de roquettes ont visé Kilis": the generic verb adds nothing
    # to the specific trigger of the same place
    specific = {m.start for t, m, _ in out if t.sub_type != "hit"}
    out = [x for x in out if x[0].sub_type != "hit" or x[1].start not in specific]
    # a province or country linked to a trigger whose settlement is also linked,
    # unless two verbs make two claims ("the Kurds control most of Hasakah
    # province, while regime troops hold pockets in Hasakah city")
    drop = {
        i
        for i, (t, m, _) in enumerate(out)
        for t2, m2, _ in out
        if t2.event_type == t.event_type
        and _contains(m, m2)
        and (t2 is t or not (t.verbal and t2.verbal))
    }
    return [x for i, x in enumerate(out) if i not in drop]


# --- filling in an event ------------------------------------------------------------


def _build(
    links: list[tuple[Trigger, Mention, float]],
    ctx: _Context,
    reference: Reference | None,
    doc: str,
    offset: int,
) -> list[Event]:
    s = ctx.sentence
    tolls = _tolls(ctx)
    toll_owner = _toll_owner(links, tolls)
    source = _source(s.text)
    events = []
    for i, (t, m, score) in enumerate(links):
        status = _status(t, ctx)
        date, precision = _date(t, ctx, status, reference)
        actor, target = _roles(t, m, ctx)
        notes: list[str] = []
        country = m.place.country if m.place is not None else None
        if actor is not None and GOVERNMENT in actor:
            actor = actor.replace(GOVERNMENT, GOVERNMENT_OF.get(country, GOVERNMENT))
        if actor is None and t.sub_type == "barrel bomb" and country == "SY":
            # in Syria only the government's helicopters drop barrel bombs
            actor = GOVERNMENT_OF["SY"]
            notes.append("actor: barrel bombs in Syria are dropped by its government")
        fatalities = injured = earlier = low = None
        if i == toll_owner:
            fatalities, low, earlier, injured, toll_notes = tolls
            notes.extend(toll_notes)
        confidence = score * (0.5 + 0.5 * m.score)
        events.append(
            Event(
                event_type=t.event_type,
                sub_type=t.sub_type,
                mention=_shift(m, s.start + offset),
                sentence=s.text,
                start=s.start + offset,
                end=s.end + offset,
                trigger=s.text[t.start : t.end],
                status=status,
                fatalities=fatalities,
                fatalities_low=low,
                fatalities_earlier=earlier,
                injured=injured,
                actor=actor,
                target=target,
                source=source,
                date=date,
                date_precision=precision,
                doc=doc,
                confidence=confidence,
                notes=tuple(notes),
            )
        )
    return events


_Tolls = tuple[int | None, int | None, int | None, int | None, list[str]]


# "blessant 32 personnes", "wounding at least 12": a count of the injured.
_INJURING = re.compile(
    r"\b(?:blessant|(?:a|ont|avaient|avait) blesse|wounding|injuring|wounded|injured)"
    r"\s+(?:au moins |at least |plus de |more than |pres de |nearly |some )?$"
)
_ONE_VICTIM = (
    r"(?:civil|civile|refugie|refugiee|enfant|soldat|militaire|homme|femme"
    r"|combattant|policier|secouriste|person|civilian|refugee|child|boy|girl|soldier"
    r"|man|woman|fighter|policeman|rescuer)"
)
# A toll of one written with an article: "tuant un réfugié", "killing a child",
# "un enfant a été tué", "fait état d'un seul mort".
_ONE_KILLED = re.compile(
    r"\b(?:tuant|(?:a|ont|avait|avaient) tue|faisant|killing|killed)"
    r"\s+(?:un|une|a|an|one)\s+" + _ONE_VICTIM + r"\b"
    r"|\b(?:un|une|a|an|one) (?:seule? )?" + _ONE_VICTIM + r" (?:a ete|was|has been)"
    r" (?:tuee?|killed)\b"
    r"|\b(?:d'|de |faisant |fait )?(?:un|one) (?:seul )?(?:mort|dead)\b"
)
# "killed two IS commanders", "tuant 35 civils": a count right after a verb
# of killing is a toll whatever the noun.
_KILLED_BEFORE = re.compile(
    r"\b(?:killed|killing|tuant|(?:a|ont|avait|avaient) tue|left)\s+"
    r"(?:au moins |at least |plus de |more than |some |about |environ |pres de "
    r"|nearly )?$"
)


def _tolls(ctx: _Context) -> _Tolls:
    """Read killed, killed-earlier and injured counts from one sentence."""
    text, flat = ctx.sentence.text, ctx.flat
    killed: list[Quantity] = []
    earlier: list[Quantity] = []
    injured: list[Quantity] = []
    notes: list[str] = []
    for q in ctx.quantities:
        if any(d.start <= q.start < d.end for d in ctx.dates):
            continue
        noun = flatten(following_word(text, q))
        before = flat[max(0, q.start - 80) : q.start]
        after = flat[q.end : q.end + 60]
        if noun in _INJURY_WORDS or _INJURING.search(before[-35:]):
            injured.append(q)
            continue
        if noun not in _DEATH_NOUNS and not (
            _KILLED_BEFORE.search(before[-35:]) and noun not in _NOT_VICTIMS
        ):
            continue
        deadly = noun in {"morts", "mort", "dead", "killed", "tues", "tuees", "tue"}
        if not deadly and _KILLED_BEFORE.search(before[-35:]):
            deadly = True
        if not deadly:
            window = before[-45:] + " " + after[:60]
            after_words = after.split()
            deadly = bool(_DEATH_WORDS.search(window)) and not (
                after_words[1:2] and flatten(after_words[1]) in _INJURY_WORDS
            )
        if not deadly:
            continue
        if _PART_OF.search(before[-30:]):
            notes.append(f"including {q.text.strip()} {noun}")
            continue
        if _EARLIER.search(before):
            earlier.append(q)
        else:
            killed.append(q)
    fatalities = killed[0].value if killed else None
    if fatalities is None and not earlier and _ONE_KILLED.search(flat):
        fatalities = 1  # "tuant un réfugié syrien", "killing a child"
    low = killed[0].value if killed and killed[0].qualifier == "more_than" else None
    if fatalities is None and _NO_VICTIMS.search(flat):
        fatalities = 0
    first_earlier = earlier[0].value if earlier else None
    if first_earlier is not None:
        notes.append(f"earlier toll {first_earlier}")
    hurt = injured[0].value if injured else None
    return fatalities, low, first_earlier, hurt, notes


def _toll_owner(
    links: list[tuple[Trigger, Mention, float]], tolls: _Tolls
) -> int | None:
    """Return the event a sentence's toll belongs to: its first violent event."""
    if all(v is None for v in tolls[:4]):
        return None
    for i, (t, _, _) in enumerate(links):
        if t.event_type in _VIOLENT:
            return i
    return 0 if links else None


_SOURCE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in SOURCES) + r")(?![\w-])"
)


def _source(sentence: str) -> str | None:
    # the first source of the list named in the sentence, as before
    named = {m.group() for m in _SOURCE.finditer(sentence)}
    for name in SOURCES:
        if name in named:
            return "OSDH" if name.startswith("Observatoire") else name
    return None


def _status(t: Trigger, ctx: _Context) -> str:
    flat = ctx.flat
    if t.event_type == "siege" and _ENDED.search(flat[max(0, t.start - 40) : t.start]):
        return "done"  # "broke a three-year siege", "la levée du siège"
    if t.status == "ongoing" and t.event_type in ("control_change", "siege", "base"):
        return "ongoing"  # a held place, a siege, a base: a state, not a plan
    reach = {"offensive": 90, "clash": 60}.get(t.event_type, 40)
    window = flat[max(0, t.start - 60) : t.end + reach]
    if _PLANNED.search(window):
        return "planned"
    if t.event_type == "clash":  # done when told in a past tense
        fought = _PAST_FIGHT.search(flat) and not _ONGOING.search(window)
        return "done" if fought else "ongoing"  # "clashes ... left 31 dead"
    if t.status:
        return t.status
    if t.event_type == "offensive":
        return "ongoing"
    return "ongoing" if _ONGOING.search(window) else "done"


_ENDED = re.compile(
    r"\b(?:broke|broken|breaking|lifted|ended|end to|briser?|brise|levee?|lever"
    r"|mis fin a|fin (?:du|au))\b[^.;]*$"
)
# A fight told in a past tense: its toll is counted, it broke out, it ended.
_PAST_FIGHT = re.compile(
    r"\b(?:left|killed|were killed|was killed|erupted|broke out|ended|fought"
    r"|ont fait|a fait|ont eclate|a eclate|ont oppose|a oppose|ont coute|a coute"
    r"|ont ete tues|a ete tue|ont tue|a tue|faisant|killing|leaving)\b"
)


def _date(
    t: Trigger, ctx: _Context, status: str, reference: Reference | None
) -> tuple[str | None, str]:
    dates = [d for d in ctx.dates if d.value or not _DURATION.match(flatten(d.text))]
    if dates:
        nearest = min(
            dates,
            key=lambda d: abs(d.start - t.end) if d.start >= t.end else t.start - d.end,
        )
        return nearest.value, (nearest.precision or "") if nearest.value else ""
    if status == "planned" or reference is None:
        return None, ""
    return reference.iso(), reference.precision


def _actors(flat: str, metonyms: list[Mention]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    first = ANY_ACTOR.search(flat)
    for name, pattern in ACTOR_PATTERNS if first else ():
        for m in pattern.finditer(flat, first.start()):
            if not any(m.start() < b and a < m.end() for a, b, _ in found):
                found.append((m.start(), m.end(), name))
    for m in metonyms:
        if m.place is None:
            continue
        name = _METONYM_ACTORS.get(m.place.country, m.place.name)
        found = [f for f in found if not (f[0] < m.end and m.start < f[1])]
        found.append((m.start, m.end, name))
    # "les forces kurdes, appuyées par la coalition, ont repris": the backer
    # is not who acted
    return sorted(
        f for f in found if not _BACKER.search(flat[max(0, f[0] - 40) : f[0]])
    )


_BACKER = re.compile(
    r"\b(?:soutenue?s?|appuyee?s?|aidee?s?|backed|supported|assisted|aided)"
    r"\s+(?:par|by)\s+(?:l'|la |le |les |des |the )?$"
    r"|\b(?:avec|with) (?:l'appui|le soutien|l'aide|the support|the backing|the help)"
    r" (?:de |d'|du |des |of )(?:la |le |les |the )?$"
)


# "raids de Damas", "strikes by Russian jets", "rounds fired by rebels",
# "frappes menées par la coalition"
_AGENT_AFTER = re.compile(
    r"\W*(?:(?:[\w-]+ )?(?:fired|launched|carried out|conducted|led|dropped"
    r"|menee?s?|lancee?s?|tiree?s?|effectuee?s?|larguee?s?) (?:by |par )"
    r"|(?:[\w-]+ )?(?:by |par )|de |d'|du |des |of )"
)
_AGENT_GAP = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:(?:par|by|de|d'|du|des|of)\s*)?"
    r"(?:l'|le |la |les |the )?$"
)


def _roles(t: Trigger, m: Mention, ctx: _Context) -> tuple[str | None, str | None]:
    """Who acted and who was hit, from the actors around the trigger."""
    flat = ctx.flat
    # an actor may run into the trigger: "Russian warplanes" / "warplanes struck"
    before = [a for a in ctx.actors if a[0] <= t.start and a[0] != m.start]
    after = [a for a in ctx.actors if a[0] >= t.end and a[0] != m.start]
    actor = target = None
    if t.event_type == "control_change" and t.status == "ongoing":
        # "contrôlée par les rebelles", "bastion syrien de l'EI": the agent
        # follows; "the Kurds control ..., while regime troops hold": the subject
        agent = [
            a
            for a in after
            if a[0] - t.end < 40 and _AGENT_GAP.match(flat[t.end : a[0]])
        ]
        chosen = agent[0] if agent else (before[-1] if before else None)
        return (chosen[2] if chosen else None), None
    if t.sub_type == "lost":
        # "l'EI a perdu Manbij", "rebels pulled out of": who lost it is the
        # target; who holds it now is not said
        return None, (before[-1][2] if before else None)
    if t.event_type == "clash":
        # "clashes between the YPG and IS", "des combats ont opposé les rebelles
        # aux YPG": the two sides, in the order the sentence gives them
        sides = list(dict.fromkeys(a[2] for a in ctx.actors))
        if len(sides) >= 2:
            return sides[0], sides[1]
    # "raids de Damas et Moscou", "raids by Russian jets": the agent follows
    agents = [
        a for a in after if _AGENT_AFTER.match(flat[t.end : a[0]]) and a[0] - t.end < 35
    ]
    if agents:
        joined = [agents[0]]
        for a in agents[1:]:
            if re.fullmatch(r"\s*(?:et|and|,)\s*", flat[joined[-1][1] : a[0]]):
                joined.append(a)
        actor = " and ".join(dict.fromkeys(a[2] for a in joined))
    elif before:
        actor = before[-1][2]
    targets = [
        a
        for a in after
        if re.search(
            r"(?:contre|against|visant|targeting|positions? (?:de|d'|of)|a|aux|from)"
            r"\W*(?:l'|le |la |les |the )?$",
            flat[t.end : a[0]],
        )
    ]
    if targets and targets[0][2] != actor:
        target = targets[0][2]
    elif t.event_type in _VIOLENT:
        phrase = re.search(
            r"\b(?:contre|against|visant|targeting|on) "
            r"((?:une?|des|le|la|les|l'|a|an|the)\s?[^,.;\"()]{3,40}?)(?=[,.;\"()]|$)",
            flat[t.end : t.end + 80],
        )
        if phrase and not any(
            t.end + phrase.start(1) <= p.start < t.end + phrase.end(1)
            for p in ctx.literal
        ):
            a = t.end + phrase.start(1)
            target = ctx.sentence.text[a : t.end + phrase.end(1)].strip()
    return actor, target


# --- public entry points ------------------------------------------------------------


def _frame(extraction: Extraction, doc: str) -> geopandas.GeoDataFrame:
    from conflict_geo.events.schema import events_frame

    records = [
        e.to_record(f"text:{doc}:{i}" if doc else f"text:{i}")
        for i, e in enumerate(extraction.events)
    ]
    frame = events_frame(records)
    frame.attrs["unmapped"] = extraction.unmapped
    frame.attrs["lang"] = extraction.lang
    return frame


def extract(
    text: str,
    lang: str | None = None,
    date: Any = None,
    *,
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
) -> geopandas.GeoDataFrame:
    """Extract the events a dispatch reports, as a GeoDataFrame.

    Parameters
    ----------
    text : str
        A dispatch in French or English. A leading ``date YYYY[-MM[-DD]]``
        line is read as the dispatch date.
    lang : {"fr", "en"}, optional
        Detected when omitted.
    date : str or datetime.date, optional
        The dispatch date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default; pass a copy with pinned places
        (:meth:`~conflict_geo.places.gazetteer.Gazetteer.add`) to correct a
        geocode.
    model : EntityModel, str or None, default "auto"
        As :func:`extract_events`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event in the shared schema
        (:data:`~conflict_geo.events.schema.EVENT_COLUMNS`), EPSG:4326 points
        at the place (a province or a country for low-precision events, see
        ``precision``). ``attrs["unmapped"]`` lists what could not be placed.

    Examples
    --------
    >>> events = extract("Des frappes aériennes ont tué 12 civils à Saraqeb mardi.",
    ...                  date="2016-10-27")
    >>> events[["event_type", "place", "fatalities", "date"]].values.tolist()
    [['strike', 'Saraqib', 12, Timestamp('2016-10-25 00:00:00')]]
    """
    found = extract_events(text, lang, date, gazetteer=gazetteer, model=model)
    return _frame(found, "")


def extract_document(
    document: Document,
    *,
    lang: str | None = None,
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
) -> geopandas.GeoDataFrame:
    """Extract events from a :class:`~conflict_geo.text.document.Document`.

    Parameters
    ----------
    document : Document
        From :func:`~conflict_geo.text.document.read_document`; its ``date``
        and ``source`` (the file name) are used.
    lang : {"fr", "en"}, optional
        Detected when omitted.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.
    model : EntityModel, str or None, default "auto"
        As :func:`extract_events`.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`extract`, with ``doc`` set to the document's source.
    """
    name = document.source or ""
    found = extract_events(
        document.text, lang, document.date, doc=name, gazetteer=gazetteer, model=model
    )
    return _frame(found, name)


def iter_extract(documents: Iterator[Document]) -> Iterator[geopandas.GeoDataFrame]:
    """Extract events from many documents, one frame per document.

    Parameters
    ----------
    documents : iterator of Document
        Dispatches.

    Yields
    ------
    geopandas.GeoDataFrame
        As :func:`extract_document`.
    """
    for document in documents:
        yield extract_document(document)
