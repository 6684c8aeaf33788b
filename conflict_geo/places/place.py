"""Immutable place records and lookup candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "POPULATED_KINDS", "Candidate", "Place", "kind_for_population"]

#: Feature kinds a place can have, from most to least specific.
KINDS: tuple[str, ...] = (
    "village",
    "town",
    "city",
    "capital",
    "place",
    "admin1",
    "country",
)
#: Kinds that are settlements (as opposed to areas).
POPULATED_KINDS = frozenset({"village", "town", "city", "capital", "place"})

#: UCDP ``where_prec`` implied by a place kind.
_PRECISION = {"admin1": 4, "country": 6}


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
        """UCDP-style precision code implied by the kind (1 place, 4, 6)."""
        return _PRECISION.get(self.kind, 1)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (alternate names as a list)."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "kind": self.kind,
            "population": self.population,
            "source": self.source,
            "precision": self.precision,
            "names": list(self.names),
        }


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
        return {**self.place.to_dict(), "score": round(self.score, 4), "why": self.why}
