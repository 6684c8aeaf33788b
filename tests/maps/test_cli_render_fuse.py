"""``conflict-geo render INPUT... --fuse``: one marker per incident."""

from __future__ import annotations

import json
import re

from conflict_geo.cli import main
from conflict_geo.events.io import write_geojson
from conflict_geo.events.schema import events_frame

SARAQIB = {
    "event_type": "strike",
    "status": "done",
    "country": "SY",
    "precision": 1,
    "lat": 35.8645,
    "lon": 36.8062,
    "place": "Saraqib",
    "dataset": "text",
}


def wire(tmp_path):
    """Two files: three reports of a March strike, one of an April strike."""
    march = [
        {
            **SARAQIB,
            "doc": f"{name}.txt",
            "event_id": f"text:{name}:0",
            "date": day,
            "date_precision": "day",
            "fatalities": toll,
        }
        for name, day, toll in (
            ("a", "2016-03-05", 9),
            ("b", "2016-03-05", 12),
            ("c", "2016-03-06", 14),
        )
    ]
    april = [{**march[0], "doc": "d.txt", "event_id": "text:d:0", "date": "2016-04-20"}]
    one = write_geojson(events_frame(march[:2]), tmp_path / "one.geojson")
    two = write_geojson(events_frame(march[2:] + april), tmp_path / "two.geojson")
    return one, two


def legend_counts(page):
    return re.findall(r'"count":\s*(\d+)(?:,\s*"reports":\s*(\d+))?', page)


def test_one_map_counts_incidents_not_reports(tmp_path, capsys):
    one, two = wire(tmp_path)
    out = tmp_path / "map.html"
    assert (
        main(["render", str(one), str(two), "-o", str(out), "--fuse", "--offline"]) == 0
    )
    assert "2 events drawn" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert ("2", "4") in legend_counts(page)  # 2 incidents from 4 reports
    assert "reported by 3 dispatches: 9 → 12 → 14 killed" in page
    assert main(["render", str(one), str(two), "-o", str(out), "--offline"]) == 0
    assert "4 events drawn" in capsys.readouterr().out


def test_split_by_month_fuses_within_each_group(tmp_path, capsys):
    one, two = wire(tmp_path)
    out = tmp_path / "maps"
    code = main(
        [
            "render",
            str(one),
            str(two),
            "-o",
            str(out),
            "--split-by",
            "month",
            "--fuse",
            "--offline",
        ]
    )
    assert code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    events = {m["name"]: m["events"] for m in summary["map_stats"]}
    assert events == {"2016-03": 1, "2016-04": 1}
    assert "reported by 3 dispatches" in (out / "2016-03.html").read_text("utf-8")
    # the map's deaths count the incident once, at its latest toll
    deaths = {m["name"]: m["fatalities"] for m in summary["map_stats"]}
    assert deaths == {"2016-03": 14, "2016-04": 9}


def test_dask_draws_the_same_fused_maps(tmp_path, capsys):
    one, two = wire(tmp_path)
    pages = []
    for engine in ("local", "dask"):
        out = tmp_path / engine
        args = ["render", str(one), str(two), "-o", str(out), "--split-by", "month"]
        assert main([*args, "--fuse", "--offline", "--engine", engine]) == 0
        pages.append((out / "2016-03.html").read_bytes())
    capsys.readouterr()
    assert pages[0] == pages[1]
