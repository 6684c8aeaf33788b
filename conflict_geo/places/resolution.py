"""Resolve a candidate name against the gazetteer.

A name is matched, longest span first, against the gazetteer
(:func:`longest_match`): in the countries the text is about first (its focus,
:func:`country_focus`), spelling variants only where a cue or the focus vouches
for them, a province the text names after the place narrowing it down. Answers
are remembered per gazetteer (:class:`GazetteerMemo`).
"""

from __future__ import annotations

import dataclasses
import re
import weakref
from collections import Counter
from typing import Any

from conflict_geo.places.candidates import PARTICLES, folded, not_a_place
from conflict_geo.places.gazetteer import Gazetteer
from conflict_geo.places.mention import Mention
from conflict_geo.places.place import (
    POPULATED_KINDS,
    PROMINENT_KINDS,
    Place,
    km_between,
)
from conflict_geo.places.place_cues import LOCATIVE, kind_after, kind_before
from conflict_geo.text.normalize import fold

__all__ = [
    "NEIGHBOUR_KM",
    "Match",
    "GazetteerMemo",
    "country_focus",
    "longest_match",
    "memo_of",
    "near_the_text",
    "resolve",
]


class GazetteerMemo:
    """A gazetteer whose lookups are remembered, across texts.

    Geoparsing asks the same questions many times: every capitalised word for
    the text's countries, then each candidate span with and without a kind;
    and the dispatches of a corpus name the same places and open sentences
    with the same capitalised words ("Selon", "Etat", "Damas"). Answers, and
    what :func:`resolve` makes of them, are kept per gazetteer (see
    :func:`memo_of`), up to :attr:`LIMIT` of each, then forgotten all at once:
    an answer never depends on what was asked before, so results do not
    depend on the cache.
    """

    #: Answers of each kind remembered before those are forgotten.
    LIMIT = 50_000

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.size = len(gazetteer)
        self._seen: dict[tuple, list] = {}
        #: What :func:`resolve` made of a name, kind, focus and cue.
        self.resolved: dict[tuple, tuple[Place, float, str] | None] = {}

    def lookup(self, query: str, **hints: Any) -> list:
        """Return :meth:`Gazetteer.lookup`'s answer, remembered."""
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


_MEMOS: weakref.WeakKeyDictionary[Gazetteer, GazetteerMemo] = (
    weakref.WeakKeyDictionary()
)


def memo_of(gazetteer: Gazetteer) -> GazetteerMemo:
    """Return the memo of ``gazetteer``, afresh when places were added since."""
    memo = _MEMOS.get(gazetteer)
    if memo is None or memo.size != len(gazetteer):
        memo = _MEMOS[gazetteer] = GazetteerMemo(gazetteer)
    return memo


def _hashable(value: Any) -> Any:
    if isinstance(value, (set, frozenset, list)):
        return tuple(sorted(value))
    return value


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


def resolve(
    gaz: GazetteerMemo, name: str, kind: str | None, focus: set[str] | None, cue: bool
) -> tuple[Place, float, str] | None:
    """Resolve a candidate name, or None; remembered by ``gaz``."""
    key = (name, kind, frozenset(focus) if focus else None, cue)
    hit = gaz.resolved.get(key, _UNSEEN)
    if hit is _UNSEEN:
        hit = gaz.keep(gaz.resolved, key, _resolve_name(gaz, name, kind, focus, cue))
    return hit


_UNSEEN = object()


def _resolve_name(
    gaz: GazetteerMemo, name: str, kind: str | None, focus: set[str] | None, cue: bool
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
                    big = place.kind in PROMINENT_KINDS or place.population >= 100_000
                    if not big:
                        continue
                return place, best.score, best.why
    part = _DIRECTIONAL.match(name)
    if part:  # "Alep-Est", "East Aleppo": a part of the city, at its point
        base = part.group("base") or part.group("base2")
        hit = resolve(gaz, base, kind, focus, cue)
        if hit is not None:
            place, score, why = hit
            return place, score * 0.95, f"part of {place.name} ({why})"
    return None


#: Particles that join two names into one run ("Eastern Ghouta of Damascus",
#: "Deir ez-Zor de l'Est"): the names on either side are separate.
_CONNECTIVES = folded("of de du des d".split())


def _person_run(
    gaz: GazetteerMemo,
    tokens: list[tuple[str, int, int]],
    run: list[int],
    span: list[int],
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
    names = [w for w in others if fold(w) not in PARTICLES]
    if not names:
        return False
    return not all(_exact_place(gaz, w) for w in names)


def _exact_place(gaz: GazetteerMemo, word: str) -> bool:
    """Whether a word is, spelt exactly, a prominent place's name."""
    hits = gaz.lookup(word, fuzzy=False, limit=1)
    return (
        bool(hits)
        and hits[0].match >= 0.97
        and (
            hits[0].place.kind in PROMINENT_KINDS or hits[0].place.population >= 100_000
        )
    )


def _site_code(gaz: Gazetteer, word: str) -> bool:
    """Whether a short upper-case word is a military site's code name ("T4").

    Acronyms are skipped as actors or organisations (EI, YPG, OSDH) unless one
    with a digit is, exactly, the name of an installation in the gazetteer.
    """
    if not any(c.isdigit() for c in word):
        return False
    hits = gaz.lookup(word, kind="installation", fuzzy=False, limit=1)
    return bool(hits) and hits[0].match >= 0.97


#: A match: index in the run after it, start, end, kind hint, resolution.
Match = tuple[int, int, int, str | None, tuple[Place, float, str]]


def longest_match(
    gaz: GazetteerMemo,
    tokens: list[tuple[str, int, int]],
    run: list[int],
    i: int,
    text: str,
    focus: set[str] | None,
    datelines: tuple[int, ...] = (),
) -> Match | None:
    """Return the longest span of ``run`` from its ``i``-th word that is a place.

    Up to four words; a lone word in capitals is an acronym unless it opens
    a dateline (``datelines``: their start offsets) or is a site's code name.
    """
    for j in range(min(len(run), i + 4), i, -1):
        span = run[i:j]
        first = tokens[span[0]][0]
        if fold(tokens[span[-1]][0]) in PARTICLES:
            continue
        start, end = tokens[span[0]][1], tokens[span[-1]][2]
        acronym = len(span) == 1 and first.isupper() and len(first) <= 5
        acronym = acronym and start not in datelines
        if acronym and not _site_code(gaz, first):
            continue  # acronyms: EI, YPG, NBC, OSDH
        kind = kind_before(text, start) or kind_after(text, end)
        before = fold(text[max(0, start - 12) : start]).split()
        cue = kind is not None or bool(before and before[-1] in LOCATIVE)
        hit = resolve(gaz, text[start:end], kind, focus, cue)
        area = _container_after(gaz, text, end) if kind != "admin1" else None
        if area is not None:
            inner = _inside(gaz, text[start:end], None, area)
            if inner is not None:
                hit = (inner, 0.95, f"in {area.name} province, as the text says")
        if hit and not (len(span) < len(run) and _person_run(gaz, tokens, run, span)):
            if not_a_place(text, start, end, resolved=True):
                continue
            return j, start, end, kind, hit
    return None


def country_focus(
    gaz: GazetteerMemo,
    tokens: list[tuple[str, int, int]],
    runs: list[list[int]],
    text: str,
) -> set[str] | None:
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


#: An exact name outside the text's countries is taken when it lies this close
#: to a settlement the text names ("la ville libanaise d'Aarsal", by Flita).
NEIGHBOUR_KM = 100.0


def near_the_text(mentions: list[Mention], gaz: GazetteerMemo) -> list[Mention]:
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
