"""conflict_geo: geocode conflict reporting, extract events, render maps.

The names a notebook needs are importable from here; heavy modules (geopandas,
spaCy, folium) load only when one of these is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from conflict_geo.exc import ConflictGeoError

if TYPE_CHECKING:
    from geopy.location import Location

__version__ = "0.1.0"
__all__ = [
    "ConflictGeoError",
    "ConflictMap",
    "extract",
    "fuse",
    "geocode",
    "geoparse",
    "match",
    "read_events",
    "render",
]

# Public name -> module that defines it, imported on first access.
_LAZY = {
    "extract": "conflict_geo.events.extract",
    "fuse": "conflict_geo.incidents.fuse",
    "match": "conflict_geo.incidents.match",
    "geoparse": "conflict_geo.places.geoparse",
    "read_events": "conflict_geo.events.io",
    "render": "conflict_geo.maps.render",
    "ConflictMap": "conflict_geo.maps.conflict_map",
}


def geocode(
    query: str, country: str | Sequence[str] | None = None, **options: Any
) -> Location | None:
    """Geocode a place name offline with the embedded gazetteer.

    Parameters
    ----------
    query : str
        A place name in any common spelling (Idleb, Raqa, Minbej, Tartous …).
    country : str or sequence of str, optional
        ISO alpha-2 codes to restrict to.
    **options
        ``kind`` (``"admin1"``, ``"country"`` …), ``admin1``, ``bias``.

    Returns
    -------
    geopy.location.Location or None
        ``raw`` holds the gazetteer row, ``score`` and ``why``.

    Examples
    --------
    >>> geocode("Minbej").raw["name"]
    'Manbij'
    """
    from conflict_geo.geocoders import default_geocoder

    return default_geocoder().geocode(query, country=country, **options)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'conflict_geo' has no attribute {name!r}")
