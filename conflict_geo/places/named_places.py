"""Names that a kind word or a list makes places, known or not.

"the village of Tamura", "le quartier d'Al-Balad", "the al-Waer
neighbourhood", "les quartiers de Khalidia, Baba Amro et Bab Dreib",
"s'emparer d'Al Harak et de Bousra al Harir": the text says these are places
even when neither the gazetteer nor a model knows them.
"""

from __future__ import annotations

import re

from conflict_geo.lang import Lexicon, flatten
from conflict_geo.places.candidates import (
    ACTOR_NAMES,
    ADJECTIVE,
    COMMON_NOUNS,
    COMPOUND,
    ORG_WORDS,
    STOP_WORDS,
    folded,
)
from conflict_geo.places.mention import Mention
from conflict_geo.places.place import POPULATED_KINDS
from conflict_geo.text.normalize import fold

__all__ = ["with_named_unknowns"]

# "the village of Tamura", "la localité d'Anadan": a name a kind word calls a
# place, even when neither the gazetteer nor a model knows it.
_NAMED_UNKNOWN = re.compile(
    r"\b(?P<kind>village|town|city|localité|localite|ville|bourgade|quartier|district"
    r"|neighbourhood|neighborhood|suburb|banlieue|secteur|sector|faubourg)s?"
    r"(?: (?!de\b|of\b)[a-zéèêàçûô-]+){0,3}"
    # "le quartier d'Al-Balad"; "le quartier al-Nour": an Arabic article
    # vouches for a name in apposition
    r" (?:(?:of |de |d'|d’)(?=[A-Za-z])|(?=(?:al|el|ad|as|ash|ar|an|at|az)-[A-Z]))"
    r"(?P<name>(?:(?:al|el|ad|as|ash|ar|an|at|az)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
    r"(?:[ -](?:al|el|ad|as|ash|ar|an|at|az)?-?[A-Z][\w'’]*(?:-[\w'’]+)*)?)"
)


#: Kind hint of a name a word for a part of a town introduces ("le quartier
#: d'Al-Balad", "the Qadisiyya neighborhood"): it lies in the town named before.
_NEIGHBOURHOOD = "neighbourhood"
_NEIGHBOURHOOD_WORDS = folded(
    "quartier quarter district neighbourhood neighborhood suburb banlieue secteur"
    " sector faubourg".split()
)
# The next name of a list: ", Baba Amro", " et Bab Dreib", " and Yaadouda".
_LISTED_NAME = re.compile(
    r"\s*(?:,|\bet\b|\band\b)\s*(?:(?:de |d'|d’|of )\s*)?"
    r"(?P<name>(?:(?:al|el|ad|as|ash|ar|an|at|az)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
    r"(?:[ -](?:(?:al|el|ad|as|ash|ar|an|at|az)-)?[A-Z][\w'’]*(?:-[\w'’]+)*)?)"
)

_NAME_BEFORE_KIND = (
    r"(?P<name>(?:(?:al|el|ad|as|ash|ar|an|at|az)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
    r"(?:[ -](?:(?:al|el|ad|as|ash|ar|an|at|az)[ -])?[A-Z][\w'’]*(?:-[\w'’]+)*)?)"
)


def with_named_unknowns(
    mentions: list[Mention], text: str, lex: Lexicon | None = None
) -> list[Mention]:
    """Add the places a kind word names that nothing else recognised.

    "the village of Tamura", and, with the language's kind words after the
    name, "the al-Waer neighbourhood", "Arbin city". They stay unresolved
    (``place`` None) unless the text says where they lie
    (:mod:`conflict_geo.places.context`), so that they are reported rather
    than silently dropped, and so that extraction does not put their events
    somewhere else.
    """
    found = []
    for m in _NAMED_UNKNOWN.finditer(text):
        kind = _NEIGHBOURHOOD if fold(m["kind"]) in _NEIGHBOURHOOD_WORDS else None
        found.append((*m.span("name"), kind))
        # "les quartiers de Khalidia, Baba Amro, Baïada et Bab Dreib"
        pos = m.end("name")
        while more := _LISTED_NAME.match(text, pos):
            found.append((*more.span("name"), kind))
            pos = more.end("name")
    if lex is not None:
        found += _listed_after_places(mentions, text, lex)
        found += _listed_in_a_part_of(mentions, text, lex)
        kind_after = lex.rx(_NAME_BEFORE_KIND + r"\s+(?i:{settlement_words})\b")
        found += [
            (*m.span("name"), _NEIGHBOURHOOD)
            for m in kind_after.finditer(text)
            # "an Armenian town", "the Islamic State-held city"
            if not ADJECTIVE.search(m["name"])
            and not COMPOUND.search(m["name"])
            and not {fold(w) for w in m["name"].split()} & (ORG_WORDS | ACTOR_NAMES)
        ]
    added = []
    mentions = list(mentions)
    for start, end, kind in sorted(found, key=lambda f: f[:2]):
        over = [i for i, x in enumerate(mentions) if x.start < end and start < x.end]
        if over:
            # a name the model found but nothing resolved: a part of a town
            for i in over:
                x = mentions[i]
                # ("le quartier d'Al-Balad": a part of a town, whatever
                # kind the model's label gave it)
                if x.place is None and kind is not None and x.kind_hint != kind:
                    mentions[i] = Mention(
                        x.text, x.start, x.end, None, 0.0, False, kind, x.reason
                    )
            continue
        if any(x.start < end and start < x.end for x in added):
            continue
        name = text[start:end]
        if fold(name) in STOP_WORDS | COMMON_NOUNS | ACTOR_NAMES:
            continue
        if name.split()[0].lower() in STOP_WORDS:
            continue
        reason = "not in the gazetteer (named as a place by a kind word)"
        added.append(
            Mention(text[start:end], start, end, None, 0.0, False, kind, reason)
        )
    return sorted([*mentions, *added], key=lambda x: x.start)


def _listed_in_a_part_of(
    mentions: list[Mention], text: str, lex: Lexicon
) -> list[tuple[int, int, str | None]]:
    """Names listed right before the part of a place they lie in.

    "Maqtala al-Jadida et Kani Arabane, dans l'est de Kobané": a list of
    names, then a direction inside a settlement the text names; they are its
    quarters (persons are not "in the east of" a town).
    """
    starts = {
        m.start
        for m in mentions
        if m.place is not None and not m.metonymic and m.place.kind in POPULATED_KINDS
    }
    if not starts:
        return []
    name = _NAME_BEFORE_KIND.replace("(?P<name>", "(?:")
    listed = lex.rx(
        rf"(?P<list>{name}(?:\s*,\s*{name})*\s+(?i:{{and_words}})\s+{name})\s*,?\s*"
        r"(?i:{in_words})\s+(?i:{determiners})?\s?(?i:{directions})\s+(?i:{of_words})\s?"
    )
    cased = _cased_flat(text)
    out = []
    for m in listed.finditer(cased):
        if m.end() not in starts:
            continue
        for part in re.finditer(name, m["list"]):
            a = m.start("list") + part.start()
            if fold(part.group()) not in STOP_WORDS | ACTOR_NAMES:
                out.append((a, a + len(part.group()), _NEIGHBOURHOOD))
    return out


def _cased_flat(text: str) -> str:
    """Flatten ``text`` (:func:`flatten`) keeping capitals: same offsets."""
    return "".join(
        f.upper() if c.isupper() else f
        for c, f in zip(text, flatten(text), strict=True)
    )


def _listed_after_places(
    mentions: list[Mention], text: str, lex: Lexicon
) -> list[tuple[int, int, str | None]]:
    """Names a list joins to a settlement with the same preposition again.

    "s'emparer d'Al Harak et de Bousra al Harir", "in Aleppo and in Homs": the
    repeated preposition makes the second name a place too, whatever a model
    labelled it.
    """
    flat = flatten(text)
    joint = lex.rx(
        r"\s*(?:,\s*)?{and_words}\s+(?:{place_prepositions}|{of_words})(?:\s+|(?<='))"
    )
    name = re.compile(_NAME_BEFORE_KIND)
    out = []
    for m in mentions:
        if m.place is None or m.metonymic or m.place.kind not in POPULATED_KINDS:
            continue
        glue = joint.match(flat, m.end)
        listed = glue and name.match(text, glue.end())
        if listed:
            out.append((*listed.span("name"), None))
    return out
