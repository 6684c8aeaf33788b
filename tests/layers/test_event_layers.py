from __future__ import annotations

import folium
import pytest
import shapely

from conflict_geo.events.schema import events_frame
from conflict_geo.layers import (
    CanvasLayer,
    bases_layer,
    clashes_layer,
    offensives_layer,
    strikes_layer,
)
from conflict_geo.layers.container import decode_payload


def _column(layer, name):
    payload = decode_payload(layer.payload_js())
    col = payload["cols"][name]
    if col["e"] == "s":
        return [None if i < 0 else col["k"][i] for i in col["d"]]
    return col["d"]


@pytest.mark.parametrize(
    ("builder", "name", "ids"),
    [
        (strikes_layer, "Strikes & shelling", {"text:seed:1", "text:seed:2"}),
        (offensives_layer, "Offensives", {"text:seed:4"}),
        (bases_layer, "Bases", {"text:seed:3"}),
        (clashes_layer, "Clashes & other", {"xss:1"}),
    ],
)
def test_builders_select_their_types(xss_events, builder, name, ids):
    layer = builder(xss_events)
    assert isinstance(layer, CanvasLayer)
    assert isinstance(layer, folium.map.Layer)
    assert layer.title == name and layer.overlay and layer.show
    assert set(_column(layer, "event_id")) == ids
    assert layer.n == len(ids)


def test_builder_options_like_folium(seed_events):
    layer = strikes_layer(
        seed_events, name="Frappes", show=False, overlay=False, control=False
    )
    assert (layer.layer_name, layer.show, layer.overlay, layer.control) == (
        "Frappes",
        False,
        False,
        False,
    )


def test_layer_name_escaped_for_layer_control(seed_events):
    layer = strikes_layer(seed_events, name="<img src=x onerror=alert(1)>")
    assert layer.layer_name == "&lt;img src=x onerror=alert(1)&gt;"
    m = folium.Map(tiles=None)
    layer.add_to(m)
    folium.LayerControl().add_to(m)
    page = m.get_root().render()
    assert "<img src=x" not in page


def test_strike_popup_columns(seed_events):
    layer = strikes_layer(seed_events)
    ids = _column(layer, "event_id")
    deaths = dict(zip(ids, _column(layer, "deaths"), strict=True))
    assert deaths["text:seed:1"] == "35; earlier report: 26"
    located = dict(zip(ids, _column(layer, "located"), strict=True))
    assert located["text:seed:1"] == "exact place"
    assert located["text:seed:2"].startswith("approximate: province")
    assert _column(layer, "date") == [17094, 17100] or sorted(
        _column(layer, "date")
    ) == [17094, 17100]


def test_strike_legend_and_bounds(seed_events):
    layer = strikes_layer(seed_events)
    assert layer.legend[0]["label"] == "Air strike" and layer.legend[0]["count"] == 2
    (south, west), (north, east) = layer.bounds
    # the Idlib province outline widens the bounds beyond both points
    assert south < 35.6 and north > 35.93 and west < 36.59 and east > 36.63


def test_rollups_are_drawn_but_not_counted_as_incidents(seed_events):
    frame = seed_events.copy()
    frame["aggregate"] = frame["event_id"].eq("text:seed:2").astype("boolean")
    layer = strikes_layer(frame)
    strike = layer.legend[0]
    assert (strike["count"], strike["rollups"]) == (1, 1)
    scope = dict(zip(_column(layer, "event_id"), _column(layer, "scope"), strict=True))
    assert scope["text:seed:1"] is None
    assert scope["text:seed:2"].startswith("roll-up")
    assert ["Scope", "scope"] in layer.options["popup"]["fields"]


def test_no_scope_column_without_rollups(seed_events):
    layer = strikes_layer(seed_events)
    assert "scope" not in decode_payload(layer.payload_js())["cols"]
    assert "rollups" not in layer.legend[0]


def test_offensive_arrow_and_status(seed_events):
    line = shapely.LineString([(38.0, 36.5), (39.01, 35.95)])
    frame = events_frame(
        [{"event_id": "o1", "event_type": "offensive", "status": "ongoing"}],
        geometries=[line],
    )
    layer = offensives_layer(frame)
    assert _column(layer, "k") == [3]
    assert _column(layer, "olat") == [3650000]
    assert layer.options["style"]["status"]["planned"]["dash"] is True
    labels = [item["label"] for item in layer.legend]
    assert any(label.startswith("Ongoing") for label in labels)


def test_unknown_types_go_to_clashes():
    frame = events_frame([{"event_type": "riot", "lat": 35.0, "lon": 36.0}])
    assert clashes_layer(frame).n == 1
    assert strikes_layer(frame).n == 0


def test_empty_layer_has_valid_payload():
    layer = strikes_layer(events_frame([]))
    assert layer.n == 0 and layer.bounds is None
    assert decode_payload(layer.payload_js())["n"] == 0


def test_unmapped_rows_reported(xss_events):
    layer = clashes_layer(xss_events)
    assert layer.unmapped["event_id"].tolist() == ["xss:2"]
    assert layer.unmapped["reason"].tolist() == ["no coordinates"]


def test_runtime_added_once_to_any_folium_map(seed_events):
    m = folium.Map(tiles=None)
    strikes_layer(seed_events).add_to(m)
    bases_layer(seed_events).add_to(m)
    page = m.get_root().render()
    assert page.count("conflictGeo = {") == 0 or page.count("cg.version") <= 2
    assert page.count("<style>/* conflict_geo map styles") == 1
    assert "conflictGeo.canvasLayer(" in page


def test_event_layer_rows_are_taken_lazily(seed_events):
    layer = strikes_layer(seed_events)
    assert layer._events is None  # nothing copied while building
    rows = layer.events
    assert rows["event_id"].tolist() == _column(layer, "event_id")
    assert rows["_lat"].tolist() == sorted(rows["_lat"])
    assert set(rows.index) <= set(seed_events.index)
    assert {"_lon", "_olat", "_olon", "_kind", "_rk", "_g"} <= set(rows.columns)
    twin = layer.copy()
    assert twin.events is rows and twin.unmapped is layer.unmapped
    assert twin.payload is layer.payload and twin.title == layer.title


def test_select_events_keeps_order_and_missing_type_is_other():
    frame = events_frame(
        [
            {"event_id": "a", "event_type": "strike", "lat": 35.0, "lon": 36.0},
            {"event_id": "b", "event_type": None, "lat": 35.0, "lon": 36.0},
            {"event_id": "c", "event_type": "shelling", "lat": 35.0, "lon": 36.0},
        ]
    )
    from conflict_geo.layers.events import select_events

    assert select_events(frame, ["shelling", "strike"])["event_id"].tolist() == [
        "a",
        "c",
    ]
    clashes = clashes_layer(frame)
    assert _column(clashes, "event_id") == ["b"]
    assert _column(clashes, "event_type") == ["other"]
    assert [item["label"] for item in clashes.legend] == ["Other"]


def test_derived_popup_texts_match_rows():
    frame = events_frame(
        [
            {
                "event_id": str(i),
                "event_type": "clash",
                "lat": 35.0 + i % 3,
                "lon": 36.0,
                "place": ["Hass", "Idlib", None][i % 3],
                "admin1": "Idlib",
                "country": "SY",
                "fatalities": [None, 3, 7][i % 3],
                "fatalities_high": [None, 5, 7][i % 3],
                "precision": [1, 2, None][i % 3],
            }
            for i in range(90)
        ]
    )
    layer = clashes_layer(frame)
    got = dict(
        zip(
            _column(layer, "event_id"),
            zip(
                _column(layer, "where"),
                _column(layer, "deaths"),
                _column(layer, "located"),
                strict=True,
            ),
            strict=True,
        )
    )
    assert got["0"] == ("Hass, Idlib, SY", None, "exact place")
    assert got["1"][:2] == ("Idlib, SY", "3 (range ?–5)")
    assert got["1"][2].startswith("approximate: ") and "dashed ring" in got["1"][2]
    assert got["2"] == ("Idlib, SY", "7", None)
    assert len(got) == 90


def test_imprecise_dates_span_their_period():
    from conflict_geo.layers.events import event_days
    from conflict_geo.layers.strikes import strikes_layer

    frame = events_frame(
        [
            {
                "event_type": "strike",
                "lat": 35.0,
                "lon": 37.0,
                "date": "2021-10-01",
                "date_precision": "month",
            },
            {
                "event_type": "strike",
                "lat": 35.1,
                "lon": 37.0,
                "date": "2021-10-04",
                "date_precision": "week",
            },
            {
                "event_type": "strike",
                "lat": 35.2,
                "lon": 37.0,
                "date": "2021-10-04",
                "date_end": "2021-10-06",
                "date_precision": "day",
            },
            {"event_type": "strike", "lat": 35.3, "lon": 37.0, "date": "2021-10-04"},
            {"event_type": "strike", "lat": 35.4, "lon": 37.0},
        ]
    )
    layer = strikes_layer(frame)
    first, last = event_days(layer.payload)
    spans = dict(
        zip(layer.events["lat"].round(1), (last - first).tolist(), strict=True)
    )
    assert spans[35.0] == 30 and spans[35.1] == 6 and spans[35.2] == 2
    assert spans[35.3] == 0 and spans[35.4] != spans[35.4]


def test_fused_incidents_say_how_many_reports_and_count_once():
    from conflict_geo.incidents.fuse import fuse

    hass = {
        "event_type": "strike",
        "lat": 35.6161,
        "lon": 36.5907,
        "country": "SY",
        "precision": 1,
        "dataset": "text",
        "date_precision": "day",
    }
    reports = events_frame(
        [
            {**hass, "doc": "x/a.txt", "date": "2016-10-26", "fatalities": 16},
            {**hass, "doc": "x/b.txt", "date": "2016-10-27", "fatalities": 35},
            {**hass, "doc": "c.txt", "lat": 36.2, "lon": 37.1, "date": "2016-10-26"},
        ]
    )
    layer = strikes_layer(fuse(reports))
    cols = layer.payload["cols"]
    told = [cols["reported"]["k"][i] if i >= 0 else None for i in cols["reported"]["d"]]
    assert sorted(told, key=str) == [None, "reported by 2 dispatches: 16 → 35 killed"]
    docs = [k for k in cols["documents"]["k"]]
    assert docs == ["a.txt, b.txt"]
    [item] = layer.legend
    assert item["count"] == 2 and item["reports"] == 3
    assert "reported" not in strikes_layer(reports).payload["cols"]
