"""Decide where, and how precisely, each event is drawn.

An event is placed at its geometry when it has one (a Point, or the last
vertex of a LineString -- the target of an offensive), else at ``lat``/``lon``.
Events with neither, with coordinates out of range, or exactly at (0, 0) are
not drawn: they are reported with a reason instead.

Precision (UCDP ``where_prec`` codes, see
:data:`conflict_geo.events.schema.PRECISION_LABELS`) picks the drawing:

=========  ==============================================================
precision  drawn as
=========  ==============================================================
1 or NA    a marker at the point
2, 7       a dashed uncertainty ring of 25 km
3, 5       a dashed ring of 60 km
4          the dashed outline of the admin-1 area (ring of 100 km if the
           province is unknown)
6          the dashed outline of the country (ring of 150 km otherwise)
=========  ==============================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from conflict_geo.layers.areas import AreaLookup

__all__ = [
    "KIND_AREA",
    "KIND_ARROW",
    "KIND_POINT",
    "KIND_RING",
    "RING_KM",
    "Placement",
    "place_events",
]

KIND_POINT, KIND_RING, KIND_AREA, KIND_ARROW = 0, 1, 2, 3

#: Uncertainty ring radius in km by precision code.
RING_KM: dict[int, float] = {2: 25, 3: 60, 4: 100, 5: 60, 6: 150, 7: 25}


@dataclass
class Placement:
    """Where the mapped events go, and which events are not mapped.

    Attributes
    ----------
    mapped : pandas.DataFrame
        The drawable rows (original index kept) with extra columns ``_lat``,
        ``_lon``, ``_olat``, ``_olon`` (arrow origin or NaN), ``_kind``,
        ``_rk`` (ring radius km) and ``_g`` (index into :attr:`geoms` or -1).
    unmapped : pandas.DataFrame
        The other rows, with a ``reason`` column.
    geoms : list
        Area geometries (shapely) referred to by ``_g``.
    """

    mapped: pd.DataFrame
    unmapped: pd.DataFrame
    geoms: list = field(default_factory=list)


def _coords(frame: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Return lat, lon, origin lat, origin lon from geometry then lat/lon."""
    n = len(frame)
    lat, lon = (
        pd.to_numeric(frame[c], errors="coerce")
        .to_numpy("float64", na_value=np.nan)
        .copy()
        if c in frame
        else np.full(n, np.nan)
        for c in ("lat", "lon")
    )
    olat = np.full(n, np.nan)
    olon = np.full(n, np.nan)
    if "geometry" in frame:
        geoms = np.asarray(frame["geometry"].to_numpy(), dtype=object)
        geoms = np.where(pd.isna(geoms), None, geoms)
        gtype = np.where(shapely.is_empty(geoms), -1, shapely.get_type_id(geoms))
        points = gtype == 0
        lon[points] = shapely.get_x(geoms[points])
        lat[points] = shapely.get_y(geoms[points])
        lines = np.flatnonzero(gtype == 1)
        for i in lines:
            xy = np.asarray(geoms[i].coords)
            if len(xy) >= 2:
                lon[i], lat[i] = xy[-1][:2]
                olon[i], olat[i] = xy[0][:2]
        other = np.flatnonzero(gtype > 1)
        for i in other:
            if not (np.isfinite(lat[i]) and np.isfinite(lon[i])):
                rp = geoms[i].representative_point()
                lon[i], lat[i] = rp.x, rp.y
    return lat, lon, olat, olon


def _reasons(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    reason = np.full(len(lat), "", dtype=object)
    missing = ~(np.isfinite(lat) & np.isfinite(lon))
    reason[missing] = "no coordinates"
    bad = ~missing & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
    reason[bad] = "coordinates out of range"
    zero = ~missing & (lat == 0) & (lon == 0)
    reason[zero] = "coordinates are (0, 0), most likely a missing value"
    return reason


def _column(frame: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    if name not in frame:
        return np.full(len(rows), "", dtype=object)
    values = frame[name].astype("string").fillna("").to_numpy(dtype=object)
    return values[rows]


def place_events(
    events: pd.DataFrame, areas: AreaLookup | None = None, *, arrows: bool = True
) -> Placement:
    """Locate events and choose how each is drawn.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows (the event schema; extra columns are kept).
    areas : AreaLookup, optional
        Province and country polygons; a fresh one by default.
    arrows : bool, default True
        Draw rows with an origin (LineString geometry) as arrows.

    Returns
    -------
    Placement
    """
    areas = areas or AreaLookup()
    lat, lon, olat, olon = _coords(events)
    reason = _reasons(lat, lon)
    ok = reason == ""
    mapped = events.loc[ok].copy()
    unmapped = events.loc[~ok].copy()
    unmapped["reason"] = reason[~ok].astype(str)
    lat, lon, olat, olon = lat[ok], lon[ok], olat[ok], olon[ok]
    prec = pd.to_numeric(mapped.get("precision", pd.Series(index=mapped.index)))
    prec = prec.to_numpy("float64", na_value=np.nan)
    prec = np.where(np.isfinite(prec), prec, 1).astype(int)
    kind = np.where(prec >= 2, KIND_RING, KIND_POINT)
    table = np.zeros(max(RING_KM) + 1)
    table[list(RING_KM)] = list(RING_KM.values())
    ring = table[np.clip(prec, 0, max(RING_KM))]
    ring[kind == KIND_POINT] = 0
    g = np.full(len(mapped), -1)
    geoms: list = []
    wide = np.flatnonzero((prec == 4) | (prec == 6))
    if len(wide):
        keys = pd.DataFrame(
            {
                "p": prec[wide],
                "c": _column(mapped, "country", wide),
                "a": _column(mapped, "admin1", wide),
                "n": _column(mapped, "place", wide),
            }
        )
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
        found: list[int] = []
        seen: dict[int, int] = {}
        for p, country, admin1, place in uniques:
            if p == 4:
                geom = areas.admin1(admin1, country) or areas.admin1(place, country)
            else:
                geom = areas.country(country)
            if geom is None:
                found.append(-1)
                continue
            if id(geom) not in seen:
                seen[id(geom)] = len(geoms)
                geoms.append(geom)
            found.append(seen[id(geom)])
        g[wide] = np.asarray(found, dtype=int)[codes]
    kind[g >= 0] = KIND_AREA
    if arrows:
        has_origin = np.isfinite(olat) & np.isfinite(olon) & (kind != KIND_AREA)
        kind[has_origin] = KIND_ARROW
    mapped["_lat"], mapped["_lon"] = lat, lon
    mapped["_olat"], mapped["_olon"] = olat, olon
    mapped["_kind"], mapped["_rk"], mapped["_g"] = kind, ring, g
    return Placement(mapped=mapped, unmapped=unmapped, geoms=geoms)
