"""What a named-entity model's labels change in the gazetteer's matches.

The model vetoes person and organisation names the gazetteer would take for
places ("Erdogan" is not Ardahan) unless a match is trusted (a kind word, the
exact name of a prominent place or of one in the text's countries), and adds
the places the gazetteer missed. Only the spans whose label can change what is
kept are sent to a model that can label spans alone (:func:`doubtful_spans`).
"""

from __future__ import annotations

from typing import Any

from conflict_geo.places.candidates import (
    ACTOR_NAMES,
    ORG_WORDS,
    in_mention,
    not_a_place,
    word_tokens,
)
from conflict_geo.places.gazetteer import Gazetteer
from conflict_geo.places.mention import Mention
from conflict_geo.places.metonymy import is_metonymic
from conflict_geo.places.ner import Entity, EntityModel, default_model, load_model
from conflict_geo.places.place import PROMINENT_KINDS
from conflict_geo.places.place_cues import INTRODUCES_PLACE, kind_after, kind_before
from conflict_geo.places.resolution import resolve
from conflict_geo.text.lang import detect_language
from conflict_geo.text.normalize import fold

__all__ = ["doubtful_spans", "entity_model", "trusted", "with_entities"]


def entity_model(model: EntityModel | str | None, lang: str | None, text: str) -> Any:
    """Return the model ``geoparse(model=)`` names for a text, or None (see there)."""
    if model is None:
        return None
    if not isinstance(model, str):
        return model
    if model != "auto":
        return load_model(model)
    return default_model(lang or detect_language(text))


_PLACE_PREPOSITIONS = frozenset("à dans près in near at outside".split())


def trusted(m: Mention, focus: set[str] | None, text: str) -> bool:
    """Tell whether a model's PER/ORG label must not overrule this match.

    A kind word ("la ville de …") settles it; so does the exact spelling of a
    capital, country or province ("soutenues par Washington" is tagged PER by
    the French model) or of a place in the countries the text is about.
    """
    if m.kind_hint is not None or m.place is None:
        return m.kind_hint is not None
    in_focus = focus is not None and m.place.country in focus
    if m.reason.startswith("spelling variant"):
        # with no country in view, the preposition alone vouches for it
        in_focus = in_focus or focus is None
        # "des centres d'hébergement à Kesswa": a place after a preposition
        before = text[max(0, m.start - 12) : m.start].split()
        after_preposition = bool(before) and before[-1].lower() in _PLACE_PREPOSITIONS
        # "le fief rebelle de Khan Cheikoun" (tagged PER): a name of several
        # words spelt close to a place in the countries the text is about
        return in_focus and (after_preposition or " " in m.text.strip())
    return m.place.kind in PROMINENT_KINDS or (
        focus is not None and m.place.country in focus
    )


def with_entities(
    mentions: list[Mention],
    entities: list[Entity],
    text: str,
    gaz: Gazetteer,
    focus: set[str] | None,
    ner: Any,
) -> list[Mention]:
    """Veto names the model says are people or organisations; add its places.

    A name the text once makes a place (a kind word, a preposition) stays one
    everywhere in the text: the model's labels vary from sentence to sentence
    ("Khan Cheikhoun, une localité …" then "l'hôpital de Khan Cheikhoun").
    """
    vetoed = []
    for m in mentions:
        over = [e for e in entities if e.start < m.end and m.start < e.end]
        vetoed.append(
            any(
                e.label == "PER"
                or (e.label in {"ORG", "MISC"} and e.end - e.start > m.end - m.start)
                for e in over
            )
            and not trusted(m, focus, text)
        )
    placed = {(m.text, m.place) for m, v in zip(mentions, vetoed, strict=True) if not v}
    kept = [
        m
        for m, v in zip(mentions, vetoed, strict=True)
        if not v or (m.text, m.place) in placed and " " in m.text.strip()
    ]
    for e in entities:
        if e.label != "LOC" or any(e.start < m.end and m.start < e.end for m in kept):
            continue
        words = [w for w, _, _ in word_tokens(e.text)]
        if not words or not words[0][:1].isupper():
            continue
        if {fold(w) for w in words} & (ORG_WORDS | ACTOR_NAMES):
            continue
        if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
            continue
        kind = kind_before(text, e.start) or kind_after(text, e.end)
        hit = resolve(gaz, e.text, kind, focus, True)
        if not_a_place(text, e.start, e.end, resolved=hit is not None):
            continue
        if hit is None:
            reason = f"not in the gazetteer (labelled LOC by {ner.name})"
            kept.append(Mention(e.text, e.start, e.end, None, 0.0, False, kind, reason))
            continue
        place, score, why = hit
        earlier = [m for m in kept if m.end <= e.start]
        meto = is_metonymic(
            place, text, e.start, e.end, earlier[-1] if earlier else None
        )
        why = f"{why}; labelled LOC by {ner.name}"
        kept.append(Mention(e.text, e.start, e.end, place, score, meto, kind, why))
    return sorted(kept, key=lambda m: m.start)


def doubtful_spans(
    mentions: list[Mention],
    runs: list[list[int]],
    tokens: list[tuple[str, int, int]],
    text: str,
    gaz: Any,
    focus: set[str] | None,
) -> list[tuple[int, int]]:
    """Return the spans whose model label can change what is kept.

    A match the model may not overrule (:func:`trusted`) needs no label, and
    neither does a capitalised name the gazetteer does not know unless a
    preposition or kind word introduces it or a spelling variant would place
    it: the model's LOC label is what would add those. Everything else (the
    people, organisations and acronyms of a dispatch) is skipped.
    """
    spans = [(m.start, m.end) for m in mentions if not trusted(m, focus, text)]
    starts = [m.start for m in mentions]
    for run in runs:
        a, b = tokens[run[0]][1], tokens[run[-1]][2]
        if in_mention(mentions, starts, a, b):
            continue
        words = [tokens[i][0] for i in run]
        if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
            continue  # acronyms: never taken from a LOC label either
        if {fold(w) for w in words} & ACTOR_NAMES:
            continue
        before = fold(text[max(0, a - 12) : a]).split()
        cue = bool(set(before[-2:]) & INTRODUCES_PLACE)
        cue = cue or (kind_before(text, a) or kind_after(text, b)) is not None
        if cue or resolve(gaz, text[a:b], None, focus, True) is not None:
            spans.append((a, b))
    return spans
