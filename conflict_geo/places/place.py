"""Immutable place records and lookup candidates."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from conflict_geo.exc import ConfigurationError

__all__ = [
    "APPROXIMATE_KINDS",
    "CONTAINED_KINDS",
    "KINDS",
    "POPULATED_KINDS",
    "Candidate",
    "Place",
    "PlaceFields",
    "candidate_record",
    "distance_km",
    "km_between",
    "kind_for_population",
    "make_candidate",
    "make_place",
    "place_fields",
    "place_record",
    "check_kind",
    "KIND_FILTERS",
    "PRECISION_BY_KIND",
]

#: Feature kinds a place can have, from most to least specific.
KINDS: tuple[str, ...] = (
    "installation",
    "village",
    "town",
    "city",
    "capital",
    "place",
    "region",
    "admin1",
    "country",
    "vicinity",
    "environs",
    "offset",
    "landmark_area",
    "province_area",
)
#: Kinds of places the gazetteer lacks, put where the text says they are: in
#: or near a settlement, at its point ("le quartier Al-Chaar dans la ville
#: d'Alep"), or in a province, at its point ("le village d'Al-Malaja, dans le
#: sud d'Idleb"), or from a landmark: at the distance and bearing the text
#: gives ("à 25 km au sud-ouest de Raqqa": ``offset``), or around the landmark
#: when it gives only one of them ("au nord de Damas": ``landmark_area``); an
#: event "near" a town is in its ``environs`` (at its point, within ~25 km).
#: See :mod:`conflict_geo.places.context`.
APPROXIMATE_KINDS = frozenset(
    {"vicinity", "environs", "offset", "landmark_area", "province_area"}
)
#: Approximate kinds placed *inside* their container, at its point: a part of
#: it (not a place beside a landmark or listed with one).
CONTAINED_KINDS = frozenset({"vicinity", "province_area"})
#: Kinds that are settlements (as opposed to areas).
POPULATED_KINDS = frozenset({"village", "town", "city", "capital", "place"})
#: What a ``kind`` filter may name: a kind, or "populated" for any settlement.
KIND_FILTERS: tuple[str, ...] = (*KINDS, "populated")


def check_kind(kind: str | None) -> str | None:
    """Return ``kind`` when a lookup can filter on it (None: any); else raise.

    Examples
    --------
    >>> check_kind("village")
    'village'
    >>> check_kind("villge")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    conflict_geo.exc.ConfigurationError: unknown kind 'villge': use one of ...
    """
    if kind is None or kind in KIND_FILTERS:
        return kind
    raise ConfigurationError(
        f"unknown kind {kind!r}: use one of {', '.join(KIND_FILTERS)}"
    )


#: UCDP ``where_prec`` implied by a place kind (1 for the kinds not named:
#: settlements and installations).
PRECISION_BY_KIND: dict[str, int] = {
    "region": 2,
    "vicinity": 2,
    "environs": 2,
    "offset": 2,
    "landmark_area": 3,
    "admin1": 4,
    "province_area": 4,
    "country": 6,
}


#: Mean Earth radius (km), as in :mod:`conflict_geo.places.boundaries`.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points (haversine).

    Examples
    --------
    >>> round(distance_km(36.2021, 37.1343, 35.9306, 36.6339))  # Aleppo-Idlib
    54
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance in km between two places' points."""
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def kind_for_population(population: int) -> str:
    """Name the settlement kind for a population.

    Parameters
    ----------
    population : int
        Inhabitants (0 when unknown).

    Returns
    -------
    str
        ``"city"`` from 100,000, ``"town"`` from 10,000, else ``"village"``.

    Examples
    --------
    >>> kind_for_population(128_840), kind_for_population(500)
    ('city', 'village')
    """
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    Parameters
    ----------
    name : str
        Preferred name.
    lat, lon : float
        WGS84 coordinates of the place (a representative point for areas).
    country : str
        ISO 3166-1 alpha-2 code, ``""`` when unknown.
    admin1 : str
        First-level division name, ``""`` when unknown.
    kind : str
        One of :data:`KINDS`.
    population : int
        Inhabitants, 0 when unknown.
    source : str
        Where the row comes from: ``"geonames:<id>"``, ``"curated:places"``,
        ``"ucdp:<file>"`` …
    names : tuple of str
        Alternate names (the preferred name excluded).
    """

    name: str
    lat: float
    lon: float
    country: str = ""
    admin1: str = ""
    kind: str = "place"
    population: int = 0
    source: str = ""
    names: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def precision(self) -> int:
        """UCDP-style precision code implied by the kind (1 place, 2 region, 4, 6)."""
        return PRECISION_BY_KIND.get(self.kind, 1)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (alternate names as a list)."""
        return place_record(place_fields(self), self.precision)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer to a gazetteer lookup.

    Parameters
    ----------
    place : Place
        The matched gazetteer row.
    score : float
        Ranking score in [0, 1]; higher is better.
    match : float
        Name-match quality alone in [0, 1].
    why : str
        How the name matched (``"name"``, ``"alternate name 'Idleb'"``,
        ``"spelling variant of 'Manbij'"``, ``"fuzzy 0.86 'Tartus'"``) and which
        hints changed the rank.
    """

    place: Place
    score: float
    match: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        """Return the place's fields plus ``score`` and ``why``."""
        record = self.place.to_dict()  # a new dict: extend it rather than copy it
        record["score"] = round(self.score, 4)
        record["why"] = self.why
        return record


#: The values of a Place's fields, in field order (see :func:`place_fields`).
PlaceFields = tuple[str, float, float, str, str, str, int, str, tuple[str, ...]]


def place_fields(place: Place) -> PlaceFields:
    """Return the values of ``place``'s fields, in field order.

    ``make_place(*place_fields(place)) == place``; unlike
    ``dataclasses.astuple``, nothing is copied.
    """
    p = place
    return (
        p.name,
        p.lat,
        p.lon,
        p.country,
        p.admin1,
        p.kind,
        p.population,
        p.source,
        p.names,
    )


def place_record(fields: PlaceFields, precision: int) -> dict[str, Any]:
    """Return ``Place.to_dict()`` of a place made of these values.

    Parameters
    ----------
    fields : PlaceFields
        The place, as :func:`place_fields` gives it.
    precision : int
        Its precision code (see :attr:`Place.precision`).

    Returns
    -------
    dict
        A new dict, alternate names as a list.
    """
    name, lat, lon, country, admin1, kind, population, source, names = fields
    return {
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": admin1,
        "kind": kind,
        "population": population,
        "source": source,
        "precision": precision,
        "names": list(names),
    }


def candidate_record(fields: PlaceFields, score: float, why: str) -> dict[str, Any]:
    """Return ``Candidate.to_dict()`` of a candidate made of these values.

    Parameters
    ----------
    fields : PlaceFields
        The candidate's place, as :func:`place_fields` gives it.
    score : float
        Its score (rounded to 4 digits in the record).
    why : str
        How it matched.

    Returns
    -------
    dict
        ``Place.to_dict()`` items, then ``score`` and ``why``: what a
        geocoder records for an answer it gives without a Place.
    """
    record = place_record(fields, PRECISION_BY_KIND.get(fields[5], 1))
    record["score"] = round(score, 4)
    record["why"] = why
    return record


# Fast constructors. A lookup makes a Candidate for every answer and parses a
# Place for every row it meets first; the frozen dataclasses' ``__init__`` sets
# each field through ``object.__setattr__``, which costs more than the rest of
# such a lookup. Storing through the slots' descriptors makes the same objects
# at well under half the cost (the classes have no ``__post_init__``);
# tests/places/test_gazetteer.py checks the results equal constructed ones.


def _slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Return the setters of a slotted dataclass's fields, in field order."""
    return tuple(cls.__dict__[f.name].__set__ for f in fields(cls))


(
    _set_name,
    _set_lat,
    _set_lon,
    _set_country,
    _set_admin1,
    _set_kind,
    _set_population,
    _set_source,
    _set_names,
) = _slot_setters(Place)
_set_place, _set_score, _set_match, _set_why = _slot_setters(Candidate)
_new = object.__new__


def make_place(
    name: str,
    lat: float,
    lon: float,
    country: str,
    admin1: str,
    kind: str,
    population: int,
    source: str,
    names: tuple[str, ...],
) -> Place:
    """Return ``Place(name, lat, lon, ...)``, every field given, made faster.

    Parameters
    ----------
    name, lat, lon, country, admin1, kind, population, source, names
        The fields of :class:`Place`, in order.

    Returns
    -------
    Place
    """
    place = _new(Place)
    _set_name(place, name)
    _set_lat(place, lat)
    _set_lon(place, lon)
    _set_country(place, country)
    _set_admin1(place, admin1)
    _set_kind(place, kind)
    _set_population(place, population)
    _set_source(place, source)
    _set_names(place, names)
    return place


def make_candidate(place: Place, score: float, match: float, why: str) -> Candidate:
    """Return ``Candidate(place, score, match, why)``, made faster.

    Parameters
    ----------
    place, score, match, why
        The fields of :class:`Candidate`.

    Returns
    -------
    Candidate
    """
    candidate = _new(Candidate)
    _set_place(candidate, place)
    _set_score(candidate, score)
    _set_match(candidate, match)
    _set_why(candidate, why)
    return candidate
