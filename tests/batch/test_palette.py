"""One zone colour per actor on every map of a batch."""

from __future__ import annotations

import json
import re

from conflict_geo.batch.engines import LocalEngine
from conflict_geo.batch.palette import batch_actor_colors
from conflict_geo.batch.runner import run_batch
from conflict_geo.batch.tasks import MapOptions
from conflict_geo.events.schema import events_frame
from tests.batch.samples import write_events


def claim(actor: str, day: str, lat: float) -> dict:
    return dict(
        event_type="control_change",
        status="done",
        actor=actor,
        place="P",
        country="SY",
        lat=lat,
        lon=37.0,
        precision=1,
        date=day,
        date_precision="day",
        dataset="geojson",
    )


def zone_colors(page: str) -> dict[str, str]:
    """Actor -> colour from the legend of a map page."""
    legend = re.search(r"conflictGeo\.legend\([^,]+,\s*(\{.*?\})\s*\);", page, re.S)
    sections = json.loads(legend.group(1))["sections"]
    zones = next(s for s in sections if s["title"] == "Control zones")
    return {
        i["label"].split(" (")[0]: i["color"] for i in zones["items"] if "color" in i
    }


def test_batch_palette_is_sorted_over_every_actor_and_pinnable():
    frame = events_frame(
        [claim("Zeta", "2016-03-01", 36.0), claim("Alpha", "2016-04-01", 35.0)]
    )
    colors = dict(batch_actor_colors(frame, pinned={"Zeta": "#000000"}))
    assert colors == {"Alpha": "#1b9e77", "Zeta": "#000000"}


def test_same_actor_same_colour_on_every_monthly_map(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # March holds only "Zeta"; April "Alpha" and "Zeta": sorted per map, Zeta
    # would take the first colour in March and the second in April.
    write_events(
        folder / "claims.geojson",
        [
            claim("Zeta", "2016-03-02", 36.0),
            claim("Alpha", "2016-04-02", 35.0),
            claim("Zeta", "2016-04-03", 36.5),
        ],
    )
    out = tmp_path / "out"
    run_batch([folder], out, split_by="month", progress=False)
    march = zone_colors((out / "2016-03.html").read_text())
    april = zone_colors((out / "2016-04.html").read_text())
    assert march["Zeta"] == april["Zeta"]
    assert april["Alpha"] != april["Zeta"]


def _claim_files(folder, files: dict[str, list[str]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, actors in files.items():
        write_events(
            folder / f"{name}.geojson",
            [claim(a, "2016-03-02", 35.0 + k) for k, a in enumerate(actors)],
        )


def _file_colors(out) -> dict[str, dict[str, str]]:
    return {
        p.stem: zone_colors(p.read_text())
        for p in sorted(out.glob("*.html"))
        if p.name != "index.html"
    }


def test_same_actor_same_colour_on_every_map_split_by_file(tmp_path):
    # a.geojson holds only "Zeta", b.geojson "Alpha" and "Zeta": drawn alone,
    # Zeta would take the first colour on a's map and the second on b's.
    _claim_files(
        tmp_path / "in", {"a": ["Zeta"], "b": ["Alpha", "Zeta"], "c": ["Zeta"]}
    )
    out = tmp_path / "out"
    options = MapOptions(actor_colors=(("Pinned", "#000000"),))
    for jobs in (1, 2):
        with LocalEngine(jobs) as engine:
            run_batch(
                [tmp_path / "in"],
                out / str(jobs),
                split_by="file",
                options=options,
                engine=engine,
                progress=False,
            )
    colors = _file_colors(out / "1")
    assert colors["a"]["Zeta"] == colors["b"]["Zeta"] == colors["c"]["Zeta"]
    assert colors["b"]["Alpha"] != colors["b"]["Zeta"]
    assert colors == _file_colors(out / "2")
    summary = json.loads((out / "1" / "summary.json").read_text())
    assert {m["name"]: m["colors"] for m in summary["map_stats"]}["b"] == colors["b"]


def test_skip_existing_by_file_redraws_maps_whose_colours_changed(tmp_path):
    folder = tmp_path / "in"
    _claim_files(folder, {"a": ["Zeta"], "b": ["Zeta"]})
    out = tmp_path / "out"
    run_batch([folder], out, split_by="file", progress=False)
    first = {p.name: p.read_bytes() for p in out.glob("*.html")}
    report = run_batch(
        [folder], out, split_by="file", skip_existing=True, progress=False
    )
    assert all(m.kept for m in report.maps)  # same inputs: same colours, kept
    assert {p.name: p.read_bytes() for p in out.glob("*.html")} == first
    # A new input names an actor sorted before Zeta: Zeta's colour changes,
    # so the kept maps showing Zeta are drawn again in the run's colours.
    _claim_files(folder, {"c": ["Alpha"]})
    report = run_batch(
        [folder], out, split_by="file", skip_existing=True, progress=False
    )
    assert [m.kept for m in report.maps] == [False, False, False]
    colors = _file_colors(out)
    assert colors["a"]["Zeta"] == colors["b"]["Zeta"] != colors["c"]["Alpha"]
    fresh = tmp_path / "fresh"
    run_batch([folder], fresh, split_by="file", progress=False)
    assert {p.name: p.read_bytes() for p in fresh.glob("*.html")} == {
        p.name: p.read_bytes() for p in out.glob("*.html")
    }
