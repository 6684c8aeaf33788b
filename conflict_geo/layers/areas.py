"""Find the province or country polygon an imprecise event refers to.

A thin, cached adapter over :mod:`conflict_geo.places.boundaries` that also
accepts dataset spellings such as UCDP's ``"Idlib Governorate"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["AreaLookup"]

_SUFFIX = re.compile(
    r"\s+(governorate|province|district|region|muhafazat|wilayah|il|ili)$",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^(province of|governorate of|province d'|province de)\s*", re.I)


def _clean(name: str) -> str:
    name = _PREFIX.sub("", name.strip())
    return _SUFFIX.sub("", name).strip()


@lru_cache(maxsize=4096)
def _find(kind: str, name: str, country: str, simplify: float) -> Any:
    """Look up and simplify an outline (shipped data: shared by every lookup)."""
    from conflict_geo.places import boundaries

    if kind == "country":
        geom = boundaries.country_area(name)
    else:
        geom = boundaries.admin1_area(name, country or None)
        if geom is None and _clean(name) != name:
            geom = boundaries.admin1_area(_clean(name), country or None)
    if geom is None or geom.is_empty:
        return None
    if simplify:
        geom = geom.simplify(simplify, preserve_topology=True)
    return geom


class AreaLookup:
    """Cached look-ups of admin-1 and country polygons.

    Parameters
    ----------
    simplify : float, default 0.005
        Douglas-Peucker tolerance in degrees applied to returned polygons
        (about 500 m): enough for a dashed "somewhere in this province" outline.

    Examples
    --------
    >>> areas = AreaLookup()
    >>> areas.admin1("Idlib Governorate", "SY").geom_type
    'Polygon'
    >>> areas.admin1("Atlantis", "SY") is None
    True
    """

    def __init__(self, simplify: float = 0.005) -> None:
        self.simplify = simplify
        self._cache: dict[tuple[str, str, str], Any] = {}

    def _get(self, kind: str, name: str, country: str) -> Any:
        key = (kind, name, country)
        if key not in self._cache:
            self._cache[key] = self._find(kind, name, country)
        return self._cache[key]

    def _find(self, kind: str, name: str, country: str) -> Any:
        return _find(kind, name, country, self.simplify)

    def admin1(self, name: str | None, country: str | None = None) -> Any:
        """Return the admin-1 polygon called ``name``, or None.

        Parameters
        ----------
        name : str or None
            Province name in any spelling the boundaries module knows.
        country : str, optional
            ISO alpha-2 code restricting the search.

        Returns
        -------
        shapely geometry or None
        """
        if not name or not str(name).strip():
            return None
        return self._get("admin1", str(name), str(country or "").upper())

    def country(self, iso2: str | None) -> Any:
        """Return the country polygon for an ISO alpha-2 code, or None.

        Parameters
        ----------
        iso2 : str or None

        Returns
        -------
        shapely geometry or None
        """
        if not iso2 or not str(iso2).strip():
            return None
        return self._get("country", str(iso2).strip().upper(), "")
