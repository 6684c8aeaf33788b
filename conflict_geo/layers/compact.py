"""Compact columnar JSON for the rows a map layer draws.

A layer embeds its rows once, column by column, and the browser decodes them
(``conflict_geo/maps/static/conflict_geo.js``). Each column is one of

``{"e": "s", "k": [keys], "d": [index or -1]}``
    strings, dictionary-encoded (``-1`` is a missing value);
``{"e": "r", "d": [text or null]}``
    strings kept raw when almost every value is distinct;
``{"e": "n", "d": [int or null], "s": scale, "z": 1}``
    numbers as integers of ``1 / scale`` units; ``"z": 1`` means delta-encoded.

Coordinates are integers of 1e-5 degrees (5 decimals, about 1 m), dates are day
numbers since 1970-01-01. Area geometries are lists of polygons, each a list of
rings written as delta-encoded integer ``lon, lat`` pairs of ``1 / gs`` degrees.

Large payloads are gzip-compressed and base64-encoded (``"gz:..."``); the
browser inflates them with ``DecompressionStream``. Either way the embedded
text cannot close the ``<script>`` element that holds it.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely

from conflict_geo.layers._assets import escape_json

__all__ = [
    "COORD_SCALE",
    "GZIP_THRESHOLD",
    "decode_payload",
    "embed_payload",
    "encode_days",
    "encode_geometry",
    "encode_numbers",
    "encode_strings",
    "make_payload",
]

COORD_SCALE = 100_000
#: Payloads whose JSON is longer than this many characters are gzip-compressed.
GZIP_THRESHOLD = 64 * 1024
_DAY_NS = 86_400 * 10**9
_GZIP_LEVEL = 3


def encode_strings(values: Iterable[Any], *, raw_ratio: float = 0.6) -> dict:
    """Encode a string column, dictionary-encoded unless nearly all distinct.

    Parameters
    ----------
    values : iterable
        Strings; ``None``, NA and empty strings are missing values.
    raw_ratio : float, default 0.6
        Keep raw strings when distinct values exceed this share of the rows.

    Returns
    -------
    dict
        A column in the format described in the module docstring.

    Examples
    --------
    >>> encode_strings(["a", "b", "a", None])
    {'e': 's', 'k': ['a', 'b'], 'd': [0, 1, 0, -1]}
    """
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values)
    series = series.astype("string").fillna("")
    codes, keys = pd.factorize(series, sort=False)
    keys = np.asarray(keys, dtype=object)
    empty = np.flatnonzero(keys == "")
    if len(empty):
        codes = np.where(codes == empty[0], -1, codes - (codes > empty[0]))
        keys = np.delete(keys, empty[0])
    n = len(series)
    if n > 8 and len(keys) > raw_ratio * n:
        raw = np.append(keys, None)[codes]  # code -1 picks the trailing None
        return {"e": "r", "d": raw.tolist()}
    keys = keys.tolist()
    return {"e": "s", "k": keys, "d": codes.tolist()}


def encode_numbers(
    values: Iterable[Any], *, scale: int = 1, delta: bool = False
) -> dict:
    """Encode numbers as integers of ``1 / scale`` units.

    Parameters
    ----------
    values : iterable of numbers
        NaN and NA are missing values (written as ``null``).
    scale : int, default 1
        ``100_000`` keeps 5 decimals.
    delta : bool, default False
        Write differences between consecutive values (only when none is missing).

    Returns
    -------
    dict
        A column in the format described in the module docstring.

    Examples
    --------
    >>> encode_numbers([35.61611, 35.6], scale=100_000, delta=True)
    {'e': 'n', 'd': [3561611, -1611], 's': 100000, 'z': 1}
    >>> encode_numbers([3, None])
    {'e': 'n', 'd': [3, None]}
    """
    arr = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    missing = ~np.isfinite(arr)
    ints = np.rint(np.where(missing, 0, arr) * scale).astype("int64")
    col: dict[str, Any] = {"e": "n"}
    if delta and not missing.any():
        col["d"] = np.diff(ints, prepend=0).tolist()
    else:
        data: list[Any] = ints.tolist()
        if missing.any():
            for i in np.flatnonzero(missing).tolist():
                data[i] = None
        col["d"] = data
        delta = False
    if scale != 1:
        col["s"] = scale
    if delta:
        col["z"] = 1
    return col


def encode_days(values: Iterable[Any]) -> dict:
    """Encode dates as day numbers since 1970-01-01 (NaT is missing).

    Parameters
    ----------
    values : iterable of datetime-like

    Returns
    -------
    dict
        A numeric column.

    Examples
    --------
    >>> encode_days(["1970-01-02", None])
    {'e': 'n', 'd': [1, None]}
    """
    dates = pd.to_datetime(pd.Series(values), errors="coerce")
    dates = dates.dt.tz_localize(None) if dates.dt.tz is not None else dates
    ns = dates.astype("datetime64[ns]").to_numpy().astype("int64")
    days = np.floor_divide(ns, _DAY_NS).astype("float64")
    days[dates.isna().to_numpy()] = np.nan
    return encode_numbers(days)


def encode_geometry(geom: Any, *, scale: int = 10_000) -> list:
    """Encode a (multi)polygon as ``[[ring, ...], ...]`` of delta integers.

    Parameters
    ----------
    geom : shapely geometry
        Polygon or MultiPolygon (other parts of a collection are ignored).
    scale : int, default 10_000
        Integer units per degree.

    Returns
    -------
    list
        One entry per polygon, each a list of rings (exterior first), each a
        flat list ``[lon0, lat0, dlon1, dlat1, ...]``.
    """
    out = []
    for poly in _polygons(geom):
        rings = [poly.exterior, *poly.interiors]
        parts = []
        for ring in rings:
            xy = np.rint(shapely.get_coordinates(ring) * scale).astype("int64")
            keep = np.ones(len(xy), dtype=bool)
            keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
            xy = xy[keep]
            if len(xy) < 4:
                continue
            parts.append(np.diff(xy, axis=0, prepend=0).ravel().tolist())
        if parts:
            out.append(parts)
    return out


def _polygons(geom: Any) -> list:
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if isinstance(geom, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def make_payload(
    n: int, columns: Mapping[str, dict], geoms: list | None = None, *, gs: int = 10_000
) -> dict:
    """Assemble a layer payload.

    Parameters
    ----------
    n : int
        Number of rows.
    columns : mapping of str to dict
        Encoded columns; ``lat`` and ``lon`` are required.
    geoms : list, optional
        Encoded area geometries referred to by the ``g`` column.
    gs : int, default 10_000
        Scale of the geometry integers.

    Returns
    -------
    dict
        ``{"n": n, "cols": {...}, "geoms": [...], "gs": gs}``.
    """
    payload: dict[str, Any] = {"n": int(n), "cols": dict(columns)}
    if geoms:
        payload["geoms"] = geoms
        payload["gs"] = gs
    return payload


def embed_payload(payload: dict, *, compress: bool | None = None) -> str:
    """Return the JavaScript expression that embeds ``payload``.

    Parameters
    ----------
    payload : dict
        From :func:`make_payload`.
    compress : bool, optional
        Force gzip (``True``) or a plain literal (``False``); by default large
        payloads (over :data:`GZIP_THRESHOLD` characters) are compressed.

    Returns
    -------
    str
        A JSON literal escaped for ``<script>``, or a quoted ``"gz:<base64>"``.
    """
    raw = json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    if compress is None:
        compress = len(raw) > GZIP_THRESHOLD
    if not compress:
        return escape_json(raw)
    packed = gzip.compress(raw.encode("utf-8"), compresslevel=_GZIP_LEVEL, mtime=0)
    return '"gz:' + base64.b64encode(packed).decode("ascii") + '"'


def decode_payload(expression: str) -> dict:
    """Decode what :func:`embed_payload` wrote (for tests and debugging).

    Parameters
    ----------
    expression : str
        The embedded JavaScript expression.

    Returns
    -------
    dict
        The payload.
    """
    expression = expression.strip()
    if expression.startswith('"gz:'):
        packed = base64.b64decode(expression[4:-1])
        return json.loads(gzip.decompress(packed).decode("utf-8"))
    return json.loads(expression)
