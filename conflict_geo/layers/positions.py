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
from conflict_geo.layers.compact import first_rows
from conflict_geo.layers.table import EventTable

__all__ = [
    "KIND_AREA",
    "KIND_ARROW",
    "KIND_POINT",
    "KIND_RING",
    "RING_KM",
    "Location",
    "Placement",
    "locate_events",
    "place_events",
]

KIND_POINT, KIND_RING, KIND_AREA, KIND_ARROW = 0, 1, 2, 3

#: Uncertainty ring radius in km by precision code.
RING_KM: dict[int, float] = {2: 25, 3: 60, 4: 100, 5: 60, 6: 150, 7: 25}
_RING_TABLE = np.zeros(max(RING_KM) + 1)
_RING_TABLE[list(RING_KM)] = list(RING_KM.values())


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


def _coords(table: EventTable, rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return lat, lon, origin lat, origin lon from geometry then lat/lon."""
    n = len(rows)
    lat = table.floats("lat")[rows]
    lon = table.floats("lon")[rows]
    olat = np.full(n, np.nan)
    olon = np.full(n, np.nan)
    frame = table.frame
    if "geometry" in frame:
        geoms = np.asarray(frame["geometry"].array, dtype=object)[rows]
        try:
            empty = shapely.is_empty(geoms)
        except TypeError:  # NaN or other non-geometries: missing
            geoms = np.where(pd.isna(geoms), None, geoms)
            empty = shapely.is_empty(geoms)
        gtype = np.where(empty, -1, shapely.get_type_id(geoms))
        points = gtype == 0
        if points.all():
            lon, lat = shapely.get_coordinates(geoms).T
        elif points.any():
            lon[points], lat[points] = shapely.get_coordinates(geoms[points]).T
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


#: Why a row is not drawn, by code (0: it is drawn).
_REASONS = np.array(
    [
        "",
        "no coordinates",
        "coordinates out of range",
        "coordinates are (0, 0), most likely a missing value",
    ],
    dtype=object,
)


def _reasons(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Codes into :data:`_REASONS`: 0 for the rows that can be drawn."""
    code = np.zeros(len(lat), dtype=np.int8)
    missing = ~(np.isfinite(lat) & np.isfinite(lon))
    code[missing] = 1
    code[~missing & ((np.abs(lat) > 90) | (np.abs(lon) > 180))] = 2
    code[~missing & (lat == 0) & (lon == 0)] = 3
    return code


def _keys(table: EventTable, name: str, rows: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes of column ``name`` at ``rows`` and its values (``""`` when missing)."""
    codes, keys = table.codes(name, rows)
    return codes, [*keys, ""]  # code -1 picks ""


@dataclass
class Location:
    """Where rows of an event table go, as arrays (see :func:`locate_events`).

    Attributes
    ----------
    rows : numpy.ndarray
        Positions (``iloc``) of the located rows in the table.
    ok : numpy.ndarray
        Whether each located row is drawn.
    reason : numpy.ndarray
        Why a row is not drawn (``""`` when it is).
    lat, lon, olat, olon, kind, ring, g : numpy.ndarray
        For the drawn rows (``rows[ok]``): position, arrow origin (NaN when
        none), kind, ring radius in km and index into :attr:`geoms` or -1.
    geoms : list
        Area geometries (shapely) referred to by ``g``.
    """

    rows: np.ndarray
    ok: np.ndarray
    reason: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    olat: np.ndarray
    olon: np.ndarray
    kind: np.ndarray
    ring: np.ndarray
    g: np.ndarray
    geoms: list = field(default_factory=list)

    @property
    def mapped(self) -> np.ndarray:
        """Positions of the drawn rows in the table."""
        return self.rows[self.ok]


def locate_events(
    events: pd.DataFrame,
    rows: np.ndarray | None = None,
    areas: AreaLookup | None = None,
    *,
    arrows: bool = True,
    table: EventTable | None = None,
) -> Location:
    """Locate some rows of ``events`` without copying the table.

    The array form of :func:`place_events`, for callers that only need a few
    columns of the drawn rows.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows (the event schema).
    rows : numpy.ndarray, optional
        Positions of the rows to locate (all rows by default).
    areas : AreaLookup, optional
        Province and country polygons; a fresh one by default.
    arrows : bool, default True
        Draw rows with an origin (LineString geometry) as arrows.
    table : EventTable, optional
        The columns of ``events``, converted once for several calls.

    Returns
    -------
    Location
    """
    areas = areas or AreaLookup()
    if table is None or table.frame is not events:
        table = EventTable(events)
    rows = np.arange(len(events)) if rows is None else np.asarray(rows, dtype=np.intp)
    lat, lon, olat, olon = _coords(table, rows)
    code = _reasons(lat, lon)
    ok = code == 0
    if not ok.all():
        lat, lon, olat, olon = lat[ok], lon[ok], olat[ok], olon[ok]
    mapped = rows[ok]
    prec = table.floats("precision")[mapped]
    prec = np.where(np.isfinite(prec), prec, 1).astype(int)
    kind = np.where(prec >= 2, KIND_RING, KIND_POINT)
    ring = _RING_TABLE[np.clip(prec, 0, len(_RING_TABLE) - 1)]
    ring[kind == KIND_POINT] = 0
    g = np.full(len(mapped), -1)
    geoms: list = []
    wide = np.flatnonzero((prec == 4) | (prec == 6))
    if len(wide):
        at = mapped[wide]
        combined = pd.factorize(prec[wide])[0]
        texts = []
        for name in ("country", "admin1", "place"):
            codes, keys = _keys(table, name, at)
            combined = pd.factorize(combined * (len(keys) + 1) + codes + 1)[0]
            texts.append((codes, keys))
        found: list[int] = []
        seen: dict[int, int] = {}
        for i in first_rows(combined).tolist():
            country, admin1, place = (keys[codes[i]] for codes, keys in texts)
            if prec[wide[i]] == 4:
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
        g[wide] = np.asarray(found, dtype=int)[combined]
    kind[g >= 0] = KIND_AREA
    if arrows:
        has_origin = np.isfinite(olat) & np.isfinite(olon) & (kind != KIND_AREA)
        kind[has_origin] = KIND_ARROW
    reason = _REASONS[code]
    return Location(rows, ok, reason, lat, lon, olat, olon, kind, ring, g, geoms)


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
    where = locate_events(events, None, areas, arrows=arrows)
    mapped = events.iloc[where.mapped].copy()
    unmapped = events.iloc[where.rows[~where.ok]].copy()
    unmapped["reason"] = where.reason[~where.ok].astype(str)
    mapped["_lat"], mapped["_lon"] = where.lat, where.lon
    mapped["_olat"], mapped["_olon"] = where.olat, where.olon
    mapped["_kind"], mapped["_rk"], mapped["_g"] = where.kind, where.ring, where.g
    return Placement(mapped=mapped, unmapped=unmapped, geoms=where.geoms)
