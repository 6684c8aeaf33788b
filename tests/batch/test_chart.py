from __future__ import annotations

import re
import shutil

import pytest

from conflict_geo.batch.chart import batch_chart
from conflict_geo.batch.index import index_html, write_index
from conflict_geo.batch.report import BatchReport, MapStats
from conflict_geo.cli import main
from tests.batch.samples import odd_records, records, write_events
from tests.map_samples import XSS


def report() -> BatchReport:
    return BatchReport(
        inputs=["x"],
        maps=[
            MapStats(
                "2016-03", XSS, events=5, types={"strike": 2, "clash": 3}, fatalities=7
            ),
            MapStats("2016-04", "month 2016-04", events=1, types={"odd<type>": 1}),
        ],
        split_by="month",
    )


def test_chart_bars_by_type_and_deaths_escaped():
    svg = batch_chart(report().maps)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert XSS not in svg and "&lt;/script&gt;" in svg
    assert "Air strike: 2" in svg and "Clash: 3" in svg and "Killed: 7" in svg
    assert "odd&lt;type&gt;" in svg
    assert batch_chart([]) == ""


def test_index_has_the_chart_and_thumbnails_as_data(tmp_path):
    (tmp_path / "2016-03.png").write_bytes(b"\x89PNG fake")
    write_index(report(), tmp_path / "index.html")
    page = (tmp_path / "index.html").read_text()
    assert page.count("<svg") == 1
    assert page.count('src="data:image/png;base64,') == 1
    assert "img-src data:" in page and "default-src 'none'" in page
    assert XSS not in index_html(report())


def test_thumbnails_need_split_by(tmp_path, capsys):
    write_events(tmp_path / "a.geojson", records(2, 1))
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "render",
                str(tmp_path / "a.geojson"),
                "-o",
                str(tmp_path / "x.html"),
                "--thumbnails",
            ]
        )
    assert exc.value.code == 2
    assert "--thumbnails needs --split-by" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_cli_thumbnails_for_every_map(tmp_path, capsys):
    pytest.importorskip("playwright.sync_api")
    folder = tmp_path / "in"
    folder.mkdir()
    write_events(folder / "a.geojson", records(3, 2, "2016-03-30") + odd_records())
    out = tmp_path / "out"
    code = main(
        [
            "render",
            str(folder),
            "-o",
            str(out),
            "--split-by",
            "month",
            "--thumbnails",
            "--offline",
            "--no-progress",
        ]
    )
    assert code == 0
    maps = sorted(p.stem for p in out.glob("*.html") if p.name != "index.html")
    assert sorted(p.stem for p in out.glob("*.png")) == maps
    page = (out / "index.html").read_text()
    assert len(re.findall(r'src="data:image/png;base64,', page)) == len(maps)
    assert page.count("<svg") == 1


def test_one_sided_violence_is_counted_and_coloured_as_on_the_map(tmp_path):
    from conflict_geo.batch.tasks import MapOptions, map_stats
    from conflict_geo.events.schema import events_frame
    from conflict_geo.layers.style import event_style
    from conflict_geo.maps import ConflictMap

    frame = events_frame(
        [
            {"event_type": "other", "sub_type": "one-sided violence", "lat": 35.0},
            {"event_type": "other", "sub_type": "riot", "lat": 35.1},
            {"event_type": "clash", "lat": 35.2},
        ]
    ).assign(lon=37.0)
    cmap = ConflictMap(frame)
    stats = map_stats(cmap, MapOptions(), MapStats("m", "m"))
    assert stats.types == {"clash": 1, "one_sided": 1, "other": 1}
    legend = {
        item["label"]: item["color"]
        for layer in cmap.event_layers
        for item in layer.legend
    }
    svg = batch_chart([stats])
    colour = event_style("one_sided")["color"]
    assert legend["One-sided violence"] == colour
    assert f'fill="{colour}"><title>One-sided violence: 1</title>' in svg
