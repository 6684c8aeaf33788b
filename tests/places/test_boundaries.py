from __future__ import annotations

import json
import math
import time
from importlib.resources import files

import numpy as np
import pytest
import shapely

from conflict_geo.places import boundaries as b

SYRIA_HASC = {
    "SY.ID": "Idlib",
    "SY.HL": "Aleppo",
    "SY.RA": "Ar Raqqah",
    "SY.TA": "Tartus",
    "SY.DI": "Damascus",
    "SY.RD": "Rif Dimashq",
    "SY.HM": "Hamah",
    "SY.HI": "Homs (Hims)",
    "SY.LA": "Lattakia",
    "SY.DR": "Dar`a",
    "SY.SU": "As Suwayda'",
    "SY.QU": "Quneitra",
    "SY.HA": "Hasaka (Al Haksa)",
    "SY.DY": "Dayr Az Zawr",
}


def test_files_load_via_importlib_resources():
    data = files("conflict_geo") / "data"
    for name in ("admin1.geojson", "countries.geojson"):
        resource = data / name
        assert resource.is_file()
        fc = json.loads(resource.read_text(encoding="utf-8"))
        assert fc["type"] == "FeatureCollection"
        assert fc["features"]


def test_file_sizes_within_budget():
    data = files("conflict_geo") / "data"
    assert len((data / "admin1.geojson").read_bytes()) < 1_600_000
    assert len((data / "countries.geojson").read_bytes()) < 2_600_000


def test_admin1_frame_shape():
    areas = b.admin1_areas()
    assert list(areas.columns) == [
        "country",
        "name",
        "name_alt",
        "hasc",
        "type_en",
        "label_lat",
        "label_lon",
        "gn_id",
        "geometry",
    ]
    assert areas.crs.to_epsg() == 4326
    assert set(areas["country"]) == set(b.ADMIN1_COUNTRIES)
    assert areas["name"].notna().all()
    assert all(isinstance(alt, list) for alt in areas["name_alt"])
    # sorted by country then name
    keys = list(zip(areas["country"], areas["name"], strict=True))
    assert keys == sorted(keys)


def test_admin1_returns_copies():
    first = b.admin1_areas()
    first.loc[0, "name"] = "changed"
    first.loc[0, "name_alt"].append("changed")
    second = b.admin1_areas()
    assert second.loc[0, "name"] != "changed"
    assert "changed" not in second.loc[0, "name_alt"]


def test_syria_has_14_governorates():
    areas = b.admin1_areas()
    syria = areas[areas["country"] == "SY"]
    assert len(syria) == 14
    assert dict(zip(syria["hasc"], syria["name"], strict=True)) == SYRIA_HASC
    assert (syria["type_en"] == "Province").all()


@pytest.mark.parametrize(
    ("country", "count"),
    [("SY", 14), ("IQ", 18), ("TR", 81), ("LB", 6), ("JO", 12), ("IL", 6), ("PS", 2)],
)
def test_admin1_counts(country, count):
    areas = b.admin1_areas()
    assert int((areas["country"] == country).sum()) == count


def test_countries_frame():
    world = b.countries()
    assert list(world.columns) == ["iso2", "iso3", "name", "geometry"]
    assert world.crs.to_epsg() == 4326
    assert len(world) > 200
    by_iso2 = dict(zip(world["iso2"], world["iso3"], strict=True))
    assert by_iso2["SY"] == "SYR"
    assert by_iso2["FR"] == "FRA"
    assert by_iso2["XK"] == "XKX"  # Kosovo, no ISO numeric id in the source


def test_all_geometries_valid_and_polygonal():
    for frame in (b.admin1_areas(), b.countries()):
        geoms = frame.geometry.to_numpy()
        assert shapely.is_valid(geoms).all()
        assert not shapely.is_empty(geoms).any()
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (35.93, 36.63, ("SY", "Idlib")),
        (35.95, 39.01, ("SY", "Ar Raqqah")),
        (36.34, 43.13, ("IQ", "Ninawa")),
        (34.889, 35.887, ("SY", "Tartus")),  # just off the 1:50m coastline
        (33.513, 36.292, ("SY", "Damascus")),
        (39.93, 32.86, ("TR", "Ankara")),
        (33.89, 35.50, ("LB", "Beirut")),
        (31.95, 35.93, ("JO", "Amman")),
        (31.50, 34.45, ("PS", "Gaza Strip")),
        (50.85, 4.35, ("BE", None)),
        (55.75, 37.62, ("RU", None)),
        (34.0, 33.0, (None, None)),  # Mediterranean
        (0.0, -30.0, (None, None)),  # Atlantic
    ],
)
def test_locate(lat, lon, expected):
    assert b.locate(lat, lon) == expected


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (math.nan, 36.0),
        (35.0, math.nan),
        (math.nan, math.nan),
        (math.inf, 0.0),
        (91.0, 0.0),
        (0.0, 181.0),
    ],
)
def test_locate_invalid_points(lat, lon):
    assert b.locate(lat, lon) == (None, None)


def test_locate_none_is_nan():
    assert b.locate(None, None) == (None, None)


def test_locate_tartus_is_outside_country_polygon_but_near():
    # The fallback is what makes the coastal case work for the country layer.
    tartus = shapely.Point(35.887, 34.889)
    assert not b.country_area("SY").contains(tartus)
    assert b.country_area("SY").distance(tartus) < 0.05


def test_locate_nearest_threshold():
    # ~5 km off the Syrian coast (west of Tartus) still counts; ~30 km does not.
    assert b.locate(34.889, 35.80) == ("SY", "Tartus")
    assert b.locate(34.889, 35.55) == (None, None)


def test_locate_many_agrees_with_locate():
    rng = np.random.default_rng(20240611)
    lats = np.concatenate([rng.uniform(29, 42, 150), rng.uniform(-60, 75, 50)])
    lons = np.concatenate([rng.uniform(25, 49, 150), rng.uniform(-180, 180, 50)])
    lats[7] = np.nan
    many = b.locate_many(lats, lons)
    single = [b.locate(la, lo) for la, lo in zip(lats, lons, strict=True)]
    assert list(zip(*many, strict=True)) == single
    assert sum(a is not None for _, a in single) > 50  # the sample hits admin-1


def test_locate_many_inputs():
    assert b.locate_many([], []) == ([], [])
    assert b.locate_many([35.93], [36.63]) == (["SY"], ["Idlib"])
    with pytest.raises(ValueError, match="latitudes"):
        b.locate_many([1.0, 2.0], [1.0])


def test_locate_many_admin1_consistent_with_country():
    rng = np.random.default_rng(1)
    countries, names = b.locate_many(
        rng.uniform(29, 42, 2000), rng.uniform(25, 49, 2000)
    )
    areas = b.admin1_areas()
    owner = dict(zip(areas["name"], areas["country"], strict=True))
    for country, name in zip(countries, names, strict=True):
        if name is not None:
            assert owner[name] == country
        if country is not None and country not in b.ADMIN1_COUNTRIES:
            assert name is None


def test_locate_many_is_fast():
    rng = np.random.default_rng(0)
    n = 50_000
    lats = np.concatenate([rng.uniform(29, 42, n // 2), rng.uniform(-60, 75, n // 2)])
    lons = np.concatenate([rng.uniform(25, 49, n // 2), rng.uniform(-180, 180, n // 2)])
    b.locate_many(lats[:10], lons[:10])  # build the indexes first
    start = time.perf_counter()
    countries, names = b.locate_many(lats, lons)
    elapsed = time.perf_counter() - start
    assert len(countries) == len(names) == n
    assert elapsed < 2.0  # ~0.2 s on a 2-core machine; generous for CI noise


@pytest.mark.parametrize(
    ("query", "country", "expected"),
    [
        ("Idlib", None, "Idlib"),
        ("IDLEB", None, "Idlib"),
        ("Edleb", "SY", "Idlib"),
        ("Latakia", None, "Lattakia"),
        ("Ḥalab", None, "Aleppo"),
        ("halab", None, "Aleppo"),
        ("Deir ez-Zor", None, "Dayr Az Zawr"),
        ("Dar'a", None, "Dar`a"),
        ("Homs", None, "Homs (Hims)"),
        ("Hasakah", None, "Hasaka (Al Haksa)"),
        ("Mosul", None, "Ninawa"),
        ("Kirkuk", "IQ", "At-Ta'mim"),
        ("izmir", None, "Izmir"),
        ("Balıkesir", None, "Balikesir"),
        ("SY.RD", None, "Rif Dimashq"),
    ],
)
def test_admin1_area_matching(query, country, expected):
    areas = b.admin1_areas()
    geom = b.admin1_area(query, country=country)
    assert geom is not None
    row = areas[areas["name"] == expected].iloc[0]
    assert geom.equals(row.geometry)


def test_admin1_area_misses():
    assert b.admin1_area("Idlib", country="IQ") is None
    assert b.admin1_area("Atlantis") is None
    assert b.admin1_area("") is None


def test_country_area():
    syria = b.country_area("SY")
    assert syria is not None
    assert syria.contains(shapely.Point(36.63, 35.93))
    assert b.country_area("sy").equals(syria)
    assert b.country_area("ZZ") is None
    assert b.country_area("") is None
    # Cyprus and Northern Cyprus are both "CY": the union covers the island.
    assert b.country_area("CY").contains(shapely.Point(33.36, 35.19))  # Nicosia N
    assert b.country_area("CY").contains(shapely.Point(33.03, 34.68))  # Limassol


def test_a_known_country_keeps_a_border_town_in_its_own_units():
    locate_many = b.locate_many
    # Kobani's point falls just inside Turkey's generalised Sanliurfa polygon
    lat, lon = 36.891, 38.354
    assert locate_many([lat], [lon]) == (["TR"], ["Sanliurfa"])
    assert locate_many([lat], [lon], ["SY"]) == (["SY"], ["Aleppo"])
    assert locate_many([35.93, 50.85], [36.63, 4.35], ["SY", "BE"]) == (
        ["SY", "BE"],
        ["Idlib", None],
    )
    with pytest.raises(ValueError, match="countries"):
        locate_many([1.0, 2.0], [1.0, 2.0], ["SY"])
