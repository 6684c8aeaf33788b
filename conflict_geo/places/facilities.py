"""A town named with a facility word is its facility: "the Tabqa base".

Dispatches name air bases, airports, dams and fields by the town they serve:
"l'aéroport militaire de Deir ez-Zor", "the fight over Tabqa base", "the
Kuweires air base". The geoparser resolves the town; when the gazetteer
holds a facility of that kind named after it near there ("Deir ez Zor
airport", "Tabqa Air Base"), that facility is the place. The facility words
are the language's (the ``[facilities]`` section of its ``cues.toml``), each
with the words the gazetteer's names of such facilities use; the lookup is
by name (exact or spelling variant), then checked against the distance.

A town with a facility word and no such facility in the gazetteer stays the
town: its point is within a few kilometres of the facility.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from conflict_geo.places.place import POPULATED_KINDS, Place, km_between

if TYPE_CHECKING:
    from conflict_geo.lang import Lexicon
    from conflict_geo.places.geoparse import Mention

__all__ = ["FACILITY_KM", "resolve_facilities"]

#: Farthest a facility named after a town lies from the town's point.
FACILITY_KM = 40.0
#: Characters before a name read for "l'aéroport militaire de".
_BEFORE = 45


def resolve_facilities(
    mentions: list[Mention], flat: str, lex: Lexicon, gazetteer: Any
) -> list[Mention]:
    """Give a town named with a facility word its facility, when known.

    Parameters
    ----------
    mentions : list of Mention
        The text's mentions, in text order.
    flat : str
        The text, flattened (:func:`~conflict_geo.lang.flatten`).
    lex : Lexicon
        The text's language lexicon (its ``facilities``).
    gazetteer : Gazetteer
        Where the facilities are looked up.

    Returns
    -------
    list of Mention
        The same mentions, facilities resolved.
    """
    if not lex.facilities:
        return mentions
    before, after = _patterns(lex)
    out = []
    for m in mentions:
        place = m.place
        if place is not None and not m.metonymic and place.kind in POPULATED_KINDS:
            names = _facility_names(m, flat, before, after, lex)
            found = _facility(gazetteer, m.text, place, names) if names else None
            if found is not None:
                m = dataclasses.replace(
                    m, place=found, reason=f"the {found.name} of {place.name}"
                )
        out.append(m)
    return out


def _patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(f"(?P<f{i}>{w})" for i, (w, _) in enumerate(lex.facilities))
    before = lex.rx(
        rf"\b(?:{words})(?:\s+\w+)?\s+{{of_words}}\s?(?:{{determiners}}\s?)?$"
    )
    after = re.compile(rf"(?:'s?)?\s+(?:{words})\b")  # matched at the name's end
    return before, after


def _facility_names(
    m: Mention,
    flat: str,
    before: re.Pattern[str],
    after: re.Pattern[str],
    lex: Lexicon,
) -> tuple[str, ...]:
    """Return the gazetteer words of the facility a word next to ``m`` names."""
    found = after.match(flat, m.end) or before.search(
        flat[max(0, m.start - _BEFORE) : m.start]
    )
    if found is None:
        return ()
    group = next(k for k, v in found.groupdict().items() if v is not None)
    return lex.facilities[int(group[1:])][1]


def _facility(
    gazetteer: Any, name: str, town: Place, words: tuple[str, ...]
) -> Place | None:
    """Return the installation "<name> <word>" nearest the town, within reach."""
    best: tuple[float, Place] | None = None
    for query in (
        *(f"{name} {w}" for w in words),
        *(f"{town.name} {w}" for w in words),
    ):
        try:
            hits = gazetteer.lookup(
                query, kind="installation", fuzzy=False, limit=3, country=town.country
            )
        except Exception:  # a user gazetteer without these hints
            return None
        for h in hits:
            if h.match < 0.87:
                continue
            km = km_between(town, h.place)
            if km <= FACILITY_KM and (best is None or km < best[0]):
                best = (km, h.place)
    return best[1] if best else None
