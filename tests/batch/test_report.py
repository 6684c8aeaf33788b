from __future__ import annotations

import json

from conflict_geo.batch.index import index_html
from conflict_geo.batch.report import (
    MAX_REASONS,
    BatchReport,
    Failure,
    MapStats,
    count_reasons,
    embed_stats,
    read_stats,
)

PAGE = (
    "<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n"
    '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />\n'
    "</head><body></body>\n</html>\n"
)
XSS = "<img src=x onerror=alert(1)>\"'&-->"


def stats(**kw) -> MapStats:
    base = dict(
        name="m",
        label=XSS,
        events=3,
        mapped=2,
        not_mapped={"no coordinates": 1},
        layers={"Strikes & shelling": 2},
    )
    return MapStats(**(base | kw))


def test_stats_round_trip_through_the_html(tmp_path):
    path = tmp_path / "m.html"
    page = embed_stats(PAGE, stats())
    path.write_text(page, encoding="utf-8")
    back = read_stats(path)
    assert back == stats()
    assert back.kept is False
    # after the charset declaration, which stays in the first 1024 bytes
    assert page.index("charset=UTF-8") < page.index("conflict-geo-batch") < 1024
    assert XSS not in page  # escaped


def test_read_stats_refuses_incomplete_or_foreign_files(tmp_path):
    full = embed_stats(PAGE, stats())
    cut = tmp_path / "cut.html"
    cut.write_text(full[: len(full) - 12], encoding="utf-8")
    foreign = tmp_path / "foreign.html"
    foreign.write_text(PAGE, encoding="utf-8")
    assert read_stats(cut) is None
    assert read_stats(foreign) is None
    assert read_stats(tmp_path / "missing.html") is None


def test_count_reasons_drops_quoted_values_and_orders_by_count():
    got = count_reasons(["b", "a", "bad date '1'", 'bad date "2"', None, float("nan")])
    assert got == {"bad date": 2, "unknown reason": 2, "a": 1, "b": 1}


def test_report_totals_and_json():
    report = BatchReport(
        inputs=["a", "b"],
        maps=[stats(name="m1"), stats(name="m2", not_mapped={"x": 2}, kept=True)],
        failures=[Failure("b", "b: broken")],
        split_by="day",
    )
    assert (report.events, report.mapped, report.written, report.kept) == (6, 4, 1, 1)
    assert report.not_mapped == {"x": 2, "no coordinates": 1}
    data = json.loads(report.to_json())
    assert data["events_not_mapped"] == 3 and data["failures"][0]["what"] == "b"
    lines = report.summary_lines()
    assert "2 maps (1 written, 1 kept from an earlier run)" in lines[0]
    assert any("no coordinates" in line for line in lines)


def test_index_escapes_labels_names_and_failures():
    report = BatchReport(
        inputs=[XSS],
        maps=[stats(name="img-src-x", not_mapped={XSS: 1})],
        failures=[Failure(XSS, f"{XSS}: broken")],
        unplaced={XSS: 1},
        split_by="file",
    )
    page = index_html(report, title=XSS)
    assert "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<a href="img-src-x.html">' in page
    assert "default-src 'none'" in page  # no script can run even if one slipped in
    assert "<script" not in page


def test_summary_lists_the_most_frequent_reasons_and_counts_the_rest():
    unplaced = {f"only governments named (City{i})": 20 - i for i in range(12)}
    report = BatchReport(inputs=["a"], maps=[stats()], unplaced=unplaced)
    lines = report.summary_lines()
    listed = [line for line in lines if "only governments named" in line]
    assert len(listed) == MAX_REASONS
    assert "(City0)" in listed[0]  # most frequent first
    rest = sum(list(unplaced.values())[MAX_REASONS:])
    assert f"{rest:>7}  ({12 - MAX_REASONS} other reasons)" in lines[-1]
    assert len(report.summary_lines(max_reasons=None)) == len(lines) + 12 - 9
    assert json.loads(report.to_json())["unplaced_mentions"] == unplaced


def test_summary_json_does_not_say_which_maps_a_run_kept():
    maps = [stats(name="m1"), stats(name="m2", kept=True)]
    resumed = BatchReport(inputs=["a"], maps=maps, split_by="day")
    fresh = BatchReport(
        inputs=["a"], maps=[stats(name="m1"), stats(name="m2")], split_by="day"
    )
    assert resumed.to_json() == fresh.to_json()
    assert "1 kept from an earlier run" in resumed.summary_lines()[0]
