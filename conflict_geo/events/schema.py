"""The one column schema shared by every event table.

Text extraction, UCDP GED and ACLED readers and our own GeoJSON all produce a
GeoDataFrame (EPSG:4326) with exactly :data:`EVENT_COLUMNS` plus ``geometry``,
in this order, so layers and maps never guess column names.

=====================  =========  ==================================================
column                 dtype      meaning
=====================  =========  ==================================================
event_id               string     stable id: ``ucdp:<id>``, ``acled:<id>``,
                                  ``text:<doc>:<n>``
dataset                string     where the row comes from: ``text``, ``ucdp``,
                                  ``acled``, ``geojson``
event_type             string     one of :data:`EVENT_TYPES`
sub_type               string     finer type when known (``air strike``,
                                  ``barrel bomb``, ``Shelling/artillery/missile``)
place                  string     resolved place name (gazetteer spelling)
country                string     ISO 3166-1 alpha-2 code
admin1                 string     first-level division name
lat, lon               float64    representative point (NaN when unlocated)
precision              Int64      1 exact place, 2 within ~25 km, 3 district,
                                  4 province, 5 fuzzy/linear, 6 country,
                                  7 sea/air (UCDP ``where_prec``)
fatalities             Int64      best estimate of people killed (latest toll)
fatalities_low         Int64      lower bound when the source gives one
fatalities_high        Int64      upper bound ("plus de 89" gives low 89)
fatalities_earlier     Int64      an earlier toll the source revised
injured                Int64      people wounded
actor                  string     who acted (side A)
target                 string     who or what was hit (side B, a school …)
source                 string     who reported it (OSDH, AFP …)
date                   datetime   start date, day resolution (NaT when unknown);
                                  ``datetime64[s]``: years 1 to 9999
date_end               datetime   end date when the event spans days
date_precision         string     ``day``, ``week``, ``month``, ``year`` or ``""``
status                 string     ``planned``, ``ongoing``, ``done`` or ``held``
                                  (a holding claim: "rebel-held", "aux mains
                                  de"; a change of hands is ``done``)
aggregate              boolean    a roll-up over a period or an area ("89 morts
                                  en sept jours dans la province"): never
                                  summed with the incidents it covers
evidence               string     every sentence that reports the event, as
                                  ``start-end`` offsets in ``doc`` joined by
                                  ``;`` (``sentence`` is the most informative)
sentence               string     the source sentence (untrusted text)
doc                    string     document or file the event came from
start, end             Int64      character offsets of the sentence in ``doc``
confidence             float64    0..1
notes                  string     provenance notes (dataset notes, earlier tolls)
fatalities_history     object     every distinct toll reported for the event, the
                                  oldest first, as a tuple of int (None: no toll)
incident_id            string     the incident a report belongs to, set by
                                  :func:`~conflict_geo.incidents.fuse.fuse`
reports                Int64      how many reports (dispatches, dataset rows) tell
                                  the incident; null before fusion
docs                   object     the documents or dataset rows that tell the
                                  incident, as a tuple of str; null before fusion
=====================  =========  ==================================================

The last four columns are those of a fused table: ``fuse`` gives one row per
incident with ``reports``, ``docs``, the latest toll in ``fatalities`` and
every toll in ``fatalities_history``; a table of reports keeps them null
(except ``fatalities_history``, which text extraction fills).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from conflict_geo.events.types import EVENT_SPECS

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_DTYPES",
    "DATE_DTYPE",
    "EVENT_TYPES",
    "HOLDING_STATUSES",
    "PERIODS",
    "PRECISION_LABELS",
    "STATUSES",
    "TUPLE_COLUMNS",
    "empty_events",
    "event_spans",
    "events_frame",
    "to_dates",
]

#: Every event type, from :data:`~conflict_geo.events.types.EVENT_SPECS`.
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_SPECS)
STATUSES: tuple[str, ...] = ("planned", "ongoing", "done", "held")
#: Statuses of a control claim that say who holds a place now (control zones).
HOLDING_STATUSES: tuple[str, ...] = ("held", "done")
PRECISION_LABELS: dict[int, str] = {
    1: "exact place",
    2: "within about 25 km",
    3: "district",
    4: "province",
    5: "fuzzy or linear area",
    6: "country",
    7: "sea or air",
}

#: Dates at second resolution: years 1 to 9999 fit (nanoseconds stop at
#: 1677-09-21 and 2262-04-11, and UCDP or a typo can name years outside).
DATE_DTYPE = "datetime64[s]"

EVENT_DTYPES: dict[str, str] = {
    "event_id": "string",
    "dataset": "string",
    "event_type": "string",
    "sub_type": "string",
    "place": "string",
    "country": "string",
    "admin1": "string",
    "lat": "float64",
    "lon": "float64",
    "precision": "Int64",
    "fatalities": "Int64",
    "fatalities_low": "Int64",
    "fatalities_high": "Int64",
    "fatalities_earlier": "Int64",
    "injured": "Int64",
    "actor": "string",
    "target": "string",
    "source": "string",
    "date": DATE_DTYPE,
    "date_end": DATE_DTYPE,
    "date_precision": "string",
    "status": "string",
    "aggregate": "boolean",
    "sentence": "string",
    "doc": "string",
    "start": "Int64",
    "end": "Int64",
    "evidence": "string",
    "confidence": "float64",
    "notes": "string",
    "fatalities_history": "object",
    "incident_id": "string",
    "reports": "Int64",
    "docs": "object",
}
#: Columns holding a tuple per row (JSON lists in GeoJSON).
TUPLE_COLUMNS: tuple[str, ...] = ("fatalities_history", "docs")
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_DTYPES)
_COLUMN_SET = frozenset(EVENT_COLUMNS)
_DATETIMES = frozenset(c for c, t in EVENT_DTYPES.items() if t.startswith("datetime"))
_FLOATS = frozenset(c for c, t in EVENT_DTYPES.items() if t == "float64")


@functools.cache
def _wgs84() -> Any:
    """EPSG:4326 as a ``pyproj.CRS``, built once."""
    import pyproj

    return pyproj.CRS.from_epsg(4326)


@functools.cache
def _dtypes() -> dict[str, Any]:
    """:data:`EVENT_DTYPES` as pandas dtype objects (parsing a name costs)."""
    import pandas as pd

    return {c: pd.api.types.pandas_dtype(t) for c, t in EVENT_DTYPES.items()}


def to_dates(values: Iterable[Any]) -> Any:
    """Convert dates to a ``datetime64[s]`` array, years 1 to 9999.

    Strings are ISO 8601 (``2016``, ``2016-03``, ``2016-03-05``, with a time or
    not); ``datetime.date``, ``Timestamp`` and ``datetime64`` values are taken
    as they are, time zones dropped after conversion to UTC. What cannot be
    read becomes NaT.

    Parameters
    ----------
    values : iterable
        Dates, strings or nulls.

    Returns
    -------
    numpy.ndarray
        Of dtype ``datetime64[s]``.

    Examples
    --------
    >>> days = to_dates(["0001-01-01", "9999-12-31", "2016-03", None, "soon"])
    >>> days.dtype, days.astype("datetime64[D]").astype(str).tolist()
    (dtype('<M8[s]'), ['0001-01-01', '9999-12-31', '2016-03-01', 'NaT', 'NaT'])
    """
    import datetime as dt

    import numpy as np
    import pandas as pd

    values = list(values)
    out = np.full(len(values), np.datetime64("NaT"), dtype=DATE_DTYPE)
    for pos, value in enumerate(values):
        out[pos] = _one_date(value, dt, np, pd)
    return out


def _one_date(value: Any, dt: Any, np: Any, pd: Any) -> Any:
    """One value as ``datetime64[s]`` (NaT when it is no date)."""
    if value is None or value is pd.NaT:
        return np.datetime64("NaT")
    if isinstance(value, dt.datetime | pd.Timestamp):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return np.datetime64(value.replace(microsecond=0), "s")
    if isinstance(value, dt.date):
        return np.datetime64(value, "s")
    if isinstance(value, np.datetime64):
        return value.astype(DATE_DTYPE)
    if isinstance(value, str):
        return _iso_date(value.strip(), dt, np)
    try:
        if pd.isna(value):
            return np.datetime64("NaT")
    except (TypeError, ValueError):
        pass
    return np.datetime64("NaT")


def _iso_date(text: str, dt: Any, np: Any) -> Any:
    """Read an ISO 8601 date or date-time as ``datetime64[s]`` (or NaT)."""
    if len(text) in (4, 7) and text[:4].isdigit():
        text = f"{text}-01-01"[:10] if len(text) == 4 else f"{text}-01"
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return np.datetime64("NaT")
    if stamp.tzinfo is not None:
        try:
            stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:
            stamp = stamp.replace(tzinfo=None)
    return np.datetime64(stamp.replace(microsecond=0), "s")


def _as_tuple(value: Any) -> tuple[Any, ...] | None:
    """Return a tuple column's value: a tuple, or None for null and empty values.

    Examples
    --------
    >>> _as_tuple([16, 22]), _as_tuple(None), _as_tuple(()), _as_tuple("a.txt")
    ((16, 22), None, None, ('a.txt',))
    """
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(value) or None
    import pandas as pd

    return None if pd.isna(value) else (value,)


#: ``date_precision`` values that make a date without an end cover a period.
PERIODS: tuple[str, ...] = ("week", "month", "year")


def event_spans(start: Any, end: Any, precision: Any) -> Any:
    """Return the last day of each event: its end, or its period when imprecise.

    An event dated only to a week, a month or a year (``date_precision``) with
    no ``date_end`` covers that whole period, so the time slider shows it for
    every day of it.

    Parameters
    ----------
    start, end : numpy.ndarray
        ``datetime64[D]`` start and end dates (NaT when unknown).
    precision : numpy.ndarray
        ``date_precision`` values (``"day"``, ``"week"``, ``"month"``...).

    Returns
    -------
    numpy.ndarray
        ``datetime64[D]`` last days, never before the start (NaT when undated).

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array(["2021-10-01", "2021-10-04", "2020-01-01"], "datetime64[D]")
    >>> nat = np.full(3, np.datetime64("NaT", "D"))
    >>> last = event_spans(d, nat, np.array(["month", "week", "year"]))
    >>> [str(x) for x in last]
    ['2021-10-31', '2021-10-10', '2020-12-31']
    """
    import numpy as np

    one = np.timedelta64(1, "D")
    last = np.where(np.isnat(end) | (end < start), start, end)
    loose = (
        np.isnat(end)
        & ~np.isnat(start)
        & np.isin(precision, np.array(PERIODS, dtype=object))
    )
    if loose.any():  # few rows: most events are dated to a day
        first, kind = start[loose], precision[loose]
        month_end = (first.astype("datetime64[M]") + 1).astype("datetime64[D]") - one
        year_end = (first.astype("datetime64[Y]") + 1).astype("datetime64[D]") - one
        last[loose] = np.where(
            kind == "month",
            month_end,
            np.where(kind == "year", year_end, first + 6 * one),
        )
    return last


def empty_events() -> geopandas.GeoDataFrame:
    """Return an empty event table with the full schema.

    Returns
    -------
    geopandas.GeoDataFrame
        Zero rows, every column of :data:`EVENT_COLUMNS` plus ``geometry``.
    """
    return events_frame([])


def events_frame(
    records: Iterable[Mapping[str, Any]], geometries: Iterable[Any] | None = None
) -> geopandas.GeoDataFrame:
    """Build an event GeoDataFrame with the shared schema.

    Parameters
    ----------
    records : iterable of mapping
        One mapping per event; missing keys become nulls, unknown keys are an
        error (a misspelt column would otherwise vanish silently).
    geometries : iterable of shapely geometries, optional
        One per record. By default a Point is made from ``lon``/``lat`` where
        both are finite, and an empty geometry otherwise: an event is never put
        at (0, 0) for want of coordinates.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326, columns in :data:`EVENT_COLUMNS` order plus ``geometry``.
    """
    import geopandas
    import numpy as np
    import pandas as pd
    import shapely

    rows = [r if isinstance(r, dict) else dict(r) for r in records]
    unknown = {k for r in rows for k in r} - _COLUMN_SET
    if unknown:
        raise KeyError(f"unknown event columns: {sorted(unknown)}")
    # one typed array per column, built once: assigning and re-casting the
    # columns of a frame costs more than extracting a short dispatch
    n = len(rows)
    columns: dict[str, Any] = {}
    for col, dtype in _dtypes().items():
        values = [r.get(col) for r in rows]
        if col in _DATETIMES:
            columns[col] = to_dates(values)
        elif col in TUPLE_COLUMNS:
            columns[col] = pd.array([_as_tuple(v) for v in values], dtype=dtype)
        elif col in _FLOATS:
            arr = np.array(values, dtype=object)
            columns[col] = pd.to_numeric(arr, errors="coerce").astype("float64")
        else:
            columns[col] = pd.array(values, dtype=dtype)
    if geometries is None:
        lon, lat = columns["lon"], columns["lat"]
        ok = np.isfinite(lon) & np.isfinite(lat)
        geoms = np.full(n, shapely.Point(), dtype=object)
        geoms[ok] = shapely.points(lon[ok], lat[ok])
    else:
        geoms = np.empty(n, dtype=object)
        geoms[:] = list(geometries)
    columns["geometry"] = geopandas.array.from_shapely(geoms, crs=_wgs84())
    frame = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    # every array above is new and owned by the frame: copying it again (the
    # default when a geometry column is named) costs more than building it
    return geopandas.GeoDataFrame(frame, geometry="geometry", copy=False)
