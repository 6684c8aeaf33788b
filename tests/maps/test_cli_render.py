from __future__ import annotations

import json

import pytest

from conflict_geo.cli import main
from conflict_geo.events.io import write_geojson

pytestmark = pytest.mark.filterwarnings("ignore:CartoDB tiles:UserWarning")

ZONES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"actor": "SDF", "name": "East"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[40, 35], [41, 35], [41, 36.5], [40, 36.5], [40, 35]]],
            },
        }
    ],
}


@pytest.fixture
def inputs(tmp_path, xss_events):
    events = tmp_path / "events.geojson"
    write_geojson(xss_events, events)
    zones = tmp_path / "zones.geojson"
    zones.write_text(json.dumps(ZONES), encoding="utf-8")
    return events, zones


def test_render_events_and_zones(tmp_path, inputs, capsys):
    events, zones = inputs
    out = tmp_path / "map.html"
    code = main(
        [
            "render",
            str(events),
            str(zones),
            "-o",
            str(out),
            "--offline",
            "--title",
            "Seed",
        ]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "SDF" in page
    assert (tmp_path / "map_unmapped.csv").is_file()
    stdout = capsys.readouterr().out
    assert "wrote" in stdout and "not on the map" in stdout


def test_failed_inputs_are_listed_and_exit_1(tmp_path, inputs, capsys):
    events, _ = inputs
    dispatch = tmp_path / "dispatch.txt"
    dispatch.write_text("Des frappes sur Hass.", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "map.html"
    code = main(
        [
            "render",
            str(events),
            str(tmp_path / "missing.csv"),
            str(bad),
            str(dispatch),
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert "missing.csv" in err and "no such file" in err
    assert "bad.csv" in err
    import conflict_geo

    try:
        conflict_geo.extract  # noqa: B018
    except (AttributeError, ImportError):
        assert "text extraction is not available yet" in err
        assert code == 1
    assert out.is_file()  # the inputs that worked are drawn
    assert code == 1


def test_no_usable_input_writes_nothing(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["render", str(tmp_path / "nope.csv"), "-o", str(out)]) == 1
    assert not out.exists()
    assert "no usable input" in capsys.readouterr().err


def test_ucdp_csv(tmp_path, capsys, ucdp_path):
    out = tmp_path / "ucdp.html"
    assert main(["render", str(ucdp_path), "-o", str(out)]) == 0
    assert "6170 events drawn" in capsys.readouterr().out
