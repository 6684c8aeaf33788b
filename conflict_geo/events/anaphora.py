"""Places a sentence names again: "la ville", "the town", "la province".

A definite kind noun names the settlement (or the province) the text named
last before it, the one it names most among equals; a place named right
after it ("la ville de Tikrit") is a name, not an anaphor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from conflict_geo.events.context import shift
from conflict_geo.lang import Lexicon
from conflict_geo.places.geoparse import Mention
from conflict_geo.places.place import Place

if TYPE_CHECKING:
    from conflict_geo.text.sentences import Sentence

__all__ = ["ANAPHORA_REACH", "with_anaphora", "with_province_anaphora"]


#: A place named again by a kind noun ("la ville") must have been named in
#: the text at most this many characters before.
ANAPHORA_REACH = 600


def with_anaphora(
    literal: list[Mention],
    unknown: list[Mention],
    flat: str,
    lex: Lexicon,
    sentence: Sentence,
    antecedents: Sequence[Mention],
) -> list[Mention]:
    """Add the places a definite kind noun names again ("la ville", "the base").

    A settlement noun ("la ville", "the town") names the settlement named last
    before it, in the sentence or the ones just before; a facility noun ("the
    base", "l'aéroport") the installation named last. Not when a place follows
    it ("la ville de Tikrit").
    """
    towns = lex.rx(
        r"\b(?:{place_anaphora}|(?:{determiners}|{demonstratives})\s+"
        r"(?:{place_adjectives}\s+){{1,2}}{settlement_words})\b"
    )
    facilities = lex.rx(r"\b(?:{facility_anaphora})\b")
    out = _named_again(
        list(towns.finditer(flat)), literal, unknown, flat, lex, sentence,
        antecedents, settlement,
    )  # fmt: skip
    return _named_again(
        list(facilities.finditer(flat)), out, unknown, flat, lex, sentence,
        antecedents, _installation,
    )  # fmt: skip


def _installation(m: Mention) -> bool:
    return m.place is not None and m.place.kind == "installation"


def _named_again(
    nouns: list[re.Match[str]],
    literal: list[Mention],
    unknown: list[Mention],
    flat: str,
    lex: Lexicon,
    sentence: Sentence,
    antecedents: Sequence[Mention],
    accept: Callable[[Mention], bool],
) -> list[Mention]:
    """Add a mention for each noun naming again the last accepted place."""
    if not nouns:
        return literal
    # (up to "les derniers quartiers de la ville de Deir Ezzor")
    named_after = lex.rx(
        r"^(?:\s*[\w-]+){{0,2}}?\s*(?:{of_words})?\s*"
        r"(?:(?:{determiners})\s?(?:{settlement_words})\s+(?:{of_words})\s*)?$"
    )
    out = list(literal)
    for n in nouns:
        if any(a <= n.start() < b for a, b in ((m.start, m.end) for m in out)):
            continue
        if any(
            0 <= m.start - n.end() <= 30 and named_after.match(flat[n.end() : m.start])
            for m in [*literal, *unknown]
        ):
            continue  # "la ville de Tikrit", "the town of Sinjar", "le quartier X"
        before = [m for m in literal if m.end <= n.start() and accept(m)]
        earlier = [
            shift(m, -sentence.start)
            for m in antecedents
            if accept(m) and sentence.start - m.end <= ANAPHORA_REACH
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


def with_province_anaphora(
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
            towns = [m for m in candidates if settlement(m)]
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


def settlement(m: Mention) -> bool:
    return m.place is not None and m.place.kind not in ("country", "admin1", "region")
