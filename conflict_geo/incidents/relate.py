"""How two findings of one document relate: place, kind, status, date, sides.

The tests :func:`~conflict_geo.incidents.resolve.resolve_incidents` reads to
tell whether a finding continues an incident: places that are the same, one
inside the other or around it (:func:`place_score`); kinds of one event
(:func:`kinds_agree`); dates (:func:`dates_differ`), tolls
(:func:`tolls_differ`) and camps (:func:`camps_differ`) that do not tell two
incidents apart.
"""

from __future__ import annotations

from typing import Any

from conflict_geo.events.event import Event, precision_of
from conflict_geo.events.roles import camp_of
from conflict_geo.events.types import GENERIC_SUB_TYPES, TOLL_SUB_TYPE, spec_of
from conflict_geo.places.place import CONTAINED_KINDS, POPULATED_KINDS, km_between

__all__ = [
    "AROUND_KM",
    "NO_PLACE",
    "ROUND_FIGURE",
    "SAME_COUNT_RATIO",
    "STATUS_GROUP",
    "camps",
    "camps_differ",
    "country_only",
    "dates_differ",
    "is_toll",
    "kinds_agree",
    "part_of",
    "place_score",
    "precision",
    "same_count",
    "tolls_differ",
]


#: Status groups: findings of different groups are different incidents.
STATUS_GROUP = {
    "planned": "planned",
    "held": "held",
    "ongoing": "active",
    "done": "active",
}


#: Precision used to rank a finding with no place (worse than any place).
NO_PLACE = 9


def precision(e: Event) -> int:
    """Return the UCDP-style precision of a finding's place (worst when none)."""
    if e.mention is None or e.mention.place is None:
        return NO_PLACE
    return precision_of(e.mention.place.kind) or NO_PLACE


def part_of(a: Event, b: Event) -> bool:
    """Whether ``a``'s place is one the text put in ``b``'s, at its point.

    "le quartier d'Al-Kallasa dans la ville d'Alep" … "9 à Alep": the quarter
    is the finer place, though its point is only its town's.
    """
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    return (
        pa is not None
        and pb is not None
        and pa.kind in CONTAINED_KINDS
        and (pa.lat, pa.lon) == (pb.lat, pb.lon)
    )


def is_toll(e: Event) -> bool:
    """Whether a finding only gives a toll (``TOLL_SUB_TYPE``)."""
    return e.sub_type == TOLL_SUB_TYPE


def tolls_differ(a: Event, b: Event) -> bool:
    """Two events of one kind and place with their own, different tolls.

    "The militants executed 30 people", "… military intelligence executed 23
    detainees": two incidents. A revised toll says so ("un précédent bilan")
    and is read as an earlier toll; an offensive's reports give its toll so
    far.
    """
    if spec_of(a.event_type).durative or a.aggregate or b.aggregate:
        return False
    if a.victims and b.victims and a.victims != b.victims:
        return False  # "un rebelle tué" … "46 djihadistes tués": two sides' tolls
    return (
        a.fatalities is not None
        and b.fatalities is not None
        and not same_count(a.fatalities, b.fatalities)
        and a.fatalities_earlier != b.fatalities
        and b.fatalities_earlier != a.fatalities
    )


#: A toll that is a multiple of this is a rounded figure when an exact one
#: close to it is also given.
ROUND_FIGURE = 10


#: Two tolls this close are one count written two ways ("almost 100" in the
#: headline, "at least 96" in the body).
SAME_COUNT_RATIO = 0.8


def same_count(a: int, b: int) -> bool:
    """Whether two tolls are one count, exactly or as a rounded figure.

    >>> same_count(96, 100), same_count(23, 30), same_count(0, 0)
    (True, False, True)
    """
    low, high = sorted((a, b))
    return low == high or (high > 0 and low / high >= SAME_COUNT_RATIO)


def country_only(e: Event) -> bool:
    """Whether a finding is placed at a country only."""
    return e.mention is not None and e.mention.place.kind == "country"


def kinds_agree(a: Event, b: Event) -> bool:
    """Whether two findings' types may report one incident.

    One type; a generic fire word and a specific one; a base and its capture;
    an offensive, a siege and fighting of one campaign (see the comments).
    """
    if a.event_type == b.event_type:
        return True
    fa, fb = spec_of(a.event_type).family, spec_of(b.event_type).family
    if fa != fb:
        return False
    if fa == "fire":
        return a.sub_type in GENERIC_SUB_TYPES or b.sub_type in GENERIC_SUB_TYPES
    if fa == "ground":
        # "Iraqi forces battle IS for Tikrit" in an offensive on Tikrit, "IS
        # forces in Al-Bab were almost surrounded": one campaign when one camp
        # leads both, or when the siege or the offensive names no actor;
        # fighting whose sides are not named stays apart
        # (an offensive that names no actor beside a siege that does may be
        # the assault to break it: "assaut pour briser le siège par l'EI")
        ca, cb = camps(a), camps(b)
        unnamed = any(
            not c and e.event_type != "clash" and not _breaks(e, other, c2)
            for e, c, other, c2 in ((a, ca, b, cb), (b, cb, a, ca))
        )
        return bool(ca & cb) or unnamed
    # a base taken is one incident: "l'armée a repris la base aérienne"
    return fa == "control" and "held" not in (a.status, b.status)


def _breaks(e: Event, other: Event, other_camps: set[str]) -> bool:
    """Whether an unnamed offensive may be against a named siege."""
    offensive_on_siege = e.event_type == "offensive" and other.event_type == "siege"
    return offensive_on_siege and bool(other_camps)


def place_score(a: Event, b: Event, *, part: bool = False) -> int:
    """3 same place, 2 one contains the other, 1 either has none, 0 apart.

    With ``part``, a place the text only locates in or near another (a
    neighbourhood at its town's point) counts as inside it.
    """
    pa = a.mention.place if a.mention is not None else None
    pb = b.mention.place if b.mention is not None else None
    if pa is None or pb is None:
        return 1
    if pa is pb or (pa.name, pa.lat, pa.lon) == (pb.name, pb.lat, pb.lon):
        return 3
    if _inside(pb, pa) or _inside(pa, pb):
        return 2
    if _around(pa, pb) or _around(pb, pa):
        return 2  # "a market near Damascus" … "Douma, 15 km northeast of Damascus"
    if (
        part
        and (pa.lat, pa.lon) == (pb.lat, pb.lon)
        and CONTAINED_KINDS
        & {
            pa.kind,
            pb.kind,
        }
    ):
        return 2
    return 0


#: A settlement this close to a place "near" a town is where the text means.
AROUND_KM = 15.0


def _around(vicinity: Any, place: Any) -> bool:
    """Whether a place lies in the vicinity the text put an event in."""
    return (
        vicinity.kind == "environs"
        and place.kind in POPULATED_KINDS
        and km_between(vicinity, place) <= AROUND_KM
    )


def _inside(small: Any, big: Any) -> bool:
    if big.kind == "country":
        return small.kind != "country" and small.country == big.country
    if big.kind == "admin1":
        return (
            small.kind not in ("admin1", "country")
            and small.country == big.country
            and bool(small.admin1)
            and small.admin1 == big.admin1
        )
    return False


def dates_differ(a: Event, b: Event, *, strict: bool = False) -> bool:
    """Whether two findings' stated dates tell two incidents apart.

    Lasting events (holdings, offensives, sieges) agree across days unless
    ``strict``.
    """
    if not (a.date_stated and b.date_stated and a.date and b.date):
        return False
    lasting = "held" in (a.status, b.status) or any(
        spec_of(e.event_type).durative for e in (a, b)
    )
    if lasting and not strict:
        # a holding, an offensive, a siege last: reported on many days ("the
        # campaign started on June 19" … "a two-week battle", July 6)
        return False
    width = min(len(a.date), len(b.date))
    return a.date[:width] != b.date[:width]


def camps(e: Event, *, sides: bool = False) -> set[str]:
    """Camps of the actor (with ``sides``, of the target too)."""
    named = f"{e.actor or ''} and {e.target or ''}" if sides else e.actor or ""
    names = [n.strip() for n in named.split(" and ") if n.strip()]
    return {camp_of(n) for n in names}


def camps_differ(a: Event, b: Event) -> bool:
    """Two reports whose actors are of different camps (either side of a clash)."""
    sides = spec_of(a.event_type).mutual and spec_of(b.event_type).mutual
    ca, cb = camps(a, sides=sides), camps(b, sides=sides)
    return bool(ca and cb and not ca & cb)
