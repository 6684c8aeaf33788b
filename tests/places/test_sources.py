import zipfile

import pandas as pd
import pytest

from conflict_geo.exc import InputError, ParseError
from conflict_geo.geocoders.gazetteer import GazetteerGeocoder
from conflict_geo.places.sources import load, load_csv, load_geonames, split_place_name
from tests.conftest import km

GEONAMES_ROW = (
    "{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\tP\tPPL\tSY\t\t{adm}\t\t\t\t{pop}\t\t300"
    "\tAsia/Damascus\t2016-01-01\n"
)


def test_geonames_dump_txt_and_zip(tmp_path):
    text = (
        GEONAMES_ROW.format(
            id=1,
            name="Kafr Zita",
            alts="Kafr Zeita,كفر زيتا",
            lat=35.37,
            lon=36.60,
            adm="06",
            pop=9000,
        )
        + "garbage line without tabs\n"
        + GEONAMES_ROW.format(
            id=2, name="Nowhere", alts="", lat="nan", lon=36.6, adm="", pop=0
        )
        + GEONAMES_ROW.format(id=3, name="Zero", alts="", lat=0, lon=0, adm="", pop=0)
    )
    txt = tmp_path / "SY.txt"
    txt.write_text(text, encoding="utf-8")
    gaz = load_geonames(txt)
    assert len(gaz) == 1
    assert gaz.lookup("Kafr Zeita")[0].place.name == "Kafr Zita"
    assert [n for n, _ in gaz.report.skipped] == [2, 3, 4]
    assert "fields" in gaz.report.skipped[0][1] and "(0, 0)" in gaz.report.skipped[2][1]
    zipped = tmp_path / "SY.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("SY.txt", text)
        zf.writestr("readme.txt", "about")
    assert len(load(zipped)) == 1


def test_plain_csv_with_bad_rows(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "name,lat,lon,country\nTall Rifat,36.47,37.09,SY\nNaN place,nan,1,SY\n"
        ",1,2,SY\nFar,95,10,SY\n",
        encoding="utf-8",
    )
    gaz = load_csv(path)
    assert len(gaz) == 1 and gaz.report.rows == 4
    assert [line for line, _ in gaz.report.skipped] == [3, 4, 5]
    assert "line 3" in gaz.report.summary()


def test_csv_without_required_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("place,x,y\nA,1,2\n", encoding="utf-8")
    with pytest.raises(ParseError, match="name, lat, lon"):
        load(path)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,lat,lon\n\xff\xfe,1,2\n")
    with pytest.raises(ParseError, match="byte offset") as info:
        load(bad)
    assert "bad.csv" in str(info.value)


def test_split_place_name():
    assert split_place_name("Has/Hassef town") == ["Has", "Hassef"]
    assert split_place_name("Albu Kamal town") == ["Albu Kamal"]


def test_ucdp_precise_places_resolve_within_1_km(ucdp_path):
    geocoder = GazetteerGeocoder(extra=[ucdp_path])
    assert geocoder.reports and geocoder.reports[0].rows == 6170
    frame = pd.read_csv(ucdp_path)
    precise = frame[frame.where_prec == 1].drop_duplicates(
        ["where_coordinates", "latitude", "longitude"]
    )
    total = hits = 0
    for row in precise.itertuples():
        for query in [row.where_coordinates, *split_place_name(row.where_coordinates)]:
            loc = geocoder.geocode(query)
            total += 1
            hits += (
                bool(loc)
                and km(loc.latitude, loc.longitude, row.latitude, row.longitude) <= 1
            )
    assert total > 1000
    assert hits / total >= 0.95, f"{hits}/{total}"


def test_ucdp_has_hassef(ucdp_path):
    geocoder = GazetteerGeocoder(extra=[ucdp_path])
    for query in ["Has/Hassef town", "Has", "Hassef"]:
        loc = geocoder.geocode(query)
        assert km(loc.latitude, loc.longitude, 35.6161, 36.59066) < 1
        assert loc.raw["country"] == "SY"
