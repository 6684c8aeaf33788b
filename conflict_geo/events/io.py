"""Read any event file into the event schema; read and write our GeoJSON.

:func:`read_events` sniffs the format (UCDP GED CSV, ACLED CSV or the GeoJSON
written by :func:`write_geojson`) and dispatches. Every reader returns a
GeoDataFrame with exactly :data:`~conflict_geo.events.schema.EVENT_COLUMNS`
plus ``geometry`` and lists per-row problems (bad dates, bad numbers, missing
coordinates) in ``frame.attrs["unmapped"]`` as
``{"row": n, "event_id": ..., "reason": ...}``, ``row`` 1 being the first
record; rows are never dropped.

This module also holds the low-level helpers the dataset readers share: file
access with UTF-8 errors that name the byte offset, and lenient column
conversion that records what it could not convert.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import tempfile
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from conflict_geo.events.schema import (
    DATE_DTYPE,
    EVENT_COLUMNS,
    EVENT_DTYPES,
    TUPLE_COLUMNS,
    events_frame,
)
from conflict_geo.exc import InputError, OutputError, ParseError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import geopandas

__all__ = [
    "CRS_HINT",
    "outside_wgs84",
    "read_events",
    "read_geojson",
    "to_geojson",
    "write_geojson",
    "write_json_atomic",
]

logger = logging.getLogger(__name__)

_MISSING = frozenset({"", "na", "nan", "null", "none", "n/a"})
_DECIMALS = 6
#: Largest count read from a file: integers past 2**53 are not exact as floats
#: (a cell ``1e30`` must not sink the whole file by overflowing Int64).
_MAX_COUNT = 2**53


# -- shared helpers (used by conflict_geo.events.datasets) -------------------


class _Problems:
    """Per-row problems, reported as ``frame.attrs["unmapped"]``.

    ``lines`` (optional) gives each row's first line in the file: the records
    then carry a ``line`` key, so a message can name where to look.
    """

    def __init__(self, ids: pd.Series, lines: list[int] | None = None) -> None:
        self._ids = ids
        self._lines = lines
        self._items: list[tuple[int, str]] = []
        self._unread: dict[int, str] = {}

    def add(self, mask: pd.Series, reason: str | pd.Series) -> None:
        for pos in np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False)):
            text = reason if isinstance(reason, str) else str(reason.iloc[pos])
            self._items.append((int(pos), text))

    def add_unread(self, reasons: Mapping[int, str]) -> None:
        """Record rows that could not be read: their one reason replaces others."""
        self._unread.update(reasons)

    def records(self) -> list[dict[str, Any]]:
        items = [item for item in self._items if item[0] not in self._unread]
        items = sorted([*items, *self._unread.items()], key=lambda item: item[0])
        ids = self._ids.astype(object).where(self._ids.notna(), None).tolist()
        out = []
        for pos, why in items:
            record = {"row": pos + 1, "event_id": ids[pos], "reason": why}
            if self._lines is not None:
                record["line"] = self._lines[pos]
            out.append(record)
        return out


def _read_bytes(path: str | PathLike[str], limit: int = -1) -> tuple[Path, bytes]:
    """Read a file (the first ``limit`` bytes); a missing file is an InputError."""
    source = Path(path)
    try:
        with source.open("rb") as handle:
            return source, handle.read(limit)
    except FileNotFoundError:
        raise InputError("no such file", source=str(source)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", source=str(source)) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", source=str(source)) from err


def _decode(data: bytes, source: Path) -> str:
    """Decode UTF-8 (BOM allowed) or raise a ParseError naming the byte offset."""
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as err:
        at = err.start + skip
        raise ParseError(
            f"not valid UTF-8: byte 0x{data[at]:02x} at byte offset {at}; "
            "re-export or convert the file to UTF-8",
            source=str(source),
            line=data.count(b"\n", 0, at) + 1,
        ) from None


def _read_text(path: str | PathLike[str]) -> tuple[Path, str]:
    """Read a whole UTF-8 file; an empty file is a ParseError."""
    source, data = _read_bytes(path)
    text = _decode(data, source)
    if not text.strip():
        raise ParseError("empty file", source=str(source))
    return source, text


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    """Column ``name`` of an all-text table, stripped; ``""`` when absent."""
    if name in raw.columns:
        return raw[name].astype(str).str.strip()
    return pd.Series("", index=raw.index, dtype=str)


def _blank(values: pd.Series) -> pd.Series:
    return values.str.lower().isin(_MISSING)


def _text(raw: pd.DataFrame, name: str) -> pd.Series:
    values = _col(raw, name)
    return values.mask(_blank(values)).astype("string")


def _number(
    raw: pd.DataFrame, name: str, problems: _Problems, integer: bool = True
) -> pd.Series:
    """Parse a numeric column; garbage (or a non-integer/negative count) is null."""
    values = _col(raw, name)
    number = pd.to_numeric(values.mask(_blank(values)), errors="coerce")
    number = number.astype("float64")
    bad = number.isna() & ~_blank(values)
    if integer:
        wrong = (number % 1 != 0) | (number < 0) | (number > _MAX_COUNT)
    else:
        wrong = ~np.isfinite(number)
    bad |= number.notna() & wrong
    problems.add(bad, "bad " + name + " " + values.map(repr))
    number = number.mask(bad)
    return number.astype("Int64") if integer else number.astype("float64")


def _dates(
    raw: pd.DataFrame, name: str, problems: _Problems, formats: tuple[str, ...]
) -> pd.Series:
    """Parse dates trying each format in turn; unparsable ones are NaT."""
    values = _col(raw, name)
    given = values.mask(_blank(values))
    parsed = pd.Series(pd.NaT, index=raw.index, dtype=DATE_DTYPE)
    for fmt in formats:
        attempt = pd.to_datetime(given, format=fmt, errors="coerce")
        parsed = parsed.fillna(attempt.astype(DATE_DTYPE))
    problems.add(parsed.isna() & given.notna(), "bad " + name + " " + values.map(repr))
    return parsed


def _finish(
    columns: dict[str, Any],
    index: pd.Index,
    problems: _Problems,
    source: Path,
    geometries: list[Any] | None = None,
) -> geopandas.GeoDataFrame:
    """Build the event frame from converted columns and attach the problems."""
    table = pd.DataFrame({c: columns[c] for c in EVENT_COLUMNS if c in columns})
    table = table.reindex(index)
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    frame = events_frame(records, geometries)
    frame.attrs["unmapped"] = unmapped = problems.records()
    if unmapped:
        rows = len({p["row"] for p in unmapped})
        logger.warning(
            "%s: %d problem(s) in %d row(s) kept with nulls; "
            "see frame.attrs['unmapped']",
            source,
            len(unmapped),
            rows,
        )
    return frame


# -- reading ---------------------------------------------------------------


def read_events(path: str | PathLike[str]) -> geopandas.GeoDataFrame:
    """Read an event file, whatever its format, into the event schema.

    Parameters
    ----------
    path : str or path-like
        A UCDP GED CSV, an ACLED CSV or a GeoJSON file written by
        :func:`write_geojson`; the format is sniffed from the content.

    Returns
    -------
    geopandas.GeoDataFrame
        The events, with per-row problems in ``attrs["unmapped"]``.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file is empty, not UTF-8, malformed or of an unknown format.
    """
    # Imported here: the dataset readers build on the helpers above.
    from conflict_geo.events import datasets

    readers = {
        "ucdp": datasets.read_ucdp,
        "acled": datasets.read_acled,
        "geojson": read_geojson,
    }
    return readers[datasets.detect_format(path)](path)


def _features(text: str, source: Path) -> list[dict[str, Any]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(
            f"invalid JSON (truncated file?): {err.msg}",
            source=str(source),
            line=err.lineno,
            offset=err.pos,
        ) from None
    if not (isinstance(doc, dict) and doc.get("type") == "FeatureCollection"):
        raise ParseError("not a GeoJSON FeatureCollection", source=str(source))
    features = doc.get("features")
    if not isinstance(features, list):
        raise ParseError("'features' is not a list", source=str(source))
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(feature, dict) or not isinstance(props, dict | None):
            raise ParseError(f"feature {number} is not a Feature", source=str(source))
    return features


def _shape(geometry: Any, number: int, source: Path) -> Any:
    import shapely.geometry

    if geometry is None:
        return None
    try:
        return shapely.geometry.shape(geometry)
    except Exception as err:  # shapely raises several types for bad input
        raise ParseError(
            f"feature {number} has an invalid geometry: {err}", source=str(source)
        ) from None


#: What to do with coordinates outside WGS84 ranges.
CRS_HINT = (
    "coordinates must be longitude and latitude in degrees (WGS84, EPSG:4326); "
    "these look projected (metres?): reproject them, e.g. "
    "`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson` or GeoDataFrame.to_crs(4326)"
)


def outside_wgs84(shape: Any) -> tuple[float, float] | None:
    """Return a coordinate pair of ``shape`` outside WGS84 ranges, or None.

    Examples
    --------
    >>> import shapely
    >>> outside_wgs84(shapely.Point(36.2, 35.1)) is None
    True
    >>> outside_wgs84(shapely.box(4030000.0, 4180000.0, 4040000.0, 4190000.0))
    (4030000.0, 4180000.0)
    """
    if shape is None or shape.is_empty:
        return None
    minx, miny, maxx, maxy = shape.bounds
    for x, y in ((minx, miny), (maxx, maxy)):
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            return (x, y)
    return None


def _null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _listed(value: Any) -> tuple[Any, ...] | None:
    """Read a JSON list (or a single value) as a tuple; null and ``[]`` as None."""
    if isinstance(value, list | tuple):
        return tuple(value) or None
    return None if _null(value) else (value,)


def _from_properties(props: pd.DataFrame, problems: _Problems) -> dict[str, Any]:
    """Convert raw property values to the schema dtypes, recording bad ones."""
    raw = props.map(lambda v: "" if _null(v) else str(v))
    columns: dict[str, Any] = {}
    for col, dtype in EVENT_DTYPES.items():
        if col in TUPLE_COLUMNS:
            columns[col] = props[col].map(_listed)
        elif dtype == "string":
            columns[col] = props[col].map(lambda v: None if _null(v) else str(v))
        elif dtype.startswith("datetime"):
            columns[col] = _dates(raw, col, problems, ("ISO8601",))
        elif dtype == "boolean":
            columns[col] = _flags(props[col], col, problems)
        else:
            columns[col] = _number(raw, col, problems, integer=dtype == "Int64")
    return columns


#: How a flag may be written in a GeoJSON property (JSON booleans first).
_FLAGS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _flags(values: pd.Series, col: str, problems: _Problems) -> list[bool | None]:
    """Read a boolean column: JSON booleans, or true/false, 1/0, yes/no."""
    out: list[bool | None] = []
    bad = []
    for v in values:
        word = str(v).strip().lower()
        if _null(v):
            out.append(None)
        elif isinstance(v, bool):
            out.append(v)
        elif word in _FLAGS:
            out.append(_FLAGS[word])
        else:
            out.append(None)
        bad.append(out[-1] is None and not _null(v))
    if any(bad):
        mask = pd.Series(bad, index=values.index)
        problems.add(mask, values.map(lambda v: f"bad {col} {str(v)[:40]!r}"))
    return out


def read_geojson(path: str | PathLike[str]) -> geopandas.GeoDataFrame:
    """Read a GeoJSON FeatureCollection of events, as written by :func:`write_geojson`.

    Unknown property keys are ignored and missing ones are null. Polygon
    geometries (events located on a whole area) are kept, with ``lat``/``lon``
    from the properties; a Point without ``lat``/``lon`` properties supplies
    them.

    Parameters
    ----------
    path : str or path-like
        The ``.geojson`` file, UTF-8.

    Returns
    -------
    geopandas.GeoDataFrame
        The events; values that do not convert are null and listed in
        ``attrs["unmapped"]``.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file is empty, not UTF-8, not JSON (e.g. truncated) or not a
        FeatureCollection, or a geometry is invalid.
    """
    source, text = _read_text(path)
    features = _features(text, source)
    shapes = [_shape(f.get("geometry"), n, source) for n, f in enumerate(features, 1)]
    props = pd.DataFrame.from_records(
        [f.get("properties") or {} for f in features], columns=list(EVENT_COLUMNS)
    ).astype(object)
    for i, shape in enumerate(shapes):
        if shape is not None and shape.geom_type == "Point" and not shape.is_empty:
            for col, value in (("lon", shape.x), ("lat", shape.y)):
                if pd.isna(props.at[i, col]):
                    props.at[i, col] = value
    problems = _Problems(props["event_id"])
    outside = {
        i: f"feature {i + 1}: coordinates {xy} outside WGS84 ranges; {CRS_HINT}"
        for i, xy in enumerate(map(outside_wgs84, shapes))
        if xy is not None
    }
    if outside and len(outside) == len(shapes):
        raise ParseError(next(iter(outside.values())), source=str(source))
    for i in outside:  # a stray feature: reported and kept off the map
        shapes[i] = None
        props.loc[i, ["lat", "lon"]] = None
    problems.add_unread(outside)
    columns = _from_properties(props, problems)
    columns["dataset"] = columns["dataset"].fillna("geojson")
    geometries = [
        _geometry_or_point(s, la, lo)
        for s, la, lo in zip(shapes, columns["lat"], columns["lon"], strict=True)
    ]
    return _finish(columns, props.index, problems, source, geometries)


def _geometry_or_point(shape: Any, lat: float, lon: float) -> Any:
    import shapely

    if shape is not None:
        return shape
    if math.isfinite(lat) and math.isfinite(lon):
        return shapely.Point(lon, lat)
    return shapely.Point()


# -- writing ---------------------------------------------------------------


def _checked(events: Any) -> geopandas.GeoDataFrame:
    import geopandas

    if not isinstance(events, geopandas.GeoDataFrame):
        raise InputError(f"expected an event GeoDataFrame, got {type(events).__name__}")
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise InputError(f"not an event table: missing column(s) {', '.join(missing)}")
    if events.crs is not None and not events.crs.equals("EPSG:4326"):
        events = events.to_crs("EPSG:4326")
    return events


def _json_column(values: pd.Series, col: str) -> list[Any]:
    """Plain JSON values for one schema column: ISO dates, int, float, str, None."""
    dtype = EVENT_DTYPES[col]
    try:
        values = values.astype(dtype)
    except (TypeError, ValueError) as err:
        raise InputError(f"column {col!r} is not {dtype}: {err}") from None
    if dtype.startswith("datetime"):
        values = values.dt.strftime("%Y-%m-%d")
    elif col in ("lat", "lon"):
        values = values.round(_DECIMALS)
    out = values.astype(object).where(values.notna(), None).tolist()
    return [None if isinstance(v, float) and not math.isfinite(v) else v for v in out]


def _json_geometry(geometry: Any) -> dict[str, Any] | None:
    import shapely
    import shapely.geometry

    if geometry is None or geometry.is_empty:
        return None
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, _DECIMALS))
    return json.loads(json.dumps(shapely.geometry.mapping(rounded)))


def to_geojson(events: geopandas.GeoDataFrame) -> dict[str, Any]:
    """Convert an event table to a GeoJSON FeatureCollection mapping.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        An event table with every column of
        :data:`~conflict_geo.events.schema.EVENT_COLUMNS`.

    Returns
    -------
    dict
        One Feature per row: its geometry (a Point, or the polygon when the
        event is drawn on an area; ``None`` when unlocated), coordinates
        rounded to 6 decimals, and every schema column as properties with
        dates as ``YYYY-MM-DD`` and nulls as ``None``.

    Raises
    ------
    InputError
        ``events`` is not an event table.
    """
    frame = _checked(events)
    columns = list(EVENT_COLUMNS)
    values = [_json_column(frame[col], col) for col in columns]
    features = [
        {
            "type": "Feature",
            "geometry": _json_geometry(geometry),
            "properties": dict(zip(columns, row, strict=True)),
        }
        for geometry, row in zip(frame.geometry, zip(*values, strict=True), strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def write_json_atomic(data: Any, path: str | PathLike[str]) -> Path:
    """Write a JSON document atomically (temporary file, then rename).

    Parameters
    ----------
    data : Any
        JSON-serialisable; NaN is refused.
    path : str or path-like
        Target file.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        ``path`` is a folder, or the file cannot be written (read-only folder,
        full disk); an earlier file at ``path`` is left untouched.
    """
    target = Path(path)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    if target.is_dir():
        raise OutputError(
            f"{target} is a folder; give a file name, e.g. {target}/events.geojson"
        )
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise OutputError(
                f"cannot write {target}: {err.strerror}; it was left as it was"
            ) from None
        raise
    return target


def write_geojson(events: geopandas.GeoDataFrame, path: str | PathLike[str]) -> Path:
    """Write an event table as GeoJSON, atomically.

    The text goes to a temporary file in the target directory which then
    replaces ``path``, so readers never see a half-written file.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        An event table (see :func:`to_geojson`).
    path : str or path-like
        Where to write, usually ``*.geojson``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError
        ``events`` is not an event table or the directory is not writable.
    """
    return write_json_atomic(to_geojson(events), path)
