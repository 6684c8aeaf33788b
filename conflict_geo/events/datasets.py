"""Read UCDP GED and ACLED CSV exports into the shared event schema.

Both readers return a GeoDataFrame with exactly
:data:`~conflict_geo.events.schema.EVENT_COLUMNS` plus ``geometry``. No row is
ever dropped: a row whose coordinates are missing, ``(0, 0)`` or out of range
gets an empty geometry, a garbage date or number becomes null, and each such
problem is listed in ``frame.attrs["unmapped"]`` as
``{"row": n, "event_id": ..., "reason": ...}``, where ``row`` 1 is the first
record after the header.

UCDP ``type_of_violence`` gives the base type (1 state-based and 2 non-state
are ``clash``, 3 one-sided is ``other``); :data:`UCDP_KEYWORDS` refines it
from the headline when that clearly names one kind of attack (see
:func:`read_ucdp`). ACLED ``sub_event_type`` is mapped with
:data:`ACLED_EVENT_TYPES`.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from conflict_geo.events.io import (
    _blank,
    _col,
    _dates,
    _decode,
    _finish,
    _number,
    _Problems,
    _read_bytes,
    _read_text,
    _text,
)
from conflict_geo.exc import ParseError

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ACLED_EVENT_TYPES",
    "UCDP_KEYWORDS",
    "UCDP_VIOLENCE_TYPES",
    "detect_format",
    "read_acled",
    "read_ucdp",
]

logger = logging.getLogger(__name__)

#: UCDP ``type_of_violence`` -> (event_type, sub_type) before keyword refinement.
UCDP_VIOLENCE_TYPES: dict[int, tuple[str, str]] = {
    1: ("clash", "state-based conflict"),
    2: ("clash", "non-state conflict"),
    3: ("other", "one-sided violence"),
}

#: Whole-word headline keywords: (event_type, sub_type, pattern), first match wins
#: for the sub_type. A row is refined only when its headline matches exactly one
#: event_type here and says nothing of clashes or fighting.
UCDP_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("strike", "barrel bomb", r"barrel[- ]bombs?"),
    ("strike", "air strike", r"air ?strikes?|air raids?|raids?|warplanes?"),
    ("strike", "air strike", r"aerial bombardment"),
    ("strike", "bombing", r"bombing"),
    ("shelling", "artillery", r"artillery"),
    ("shelling", "mortar", r"mortars?"),
    ("shelling", "rocket", r"rockets?"),
    ("shelling", "shelling", r"shelling|shells?|shelled"),
    ("siege", "siege", r"siege"),
)
_KEYWORD_RES = tuple(
    (etype, sub, re.compile(rf"\b(?:{pat})\b", re.IGNORECASE))
    for etype, sub, pat in UCDP_KEYWORDS
)
_FIGHTING = re.compile(r"\b(?:clash(?:es|ed)?|fighting|battles?)\b", re.IGNORECASE)

_ACLED_OTHER = (
    "chemical weapon|suicide bomb|remote explosive/landmine/ied|grenade|attack"
    "|sexual violence|abduction/forced disappearance|peaceful protest|mob violence"
    "|protest with intervention|excessive force against protesters|agreement"
    "|violent demonstration|arrests|change to group/activity|disrupted weapons use"
    "|looting/property destruction|other"
)
#: ACLED ``sub_event_type`` (lower case) -> event_type; unknown ones are ``other``.
ACLED_EVENT_TYPES: dict[str, str] = {
    "air/drone strike": "strike",
    "shelling/artillery/missile attack": "shelling",
    "armed clash": "clash",
    "government regains territory": "control_change",
    "non-state actor overtakes territory": "control_change",
    "non-violent transfer of territory": "control_change",
    "headquarters or base established": "base",
    **dict.fromkeys(_ACLED_OTHER.split("|"), "other"),
}

# UCDP date_prec, per the GED codebook and the spans seen in the data: 2 is a
# 2-6 day range, 3 a week, 4 8-30 days or a month, 5 more than a month.
_UCDP_DATE_PRECISION = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
_UCDP_PRECISION = {i: i for i in range(1, 8)}
_ACLED_DATE_PRECISION = {1: "day", 2: "week", 3: "month"}
_ACLED_GEO_PRECISION = {1: 1, 2: 2, 3: 4}
_ACLED_DATE_FORMATS = ("ISO8601", "%d %B %Y", "%d-%B-%Y", "%d %b %Y")


def _pairs(text: str) -> dict[str, str]:
    """Parse ``"key CODE, key CODE"`` into a dict, keeping long tables short."""
    return dict(item.strip().rsplit(" ", 1) for item in text.split(","))


# Gleditsch-Ward country codes (UCDP country_id) and country names -> ISO2.
_GW_ISO2 = _pairs(
    "652 SY, 645 IQ, 640 TR, 660 LB, 663 JO, 666 IL, 630 IR, 678 YE, 620 LY, 700 AF"
)
_NAME_ISO2 = _pairs(
    "syria SY, iraq IQ, turkey TR, türkiye TR, lebanon LB, jordan JO, israel IL, "
    "palestine PS, iran IR, yemen YE, libya LY, afghanistan AF, egypt EG, oman OM, "
    "saudi arabia SA, kuwait KW, bahrain BH, qatar QA, russia RU, "
    "united arab emirates AE"
)
_UCDP_REQUIRED = ("id", "type_of_violence", "latitude", "longitude", "date_start")
_ACLED_REQUIRED = ("event_id_cnty", "event_date", "sub_event_type")
_ACLED_REQUIRED += ("latitude", "longitude", "country")


def _read_csv(
    path: str | PathLike[str], required: tuple[str, ...], kind: str
) -> tuple[Path, pd.DataFrame, dict[int, str], list[int]]:
    """Read an export: its source, its rows as strings, the rows not read, lines.

    Rows are read with the ``csv`` module, field by field: a row whose field
    count differs from the header's is reported with its line and left blank
    (every field empty), never realigned. pandas' reader would shift every
    column of every row by one for a single extra trailing field.
    """
    source, text = _read_text(path)
    header, records, ragged, lines = _csv_records(text, source)
    columns = _unique([c.strip().lower() for c in header])
    missing = [c for c in required if c not in columns]
    if missing:
        raise ParseError(
            f"not a {kind} export: missing required column(s) {', '.join(missing)}",
            source=str(source),
            line=1,
        )
    raw = pd.DataFrame(records, columns=columns, dtype=str)
    return source, raw, ragged, lines


def _unique(names: list[str]) -> list[str]:
    """Header names made unique as pandas does (``x``, ``x.1``, ``x.2``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if not count else f"{name}.{count}")
    return out


def _csv_records(
    text: str, source: Path
) -> tuple[list[str], list[list[str]], dict[int, str], list[int]]:
    """Header, records (ragged ones blanked), reasons by position, first lines."""
    limit = csv.field_size_limit()
    # a field may be as long as the file (the default cap is 131,072 chars)
    csv.field_size_limit(max(limit, len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    ragged: dict[int, str] = {}
    lines: list[int] = []
    first = 1
    try:
        for record in reader:
            line, first = first, reader.line_num + 1
            if not "".join(record).strip():
                continue  # a blank line
            if header is None:
                header = record
                continue
            if len(record) != len(header):
                ragged[len(records)] = (
                    f"line {line}: row has {len(record)} of {len(header)} fields; "
                    "not read (fields are never realigned)"
                )
                record = [""] * len(header)
            records.append(record)
            lines.append(line)
    except csv.Error as err:
        raise ParseError(
            f"malformed CSV: {err}", source=str(source), line=reader.line_num
        ) from None
    finally:
        csv.field_size_limit(limit)
    if header is None:
        raise ParseError("empty file", source=str(source))
    last = len(records) - 1
    if last in ragged and not text.endswith(("\n", "\r")):
        ragged[last] += ": the file ends inside it (truncated?)"
    return header, records, ragged, lines


def detect_format(path: str | PathLike[str]) -> str:
    """Tell which event file format ``path`` holds by sniffing its first bytes.

    Parameters
    ----------
    path : str or path-like
        A UCDP GED CSV, an ACLED CSV or a GeoJSON FeatureCollection.

    Returns
    -------
    str
        ``"ucdp"``, ``"acled"`` or ``"geojson"``.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file is empty, not UTF-8 or none of the three formats.
    """
    source, head = _read_bytes(path, 1 << 16)
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise ParseError("empty file", source=str(source))
    if body.startswith(b"{"):
        return "geojson"
    line = head.split(b"\n", 1)[0] if b"\n" in head else head
    header = _decode(line, source)
    columns = {c.strip().lower() for c in next(csv.reader([header]), [])}
    if {"event_id_cnty", "event_date", "sub_event_type"} <= columns:
        return "acled"
    if {"type_of_violence", "where_prec", "date_start"} <= columns:
        return "ucdp"
    raise ParseError(
        f"not a UCDP GED CSV, ACLED CSV or GeoJSON file (starts {header[:60]!r})",
        source=str(source),
    )


# -- column conversion -----------------------------------------------------


def _coords(raw: pd.DataFrame, problems: _Problems) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude; missing, ``(0, 0)`` and out of range become NaN."""
    lat = _number(raw, "latitude", problems, integer=False)
    lon = _number(raw, "longitude", problems, integer=False)
    absent = lat.isna() | lon.isna() | ((lat == 0) & (lon == 0))
    outside = ~absent & ((lat.abs() > 90) | (lon.abs() > 180))
    problems.add(absent, "no coordinates")
    reason = "coordinates out of range (lat " + _col(raw, "latitude")
    problems.add(outside, reason + ", lon " + _col(raw, "longitude") + ")")
    keep = ~(absent | outside)
    return lat.where(keep), lon.where(keep)


def _coded(
    raw: pd.DataFrame, name: str, table: dict[int, Any], problems: _Problems
) -> pd.Series:
    """Map an integer code column with ``table``; unknown codes are reported."""
    codes = _number(raw, name, problems)
    mapped = codes.map(table, na_action="ignore")
    unknown = codes.notna() & mapped.isna()
    problems.add(unknown, f"unknown {name} " + codes.astype("string").fillna(""))
    return mapped


@functools.lru_cache(maxsize=512)
def _iso2_from_name(name: str) -> str | None:
    key = re.sub(r"\s*\(.*\)\s*$", "", name).strip().lower()
    if key in _NAME_ISO2:
        return _NAME_ISO2[key]
    try:
        import pycountry
    except ImportError:
        return None
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


def _iso2(names: pd.Series, problems: _Problems) -> pd.Series:
    iso2 = names.map(_iso2_from_name, na_action="ignore")
    problems.add(names.notna() & iso2.isna(), "unknown country " + names.map(repr))
    return iso2


def _join(parts: list[pd.Series], sep: str = "; ") -> pd.Series:
    """Join the non-null parts of each row; rows with none become null."""
    rows = (
        sep.join(p for p in row if isinstance(p, str))
        for row in zip(*parts, strict=True)
    )
    joined = pd.Series(list(rows), index=parts[0].index, dtype="string")
    return joined.mask(joined == "")


def _labelled(raw: pd.DataFrame, names: tuple[str, ...]) -> list[pd.Series]:
    return [name + "=" + _text(raw, name) for name in names if name in raw.columns]


# -- UCDP ------------------------------------------------------------------


def _refine(headline: Any) -> tuple[str, str, str] | None:
    """Return (event_type, sub_type, keyword) when a headline is unambiguous."""
    if not isinstance(headline, str) or _FIGHTING.search(headline):
        return None
    hits = [
        (etype, sub, match.group(0))
        for etype, sub, rx in _KEYWORD_RES
        if (match := rx.search(headline))
    ]
    if len({e for e, _, _ in hits}) != 1:
        return None
    return hits[0]


def _ucdp_types(
    raw: pd.DataFrame, headline: pd.Series, problems: _Problems
) -> pd.DataFrame:
    violence = _col(raw, "type_of_violence").str.replace(r"\.0+$", "", regex=True)
    base = _coded(raw, "type_of_violence", UCDP_VIOLENCE_TYPES, problems)
    base = base.map(lambda v: v if isinstance(v, tuple) else ("other", None))
    refined = [_refine(text) for text in headline.tolist()]
    chosen = [r if r else (*b, None) for r, b in zip(refined, base, strict=True)]
    kinds = pd.DataFrame(chosen, index=raw.index, columns=["type", "sub", "keyword"])
    kinds["violence"] = violence.mask(_blank(violence)).astype("string")
    return kinds


def _ucdp_source(raw: pd.DataFrame) -> pd.Series:
    original = _text(raw, "source_original")
    offices = _text(raw, "source_office").map(
        lambda s: "; ".join(
            dict.fromkeys(p.strip() for p in s.split(";") if p.strip())
        ),
        na_action="ignore",
    )
    return original.fillna(offices.astype("string"))


def _ucdp_country(raw: pd.DataFrame, problems: _Problems) -> pd.Series:
    codes = _number(raw, "country_id", problems).astype("string")
    gw = codes.map(_GW_ISO2, na_action="ignore")
    by_name = _iso2(_text(raw, "country").where(gw.isna()), problems)
    return gw.astype("string").fillna(by_name)


def _ucdp_notes(
    raw: pd.DataFrame, kinds: pd.DataFrame, problems: _Problems
) -> pd.Series:
    parts = [_text(raw, "source_article")]
    parts.append("type_of_violence=" + kinds["violence"])
    for name in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"):
        if name in raw.columns:
            parts.append(f"{name}=" + _number(raw, name, problems).astype("string"))
    parts.append("keyword=" + kinds["keyword"].astype("string"))
    return _join(parts)


def read_ucdp(path: str | PathLike[str]) -> geopandas.GeoDataFrame:
    """Read a UCDP Georeferenced Event Dataset (GED) CSV export.

    ``type_of_violence`` 1 and 2 become ``clash``, 3 becomes ``other``
    (sub_type ``one-sided violence``). The type is then refined from
    ``source_headline`` (``source_article`` when empty) when the headline names
    exactly one kind of attack in :data:`UCDP_KEYWORDS` (air strike, raid,
    barrel bomb, bombing -> ``strike``; shelling, artillery, mortar, rocket ->
    ``shelling``; siege -> ``siege``) and does not also mention clashes or
    fighting. A headline describes the source article, which may cover more
    than this event, so the matched keyword is kept in ``notes``.

    Parameters
    ----------
    path : str or path-like
        The CSV file, UTF-8, as downloaded from ucdp.uu.se.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per CSV row with the event schema; problems per row are in
        ``attrs["unmapped"]``.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file is empty, not UTF-8, not CSV or lacks a required column.
    """
    source, raw, short, lines = _read_csv(path, _UCDP_REQUIRED, "UCDP GED")
    ids = _col(raw, "id").str.replace(r"\.0+$", "", regex=True)
    event_id = ("ucdp:" + ids).mask(ids == "").astype("string")
    problems = _Problems(event_id, lines)
    problems.add_unread(short)
    problems.add(ids == "", "missing id")
    headline = _text(raw, "source_headline").fillna(_text(raw, "source_article"))
    kinds = _ucdp_types(raw, headline, problems)
    lat, lon = _coords(raw, problems)
    adm1 = _text(raw, "adm_1").str.replace(
        r"\s+(?:governorate|province)$", "", case=False, regex=True
    )
    date_prec = _coded(raw, "date_prec", _UCDP_DATE_PRECISION, problems)
    columns = {
        "event_id": event_id,
        "dataset": "ucdp",
        "event_type": kinds["type"],
        "sub_type": kinds["sub"],
        "place": _text(raw, "where_coordinates"),
        "country": _ucdp_country(raw, problems),
        "admin1": adm1,
        "lat": lat,
        "lon": lon,
        "precision": _coded(raw, "where_prec", _UCDP_PRECISION, problems),
        "fatalities": _number(raw, "best", problems),
        "fatalities_low": _number(raw, "low", problems),
        "fatalities_high": _number(raw, "high", problems),
        "actor": _text(raw, "side_a"),
        "target": _text(raw, "side_b"),
        "source": _ucdp_source(raw),
        "date": _dates(raw, "date_start", problems, ("ISO8601",)),
        "date_end": _dates(raw, "date_end", problems, ("ISO8601",)),
        "date_precision": date_prec.fillna(""),
        "status": "done",
        "sentence": headline,
        "doc": source.name,
        "notes": _ucdp_notes(raw, kinds, problems),
    }
    return _finish(columns, raw.index, problems, source)


# -- ACLED -----------------------------------------------------------------


def _acled_types(raw: pd.DataFrame, problems: _Problems) -> pd.Series:
    sub = _text(raw, "sub_event_type")
    mapped = sub.str.lower().map(ACLED_EVENT_TYPES, na_action="ignore")
    problems.add(mapped.isna(), "unknown sub_event_type " + sub.fillna("").map(repr))
    return mapped.fillna("other")


def read_acled(path: str | PathLike[str]) -> geopandas.GeoDataFrame:
    """Read an ACLED CSV export (data export tool or API CSV).

    ``sub_event_type`` is mapped with :data:`ACLED_EVENT_TYPES` and kept as
    ``sub_type``; ``geo_precision`` 1, 2, 3 become precision 1, 2, 4 (town,
    nearby area, province); ``time_precision`` 1, 2, 3 become ``day``,
    ``week``, ``month``. ``event_date`` may be ``2016-10-26`` or
    ``26 October 2016``. The country code comes from the ``country`` name.

    Parameters
    ----------
    path : str or path-like
        The CSV file, UTF-8.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per CSV row with the event schema; problems per row are in
        ``attrs["unmapped"]``.

    Raises
    ------
    InputError
        The file does not exist.
    ParseError
        The file is empty, not UTF-8, not CSV or lacks a required column.
    """
    source, raw, short, lines = _read_csv(path, _ACLED_REQUIRED, "ACLED")
    ids = _text(raw, "event_id_cnty")
    event_id = "acled:" + ids
    problems = _Problems(event_id, lines)
    problems.add_unread(short)
    problems.add(ids.isna(), "missing id")
    lat, lon = _coords(raw, problems)
    acled_notes = _text(raw, "notes")
    provenance = ("event_type", "disorder_type", "admin2", "admin3", "assoc_actor_1")
    provenance += ("assoc_actor_2", "source_scale", "tags")
    time_prec = _coded(raw, "time_precision", _ACLED_DATE_PRECISION, problems)
    columns = {
        "event_id": event_id,
        "dataset": "acled",
        "event_type": _acled_types(raw, problems),
        "sub_type": _text(raw, "sub_event_type"),
        "place": _text(raw, "location"),
        "country": _iso2(_text(raw, "country"), problems),
        "admin1": _text(raw, "admin1"),
        "lat": lat,
        "lon": lon,
        "precision": _coded(raw, "geo_precision", _ACLED_GEO_PRECISION, problems),
        "fatalities": _number(raw, "fatalities", problems),
        "actor": _text(raw, "actor1"),
        "target": _text(raw, "actor2"),
        "source": _text(raw, "source"),
        "date": _dates(raw, "event_date", problems, _ACLED_DATE_FORMATS),
        "date_precision": time_prec.fillna(""),
        "status": "done",
        "sentence": acled_notes,
        "doc": source.name,
        "notes": _join([acled_notes, *_labelled(raw, provenance)]),
    }
    return _finish(columns, raw.index, problems, source)
