"""``conflict-geo demo`` (what ``make demo`` runs): the seed dispatch to a map.

The map is the real pipeline's output (places, events, layers), loaded in
headless Chromium with every network request blocked.
"""

from __future__ import annotations

import shutil

import pytest

from conflict_geo.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("demo") / "seed_map.html"
    assert main(["demo", str(seed_path), "-o", str(out)]) == 0
    return out


def test_demo_writes_a_self_contained_map(demo_map):
    html = demo_map.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "Leaflet" in html  # inlined, not fetched
    for layer in ("Offensives", "Control zones", "Bases"):
        assert layer in html


def test_demo_map_loads_offline_with_every_layer(demo_map):
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (run scripts/install_system_deps.sh)")
    from conflict_geo.maps.export import launch_chromium
    from tests.maps.test_browser import Page

    with launch_chromium() as context:
        page = Page(context, demo_map, block_network=True)
        try:
            assert page.console == []
            assert page.js("() => conflictGeo.errors") == []
            assert [r for r in page.requests if r != page.url] == []
            drawn = page.drawn()
            for layer in ("Strikes & shelling", "Offensives", "Control zones", "Bases"):
                assert drawn.get(layer, 0) >= 1, (layer, drawn)
            names = page.js(
                "() => Array.from(document.querySelectorAll("
                "'.leaflet-control-layers-overlays label'))"
                ".map(l => l.textContent.trim())"
            )
            for k, name in enumerate(names):
                box = page.page.locator(".leaflet-control-layers-overlays input").nth(k)
                box.click()
                assert page.drawn().get(name, 0) == 0
                box.click()
            legend = page.js("() => document.querySelector('.cg-legend').textContent")
            assert "Air strike" in legend
        finally:
            page.close()
