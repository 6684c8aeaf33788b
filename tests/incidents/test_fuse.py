"""Fusion of the reports of one incident (``conflict_geo.fuse``).

Reports are written here as rows of the event schema, in our own words: the
real dispatches stay in ``../shared/realwire/`` (see ``test_fuse_realwire.py``).
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from benchmarks.bench_fuse import synthetic_reports
from conflict_geo.events.io import read_events, write_geojson
from conflict_geo.events.schema import EVENT_COLUMNS, events_frame
from conflict_geo.exc import InputError
from conflict_geo.incidents.cluster import cluster_reports
from conflict_geo.incidents.compare import Rules
from conflict_geo.incidents.fuse import fuse
from conflict_geo.incidents.reports import report_table
from tests.incidents.rows import report

KAFRANBEL = {"place": "Kafr Nabl", "lat": 35.6136, "lon": 36.5617, "admin1": "Idlib"}
MAARRAT = {
    "place": "Maarrat an Numan",
    "lat": 35.6436,
    "lon": 36.6797,
    "admin1": "Idlib",
}
DOUMA = {"place": "Douma", "lat": 33.5722, "lon": 36.4018, "admin1": "Rif Dimashq"}
SARAQIB = {"place": "Saraqib", "lat": 35.8645, "lon": 36.8062, "admin1": "Idlib"}
IDLIB_PROVINCE = {"place": "Idlib", "lat": 35.85, "lon": 36.68, "admin1": "Idlib"}


def fused(records, **options):
    return fuse(events_frame(records), **options)


def hass_wire():
    return [
        report("a.txt", fatalities=16),
        report("b.txt", date="2016-10-26", fatalities=22, actor="Syrian government"),
        report("c.txt", fatalities=26, actor="Russia", source="SOHR"),
        report("d.txt", date="2016-10-27", fatalities=35, source="SOHR, AFP"),
    ]


def test_four_reports_of_one_strike_are_one_incident_with_its_toll_history():
    out = fused(hass_wire())
    assert len(out) == 1
    [row] = out.to_dict("records")
    assert row["reports"] == 4
    assert row["docs"] == ("a.txt", "b.txt", "c.txt", "d.txt")
    assert row["fatalities"] == 35  # the latest report's
    assert row["fatalities_history"] == (16, 22, 26, 35)
    assert row["event_id"] == row["incident_id"]
    assert row["actor"] == "Syrian government and Russia"
    assert row["source"] == "SOHR, AFP"
    assert list(out.columns) == [*EVENT_COLUMNS, "geometry"]


def test_the_latest_report_by_document_date_gives_the_toll():
    records = [
        report("early.txt", date="2016-10-26", fatalities=40),
        report("late.txt", date="2016-10-26", fatalities=30),  # a lower revision
    ]
    dates = {"early.txt": "2016-10-26", "late.txt": "2016-10-28"}
    assert fused(records, report_dates=dates)["fatalities"].tolist() == [30]
    # without publication dates the dates tie: the highest toll
    assert fused(records)["fatalities"].tolist() == [40]


def test_any_order_gives_the_same_incidents():
    events = synthetic_reports(1500)
    base, members = fuse(events, return_members=True)
    of = dict(zip(members["event_id"], members["incident_id"], strict=True))
    for seed in (1, 2):
        order = list(range(len(events)))
        random.Random(seed).shuffle(order)
        again, again_members = fuse(
            events.iloc[order].reset_index(drop=True), return_members=True
        )
        pd.testing.assert_frame_equal(again, base)
        assert (
            dict(
                zip(
                    again_members["event_id"], again_members["incident_id"], strict=True
                )
            )
            == of
        )


def test_the_index_finds_what_all_pairs_find():
    table = report_table(synthetic_reports(1200, seed=5))
    fast, _ = cluster_reports(table, Rules())
    slow, _ = cluster_reports(table, Rules(), index=False)
    np.testing.assert_array_equal(fast, slow)


def test_one_town_ten_weeks_apart_is_two_incidents():
    august = [
        report("aug1.txt", DOUMA, date="2015-08-16", fatalities=82),
        report("aug2.txt", DOUMA, date="2015-08-17", fatalities=96),
    ]
    october = [
        report("oct1.txt", DOUMA, event_type="shelling", date="2015-10-30"),
        report("oct2.txt", DOUMA, event_type="shelling", date="2015-10-30"),
    ]
    out = fused(august + october)
    assert sorted(out["docs"]) == [("aug1.txt", "aug2.txt"), ("oct1.txt", "oct2.txt")]


def test_an_undated_report_joins_the_one_incident_its_type_fits():
    rows = [
        report("aug.txt", DOUMA, date="2015-08-16", fatalities=96),
        report("oct.txt", DOUMA, event_type="shelling", date="2015-10-30"),
        report("undated.txt", DOUMA, event_type="shelling", fatalities=40),
    ]
    out = fused(rows)
    assert sorted(out["docs"]) == [("aug.txt",), ("oct.txt", "undated.txt")]
    [note] = out.attrs["fusion"]
    assert note["doc"] == "undated.txt" and note["row"] == 3
    assert "no date" in note["reason"]


def test_an_undated_report_that_fits_two_incidents_joins_none():
    rows = [
        report("aug.txt", DOUMA, date="2015-08-16"),
        report("oct.txt", DOUMA, date="2015-10-29"),
        report("undated.txt", DOUMA, fatalities=117),
    ]
    out = fused(rows)
    assert len(out) == 3
    [note] = out.attrs["fusion"]
    assert "fits 2 incidents" in note["reason"]


def test_planned_and_done_are_two_incidents():
    rows = [
        report("a.txt", SARAQIB, event_type="offensive", status="planned"),
        report("b.txt", SARAQIB, event_type="offensive", status="ongoing"),
    ]
    for row in rows:
        row["date"], row["date_precision"] = "2016-02-01", "day"
    out = fused(rows)
    assert sorted(out["status"]) == ["ongoing", "planned"]


def test_a_roll_up_never_joins_the_incidents_it_covers():
    week = report(
        "rollup.txt",
        IDLIB_PROVINCE,
        precision=4,
        aggregate=True,
        date="2016-10-26",
        fatalities=89,
    )
    rows = [week, report("strike.txt", date="2016-10-26", fatalities=35)]
    out = fused(rows)
    assert len(out) == 2
    assert out.loc[out["aggregate"].fillna(False), "fatalities"].tolist() == [89]


def test_a_province_report_joins_its_village_only_when_nothing_else_fits():
    province = report("prov.txt", IDLIB_PROVINCE, precision=4, date="2016-10-26")
    alone = fused([province, report("hass.txt", date="2016-10-26")])
    assert alone["docs"].tolist() == [("hass.txt", "prov.txt")]
    assert alone["precision"].tolist() == [1]  # the most precise place
    two = fused(
        [
            province,
            report("hass.txt", date="2016-10-26"),
            report("maarrat.txt", MAARRAT, date="2016-10-27"),
        ]
    )
    assert len(two) == 3
    assert "fits 2 incidents" in two.attrs["fusion"][0]["reason"]


def test_places_within_reach_join_and_farther_ones_do_not():
    near = fused(
        [
            report("a.txt", date="2016-10-26"),
            report("b.txt", KAFRANBEL, date="2016-10-26"),
        ]
    )
    assert len(near) == 2  # 2.6 km apart: two villages (a place reaches 2 km)
    wider = fused(
        [
            report("a.txt", date="2016-10-26"),
            report("b.txt", KAFRANBEL, date="2016-10-26"),
        ],
        place_km={1: 5.0},
    )
    assert len(wider) == 1
    vicinity = report("c.txt", {**KAFRANBEL, "place": "near Kafr Nabl"}, precision=2)
    vicinity["date"], vicinity["date_precision"] = "2016-10-26", "day"
    assert len(fused([report("a.txt", date="2016-10-26"), vicinity])) == 1


def test_actors_of_opposite_camps_are_two_incidents():
    day = {"date": "2016-02-10", "event_type": "control_change"}
    army = report("a.txt", SARAQIB, actor="Syrian government", **day)
    rebels = report("b.txt", SARAQIB, actor="Rebels", **day)
    assert len(fused([army, rebels])) == 2
    # "the rebels lost Saraqib" and "the army took Saraqib": one change of hands
    lost = report("c.txt", SARAQIB, sub_type="lost", target="Rebels", **day)
    assert len(fused([army, lost])) == 1
    # the army's loss and the army's capture cannot be one
    lost_by_army = report(
        "d.txt", SARAQIB, sub_type="lost", target="Syrian government", **day
    )
    assert len(fused([army, lost_by_army])) == 2


def test_a_part_taken_is_not_the_whole_taken():
    day = {"date": "2019-10-12", "event_type": "control_change", "actor": "Turkey"}
    part = report("a.txt", SARAQIB, sub_type="captured part", **day)
    whole = report("b.txt", SARAQIB, sub_type="captured", **day)
    assert len(fused([part, whole])) == 2


def test_a_dispatch_s_own_incidents_join_only_through_another_report():
    one = [
        report("a.txt", n=0, date="2016-10-26", fatalities=100),
        report("a.txt", n=1, date="2016-10-26", fatalities=96),
    ]
    assert len(fused(one)) == 2  # the resolver kept them apart
    tied = fused([*one, report("b.txt", date="2016-10-26", fatalities=96)])
    assert tied["docs"].tolist() == [("a.txt", "b.txt")]


def test_a_row_without_place_or_date_is_reported_and_kept():
    rows = [
        report("a.txt", date="2016-10-26"),
        report(
            "noplace.txt",
            {"place": None, "lat": None, "lon": None, "admin1": None},
            country=None,
            date="2016-10-26",
        ),
        report("vague.txt", IDLIB_PROVINCE, precision=4),
    ]
    out, members = fuse(events_frame(rows), return_members=True)
    assert len(out) == 3 and members["incident_id"].notna().all()
    reasons = {n["doc"]: n["reason"] for n in out.attrs["fusion"]}
    assert reasons["noplace.txt"].startswith("no place")
    assert "too vague" in reasons["vague.txt"]
    rows_named = {n["doc"]: n["row"] for n in out.attrs["fusion"]}
    assert rows_named == {"noplace.txt": 2, "vague.txt": 3}


def test_undated_reports_can_be_kept_apart():
    rows = [report("a.txt", date="2016-10-26"), report("b.txt")]
    assert len(fused(rows)) == 1
    out = fused(rows, undated=False)
    assert len(out) == 2 and "not fused" in out.attrs["fusion"][0]["reason"]


def test_durative_reports_join_over_weeks_and_strikes_do_not():
    offensive = {"event_type": "offensive", "status": "ongoing"}
    a = report("a.txt", SARAQIB, date="2016-02-01", **offensive)
    b = report("b.txt", SARAQIB, date="2016-02-20", **offensive)
    assert len(fused([a, b])) == 1
    strikes = [report("a.txt", date="2016-02-01"), report("b.txt", date="2016-02-08")]
    assert len(fused(strikes)) == 2
    assert len(fused(strikes, days=7)) == 1


def test_datasets_mix_and_a_fused_table_fuses_again(tmp_path):
    ucdp = report(
        "ged.csv",
        dataset="ucdp",
        event_id="ucdp:232860",
        date="2016-10-26",
        fatalities=37,
    )
    once = fused([*hass_wire(), ucdp])
    [row] = once.to_dict("records")
    assert "ucdp:232860" in row["docs"] and row["dataset"] == "text+ucdp"
    path = write_geojson(once, tmp_path / "fused.geojson")
    back = read_events(path)
    assert back["docs"].tolist() == once["docs"].tolist()
    assert back["fatalities_history"].tolist() == once["fatalities_history"].tolist()
    again = fuse(back)
    assert again["docs"].tolist() == once["docs"].tolist()
    assert again["reports"].tolist() == [5]


def test_a_table_without_the_new_columns_is_read(tmp_path):
    frame = pd.DataFrame(hass_wire())
    out = fuse(frame)
    assert out["reports"].tolist() == [4]


@pytest.mark.parametrize(
    "options, message",
    [({"days": -1}, "days"), ({"place_km": {1: float("nan")}}, "place_km")],
)
def test_bad_parameters_are_named(options, message):
    with pytest.raises(InputError, match=message):
        fused(hass_wire(), **options)


def test_not_a_table_is_an_error():
    with pytest.raises(InputError, match="event table"):
        fuse([{"event_type": "strike"}])


@pytest.mark.slow
def test_dask_gives_the_incidents_of_this_process():
    from conflict_geo.batch.engines import make_engine

    events = synthetic_reports(800, seed=3)
    events.loc[events.index % 7 == 0, "country"] = "IQ"  # parts in two countries
    local = fuse(events)
    with make_engine("dask", 2, processes=False) as engine:
        remote = fuse(events, engine=engine)
    pd.testing.assert_frame_equal(remote, local)


def test_renaming_the_documents_changes_no_incident():
    events = synthetic_reports(1000, seed=9)
    renamed = events.copy()
    renamed["doc"] = "other/" + renamed["doc"].str.upper()
    renamed["event_id"] = "x" + renamed["event_id"]
    a = fuse(events)["docs"].map(len).tolist()
    b = fuse(renamed)["docs"].map(len).tolist()
    assert a == b


def test_sparse_rows_fuse():
    # no status, precision, country or dataset: what a user's own table may give
    rows = [
        {
            "event_type": "riot",
            "lat": 35.6161,
            "lon": 36.5907,
            "doc": d,
            "date": "2016-10-26",
        }
        for d in ("a", "b")
    ]
    out = fused(rows)
    assert out["reports"].tolist() == [2] and out["status"].isna().all()


def test_two_reports_giving_two_days_are_two_incidents():
    thursday = report("a.txt", DOUMA, date="2015-10-29", fatalities=9)
    friday = report("b.txt", DOUMA, date="2015-10-30", fatalities=40)
    both = {"a.txt": "2015-10-30", "b.txt": "2015-10-31"}  # each dated by its text
    assert len(fused([thursday, friday], report_dates=both)) == 2
    # dispatch dates only: a day apart is within the window
    assert len(fused([thursday, friday])) == 1
    same = {"a.txt": "2015-10-29", "b.txt": "2015-10-30"}
    assert len(fused([thursday, friday], report_dates=same)) == 1
    # a dataset's rows give their day: two days at one town are two events
    ged = [
        report("ged.csv", DOUMA, dataset="ucdp", event_id=f"ucdp:{n}", date=day)
        for n, day in ((1, "2015-10-29"), (2, "2015-10-30"))
    ]
    assert len(fused(ged)) == 2


def test_an_empty_table_fuses_to_an_empty_table():
    out, members = fuse(events_frame([]), return_members=True)
    assert len(out) == 0 and len(members) == 0
    assert list(out.columns) == [*EVENT_COLUMNS, "geometry"]


def test_a_bad_report_date_names_the_document():
    with pytest.raises(InputError, match="report_dates\\['a.txt'\\]"):
        fused(hass_wire(), report_dates={"a.txt": "26/10/2016"})
