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

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from conflict_geo.exc import QueryTypeError
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.place import Place
from conflict_geo.text.normalize import fold

__all__ = ["Mention", "geoparse"]


def _folded(words: object) -> frozenset[str]:
    return frozenset(fold(w) for w in words)  # type: ignore[attr-defined]


_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’‘`-](?=[^\W\d_]))*")
_ELISION = re.compile(r"^(?:[dlDL]|qu|Qu)['’]")
_PARTICLES = _folded(
    "al el ez es as ash ad an ar at az ad-dana de du des la le d l bin ibn bou abu"
    " abou umm um of".split()
)
# Words that make a run of capitalised words an organisation or an actor.
_ORG_WORDS = _folded(
    """media center centre observatoire observatory council conseil front armée army
    brigade brigades forces force parti party unités units organisation organization
    coalition jaich jaish jaysh fateh fatah hayat tahrir ahrar ministry ministère
    agency agence press presse news tv channel chaîne university université hospital
    hôpital committee comité movement mouvement mission union""".split()
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
        if word:
            out.append((word, start, start + len(word)))
    return out


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and fold(word) not in _STOP


def _runs(tokens: list[tuple[str, int, int]], text: str) -> list[list[int]]:
    """Group token indexes into runs of capitalised words and inner particles."""
    runs, current = [], []
    for i, (word, start, _) in enumerate(tokens):
        gap = text[tokens[i - 1][2] : start] if i else ""
        joined = current and (gap.strip(" -'’") == "")
        lower = fold(word).split(" ")[0]
        particle = current and joined and lower in _PARTICLES
        if _is_name_word(word) and (joined or not current) or particle:
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = [i] if _is_name_word(word) else []
    if current:
        runs.append(current)
    return [[i for i in run] for run in runs]


def _kind_before(text: str, start: int) -> str | None:
    before = fold(text[max(0, start - 30) : start]).split()
    words = [w for w in before[-3:] if w not in {"de", "d", "of", "the", "la", "le"}]
    for kind, cues in _KIND_CUES.items():
        if words and words[-1] in cues:
            return kind
    return None


_LOCATIVE = frozenset("en a au aux dans in at near pres vers to from depuis".split())
_ADDRESS_VERBS = frozenset(
    "reproche reprochent demande demande accuse dit said".split()
)
_PROMINENT = frozenset({"capital", "country", "admin1"})


def _kind_after(text: str, end: int) -> str | None:
    after = fold(text[end : end + 25]).split()
    if after and after[0] in _KIND_CUES["admin1"]:  # "Aleppo province"
        return "admin1"
    return None


def _metonymic(place: Place, text: str, start: int, end: int, prev_meto: bool) -> bool:
    if place.kind not in {"capital", "country"}:
        return False
    before = fold(text[max(0, start - 80) : start]).split()
    prev = before[-1] if before else ""
    if prev in _LOCATIVE:
        return prev in {"a", "au"} and len(before) > 1 and before[-2] in _ADDRESS_VERBS
    if prev in {"par", "by"}:
        return True
    after = fold(text[end : end + 40]).split()
    if after and after[0] in _ACTION_VERBS:
        return True
    if prev in {"et", "and"} and prev_meto:
        return True
    return prev in _ACTOR_PREPOSITIONS and bool(
        _ATTACK_NOUNS.search(text[max(0, start - 80) : start].rsplit(" ", 2)[0])
    )


def _resolve(
    gaz: Gazetteer, name: str, kind: str | None, focus: set[str] | None, cue: bool
) -> tuple[Place, float, str] | None:
    single = not re.search(r"\s", name)
    for wanted in [kind, None] if kind else [None]:
        found = gaz.lookup(name, kind=wanted, fuzzy=False, limit=3)
        for best in found:
            place = best.place
            # one word must be spelt as the gazetteer spells it; variants need
            # several words or a place in the countries the text is about
            if best.match < 0.97:
                in_focus = focus is None or place.country in focus
                if not (cue and in_focus) and (single or best.match < 0.85):
                    continue
            if focus is not None and place.country not in focus:
                big = place.kind in _PROMINENT or place.population >= 100_000
                if not big:
                    continue
            return place, best.score, best.why
    return None


def _person_run(
    tokens: list[tuple[str, int, int]], run: list[int], span: list[int]
) -> bool:
    """Tell a person's name ("Recep Tayyip Erdogan", "Ashton Carter") from a place."""
    others = [fold(tokens[i][0]) for i in run if i not in span]
    return any(w not in _PARTICLES for w in others)


def geoparse(
    text: str, lang: str | None = None, *, gazetteer: Gazetteer | None = None
) -> list[Mention]:
    """Find the place names in ``text`` and resolve them.

    Parameters
    ----------
    text : str
        A dispatch in French or English.
    lang : str, optional
        ``"fr"`` or ``"en"``; the gazetteer recogniser needs no language, the
        argument is accepted for the model-based recogniser.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.

    Returns
    -------
    list of Mention
        In text order; empty for a text that names no place.

    Examples
    --------
    >>> [(m.text, m.place.name) for m in geoparse("Raids sur la province d'Idleb.")]
    [('Idleb', 'Idlib')]
    """
    if not isinstance(text, str):
        raise QueryTypeError(f"text must be a string, not {type(text).__name__}")
    gaz = gazetteer or embedded_gazetteer()
    tokens = _tokens(text)
    runs = [
        r
        for r in _runs(tokens, text)
        if not {fold(tokens[i][0]) for i in r} & _ORG_WORDS
    ]
    focus = _focus(gaz, tokens, runs, text)
    mentions: list[Mention] = []
    for run in runs:
        i = 0
        while i < len(run):
            hit = _longest_match(gaz, tokens, run, i, text, focus)
            if hit is None:
                i += 1
                continue
            j, start, end, kind, (place, score, why) = hit
            prev_meto = bool(mentions) and mentions[-1].metonymic
            meto = _metonymic(place, text, start, end, prev_meto)
            mentions.append(
                Mention(text[start:end], start, end, place, score, meto, kind, why)
            )
            i = j
    return mentions


def _longest_match(gaz, tokens, run, i, text, focus):
    for j in range(min(len(run), i + 4), i, -1):
        span = run[i:j]
        first = tokens[span[0]][0]
        if fold(tokens[span[-1]][0]) in _PARTICLES:
            continue
        if len(span) == 1 and first.isupper() and len(first) <= 5:
            continue  # acronyms: EI, YPG, NBC, OSDH
        start, end = tokens[span[0]][1], tokens[span[-1]][2]
        kind = _kind_before(text, start) or _kind_after(text, end)
        before = fold(text[max(0, start - 12) : start]).split()
        cue = kind is not None or bool(before and before[-1] in _LOCATIVE)
        hit = _resolve(gaz, text[start:end], kind, focus, cue)
        if hit and not (len(span) < len(run) and _person_run(tokens, run, span)):
            return j, start, end, kind, hit
    return None


def _focus(gaz, tokens, runs, text) -> set[str] | None:
    """Countries the text is about: those of its unambiguous settlements."""
    counts: Counter[str] = Counter()
    for run in runs:
        for i in run:
            word = tokens[i][0]
            if len(word) < 4 or word.isupper():
                continue
            best = gaz.lookup(word, fuzzy=False, limit=1)
            if best and best[0].match >= 0.97:
                counts[best[0].place.country] += 1
    if not counts:
        return None
    floor = max(1.0, 0.2 * counts.most_common(1)[0][1])
    return {c for c, n in counts.items() if n >= floor}
