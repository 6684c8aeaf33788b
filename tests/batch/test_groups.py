from __future__ import annotations

import re

import pandas as pd
import pytest

from conflict_geo.batch.groups import (
    MAX_NAME,
    assign_groups,
    file_groups,
    safe_name,
    split_events,
    unique_names,
)
from conflict_geo.events.schema import events_frame
from tests.batch.samples import odd_records, records

SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@pytest.fixture
def events():
    return events_frame(records(days=12, per_day=2, start="2015-12-27") + odd_records())


def summary(parts):
    return [(g.name, len(p)) for g, p in parts]


def check_partition(events, parts):
    ids = [i for _, part in parts for i in part["event_id"]]
    assert sorted(ids) == sorted(events["event_id"])  # every event exactly once
    for group, part in parts:
        assert SAFE.match(group.name), group.name
        positions = [events.index.get_loc(i) for i in part.index]
        assert positions == sorted(positions)  # row order kept within a group


def test_split_by_day_with_coarser_and_undated_groups(events):
    parts = split_events(events, "day")
    check_partition(events, parts)
    got = summary(parts)
    assert got[0] == ("2015-12-27", 2)
    assert ("2016-01-07", 2) in got
    assert got[-1] == ("undated", 1)
    # the month-only event is not pinned to 1 March: it gets a month group
    assert ("2016-03", 1) in got
    month = next(g for g, _ in parts if g.name == "2016-03")
    assert "known only to the month" in month.label


def test_split_by_iso_week(events):
    parts = split_events(events, "week")
    check_partition(events, parts)
    got = dict(summary(parts))
    # 27 Dec 2015 is a Sunday (2015-W52); 28 Dec - 3 Jan is ISO week 2015-W53
    assert got["2015-W52"] == 2
    assert got["2015-W53"] == 14
    assert got["2016-W01"] == 8
    assert got["2016-03"] == 1  # month-only: not put in a week
    assert got["2016-W09"] == 1
    assert got["undated"] == 1


def test_split_by_month(events):
    parts = split_events(events, "month")
    check_partition(events, parts)
    # 2016-03 holds the month-only event and the one with no coordinates
    assert summary(parts) == [
        ("2015-12", 10),
        ("2016-01", 14),
        ("2016-03", 2),
        ("undated", 1),
    ]


def test_split_by_admin1_per_country(events):
    parts = split_events(events, "admin1")
    check_partition(events, parts)
    assert summary(parts) == [
        ("iq-ninawa", 8),
        ("sy-aleppo", 9),
        ("sy-idlib", 9),
        ("sy-no-admin1", 1),
    ]
    labels = [g.label for g, _ in parts]
    assert labels == ["Ninawa (IQ)", "Aleppo (SY)", "Idlib (SY)", "no admin1 (SY)"]


def test_names_are_safe_and_unique_for_hostile_admin1_values():
    frame = events_frame(
        [
            {"event_type": "strike", "country": "SY", "admin1": "../../etc"},
            {"event_type": "strike", "country": "SY", "admin1": "<script>"},
            {"event_type": "strike", "country": "SY", "admin1": "Ḩalab"},
            {"event_type": "strike", "country": "SY", "admin1": "halab"},
            {"event_type": "strike", "country": "SY", "admin1": "حلب"},
            {"event_type": "strike", "admin1": "x" * 300},
        ]
    )
    names, groups = assign_groups(frame, "admin1")
    assert len({n.casefold() for n in names}) == 6
    for name in names:
        assert SAFE.match(name) and len(name) <= MAX_NAME + 4 and "/" not in name


def test_assign_rejects_file_and_unknown_keys(events):
    with pytest.raises(ValueError):
        assign_groups(events, "file")
    with pytest.raises(ValueError):
        assign_groups(events, "year")


def test_events_without_a_date_column_value_all_go_to_undated():
    frame = events_frame([{"event_type": "strike"}, {"event_type": "clash"}])
    assert summary(split_events(frame, "month")) == [("undated", 2)]


def test_empty_table_gives_no_group():
    assert split_events(events_frame([]), "day") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deir ez-Zor", "deir-ez-zor"),
        ("../../etc/passwd", "etc-passwd"),
        ("<img src=x onerror=alert(1)>", "img-src-x-onerror-alert-1"),
        ("INDEX", "index-map"),
        ("summary", "summary-map"),
        ("con", "con-map"),
        ("Ḩalab", "halab"),
        ("...", None),
    ],
)
def test_safe_name(text, expected):
    name = safe_name(text)
    if expected is None:
        assert name.startswith("group-")
    else:
        assert name == expected


def test_long_names_are_truncated_but_stay_distinct():
    a, b = safe_name("a" * 200 + "1"), safe_name("a" * 200 + "2")
    assert len(a) <= MAX_NAME and len(b) <= MAX_NAME and a != b


def test_unique_names_case_insensitively():
    assert unique_names(["x", "X", "x-2", "x"]) == ["x", "X-2", "x-2-2", "x-3"]


def test_file_groups_keep_input_order_and_disambiguate():
    groups = file_groups(["b/en_01.txt", "a/en_01.txt", "en_01.csv", "<img>.geojson"])
    assert [g.name for g in groups] == ["en_01", "en_01-2", "en_01-3", "img"]
    assert groups[3].label == "<img>.geojson"


def test_time_groups_are_chronological_with_coarser_periods_after_their_days():
    frame = events_frame(
        [
            {"event_type": "strike", "date": "2016-02-01"},
            {"event_type": "strike", "date": "2016-01-15", "date_precision": "month"},
            {"event_type": "strike", "date": "2016-06-01", "date_precision": "year"},
            {"event_type": "strike", "date": "2016-01-31"},
            {"event_type": "strike", "date": pd.NaT},
        ]
    )
    assert [g.name for g, _ in split_events(frame, "day")] == [
        "2016-01-31",
        "2016-01",
        "2016-02-01",
        "2016",
        "undated",
    ]
