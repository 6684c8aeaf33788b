"""The seed dispatch, through ``conflict-geo extract``: every event the issue lists."""

import json

import pytest

from conflict_geo.cli import main


@pytest.fixture(scope="module")
def features(seed_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("extract") / "seed.geojson"
    assert main(["extract", str(seed_path), "-o", str(out)]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection


def find(features, event_type, place, **props):
    hits = [
        f["properties"]
        for f in features["features"]
        if f["properties"]["event_type"] == event_type
        and f["properties"]["place"] == place
        and all(f["properties"].get(k) == v for k, v in props.items())
    ]
    assert hits, f"no {event_type} at {place} with {props}"
    return hits


def test_properties_schema(features):
    keys = {
        "event_type",
        "place",
        "country",
        "admin1",
        "precision",
        "fatalities",
        "injured",
        "actor",
        "target",
        "source",
        "date",
        "status",
        "sentence",
        "doc",
        "start",
        "end",
        "confidence",
        "lat",
        "lon",
    }
    for f in features["features"]:
        assert keys <= set(f["properties"])
        assert f["geometry"] is not None


def test_hass_strike(features):
    [hass] = find(features, "strike", "Hass")
    assert hass["fatalities"] == 35
    assert hass["fatalities_earlier"] == 26
    assert "école" in (hass["target"] or "")
    assert hass["admin1"] == "Idlib" and hass["precision"] == 1
    assert "SOHR" in hass["source"]  # the OSDH, one label in every language
    assert "11 enfants" in hass["notes"]
    assert abs(hass["lat"] - 35.6161) < 0.01 and abs(hass["lon"] - 36.5907) < 0.01


def test_week_of_raids_on_idleb_province(features):
    [raids] = find(features, "strike", "Idlib", precision=4)
    assert raids["fatalities"] == 89 and raids["injured"] == 150
    assert "Russia" in raids["actor"] and "Syria" in raids["actor"]
    [feature] = [
        f
        for f in features["features"]
        if f["properties"] is raids or f["properties"] == raids
    ]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_russian_naval_base_at_tartous(features):
    [base] = find(features, "base", "Ţarţūs")
    assert base["actor"] == "Russia"


def test_offensive_on_raqa_planned_and_is_stronghold(features):
    offensives = find(features, "offensive", "Ar Raqqah")
    assert any(o["status"] == "planned" for o in offensives)
    find(features, "control_change", "Ar Raqqah", actor="Islamic State")


def test_mosul_offensive_begun_17_october(features):
    find(features, "offensive", "Mosul", date="2021-10-17")
    find(features, "control_change", "Mosul", actor="Islamic State")


def test_turkish_offensive_in_northern_syria_in_august(features):
    [off] = find(features, "offensive", "Syria", date="2021-08")
    assert off["actor"] == "Turkey" and off["precision"] == 6


def test_control_claims(features):
    find(features, "control_change", "Idlib", actor="Jaich al-Fatah", status="held")
    find(features, "control_change", "Manbij", actor="Kurdish forces", status="held")


def test_turkish_threat_against_minbej(features):
    find(features, "offensive", "Manbij", status="planned", actor="Turkey")


def test_no_event_at_capitals_standing_for_governments(features):
    places = {f["properties"]["place"] for f in features["features"]}
    assert not places & {"Moscow", "Washington", "Ankara", "Brussels", "Damascus"}
