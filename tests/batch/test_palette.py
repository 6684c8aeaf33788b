"""One zone colour per actor on every map of a batch."""

from __future__ import annotations

import json
import re

from conflict_geo.batch.runner import run_batch
from conflict_geo.batch.tasks import batch_actor_colors
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
