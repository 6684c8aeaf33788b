"""Cross-checking text incidents against a dataset (``conflict_geo.match``)."""

from __future__ import annotations

import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.exc import InputError
from conflict_geo.incidents.match import match
from tests.incidents.rows import HASS, report

BARAH = {"place": "Barah", "lat": 35.6831, "lon": 36.5325, "admin1": "Idlib"}
IDLIB = {"place": "Idlib", "lat": 35.85, "lon": 36.68, "admin1": "Idlib"}


def text(doc, where=HASS, **values):
    return report(doc, where, **{"date": "2016-10-26", **values})


def ged(number, where=HASS, **values):
    row = text("ged.csv", where, dataset="ucdp", event_id=f"ucdp:{number}", **values)
    return row


def test_the_same_strike_matches_and_the_rest_is_listed():
    texts = events_frame([text("a.txt", fatalities=35), text("b.txt", BARAH)])
    data = events_frame(
        [ged(1, fatalities=37), ged(2, IDLIB, precision=4), ged(3, date="2016-09-01")]
    )
    out = match(texts, data, fuse=False)
    assert out.to_json() == {
        "matched": [
            {
                "event_id": "text:a.txt:0",
                "dataset_event_id": "ucdp:1",
                "km": 0.0,
                "days": 0,
            }
        ],
        "text_only": ["text:b.txt:0"],
        "dataset_only": 1,  # the province-level event; September is out of scope
    }
    assert out.matched["dataset_fatalities"].tolist() == [37]
    assert "1 of 2 text incidents" in out.summary()
    assert len(match(texts, data, fuse=False, scope="all").dataset_only) == 2


def test_each_event_is_matched_once_the_closest_first():
    texts = events_frame([text("a.txt", fatalities=35), text("b.txt", fatalities=3)])
    data = events_frame([ged(1, fatalities=37), ged(2, fatalities=2)])
    pairs = match(texts, data, fuse=False).to_json()["matched"]
    assert {(p["event_id"], p["dataset_event_id"]) for p in pairs} == {
        ("text:a.txt:0", "ucdp:1"),
        ("text:b.txt:0", "ucdp:2"),
    }


def test_a_province_incident_matches_only_one_clear_event():
    province = events_frame([text("p.txt", IDLIB, precision=4)])
    one = events_frame([ged(1)])
    assert len(match(province, one, fuse=False).matched) == 1
    two = events_frame([ged(1), ged(2, BARAH)])
    assert len(match(province, two, fuse=False).matched) == 0


def test_types_of_another_family_do_not_match_but_ucdp_categories_do():
    texts = events_frame([text("a.txt")])
    capture = events_frame([ged(1, event_type="control_change")])
    assert len(match(texts, capture, fuse=False).matched) == 0
    fighting = events_frame(
        [ged(1, event_type="clash", sub_type="state-based conflict")]
    )
    assert len(match(texts, fighting, fuse=False).matched) == 1


def test_dates_beyond_the_window_do_not_match():
    texts = events_frame([text("a.txt", date="2016-10-30")])
    data = events_frame([ged(1)])
    assert len(match(texts, data, fuse=False).matched) == 0
    assert len(match(texts, data, fuse=False, days=4).matched) == 1


def test_reports_are_fused_before_matching_and_holdings_set_aside():
    texts = events_frame(
        [
            text("a.txt", fatalities=22),
            text("b.txt", date="2016-10-27", fatalities=35),
            text("c.txt", event_type="control_change", status="held"),
        ]
    )
    out = match(texts, events_frame([ged(1, fatalities=37)]))
    [row] = out.matched.to_dict("records")
    assert row["reports"] == 2 and row["fatalities"] == 35
    assert len(out.text_only) == 0 and len(out.set_aside) == 1


def test_a_bad_scope_is_an_error():
    with pytest.raises(InputError, match="scope"):
        match(events_frame([text("a.txt")]), events_frame([ged(1)]), scope="some")
