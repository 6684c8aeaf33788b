"""Compact columnar payloads for the rows a map layer draws.

A layer embeds its rows once, column by column, and the browser decodes them
(``conflict_geo/maps/static/conflict_geo.js``). In Python, the encoders return
columns holding NumPy arrays:

``{"e": "s", "k": [keys], "d": codes}``
    strings, dictionary-encoded: ``codes`` is an integer array of indexes into
    ``keys`` (``-1`` is a missing value);
``{"e": "r", "d": [text or None]}``
    strings kept raw when almost every value is distinct (a list, or an object
    array whose missing values may be any NA);
``{"e": "n", "d": ints, "s": scale, "z": 1}``
    numbers as an int64 array of ``1 / scale`` units in which :data:`MISSING`
    marks a missing value; ``"z": 1`` means delta-encoded (never with missing
    values).

Coordinates are integers of 1e-5 degrees (5 decimals, about 1 m), dates are day
numbers since 1970-01-01. Area geometries are lists of polygons, each a list of
rings written as delta-encoded integer ``lon, lat`` pairs of ``1 / gs`` degrees.

Layers embed their payload with :mod:`conflict_geo.layers.container` (a JSON
literal, or a gzip-compressed binary container for large payloads).
"""

from __future__ import annotations

import ctypes
import platform
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import shapely

__all__ = [
    "COORD_SCALE",
    "MISSING",
    "column_values",
    "encode_days",
    "encode_geometry",
    "encode_numbers",
    "encode_strings",
    "factorize",
    "first_rows",
    "float_values",
    "is_missing",
    "make_payload",
    "run_starts",
    "string_column",
]

COORD_SCALE = 100_000
#: Marks a missing value in the int64 array of a numeric column (NaT's integer).
MISSING = int(np.iinfo(np.int64).min)
_SECONDS_PER_DAY = 86_400
_CPYTHON = platform.python_implementation() == "CPython"
#: Values are grouped by runs first when there are this many times fewer runs
#: than values (rows in drawing order repeat their neighbours' texts).
_RUN_GAIN = 2


# ---------------------------------------------------------------- strings
def factorize(
    values: Iterable[Any], rows: np.ndarray | None = None
) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode values as text: codes into distinct non-empty strings.

    ``None``, NA, NaN and empty strings are missing values (code ``-1``); other
    values are written with :class:`str`. Much faster than
    :func:`pandas.factorize` on long strings: rows are first grouped by object
    identity (rows of a resampled or merged table share their string objects),
    then one row per object is compared by value. When runs of one object are
    common (rows in a layer's drawing order), only the first row of each run is
    looked up (measured on a million resampled UCDP events: 3 to 8 times fewer
    look-ups per column, for one comparison pass more).

    Parameters
    ----------
    values : iterable
        Any values.
    rows : numpy.ndarray, optional
        Positions of the values to encode (all by default): cheaper than
        taking them first.

    Returns
    -------
    codes : numpy.ndarray
        ``int32`` indexes into ``keys``, ``-1`` where missing.
    keys : list of str
        Distinct texts in order of first appearance.

    Examples
    --------
    >>> codes, keys = factorize(["b", None, "a", "b", ""])
    >>> codes.tolist(), keys
    ([0, -1, 1, 0, -1], ['b', 'a'])
    >>> factorize(["b", None, "a", "b", ""], rows=np.array([2, 3]))[1]
    ['a', 'b']
    """
    arr = _objects(values)
    count = len(arr) if rows is None else len(rows)
    if count <= 64:
        return _factorize_values(arr if rows is None else arr[rows])
    ids = _identities(arr, rows)
    heads = run_starts(ids)
    runs = len(heads) * _RUN_GAIN < count
    same, _ = pd.factorize(ids[heads] if runs else ids)
    first = first_rows(same)
    if runs:
        first = heads[first]
    codes, keys = _factorize_values(arr[first if rows is None else rows[first]])
    codes = codes[same]
    if runs:
        codes = np.repeat(codes, np.diff(heads, append=count))
    return codes, keys


def run_starts(values: np.ndarray) -> np.ndarray:
    """Return the positions where a run of equal values starts.

    Parameters
    ----------
    values : numpy.ndarray
        Any comparable values (NaN starts a run of its own).

    Returns
    -------
    numpy.ndarray
        Positions, the first being 0 (empty for no values).

    Examples
    --------
    >>> run_starts(np.array([3, 3, 1, 1, 1, 3])).tolist()
    [0, 2, 5]
    """
    if not len(values):
        return np.empty(0, dtype=np.intp)
    change = np.empty(len(values), dtype=bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    return np.flatnonzero(change)


def _objects(values: Iterable[Any]) -> np.ndarray:
    """``values`` as a one-dimensional object array."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray):
        return values.astype(object, copy=False).ravel()
    seq = list(values)
    return np.fromiter(seq, dtype=object, count=len(seq))


def _identities(arr: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Return the identities of the objects in ``arr`` (at ``rows``).

    An object array stores one pointer per element: they are read in place
    (the array keeps every object alive meanwhile) and copied, or only those at
    ``rows``. Elsewhere than CPython, :func:`id` is called on each object.
    """
    if not _CPYTHON:
        ids = np.frompyfunc(id, 1, 1)(arr).astype(np.uint64)
        return ids if rows is None else ids[rows]
    arr = np.ascontiguousarray(arr)
    raw = (ctypes.c_char * arr.nbytes).from_address(arr.ctypes.data)
    view = np.frombuffer(memoryview(raw).cast("B"), dtype=np.uintp)
    return view.copy() if rows is None else view[rows]


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Return the row where each code first appears.

    Parameters
    ----------
    codes : numpy.ndarray
        Codes ``0, 1, ...`` numbered in order of first appearance, as
        :func:`pandas.factorize` and :func:`factorize` number them (no ``-1``).

    Returns
    -------
    numpy.ndarray
        Row positions, one per code, in code order.

    Examples
    --------
    >>> first_rows(np.array([0, 0, 1, 0, 2, 1])).tolist()
    [0, 2, 4]
    """
    if not len(codes):
        return np.empty(0, dtype=np.intp)
    top = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate(([True], top[1:] > top[:-1])))


def _factorize_values(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    table: dict[Any, int] = {}
    put = table.setdefault
    codes = np.fromiter(
        (put(v, len(table)) for v in values), dtype=np.int32, count=len(values)
    )
    keys = list(table)
    if all(type(k) is str for k in keys) and "" not in table:
        return codes, keys
    # Rare: missing values, empty strings or non-string keys to merge.
    remap = np.empty(len(keys) + 1, dtype=np.int32)
    remap[-1] = -1
    texts: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is None or (not isinstance(key, str) and is_missing(key)):
            remap[i] = -1
            continue
        text = key if isinstance(key, str) else str(key)
        remap[i] = -1 if text == "" else texts.setdefault(text, len(texts))
    return remap[codes], list(texts)


def is_missing(value: Any) -> bool:
    """Whether a single value is missing (None, NA, NaN, NaT).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing("x")
    (True, True, False)
    """
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-like values are never missing
        return False


def string_column(
    codes: np.ndarray, keys: list[str], *, raw_ratio: float = 0.6
) -> dict:
    """Make a string column from codes and keys (e.g. from :func:`factorize`).

    Parameters
    ----------
    codes : numpy.ndarray
        Indexes into ``keys``, ``-1`` where missing.
    keys : list of str
        Distinct non-empty texts.
    raw_ratio : float, default 0.6
        Keep raw strings when distinct values exceed this share of the rows
        (over 8 rows).

    Returns
    -------
    dict
        A column in the format described in the module docstring.
    """
    n = len(codes)
    if n > 8 and len(keys) > raw_ratio * n:
        raw = np.asarray([*keys, None], dtype=object)[codes]  # -1 picks None
        return {"e": "r", "d": raw.tolist()}
    return {"e": "s", "k": list(keys), "d": np.asarray(codes, dtype=np.int32)}


def encode_strings(
    values: Iterable[Any], *, raw_ratio: float = 0.6, raw: bool = False
) -> dict:
    """Encode a string column, dictionary-encoded unless nearly all distinct.

    Parameters
    ----------
    values : iterable
        Strings; ``None``, NA and empty strings are missing values.
    raw_ratio : float, default 0.6
        Keep raw strings when distinct values exceed this share of the rows.
    raw : bool, default False
        Always keep raw strings (identifiers): skips the dictionary.

    Returns
    -------
    dict
        A column in the format described in the module docstring.

    Examples
    --------
    >>> col = encode_strings(["a", "b", "a", None])
    >>> col["e"], col["k"], col["d"].tolist()
    ('s', ['a', 'b'], [0, 1, 0, -1])
    >>> encode_strings(["x1", None], raw=True)["d"].tolist()
    ['x1', None]
    """
    if raw:  # an object array is written as it is; anything else is copied
        if isinstance(values, np.ndarray) and values.dtype == object:
            return {"e": "r", "d": values.ravel()}
        return {"e": "r", "d": _objects(values).copy()}
    codes, keys = factorize(values)
    return string_column(codes, keys, raw_ratio=raw_ratio)


# ---------------------------------------------------------------- numbers
def float_values(values: Any) -> np.ndarray:
    """Return numbers as a float array, NaN where missing or not a number.

    Parameters
    ----------
    values : array-like
        Numbers, possibly as text or with NA.

    Returns
    -------
    numpy.ndarray
        ``float64`` values.

    Examples
    --------
    >>> float_values(pd.array([1, None], dtype="Int64")).tolist()
    [1.0, nan]
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype("float64", copy=False)
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )


def encode_numbers(
    values: Iterable[Any], *, scale: int = 1, delta: bool = False
) -> dict:
    """Encode numbers as integers of ``1 / scale`` units.

    Parameters
    ----------
    values : iterable of numbers
        NaN and NA are missing values (:data:`MISSING`, ``null`` in JSON).
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
    >>> col = encode_numbers([35.61611, 35.6], scale=100_000, delta=True)
    >>> col["d"].tolist(), col["s"], col["z"]
    ([3561611, -1611], 100000, 1)
    >>> encode_numbers([3, None])["d"].tolist() == [3, MISSING]
    True
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu" and scale == 1:
        ints = values.astype(np.int64)  # integers: nothing is missing
        missing = np.zeros(0, dtype=bool)
        any_missing = False
    else:
        arr = float_values(values)
        missing = ~np.isfinite(arr)
        any_missing = bool(missing.any())
        if any_missing:
            arr = np.where(missing, 0.0, arr)
        ints = np.rint(arr * scale) if scale != 1 else np.rint(arr)
        ints = ints.astype(np.int64)
    col: dict[str, Any] = {"e": "n"}
    if delta and not any_missing:
        col["d"] = np.diff(ints, prepend=0)
    else:
        if any_missing:
            ints[missing] = MISSING
        col["d"] = ints
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
    >>> encode_days(["1970-01-02", None])["d"].tolist() == [1, MISSING]
    True
    """
    if isinstance(values, np.ndarray) and values.dtype == np.dtype("datetime64[D]"):
        return {"e": "n", "d": values.view("int64").copy()}  # NaT is MISSING
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        seconds = values.astype("datetime64[s]").view("int64")
    else:
        dates = values if isinstance(values, pd.Series) else pd.Series(values)
        if not isinstance(dates.dtype, pd.DatetimeTZDtype) and dates.dtype.kind != "M":
            dates = pd.to_datetime(dates, errors="coerce")
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_localize(None)
        seconds = dates.to_numpy("datetime64[s]").view("int64")
    missing = seconds == np.iinfo(np.int64).min  # NaT
    days = np.floor_divide(seconds, _SECONDS_PER_DAY)
    days[missing] = MISSING
    return {"e": "n", "d": days}


def column_values(col: Mapping[str, Any]) -> np.ndarray:
    """Return the values of an encoded numeric column as floats.

    Parameters
    ----------
    col : mapping
        A numeric column from :func:`encode_numbers` or :func:`encode_days`.

    Returns
    -------
    numpy.ndarray
        ``float64`` values (deltas summed, scale applied), NaN where missing.

    Examples
    --------
    >>> column_values(encode_numbers([1.5, None], scale=10)).tolist()
    [1.5, nan]
    """
    data = col["d"]
    if not isinstance(data, np.ndarray):  # a JSON list
        data = np.asarray([MISSING if v is None else v for v in data], np.int64)
    ints = np.cumsum(data) if col.get("z") else data
    out = ints.astype("float64") / col.get("s", 1)
    if not col.get("z"):
        out[data == MISSING] = np.nan
    return out


# ---------------------------------------------------------------- geometry
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
