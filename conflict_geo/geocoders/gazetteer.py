"""Offline geocoder over a :class:`~conflict_geo.places.gazetteer.Gazetteer`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geopy.location import Location

from conflict_geo.geocoders.base import record_location, to_location
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer

__all__ = ["GazetteerGeocoder"]

#: Score bonus given to places from a user's extra gazetteers.
EXTRA_PRIORITY = 0.15
#: ``geocode`` hints passed on to :meth:`Gazetteer.lookup`.
_HINTS = frozenset({"admin1", "bias", "bbox", "fuzzy"})


def _load(path: str | Path) -> Gazetteer:
    """Load a user's gazetteer file (its readers are imported only then)."""
    from conflict_geo.places.sources import load

    return load(path)


class GazetteerGeocoder:
    """Geocode with the embedded gazetteer, optionally extended by the user's.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The base gazetteer; the one shipped with the package by default.
    extra : iterable of Gazetteer or path, optional
        More gazetteers (or files for :func:`conflict_geo.places.sources.load`)
        whose places win over same-named base entries.
    name : str, optional
        Backend name recorded in results.

    Examples
    --------
    >>> geocoder = GazetteerGeocoder()
    >>> geocoder.geocode("Minbej").raw["name"]
    'Manbij'
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        extra: Iterable[Gazetteer | str | Path] = (),
        name: str = "embedded",
    ) -> None:
        self.name = name
        base = gazetteer if gazetteer is not None else embedded_gazetteer()
        extras = [g if isinstance(g, Gazetteer) else _load(g) for g in extra]
        self.reports = [g.report for g in extras if getattr(g, "report", None)]
        if extras:
            base = base.copy()
            for other in extras:
                base.extend(other, priority=EXTRA_PRIORITY)
        self.gazetteer = base

    def __repr__(self) -> str:
        return f"GazetteerGeocoder({self.gazetteer!r})"

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
        """Resolve ``query`` offline (see the ``Geocoder`` protocol).

        Parameters
        ----------
        query : str
            A place name in any common spelling.
        exactly_one : bool, optional
            Return the best Location or None, rather than a list.
        country : str or sequence of str, optional
            ISO alpha-2 codes to restrict to.
        kind : str, optional
            ``"admin1"``, ``"country"`` or a settlement kind.
        limit : int, optional
            Most candidates when ``exactly_one`` is false (10 by default).
        **hints
            ``admin1``, ``bias`` (lat, lon), ``bbox`` and ``fuzzy`` are passed
            to :meth:`Gazetteer.lookup`; others are ignored.

        Returns
        -------
        Location, list of Location or None
        """
        if (
            exactly_one
            and country is None
            and kind is None
            and not hints
            and type(self.gazetteer).lookup is Gazetteer.lookup  # not overridden
        ):
            # The usual query, answered without a Place or a Candidate.
            hit = self.gazetteer.only_record(query)
            if hit is not None:
                return record_location(*hit, source=self.name)
        limit = 1 if exactly_one else (limit or 10)
        if hints:
            known = {k: v for k, v in hints.items() if k in _HINTS}
            found = self.gazetteer.lookup(
                query, country=country, kind=kind, limit=limit, **known
            )
        else:  # without ``**{}``, which costs the call a keyword dict
            found = self.gazetteer.lookup(
                query, country=country, kind=kind, limit=limit
            )
        if exactly_one:
            return to_location(found[0], source=self.name) if found else None
        return [to_location(c, source=self.name) for c in found]
