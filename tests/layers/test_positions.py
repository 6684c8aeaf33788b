from __future__ import annotations

import shapely

from conflict_geo.events.schema import events_frame
from conflict_geo.layers.positions import (
    KIND_AREA,
    KIND_ARROW,
    KIND_POINT,
    KIND_RING,
    place_events,
)


def test_precision_picks_drawing():
    frame = events_frame(
        [
            {"event_type": "strike", "lat": 35.6, "lon": 36.6, "precision": 1},
            {"event_type": "strike", "lat": 35.6, "lon": 36.6, "precision": 2},
            {"event_type": "strike", "lat": 35.6, "lon": 36.6, "precision": 3},
            {
                "event_type": "strike",
                "lat": 35.9,
                "lon": 36.6,
                "precision": 4,
                "admin1": "Idlib Governorate",
                "country": "SY",
            },
            {
                "event_type": "strike",
                "lat": 35.0,
                "lon": 38.0,
                "precision": 6,
                "country": "SY",
            },
            {"event_type": "strike", "lat": 35.6, "lon": 36.6},
        ]
    )
    placed = place_events(frame)
    assert placed.mapped["_kind"].tolist() == [
        KIND_POINT,
        KIND_RING,
        KIND_RING,
        KIND_AREA,
        KIND_AREA,
        KIND_POINT,
    ]
    assert placed.mapped["_rk"].tolist()[:3] == [0, 25, 60]
    assert len(placed.geoms) == 2
    idlib = placed.geoms[placed.mapped["_g"].iloc[3]]
    assert idlib.contains(shapely.Point(36.63, 35.93))


def test_unknown_province_falls_back_to_ring():
    frame = events_frame(
        [
            {
                "event_type": "strike",
                "lat": 35.9,
                "lon": 36.6,
                "precision": 4,
                "admin1": "Atlantis",
                "country": "SY",
            }
        ]
    )
    placed = place_events(frame)
    assert placed.mapped["_kind"].tolist() == [KIND_RING]
    assert placed.mapped["_rk"].tolist() == [100]


def test_unmapped_reasons_and_never_zero_zero():
    frame = events_frame(
        [
            {"event_id": "a", "event_type": "strike"},
            {"event_id": "b", "event_type": "strike", "lat": 0.0, "lon": 0.0},
            {"event_id": "c", "event_type": "strike", "lat": 95.0, "lon": 36.0},
            {"event_id": "d", "event_type": "strike", "lat": 35.0, "lon": 36.0},
        ]
    )
    placed = place_events(frame)
    assert placed.mapped["event_id"].tolist() == ["d"]
    unmapped = placed.unmapped
    reasons = dict(zip(unmapped["event_id"], unmapped["reason"], strict=True))
    assert reasons["a"] == "no coordinates"
    assert "(0, 0)" in reasons["b"]
    assert "out of range" in reasons["c"]


def test_linestring_is_an_arrow_to_the_target():
    line = shapely.LineString([(38.0, 36.5), (39.01, 35.95)])
    frame = events_frame(
        [{"event_type": "offensive", "status": "ongoing"}], geometries=[line]
    )
    placed = place_events(frame)
    row = placed.mapped.iloc[0]
    assert row["_kind"] == KIND_ARROW
    assert (row["_lat"], row["_lon"]) == (35.95, 39.01)
    assert (row["_olat"], row["_olon"]) == (36.5, 38.0)
    assert place_events(frame, arrows=False).mapped["_kind"].iloc[0] == KIND_POINT


def test_empty_frame():
    placed = place_events(events_frame([]))
    assert placed.mapped.empty and placed.unmapped.empty
