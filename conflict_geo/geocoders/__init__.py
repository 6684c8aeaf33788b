"""Geocoder backends behind one interface (see :mod:`.base`).

Adding a backend is one module and one line in :data:`BACKENDS`.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from conflict_geo.exc import ConfigurationError
from conflict_geo.geocoders.base import Geocoder, to_location

__all__ = ["BACKENDS", "Geocoder", "default_geocoder", "get_geocoder", "to_location"]

#: Backend name -> "module:Class".
BACKENDS: dict[str, str] = {
    "embedded": "conflict_geo.geocoders.gazetteer:GazetteerGeocoder",
    "online": "conflict_geo.geocoders.online:OnlineGeocoder",
    "chain": "conflict_geo.geocoders.chain:ChainGeocoder",
}


def get_geocoder(name: str = "embedded", **options: Any) -> Geocoder:
    """Build a geocoder backend by name.

    Parameters
    ----------
    name : str, optional
        A key of :data:`BACKENDS`.
    **options
        Passed to the backend's constructor.

    Returns
    -------
    Geocoder
    """
    try:
        module_name, cls_name = BACKENDS[name].split(":")
    except KeyError:
        raise ConfigurationError(
            f"unknown geocoder {name!r}; choose one of {sorted(BACKENDS)}"
        ) from None
    return getattr(importlib.import_module(module_name), cls_name)(**options)


@cache
def default_geocoder() -> Geocoder:
    """Return the shared offline geocoder (the embedded gazetteer)."""
    return get_geocoder("embedded")
