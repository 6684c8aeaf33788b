from __future__ import annotations

import json

import geopandas
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from conflict_geo.events.datasets import detect_format, read_ucdp
from conflict_geo.events.io import read_events, read_geojson, to_geojson, write_geojson
from conflict_geo.events.schema import EVENT_COLUMNS, empty_events, events_frame
from conflict_geo.exc import InputError, ParseError
from tests.conftest import shared_file

HOMS = shapely.box(36.2, 34.3, 37.9, 35.2)


@pytest.fixture
def events() -> geopandas.GeoDataFrame:
    records = [
        {
            "event_id": "text:lemonde:1", "dataset": "text", "event_type": "strike",
            "sub_type": "air strike", "place": "Hass", "country": "SY",
            "admin1": "Idlib", "lat": 35.6161, "lon": 36.59066, "precision": 1,
            "fatalities": 35, "fatalities_low": 22, "fatalities_high": None,
            "fatalities_earlier": 22, "injured": 0, "actor": "aviation russe",
            "target": "une école", "source": "OSDH", "date": "2016-10-26",
            "date_end": None, "date_precision": "day", "status": "done",
            "sentence": "« Au moins 35 morts » dans des raids sur Hass, dit l'OSDH.",
            "doc": "lemonde.txt", "start": 120, "end": 182, "confidence": 0.83,
            "notes": 'earlier toll 22; "quoted"',
        },
        {
            "event_id": "text:lemonde:2", "dataset": "text", "event_type": "shelling",
            "place": "Homs", "country": "SY", "admin1": "Homs", "lat": 34.7324,
            "lon": 36.7137, "precision": 4, "date": "2016-10-27",
            "date_end": "2016-10-29", "date_precision": "", "status": "held",
            "confidence": 0.5, "aggregate": True,
            "evidence": "toll: 12 (OSDH) | place: Homs",
        },
        {
            "event_id": "text:lemonde:3", "dataset": "text", "event_type": "other",
            "place": "somewhere", "date_precision": "", "status": "planned",
            "aggregate": False,
        },
    ]  # fmt: skip
    geometries = [shapely.Point(36.59066, 35.6161), HOMS, shapely.Point()]
    return events_frame(records, geometries)


def test_to_geojson_features(events):
    doc = to_geojson(events)
    assert doc["type"] == "FeatureCollection"
    first, area, unlocated = doc["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [36.59066, 35.6161]}
    assert list(first["properties"]) == list(EVENT_COLUMNS)
    props = first["properties"]
    assert props["date"] == "2016-10-26"
    assert props["date_end"] is None
    assert props["fatalities"] == 35 and type(props["fatalities"]) is int
    assert props["fatalities_high"] is None
    assert type(props["confidence"]) is float
    assert area["geometry"]["type"] == "Polygon"
    assert area["properties"]["lat"] == 34.7324
    assert unlocated["geometry"] is None
    assert unlocated["properties"]["lat"] is None
    assert unlocated["properties"]["date"] is None
    assert area["properties"]["aggregate"] is True
    assert area["properties"]["status"] == "held"
    json.dumps(doc, allow_nan=False)  # strict JSON: no NaN anywhere


def test_coordinates_rounded_to_six_decimals(events):
    events.loc[0, ["lat", "lon"]] = [35.616123456, 36.590661234]
    events.loc[0, "geometry"] = shapely.Point(36.590661234, 35.616123456)
    feature = to_geojson(events)["features"][0]
    assert feature["geometry"]["coordinates"] == [36.590661, 35.616123]
    assert (feature["properties"]["lon"], feature["properties"]["lat"]) == (
        36.590661,
        35.616123,
    )


def test_round_trip(events, tmp_path):
    path = write_geojson(events, tmp_path / "events.geojson")
    assert path == tmp_path / "events.geojson"
    assert detect_format(path) == "geojson"
    back = read_geojson(path)
    assert_geodataframe_equal(back, events)
    assert back.attrs["unmapped"] == []
    assert_geodataframe_equal(read_events(str(path)), events)


@pytest.mark.parametrize(
    ("written", "read"), [("true", True), ("0", False), ("yes", True)]
)
def test_read_flags_written_as_text(events, tmp_path, written, read):
    doc = to_geojson(events)
    doc["features"][1]["properties"]["aggregate"] = written
    path = tmp_path / "flags.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert read_geojson(path)["aggregate"].iloc[1] == read


def test_read_bad_flag_is_reported(events, tmp_path):
    doc = to_geojson(events)
    doc["features"][1]["properties"]["aggregate"] = "maybe"
    path = tmp_path / "flags.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    back = read_geojson(path)
    assert any("bad aggregate 'maybe'" in str(row) for row in back.attrs["unmapped"])


def test_round_trip_empty(tmp_path):
    path = write_geojson(empty_events(), tmp_path / "none.geojson")
    assert_geodataframe_equal(read_geojson(path), empty_events())


def test_round_trip_ucdp(tmp_path):
    ucdp = read_ucdp(shared_file("ucdp_ged_syria_2016.csv"))
    path = write_geojson(ucdp, tmp_path / "ucdp.geojson")
    assert_geodataframe_equal(read_geojson(path), ucdp)


def test_write_is_atomic_and_overwrites(events, tmp_path):
    path = tmp_path / "events.geojson"
    path.write_text("old")
    write_geojson(events, path)
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]
    with pytest.raises(InputError, match="missing column"):
        write_geojson(events.drop(columns="notes"), path)
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]


def test_write_reprojects_to_wgs84(events, tmp_path):
    located = events.iloc[:1].to_crs("EPSG:3857")
    back = read_geojson(write_geojson(located, tmp_path / "e.geojson"))
    assert back.geometry.iloc[0].equals_exact(events.geometry.iloc[0], 1e-6)


def test_read_tolerates_foreign_properties(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [37.16, 36.2]},
                "properties": {"event_id": "x:1", "colour": "red", "fatalities": "4"},
            },
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(HOMS)),
                "properties": {"lat": 34.73, "lon": 36.71, "fatalities": "many"},
            },
            {"type": "Feature", "geometry": None, "properties": None},
        ],
    }
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(doc))
    frame = read_geojson(path)
    assert list(frame.columns) == [*EVENT_COLUMNS, "geometry"]
    assert (frame["lat"].iloc[0], frame["lon"].iloc[0]) == (36.2, 37.16)
    assert frame["fatalities"].iloc[0] == 4
    assert (frame["dataset"] == "geojson").all()
    assert frame.geometry.iloc[1].equals(HOMS)
    assert frame["lat"].iloc[1] == 34.73
    assert pd.isna(frame["fatalities"].iloc[1])
    assert frame.geometry.iloc[2].is_empty
    assert frame.attrs["unmapped"] == [
        {"row": 2, "event_id": None, "reason": "bad fatalities 'many'"}
    ]


def test_truncated_geojson(events, tmp_path):
    path = write_geojson(events, tmp_path / "cut.geojson")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(
        ParseError, match=r"cut\.geojson, line 1, offset \d+: invalid JSON"
    ):
        read_events(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "Feature", "properties": {}}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', "not a list"),
        ('{"type": "FeatureCollection", "features": [3]}', "feature 1 is not"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", '
            '"geometry": {"type": "Point"}, "properties": {}}]}',
            "feature 1 has an invalid geometry",
        ),
    ],
)
def test_malformed_geojson(tmp_path, text, message):
    path = tmp_path / "bad.geojson"
    path.write_text(text)
    with pytest.raises(ParseError, match=message) as err:
        read_geojson(path)
    assert err.value.source == str(path)


def test_geojson_missing_empty_and_non_utf8(tmp_path):
    with pytest.raises(InputError, match="nope.geojson"):
        read_geojson(tmp_path / "nope.geojson")
    empty = tmp_path / "empty.geojson"
    empty.write_text("  \n")
    with pytest.raises(ParseError, match="empty file"):
        read_geojson(empty)
    latin = tmp_path / "latin.geojson"
    data = b'{"type": "FeatureCollection", "features": [], "n": "\xe9"}'
    latin.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(ParseError, match=rf"latin\.geojson, line 1: .*offset {offset}"):
        read_events(latin)


def test_to_geojson_rejects_non_event_tables():
    with pytest.raises(InputError, match="GeoDataFrame"):
        to_geojson(pd.DataFrame({"a": [1]}))
