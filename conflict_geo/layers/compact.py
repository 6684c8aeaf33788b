"""Compact columnar payloads for the rows a map layer draws.

A layer embeds its rows once, column by column, and the browser decodes them
(``conflict_geo/maps/static/conflict_geo.js``). In Python, the encoders return
columns holding NumPy arrays:

``{"e": "s", "k": [keys], "d": codes}``
    strings, dictionary-encoded: ``codes`` is an integer array of indexes into
    ``keys`` (``-1`` is a missing value);
``{"e": "r", "d": [text or None]}``
    strings kept raw when almost every value is distinct;
``{"e": "n", "d": ints, "s": scale, "z": 1}``
    numbers as an int64 array of ``1 / scale`` units in which :data:`MISSING`
    marks a missing value; ``"z": 1`` means delta-encoded (never with missing
    values).

Coordinates are integers of 1e-5 degrees (5 decimals, about 1 m), dates are day
numbers since 1970-01-01. Area geometries are lists of polygons, each a list of
rings written as delta-encoded integer ``lon, lat`` pairs of ``1 / gs`` degrees.

:func:`embed_payload` writes a payload in one of two forms:

* small payloads as a plain JSON literal, arrays as JSON lists (``null`` for a
  missing number) -- what :func:`decode_payload` returns for either form;
* larger ones (a binary container over :data:`GZIP_THRESHOLD` bytes) as
  ``"gz:<base64>"``: the gzip-compressed container ``b"CGB1"``, the length of a
  JSON header (uint32, little-endian), the UTF-8 header, then data chunks
  8-byte aligned from the end of the header (padded to 8). In the header, an
  array is ``{"t": type, "o": offset}``: little-endian typed-array bytes the
  browser views in place (``new Int16Array(buffer, offset, n)``), ``type``
  being the narrowest of ``u8``, ``i8``, ``u16``, ``i16``, ``i32`` (their
  largest, resp. smallest, value marks a missing number) or ``f64`` (NaN);
  ``{"t": "k", "v": value}`` is a constant column. Delta-encoded columns keep
  their first value in ``"b"`` (the array then starts with 0). Lists of strings
  (keys, raw strings) are ``{"t": "str", "o": offset, "l": bytes, "c": count,
  "p": separator}``: UTF-8 text joined by a separator found in none of them.
  Columns sharing an array or a list share its chunk.

Either way the embedded text cannot close the ``<script>`` element that holds
it.
"""

from __future__ import annotations

import base64
import ctypes
import gzip
import json
import platform
from collections.abc import Iterable, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely

from conflict_geo.layers._assets import escape_json

__all__ = [
    "COORD_SCALE",
    "GZIP_THRESHOLD",
    "MISSING",
    "column_values",
    "decode_payload",
    "embed_payload",
    "encode_days",
    "encode_geometry",
    "encode_numbers",
    "encode_strings",
    "factorize",
    "first_rows",
    "float_values",
    "make_payload",
    "string_column",
]

COORD_SCALE = 100_000
#: Payloads whose binary container is larger than this many bytes are embedded
#: gzip-compressed; smaller ones as a plain JSON literal.
GZIP_THRESHOLD = 16 * 1024
#: Marks a missing value in the int64 array of a numeric column.
MISSING = int(np.iinfo(np.int64).min)
_SECONDS_PER_DAY = 86_400
_GZIP_LEVEL = 1
_MAGIC = b"CGB1"
_CPYTHON = platform.python_implementation() == "CPython"
#: Typed arrays of the binary container, narrowest first: name, dtype, the
#: value marking a missing number and the range of values kept.
_INT_TYPES = (
    ("u8", np.dtype("<u1"), 255, 0, 254),
    ("i8", np.dtype("<i1"), -128, -127, 127),
    ("u16", np.dtype("<u2"), 65535, 0, 65534),
    ("i16", np.dtype("<i2"), -32768, -32767, 32767),
    ("i32", np.dtype("<i4"), -(2**31), -(2**31) + 1, 2**31 - 1),
)
_DTYPES = {t[0]: (t[1], t[2]) for t in _INT_TYPES}
#: Candidate separators of joined strings (the first one absent is used).
_SEPARATORS = ("\x1f", "\x1e", "\x1d", "\x1c", "\x00")
#: Lists of strings shorter than this stay in the JSON header.
_TEXT_MIN = 16


# ---------------------------------------------------------------- strings
def factorize(
    values: Iterable[Any], rows: np.ndarray | None = None
) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode values as text: codes into distinct non-empty strings.

    ``None``, NA, NaN and empty strings are missing values (code ``-1``); other
    values are written with :class:`str`. Much faster than
    :func:`pandas.factorize` on long strings: rows are first grouped by object
    identity (rows of a resampled or merged table share their string objects),
    then one row per object is compared by value.

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
    ids = _identities(arr)
    same, _ = pd.factorize(ids if rows is None else ids[rows])
    first = first_rows(same)
    codes, keys = _factorize_values(arr[first if rows is None else rows[first]])
    return codes[same], keys


def _objects(values: Iterable[Any]) -> np.ndarray:
    """``values`` as a one-dimensional object array."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray):
        return values.astype(object, copy=False).ravel()
    seq = list(values)
    return np.fromiter(seq, dtype=object, count=len(seq))


def _identities(arr: np.ndarray) -> np.ndarray:
    """Return the identities of the objects in ``arr``: its ``PyObject *`` slots.

    An object array stores one pointer per element; they are read in place
    (the array keeps every object alive meanwhile) and copied. Elsewhere than
    CPython, :func:`id` is called on each object instead.
    """
    if not _CPYTHON:
        return np.frompyfunc(id, 1, 1)(arr).astype(np.uint64)
    arr = np.ascontiguousarray(arr)
    raw = (ctypes.c_char * arr.nbytes).from_address(arr.ctypes.data)
    return np.frombuffer(memoryview(raw).cast("B"), dtype=np.uintp).copy()


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
        if key is None or (not isinstance(key, str) and _is_na(key)):
            remap[i] = -1
            continue
        text = key if isinstance(key, str) else str(key)
        remap[i] = -1 if text == "" else texts.setdefault(text, len(texts))
    return remap[codes], list(texts)


def _is_na(value: Any) -> bool:
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
    >>> encode_strings(["x1", None], raw=True)
    {'e': 'r', 'd': ['x1', None]}
    """
    if raw:
        return {"e": "r", "d": _raw_strings(values)}
    codes, keys = factorize(values)
    return string_column(codes, keys, raw_ratio=raw_ratio)


def _raw_strings(values: Iterable[Any]) -> list[str | None]:
    arr = _objects(values)
    out = arr.tolist()
    if pd.api.types.infer_dtype(arr, skipna=False) == "string":  # all str
        return [v or None for v in out] if "" in out else out
    missing = pd.isna(arr)
    return [
        None if m else (v if type(v) is str else str(v)) or None
        for v, m in zip(out, missing.tolist(), strict=True)
    ]


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
    arr = float_values(values)
    missing = ~np.isfinite(arr)
    any_missing = bool(missing.any())
    if any_missing:
        arr = np.where(missing, 0.0, arr)
    ints = np.rint(arr * scale).astype(np.int64) if scale != 1 else np.rint(arr)
    ints = ints.astype(np.int64, copy=False)
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


# ---------------------------------------------------------------- payload
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


def _typed(col: Mapping[str, Any], data: np.ndarray) -> tuple[dict, bytes]:
    """Header entry and bytes of a column's array (narrowest type, see above)."""
    extra: dict[str, Any] = {}
    missing = None
    if col.get("e") != "s":
        missing = data == MISSING
        if not missing.any():
            missing = None
    if col.get("z") and len(data) > 1:  # deltas: the first value apart
        extra["b"] = int(data[0])
        data = data.copy()
        data[0] = 0
    valid = data if missing is None else data[~missing]
    lo = int(valid.min()) if len(valid) else 0
    hi = int(valid.max()) if len(valid) else 0
    if lo == hi and (missing is None or not len(valid)):
        return {"t": "k", "v": None if missing is not None else lo, **extra}, b""
    for name, dtype, marker, low, high in _INT_TYPES:
        if low <= lo and hi <= high:
            if missing is not None:
                data = np.where(missing, marker, data)
            return {"t": name, **extra}, data.astype(dtype).tobytes()
    out = data.astype("<f8")
    if missing is not None:
        out[missing] = np.nan
    return {"t": "f64", **extra}, out.tobytes()


def _texts(values: list[str | None]) -> tuple[dict, bytes] | None:
    """Header entry and UTF-8 bytes of strings joined by a separator, or None."""
    if len(values) < _TEXT_MIN:
        return None
    texts = cast("list[str]", values)
    for sep in _SEPARATORS:
        try:
            joined = sep.join(texts)
        except TypeError:  # missing values
            texts = [v or "" for v in values]
            joined = sep.join(texts)
        if joined.count(sep) == len(texts) - 1:
            raw = joined.encode("utf-8")
            return {"t": "str", "c": len(texts), "l": len(raw), "p": sep}, raw
    return None


def _container(payload: Mapping[str, Any]) -> bytes:
    """Pack ``payload`` in the binary container (see the module docstring)."""
    chunks: list[bytes] = []
    refs: dict[int, Any] = {}
    size = 0

    def put(key: Any, make: Any) -> Any:
        nonlocal size
        if id(key) not in refs:
            made = make(key)
            if made is not None:
                entry, raw = made
                if raw:
                    entry = {**entry, "o": size}
                    chunks.append(raw + b"\0" * (-len(raw) % 8))
                    size += len(chunks[-1])
                made = entry
            refs[id(key)] = made
        return refs[id(key)]

    cols: dict[str, Any] = {}
    for name, col in payload["cols"].items():
        out = dict(col)
        data = col.get("d")
        if isinstance(data, np.ndarray):
            entry = dict(put(data, lambda d, c=col: _typed(c, d)))
            if "b" in entry:
                out["b"] = entry.pop("b")
            out["d"] = entry
        elif col.get("e") == "r" and isinstance(data, list):
            out["d"] = put(data, _texts) or data
        if col.get("e") == "s" and isinstance(col.get("k"), list):
            out["k"] = put(col["k"], _texts) or col["k"]
        cols[name] = out
    header = {k: v for k, v in payload.items() if k != "cols"}
    header["cols"] = cols
    text = json.dumps(
        header, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
    head = _MAGIC + len(text).to_bytes(4, "little") + text
    return b"".join([head, b"\0" * (-len(head) % 8), *chunks])


def _plain(value: Any) -> Any:
    """Return the JSON form of a payload: arrays as lists, ``None`` if missing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        out = value.tolist()
        if value.dtype == np.int64 and (value == MISSING).any():
            out = [None if v == MISSING else v for v in out]
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def embed_payload(payload: dict, *, compress: bool | None = None) -> str:
    """Return the JavaScript expression that embeds ``payload``.

    Parameters
    ----------
    payload : dict
        From :func:`make_payload`.
    compress : bool, optional
        Force the gzip binary container (``True``) or a plain JSON literal
        (``False``); by default payloads whose container is over
        :data:`GZIP_THRESHOLD` bytes are compressed.

    Returns
    -------
    str
        A JSON literal escaped for ``<script>``, or a quoted ``"gz:<base64>"``.
    """
    packed = None
    if compress is not False:
        packed = _container(payload)
        if compress is None:
            compress = len(packed) > GZIP_THRESHOLD
    if not compress:
        raw = json.dumps(
            _plain(payload), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        return escape_json(raw)
    assert packed is not None
    zipped = gzip.compress(packed, compresslevel=_GZIP_LEVEL, mtime=0)
    return '"gz:' + base64.b64encode(zipped).decode("ascii") + '"'


def _unpack(blob: bytes) -> dict:
    """Read the binary container back into the plain JSON form."""
    if blob[:4] != _MAGIC:
        raise ValueError("not a conflict_geo payload container")
    size = int.from_bytes(blob[4:8], "little")
    header = json.loads(blob[8 : 8 + size].decode("utf-8"))
    base = 8 + size + (-(8 + size) % 8)
    n = header["n"]

    def texts(ref: Any) -> Any:
        if not isinstance(ref, dict):
            return ref
        raw = blob[base + ref["o"] : base + ref["o"] + ref["l"]].decode("utf-8")
        return raw.split(ref["p"]) if ref["c"] else []

    for col in header["cols"].values():
        ref = col.get("d")
        if col.get("e") == "r":
            col["d"] = [t or None for t in texts(ref)]
        elif isinstance(ref, dict):
            if ref["t"] == "k":
                values = [ref["v"]] * n
            elif ref["t"] == "f64":
                data = np.frombuffer(blob, "<f8", count=n, offset=base + ref["o"])
                values = [None if v != v else int(v) for v in data.tolist()]
            else:
                dtype, marker = _DTYPES[ref["t"]]
                data = np.frombuffer(blob, dtype, count=n, offset=base + ref["o"])
                values = data.tolist()
                if col.get("e") == "n":
                    values = [None if v == marker else v for v in values]
            if "b" in col:
                values[0] += col.pop("b")
            col["d"] = values
        if col.get("e") == "s":
            col["k"] = texts(col["k"])
    return header


def decode_payload(expression: str) -> dict:
    """Decode what :func:`embed_payload` wrote (for tests and debugging).

    Parameters
    ----------
    expression : str
        The embedded JavaScript expression.

    Returns
    -------
    dict
        The payload in its plain JSON form (arrays as lists, ``None`` for a
        missing number), whichever form was embedded.
    """
    expression = expression.strip()
    if expression.startswith('"gz:'):
        packed = base64.b64decode(expression[4:-1])
        return _unpack(gzip.decompress(packed))
    return json.loads(expression)
