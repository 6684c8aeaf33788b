"""Administrative boundaries shipped with the package, and point look-ups on them.

Two files in ``conflict_geo/data`` (built by ``scripts/build_boundaries.py`` from
Natural Earth, public domain):

* ``admin1.geojson`` -- first-level units (governorates, provinces, districts) of
  Syria, Iraq, Turkey, Lebanon, Jordan, Israel and Palestine, ~1:10m.
* ``countries.geojson`` -- world countries, 1:50m.

Both are loaded lazily, on first use, and cached.  Point look-ups go through
``shapely.STRtree`` indexes built once per process; polygons are cut into pieces
of at most a few hundred vertices first so that each point-in-polygon test is
cheap (``locate_many`` handles 50,000 points in a small fraction of a second).

Coastline tolerance
-------------------
Natural Earth coastlines are generalised, so a coastal town can fall a few
hundred metres into the sea.  A point that no polygon contains is given to the
nearest polygon within :data:`NEAREST_KM` kilometres (10 km).  Candidates are
found in degree space with a search box widened by ``1 / cos(latitude)`` in
longitude, and the distance to the nearest point of each candidate is then
measured with the haversine formula (mean Earth radius 6371.0088 km).  The
nearest point is taken in degree space, so the measured distance is an upper
bound of the true one; the dateline is not wrapped.

Admin-1 units take precedence over countries: the admin-1 layer is more detailed,
so a point inside a governorate is reported in that governorate's country even
where the coarser 1:50m country outline disagrees.
"""

from __future__ import annotations

import json
import math
import unicodedata
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import shapely
from shapely.geometry import Point, box, shape

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "ADMIN1_COUNTRIES",
    "PART_AXIS",
    "NEAREST_KM",
    "admin1_area",
    "admin1_areas",
    "countries",
    "country_area",
    "locate",
    "locate_many",
    "part_point",
]

#: ISO 3166-1 alpha-2 codes of the countries whose admin-1 units are shipped.
ADMIN1_COUNTRIES: frozenset[str] = frozenset({"SY", "IQ", "TR", "LB", "JO", "IL", "PS"})

#: A point outside every polygon goes to the nearest one within this distance.
NEAREST_KM = 10.0

_EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = np.pi * _EARTH_RADIUS_KM / 180.0
_MAX_PIECE_VERTICES = 256

_ADMIN1_COLUMNS = [
    "country",
    "name",
    "name_alt",
    "hasc",
    "type_en",
    "label_lat",
    "label_lon",
    "gn_id",
]
_COUNTRY_COLUMNS = ["iso2", "iso3", "name"]


# ------------------------------------------------------------------------ loading
@cache
def _features(filename: str) -> tuple[tuple[dict[str, Any], ...], np.ndarray]:
    """Read a packaged GeoJSON file into (properties, geometry array)."""
    resource = files("conflict_geo") / "data" / filename
    data = json.loads(resource.read_text(encoding="utf-8"))
    props = tuple(f["properties"] for f in data["features"])
    geoms = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
    return props, geoms


@cache
def _frame(filename: str, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    props, geoms = _features(filename)
    table = pd.DataFrame(list(props), columns=list(columns))
    return gpd.GeoDataFrame(table, geometry=list(geoms), crs="EPSG:4326")


def admin1_areas() -> gpd.GeoDataFrame:
    """Return the shipped admin-1 units (governorates, provinces, districts).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit, in EPSG:4326, sorted by country then name, with columns
        ``country`` (ISO 3166-1 alpha-2), ``name`` (Natural Earth's name),
        ``name_alt`` (list of alternative names), ``hasc`` (HASC code, or None),
        ``type_en``, ``label_lat``, ``label_lon``, ``gn_id`` (GeoNames id) and
        ``geometry``.  A fresh copy is returned on every call.

    Examples
    --------
    >>> areas = admin1_areas()
    >>> sorted(areas["country"].unique())
    ['IL', 'IQ', 'JO', 'LB', 'PS', 'SY', 'TR']
    >>> int((areas["country"] == "SY").sum())
    14
    """
    frame = _frame("admin1.geojson", tuple(_ADMIN1_COLUMNS)).copy()
    frame["name_alt"] = frame["name_alt"].map(list)
    return frame


def countries() -> gpd.GeoDataFrame:
    """Return the world's countries (Natural Earth 1:50m admin-0).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, in EPSG:4326, with columns ``iso2``, ``iso3``,
        ``name`` and ``geometry``.  A few features share a code (Australia and
        its Indian Ocean territories, Cyprus and Northern Cyprus, ...); Siachen
        Glacier has empty codes.  A fresh copy is returned on every call.

    Examples
    --------
    >>> world = countries()
    >>> world.crs.to_epsg()
    4326
    >>> world.loc[world["iso2"] == "SY", "name"].tolist()
    ['Syria']
    """
    return _frame("countries.geojson", tuple(_COUNTRY_COLUMNS)).copy()


# ------------------------------------------------------------------------- index
class _Index(NamedTuple):
    """Pieces of one layer's polygons in an STRtree, with their owning row."""

    tree: shapely.STRtree
    pieces: np.ndarray
    owner: np.ndarray


def _split(geom: BaseGeometry, depth: int = 0) -> list[BaseGeometry]:
    """Cut a polygon in halves until each piece has few vertices."""
    if shapely.get_num_coordinates(geom) <= _MAX_PIECE_VERTICES or depth > 16:
        return [geom]
    x0, y0, x1, y1 = geom.bounds
    if x1 - x0 >= y1 - y0:
        mid = (x0 + x1) / 2
        halves = (box(x0, y0, mid, y1), box(mid, y0, x1, y1))
    else:
        mid = (y0 + y1) / 2
        halves = (box(x0, y0, x1, mid), box(x0, mid, x1, y1))
    out: list[BaseGeometry] = []
    for half in halves:
        for part in shapely.get_parts(shapely.intersection(geom, half)):
            if part.geom_type == "Polygon" and not part.is_empty:
                out.extend(_split(part, depth + 1))
    return out


@cache
def _index(filename: str) -> _Index:
    _, geoms = _features(filename)
    pieces: list[BaseGeometry] = []
    owner: list[int] = []
    for row, geom in enumerate(geoms):
        for part in shapely.get_parts(geom):
            split = _split(part)
            pieces.extend(split)
            owner.extend([row] * len(split))
    arr = np.array(pieces, dtype=object)
    shapely.prepare(arr)
    return _Index(shapely.STRtree(arr), arr, np.array(owner, dtype=np.intp))


def _first_per_point(
    point_idx: np.ndarray, key: np.ndarray, value: np.ndarray, n: int
) -> np.ndarray:
    """For each point, the ``value`` of its pair with the smallest ``key``.

    Points without a pair get -1.
    """
    out = np.full(n, -1, dtype=np.intp)
    if point_idx.size:
        order = np.lexsort((value, key, point_idx))
        pts, first = np.unique(point_idx[order], return_index=True)
        out[pts] = value[order][first]
    return out


def _containing(index: _Index, points: np.ndarray) -> np.ndarray:
    """Row of the polygon containing each point (lowest row on ties), or -1."""
    pt, piece = index.tree.query(points, predicate="intersects")
    owner = index.owner[piece]
    return _first_per_point(pt, owner, owner, len(points))


def _haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _nearest_pairs(
    index: _Index, points: np.ndarray, lats: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(point, row, km) for every polygon within ``NEAREST_KM`` of each point."""
    if not len(points):
        empty = np.empty(0, dtype=np.intp)
        return empty, empty, np.empty(0)
    # Search box: NEAREST_KM of latitude, and of longitude at the box's
    # poleward edge (capped at the whole circle), plus 1 % slack.
    dlat = 1.01 * NEAREST_KM / _KM_PER_DEGREE
    cos = np.cos(np.radians(np.minimum(np.abs(lats) + dlat, 90.0)))
    dlon = np.where(cos * 180.0 > dlat, dlat / np.maximum(cos, 1e-12), 180.0)
    lons = shapely.get_x(points)
    boxes = shapely.box(lons - dlon, lats - dlat, lons + dlon, lats + dlat)
    pt, piece = index.tree.query(boxes, predicate="intersects")
    if not pt.size:
        return pt, piece, np.empty(0)
    lines = shapely.shortest_line(points[pt], index.pieces[piece])
    ends = shapely.get_coordinates(shapely.get_point(lines, 1))
    starts = shapely.get_coordinates(points[pt])
    km = _haversine_km(starts[:, 1], starts[:, 0], ends[:, 1], ends[:, 0])
    keep = km <= NEAREST_KM
    return pt[keep], index.owner[piece][keep], km[keep]


def _nearest(pt: np.ndarray, row: np.ndarray, km: np.ndarray, n: int) -> np.ndarray:
    """Row of the closest candidate for each of ``n`` points, or -1."""
    return _first_per_point(pt, km, row, n)


# ------------------------------------------------------------------------ look-up
def locate_many(
    lats: Iterable[float] | np.ndarray,
    lons: Iterable[float] | np.ndarray,
    countries: Sequence[str | None] | None = None,
) -> tuple[list[str | None], list[str | None]]:
    """Find the country and admin-1 unit of many points at once.

    Parameters
    ----------
    lats, lons : array_like of float
        Latitudes and longitudes in degrees (WGS 84), of equal length.  NaN,
        None and out-of-range values give ``(None, None)``.
    countries : sequence of str or None, optional
        The country each point is known to be in (a gazetteer's ISO code).
        Its admin-1 unit is then one of that country's: a border town whose
        point falls just across a generalised border (Kobani, SY, inside
        Turkey's Sanliurfa polygon) gets the nearest unit of its own country
        within :data:`NEAREST_KM`, or none.

    Returns
    -------
    countries : list of str or None
        ISO 3166-1 alpha-2 code per point, None at sea or for invalid input.
    admin1 : list of str or None
        Natural Earth admin-1 name per point; only for points in
        :data:`ADMIN1_COUNTRIES`, None elsewhere.

    Raises
    ------
    ValueError
        If ``lats`` and ``lons`` differ in length.

    Notes
    -----
    A point inside an admin-1 unit gets that unit and its country.  Otherwise
    the containing country is used, or failing that the nearest country within
    :data:`NEAREST_KM`; for the admin-1 countries (or when no country was
    found) the nearest admin-1 unit within :data:`NEAREST_KM` -- of the same
    country, if one was found -- is added.

    Examples
    --------
    >>> locate_many([35.93, 50.85, 34.0], [36.63, 4.35, 33.0])
    (['SY', 'BE', None], ['Idlib', None, None])
    """
    lat = np.asarray(lats, dtype=float).ravel()
    lon = np.asarray(lons, dtype=float).ravel()
    if lat.shape != lon.shape:
        raise ValueError(f"{lat.size} latitudes but {lon.size} longitudes")
    n = lat.size
    country_out: list[str | None] = [None] * n
    admin1_out: list[str | None] = [None] * n
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(lat) & np.isfinite(lon)
        ok &= (np.abs(lat) <= 90.0) & (np.abs(lon) <= 180.0)
    idx = np.flatnonzero(ok)
    if not idx.size:
        return country_out, admin1_out
    lat, lon = lat[idx], lon[idx]
    points = shapely.points(lon, lat)
    m = len(points)
    given = np.full(m, None, dtype=object)
    if countries is not None:
        if len(countries) != n:
            raise ValueError(f"{n} points but {len(countries)} countries")
        given[:] = [countries[i] or None for i in idx]

    a1_props, _ = _features("admin1.geojson")
    c_props, _ = _features("countries.geojson")
    a1_country = np.array([p["country"] for p in a1_props], dtype=object)
    c_iso2 = np.array([p["iso2"] or None for p in c_props], dtype=object)

    # 1. Inside an admin-1 unit: that unit and its country.
    a1_row = _containing(_index("admin1.geojson"), points)
    country = np.full(m, None, dtype=object)
    has_a1 = a1_row >= 0
    country[has_a1] = a1_country[a1_row[has_a1]]
    # a unit of another country than the one the point is known to be in
    wrong = has_a1 & (given != None) & (country != given)  # noqa: E711
    a1_row[wrong] = -1
    has_a1 &= ~wrong

    # 2. Otherwise the containing country, or the nearest within NEAREST_KM.
    rest = np.flatnonzero(~has_a1)
    if rest.size:
        c_index = _index("countries.geojson")
        c_row = _containing(c_index, points[rest])
        miss = np.flatnonzero(c_row < 0)
        if miss.size:
            pt, row, km = _nearest_pairs(c_index, points[rest[miss]], lat[rest[miss]])
            c_row[miss] = _nearest(pt, row, km, miss.size)
        found = c_row >= 0
        country[rest[found]] = c_iso2[c_row[found]]
        known = given[rest] != None  # noqa: E711
        country[rest[known]] = given[rest[known]]

        # 3. Admin-1 countries (or nowhere yet): nearest unit within NEAREST_KM.
        covered = np.array(
            [c is None or c in ADMIN1_COUNTRIES for c in country[rest]], dtype=bool
        )
        want = rest[covered]
        if want.size:
            pt, row, km = _nearest_pairs(
                _index("admin1.geojson"), points[want], lat[want]
            )
            known = country[want][pt]
            same = np.array(
                [
                    k is None or k == c
                    for k, c in zip(known, a1_country[row], strict=True)
                ],
                dtype=bool,
            )
            near = _nearest(pt[same], row[same], km[same], want.size)
            got = near >= 0
            a1_row[want[got]] = near[got]
            country[want[got]] = a1_country[near[got]]

    names = [a1_props[r]["name"] if r >= 0 else None for r in a1_row]
    for j, i in enumerate(idx):
        country_out[i] = country[j]
        admin1_out[i] = names[j]
    return country_out, admin1_out


def locate(lat: float, lon: float) -> tuple[str | None, str | None]:
    """Find the country and admin-1 unit of one point.

    Parameters
    ----------
    lat, lon : float
        Latitude and longitude in degrees (WGS 84).

    Returns
    -------
    tuple of (str or None, str or None)
        ISO 3166-1 alpha-2 code and Natural Earth admin-1 name (the latter only
        in :data:`ADMIN1_COUNTRIES`).  ``(None, None)`` at sea -- farther than
        :data:`NEAREST_KM` from land -- and for NaN or out-of-range input.

    See Also
    --------
    locate_many : the vectorised version, with the rules spelt out.

    Examples
    --------
    >>> locate(36.34, 43.13)
    ('IQ', 'Ninawa')
    >>> locate(34.889, 35.887)  # Tartus, on the coast
    ('SY', 'Tartus')
    >>> locate(float("nan"), 36.0)
    (None, None)
    """
    country_codes, names = locate_many([lat], [lon])
    return country_codes[0], names[0]


# ------------------------------------------------------------------------- areas
_FOLD_EXTRA = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h"})


def _fold(text: str) -> str:
    """Fold case, accents, spaces and punctuation: ``"Dar`a"`` -> ``"dara"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if ch.isalnum())


@cache
def _admin1_lookup() -> dict[str, list[tuple[int, int]]]:
    """Folded name -> [(rank, row)], rank 0 for names, 1 for alternatives."""
    props, _ = _features("admin1.geojson")
    lookup: dict[str, list[tuple[int, int]]] = {}
    for row, p in enumerate(props):
        names = [(0, p["name"]), *((1, alt) for alt in p["name_alt"])]
        for rank, name in names:
            key = _fold(name)
            if key and (rank, row) not in lookup.setdefault(key, []):
                lookup[key].append((rank, row))
    return lookup


def admin1_area(name: str, country: str | None = None) -> BaseGeometry | None:
    """Return the polygon of an admin-1 unit given its name.

    Parameters
    ----------
    name : str
        Natural Earth name, one of its alternative names or the HASC code
        (``"SY.ID"``).  Matching ignores case, accents, spaces and punctuation.
    country : str, optional
        ISO 3166-1 alpha-2 code restricting the search.

    Returns
    -------
    shapely.geometry.base.BaseGeometry or None
        The unit's (Multi)Polygon, or None if nothing matches.  A match on the
        primary name wins over one on an alternative name.

    Examples
    --------
    >>> admin1_area("idleb").equals(admin1_area("Idlib", country="SY"))
    True
    >>> admin1_area("Mosul").geom_type
    'Polygon'
    >>> admin1_area("Idlib", country="TR") is None
    True
    """
    props, geoms = _features("admin1.geojson")
    wanted = country.strip().upper() if country else None
    code = name.strip().upper()
    for row, p in enumerate(props):
        if p["hasc"] == code and wanted in (None, p["country"]):
            return geoms[row]
    for _, row in sorted(_admin1_lookup().get(_fold(name), [])):
        if wanted in (None, props[row]["country"]):
            return geoms[row]
    return None


@cache
def _country_area(iso2: str) -> BaseGeometry | None:
    props, geoms = _features("countries.geojson")
    parts = [g for p, g in zip(props, geoms, strict=True) if p["iso2"] == iso2]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def country_area(iso2: str) -> BaseGeometry | None:
    """Return a country's (Multi)Polygon given its ISO 3166-1 alpha-2 code.

    Parameters
    ----------
    iso2 : str
        Alpha-2 code, any case (``"XK"`` for Kosovo).

    Returns
    -------
    shapely.geometry.base.BaseGeometry or None
        The union of every feature with that code, or None if there is none.

    Examples
    --------
    >>> country_area("sy").contains(shapely.Point(36.63, 35.93))
    True
    >>> country_area("ZZ") is None
    True
    """
    code = iso2.strip().upper() if iso2 else ""
    return _country_area(code) if code else None


def part_point(area: BaseGeometry, bearing: float) -> Point:
    """Return a point inside the part of an area that lies toward a bearing.

    "le sud d'Idleb", "northern Aleppo province": the area is cut through its
    centroid, and the point is the centre of the side the bearing names (both
    sides of a diagonal bearing: "south-west"), or a point inside it when its
    centre is not.

    Parameters
    ----------
    area : BaseGeometry
        A (Multi)Polygon in longitude/latitude.
    bearing : float
        Degrees clockwise from north (0 north, 90 east …).

    Returns
    -------
    shapely.geometry.Point
        Inside the area.

    Examples
    --------
    >>> idlib = admin1_area("Idlib", country="SY")
    >>> part_point(idlib, 180).y < idlib.centroid.y
    True
    """
    c = area.centroid
    minx, miny, maxx, maxy = area.bounds
    x0, x1 = _side(math.sin(math.radians(bearing)), c.x, minx, maxx)
    y0, y1 = _side(math.cos(math.radians(bearing)), c.y, miny, maxy)
    part = area.intersection(box(x0, y0, x1, y1))
    part = part if not part.is_empty else area
    centre = part.centroid  # its centre, when that lies inside it
    return centre if part.contains(centre) else part.representative_point()


def _side(
    component: float, centre: float, low: float, high: float
) -> tuple[float, float]:
    """Return the span of one axis a bearing's component keeps (both halves at 0)."""
    if component > PART_AXIS:
        return centre, high
    if component < -PART_AXIS:
        return low, centre
    return low, high


#: A bearing's east or north component beyond this names that side.
PART_AXIS = 0.3
