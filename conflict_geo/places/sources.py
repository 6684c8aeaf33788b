"""Extra gazetteers a user can load: GeoNames dumps, event datasets, plain CSV.

Every loader streams its file, keeps what it can, and records every row it
skips (line number and reason) in a :class:`LoadReport` attached to the
returned gazetteer as ``.report``: nothing is dropped silently, and no row with
missing, NaN, out-of-range or (0, 0) coordinates becomes a place.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from conflict_geo.exc import InputError, ParseError
from conflict_geo.places.gazetteer import Gazetteer
from conflict_geo.places.place import Place, kind_for_population
from conflict_geo.text.normalize import fold

__all__ = [
    "LoadReport",
    "load",
    "load_csv",
    "load_event_places",
    "load_geonames",
    "split_place_name",
]

_DESCRIPTOR_TAIL = re.compile(
    r"\s+(?:town|village|city|district|sub-?district|area|camp|neighbou?rhood|"
    r"quarter|market|hospital|road|highway|region|governorate|province|"
    r"countryside|airbase|air base|base|prison|checkpoint)s?$",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\(([^)]*)\)")
_GEONAMES_COLUMNS = 19


@dataclass
class LoadReport:
    """What a loader read, kept and skipped.

    Parameters
    ----------
    source : str
        The file read.
    rows : int
        Data rows read.
    places : int
        Places kept.
    skipped : list of (int, str)
        ``(line number, reason)`` for every row not kept.
    """

    source: str
    rows: int = 0
    places: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        """Record a skipped row."""
        self.skipped.append((line, reason))

    def summary(self) -> str:
        """One line: counts and the first reasons."""
        head = f"{self.source}: {self.rows:,} rows, {self.places:,} places kept"
        if not self.skipped:
            return head
        first = "; ".join(f"line {n}: {why}" for n, why in self.skipped[:3])
        return f"{head}, {len(self.skipped):,} skipped ({first} …)"


def _coords(lat: object, lon: object) -> tuple[float, float] | str:
    """Return valid coordinates or the reason they are not."""
    try:
        la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"bad coordinates {lat!r}, {lon!r}"
    if not (math.isfinite(la) and math.isfinite(lo)):
        return "missing coordinates"
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return f"coordinates out of range ({la}, {lo})"
    if la == 0 and lo == 0:
        return "coordinates (0, 0) are not a place"
    return la, lo


def split_place_name(raw: str) -> list[str]:
    """Split a dataset place label into the names it contains.

    Parameters
    ----------
    raw : str
        E.g. UCDP's ``"Has/Hassef town"`` or ``"Al-Rai town (Choban Bey)"``.

    Returns
    -------
    list of str
        Distinct names, the first being the main one.

    Examples
    --------
    >>> split_place_name("Has/Hassef town")
    ['Has', 'Hassef']
    >>> split_place_name("Al-Rai town (Choban Bey)")
    ['Al-Rai', 'Choban Bey']
    """
    inner = _PARENS.findall(raw)
    text = _PARENS.sub("", raw)
    names = []
    for part in [*text.split("/"), *inner]:
        part = _DESCRIPTOR_TAIL.sub("", part.strip()).strip(" ,;-")
        if part and fold(part) not in {fold(n) for n in names}:
            names.append(part)
    return names


def _unzip(data: bytes, path: Path) -> bytes:
    """Return the GeoNames dump inside a zip; a damaged zip is a ParseError."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt")]
            members = [m for m in members if "readme" not in m.lower()] or members
            if not members:
                raise ParseError("zip holds no .txt dump", source=str(path))
            return archive.read(members[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as err:
        raise ParseError(
            f"not a readable zip archive ({err}); download it again or unzip it "
            "and pass the .txt",
            source=str(path),
        ) from None
    except (NotImplementedError, RuntimeError) as err:  # compression, encryption
        raise ParseError(f"cannot unzip: {err}", source=str(path)) from None


def _open_text(path: Path) -> io.TextIOBase:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", source=str(path)) from err
    if path.suffix.lower() == ".zip":
        data = _unzip(data, path)
    try:
        return io.StringIO(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ParseError(
            f"not UTF-8 (byte offset {err.start})", source=str(path), offset=err.start
        ) from err


def load_geonames(
    path: str | Path,
    *,
    countries: Iterable[str] | None = None,
    feature_classes: str = "PA",
    min_population: int = 0,
) -> Gazetteer:
    """Load a GeoNames dump (``SY.txt``, ``SY.zip``, ``allCountries.zip``).

    Parameters
    ----------
    path : str or Path
        The tab-separated dump or a zip holding it.
    countries : iterable of str, optional
        Keep only these ISO alpha-2 countries.
    feature_classes : str, optional
        GeoNames feature classes to keep: ``P`` populated places, ``A`` areas
        (ADM1 become ``admin1`` places, PCL* countries), ``S`` spots …
    min_population : int, optional
        Drop populated places smaller than this.

    Returns
    -------
    Gazetteer
        With a :class:`LoadReport` as ``.report``.
    """
    path = Path(path)
    keep = {c.upper() for c in countries} if countries else None
    report = LoadReport(str(path))
    places = []
    for lineno, line in enumerate(_open_text(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        report.rows += 1
        f = line.rstrip("\n").split("\t")
        if len(f) != _GEONAMES_COLUMNS:
            report.skip(lineno, f"{len(f)} fields, expected {_GEONAMES_COLUMNS}")
            continue
        if f[6] not in feature_classes or (keep and f[8] not in keep):
            continue
        coords = _coords(f[4], f[5])
        if isinstance(coords, str):
            report.skip(lineno, coords)
            continue
        population = int(f[14]) if f[14].isdigit() else 0
        if f[6] == "P" and population < min_population:
            continue
        kind = _geonames_kind(f[6], f[7], population)
        names = tuple(n for n in {f[2], *f[3].split(",")} if n and n != f[1])
        places.append(
            Place(
                f[1],
                coords[0],
                coords[1],
                f[8],
                "",
                kind,
                population,
                f"geonames:{f[0]}",
                tuple(sorted(names)),
            )
        )
    return _finish(places, report, f"geonames:{path.name}")


def _geonames_kind(feature_class: str, code: str, population: int) -> str:
    if feature_class == "A":
        if code == "ADM1":
            return "admin1"
        return "country" if code.startswith("PCL") else "place"
    if feature_class == "P":
        return "capital" if code == "PPLC" else kind_for_population(population)
    return "place"


def _finish(places: list[Place], report: LoadReport, name: str) -> Gazetteer:
    gaz = Gazetteer(places, name=name)
    report.places = len(gaz)
    gaz.report = report
    return gaz


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(_open_text(path))
    if not reader.fieldnames:
        raise ParseError("empty file, no header", source=str(path))
    try:
        for row in reader:
            yield (
                reader.line_num,
                {k.strip().lower(): (v or "") for k, v in row.items() if k is not None},
            )
    except csv.Error as err:
        raise ParseError(str(err), source=str(path), line=reader.line_num) from err


def load_event_places(path: str | Path, *, max_precision: int = 1) -> Gazetteer:
    """Load the place columns of a UCDP GED or ACLED CSV export.

    Parameters
    ----------
    path : str or Path
        A UCDP GED (``where_coordinates``, ``where_prec``) or ACLED
        (``location``, ``geo_precision``) CSV.
    max_precision : int, optional
        Keep rows whose precision code is at most this (1: exact places).

    Returns
    -------
    Gazetteer
        One place per distinct (name, coordinates), named by every part of
        the dataset's label (``'Has/Hassef town'`` gives Has and Hassef), with
        a :class:`LoadReport` as ``.report``.
    """
    path = Path(path)
    report = LoadReport(str(path))
    seen: dict[tuple[str, float, float], list] = {}
    for lineno, row in _csv_rows(path):
        report.rows += 1
        if "where_coordinates" in row:
            label, prec = row["where_coordinates"], row.get("where_prec")
            admin1 = row.get("adm_1", "")
        elif "location" in row and "geo_precision" in row:
            label, prec, admin1 = (
                row["location"],
                row["geo_precision"],
                row.get("admin1"),
            )
        else:
            raise ParseError(
                "not a UCDP GED or ACLED file (no where_coordinates or location, "
                "geo_precision columns)",
                source=str(path),
            )
        try:
            precision = int(float(prec or "nan"))
        except ValueError:
            report.skip(lineno, f"bad precision {prec!r}")
            continue
        if precision > max_precision:
            continue
        coords = _coords(row.get("latitude"), row.get("longitude"))
        names = split_place_name(label)
        if isinstance(coords, str) or not names:
            report.skip(lineno, coords if isinstance(coords, str) else "no place name")
            continue
        key = (fold(names[0]), round(coords[0], 4), round(coords[1], 4))
        country = _country_code(row.get("country", ""))
        entry = seen.setdefault(
            key, [(names, label.strip()), coords, _admin1_name(admin1), country, 0]
        )
        entry[4] += 1
    places = [
        Place(
            names[0],
            lat,
            lon,
            country,
            admin1,
            "place",
            0,
            f"dataset:{path.name}",
            tuple(names[1:]) + (label,),
        )
        for (names, label), (lat, lon), admin1, country, _ in seen.values()
    ]
    return _finish(places, report, f"dataset:{path.name}")


@lru_cache(maxsize=512)
def _country_code(name: str) -> str:
    """ISO alpha-2 code of a country named in a dataset (``"Syria"`` -> SY)."""
    from conflict_geo.places.gazetteer import embedded_gazetteer

    if not name.strip() or not fold(name):
        return ""
    if len(name.strip()) == 2 and name.isalpha():
        return name.strip().upper()
    found = embedded_gazetteer().lookup(name, kind="country", limit=1, fuzzy=False)
    return found[0].place.country if found else ""


def _admin1_name(raw: str | None) -> str:
    raw = raw or ""
    return re.sub(r"\s+(governorate|province)$", "", raw.strip(), flags=re.IGNORECASE)


def load_csv(path: str | Path) -> Gazetteer:
    """Load a plain CSV with columns ``name,lat,lon[,country,admin1,kind]``.

    Parameters
    ----------
    path : str or Path
        The CSV file, with a header row.

    Returns
    -------
    Gazetteer
        With a :class:`LoadReport` as ``.report``.
    """
    path = Path(path)
    report = LoadReport(str(path))
    places = []
    for lineno, row in _csv_rows(path):
        if not {"name", "lat", "lon"} <= row.keys():
            raise ParseError("needs columns name, lat, lon", source=str(path), line=1)
        report.rows += 1
        coords = _coords(row["lat"], row["lon"])
        if isinstance(coords, str) or not row["name"].strip():
            report.skip(lineno, coords if isinstance(coords, str) else "empty name")
            continue
        places.append(
            Place(
                row["name"].strip(),
                coords[0],
                coords[1],
                row.get("country", "").strip().upper(),
                row.get("admin1", "").strip(),
                row.get("kind", "").strip() or "place",
                0,
                f"csv:{path.name}",
            )
        )
    return _finish(places, report, f"csv:{path.name}")


def load(path: str | Path, **options: object) -> Gazetteer:
    """Load an extra gazetteer, recognising its format from its content.

    Parameters
    ----------
    path : str or Path
        A GeoNames dump (``.txt`` or ``.zip``), a UCDP GED or ACLED CSV, or a
        plain ``name,lat,lon`` CSV.
    **options
        Passed to the specific loader.

    Returns
    -------
    Gazetteer
        With a :class:`LoadReport` as ``.report``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    if path.suffix.lower() in {".zip", ".txt"}:
        return load_geonames(path, **options)  # type: ignore[arg-type]
    with open(path, encoding="utf-8", errors="replace") as fh:
        header = fh.readline().lower()
    if "where_coordinates" in header or "geo_precision" in header:
        return load_event_places(path, **options)  # type: ignore[arg-type]
    if header.count("\t") >= _GEONAMES_COLUMNS - 1:
        return load_geonames(path, **options)  # type: ignore[arg-type]
    return load_csv(path)
