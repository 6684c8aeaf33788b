"""Find and resolve the place names a French or English text mentions.

This is the gazetteer-driven recogniser: runs of capitalised words (with the
particles Arabic names carry: al-, el-, ez-, de …) are matched, longest first,
against the gazetteer; runs that name an organisation ("Idleb Media Center",
"Front al-Nosra") are not places; a kind word before the name ("province
d'Idleb", "village of Hass") says which feature is meant; and a capital or
country that speaks or acts ("Damas a accusé", "Washington said", "raids de
Damas et Moscou") is marked ``metonymic``: an actor, not an event location.

:func:`geoparse` runs the stages, each in its own module:

1. :mod:`~conflict_geo.places.candidates`: runs of capitalised words;
2. :mod:`~conflict_geo.places.resolution`: their longest spans the gazetteer
   knows, in the countries the text is about (kind words:
   :mod:`~conflict_geo.places.place_cues`);
3. :mod:`~conflict_geo.places.metonymy`: the places that stand for an actor;
4. :mod:`~conflict_geo.places.ner_bridge`: a named-entity model's vetoes and
   additions;
5. :mod:`~conflict_geo.places.named_places`: the names a kind word or a list
   makes places;
6. then facilities (:mod:`~conflict_geo.places.facilities`) and where a name
   the gazetteer lacks lies (:mod:`~conflict_geo.places.context`).
"""

from __future__ import annotations

import dataclasses

from conflict_geo.exc import QueryTypeError
from conflict_geo.lang import Lexicon, available_languages, flatten, get_lexicon
from conflict_geo.places.candidates import (
    ORG_WORDS,
    name_runs,
    without_surnames,
    word_tokens,
)
from conflict_geo.places.context import locate_in_context
from conflict_geo.places.facilities import resolve_facilities
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.mention import Mention
from conflict_geo.places.metonymy import (
    in_actor_names,
    in_spelled_out_acronyms,
    is_metonymic,
)
from conflict_geo.places.named_places import with_named_unknowns
from conflict_geo.places.ner import EntityModel
from conflict_geo.places.ner_bridge import doubtful_spans, entity_model, with_entities
from conflict_geo.places.resolution import (
    GazetteerMemo,
    country_focus,
    longest_match,
    memo_of,
    near_the_text,
)
from conflict_geo.text.lang import check_language, detect_language
from conflict_geo.text.layout import dateline_spans
from conflict_geo.text.normalize import fold
from conflict_geo.text.sentences import iter_blocks

__all__ = ["BLOCK_CHARS", "Mention", "geoparse"]

#: The memo's names before it moved to :mod:`~conflict_geo.places.resolution`.
_Memo, _memo = GazetteerMemo, memo_of


#: Longest text read at once; a longer one is read in blocks of whole
#: paragraphs (as extraction reads it, see ``extract_events(block_chars=)``).
BLOCK_CHARS = 100_000


def geoparse(
    text: str,
    lang: str | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
) -> list[Mention]:
    """Find the place names in ``text`` and resolve them.

    Parameters
    ----------
    text : str
        A dispatch in French or English.
    lang : str, optional
        ``"fr"`` or ``"en"``, detected when omitted; it picks the model.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.
    model : EntityModel, str or None, default "auto"
        A named-entity model that vetoes person and organisation names the
        gazetteer would take for places ("Erdogan" is not Ardahan) and adds
        places the gazetteer missed: ``"auto"`` uses the installed spaCy
        pipeline for the language (:func:`~conflict_geo.places.ner.default_model`),
        a string names a spaCy package, None uses the gazetteer alone.

    Returns
    -------
    list of Mention
        In text order; empty for a text that names no place.

    Raises
    ------
    ConfigurationError
        For a language other than those of
        :data:`~conflict_geo.text.lang.LANGUAGES`.

    Notes
    -----
    A text longer than :data:`BLOCK_CHARS` is read in blocks of whole
    paragraphs (:func:`~conflict_geo.text.sentences.iter_blocks`), as
    extraction reads it: time and memory grow linearly with its length.

    Examples
    --------
    >>> [(m.text, m.place.name) for m in geoparse("Raids sur la province d'Idleb.")]
    [('Idleb', 'Idlib')]
    """
    if not isinstance(text, str):
        raise QueryTypeError(f"text must be a string, not {type(text).__name__}")
    check_language(lang)
    if len(text) > BLOCK_CHARS:  # bounded work and memory: block by block
        return [
            dataclasses.replace(m, start=m.start + offset, end=m.end + offset)
            for offset, block in iter_blocks(text, BLOCK_CHARS)
            for m in geoparse(block, lang, gazetteer=gazetteer, model=model)
        ]
    gaz = memo_of(gazetteer or embedded_gazetteer())
    tokens = word_tokens(text)
    runs = [
        r
        for r in name_runs(tokens, text)
        if not {fold(tokens[i][0]) for i in r} & ORG_WORDS
    ]
    focus = country_focus(gaz, tokens, runs, text)
    # "ERBIL, Kurdistan Region –": a word in capitals opening a dateline is a
    # place, not an acronym
    datelines = tuple(a for a, _ in dateline_spans(text))
    mentions: list[Mention] = []
    for run in runs:
        i = 0
        while i < len(run):
            hit = longest_match(gaz, tokens, run, i, text, focus, datelines)
            if hit is None:
                i += 1
                continue
            j, start, end, kind, (place, score, why) = hit
            prev = mentions[-1] if mentions else None
            meto = is_metonymic(place, text, start, end, prev)
            mentions.append(
                Mention(text[start:end], start, end, place, score, meto, kind, why)
            )
            i = j
    mentions = without_surnames(mentions, runs, tokens)
    ner = entity_model(model, lang, text)
    if ner is not None:
        near = getattr(ner, "entities_near", None)
        if near is None:
            entities = ner.entities(text)
        else:
            entities = near(
                text, doubtful_spans(mentions, runs, tokens, text, gaz, focus)
            )
        mentions = with_entities(mentions, entities, text, gaz, focus, ner)
    lex = _lexicon(lang, text)
    mentions = with_named_unknowns(mentions, text, lex)
    if lex is None:
        return mentions
    mentions = in_actor_names(mentions, text, lex)
    mentions = in_spelled_out_acronyms(mentions, text)
    mentions = near_the_text(mentions, gaz)
    mentions = resolve_facilities(mentions, flatten(text), lex, gaz.gazetteer)
    return locate_in_context(mentions, text, flatten(text), lex, gaz.gazetteer)


def _lexicon(lang: str | None, text: str) -> Lexicon | None:
    """Return the lexicon of the text's language (None when it has none)."""
    code = lang or detect_language(text)
    return get_lexicon(code) if code in available_languages() else None
