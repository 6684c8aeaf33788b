"""The one interface every geocoder backend implements.

Backends mirror geopy's ``geocode(query, *, exactly_one=True, ...)`` and return
:class:`geopy.location.Location` objects (``raw`` holds the matched row, its
score and why it matched) so code written for geopy works unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from geopy.location import Location

from conflict_geo.places.place import Candidate

__all__ = ["Geocoder", "to_location"]


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
    address = ", ".join(part for part in (p.name, p.admin1, p.country) if part)
    raw = {**candidate.to_dict(), "source_backend": source}
    return Location(address, (p.lat, p.lon), raw)
