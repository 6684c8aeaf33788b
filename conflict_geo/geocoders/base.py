"""The one interface every geocoder backend implements.

Backends mirror geopy's ``geocode(query, *, exactly_one=True, ...)`` and return
:class:`geopy.location.Location` objects (``raw`` holds the matched row, its
score and why it matched) so code written for geopy works unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from geopy.location import Location
from geopy.point import Point

from conflict_geo.places.place import Candidate, PlaceFields, candidate_record

__all__ = [
    "Geocoder",
    "make_location",
    "make_point",
    "record_location",
    "to_location",
]


@runtime_checkable
class Geocoder(Protocol):
    """What conflict_geo asks of a geocoder backend."""

    #: Short name used in provenance (``"embedded"``, ``"nominatim"`` …).
    name: str

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country: str | Sequence[str] | None = None,
        kind: str | None = None,
        limit: int | None = None,
        **hints: Any,
    ) -> Location | list[Location] | None:
        """Resolve ``query``.

        Parameters
        ----------
        query : str
            A place name.
        exactly_one : bool, optional
            Return the best Location (or None) rather than a list.
        country : str or sequence of str, optional
            ISO alpha-2 codes to restrict to.
        kind : str, optional
            ``"admin1"``, ``"country"`` or a settlement kind.
        limit : int, optional
            Most candidates when ``exactly_one`` is false.
        **hints
            Backend-specific hints (``admin1``, ``bias`` …); unknown ones are
            ignored.

        Returns
        -------
        Location, list of Location or None
        """
        ...


def make_point(lat: float, lon: float) -> Point:
    """Return ``geopy.point.Point(lat, lon)``.

    Built through geopy's public constructors (here and in
    :func:`make_location`), which validate their arguments. Filling the slots
    directly saved 1.4 us per Location (0.36 against 1.79 us, measured with
    ``timeit`` in one process), against an embedded ``geocode`` of about 8 us
    a call: not worth depending on geopy internals it does not promise to
    keep.

    Parameters
    ----------
    lat, lon : float
        WGS84 latitude and longitude.

    Returns
    -------
    geopy.point.Point
        A new point (altitude 0).
    """
    return Point(lat, lon)


def make_location(address: str, point: Point, raw: dict[str, Any]) -> Location:
    """Return ``geopy.location.Location(address, point, raw)``.

    Parameters
    ----------
    address : str
        The place's address line.
    point : geopy.point.Point
        Its coordinates.
    raw : dict
        The backend's record.

    Returns
    -------
    geopy.location.Location
        A new location, built by geopy's public constructor.
    """
    return Location(address, point, raw)


def to_location(candidate: Candidate, *, source: str) -> Location:
    """Wrap a gazetteer candidate in a geopy Location.

    Parameters
    ----------
    candidate : Candidate
        A ranked gazetteer answer.
    source : str
        Backend name recorded in ``raw["source_backend"]``.

    Returns
    -------
    geopy.location.Location
        ``address`` is ``"name, admin1, country"``; ``raw`` is the place
        record plus ``score``, ``why`` and ``source_backend``.
    """
    p = candidate.place
    raw = candidate.to_dict()  # a new dict on every call
    raw["source_backend"] = source
    address = _address(p.name, p.admin1, p.country)
    return make_location(address, make_point(p.lat, p.lon), raw)


def record_location(
    fields: PlaceFields, score: float, why: str, *, source: str
) -> Location:
    """Return what :func:`to_location` returns, from a candidate's values.

    For answers given without objects (see
    :meth:`conflict_geo.places.gazetteer.Gazetteer.only_record`).

    Parameters
    ----------
    fields : PlaceFields
        The values of the candidate's Place fields, in field order.
    score : float
        The candidate's score.
    why : str
        How it matched.
    source : str
        Backend name recorded in ``raw["source_backend"]``.

    Returns
    -------
    geopy.location.Location
        ``to_location(Candidate(Place(*fields), score, match, why), source=source)``
        (``match`` is not recorded).
    """
    raw = candidate_record(fields, score, why)
    raw["source_backend"] = source
    address = _address(fields[0], fields[4], fields[3])
    return make_location(address, make_point(fields[1], fields[2]), raw)


def _address(name: str, admin1: str, country: str) -> str:
    """Return ``"name, admin1, country"`` without the empty parts."""
    if name and admin1 and country:  # the usual case, as the join would give it
        return f"{name}, {admin1}, {country}"
    return ", ".join([part for part in (name, admin1, country) if part])
