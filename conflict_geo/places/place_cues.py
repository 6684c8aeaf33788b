"""Words around a name that make it a place, and say which kind of place.

A kind word before or after the name ("province d'Idleb", "village of Hass",
"Aleppo province", "Khan Cheikhoun, une localité de …", "les provinces d'Idleb
et d'Alep") asks for a feature kind; a locative preposition ("à", "in",
"près de") says a place follows.
"""

from __future__ import annotations

import re
import unicodedata

from conflict_geo.lang import union_words
from conflict_geo.text.normalize import fold

__all__ = ["INTRODUCES_PLACE", "LOCATIVE", "kind_after", "kind_before"]

#: Feature kind -> the cue slot of its kind words (``[places]`` in each
#: language's ``cues.toml``), read in every language: a dispatch quotes names
#: and titles in another, and geoparse may not know the text's language.
_KIND_SLOTS = {
    "admin1": "admin1_kind_words",
    "populated": "settlement_kind_words",
    "country": "country_kind_words",
}


def _kind_words(kind: str) -> frozenset[str]:
    return union_words(_KIND_SLOTS[kind])


# A name later in a list governed by a plural kind word:
# "les provinces d'Idleb et d'Alep", "the provinces of Raqqa, Homs and Hama".
_PLURAL_BEFORE = re.compile(
    r"\b(?P<cue>provinces|gouvernorats|governorates|regions|villes|villages|towns"
    r"|cities|localites)\s+(?:de |d'|of |the )?(?:la |l'|le )?"
    r"(?:[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*\s*(?:,|\set|\sand)\s*"
    r"(?:de |d'|du |of |the )?(?:la |l'|le )?){1,3}$"
)
# An earlier name in such a list: "Raqqa and Deir ez-Zor provinces".
_PLURAL_AFTER = re.compile(
    r"^(?:\s*(?:,|\sand|\set)\s*(?:the\s+)?[A-Z][\w'’-]*(?:[ -][\w'’-]+){0,2}){1,3}"
    r"\s+(?P<cue>provinces|governorates|regions)\b"
)


def _base_letter(code: int) -> str:
    decomposed = unicodedata.normalize("NFKD", chr(code))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Accented Latin letters to their base letters (Latin-1 and Latin Extended-A/B).
_PLAIN = {c: _base_letter(c) for c in range(0xC0, 0x250)} | {ord("’"): "'"}


def _plain(text: str) -> str:
    """Strip accents from Latin letters and straighten curly apostrophes."""
    return text.translate(_PLAIN)


_PLURAL_KIND = {
    "provinces": "admin1",
    "gouvernorats": "admin1",
    "governorates": "admin1",
    "regions": "admin1",
}


#: Nationality adjectives between a kind word and its name, in French ("la
#: province syrienne d'Idleb", "la ville libanaise d'Aarsal").
_NATIONALITY = re.compile(
    r"^(?:syrien|irakien|libanais|turc|turque|jordanien|iranien|israelien"
    r"|palestinien|kurde)(?:ne|e)?s?$"
)


def kind_before(text: str, start: int) -> str | None:
    """Return the kind a kind word before a name asks for ("province d'…")."""
    # (not across a sentence: "… Hama province. Hama city was shelled")
    lead = max(0, start - 90)
    lead = max((m.end() for m in _CLAUSE_END.finditer(text, lead, start)), default=lead)
    # (nor across a comma: "Qunaitra province, the Idleb town of …")
    comma = text.rfind(",", max(lead, start - 40), start)
    before = fold(text[max(lead, start - 40, comma + 1) : start]).split()
    words = [w for w in before[-4:] if w not in {"de", "d", "of", "the", "la", "le"}]
    if len(words) > 1 and _NATIONALITY.match(words[-1]):
        words = words[:-1]
    for kind in _KIND_SLOTS:
        if words and words[-1] in _kind_words(kind):
            return kind
    if any(w in union_words("town_part_words") for w in words[-2:]):
        # "the old quarter of Daraa", "les quartiers gouvernementaux de Deir
        # Ezzor": a town
        return "populated"
    listed = _PLURAL_BEFORE.search(_plain(text[lead:start]))
    if listed:
        return _PLURAL_KIND.get(listed["cue"], "populated")
    return None


#: Where a sentence or a line ends: a kind word before it is not the next name's.
_CLAUSE_END = re.compile(r"[.!?;](?=\s)|\n")

LOCATIVE = frozenset("en a au aux dans in at near pres vers to from depuis".split())


#: Words before a name the gazetteer does not know that may make it a place
#: ("près d'Ad-Douraïhimi", "la base de Hmeimim", "une offensive sur Hawija").
INTRODUCES_PLACE = LOCATIVE | frozenset("de d du des sur of on from".split())


def kind_after(text: str, end: int) -> str | None:
    """Return the kind a kind word after a name asks for ("Aleppo province")."""
    after = fold(text[end : end + 25]).split()
    if after and after[0] in _kind_words("admin1"):  # "Aleppo province"
        return "admin1"
    if (
        after
        and after[0] in _kind_words("populated")
        and not text[end : end + 1].strip()
    ):
        if after[1:2] == ["of"] and after[0] not in union_words("town_part_words"):
            # "the Idleb town of Khan Sheikhoun": the town is the next name,
            # in the province this one names ("the Homs district of …": a city)
            return "admin1"
        return "populated"  # "Arbin city", "the al-Waer neighbourhood"
    listed = _PLURAL_AFTER.match(_plain(text[end : end + 90]))
    if listed:
        return _PLURAL_KIND[listed["cue"]]
    if _SEAT.match(fold(text[end : end + 50])):
        return "populated"  # "Deir ez-Zor, chef-lieu de la province"
    apposition = _APPOSITION.match(fold(text[end : end + 50]))
    if apposition:
        return "admin1" if apposition["cue"] in _kind_words("admin1") else "populated"
    return None


#: Kind words of a part of a town ("the Homs district of Khalidiya").
_TOWN_PARTS = frozenset(
    {"district", "neighbourhood", "neighborhood", "quarter", "quartier"}
)

# "Deir ez-Zor, chef-lieu de la province", "Raqqa, the provincial capital": the
# town that is a province's seat
_SEAT = re.compile(
    r"^(?:le |la |the |its )?(?:chef lieu|capitale? (?:de la |du |of the )"
    r"(?:province|gouvernorat|governorate|region)|provincial capital)\b"
)
# "Khan Cheikhoun, une localité de la province d'Idleb", "Dabiq, a town in …"
_APPOSITION = re.compile(
    r"^(?:une|un|a|the|la|le) (?:\w+ )?(?P<cue>localite|ville|village|bourgade|cite"
    r"|town|city|province|region|governorate)\b"
)
