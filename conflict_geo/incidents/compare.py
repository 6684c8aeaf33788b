"""What two reports must share to tell one incident: the rules of fusion.

Fusion (:mod:`conflict_geo.incidents.fuse`) and the cross-check against a
dataset (:mod:`conflict_geo.incidents.match`) compare rows of event tables.
:func:`report_table` reads what they compare from any event table (text, UCDP
GED, ACLED, our GeoJSON) once, as plain columns; the functions below say how
two rows relate. Two reports may tell one incident when

* their types are of one family (:func:`~conflict_geo.events.types.family_of`)
  and their statuses of one group (planned; held; under way or done), neither
  or both are roll-ups, and neither or both are captures of only a part of a
  place;
* their places are the same, or one lies inside the other's area or
  uncertainty (:func:`place_relation`, :data:`PLACE_KM`), in one country;
* their dates are at most :attr:`Rules.days` apart
  (:attr:`Rules.durative_days` for what lasts: offensives, sieges, holdings);
* their actors are not of opposite camps (:func:`sides_contradict`).

Every threshold is a field of :class:`Rules`.
"""

from __future__ import annotations

import functools
import hashlib
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from conflict_geo.events.roles import government_of
from conflict_geo.events.types import PART_CAPTURED, spec_of
from conflict_geo.exc import InputError

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ANCHOR_SPAN_DAYS",
    "AREA_PRECISIONS",
    "DATE_WINDOW_DAYS",
    "DURATIVE_DAYS",
    "PLACE_KM",
    "SAME_POINT_KM",
    "Place",
    "STATUS_GROUP",
    "Rules",
    "camps",
    "date_gap",
    "day_spans",
    "haversine_km",
    "place_relation",
    "report_table",
    "sides_contradict",
]

#: Days between two reports' dates within which they may tell one incident.
#: Wire copy revises a toll over one to three days (the Hass strike of 26
#: October 2016 was reported that day and revised on the 27th), and a dispatch
#: that does not date the event carries its own date, often the day after.
DATE_WINDOW_DAYS = 3
#: The same for what lasts (offensives, sieges, bases) and for holding claims:
#: reported on many days, their reports are one incident within a month.
DURATIVE_DAYS = 30
#: Kilometres within which a point stands for the place, by precision (UCDP
#: ``where_prec``, which the schema uses): 1 a settlement: the gap between two
#: gazetteers' points for one town (of the precise places of UCDP GED Syria
#: 2016 that our gazetteer finds, 70% are within 1 km of UCDP's point and
#: almost none 1 to 5 km away; neighbouring villages are 2 to 5 km apart);
#: 2 "within about 25 km" (UCDP's own definition); 3 a district (about 50 km
#: across); 5 a fuzzy or linear area; 7 sea or air (only the same point).
#: Precisions 4 and 6 are areas (:data:`AREA_PRECISIONS`); an unknown
#: precision is that of a settlement.
PLACE_KM: dict[int, float] = {1: 2.0, 2: 25.0, 3: 50.0, 5: 50.0, 7: 0.0}
#: Precisions that name an area: the first-level division, the country.
AREA_PRECISIONS: dict[int, str] = {4: "admin1", 6: "country"}
#: Two points this close are the same point (rounding, two gazetteers).
SAME_POINT_KM = 1.0
#: A date spanning more days than this (a month, a year) is too loose to
#: found an incident: such a report joins one that its dated reports found.
ANCHOR_SPAN_DAYS = 7
#: Status groups, as incident resolution reads them: a plan is not the deed,
#: and a holding claim is a state, not an event.
STATUS_GROUP: dict[str, str] = {
    "planned": "planned",
    "held": "held",
    "ongoing": "active",
    "done": "active",
}
#: Mean Earth radius (km), for haversine distances.
EARTH_KM = 6371.0088
_NO_DAY = np.iinfo(np.int64).min


@dataclass(frozen=True, slots=True)
class Rules:
    """The thresholds of fusion and matching.

    Parameters
    ----------
    days : int, default :data:`DATE_WINDOW_DAYS`
        Most days between the dates of two reports of one incident.
    durative_days : int, default :data:`DURATIVE_DAYS`
        The same for offensives, sieges, bases and holding claims.
    place_km : mapping of int to float, optional
        Reach of a point by precision (:data:`PLACE_KM` by default; missing
        precisions take its values).
    undated : bool, default True
        Reports with no date join an incident on place, type and actors alone
        when exactly one incident fits them (and, failing that, other undated
        reports of the same place). False keeps each an incident of its own.
        Either way they are listed in the fusion report.
    anchor_span_days : int, default :data:`ANCHOR_SPAN_DAYS`
        Reports dated to a longer period only join incidents others found.
    """

    days: int = DATE_WINDOW_DAYS
    durative_days: int = DURATIVE_DAYS
    place_km: Mapping[int, float] = field(default_factory=lambda: dict(PLACE_KM))
    undated: bool = True
    anchor_span_days: int = ANCHOR_SPAN_DAYS
    _reach: dict[int, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        reach = {p: float(km) for p, km in {**PLACE_KM, **self.place_km}.items()}
        object.__setattr__(self, "_reach", reach)
        for name in ("days", "durative_days", "anchor_span_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"{name} must be a whole number >= 0, got {value!r}")
        for precision, km in self.place_km.items():
            if not (isinstance(km, int | float) and math.isfinite(km) and km >= 0):
                raise InputError(
                    f"place_km[{precision!r}] must be a distance >= 0, got {km!r}"
                )

    def reach_km(self, precision: int) -> float:
        """Kilometres a point of this precision stands for.

        Examples
        --------
        >>> Rules().reach_km(2), Rules(place_km={2: 10.0}).reach_km(2)
        (25.0, 10.0)
        """
        return self._reach.get(precision, PLACE_KM[1])

    def window(self, durative: bool) -> int:
        """Most days between two reports (of what lasts, or not)."""
        return self.durative_days if durative else self.days


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km (numbers or numpy arrays).

    Examples
    --------
    >>> round(float(haversine_km(35.6161, 36.59066, 35.9306, 36.6339)), 1)
    35.2
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


# --- one row's keys ---------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


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
    """One spelling for a first-level division ("Idleb" and "Idlib" agree).

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


def sides_contradict(a: Any, b: Any) -> bool:
    """Tell whether two (winners, losers) pairs cannot be one incident.

    They can't when both name who acted and no camp is in both, or when one
    report's taker is the other's loser (a town taken, then retaken).

    Examples
    --------
    >>> r, s, t = (frozenset({"rebels"}),), (frozenset({"syrian-government"}),), ()
    >>> sides_contradict((r[0], frozenset()), (s[0], frozenset()))
    True
    >>> sides_contradict((frozenset(), frozenset()), (s[0], frozenset()))
    False
    >>> sides_contradict((frozenset(), r[0]), (r[0], frozenset()))
    True
    """
    wa, la = a
    wb, lb = b
    if wa and wb and not wa & wb:
        return True
    return bool(wa & lb or wb & la)


def _days(values: pd.Series) -> np.ndarray:
    """Dates as whole days since 1970 (``_NO_DAY`` when unknown)."""
    from conflict_geo.events.schema import to_dates

    if values.dtype.kind == "M":
        stamps = values.to_numpy("datetime64[s]")
    elif isinstance(values.dtype, pd.DatetimeTZDtype):
        stamps = values.dt.tz_localize(None).to_numpy("datetime64[s]")
    else:
        stamps = to_dates(values.tolist())
    days = stamps.astype("datetime64[D]")
    out = days.astype(np.int64)
    out[np.isnat(days)] = _NO_DAY
    return out


def _period_ends(start: np.ndarray, end: np.ndarray, precision: Any) -> np.ndarray:
    """Return each date's last day: its end, or the end of its week/month/year."""
    last = np.where((end == _NO_DAY) | (end < start), start, end)
    dated = start != _NO_DAY
    prec = np.asarray(precision, dtype=object)
    for kind in ("week", "month", "year"):
        loose = dated & (end == _NO_DAY) & (prec == kind)
        if not loose.any():
            continue
        first = start[loose].astype("datetime64[D]")
        if kind == "week":
            stop = first + np.timedelta64(6, "D")
        else:
            unit = "datetime64[M]" if kind == "month" else "datetime64[Y]"
            stop = (first.astype(unit) + 1).astype("datetime64[D]") - 1
        last[loose] = stop.astype(np.int64)
    return last


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
    start = _days(pd.Series(list(dates), dtype=object))
    stop = _days(pd.Series(list(ends) if ends is not None else [None] * len(start)))
    stop = _period_ends(start, stop, list(precisions))
    return [
        (int(a), int(b)) if a != _NO_DAY else None
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
) -> list[Place]:
    """Each row's :class:`Place`."""
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
        out.append(Place(area, y, x, prec, admin1_key(a, code), code))
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


def report_table(events: geopandas.GeoDataFrame | pd.DataFrame) -> pd.DataFrame:
    """Read what fusion compares from an event table, one row per report.

    Parameters
    ----------
    events : DataFrame
        An event table (:data:`~conflict_geo.events.schema.EVENT_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by position in ``events``, with ``family``, ``group`` (family,
        status group, roll-up and part-capture flags: rows of two groups never
        join), ``event_type``, ``place`` (a :class:`Place`; its ``area`` is
        ``""`` for an unplaced row), ``start`` and ``end`` (days
        since 1970; ``dated`` False when unknown), ``durative``, ``reports``
        (frozensets of report keys), ``sides`` ((winners, losers) camps),
        ``digest`` (a hash of the row's values) and ``key`` (its rank in the
        canonical order: date, place, type, content).

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
    start = _days(events["date"])
    end = _days(col("date_end", pd.Series([None] * n)))
    end = _period_ends(start, end, _text(col("date_precision", pd.Series([""] * n))))
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
            "dated": start != _NO_DAY,
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
    table["digest"] = _content_hashes(events)
    table["key"] = _canonical_keys(table, table["digest"].to_numpy())
    return table


def _canonical_keys(table: pd.DataFrame, hashes: np.ndarray) -> np.ndarray:
    """Each row's rank in an order that depends on content only."""
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


# --- two rows ---------------------------------------------------------------------


def date_gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Days between two periods (0 when they overlap).

    Examples
    --------
    >>> date_gap(10, 10, 12, 12), date_gap(10, 40, 12, 12)
    (2, 0)
    """
    return max(0, b_start - a_end, a_start - b_end)


class Place(NamedTuple):
    """Where a report puts its incident, as fusion compares it.

    Parameters
    ----------
    area : str
        ``point``, ``admin1``, ``country``, or ``""`` for an unplaced row.
    lat, lon : float
        The point (NaN when unknown).
    precision : int
        UCDP-style precision (1 a place ... 6 the country).
    admin1 : str or None
        The first-level division, in one spelling (:func:`admin1_key`).
    country : str or None
        ISO 3166-1 alpha-2 code.
    """

    area: str
    lat: float
    lon: float
    precision: int
    admin1: str | None
    country: str | None


#: Kilometres per degree of a great circle.
_KM_PER_DEG = EARTH_KM * math.pi / 180
#: Below this many degrees apart, a flat projection is within 0.1 % of the
#: great-circle distance (and much cheaper).
_FLAT_DEG = 2.0


def _km(a: Place, b: Place) -> float:
    dy, dx = b.lat - a.lat, b.lon - a.lon
    if abs(dy) < _FLAT_DEG and abs(dx) < _FLAT_DEG:
        dx *= math.cos(math.radians((a.lat + b.lat) / 2))
        return _KM_PER_DEG * math.sqrt(dx * dx + dy * dy)
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))


def place_relation(a: Place, b: Place, rules: Rules) -> tuple[int, float]:
    """How two reports' places relate, and how far apart their points are.

    Parameters
    ----------
    a, b : Place
        The two places.
    rules : Rules
        The reach of a point by precision.

    Returns
    -------
    (int, float)
        3 the same place (the same point, division or country), 2 one point
        within the other's reach, 1 one inside the other's area (a village in
        its province or country), 0 apart (places in two countries are always
        apart); and the distance in km between two points (0 otherwise).

    Examples
    --------
    >>> hass = Place("point", 35.616, 36.591, 1, "idlib", "SY")
    >>> idlib = Place("admin1", 35.85, 36.68, 4, "idlib", "SY")
    >>> place_relation(hass, hass, Rules()), place_relation(hass, idlib, Rules())
    ((3, 0.0), (1, 0.0))
    """
    if a.country and b.country and a.country != b.country:
        return 0, 0.0
    if not (a.area and b.area):
        return 0, 0.0
    if a.area == "point" and b.area == "point":
        km = _km(a, b)
        if km <= SAME_POINT_KM:
            return 3, km
        reach = max(rules.reach_km(a.precision), rules.reach_km(b.precision))
        return (2 if km <= reach else 0), km
    if a.country is None or b.country is None:
        return 0, 0.0
    if a.area == b.area:
        same = a.area == "country" or a.admin1 == b.admin1
        return (3 if same else 0), 0.0
    if "country" in (a.area, b.area):
        return 1, 0.0  # a place or a division in the country
    return (1 if a.admin1 is not None and a.admin1 == b.admin1 else 0), 0.0
