"""Propose rows for ``data/places.csv`` from UCDP GED: conflict places GeoNames lacks.

GeoNames ``cities500`` holds only ~330 Syrian places, because most Syrian villages
have no population figure there; dispatches name many more. This curation aid reads
a UCDP GED export (e.g. ``../shared/data/ucdp_ged_syria_2016.csv``), which geocodes
each event to a named place, and prints, in ``data/places.csv`` format, the places
that the embedded gazetteer cannot resolve to within :data:`NEAR_KM`:

- exact places (``where_prec`` 1) named by at least ``--min-events`` events;
- any exact military installation, airport, border crossing or dam (whatever its
  count: these are where bases and sieges are reported);
- named areas (``where_prec`` 2: Eastern Ghouta, Jabal al-Akrad) with at least
  ``--min-area-events`` events, as ``kind=region``;

except the labels reviewed and left out, listed with the reason in
``data/places_rejected.csv`` (common words and personal names, sites that are no
settlement).

Each row's ``source`` cites the UCDP GED version, the place label and the id of the
first event geocoded there, so the row can be checked against UCDP. The output is a
proposal: review it, then append what you keep to ``data/places.csv`` and rebuild
(``make data``). The UCDP dataset itself is never copied into the repository.

Usage::

    python scripts/propose_places.py ../shared/data/ucdp_ged_syria_2016.csv > rows.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflict_geo.places.gazetteer import embedded_gazetteer  # noqa: E402
from conflict_geo.places.sources import split_place_name  # noqa: E402

#: A gazetteer answer this close to the UCDP point is the same place.
NEAR_KM = 5.0
#: A spelling that matches less well than this does not count as knowing the place.
MIN_MATCH = 0.87
GED_VERSION = "UCDP GED 19.1"
_INSTALLATION = re.compile(
    r"air ?base|airport|heliport|military|\bbase\b|barracks|brigade|academy|"
    r"air defen[cs]e|crossing|\bdam\b|power plant|gas field|\bfield\b",
    re.I,
)
#: Named areas worth a row: mountains, valleys, plains and the Ghoutas.
_REGION = re.compile(
    r"^(?:eastern|western|northern|southern) |^jabal |^wadi |^sahl |^al lajah$|"
    r" (?:mountain|plain|valley)$",
    re.I,
)
#: Trailing descriptors of UCDP labels, and the kind each implies.
_TAIL = re.compile(
    r"\s+(town|village|city|suburb|neighbou?rhood|camp|mountain|plain|valley|area)$",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:between|triangle|junction|road|highway|east of|west of)\b", re.I
)
_KIND = {"city": "city", "town": "town", "suburb": "town"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def clean(label: str, area: bool) -> tuple[list[str], str]:
    """Names and kind of a UCDP place label (``"Saqba suburb"`` -> ``["Saqba"]``, town).

    An installation keeps its whole label as its name (``"Tiyas Military
    Airbase"``) with its short names (``"T4"``) as alternates; the bare site name
    (``"Tiyas"``) is added only when it names no other place, see :func:`proposals`.
    """
    names = split_place_name(label)
    if area or re.search(r" (?:mountain|plain|valley)$", label, re.I):
        return [_TAIL.sub("", n) for n in names], "region"
    if _INSTALLATION.search(label):
        whole = re.sub(r"\s*\([^)]*\)", "", label).strip()
        return [whole, *names[1:]], "installation"
    tail = _TAIL.search(label.split("(")[0].strip())
    kind = _KIND.get(tail.group(1).lower(), "village") if tail else "village"
    return [_TAIL.sub("", n) for n in names], kind


def known(names: list[str], lat: float, lon: float) -> bool:
    """Whether the embedded gazetteer resolves one of ``names`` near the point."""
    gaz = embedded_gazetteer()
    for name in names:
        for cand in gaz.lookup(name, country="SY", limit=3):
            near = haversine_km(lat, lon, cand.place.lat, cand.place.lon) <= NEAR_KM
            if near and cand.match >= MIN_MATCH:
                return True
    return False


def proposals(
    path: Path, min_events: int, min_area_events: int
) -> Iterator[dict[str, str]]:
    """Yield ``data/places.csv`` rows for the places of ``path`` worth curating."""
    groups: dict[tuple[str, int], list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            prec = int(float(row["where_prec"] or 0))
            if row["country"] == "Syria" and prec in (1, 2):
                groups.setdefault((row["where_coordinates"], prec), []).append(row)
    seen: set[str] = set()
    rejected = _rejected()
    ranked = sorted(groups.items(), key=lambda kv: (kv[0][1], -len(kv[1]), kv[0][0]))
    for (label, prec), rows in ranked:
        area = prec == 2
        names, kind = clean(label, area)
        if area and not (len(rows) >= min_area_events and _REGION.search(label)):
            continue  # areas: named regions only, not "road between X and Y"
        if not area and not (len(rows) >= min_events or kind == "installation"):
            continue
        if _VAGUE.search(label):
            continue  # "road between X and Y", "gas field triangle": no one place
        first = min(rows, key=lambda r: (r["date_start"], r["id"]))
        lat, lon = float(first["latitude"]), float(first["longitude"])
        if not names or names[0].casefold() in seen or known(names, lat, lon):
            continue
        if names[0].casefold() in rejected:
            continue
        seen.add(names[0].casefold())
        if kind == "installation":
            site = split_place_name(names[0])[0]
            site = re.sub(r"\s+(?:military|army|air defen[cs]e)$", "", site, flags=re.I)
            hits = embedded_gazetteer().lookup(site, country="SY", fuzzy=False)
            if site != names[0] and not any(c.match >= MIN_MATCH for c in hits):
                names.append(site)
        yield {
            "name": names[0],
            "alt_names": "|".join(names[1:]),
            "lat": f"{lat:.6g}",
            "lon": f"{lon:.6g}",
            "country": "SY",
            "admin1": "",  # the build attaches it from the admin-1 polygons
            "kind": kind,
            "population": "0",
            "source": (
                f"{GED_VERSION} (Syria 2016): '{label}', {first['adm_1']}, "
                f"where_prec {prec}; {len(rows)} events, first id "
                f"{int(float(first['id']))}"
            ),
        }


def _rejected(path: Path = ROOT / "data" / "places_rejected.csv") -> set[str]:
    """Return the place names reviewed and left out (folded to lower case)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        if not row.get("reason", "").strip():
            raise SystemExit(f"data/places_rejected.csv, line {i}: give a reason")
    return {row["name"].casefold() for row in rows}


def main(argv: list[str] | None = None) -> int:
    """Print the proposed rows as CSV on standard output."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ged", type=Path, help="UCDP GED CSV export")
    ap.add_argument("--min-events", type=int, default=1)
    ap.add_argument("--min-area-events", type=int, default=5)
    args = ap.parse_args(argv)
    fields = "name alt_names lat lon country admin1 kind population source".split()
    out = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    for row in proposals(args.ged, args.min_events, args.min_area_events):
        out.writerow(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
