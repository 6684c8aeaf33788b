"""Tie each trigger of a sentence to the place(s) the sentence puts it at.

Linking reads the characters between a trigger and a place: a place right
after the trigger, separated by prepositions, articles and kind words ("frappes
sur le village de Hass"), or right before a verbal trigger ("Mossoul est
assiégée") is its place; a clause break, a landmark phrase ("au nord-est
d'Afrine") or the origin of fire ("tirée depuis la Syrie") weakens or breaks
the tie; places listed after the first ("sur Mossoul et sur Raqa") share it.
The words come from the sentence's :class:`~conflict_geo.lang.Lexicon`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from conflict_geo.events.types import spec_of

if TYPE_CHECKING:
    from conflict_geo.events.context import SentenceContext
    from conflict_geo.lang import Trigger
    from conflict_geo.places.geoparse import Mention

__all__ = ["Link", "contains", "link_triggers"]

#: A trigger, the place it is tied to, and how strongly (0..1).
Link = tuple["Trigger", "Mention", float]

#: Longest gap (characters) between a trigger and a place after it.
LINK_FORWARD_MAX = 70
#: Longest gap between a place and a verbal trigger after it.
LINK_BACKWARD_MAX = 90
#: Longest gap when an explicit place phrase ("sur la ville frontalière de")
#: ends it.
LINK_PHRASE_MAX = 120
#: Strength lost by a place named as a landmark ("au nord de"), the origin of
#: fire, or a country or province that only situates a holding claim.
LANDMARK_PENALTY = 0.5
ORIGIN_PENALTY = 0.6
CONTAINER_PENALTY = 0.4
_SPACES = re.compile(r"\s+")


def link_triggers(triggers: list[Trigger], ctx: SentenceContext) -> list[Link]:
    """Pair each trigger with the place(s) the sentence ties it to.

    Parameters
    ----------
    triggers : list of Trigger
        The sentence's usable triggers.
    ctx : SentenceContext
        The sentence, its places and lexicon.

    Returns
    -------
    list of Link
        Every (trigger, place) tie; findings of one type at one place are
        made one incident by :mod:`conflict_geo.incidents.resolve`.
    """
    links: list[Link] = []
    for t in triggers:
        scored = [
            (s, m) for m in ctx.literal if (s := _link_score(t, m, ctx)) is not None
        ]
        if not scored:
            continue
        score, chosen = max(scored, key=lambda x: x[0])
        # "dans la province d'Idleb, sur le village de Hass": the most precise,
        # unless another trigger claims it ("control most of Hasakah province,
        # while regime troops hold pockets in Hasakah city")
        inner = [
            (s, m)
            for s, m in scored
            if s > 0.2 and contains(chosen, m) and not _claimed(t, m, triggers)
        ]
        if inner:
            score, chosen = max(inner, key=lambda x: x[0])
        if chosen.start >= t.end:
            group = [chosen, *_coordinated(chosen, ctx)]
        else:
            group = [*_coordinated_before(chosen, ctx), chosen]
        for m in group:
            links.append((t, m, max(0.1, min(1.0, score))))
    links += _sole_place(triggers, links, ctx)
    return links


def _claimed(t: Trigger, m: Mention, triggers: list[Trigger]) -> bool:
    """Whether another trigger stands between ``t`` and the place ``m``."""
    lo, hi = (t.end, m.start) if m.start >= t.end else (m.end, t.start)
    return any(o is not t and lo <= o.start and o.end <= hi for o in triggers)


def _gap_ok(gap: str, forward: bool, ctx: SentenceContext) -> bool:
    lex = ctx.lex
    limit = LINK_FORWARD_MAX if forward else LINK_BACKWARD_MAX
    if forward and _place_phrase_end(ctx).search(gap):
        limit = LINK_PHRASE_MAX
    if len(gap) > limit:
        return False
    if forward:
        # "shelling that targeted areas in …": the trigger's own clause names
        # its place; another relative clause is another predicate
        own = lex.rx(r"^\s*,?\s*{own_clause}\b").match(gap)
        rest = gap[own.end() :] if own else gap
        if lex.rx(r"[;:]|\b{relative_words}\b").search(rest):
            return False
    return not re.search(r"[;:]|\(\s*$", gap) and gap.count(",") <= (
        1 if forward else 2
    )


def _place_phrase_end(ctx: SentenceContext) -> re.Pattern[str]:
    # "… s'est abattue dimanche sur la ville frontalière de": an explicit
    # place phrase reaches further than a bare name
    return ctx.lex.rx(
        r"\b(?:(?:{place_prepositions}|{near_words}) )?(?:{determiners}\s?)(?:\w+ )?"
        r"(?:{settlement_words}|{province_words})(?: \w+)? (?:{of_words}\s?)?$"
    )


def _link_score(t: Trigger, m: Mention, ctx: SentenceContext) -> float | None:
    """How strongly the sentence ties trigger ``t`` to place ``m`` (None: not)."""
    lo, hi = (t.end, m.start) if m.start >= t.end else (m.end, t.start)
    joined = ctx.lex.rx(r"\b{and_words}\b")
    if any(
        lo <= u.start
        and u.end <= hi
        # (a list goes on past it: "Al-Nashabiya and other places in Harasta")
        and not (m.start >= t.end and joined.search(ctx.flat, u.end, m.start))
        for u in ctx.unknown
    ):
        return None  # "la ville d'Adra, au nord de Damas": Adra is the place
    score = _distance_score(t, m, ctx)
    if score is None:
        return None
    before = ctx.flat[max(0, m.start - 30) : m.start]
    besides = ctx.lex.rx(
        r"\b{besides_words}\s*(?:(?:{in_words}|{place_prepositions})\s*)?"
        r"(?:{determiners}\s?)?$"
    )
    if besides.search(before):
        score -= LANDMARK_PENALTY  # "Outre à Tal Abyad, … combats … à Ras al-Ayn"
    origin = ctx.lex.rx(r"\b{origin_words}\s*(?:{determiners}\s?)?$")
    if (
        spec_of(t.event_type).violent
        and t.event_type != "clash"
        and origin.search(before)
    ):
        score -= ORIGIN_PENALTY  # "une roquette tirée depuis la Syrie"
    return score


def _distance_score(t: Trigger, m: Mention, ctx: SentenceContext) -> float | None:
    flat, lex = ctx.flat, ctx.lex
    reference = lex.rx(r"{reference_point}$")
    if m.start >= t.end:
        start = t.end
        if t.row.agent == "after":
            # "Minbej, aux mains des milices …": the holder follows; a place
            # only after it ("contrôlés par les rebelles dans l'est d'Alep")
            start = _after_agent(t, m, ctx)
            if start is None:
                return None
        gap = flat[start : m.start]
        if not _gap_ok(gap, True, ctx):
            return None
        score = 1.0 - len(gap) / 200
        if reference.search(gap):
            score -= LANDMARK_PENALTY  # "au nord-est d'Afrine": a landmark
        in_container = lex.rx(r"\b{in_words}\s+(?:{determiners}\s?)?$")
        if (
            t.status == "held"
            and not t.verbal
            and m.place is not None
            and m.place.kind in ("country", "admin1")
            and in_container.search(gap)
        ):
            score -= CONTAINER_PENALTY  # "the last stronghold in Iraq"
        return score
    if m.end <= t.start:
        gap = flat[m.end : t.start]
        if not _gap_ok(gap, False, ctx):
            return None
        weight = 0.8 if t.verbal or t.status in ("ongoing", "held") else 0.45
        score = weight - len(gap) / 200
        # "à l'est de Mossoul": a landmark, unless the trigger is said of it
        # in an apposition ("…de Mossoul, de facto capitale de l'EI")
        apposition = gap.lstrip().startswith(",")
        if not apposition and reference.search(flat[max(0, m.start - 40) : m.start]):
            score -= LANDMARK_PENALTY
        return score
    return None


def _after_agent(t: Trigger, m: Mention, ctx: SentenceContext) -> int | None:
    """Where a holding trigger's agent ends, when a place comes after it."""
    agent = next((a for a in ctx.actors if t.end <= a[0] < m.start), None)
    if agent is None:
        return None
    lead = ctx.lex.rx(r"^\s*(?:{determiners}\s?)?$")
    if not lead.match(ctx.flat[t.end : agent[0]]):
        return None
    follow = ctx.lex.rx(r"^\s*,?\s*(?:{in_words}|{place_prepositions}|{near_words})\b")
    return agent[1] if follow.match(ctx.flat[agent[1] : m.start]) else None


def _coordinated_gap(ctx: SentenceContext) -> re.Pattern[str]:
    # "Al-Nashabiya and Otaya town and other places in Harasta": the kind word
    # of the name before, then the next
    return ctx.lex.rx(
        r"^\s*(?:{settlement_words}\s*)?(?:,|,?\s*{and_words})\s+"
        r"(?:{place_prepositions}\s*)?"
        r"(?:(?:{list_determiners}\s?)?(?:{settlement_words}\s)?"
        r"(?:{of_words}\s?|{in_words}\s)?)?$"
    )


def _coordinated(first: Mention, ctx: SentenceContext) -> list[Mention]:
    """Return the places listed after ``first``.

    As in "sur Mossoul … et sur Raqa" or "Nubl and Zahraa".
    """
    lex = ctx.lex
    reference = lex.rx(r"{reference_point}$")
    container_gap = lex.rx(
        r"^\s*,?\s*(?:{in_words}|{of_words})\s*(?:{determiners}\s?)?"
        r"(?:{province_words} (?:{of_words}\s?)?)?$"
    )
    kind_after = lex.rx(r"^\s*(?:{province_words}|{settlement_words})\b")
    gap_time = lex.rx(r"\b{gap_time}\b")
    coordinated = _coordinated_gap(ctx)
    near = lex.rx(r"^\s*,\s*{near_words}\s*(?:{determiners}\s?)?$")
    out = []
    last = first
    for m in ctx.literal:
        if m.start <= last.end:
            continue
        gap = ctx.flat[last.end : m.start]
        kind = kind_after.match(gap)
        rest = gap[kind.end() :] if kind else gap  # ("Hakkari province, near …")
        if rest.lstrip().startswith(",") and (
            reference.search(rest) or near.match(rest)
        ):
            last = m  # "Tal Afar, 70 km west of Mosul, …", ", near Damascus,"
            continue
        if container_gap.match(gap) and (
            contains(m, last) or m.place.kind in ("admin1", "country")
        ):
            # "Hawija in Kirkuk province, ...": the container (also when the
            # press names it loosely: "Yabroud, dans la province de Damas")
            last = m
            continue
        plain = _SPACES.sub(" ", gap_time.sub(" ", kind_after.sub("", gap)))
        if (
            coordinated.match(plain)
            or coordinated.match(_strip_apposition(plain, ctx))
            # ("Qunaitra province, the Idleb town of Khan Sheikhoun")
            or _listed(last.end + (kind.end() if kind else 0), m.start, ctx)
        ):
            out.append(m)
            last = m
        else:
            break
    return out


#: A list item may carry a few words before its name ("several rural areas of
#: Qunaitra province", "the Idleb town of Khan Sheikhoun").
LIST_GAP_MAX = 50
LIST_GAP_WORDS = 6


def _listed(a: int, b: int, ctx: SentenceContext) -> bool:
    """Whether the text between two places only moves to the next item of a list."""
    gap = ctx.flat[a:b]
    if len(gap) > LIST_GAP_MAX or any(c in gap for c in ";:.()"):
        return False
    lex = ctx.lex
    words = r"(?:[\w'-]+\s+){{0," + str(LIST_GAP_WORDS) + "}}"
    if not lex.rx(r"^\s*(?:,|,?\s*{and_words})\s+" + words + "$").match(gap):
        return False
    if lex.rx(r"\b(?:{relative_words}|{near_words})\b").search(gap):
        return False  # (", near the border with Iraq": a landmark, not an item)
    # no actor and no other event in between: "Aleppo, and Russian jets hit …"
    if any(a <= x[0] < b for x in ctx.actors):
        return False
    return not any(a <= t.start < b for t in ctx.triggers)


def _coordinated_before(last: Mention, ctx: SentenceContext) -> list[Mention]:
    """Places listed before ``last`` ("Nubl and Zahraa were besieged")."""
    coordinated = _coordinated_gap(ctx)
    out: list[Mention] = []
    for m in reversed(ctx.literal):
        if m.end > last.start:
            continue
        if coordinated.match(ctx.flat[m.end : last.start]):
            out.insert(0, m)
            last = m
        else:
            break
    return out


def _strip_apposition(gap: str, ctx: SentenceContext) -> str:
    """Drop relative clauses: ", le bastion … 17 octobre et sur" -> " et sur"."""
    parts = ctx.lex.rx(r"\s(?={and_words}\s)").split(gap)
    return " " + parts[-1] if len(parts) > 1 and len(parts[-1]) < 20 else gap


def contains(big: Mention, small: Mention) -> bool:
    """Whether ``big``'s place (a country or province) contains ``small``'s.

    Parameters
    ----------
    big, small : Mention
        Resolved mentions.

    Returns
    -------
    bool
    """
    bp, sp = big.place, small.place
    if bp is None or sp is None or bp is sp:
        return False
    if bp.kind == "country":
        return sp.country == bp.country and sp.kind != "country"
    if bp.kind == "admin1":
        return sp.kind not in ("admin1", "country") and sp.admin1 == bp.admin1
    return False


def _sole_place(
    triggers: list[Trigger], links: list[Link], ctx: SentenceContext
) -> list[Link]:
    """Tie the sentence's first unlinked violent trigger to its only place.

    "Les raids … ont tué vingt-quatre civils, dont cinq enfants, depuis samedi
    dans la région d'Afrine": the place is too far from the trigger for the
    distance rules, but it is the only place the sentence names (countries
    aside), so the sentence is about it.
    """
    places = [m for m in ctx.literal if m.place.kind != "country"]
    if len(places) != 1 or any(m is places[0] for _, m, _ in links):
        return []
    linked = {id(t) for t, _, _ in links}
    types = {lt.event_type for lt, _, _ in links}
    for t in triggers:
        spec = spec_of(t.event_type)
        if (
            id(t) not in linked
            and spec.anaphoric
            and t.event_type != "offensive"
            and t.event_type not in types
        ):
            return [(t, places[0], 0.25)]
    return []
