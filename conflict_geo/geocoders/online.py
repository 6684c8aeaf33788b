"""Online geocoding through any geopy geocoder, opt-in.

Requests go through geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
(services such as Nominatim allow one request per second), answers are kept in
a persistent SQLite cache so a place is asked for once, and geopy's errors
become conflict_geo's typed ones. Nothing here runs unless a user builds an
:class:`OnlineGeocoder`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geopy.location import Location

from conflict_geo import exc
from conflict_geo.places.gazetteer import validate_query

__all__ = ["GeocodeCache", "OnlineGeocoder", "default_cache_path"]

#: geopy keyword naming the country restriction, per backend class name.
_COUNTRY_KEYWORD = {
    "Nominatim": "country_codes",
    "Photon": None,
    "ArcGIS": None,
    "GoogleV3": "components",
    "Bing": "culture",
    "Pelias": "country_bias",
}


def default_cache_path() -> Path:
    """Return ``$CONFLICT_GEO_CACHE`` or ``~/.cache/conflict_geo/geocode.sqlite``."""
    env = os.environ.get("CONFLICT_GEO_CACHE")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "conflict_geo" / "geocode.sqlite"


class GeocodeCache:
    """A small persistent key -> JSON cache in SQLite (thread-safe).

    Parameters
    ----------
    path : str or Path
        Database file; created with its directory when missing. ``":memory:"``
        keeps the cache in memory.
    """

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT)"
        )

    def get(self, key: str) -> Any | None:
        """Return the cached value for ``key`` or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM answers WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(value))
            )


def _dump(loc: Location) -> dict[str, Any]:
    return {
        "address": loc.address,
        "point": [loc.latitude, loc.longitude],
        "raw": loc.raw,
    }


def _load(data: dict[str, Any]) -> Location:
    return Location(data["address"], tuple(data["point"]), data["raw"])


class OnlineGeocoder:
    """A geopy geocoder behind the conflict_geo interface.

    Parameters
    ----------
    geocoder : str or geopy.geocoders.base.Geocoder, optional
        A geopy backend instance, or the name of one (``"nominatim"``,
        ``"photon"``, ``"arcgis"`` … as geopy names them).
    user_agent : str, optional
        Sent to services that require it (Nominatim does).
    min_delay_seconds : float, optional
        Least time between two requests.
    cache : str, Path, GeocodeCache or None, optional
        Where answers are kept; :func:`default_cache_path` by default, None
        for no cache.
    timeout : float, optional
        Seconds to wait for one answer.
    max_retries : int, optional
        How many times a failed request (a geopy ``GeocoderServiceError``:
        timeout, service down, quota …) is retried before its error is raised.
    error_wait_seconds : float, optional
        Seconds to wait before retrying a failed request, at least
        ``min_delay_seconds``; by default 5, or ``min_delay_seconds`` if longer.
    **options
        Passed to the geopy backend's constructor when ``geocoder`` is a name.
    """

    def __init__(
        self,
        geocoder: Any = "nominatim",
        *,
        user_agent: str = "conflict_geo",
        min_delay_seconds: float = 1.0,
        cache: str | Path | GeocodeCache | None = "default",
        timeout: float = 10.0,
        max_retries: int = 2,
        error_wait_seconds: float | None = None,
        **options: Any,
    ) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        if isinstance(geocoder, str):
            try:
                cls = get_geocoder_for_service(geocoder)
            except Exception as err:  # geopy raises its own GeocoderNotFound
                raise exc.ConfigurationError(
                    f"unknown geopy geocoder {geocoder!r}"
                ) from err
            geocoder = cls(user_agent=user_agent, timeout=timeout, **options)
        self.backend = geocoder
        self.name = type(geocoder).__name__.lower()
        if error_wait_seconds is None:
            error_wait_seconds = max(5.0, min_delay_seconds)
        if max_retries < 0:
            raise exc.ConfigurationError(f"max_retries must be >= 0, not {max_retries}")
        if error_wait_seconds < min_delay_seconds:
            raise exc.ConfigurationError(
                f"error_wait_seconds ({error_wait_seconds}) must be at least "
                f"min_delay_seconds ({min_delay_seconds})"
            )
        self._limited = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=error_wait_seconds,
            swallow_exceptions=False,
        )
        if cache == "default":
            cache = default_cache_path()
        self.cache = (
            cache
            if isinstance(cache, GeocodeCache) or cache is None
            else GeocodeCache(cache)
        )

    def __repr__(self) -> str:
        return f"OnlineGeocoder({self.backend!r})"

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
        """Ask the online service (or the cache); see the Geocoder protocol.

        Parameters
        ----------
        query : str
            A place name.
        exactly_one : bool, optional
            Return the best Location or None, rather than a list.
        country : str or sequence of str, optional
            ISO alpha-2 codes, passed to backends that support a restriction.
        kind : str, optional
            Ignored by online services.
        limit : int, optional
            Most candidates when ``exactly_one`` is false.
        **hints
            Ignored.

        Returns
        -------
        Location, list of Location or None

        Raises
        ------
        GeocoderServiceError
            When the service fails: its subclasses GeocoderTimeoutError and
            GeocoderUnavailable, or GeocoderQueryError for a rejected query.
        """
        text = validate_query(query)
        codes = [country] if isinstance(country, str) else list(country or [])
        key = json.dumps([self.name, text, exactly_one, sorted(codes), limit])
        cached = self.cache.get(key) if self.cache else None
        if cached is not None:
            found = [_load(d) for d in cached]
        else:
            found = self._ask(text, exactly_one=exactly_one, codes=codes, limit=limit)
            if self.cache:
                self.cache.set(key, [_dump(loc) for loc in found])
        for loc in found:
            loc.raw.setdefault("source_backend", self.name)
        if exactly_one:
            return found[0] if found else None
        return found

    def _ask(
        self, text: str, *, exactly_one: bool, codes: list[str], limit: int | None
    ):
        from geopy import exc as gexc

        kwargs: dict[str, Any] = {"exactly_one": exactly_one}
        keyword = _COUNTRY_KEYWORD.get(type(self.backend).__name__, "country_codes")
        if codes and keyword == "country_codes":
            kwargs[keyword] = [c.lower() for c in codes]
        if limit and not exactly_one:
            kwargs["limit"] = limit
        try:
            answer = self._limited(text, **kwargs)
        except gexc.GeocoderTimedOut as err:
            raise exc.GeocoderTimeoutError(
                f"{self.name}: timed out for {text!r}"
            ) from err
        except gexc.GeocoderUnavailable as err:
            raise exc.GeocoderUnavailable(f"{self.name}: unreachable ({err})") from err
        except gexc.GeocoderQueryError as err:
            raise exc.GeocoderQueryError(
                f"{self.name}: rejected {text!r}: {err}"
            ) from err
        except gexc.GeopyError as err:
            raise exc.GeocoderServiceError(f"{self.name}: {err}") from err
        if answer is None:
            return []
        return [answer] if isinstance(answer, Location) else list(answer)
