"""Find and resolve the place names a French or English text mentions.

This is the gazetteer-driven recogniser: runs of capitalised words (with the
particles Arabic names carry: al-, el-, ez-, de …) are matched, longest first,
against the gazetteer; runs that name an organisation ("Idleb Media Center",
"Front al-Nosra") are not places; a kind word before the name ("province
d'Idleb", "village of Hass") says which feature is meant; and a capital or
country that speaks or acts ("Damas a accusé", "Washington said", "raids de
Damas et Moscou") is marked ``metonymic``: an actor, not an event location.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any

from conflict_geo.exc import QueryTypeError
from conflict_geo.lang import Lexicon, available_languages, flatten, get_lexicon
from conflict_geo.places.context import locate_in_context
from conflict_geo.places.facilities import resolve_facilities
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.ner import Entity, EntityModel, default_model, load_model
from conflict_geo.places.place import POPULATED_KINDS, Place, km_between
from conflict_geo.text.lang import check_language, detect_language
from conflict_geo.text.layout import dateline_spans
from conflict_geo.text.normalize import fold, strip_articles
from conflict_geo.text.sentences import iter_blocks

__all__ = ["BLOCK_CHARS", "Mention", "geoparse"]

#: Longest text read at once; a longer one is read in blocks of whole
#: paragraphs (as extraction reads it, see ``extract_events(block_chars=)``).
BLOCK_CHARS = 100_000


def _folded(words: object) -> frozenset[str]:
    return frozenset(fold(w) for w in words)  # type: ignore[attr-defined]


_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’‘`-](?=[^\W\d_]))*")
_ELISION = re.compile(r"^(?:[dlDL]|qu|Qu)['’]")
_PARTICLES = _folded(
    "al el ez es as ash ad an ar at az de du des la le d l bin ibn bou abu"
    " abou umm um of".split()
)
# Particles that are also common English words: they join a name only glued
# to it by a hyphen ("as-Safira", "at-Tanf").
_ENGLISH_WORDS = _folded("as at an of".split())
# Words that make a run of capitalised words an organisation or an actor.
_ORG_WORDS = _folded(
    """media center centre observatoire observatory council conseil front armée army
    brigade brigades forces force parti party unités units organisation organization
    coalition jaich jaish jaysh fateh fatah hayat tahrir ahrar ministry ministère
    agency agence press presse news tv channel chaîne university université hospital
    hôpital committee comité movement mouvement mission union""".split()
)
# Armed groups the press names like places ("Daech", "Jaich al-Fatah").
_ACTOR_NAMES = _folded(
    """daech daesh daesh isis isil nosra nusra qaida qaïda hezbollah hizbollah
    houthis houthi ypg pyd pkk fds sdf hts hachd hashd""".split()
)
# Common nouns that open sentences and headings, or that a model labels LOC
# when capitalised ("télévision d'Etat", "- Cap sur Deir Ezzor -"): never a
# place by themselves, whatever a gazetteer's alternate names say.
_COMMON_NOUNS = _folded(
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


def _not_a_place(text: str, start: int, end: int, *, resolved: bool) -> bool:
    """Tell whether a capitalised span is a common noun, agency or organisation."""
    name = text[start:end]
    words = name.split()
    if len(words) == 1 and fold(name) in _COMMON_NOUNS:
        return True
    if _AGENCY_BEFORE.search(text[max(0, start - 40) : start]):
        return True
    if _ORG_PHRASE.match(text, end, min(len(text), end + 40)) or _ORG_PHRASE.match(
        text[end : end + 40].lstrip()
    ):
        return True
    if (
        len(words) == 1
        and _ADJECTIVE.search(name)
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
_ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish)$")
_LOWER_NEXT = re.compile(r"\s+[a-zàâçéèêëîïôûùüÿœ]")
_KIND_NEXT = re.compile(
    r"\s+(?:province|governorate|region|city|town|village|district|neighbou?rhood)\b"
)


# Capitalised words that are never place names in running text.
_STOP = _folded(
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
_KIND_CUES = {  # folded below
    "admin1": {
        "province",
        "provinces",
        "gouvernorat",
        "governorate",
        "région",
        "region",
        "muhafazat",
    },
    "populated": {
        "village",
        "villages",
        "ville",
        "town",
        "city",
        "localité",
        "bourgade",
        "cité",
        "quartier",
        "district",
        "neighbourhood",
    },
    "country": {"pays", "country"},
}
_KIND_CUES = {k: _folded(" ".join(v).split()) for k, v in _KIND_CUES.items()}
_ACTION_VERBS = _folded(
    """a ont avait avaient accuse accusé accusent affirme affirmé affirment annonce
    annoncé assure assuré estime juge dénonce dénoncé exige menace menacé reproche
    soutient soutiennent veut demande demandé refuse refusé nie nié condamne
    condamné appelle appelé craint rejette rejeté décidé décide répond riposte
    est était sera serait sont étaient is was were will
    said says say told accused accuses denied denies backs backed supports
    supported wants warned warns announced announces condemned condemns claimed
    claims insisted urged urges has have had will would""".split()
)
_ACTOR_PREPOSITIONS = {"de", "par", "by"}  # "raids de Damas et Moscou"
_ATTACK_NOUNS = re.compile(
    r"(?:raids?|frappes?|bombardements?|aviation|avions|strikes?|airstrikes?|"
    r"forces|troupes|armée|army|troops|jets|aircraft|soutien|support)\b[^.;]{0,25}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text.

    Parameters
    ----------
    text : str
        The words as written.
    start, end : int
        Character offsets in the text (``text == doc[start:end]``).
    place : Place or None
        The resolved place, None when unresolved.
    score : float
        Confidence of the resolution in [0, 1] (0 when unresolved).
    metonymic : bool
        The name stands for a government or army, not a location.
    kind_hint : str or None
        Feature kind a cue word asked for (``"admin1"`` for "province de …").
    reason : str
        How it was resolved, or why not.
    """

    text: str
    start: int
    end: int
    place: Place | None
    score: float = 0.0
    metonymic: bool = False
    kind_hint: str | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Flat record as the ``places`` CLI prints it."""
        p = self.place
        return {
            "mention": self.text,
            "start": self.start,
            "end": self.end,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "kind": p.kind if p else None,
            "metonymic": self.metonymic,
            "score": round(self.score, 4),
        }


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _WORD.finditer(text):
        word, start = m.group(), m.start()
        elided = _ELISION.match(word)
        if elided:
            word, start = word[elided.end() :], start + elided.end()
        if len(word) > 3 and word[-2] in "'’" and word[-1] == "s":
            word = word[:-2]  # English possessive: "Aleppo's eastern districts"
        compound = _COMPOUND.search(word)
        if compound:
            word = word[: compound.start()]  # "Britain-based", "Turkey-backed"
        if word:
            out.append((word, start, start + len(word)))
    return out


# A name glued to a participle: "Britain-based", "U.S.-led", "Turkey-backed".
_COMPOUND = re.compile(
    r"(?<=[^\W\d_.])-(?:based|led|backed|sponsored|supported|allied|aligned|funded"
    r"|trained|held|controlled|run)$",
    re.IGNORECASE,
)
#: Compounds whose name stands for a state or actor ("U.S.-led coalition").
_ACTOR_COMPOUND = re.compile(
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
    return word[:1].isupper() and fold(word) not in _STOP


def _runs(tokens: list[tuple[str, int, int]], text: str) -> list[list[int]]:
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
            particle = joined and folded in _PARTICLES and folded not in _ENGLISH_WORDS
        if name and (joined or not current) or particle:
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = [i] if name else []
    if current:
        runs.append(current)
    return runs


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


class _Memo:
    """A gazetteer whose lookups are remembered, across texts.

    Geoparsing asks the same questions many times: every capitalised word for
    the text's countries, then each candidate span with and without a kind;
    and the dispatches of a corpus name the same places and open sentences
    with the same capitalised words ("Selon", "Etat", "Damas"). Answers, and
    what :func:`_resolve` makes of them, are kept per gazetteer (see
    :func:`_memo`), up to :attr:`LIMIT` of each, then forgotten all at once:
    an answer never depends on what was asked before, so results do not
    depend on the cache.
    """

    #: Answers of each kind remembered before those are forgotten.
    LIMIT = 50_000

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.size = len(gazetteer)
        self._seen: dict[tuple, list] = {}
        #: What :func:`_resolve` made of a name, kind, focus and cue.
        self.resolved: dict[tuple, tuple[Place, float, str] | None] = {}

    def lookup(self, query: str, **hints: Any) -> list:
        # hints in call order: the same question asked the same way hits
        key = (query, *[(k, _hashable(v)) for k, v in hints.items()])
        found = self._seen.get(key)
        if found is None:
            found = self.keep(self._seen, key, self.gazetteer.lookup(query, **hints))
        return list(found)

    def keep(self, table: dict[tuple, Any], key: tuple, value: Any) -> Any:
        """Store ``value`` under ``key`` in one of the memo's tables; return it.

        A full table (:attr:`LIMIT` entries) is emptied first.
        """
        if len(table) >= self.LIMIT:
            table.clear()
        table[key] = value
        return value


_MEMOS: weakref.WeakKeyDictionary[Gazetteer, _Memo] = weakref.WeakKeyDictionary()


def _memo(gazetteer: Gazetteer) -> _Memo:
    """Return the memo of ``gazetteer``, afresh when places were added since."""
    memo = _MEMOS.get(gazetteer)
    if memo is None or memo.size != len(gazetteer):
        memo = _MEMOS[gazetteer] = _Memo(gazetteer)
    return memo


def _hashable(value: Any) -> Any:
    if isinstance(value, (set, frozenset, list)):
        return tuple(sorted(value))
    return value


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


def _kind_before(text: str, start: int) -> str | None:
    before = fold(text[max(0, start - 40) : start]).split()
    words = [w for w in before[-4:] if w not in {"de", "d", "of", "the", "la", "le"}]
    if len(words) > 1 and _NATIONALITY.match(words[-1]):
        words = words[:-1]
    for kind, cues in _KIND_CUES.items():
        if words and words[-1] in cues:
            return kind
    listed = _PLURAL_BEFORE.search(_plain(text[max(0, start - 90) : start]))
    if listed:
        return _PLURAL_KIND.get(listed["cue"], "populated")
    return None


# "le porte-parole du Kremlin", "le régime de Damas", "the government of Iraq"
_INSTITUTION_OF = re.compile(
    r"\b(?:porte[- ]parole|regime|gouvernement|autorites|president|ministre|diplomatie"
    r"|ambassadeur|allies?|spokes(?:man|woman|person)|government|authorities|egide"
    r"|l?egide|auspices|soutien|pilier"
    r"|minister|ambassador|allies|ally)s? (?:de|d|du|of)(?: la| le| l| the)?$"
)
_LOCATIVE = frozenset("en a au aux dans in at near pres vers to from depuis".split())
#: Prepositions of a target: the place after them is where fire fell.
_ON = frozenset("sur on onto over".split())
#: Words before a name the gazetteer does not know that may make it a place
#: ("près d'Ad-Douraïhimi", "la base de Hmeimim", "une offensive sur Hawija").
_INTRODUCES_PLACE = _LOCATIVE | frozenset("de d du des sur of on from".split())
_ADDRESS_VERBS = frozenset(
    "reproche reprochent demande demande accuse dit said".split()
)
_PROMINENT = frozenset({"capital", "country", "admin1"})


def _kind_after(text: str, end: int) -> str | None:
    after = fold(text[end : end + 25]).split()
    if after and after[0] in _KIND_CUES["admin1"]:  # "Aleppo province"
        return "admin1"
    if (
        after
        and after[0] in _KIND_CUES["populated"]
        and not text[end : end + 1].strip()
    ):
        return "populated"  # "Arbin city", "the al-Waer neighbourhood"
    listed = _PLURAL_AFTER.match(_plain(text[end : end + 90]))
    if listed:
        return _PLURAL_KIND[listed["cue"]]
    apposition = _APPOSITION.match(fold(text[end : end + 50]))
    if apposition:
        return "admin1" if apposition["cue"] in _KIND_CUES["admin1"] else "populated"
    return None


# "Khan Cheikhoun, une localité de la province d'Idleb", "Dabiq, a town in …"
_APPOSITION = re.compile(
    r"^(?:une|un|a|the|la|le) (?:\w+ )?(?P<cue>localite|ville|village|bourgade|cite"
    r"|town|city|province|region|governorate)\b"
)


# Verbs whose object is a government: "accused Damascus", "a averti Ankara".
_ADDRESSEE_VERBS = _folded(
    """accused accuses accuse blamed blames warned warns urged urges criticised
    criticized criticises congratulated reassure reassured told asked pressed
    condemned thanked praised backed supports supported armed sanctioned
    accusé accusent averti exhorté critiqué félicité remercié pressé condamné
    soutenu menacé reproché appelé""".split()
)
# Words that open a sentence or clause before its subject.
_CONJUNCTIONS = _folded(
    "while as but though although whereas mais tandis que car".split()
)
_DETERMINERS = _folded("the la le l les".split())
_NOT_VERBS = _folded(
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
    if first in _ACTION_VERBS or first in {"n", "ne", "s", "se", "did", "does", "do"}:
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


def _metonymic(
    place: Place, text: str, start: int, end: int, prev: Mention | None
) -> bool:
    if place.kind not in {"capital", "country"}:
        return False
    if _ACTOR_COMPOUND.match(text, end):
        return True  # "Turkey-backed rebels", "the U.S.-led coalition"
    if prev is not None and prev.metonymic and _same_list(text, prev, start, end):
        return True  # "sous l'égide de la Russie, de la Turquie et de l'Iran"
    prev_meto = prev is not None and prev.metonymic
    before = fold(text[max(0, start - 80) : start]).split()
    if len(before) > 1 and before[-1] in _DETERMINERS and before[-2] in {"par", "by"}:
        before = before[:-1]  # "menés par la Russie"
    word = before[-1] if before else ""
    if word in _LOCATIVE:
        return word in {"a", "au"} and len(before) > 1 and before[-2] in _ADDRESS_VERBS
    if word in _ON:
        return False  # "des bombardements sur Damas ont tué": where, not who
    if word in {"par", "by"}:
        return True
    if _INSTITUTION_OF.search(" ".join(before[-4:])):
        return True
    if word in _ADDRESSEE_VERBS or (
        len(before) > 1 and before[-2] in _ADDRESSEE_VERBS and word in _DETERMINERS
    ):
        return True
    after = fold(text[end : end + 40]).split()
    if after and after[0] in _ACTION_VERBS and not text[end : end + 2].startswith(","):
        return not _PASSIVE_PLACE.match(fold(text[end : end + 60]))
    if _subject_verb(text, start, end):
        return True
    if word in {"et", "and"} and prev_meto:
        return True
    return word in _ACTOR_PREPOSITIONS and bool(
        _ATTACK_NOUNS.search(text[max(0, start - 80) : start].rsplit(" ", 2)[0])
    )


_DIRECTIONAL = re.compile(
    r"^(?P<base>.+?)[- ](?:Est|Ouest|Nord|Sud|East|West|North|South)$"
    r"|^(?:East|West|North|South|Eastern|Western|Northern|Southern)[- ](?P<base2>.+)$"
)


#: Lowest match quality of a spelling variant a recognised name may take:
#: 0.75 + 0.15 * similarity, so about 80 % similar to the gazetteer's spelling.
_VARIANT_FLOOR = 0.87


# "Has, dans la province d'Idleb", "Marea, in Aleppo province": the province
# a place is said to be in.
_CONTAINER_AFTER = re.compile(
    r"\s*,?\s*(?:\(|dans |en |in |de )?(?:la |the )?(?:province|region|gouvernorat"
    r"|governorate) (?:de |d'|d’|of )(?P<a>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    r"|\s*,?\s*(?:in |dans )(?:the )?(?P<b>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    r" (?:province|governorate|region)"
)


def _container_after(gaz: Gazetteer, text: str, end: int) -> Place | None:
    """Return the province named right after a place, if any."""
    m = _CONTAINER_AFTER.match(text, end, min(len(text), end + 80))
    if m is None:
        return None
    hits = gaz.lookup(m["a"] or m["b"], kind="admin1", fuzzy=False, limit=1)
    return hits[0].place if hits else None


def _inside(gaz: Gazetteer, name: str, kind: str | None, area: Place) -> Place | None:
    """Return the place called ``name`` in province ``area``, when there is one."""
    wanted = fold(area.admin1 or area.name)
    for hit in gaz.lookup(name, kind=kind, fuzzy=False, limit=10, country=area.country):
        if hit.match >= _VARIANT_FLOOR and fold(hit.place.admin1) == wanted:
            return hit.place
    return None


def _resolve(
    gaz: _Memo, name: str, kind: str | None, focus: set[str] | None, cue: bool
) -> tuple[Place, float, str] | None:
    """Resolve a candidate name, or None; remembered by ``gaz`` (see :class:`_Memo`)."""
    key = (name, kind, frozenset(focus) if focus else None, cue)
    hit = gaz.resolved.get(key, _UNSEEN)
    if hit is _UNSEEN:
        hit = gaz.keep(gaz.resolved, key, _resolve_name(gaz, name, kind, focus, cue))
    return hit


_UNSEEN = object()


def _resolve_name(
    gaz: _Memo, name: str, kind: str | None, focus: set[str] | None, cue: bool
) -> tuple[Place, float, str] | None:
    single = not re.search(r"\s", name)
    attempts = [kind, None] if kind else [None]
    found = {}
    for wanted in attempts:
        hits = gaz.lookup(name, kind=wanted, fuzzy=False, limit=3)
        # (no hit at all anywhere: none in the text's countries either)
        if focus and hits and not any(h.match >= 0.97 for h in hits):
            # spelling variants in the countries the text is about first: the
            # world's best-ranked variants can crowd them out of the top three
            local = gaz.lookup(name, kind=wanted, fuzzy=False, limit=3, country=focus)
            local.sort(key=lambda h: -h.match)  # the closest spelling first
            hits = [
                *local,
                *(h for h in hits if h.place not in {c.place for c in local}),
            ]
        found[wanted] = hits
    # an exact spelling of any kind beats a variant of the kind a cue asked for
    # ("la deuxième ville de Syrie" is Syria, not a town spelt like it)
    for exact_only in (True, False):
        for wanted in attempts:
            for best in found[wanted]:
                place = best.place
                if best.match < 0.97:
                    if exact_only:
                        continue
                    # one word must be spelt as the gazetteer spells it;
                    # variants need several words or a place in focus
                    in_focus = focus is None or place.country in focus
                    if best.match < _VARIANT_FLOOR:
                        continue  # "Russian" is not Ryazan, "Tamura" not Timar
                    if not (cue and in_focus) and single:
                        continue
                if focus is not None and place.country not in focus:
                    big = place.kind in _PROMINENT or place.population >= 100_000
                    if not big:
                        continue
                return place, best.score, best.why
    part = _DIRECTIONAL.match(name)
    if part:  # "Alep-Est", "East Aleppo": a part of the city, at its point
        base = part.group("base") or part.group("base2")
        hit = _resolve(gaz, base, kind, focus, cue)
        if hit is not None:
            place, score, why = hit
            return place, score * 0.95, f"part of {place.name} ({why})"
    return None


#: Particles that join two names into one run ("Eastern Ghouta of Damascus",
#: "Deir ez-Zor de l'Est"): the names on either side are separate.
_CONNECTIVES = _folded("of de du des d".split())


def _person_run(
    gaz: _Memo, tokens: list[tuple[str, int, int]], run: list[int], span: list[int]
) -> bool:
    """Tell a person's name ("Recep Tayyip Erdogan", "Ashton Carter") from a place.

    Only the words joined to the span without a connective count ("Eastern
    Ghouta of Damascus" is two places), and a run of place names ("Syria
    Aleppo", a tag line) is no person.
    """
    lo, hi = run.index(span[0]), run.index(span[-1])
    while lo > 0 and fold(tokens[run[lo - 1]][0]) not in _CONNECTIVES:
        lo -= 1
    while hi < len(run) - 1 and fold(tokens[run[hi + 1]][0]) not in _CONNECTIVES:
        hi += 1
    others = [tokens[i][0] for i in run[lo : hi + 1] if i not in span]
    names = [w for w in others if fold(w) not in _PARTICLES]
    if not names:
        return False
    return not all(_exact_place(gaz, w) for w in names)


def _exact_place(gaz: _Memo, word: str) -> bool:
    """Whether a word is, spelt exactly, a prominent place's name."""
    hits = gaz.lookup(word, fuzzy=False, limit=1)
    return (
        bool(hits)
        and hits[0].match >= 0.97
        and (hits[0].place.kind in _PROMINENT or hits[0].place.population >= 100_000)
    )


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
    gaz = _memo(gazetteer or embedded_gazetteer())
    tokens = _tokens(text)
    runs = [
        r
        for r in _runs(tokens, text)
        if not {fold(tokens[i][0]) for i in r} & _ORG_WORDS
    ]
    focus = _focus(gaz, tokens, runs, text)
    # "ERBIL, Kurdistan Region –": a word in capitals opening a dateline is a
    # place, not an acronym
    datelines = tuple(a for a, _ in dateline_spans(text))
    mentions: list[Mention] = []
    for run in runs:
        i = 0
        while i < len(run):
            hit = _longest_match(gaz, tokens, run, i, text, focus, datelines)
            if hit is None:
                i += 1
                continue
            j, start, end, kind, (place, score, why) = hit
            prev = mentions[-1] if mentions else None
            meto = _metonymic(place, text, start, end, prev)
            mentions.append(
                Mention(text[start:end], start, end, place, score, meto, kind, why)
            )
            i = j
    mentions = _without_surnames(mentions, runs, tokens)
    ner = _model(model, lang, text)
    if ner is not None:
        near = getattr(ner, "entities_near", None)
        if near is None:
            entities = ner.entities(text)
        else:
            entities = near(text, _doubtful(mentions, runs, tokens, text, gaz, focus))
        mentions = _with_entities(mentions, entities, text, gaz, focus, ner)
    lex = _lexicon(lang, text)
    mentions = _with_named_unknowns(mentions, text, lex)
    if lex is None:
        return mentions
    mentions = _in_actor_names(mentions, text, lex)
    mentions = _in_spelled_out_acronyms(mentions, text)
    mentions = _near_the_text(mentions, gaz)
    mentions = resolve_facilities(mentions, flatten(text), lex, gaz.gazetteer)
    return locate_in_context(mentions, text, flatten(text), lex, gaz.gazetteer)


def _lexicon(lang: str | None, text: str) -> Lexicon | None:
    """Return the lexicon of the text's language (None when it has none)."""
    code = lang or detect_language(text)
    return get_lexicon(code) if code in available_languages() else None


def _without_surnames(
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
        words = [i for i in run if fold(tokens[i][0]) not in _PARTICLES]
        last_word = tokens[run[-1]]
        if len(words) >= 2 and not _in_mention(mentions, starts, *last_word[1:]):
            last = fold(last_word[0])
            surnames |= {last, " ".join(strip_articles(last))}
    if not surnames:
        return mentions
    return [
        m
        for m in mentions
        if " " in m.text.strip()
        or m.kind_hint is not None
        or m.place.kind in _PROMINENT
        or fold(m.text) not in surnames
    ]


def _in_mention(mentions: list[Mention], starts: list[int], a: int, b: int) -> bool:
    """Whether ``[a, b)`` overlaps one of ``mentions`` (in text order, disjoint).

    ``starts`` holds their start offsets; the last mention starting before
    ``b`` is the only one that can overlap.
    """
    last = bisect.bisect_left(starts, b) - 1
    return last >= 0 and mentions[last].end > a


def _doubtful(
    mentions: list[Mention],
    runs: list[list[int]],
    tokens: list[tuple[str, int, int]],
    text: str,
    gaz: Any,
    focus: set[str] | None,
) -> list[tuple[int, int]]:
    """Return the spans whose model label can change what is kept.

    A match the model may not overrule (:func:`_trusted`) needs no label, and
    neither does a capitalised name the gazetteer does not know unless a
    preposition or kind word introduces it or a spelling variant would place
    it: the model's LOC label is what would add those. Everything else (the
    people, organisations and acronyms of a dispatch) is skipped.
    """
    spans = [(m.start, m.end) for m in mentions if not _trusted(m, focus, text)]
    starts = [m.start for m in mentions]
    for run in runs:
        a, b = tokens[run[0]][1], tokens[run[-1]][2]
        if _in_mention(mentions, starts, a, b):
            continue
        words = [tokens[i][0] for i in run]
        if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
            continue  # acronyms: never taken from a LOC label either
        if {fold(w) for w in words} & _ACTOR_NAMES:
            continue
        before = fold(text[max(0, a - 12) : a]).split()
        cue = bool(set(before[-2:]) & _INTRODUCES_PLACE)
        cue = cue or (_kind_before(text, a) or _kind_after(text, b)) is not None
        if cue or _resolve(gaz, text[a:b], None, focus, True) is not None:
            spans.append((a, b))
    return spans


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
_NEIGHBOURHOOD_WORDS = _folded(
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


def _with_named_unknowns(
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
            if not _ADJECTIVE.search(m["name"])
            and not _COMPOUND.search(m["name"])
            and not {fold(w) for w in m["name"].split()} & (_ORG_WORDS | _ACTOR_NAMES)
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
        if fold(name) in _STOP | _COMMON_NOUNS | _ACTOR_NAMES:
            continue
        if name.split()[0].lower() in _STOP:
            continue
        reason = "not in the gazetteer (named as a place by a kind word)"
        added.append(
            Mention(text[start:end], start, end, None, 0.0, False, kind, reason)
        )
    return sorted([*mentions, *added], key=lambda x: x.start)


#: An exact name outside the text's countries is taken when it lies this close
#: to a settlement the text names ("la ville libanaise d'Aarsal", by Flita).
NEIGHBOUR_KM = 100.0


def _near_the_text(mentions: list[Mention], gaz: _Memo) -> list[Mention]:
    """Resolve a name left unresolved to its exact namesake near the text's places.

    The text's countries (its focus) keep a name from resolving to a place
    elsewhere; a place just across a border ("Aarsal" in Lebanon, by Syria's
    Qalamoun) is as exact a name, and as near the story, as one inside.
    """
    anchors = [
        m.place
        for m in mentions
        if m.place is not None
        and not m.metonymic
        and m.place.kind in POPULATED_KINDS | {"installation"}
    ]
    if not anchors:
        return mentions
    out = []
    for m in mentions:
        if m.place is None and not m.metonymic:
            near = []
            for hit in gaz.lookup(m.text, fuzzy=False, limit=5):
                if hit.match < 0.97:
                    continue
                km = min(km_between(hit.place, a) for a in anchors)
                if km <= NEIGHBOUR_KM:
                    near.append((km, hit))
            if near:
                km, hit = min(near, key=lambda x: x[0])
                m = dataclasses.replace(
                    m,
                    place=hit.place,
                    score=hit.score,
                    reason=f"{hit.why}, {km:.0f} km from a place the text names",
                )
        out.append(m)
    return out


#: "Union patriotique du Kurdistan (UPK)": an acronym in brackets after the
#: words it abbreviates.
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\)")
_WORD_BEFORE = re.compile(r"[^\W\d_][\w-]*")


def _in_spelled_out_acronyms(mentions: list[Mention], text: str) -> list[Mention]:
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


def _in_actor_names(mentions: list[Mention], text: str, lex: Lexicon) -> list[Mention]:
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
            if fold(part.group()) not in _STOP | _ACTOR_NAMES:
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


def _model(model: EntityModel | str | None, lang: str | None, text: str) -> Any:
    if model is None:
        return None
    if not isinstance(model, str):
        return model
    if model != "auto":
        return load_model(model)
    return default_model(lang or detect_language(text))


_PLACE_PREPOSITIONS = frozenset("à dans près in near at outside".split())


def _trusted(m: Mention, focus: set[str] | None, text: str) -> bool:
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
        return in_focus and bool(before) and before[-1].lower() in _PLACE_PREPOSITIONS
    return m.place.kind in _PROMINENT or (
        focus is not None and m.place.country in focus
    )


def _with_entities(
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
            and not _trusted(m, focus, text)
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
        words = [w for w, _, _ in _tokens(e.text)]
        if not words or not words[0][:1].isupper():
            continue
        if {fold(w) for w in words} & (_ORG_WORDS | _ACTOR_NAMES):
            continue
        if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
            continue
        kind = _kind_before(text, e.start) or _kind_after(text, e.end)
        hit = _resolve(gaz, e.text, kind, focus, True)
        if _not_a_place(text, e.start, e.end, resolved=hit is not None):
            continue
        if hit is None:
            reason = f"not in the gazetteer (labelled LOC by {ner.name})"
            kept.append(Mention(e.text, e.start, e.end, None, 0.0, False, kind, reason))
            continue
        place, score, why = hit
        earlier = [m for m in kept if m.end <= e.start]
        meto = _metonymic(place, text, e.start, e.end, earlier[-1] if earlier else None)
        why = f"{why}; labelled LOC by {ner.name}"
        kept.append(Mention(e.text, e.start, e.end, place, score, meto, kind, why))
    return sorted(kept, key=lambda m: m.start)


def _site_code(gaz: Gazetteer, word: str) -> bool:
    """Whether a short upper-case word is a military site's code name ("T4").

    Acronyms are skipped as actors or organisations (EI, YPG, OSDH) unless one
    with a digit is, exactly, the name of an installation in the gazetteer.
    """
    if not any(c.isdigit() for c in word):
        return False
    hits = gaz.lookup(word, kind="installation", fuzzy=False, limit=1)
    return bool(hits) and hits[0].match >= 0.97


def _longest_match(gaz, tokens, run, i, text, focus, datelines=()):
    for j in range(min(len(run), i + 4), i, -1):
        span = run[i:j]
        first = tokens[span[0]][0]
        if fold(tokens[span[-1]][0]) in _PARTICLES:
            continue
        start, end = tokens[span[0]][1], tokens[span[-1]][2]
        acronym = len(span) == 1 and first.isupper() and len(first) <= 5
        acronym = acronym and start not in datelines
        if acronym and not _site_code(gaz, first):
            continue  # acronyms: EI, YPG, NBC, OSDH
        kind = _kind_before(text, start) or _kind_after(text, end)
        before = fold(text[max(0, start - 12) : start]).split()
        cue = kind is not None or bool(before and before[-1] in _LOCATIVE)
        hit = _resolve(gaz, text[start:end], kind, focus, cue)
        area = _container_after(gaz, text, end) if kind != "admin1" else None
        if area is not None:
            inner = _inside(gaz, text[start:end], None, area)
            if inner is not None:
                hit = (inner, 0.95, f"in {area.name} province, as the text says")
        if hit and not (len(span) < len(run) and _person_run(gaz, tokens, run, span)):
            if _not_a_place(text, start, end, resolved=True):
                continue
            return j, start, end, kind, hit
    return None


def _focus(gaz, tokens, runs, text) -> set[str] | None:
    """Countries the text is about: those of its unambiguous settlements."""
    counts: Counter[str] = Counter()
    for run in runs:
        # a run votes as a whole: "Abu Kamal" is not "Kamal" (Indonesia),
        # "Jisr al-Shughur" not "Jisr" (Israel)
        word = text[tokens[run[0]][1] : tokens[run[-1]][2]]
        if len(word) < 4 or word.isupper():
            continue
        best = gaz.lookup(word, fuzzy=False, limit=2)
        if not best or best[0].match < 0.97:
            continue
        tie = len(best) > 1 and best[1].match >= best[0].match
        if tie and best[1].place.country != best[0].place.country:
            continue  # "Anbar": a Turkish village or Iraq's province
        counts[best[0].place.country] += 1
    if not counts:
        return None
    floor = max(1.0, 0.2 * counts.most_common(1)[0][1])
    return {c for c, n in counts.items() if n >= floor}
