"""What two reports must share to tell one incident: the rules of fusion.

Fusion (:mod:`conflict_geo.incidents.fuse`) and the cross-check against a
dataset (:mod:`conflict_geo.incidents.match`) compare the rows that
:func:`~conflict_geo.incidents.reports.report_table` reads from any event
table. Two reports may tell one incident when

* their types are of one family (:func:`~conflict_geo.events.types.family_of`)
  and their statuses of one group (planned; held; under way or done), neither
  or both are roll-ups, and neither or both are captures of only a part of a
  place;
* their places are the same, or one lies inside the other's area or
  uncertainty (:func:`place_relation`, :data:`PLACE_KM`), in one country;
* their dates are at most :attr:`Rules.days` apart
  (:attr:`Rules.durative_days` for what lasts: offensives, sieges, holdings);
* their actors are not of opposite camps (:func:`sides_contradict`).

Every threshold is a field of :class:`Rules`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from conflict_geo.exc import InputError
from conflict_geo.places.place import distance_km

__all__ = [
    "ANCHOR_SPAN_DAYS",
    "AREA_PRECISIONS",
    "DATE_WINDOW_DAYS",
    "DURATIVE_DAYS",
    "PLACE_KM",
    "SAME_POINT_KM",
    "STATUS_GROUP",
    "Site",
    "Rules",
    "date_gap",
    "place_relation",
    "sides_contradict",
]

#: Days between two reports' dates within which they may tell one incident.
#: Wire copy revises a toll over one to three days (the Hass strike of 26
#: October 2016 was reported that day and revised on the 27th), and a dispatch
#: that does not date the event carries its own date, often the day after.
DATE_WINDOW_DAYS = 3
#: The same for what lasts (offensives, sieges, bases) and for holding claims:
#: reported on many days, their reports are one incident within a month.
DURATIVE_DAYS = 30
#: Kilometres within which a point stands for the place, by precision (UCDP
#: ``where_prec``, which the schema uses): 1 a settlement: the gap between two
#: gazetteers' points for one town (of the precise places of UCDP GED Syria
#: 2016 that our gazetteer finds, 70% are within 1 km of UCDP's point and
#: almost none 1 to 5 km away; neighbouring villages are 2 to 5 km apart);
#: 2 "within about 25 km" (UCDP's own definition); 3 a district (about 50 km
#: across); 5 a fuzzy or linear area; 7 sea or air (only the same point).
#: Precisions 4 and 6 are areas (:data:`AREA_PRECISIONS`); an unknown
#: precision is that of a settlement.
PLACE_KM: dict[int, float] = {1: 2.0, 2: 25.0, 3: 50.0, 5: 50.0, 7: 0.0}
#: Precisions that name an area: the first-level division, the country.
AREA_PRECISIONS: dict[int, str] = {4: "admin1", 6: "country"}
#: Two points this close are the same point (rounding, two gazetteers).
SAME_POINT_KM = 1.0
#: A date spanning more days than this (a month, a year) is too loose to
#: found an incident: such a report joins one that its dated reports found.
ANCHOR_SPAN_DAYS = 7
#: Status groups, as incident resolution reads them: a plan is not the deed,
#: and a holding claim is a state, not an event.
STATUS_GROUP: dict[str, str] = {
    "planned": "planned",
    "held": "held",
    "ongoing": "active",
    "done": "active",
}


@dataclass(frozen=True, slots=True)
class Rules:
    """The thresholds of fusion and matching.

    Parameters
    ----------
    days : int, default :data:`DATE_WINDOW_DAYS`
        Most days between the dates of two reports of one incident.
    durative_days : int, default :data:`DURATIVE_DAYS`
        The same for offensives, sieges, bases and holding claims.
    place_km : mapping of int to float, optional
        Reach of a point by precision (:data:`PLACE_KM` by default; missing
        precisions take its values).
    undated : bool, default True
        Reports with no date join an incident on place, type and actors alone
        when exactly one incident fits them (and, failing that, other undated
        reports of the same place). False keeps each an incident of its own.
        Either way they are listed in the fusion report.
    anchor_span_days : int, default :data:`ANCHOR_SPAN_DAYS`
        Reports dated to a longer period only join incidents others found.
    """

    days: int = DATE_WINDOW_DAYS
    durative_days: int = DURATIVE_DAYS
    place_km: Mapping[int, float] = field(default_factory=lambda: dict(PLACE_KM))
    undated: bool = True
    anchor_span_days: int = ANCHOR_SPAN_DAYS
    _reach: dict[int, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        reach = {p: float(km) for p, km in {**PLACE_KM, **self.place_km}.items()}
        object.__setattr__(self, "_reach", reach)
        for name in ("days", "durative_days", "anchor_span_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"{name} must be a whole number >= 0, got {value!r}")
        for precision, km in self.place_km.items():
            if not (isinstance(km, int | float) and math.isfinite(km) and km >= 0):
                raise InputError(
                    f"place_km[{precision!r}] must be a distance >= 0, got {km!r}"
                )

    def reach_km(self, precision: int) -> float:
        """Kilometres a point of this precision stands for.

        Examples
        --------
        >>> Rules().reach_km(2), Rules(place_km={2: 10.0}).reach_km(2)
        (25.0, 10.0)
        """
        return self._reach.get(precision, PLACE_KM[1])

    def window(self, durative: bool) -> int:
        """Most days between two reports (of what lasts, or not)."""
        return self.durative_days if durative else self.days


# --- two reports ------------------------------------------------------------------


def date_gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Days between two periods (0 when they overlap).

    Examples
    --------
    >>> date_gap(10, 10, 12, 12), date_gap(10, 40, 12, 12)
    (2, 0)
    """
    return max(0, b_start - a_end, a_start - b_end)


class Site(NamedTuple):
    """Where a report puts its incident, as fusion compares it.

    Parameters
    ----------
    area : str
        ``point``, ``admin1``, ``country``, or ``""`` for an unplaced row.
    lat, lon : float
        The point (NaN when unknown).
    precision : int
        UCDP-style precision (1 a place ... 6 the country).
    admin1 : str or None
        The first-level division, in one spelling
        (:func:`~conflict_geo.incidents.reports.admin1_key`).
    country : str or None
        ISO 3166-1 alpha-2 code.
    """

    area: str
    lat: float
    lon: float
    precision: int
    admin1: str | None
    country: str | None


def place_relation(a: Site, b: Site, rules: Rules) -> tuple[int, float]:
    """How two reports' places relate, and how far apart their points are.

    Parameters
    ----------
    a, b : Site
        The two places.
    rules : Rules
        The reach of a point by precision.

    Returns
    -------
    (int, float)
        3 the same place (the same point, division or country), 2 one point
        within the other's reach, 1 one inside the other's area (a village in
        its province or country), 0 apart (places in two countries, or one in
        none, are always apart); and the distance in km between two points
        (0 otherwise).

    Examples
    --------
    >>> hass = Site("point", 35.616, 36.591, 1, "idlib", "SY")
    >>> idlib = Site("admin1", 35.85, 36.68, 4, "idlib", "SY")
    >>> place_relation(hass, hass, Rules()), place_relation(hass, idlib, Rules())
    ((3, 0.0), (1, 0.0))
    """
    if a.country != b.country:
        return 0, 0.0  # two countries, or a country and none (at sea)
    if not (a.area and b.area):
        return 0, 0.0
    if a.area == "point" and b.area == "point":
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        if km <= SAME_POINT_KM:
            return 3, km
        reach = max(rules.reach_km(a.precision), rules.reach_km(b.precision))
        return (2 if km <= reach else 0), km
    if a.country is None:
        return 0, 0.0
    if a.area == b.area:
        same = a.area == "country" or a.admin1 == b.admin1
        return (3 if same else 0), 0.0
    if "country" in (a.area, b.area):
        return 1, 0.0  # a place or a division in the country
    return (1 if a.admin1 is not None and a.admin1 == b.admin1 else 0), 0.0


def sides_contradict(a: Any, b: Any) -> bool:
    """Tell whether two (winners, losers) pairs cannot be one incident.

    They can't when both name who acted and no camp is in both, or when one
    report's taker is the other's loser (a town taken, then retaken).

    Examples
    --------
    >>> r, s, t = (frozenset({"rebels"}),), (frozenset({"syrian-government"}),), ()
    >>> sides_contradict((r[0], frozenset()), (s[0], frozenset()))
    True
    >>> sides_contradict((frozenset(), frozenset()), (s[0], frozenset()))
    False
    >>> sides_contradict((frozenset(), r[0]), (r[0], frozenset()))
    True
    """
    wa, la = a
    wb, lb = b
    if wa and wb and not wa & wb:
        return True
    return bool(wa & lb or wb & la)
