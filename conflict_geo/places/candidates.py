"""Candidate place names: the runs of capitalised words a text holds.

Runs of capitalised words (with the particles Arabic names carry: al-, el-,
ez-, de …) are the names :mod:`conflict_geo.places.resolution` matches against
the gazetteer. This module cuts a text into such runs, and tells the spans that
are no place whatever the gazetteer says: common nouns that open sentences,
news agencies, organisations named after a place, demonyms, a person's surname.
"""

from __future__ import annotations

import bisect
import re

from conflict_geo.places.mention import Mention
from conflict_geo.places.place import PROMINENT_KINDS
from conflict_geo.text.normalize import fold, strip_articles

__all__ = [
    "ACTOR_COMPOUND",
    "ACTOR_NAMES",
    "ADJECTIVE",
    "COMMON_NOUNS",
    "COMPOUND",
    "ORG_WORDS",
    "PARTICLES",
    "STOP_WORDS",
    "folded",
    "in_mention",
    "name_runs",
    "not_a_place",
    "without_surnames",
    "word_tokens",
]


def folded(words: object) -> frozenset[str]:
    """Return the set of ``words``, each folded (:func:`.normalize.fold`)."""
    return frozenset(fold(w) for w in words)  # type: ignore[attr-defined]


_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’‘`-](?=[^\W\d_]))*")
_ELISION = re.compile(r"^(?:[dlDL]|qu|Qu)['’]")
PARTICLES = folded(
    "al el ez es as ash ad an ar at az de du des la le d l bin ibn bou abu"
    " abou umm um of".split()
)
# Particles that are also common English words: they join a name only glued
# to it by a hyphen ("as-Safira", "at-Tanf").
_ENGLISH_WORDS = folded("as at an of".split())
# Words that make a run of capitalised words an organisation or an actor.
ORG_WORDS = folded(
    """media center centre observatoire observatory council conseil front armée army
    brigade brigades forces force parti party unités units organisation organization
    coalition jaich jaish jaysh fateh fatah hayat tahrir ahrar ministry ministère
    agency agence press presse news tv channel chaîne university université hospital
    hôpital committee comité movement mouvement mission union""".split()
)
# Armed groups the press names like places ("Daech", "Jaich al-Fatah").
ACTOR_NAMES = folded(
    """daech daesh daesh isis isil nosra nusra qaida qaïda hezbollah hizbollah
    houthis houthi ypg pyd pkk fds sdf hts hachd hashd""".split()
)
# Common nouns that open sentences and headings, or that a model labels LOC
# when capitalised ("télévision d'Etat", "- Cap sur Deir Ezzor -"): never a
# place by themselves, whatever a gazetteer's alternate names say.
COMMON_NOUNS = folded(
    """etat état etats états state cap nord sud est ouest centre center north south
    east west capitale capital ville city pays country region région province
    frontière border front""".split()
)
# Organisations named after a place: "Raqqa is Being Slaughtered Silently".
_ORG_PHRASE = re.compile(
    r"\b(?:is being slaughtered silently|media (?:center|centre|office)"
    r"|(?:news )?network|observatory for human rights)\b",
    re.IGNORECASE,
)
# "l'agence officielle Sana", "the state news agency SANA": a news agency.
_AGENCY_BEFORE = re.compile(
    r"\b(?:agence|agency)(?: (?:officielle|de presse|d'information|de presse"
    r" officielle|officielle syrienne|news|state|official|press))*\s+$",
    re.IGNORECASE,
)
# Plural demonyms a model labels LOC: "Yéménites", "Syriens", "Iraqis".
_DEMONYM = re.compile(r"(?:ites|iens|iennes|ais|aises|ois|oises|ans|is)$")


def not_a_place(text: str, start: int, end: int, *, resolved: bool) -> bool:
    """Tell whether a capitalised span is a common noun, agency or organisation."""
    name = text[start:end]
    words = name.split()
    if len(words) == 1 and fold(name) in COMMON_NOUNS:
        return True
    if _AGENCY_BEFORE.search(text[max(0, start - 40) : start]):
        return True
    if _ORG_PHRASE.match(text, end, min(len(text), end + 40)) or _ORG_PHRASE.match(
        text[end : end + 40].lstrip()
    ):
        return True
    if (
        len(words) == 1
        and ADJECTIVE.search(name)
        and _LOWER_NEXT.match(text, end)
        and not _KIND_NEXT.match(text, end)
    ):
        return True  # "an Armenian town", "Syrian rebels": an adjective
    if resolved:
        return False
    # unresolved model entities: quoted operation names, demonyms
    if text[max(0, start - 2) : start].rstrip().endswith(('"', "«", "“")):
        return True
    return len(words) == 1 and bool(_DEMONYM.search(fold(name)))


# A demonym used as an adjective: "an Armenian town", "Syrian rebels".
ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish)$")
_LOWER_NEXT = re.compile(r"\s+[a-zàâçéèêëîïôûùüÿœ]")
_KIND_NEXT = re.compile(
    r"\s+(?:province|governorate|region|city|town|village|district|neighbou?rhood)\b"
)


# Capitalised words that are never place names in running text.
STOP_WORDS = folded(
    """le la les l un une des de du d et ou mais donc or ni car ce cet cette ces
    il elle ils elles on nous vous je tu selon depuis dans pour par sur sous avec
    sans entre contre après avant lors parallèlement soit venez est c qu quand si
    the a an and or but in on at of to by for from with as it he she they we you
    this that these those his her their its our after before since during while
    when where if mr mrs m dr président president general général secretary
    lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday
    thursday friday saturday sunday janvier février mars avril mai juin juillet
    août septembre octobre novembre décembre january february march april may
    june july august september october november december""".split()
)


def word_tokens(text: str) -> list[tuple[str, int, int]]:
    """Return the words of ``text`` as (word, start, end), bare of elisions.

    "d'Idleb" is "Idleb", "Aleppo's" is "Aleppo", "Turkey-backed" is "Turkey".
    """
    out = []
    for m in _WORD.finditer(text):
        word, start = m.group(), m.start()
        elided = _ELISION.match(word)
        if elided:
            word, start = word[elided.end() :], start + elided.end()
        if len(word) > 3 and word[-2] in "'’" and word[-1] == "s":
            word = word[:-2]  # English possessive: "Aleppo's eastern districts"
        compound = COMPOUND.search(word)
        if compound:
            word = word[: compound.start()]  # "Britain-based", "Turkey-backed"
        if word:
            out.append((word, start, start + len(word)))
    return out


# A name glued to a participle: "Britain-based", "U.S.-led", "Turkey-backed".
COMPOUND = re.compile(
    r"(?<=[^\W\d_.])-(?:based|led|backed|sponsored|supported|allied|aligned|funded"
    r"|trained|held|controlled|run)$",
    re.IGNORECASE,
)
#: Compounds whose name stands for a state or actor ("U.S.-led coalition").
ACTOR_COMPOUND = re.compile(
    r"-(?:led|backed|sponsored|supported|allied|aligned|funded|trained)\b",
    re.IGNORECASE,
)


_ARTICLE_NAME = re.compile(
    r"^(?:al|el|ad|an|ar|as|ash|at|az|ed|en|er|es|et|ez)-[^\W\d_]"
)


def _is_name_word(word: str) -> bool:
    article = "-" in word and _ARTICLE_NAME.match(word)
    if article and word[word.index("-") + 1].isupper():
        return True  # "al-Qaim", "ad-Dana"
    return word[:1].isupper() and fold(word) not in STOP_WORDS


def name_runs(tokens: list[tuple[str, int, int]], text: str) -> list[list[int]]:
    """Group token indexes into runs of capitalised words and inner particles."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (word, start, _) in enumerate(tokens):
        name = _is_name_word(word)
        joined = particle = False
        if current:  # inside a run: is this word glued to it, or a particle?
            gap = text[tokens[i - 1][2] : start]
            # "Deir ez-Zor", "Ras al-Ain"; not "BAGHDAD -- Iraqi" (a dash)
            joined = gap.strip(" -'’") == "" and not (" -" in gap or "- " in gap)
            folded = fold(word)
            # an Arabic article standing alone ("Ras al Ain"), not the English
            # word ("IS as Kobani", "an"): those join only with a hyphen
            particle = joined and folded in PARTICLES and folded not in _ENGLISH_WORDS
        if name and (joined or not current) or particle:
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = [i] if name else []
    if current:
        runs.append(current)
    return runs


def without_surnames(
    mentions: list[Mention], runs: list[list[int]], tokens: list[tuple[str, int, int]]
) -> list[Mention]:
    """Drop a lone name the text elsewhere gives as a person's surname.

    "le président Bachar al-Assad" makes "Assad" a person in the whole text,
    so "Soit Assad est à Damas" is not the Damascus suburb of that name. A
    kind word ("la ville de …") or a prominent place overrides.
    """
    starts = [m.start for m in mentions]
    surnames = set()
    for run in runs:
        words = [i for i in run if fold(tokens[i][0]) not in PARTICLES]
        last_word = tokens[run[-1]]
        if len(words) >= 2 and not in_mention(mentions, starts, *last_word[1:]):
            last = fold(last_word[0])
            surnames |= {last, " ".join(strip_articles(last))}
    if not surnames:
        return mentions
    return [
        m
        for m in mentions
        if " " in m.text.strip()
        or m.kind_hint is not None
        or m.place.kind in PROMINENT_KINDS
        or fold(m.text) not in surnames
    ]


def in_mention(mentions: list[Mention], starts: list[int], a: int, b: int) -> bool:
    """Whether ``[a, b)`` overlaps one of ``mentions`` (in text order, disjoint).

    ``starts`` holds their start offsets; the last mention starting before
    ``b`` is the only one that can overlap.
    """
    last = bisect.bisect_left(starts, b) - 1
    return last >= 0 and mentions[last].end > a
