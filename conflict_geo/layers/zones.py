"""Control zones: who holds what, from reported claims or a user's GeoJSON.

A control claim is an event row with ``event_type == "control_change"`` whose
``actor`` is the holder. :func:`control_zones` turns claims into polygons:

* precision 4 (province): the admin-1 polygon named by ``admin1`` or ``place``;
* precision 6 (country): the country polygon;
* any other precision (a town, a village): an *estimated* area around the
  claimed place -- the Voronoi cell of the place among all claimed places,
  clipped to the country outline and to ``radius_km`` around the place.

When several actors claim the same place (or province) on the latest date
claimed, the zone is *contested* and lists every actor. Claim-derived zones are
marked ``estimated``: a report that a town is "held" says little about where
the front line runs. :func:`read_zones` reads zones drawn by a user.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import pandas as pd
import shapely

from conflict_geo.events.schema import HOLDING_STATUSES
from conflict_geo.exc import InputError, ParseError
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.compact import factorize
from conflict_geo.layers.positions import KIND_AREA, place_events

__all__ = ["ZONE_COLUMNS", "control_zones", "read_zones", "zones_frame"]

#: Columns of a zones GeoDataFrame (plus ``geometry``).
ZONE_COLUMNS: tuple[str, ...] = (
    "actor",
    "actors",
    "name",
    "date",
    "basis",
    "estimated",
    "contested",
    "claims",
)


def _empty() -> geopandas.GeoDataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in ZONE_COLUMNS})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    return geopandas.GeoDataFrame(frame, geometry=[], crs="EPSG:4326")


def zones_frame(records: list[dict[str, Any]]) -> geopandas.GeoDataFrame:
    """Build a zones GeoDataFrame from records with a ``geometry`` key.

    Parameters
    ----------
    records : list of dict
        Keys from :data:`ZONE_COLUMNS` and ``geometry``; ``actors`` defaults to
        ``[actor]``, ``estimated`` and ``contested`` to False, ``claims`` to 0.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326.
    """
    if not records:
        return _empty()
    rows = []
    for rec in records:
        row = {c: rec.get(c) for c in ZONE_COLUMNS}
        row["actors"] = list(rec.get("actors") or [rec.get("actor")])
        row["estimated"] = bool(rec.get("estimated", False))
        row["contested"] = bool(rec.get("contested", len(row["actors"]) > 1))
        row["claims"] = int(rec.get("claims") or 0)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(ZONE_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    geoms = [rec["geometry"] for rec in records]
    return geopandas.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def read_zones(path: str | PathLike[str]) -> geopandas.GeoDataFrame:
    """Read user-drawn control zones from a GeoJSON FeatureCollection.

    Parameters
    ----------
    path : str or path-like
        Every feature needs an ``actor`` property and a (Multi)Polygon
        geometry; ``name`` and ``date`` properties are optional.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`ZONE_COLUMNS` plus ``geometry``, ``basis`` "user".

    Raises
    ------
    InputError
        When the file cannot be read.
    ParseError
        When it is not a FeatureCollection of polygons with an ``actor``.
    """
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise InputError(f"cannot read zones: {err.strerror}", source=source) from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ParseError(f"not a JSON file: {err}", source=source) from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ParseError("zones must be a GeoJSON FeatureCollection", source=source)
    records = []
    for k, feature in enumerate(data.get("features") or []):
        props = (feature or {}).get("properties") or {}
        where = f"feature {k}"
        actor = props.get("actor")
        if not isinstance(actor, str) or not actor.strip():
            raise ParseError(f"{where} has no 'actor' property", source=source)
        try:
            geom = shapely.geometry.shape(feature.get("geometry"))
        except Exception as err:  # shapely raises several kinds
            raise ParseError(
                f"{where} has a bad geometry: {err}", source=source
            ) from err
        if not isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
            raise ParseError(
                f"{where} geometry is a {geom.geom_type}, not a polygon", source=source
            )
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        records.append(
            {
                "actor": actor.strip(),
                "name": props.get("name"),
                "date": props.get("date"),
                "basis": "user-supplied zone",
                "geometry": geom,
            }
        )
    return zones_frame(records)


def _latest(group: pd.DataFrame) -> tuple[list[str], Any, int]:
    """Actors holding on the latest claimed date, that date, claim count."""
    dates = pd.to_datetime(group["date"], errors="coerce")
    if dates.notna().any():
        latest = dates.max()
        current = group.loc[(dates == latest) | dates.isna()]
    else:
        latest, current = pd.NaT, group
    actors = sorted({str(a) for a in current["actor"].dropna() if str(a).strip()})
    return actors, latest, len(group)


def _aeqd(lat: float, lon: float) -> str:
    return f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m"


def _point_cells(points: pd.DataFrame, radius_km: float, areas: AreaLookup) -> list:
    """Voronoi cells of the claimed places, clipped to country and radius."""
    crs = _aeqd(points["lat"].mean(), points["lon"].mean())
    pts = geopandas.GeoSeries(
        shapely.points(points["lon"], points["lat"]), crs="EPSG:4326"
    ).to_crs(crs)
    radius = radius_km * 1000.0
    circles = pts.buffer(radius, quad_segs=16)
    if len(pts) > 1:
        hull = shapely.MultiPoint(list(pts)).envelope.buffer(2 * radius)
        cells = list(
            shapely.voronoi_polygons(
                shapely.MultiPoint(list(pts)), extend_to=hull, ordered=True
            ).geoms
        )
    else:
        cells = list(circles)
    out = []
    for k, (cell, circle) in enumerate(zip(cells, circles, strict=True)):
        shape = cell.intersection(circle)
        outline = areas.country(points["country"].iloc[k])
        if outline is not None:
            clip = geopandas.GeoSeries([outline], crs="EPSG:4326").to_crs(crs).iloc[0]
            shape = shape.intersection(clip.buffer(0))
        out.append(shape)
    return list(geopandas.GeoSeries(out, crs=crs).to_crs("EPSG:4326"))


def _countries(frame: pd.DataFrame) -> pd.Series:
    country = frame.get("country", pd.Series(pd.NA, index=frame.index))
    country = country.astype("string").str.upper()
    missing = country.isna() | (country == "")
    if missing.any():
        from conflict_geo.places.boundaries import locate_many

        found, _ = locate_many(frame.loc[missing, "_lat"], frame.loc[missing, "_lon"])
        country.loc[missing] = found
    return country


def _holding(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the claims that say who holds a place from those that do not.

    A place held ("rebel-held", "aux mains de") or taken (``done``) is held
    by the claim's actor; a planned or ongoing change of hands is not a zone,
    and a place lost says who lost it, not who holds it. Claims without a
    status (user tables) are kept.
    """
    if "status" not in claims:
        return claims, claims.iloc[:0]
    status = claims["status"].astype("string")
    lost = (
        claims["sub_type"].astype("string") == "lost"
        if "sub_type" in claims
        else pd.Series(False, index=claims.index)
    )
    keep = (status.isna() | status.isin(HOLDING_STATUSES)) & ~lost.fillna(False)
    keep = keep.fillna(False).to_numpy(dtype=bool)
    dropped = claims.loc[~keep].copy()
    dropped["reason"] = [
        "control claim says who lost the place, not who holds it"
        if is_lost
        else f"control claim is {s}, not a holding"
        for s, is_lost in zip(dropped["status"], lost.loc[~keep], strict=True)
    ]
    return claims.loc[keep], dropped


def control_zones(
    events: pd.DataFrame,
    *,
    radius_km: float = 30.0,
    areas: AreaLookup | None = None,
) -> geopandas.GeoDataFrame:
    """Turn control claims (``event_type == "control_change"``) into zones.

    Only claims that say who holds a place make zones: ``held`` and ``done``
    (see :data:`~conflict_geo.events.schema.HOLDING_STATUSES`); the others are
    reported with the reason.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows; rows of other types are ignored.
    radius_km : float, default 30.0
        Largest distance from a claimed place that its estimated area reaches.
    areas : AreaLookup, optional
        Province/country polygon look-up.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`ZONE_COLUMNS` plus ``geometry``; the claims that could
        not be placed are in ``.attrs["unmapped"]``, a list of event records
        with a ``reason``.
    """
    areas = areas or AreaLookup()
    kinds, names = (
        factorize(events["event_type"]) if "event_type" in events else ([], [])
    )
    if "control_change" not in names:
        zones = zones_frame([])
        zones.attrs["unmapped"] = []
        return zones
    claims = events.iloc[np.flatnonzero(kinds == names.index("control_change"))]
    claims, not_holding = _holding(claims)
    placement = place_events(claims, areas, arrows=False)
    rows = placement.mapped
    unmapped = (
        pd.concat([placement.unmapped, not_holding])
        if len(not_holding)
        else placement.unmapped
    )
    no_actor = rows["actor"].isna() | (rows["actor"].astype("string").str.strip() == "")
    if no_actor.any():
        bad = rows.loc[no_actor].copy()
        bad["reason"] = "control claim without an actor"
        unmapped = pd.concat([unmapped, bad.drop(columns=_PRIVATE, errors="ignore")])
        rows = rows.loc[~no_actor]
    records: list[dict[str, Any]] = []
    area_rows = rows.loc[rows["_kind"] == KIND_AREA]
    for g, group in area_rows.groupby("_g", sort=True):
        actors, latest, n = _latest(group)
        prec = int(pd.to_numeric(group["precision"]).max())
        first = group.iloc[0]
        name = first.get("admin1") if prec == 4 else first.get("country")
        records.append(
            {
                "actor": " / ".join(actors),
                "actors": actors,
                "name": None if pd.isna(name) else str(name or first.get("place")),
                "date": latest,
                "basis": "province named in a report"
                if prec == 4
                else "country named in a report",
                "estimated": True,
                "claims": n,
                "geometry": placement.geoms[int(g)],
            }
        )
    point_rows = rows.loc[rows["_kind"] != KIND_AREA].copy()
    if len(point_rows):
        point_rows["country"] = _countries(point_rows)
        point_rows["_key"] = list(
            zip(point_rows["_lat"].round(3), point_rows["_lon"].round(3), strict=True)
        )
        places = []
        for key, group in point_rows.groupby("_key", sort=True):
            actors, latest, n = _latest(group)
            first = group.iloc[0]
            places.append(
                {
                    "lat": key[0],
                    "lon": key[1],
                    "country": first["country"],
                    "actors": actors,
                    "date": latest,
                    "claims": n,
                    "name": first.get("place"),
                }
            )
        table = pd.DataFrame(places)
        for place, cell in zip(
            places, _point_cells(table, radius_km, areas), strict=True
        ):
            if cell.is_empty:
                continue
            records.append(
                {
                    "actor": " / ".join(place["actors"]),
                    "actors": place["actors"],
                    "name": None if pd.isna(place["name"]) else place["name"],
                    "date": place["date"],
                    "basis": f"area within {radius_km:g} km of a claimed place, "
                    "nearest claim wins",
                    "estimated": True,
                    "claims": place["claims"],
                    "geometry": cell,
                }
            )
    zones = zones_frame(records)
    unmapped = unmapped.drop(columns=_PRIVATE, errors="ignore")
    zones.attrs["unmapped"] = unmapped.to_dict("records")
    return zones


_PRIVATE = ["_lat", "_lon", "_olat", "_olon", "_kind", "_rk", "_g", "_key"]
