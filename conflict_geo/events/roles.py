"""Who acted, who was hit, who reported it: the roles around a trigger.

Actors are found by the lexicon (names, acronyms case and all) and by places
that stand for a government ("raids de Damas", "selon Moscou"). A backer
("appuyées par la coalition", "Turkey-backed") is not who acted. A place named
as an actor, a backer or a source is never an event location:
:func:`place_roles` says which places of a sentence are not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from conflict_geo.events.types import spec_of
from conflict_geo.lang import shared_actors

if TYPE_CHECKING:
    from conflict_geo.events.context import SentenceContext
    from conflict_geo.lang import Lexicon, Trigger
    from conflict_geo.places.geoparse import Mention

__all__ = [
    "Actor",
    "actor_has_aircraft",
    "camp_of",
    "government_of",
    "metonym_actor",
    "owner_named",
    "place_roles",
    "roles",
    "sentence_actors",
]

#: (start, end, canonical name) of an actor named in a sentence.
Actor = tuple[int, int, str]

#: Characters before an actor read for a backer phrase.
BACKER_WINDOW = 45
#: Longest gap between a trigger and the agent after it ("raids de Damas").
AGENT_GAP_MAX = 35
#: Longest gap between a holding trigger and its holder ("contrôlée par").
HOLDER_GAP_MAX = 40
#: Characters before a place read for a source cue ("selon", "according to").
SOURCE_WINDOW = 25
#: Longest gap between an event noun and its actor before it ("les frappes
#: aériennes russes", "Syrian government jets"); a verb reaches its subject
#: across the clause.
NOUN_ACTOR_REACH = 30
#: At most this many words between an event noun and an actor right before it.
NOUN_ACTOR_WORDS = 2
#: Characters before a verb read for a passive auxiliary ("a été reprise").
PASSIVE_WINDOW = 25
#: Characters after a trigger read for what it hit ("contre une école").
TARGET_WINDOW = 80
#: "the Britain-based Observatory": where an organisation sits.
_BASED = re.compile(r"^-based\b", re.I)
#: "Turkey-backed", "U.S.-led": a place glued to one of these is an actor.
_ACTOR_SUFFIX = re.compile(
    r"^-(?:backed|led|sponsored|supported|allied|aligned)\b", re.I
)


def government_of(country: str | None) -> str | None:
    """Whose forces "government forces" are in a country (None: unknown).

    Examples
    --------
    >>> government_of("SY")
    'Syrian government'
    """
    return shared_actors()["government"].get(country or "")


def metonym_actor(country: str, name: str) -> str:
    """Return the actor a country or capital stands for ("Damas": Syria)."""
    return shared_actors()["metonym"].get(country, name)


def camp_of(name: str) -> str:
    """Return the camp an actor fights in (its name when the table has none).

    Examples
    --------
    >>> camp_of("Hezbollah") == camp_of("Syrian government")
    True
    """
    spec = shared_actors()["actor"].get(name) or {}
    return spec.get("camp", name)


def actor_has_aircraft(name: str | None) -> bool | None:
    """Whether an actor flies combat aircraft (None: unknown actor).

    Examples
    --------
    >>> actor_has_aircraft("Rebels"), actor_has_aircraft("Russia")
    (False, True)
    """
    if not name:
        return None
    spec = shared_actors()["actor"].get(name)
    return None if spec is None else bool(spec.get("aircraft"))


def sentence_actors(
    text: str, flat: str, lex: Lexicon, metonyms: list[Mention]
) -> list[Actor]:
    """Actors a sentence names, backers left out.

    Parameters
    ----------
    text, flat : str
        The sentence as written and flattened.
    lex : Lexicon
        Its language's lexicon.
    metonyms : list of Mention
        Places the sentence names as actors.

    Returns
    -------
    list of Actor
        In text order.
    """
    found = lex.find_actors(text, flat)
    for m in metonyms:
        if m.place is None:
            continue
        name = metonym_actor(m.place.country, m.place.name)
        found = [f for f in found if not (f[0] < m.end and m.start < f[1])]
        found.append((m.start, m.end, name))
    backer = lex.rx(r"\b{backer}$")
    # "l'armée turque, soutenue par les forces de la coalition menée par les
    # Etats-Unis, a lancé": every actor of a backer's clause set off by
    # commas backs
    clauses = [
        (m.start(), _clause_end(flat, m.end()))
        for m in lex.rx(r",\s*{backer}").finditer(flat)
    ]
    return sorted(
        f
        for f in found
        if not backer.search(flat[max(0, f[0] - BACKER_WINDOW) : f[0]])
        and not any(a <= f[0] < b for a, b in clauses)
    )


#: What ends a backer's clause: "X, backed by Y, launched …".
_CLAUSE_STOP = re.compile(r"[,;:()\"«»]")


def _clause_end(flat: str, start: int) -> int:
    """Return where the clause that starts at ``start`` ends."""
    stop = _CLAUSE_STOP.search(flat, start)
    return stop.start() if stop else len(flat)


def place_roles(
    mentions: list[Mention], actors: list[Actor], text: str, flat: str, lex: Lexicon
) -> dict[int, str]:
    """Places of a sentence that name an actor, a backer or a source.

    Parameters
    ----------
    mentions : list of Mention
        Resolved, literal places of the sentence (offsets in it).
    actors : list of Actor
        From :func:`sentence_actors`.
    text, flat : str
        The sentence.
    lex : Lexicon
        Its lexicon.

    Returns
    -------
    dict
        ``id(mention) -> "actor" | "backer" | "source" | "area" | "seat"`` for the
        places that are not event locations.
    """
    backer = lex.rx(r"\b{backer}$")
    source = lex.rx(r"\b{source_cues}\s*(?:{determiners}\s?)?$")
    spread = lex.rx(
        r"\b{spread_words}\s*(?:{determiners}\s?)?(?:[\w-]+\s*(?:,|{and_words})\s*)*$"
    )
    # "the Idleb town of Khan Sheikhoun": the province says where the town is
    setting = lex.rx(
        r"^\s*(?:{settlement_words})\s+(?:{of_words})\s*(?:{determiners}\s?)?$"
    )
    out: dict[int, str] = {}
    for n, m in enumerate(mentions):
        after = mentions[n + 1] if n + 1 < len(mentions) else None
        if (
            after is not None
            and m.place is not None
            and m.place.kind in ("admin1", "country")
            and setting.match(flat[m.end : after.start])
        ):
            out[id(m)] = "area"
        elif any(a <= m.start and m.end <= b for a, b, _ in actors):
            out[id(m)] = "actor"  # "la coalition menée par Washington"
        elif _ACTOR_SUFFIX.match(text[m.end : m.end + 12]):
            out[id(m)] = "actor"  # "Turkey-backed rebels"
        elif _BASED.match(text[m.end : m.end + 8]):
            out[id(m)] = "seat"  # "the Britain-based Observatory"
        elif backer.search(flat[max(0, m.start - BACKER_WINDOW) : m.start]):
            out[id(m)] = "backer"  # "soutenus par la Turquie"
        elif (
            m.place is not None
            and m.place.kind in ("country", "capital")
            and source.search(flat[max(0, m.start - SOURCE_WINDOW) : m.start])
        ):
            out[id(m)] = "source"  # "selon Moscou", "according to Damascus"
        elif (
            m.place is not None
            and m.place.kind in ("country", "admin1")
            and spread.search(flat[max(0, m.start - SOURCE_WINDOW) : m.start])
        ):
            out[id(m)] = "area"  # "strikes throughout Iraq and Syria"
    return out


def roles(
    t: Trigger, m: Mention | None, ctx: SentenceContext
) -> tuple[str | None, str | None]:
    """Who acted and who was hit, from the actors around the trigger.

    Parameters
    ----------
    t : Trigger
        The trigger.
    m : Mention or None
        The place it is tied to (an actor there is not its agent).
    ctx : SentenceContext
        The sentence.

    Returns
    -------
    (str or None, str or None)
        Actor and target.
    """
    flat, lex = ctx.flat, ctx.lex
    at = m.start if m is not None else -1
    if t.row.agent == "inside":
        # "rebel-held", "Islamic State-held": the holder is in the trigger
        inside = [a for a in ctx.actors if t.start <= a[0] < t.end]
        return (inside[0][2] if inside else None), None
    # an actor named inside another trigger ("the Islamic State-held city")
    # or holding what another trigger says is held ("la ville, tenue par des
    # insurgés, après un assaut") is that trigger's
    others = [o for o in ctx.triggers if o is not t]
    taken = {a[0] for o in others if _holds(o) for a in _holder(o, ctx.actors, ctx)}
    own = [
        a
        for a in ctx.actors
        if a[0] not in taken and not any(o.start <= a[0] < o.end for o in others)
    ]
    before = [a for a in own if a[0] <= t.start and a[0] != at]
    after = [a for a in own if a[0] >= t.end and a[0] != at]
    if _holds(t):
        # "contrôlée par les rebelles", "bastion syrien de l'EI": the agent
        # follows; "the Kurds control …, while regime troops hold": the subject
        agent = _holder(t, after, ctx)
        chosen = agent[0] if agent else (before[-1] if before else None)
        return (chosen[2] if chosen else None), None
    if t.sub_type == "lost":
        # "l'EI a perdu Manbij": who lost it is the target
        return None, (before[-1][2] if before else None)
    if t.event_type == "clash":
        # "clashes between the YPG and IS": the two sides, in text order
        sides = list(dict.fromkeys(a[2] for a in ctx.actors))
        if len(sides) >= 2:
            return sides[0], sides[1]
    # "raids de Damas et Moscou", "raids by Russian jets": the agent follows
    agent_after = lex.rx(r"\W*{agent_after}")
    agents = [
        a
        for a in after
        if a[0] - t.end < AGENT_GAP_MAX
        # "raids de Damas", or an adjective right after a noun ("frappes
        # russes"); right after a verb it is the object ("struck IS targets")
        and (
            agent_after.match(flat[t.end : a[0]])
            or (not t.verbal and not flat[t.end : a[0]].strip())
        )
    ]
    actor = target = None
    if agents:
        joined = [agents[0]]
        sep = lex.rx(r"\s*(?:{and_words}|,)\s*")
        for a in agents[1:]:
            if sep.fullmatch(flat[joined[-1][1] : a[0]]):
                joined.append(a)
        actor = " and ".join(dict.fromkeys(a[2] for a in joined))
    elif before and (
        (t.verbal and not _passive(t, ctx)) or _noun_actor(before[-1], t, ctx)
    ):
        actor = before[-1][2]
    target_before = lex.rx(r"(?:{target_before})\W*(?:{determiners}\s?)?$")
    targets = [a for a in after if target_before.search(flat[t.end : a[0]])]
    if targets and targets[0][2] != actor:
        target = targets[0][2]
    elif spec_of(t.event_type).violent:
        target = _target_phrase(t, ctx)
    return actor, target


def owner_named(t: Trigger, ctx: SentenceContext) -> bool:
    """Whether the sentence says whose a base is.

    Inside the trigger ("la base aérienne russe"), right after it ("the base
    of the U.S.-led coalition") or right before it ("Russia's Hmeimim air
    base"). "IS militants surround the Deir az-Zour airbase" does not: the
    militants are the subject of another verb.
    """
    for a in ctx.actors:
        if t.start <= a[0] < t.end:
            return True
        gap = ctx.flat[a[1] : t.start]
        if (
            a[1] <= t.start
            and len(gap) <= NOUN_ACTOR_REACH
            and len(gap.split()) <= NOUN_ACTOR_WORDS
        ):
            return True
    return bool(_holder(t, ctx.actors, ctx))


def _passive(t: Trigger, ctx: SentenceContext) -> bool:
    """Whether a verb is passive ("avait été reprise", "was retaken").

    Its subject is what was taken or hit: who did it follows ("par", "by"),
    or the sentence does not say.
    """
    aux = ctx.lex.rx(r"\b{passive_aux}\s+(?:[\w-]+\s+)?$")
    own = ctx.lex.rx(r"^(?:[\w-]+\s+)?{passive_aux}\s")
    flat = ctx.flat
    return bool(
        aux.search(flat, max(0, t.start - PASSIVE_WINDOW), t.start)
        or own.match(flat[t.start : t.end])
    )


def _holds(t: Trigger) -> bool:
    """Whether a trigger says who holds a place (a holding claim or a base)."""
    return t.status == "held" or t.event_type == "base"


def _holder(t: Trigger, actors: list[Actor], ctx: SentenceContext) -> list[Actor]:
    """Actors right after a holding trigger that name its holder.

    "tenue par des insurgés", "bastion de l'EI".
    """
    gap = ctx.lex.rx(r"^\W*(?:[\w-]+\s+){{0,2}}?(?:{agent_gap})?(?:{determiners}\s?)?$")
    return [
        a
        for a in actors
        if a[0] >= t.end
        and a[0] - t.end < HOLDER_GAP_MAX
        and gap.match(ctx.flat[t.end : a[0]])
    ]


def _noun_actor(a: Actor, t: Trigger, ctx: SentenceContext) -> bool:
    """Whether an actor before an event noun is its actor.

    "Russian air strikes", "les forces kurdes ont lancé une offensive": next
    to it, or the subject of a verb that carries it out. "Washington a
    condamné les raids", "rebels withdrew from Saraqeb under heavy bombing":
    the subject of another verb.
    """
    gap = ctx.flat[a[1] : t.start]
    # ("Les forces syriennes, appuyées par le Hezbollah, ont lancé une
    # contre-attaque": the backer's clause is not between them)
    gap = ctx.lex.rx(r"^\s*,\s*{backer}[^,;:()]*,").sub("", gap)
    if len(gap) > NOUN_ACTOR_REACH * 2:
        return False
    if ctx.lex.rx(r"\b{support_verbs}\b").search(gap):
        return True
    return len(gap) <= NOUN_ACTOR_REACH and len(gap.split()) <= NOUN_ACTOR_WORDS


def _target_phrase(t: Trigger, ctx: SentenceContext) -> str | None:
    """Return what was hit, as written ("contre une école", "targeting a school")."""
    phrase = ctx.lex.rx(
        r"\b{target_words} ((?:{articles})\s?[^,.;\"()]{{3,40}}?)(?=[,.;\"()]|$)"
    ).search(ctx.flat[t.end : t.end + TARGET_WINDOW])
    if phrase is None:
        return None
    a, b = t.end + phrase.start(1), t.end + phrase.end(1)
    if any(a <= p.start < b for p in ctx.literal):
        return None  # a place, not a target
    return ctx.sentence.text[a:b].strip()
