"""Read what fusion compares from an event table, one row per report.

:func:`report_table` reads, once, what :mod:`conflict_geo.incidents.compare`
needs of every row of any event table (text, UCDP GED, ACLED, our GeoJSON):
the family and status group of its type, its place
(:class:`~conflict_geo.incidents.compare.Site`: a division's name in one
spelling, the country and division of a point that lacks them), its dates as
days, the reports it stands for, the camps of its actors, and its rank in an
order that depends on what it reports only.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from conflict_geo.events.roles import government_of
from conflict_geo.events.schema import event_spans, to_dates
from conflict_geo.events.types import PART_CAPTURED, spec_of
from conflict_geo.exc import InputError
from conflict_geo.incidents.compare import AREA_PRECISIONS, STATUS_GROUP, Site
from conflict_geo.text.dates import Reference
from conflict_geo.text.normalize import fold

if TYPE_CHECKING:
    import geopandas

__all__ = ["NO_DAY", "UNDATED", "admin1_key", "camps", "day_spans", "report_table"]

#: An unknown date, as days since 1970.
NO_DAY = np.iinfo(np.int64).min


def _fold(text: str) -> str:
    """Fold case, accents and punctuation, and drop spaces ("Dar'a" -> "dara")."""
    return fold(text).replace(" ", "")


_ADMIN1_WORDS = ("governorate", "province", "muhafazat", "gouvernorat")


@functools.cache
def _admin1_names() -> dict[tuple[str, str], str]:
    """(country, folded name or alternative) -> the division's own name."""
    from conflict_geo.places.boundaries import admin1_areas

    areas = admin1_areas()
    out: dict[tuple[str, str], str] = {}
    for country, name, alts in zip(
        areas["country"], areas["name"], areas["name_alt"], strict=True
    ):
        for label in (*alts, name):  # the name last: it wins over alternatives
            out[(str(country), _fold(str(label)))] = str(name)
    return out


def admin1_key(name: Any, country: Any) -> str | None:
    """Return one spelling of a first-level division ("Idleb", "Idlib" agree).

    Examples
    --------
    >>> admin1_key("Idleb Governorate", "SY") == admin1_key("Idlib", "SY")
    True
    """
    if not isinstance(name, str) or not name.strip():
        return None
    folded = _fold(name)
    for word in _ADMIN1_WORDS:
        if folded.endswith(word) and len(folded) > len(word):
            folded = folded[: -len(word)]
    known = _admin1_names().get((str(country or ""), folded))
    return _fold(known) if known else folded


@functools.cache
def _actor_table() -> dict[str, Any]:
    from conflict_geo.lang import shared_actors

    return dict(shared_actors()["actor"])


def camps(names: Any, country: Any = None) -> frozenset[str]:
    """Return the camps of the actors named (" and " or ";" between names).

    Actors the table does not know (a dataset's own names) have no camp:
    they contradict nobody. "Government forces" fight in the camp of the
    country's government.

    Examples
    --------
    >>> sorted(camps("Russia and Free Syrian Army"))
    ['rebels', 'syrian-government']
    >>> camps("Government forces", "SY") == camps("Syrian government")
    True
    >>> camps("Government of Syria")
    frozenset()
    """
    if not isinstance(names, str):
        return frozenset()
    table = _actor_table()
    out = set()
    for part in names.replace(";", " and ").split(" and "):
        spec = table.get(part.strip())
        if spec is None:
            continue
        camp = spec.get("camp")
        if camp is None:
            government = government_of(country if isinstance(country, str) else None)
            camp = (table.get(government or "") or {}).get("camp")
        if camp:
            out.add(str(camp))
    return frozenset(out)


def _sides(actor: Any, target: Any, family: str, sub_type: Any, country: Any) -> Any:
    """(winners, losers): who did it or took the place, who lost it."""
    if family != "control":
        return camps(actor, country), frozenset()
    if sub_type == "lost":  # "the SDF withdrew": the actor lost the place
        return frozenset(), camps(target, country) | camps(actor, country)
    return camps(actor, country), camps(target, country)


def _dates(values: pd.Series) -> np.ndarray:
    """Return dates as ``datetime64[D]`` (NaT when unknown)."""
    if values.dtype.kind == "M":
        stamps = values.to_numpy("datetime64[s]")
    elif isinstance(values.dtype, pd.DatetimeTZDtype):
        stamps = values.dt.tz_localize(None).to_numpy("datetime64[s]")
    else:
        stamps = to_dates(values.tolist())
    return stamps.astype("datetime64[D]")


def _day_numbers(days: np.ndarray) -> np.ndarray:
    """Return ``datetime64[D]`` as days since 1970 (:data:`NO_DAY` for NaT)."""
    out = days.astype(np.int64)
    out[np.isnat(days)] = NO_DAY
    return out


def _first_last(start: Any, end: Any, precision: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return the first and last day of each date, a period to its end."""
    first = _dates(pd.Series(start))
    last = event_spans(first, _dates(pd.Series(end)), np.asarray(precision, object))
    return _day_numbers(first), _day_numbers(last)


def day_spans(
    dates: Any, precisions: Any, ends: Any = None
) -> list[tuple[int, int] | None]:
    """Dates as (first day, last day) since 1970, periods to their end.

    Parameters
    ----------
    dates : sequence
        ISO strings, dates or timestamps (None: unknown).
    precisions : sequence of str
        ``day``, ``week``, ``month`` or ``year`` for each.
    ends : sequence, optional
        End dates.

    Returns
    -------
    list of (int, int) or None

    Examples
    --------
    >>> day_spans(["2016-10-26", "2016-10", None], ["day", "month", ""])
    [(17100, 17100), (17075, 17105), None]
    """
    dates = list(dates)
    start, stop = _first_last(
        pd.Series(dates, dtype=object),
        pd.Series(
            list(ends) if ends is not None else [None] * len(dates), dtype=object
        ),
        list(precisions),
    )
    return [
        (int(a), int(b)) if a != NO_DAY else None
        for a, b in zip(start.tolist(), stop.tolist(), strict=True)
    ]


def _text(values: pd.Series) -> list[Any]:
    """Return a column as Python values, None for nulls."""
    return [None if v is None or v is pd.NA or v != v else v for v in values.tolist()]


def _report_keys(events: pd.DataFrame) -> list[frozenset[str]]:
    """Return the reports each row stands for.

    Its ``docs`` (a fused row), its document (text), or the row itself (a
    dataset row, by its id).
    """
    docs = events["docs"].tolist() if "docs" in events else [None] * len(events)
    datasets = _text(events["dataset"].astype("string"))
    names = _text(events["doc"].astype("string"))
    ids = _text(events["event_id"].astype("string"))
    out = []
    for pos, (listed, dataset, doc, eid) in enumerate(
        zip(docs, datasets, names, ids, strict=True)
    ):
        if isinstance(listed, tuple | list) and listed:
            out.append(frozenset(map(str, listed)))
        elif dataset in (None, "text", "geojson") and doc:
            out.append(frozenset({str(doc)}))
        else:
            out.append(frozenset({str(eid) if eid else f"row {pos + 1}"}))
    return out


def _fill_places(
    lat: np.ndarray, lon: np.ndarray, country: list[Any], admin1: list[Any]
) -> None:
    """Give a located row without country or division those of its point."""
    need = [
        i
        for i in range(len(lat))
        if (country[i] is None or admin1[i] is None)
        and math.isfinite(lat[i])
        and math.isfinite(lon[i])
    ]
    if not need:
        return
    from conflict_geo.places.boundaries import locate_many

    found_c, found_a = locate_many(lat[need], lon[need])
    for i, c, a in zip(need, found_c, found_a, strict=True):
        if country[i] is None:
            country[i] = c
        if admin1[i] is None and country[i] == c:
            admin1[i] = a


def _places(
    lat: np.ndarray,
    lon: np.ndarray,
    precision: np.ndarray,
    admin1: list[Any],
    country: list[Any],
) -> list[Site]:
    """Return each row's :class:`~conflict_geo.incidents.compare.Site`."""
    out = []
    for y, x, prec, a, c in zip(
        lat.tolist(), lon.tolist(), precision.tolist(), admin1, country, strict=True
    ):
        code = c.upper() if isinstance(c, str) else None
        kind = AREA_PRECISIONS.get(prec)
        if kind == "admin1" and a is not None and code is not None:
            area = "admin1"
        elif kind == "country" and code is not None:
            area = "country"
        else:
            area = "point" if math.isfinite(y) else ""
        out.append(Site(area, y, x, prec, admin1_key(a, code), code))
    return out


#: Columns that name a report rather than say what it reports: renaming a
#: file must not change the incidents.
_IDENTITY = ("event_id", "doc", "docs", "incident_id")


def _content_hashes(events: pd.DataFrame) -> np.ndarray:
    """Hash each row's schema values.

    Ties in the canonical order are broken by what the rows report, never by
    their position or by the names of their documents.
    """
    skip = {getattr(events, "_geometry_column_name", None), *_IDENTITY}
    cols = [c for c in events.columns if c not in skip]
    digests = np.empty(len(events), dtype=object)
    texts = [list(map(str, events[c].tolist())) for c in sorted(map(str, cols))]
    for pos, row in enumerate(zip(*texts, strict=True)):
        digests[pos] = hashlib.blake2b(
            "\x1f".join(row).encode(), digest_size=8
        ).hexdigest()
    return digests


def report_table(
    events: geopandas.GeoDataFrame | pd.DataFrame,
    report_dates: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Read what fusion compares from an event table, one row per report.

    Parameters
    ----------
    events : DataFrame
        An event table (:data:`~conflict_geo.events.schema.EVENT_COLUMNS`).
    report_dates : mapping of str to date, optional
        When each document was published (``doc`` -> ISO date).

    Returns
    -------
    pandas.DataFrame
        Indexed by position in ``events``, with ``family``, ``group`` (family,
        status group, roll-up and part-capture flags: rows of two groups never
        join), ``event_type``, ``place`` (a
        :class:`~conflict_geo.incidents.compare.Site`; its ``area`` is
        ``""`` for an unplaced row), ``start`` and ``end`` (days since 1970;
        ``dated`` False when unknown), ``durative``, ``reports`` (frozensets
        of report keys), ``published`` (the first and last day of its
        document's date; :data:`UNDATED` for a document known to have none;
        None when ``report_dates`` does not name it), ``stated`` (the row
        gives the day of the event itself: a dataset's one-day date, or a
        text's date that is not its dispatch's), ``sides`` ((winners, losers)
        camps), ``digest`` (a hash of the row's values) and ``key`` (its rank
        in the canonical order: date, place, type, content).

    Raises
    ------
    InputError
        ``events`` lacks a column fusion reads.
    """
    needed = ("event_type", "status", "lat", "lon", "precision", "date", "event_id")
    missing = [c for c in needed if c not in events.columns]
    if missing:
        raise InputError(f"not an event table: missing column(s) {', '.join(missing)}")
    n = len(events)
    col = events.get
    types = _text(events["event_type"].astype("string"))
    status = _text(events["status"].astype("string"))
    subs = _text(col("sub_type", pd.Series([None] * n)).astype("string"))
    aggregate = col("aggregate", pd.Series([False] * n)).astype("boolean")
    aggregate = aggregate.fillna(False).to_numpy(dtype=bool)
    lat = pd.to_numeric(events["lat"], errors="coerce").to_numpy("float64")
    lon = pd.to_numeric(events["lon"], errors="coerce").to_numpy("float64")
    bad = ~(np.isfinite(lat) & np.isfinite(lon))
    lat, lon = np.where(bad, np.nan, lat), np.where(bad, np.nan, lon)
    precision = pd.to_numeric(events["precision"], errors="coerce").fillna(1)
    precision = precision.to_numpy("float64").astype(np.int64)
    country = _text(col("country", pd.Series([None] * n)).astype("string"))
    admin1 = _text(col("admin1", pd.Series([None] * n)).astype("string"))
    _fill_places(lat, lon, country, admin1)
    start, end = _first_last(
        events["date"],
        col("date_end", pd.Series([None] * n)),
        _text(col("date_precision", pd.Series([""] * n))),
    )
    families = [spec_of(t).family for t in types]
    groups = [
        "|".join((fam, STATUS_GROUP.get(s or "done", s or ""), str(agg), str(part)))
        for fam, s, agg, part in zip(
            families,
            status,
            aggregate,
            [sub == PART_CAPTURED for sub in subs],
            strict=True,
        )
    ]
    actors = _text(col("actor", pd.Series([None] * n)).astype("string"))
    targets = _text(col("target", pd.Series([None] * n)).astype("string"))
    table = pd.DataFrame(
        {
            "family": families,
            "group": groups,
            "event_type": [t or "other" for t in types],
            "place": _places(lat, lon, precision, admin1, country),
            "start": start,
            "end": end,
            "dated": start != NO_DAY,
            "durative": [
                spec_of(t).durative or s == "held"
                for t, s in zip(types, status, strict=True)
            ],
            "reports": _report_keys(events),
            "sides": [
                _sides(a, t, fam, sub, c)
                for a, t, fam, sub, c in zip(
                    actors, targets, families, subs, country, strict=True
                )
            ],
        }
    )
    table["published"] = _published(table["reports"], report_dates)
    table["stated"] = _stated(table, _text(col("dataset", pd.Series([None] * n))))
    table["digest"] = _content_hashes(events)
    table["key"] = _canonical_keys(table, table["digest"].to_numpy())
    return table


#: ``published`` of a row whose documents are known to carry no date.
UNDATED = (NO_DAY, NO_DAY)


def _reference(doc: Any, value: Any) -> Reference | None:
    """Read a document's date (None: it has none); a bad one names the document."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return Reference.parse(value if isinstance(value, str) else pd.Timestamp(value))
    except InputError as err:
        raise InputError(f"report_dates[{str(doc)!r}]: {err}") from None


def _published(
    reports: pd.Series, report_dates: Mapping[str, Any] | None
) -> list[tuple[int, int] | None]:
    """Return when each row's document was published (the latest of them).

    :data:`UNDATED` when ``report_dates`` says its documents have no date,
    None when it does not name them.
    """
    refs = {str(doc): _reference(doc, v) for doc, v in (report_dates or {}).items()}
    dated = {doc: ref for doc, ref in refs.items() if ref is not None}
    spans = day_spans(
        [r.iso() for r in dated.values()], [r.precision for r in dated.values()]
    )
    found = dict.fromkeys(refs, UNDATED)
    found.update({doc: span or UNDATED for doc, span in zip(dated, spans, strict=True)})
    out = []
    for keys in reports:
        known = [found[k] for k in keys if k in found]
        out.append(max(known) if known else None)
    return out


def _stated(table: pd.DataFrame, datasets: list[Any]) -> list[bool]:
    """Tell whether each row gives the day of the event itself (see report_table)."""
    out = []
    for start, end, dated, published, dataset in zip(
        table["start"],
        table["end"],
        table["dated"],
        table["published"],
        datasets,
        strict=True,
    ):
        one_day = bool(dated) and start == end
        if dataset not in (None, "text", "geojson"):
            out.append(one_day)
        else:  # a date its document does not give came from the text
            out.append(one_day and published is not None and published != (start, end))
    return out


def _canonical_keys(table: pd.DataFrame, hashes: np.ndarray) -> np.ndarray:
    """Rank each row in an order that depends on its content only."""
    undated = ~table["dated"].to_numpy()
    start = np.where(undated, np.iinfo(np.int64).max, table["start"].to_numpy())
    order = np.lexsort(
        (
            hashes.astype(str),
            table["event_type"].to_numpy(dtype=str),
            np.nan_to_num([p.lon for p in table["place"]], nan=999.0),
            np.nan_to_num([p.lat for p in table["place"]], nan=999.0),
            [p.precision for p in table["place"]],
            table["end"].to_numpy(),
            start,
        )
    )
    keys = np.empty(len(table), dtype=np.int64)
    keys[order] = np.arange(len(table))
    return keys
