from __future__ import annotations

import json

import pytest
import shapely

from conflict_geo.events.schema import events_frame
from conflict_geo.exc import ParseError
from conflict_geo.layers import control_layer, control_zones, read_zones
from conflict_geo.layers.container import decode_payload
from conflict_geo.places.boundaries import admin1_area, country_area


def test_seed_claims(seed_events):
    zones = control_zones(seed_events)
    by_actor = {a: g for a, g in zones.groupby("actor")}
    assert set(by_actor) == {"Jaich al-Fatah", "IS", "Kurdish militias"}
    idlib = by_actor["Jaich al-Fatah"].iloc[0]
    assert idlib["basis"] == "province named in a report"
    assert idlib.geometry.equals_exact(
        admin1_area("Idlib", "SY").simplify(0.005, preserve_topology=True), 1e-9
    )
    assert len(by_actor["IS"]) == 2  # Raqqa and Mosul
    assert zones["estimated"].all() and not zones["contested"].any()


def test_point_cells_clipped_to_radius_and_country(seed_events):
    zones = control_zones(seed_events, radius_km=30)
    mosul = zones.loc[zones["name"] == "Mosul"].iloc[0].geometry
    assert mosul.contains(shapely.Point(43.13, 36.34))
    assert country_area("IQ").buffer(0.01).contains(mosul)
    # 30 km is about 0.27 degree of latitude
    minx, miny, maxx, maxy = mosul.bounds
    assert maxy - miny < 0.6


def test_voronoi_splits_close_claims():
    frame = events_frame(
        [
            {
                "event_type": "control_change",
                "actor": "A",
                "lat": 36.0,
                "lon": 37.0,
                "country": "SY",
            },
            {
                "event_type": "control_change",
                "actor": "B",
                "lat": 36.0,
                "lon": 37.2,
                "country": "SY",
            },
        ]
    )
    zones = control_zones(frame)
    a = zones.loc[zones["actor"] == "A"].geometry.iloc[0]
    b = zones.loc[zones["actor"] == "B"].geometry.iloc[0]
    assert a.intersection(b).area < 1e-9
    assert a.contains(shapely.Point(37.05, 36.0)) and b.contains(
        shapely.Point(37.15, 36.0)
    )


def test_same_place_two_actors_is_contested():
    frame = events_frame(
        [
            {
                "event_type": "control_change",
                "actor": "A",
                "lat": 36.0,
                "lon": 37.0,
                "date": "2016-10-01",
            },
            {
                "event_type": "control_change",
                "actor": "B",
                "lat": 36.0,
                "lon": 37.0,
                "date": "2016-10-01",
            },
            {
                "event_type": "control_change",
                "actor": "C",
                "lat": 36.0,
                "lon": 37.0,
                "date": "2016-09-01",
            },
        ]
    )
    zones = control_zones(frame)
    assert len(zones) == 1
    zone = zones.iloc[0]
    assert zone["contested"] and zone["actors"] == ["A", "B"]
    assert zone["claims"] == 3
    layer = control_layer(zones)
    style = layer.options["style"]["values"]["A / B"]
    assert len(style["hatch"]) == 2
    assert layer.legend[-1]["label"] == "Contested: A / B"


def test_latest_claim_wins():
    frame = events_frame(
        [
            {
                "event_type": "control_change",
                "actor": "Old",
                "lat": 36.0,
                "lon": 37.0,
                "date": "2016-01-01",
            },
            {
                "event_type": "control_change",
                "actor": "New",
                "lat": 36.0,
                "lon": 37.0,
                "date": "2016-06-01",
            },
        ]
    )
    zones = control_zones(frame)
    assert zones["actor"].tolist() == ["New"] and not zones["contested"].iloc[0]


def test_unplaceable_claims_reported():
    frame = events_frame(
        [
            {"event_id": "x", "event_type": "control_change", "actor": "A"},
            {"event_id": "y", "event_type": "control_change", "lat": 36.0, "lon": 37.0},
        ]
    )
    zones = control_zones(frame)
    assert zones.empty
    reasons = {r["event_id"]: r["reason"] for r in zones.attrs["unmapped"]}
    assert reasons == {"x": "no coordinates", "y": "control claim without an actor"}


def test_no_claims_gives_empty_zones(seed_events):
    strikes = seed_events.loc[seed_events["event_type"] == "strike"]
    assert control_zones(strikes).empty


def _write(tmp_path, data):
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_read_user_zones(tmp_path):
    poly = shapely.geometry.mapping(shapely.box(36, 35, 37, 36))
    path = _write(
        tmp_path,
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": poly,
                    "properties": {
                        "actor": "SDF",
                        "name": "North",
                        "date": "2016-10-01",
                    },
                }
            ],
        },
    )
    zones = read_zones(path)
    assert zones["actor"].tolist() == ["SDF"]
    assert not zones["estimated"].iloc[0]
    layer = control_layer(zones)
    assert layer.legend == [
        {"label": "SDF", "color": layer.legend[0]["color"], "kind": "zone"}
    ]
    payload = decode_payload(layer.payload_js())
    assert payload["n"] == 1 and payload["cols"]["extent"]["k"] == ["as supplied"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Feature"}, "FeatureCollection"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": [1, 2]},
                    }
                ],
            },
            "actor",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"actor": "A"},
                        "geometry": {"type": "Point", "coordinates": [1, 2]},
                    }
                ],
            },
            "not a polygon",
        ),
    ],
)
def test_read_zones_errors(tmp_path, data, message):
    with pytest.raises(ParseError, match=message):
        read_zones(_write(tmp_path, data))


def test_read_zones_not_json(tmp_path):
    path = tmp_path / "z.geojson"
    path.write_text("nope")
    with pytest.raises(ParseError, match="not a JSON"):
        read_zones(path)
