"""Place names that stand for a government, an army or an organisation.

A capital or country that speaks or acts ("Damas a accusé", "Washington
said", "raids de Damas et Moscou", "Turkey-backed rebels") is ``metonymic``:
an actor, not an event location; so is a place named inside an actor's, a
source's or an acronym's name ("l'Etat islamique en Irak", "the Idleb Media
Center", "l'Union patriotique du Kurdistan (UPK)").
"""

from __future__ import annotations

import dataclasses
import functools
import re

from conflict_geo.lang import Lexicon, flatten, union_words
from conflict_geo.places.candidates import ACTOR_COMPOUND, folded
from conflict_geo.places.mention import Mention
from conflict_geo.places.place import Place
from conflict_geo.places.place_cues import LOCATIVE
from conflict_geo.text.normalize import fold

__all__ = ["in_actor_names", "in_spelled_out_acronyms", "is_metonymic"]


_ACTOR_PREPOSITIONS = {"de", "par", "by"}  # "raids de Damas et Moscou"
_ATTACK_NOUNS = re.compile(
    r"(?:raids?|frappes?|bombardements?|aviation|avions|strikes?|airstrikes?|"
    r"forces|troupes|armée|army|troops|jets|aircraft|soutien|support)\b[^.;]{0,25}$",
    re.IGNORECASE,
)


# "le porte-parole du Kremlin", "le régime de Damas", "the government of Iraq"
# (the words are the ``institution_*`` slots of every language's cues)
@functools.cache
def _institution_pattern(
    nouns: frozenset[str], of: frozenset[str], determiners: frozenset[str]
) -> re.Pattern[str]:
    def alt(words: frozenset[str]) -> str:
        return "|".join(sorted(words))

    return re.compile(
        rf"\b(?:{alt(nouns)})s? (?:{alt(of)})(?: (?:{alt(determiners)}))?$"
    )


def _institution_of(words: str) -> bool:
    """Whether folded ``words`` end with an institution of a place."""
    pattern = _institution_pattern(
        union_words("institution_words"),
        union_words("institution_of"),
        union_words("institution_determiners"),
    )
    return bool(pattern.search(words))


def _acts(word: str) -> bool:
    """Whether a folded word is a verb a government speaks or acts with."""
    return word in union_words("actor_verbs")  # "Damas a accusé", "Moscow says"


def _addresses(word: str) -> bool:
    """Whether a folded word is a verb whose object is a government."""
    return word in union_words("addressee_verbs")  # "accused Damascus"


#: Prepositions of a target: the place after them is where fire fell.
_ON = frozenset("sur on onto over".split())


_ADDRESS_VERBS = frozenset(
    "reproche reprochent demande demande accuse dit said".split()
)


# Words that open a sentence or clause before its subject.
_CONJUNCTIONS = folded(
    "while as but though although whereas mais tandis que car".split()
)
_DETERMINERS = folded("the la le l les".split())
_NOT_VERBS = folded(
    """de du des d la le les l un une et ou a au aux en dans sur pour par avec
    the of and or in on at to for with from by a an its his her their qui que
    which who""".split()
)
_PASSIVE_PLACE = re.compile(
    r"^\W*(?:a ete|ont ete|est|sont|etait|was|were|is|are|has been|have been"
    r"|had been)\s+(?:\w+\s+)?(?:bombard|frapp|touch|pilonn|vis|attaqu|pris|repris"
    r"|hit|struck|shelled|bombed|attacked|captured|taken|la capitale|the capital"
    r"|situ|located|home)"
)


def _subject_verb(text: str, start: int, end: int) -> bool:
    """Tell whether a capital or country opens its clause, followed by a verb."""
    sentence_start = max(text.rfind(c, 0, start) for c in '.!?\n;:"«')
    lead = fold(text[sentence_start + 1 : start]).split()
    while lead and lead[-1] in _DETERMINERS:
        lead.pop()
    if lead and lead[-1] not in _CONJUNCTIONS:
        return False
    after = text[end : end + 160]
    if re.match(r"['’]s\b", after):
        return False  # "Damascus's old city": a possessive, not "s'est"
    # skip an apposition (", allié de Damas,") and a second subject ("et Moscou")
    if re.match(r",\s*(?:which|who|qui)\b", after):
        return not _PASSIVE_PLACE.match(fold(after.split(None, 2)[-1]))
    if after.startswith(","):
        close = after.find(",", 1)
        if 0 < close < 110:
            after = after[close + 1 :]
    after = re.sub(r"^\s*(?:et|and)\s+(?:la |le |l'|the )?[A-Z][\w'’-]*", "", after)
    folded = fold(after)
    if _PASSIVE_PLACE.match(folded):
        return False
    words = folded.split()
    if not words:
        return False
    first = words[0]
    if _acts(first) or first in {"n", "ne", "s", "se", "did", "does", "do"}:
        return True
    raw = after.split()[0] if after.split() else ""
    if raw[:1].isupper() or not raw[:1].isalpha():
        return False
    return first not in _NOT_VERBS and (
        first.endswith(("ed", "es", "ent", "e", "it")) or len(first) > 3
    )


_LIST_GAP = re.compile(
    r"^\s*(?:,|et|and|ou|or)?\s*(?P<prep>de |d'|du |of )?(?:la |le |l'|the )?$"
)
_LIST_GOES_ON = re.compile(r"^\s*(?:,|et\b|and\b|ou\b|or\b)")
_PREPOSITION_BEFORE = re.compile(
    r"\b(?P<prep>par|by|de|d'|du|of)\s*(?:la |le |l'|the )?$"
)


def _same_list(text: str, prev: Mention, start: int, end: int) -> bool:
    """Whether a name is listed with the metonymic name before it.

    "de la Russie, de la Turquie et de l'Iran": one list of backers. Not when
    the preposition changes ("occupé par Israël et de la Jordanie": a place),
    nor a comma that closes a phrase ("Backed by Turkey, Syria rebels
    advance"): a comma alone lists only if the list goes on after the name.
    """
    gap = _LIST_GAP.match(flatten(text[prev.end : start]))
    if gap is None:
        return False
    if gap["prep"]:
        before = _PREPOSITION_BEFORE.search(
            flatten(text[max(0, prev.start - 12) : prev.start])
        )
        if before is None or before["prep"].strip() != gap["prep"].strip():
            return False
    if text[prev.end : start].strip() == ",":
        return bool(_LIST_GOES_ON.match(text[end : end + 6]))
    return True


#: A government that a verb makes act: "prompting Ankara to warn", "help
#: Baghdad retake Mosul", "pousse Damas à" (a verb after "to"/"à", not a place).
_ACTS_NEXT = re.compile(
    r"\s+(?:to|à) (?!the\b|la\b|le\b)[a-zéè]{3,}(?:e|er|ir|re)?\b(?! [A-Z])"
)
#: A capital's request, backing, allies: its government's.
_POSSESSIVE_ACTOR = re.compile(
    r"['’]s (?:request|backing|support|allies|ally|decision|response|approval|"
    r"intervention|government|army|forces|offensive|air campaign|campaign)\b"
)


def _source_before(text: str, start: int) -> bool:
    """Whether a source cue opens right before the name ("selon", "according to")."""
    cue = _source_pattern(union_words("source_cues"))
    return bool(cue.search(flatten(text[max(0, start - 25) : start])))


@functools.cache
def _source_pattern(cues: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(cues, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\s*(?:la |le |l'|the )?$")


def is_metonymic(
    place: Place, text: str, start: int, end: int, prev: Mention | None
) -> bool:
    """Tell whether a capital or country at ``text[start:end]`` stands for an actor.

    ``prev`` is the mention before it: a name listed after a metonymic one
    ("par la Russie, la Turquie et l'Iran") is metonymic too.
    """
    if place.kind not in {"capital", "country"}:
        return False
    if ACTOR_COMPOUND.match(text, end):
        return True  # "Turkey-backed rebels", "the U.S.-led coalition"
    if prev is not None and prev.metonymic and _same_list(text, prev, start, end):
        return True  # "sous l'égide de la Russie, de la Turquie et de l'Iran"
    prev_meto = prev is not None and prev.metonymic
    before = fold(text[max(0, start - 80) : start]).split()
    if len(before) > 1 and before[-1] in _DETERMINERS and before[-2] in {"par", "by"}:
        before = before[:-1]  # "menés par la Russie"
    word = before[-1] if before else ""
    if place.kind == "capital" and _POSSESSIVE_ACTOR.match(text, end):
        return True  # "at Ankara's request", "Moscow's backing"
    if _source_before(text, start) and not text.startswith("-", end):
        return True  # "selon Moscou", "according to Damascus"
    if word in LOCATIVE:
        return word in {"a", "au"} and len(before) > 1 and before[-2] in _ADDRESS_VERBS
    if word in _ON:
        return False  # "des bombardements sur Damas ont tué": where, not who
    if word in {"par", "by"}:
        return True
    if _institution_of(" ".join(before[-4:])):
        return True
    if _addresses(word) or (
        len(before) > 1 and _addresses(before[-2]) and word in _DETERMINERS
    ):
        return True
    if _ACTS_NEXT.match(text, end):
        return True  # "prompting Ankara to warn", "help Baghdad retake"
    after = fold(text[end : end + 40]).split()
    if after and _acts(after[0]) and not text[end : end + 2].startswith(","):
        return not _PASSIVE_PLACE.match(fold(text[end : end + 60]))
    if _subject_verb(text, start, end):
        return True
    if word in {"et", "and"} and prev_meto:
        return True
    return word in _ACTOR_PREPOSITIONS and bool(
        _ATTACK_NOUNS.search(text[max(0, start - 80) : start].rsplit(" ", 2)[0])
    )


#: "Union patriotique du Kurdistan (UPK)": an acronym in brackets after the
#: words it abbreviates.
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\)")
_WORD_BEFORE = re.compile(r"[^\W\d_][\w-]*")


def in_spelled_out_acronyms(mentions: list[Mention], text: str) -> list[Mention]:
    """Mark the names inside an organisation's name spelt out before its acronym.

    "l'Union patriotique du Kurdistan (UPK)", "the Islamic State of Iraq and
    the Levant (ISIL)": the words whose initials make the acronym are the
    organisation's name, and a place among them stands for it.
    """
    out = []
    for m in mentions:
        if m.metonymic:
            out.append(m)
            continue
        org = _organisation_around(text, m)
        if org is not None:
            m = dataclasses.replace(
                m, metonymic=True, reason=f"a word of an organisation's name ({org})"
            )
        out.append(m)
    return out


def _organisation_around(text: str, m: Mention) -> str | None:
    """Return the acronym of an organisation spelt out around ``m``, if any."""
    line_end = text.find("\n", m.end)
    window_end = len(text) if line_end < 0 else line_end
    for found in _ACRONYM_AFTER.finditer(text, m.end, min(window_end, m.end + 80)):
        letters = found["acronym"].lower()
        words = list(
            _WORD_BEFORE.finditer(text, max(0, found.start() - 120), found.start())
        )
        initials = [w.group()[0].lower() for w in words]
        # the acronym's letters, in order, from the initials of the last words,
        # the last word's initial its last letter, the name inside them
        if not initials or initials[-1] != letters[-1]:
            continue
        k, first = len(letters) - 1, None
        for i in range(len(words) - 1, -1, -1):
            if k >= 0 and initials[i] == letters[k]:
                k -= 1
                first = i
            if k < 0:
                break
        if (
            k < 0
            and first is not None
            and words[first].start() <= m.start
            and len(words) - first <= 2 * len(letters) + 2  # few words between
        ):
            return found["acronym"]
        break  # only the first bracket after the name
    return None


def in_actor_names(mentions: list[Mention], text: str, lex: Lexicon) -> list[Mention]:
    """Mark the names inside an actor's or a source's name as standing for it.

    "the Islamic State of Iraq and the Levant", "l'Etat islamique en Irak":
    Iraq there is a word of the group's name (the actors of the lexicon);
    "Sana said", "the Idleb Media Center": a source (its ``sources``).
    """
    names = [
        (a, b, name)
        for a, b, name in lex.find_actors(text, flatten(text))
        if any(
            a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for m in mentions
        )
    ]
    # "Syria's Sana state news agency said", "Idleb Media Center": a source
    names += [(a, b, f"source {name}") for a, b, name in lex.source_spans(text)]
    if not names:
        return mentions
    out = []
    for m in mentions:
        inside = next((n for a, b, n in names if a <= m.start and m.end <= b), None)
        if inside is not None and not m.metonymic:
            m = dataclasses.replace(
                m, metonymic=True, reason=f"a word of an actor's name ({inside})"
            )
        out.append(m)
    return out
