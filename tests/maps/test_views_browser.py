"""Density, cluster and choropleth views in headless Chromium (network blocked)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.maps import ConflictMap

pytestmark = pytest.mark.browser

if shutil.which("chromium") is None:
    pytest.skip("chromium is not installed", allow_module_level=True)
pytest.importorskip("playwright.sync_api")

from tests.maps.browser import Page  # noqa: E402


def many_events(n: int = 3000):
    rng = np.random.default_rng(3)
    return events_frame(
        {
            "event_type": ["strike", "clash", "shelling"][i % 3],
            "lat": float(rng.uniform(34.5, 36.5)),
            "lon": float(rng.uniform(36.5, 38.5)),
            "fatalities": int(rng.integers(0, 5)),
            "date": "2016-03-01",
        }
        for i in range(n)
    )


def test_density_at_low_zoom_points_when_zoomed_in(browser_context, tmp_path):
    path = tmp_path / "dense.html"
    cmap = ConflictMap(
        many_events(),
        density=True,
        cluster=True,
        choropleth="fatalities",
        offline=True,
    )
    cmap.save(path)
    page = Page(browser_context, path, block_network=True)
    try:
        assert [c for c in page.console if c[0] != "warning"] == []
        assert page.requests == [page.url]
        heat = (
            "() => Array.from(document.querySelectorAll("
            "'canvas.leaflet-heatmap-layer'))"
            ".map(c => c.style.display !== 'none')"
        )
        assert page.js("() => conflictGeo.layers.find(x => x._map)._map.getZoom()") < 9
        assert page.js(heat) == [True, True]  # strikes & shelling, clashes
        assert sum(page.drawn().values()) == 0
        page.js(
            "() => conflictGeo.layers.find(x => x._map)._map"
            ".setZoom(9, {animate: false})"
        )
        page.page.wait_for_function(
            "() => conflictGeo.layers.some(l => l._map && l.drawn > 0)"
        )
        assert page.js(heat) == [False, False]
        assert sum(page.drawn().values()) > 0
        labels = page.js(
            "() => Array.from(document.querySelectorAll("
            "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())"
        )
        assert "Killed by province" in labels and "Events (clustered)" in labels
        markers = "() => document.querySelectorAll('.marker-cluster').length"
        assert page.js(markers) > 0
        box = page.page.locator(
            ".leaflet-control-layers-overlays label", has_text="Events (clustered)"
        ).locator("input")
        box.click()
        assert page.js(markers) == 0
        box.click()
        assert page.js(markers) > 0
        assert [c for c in page.console if c[0] != "warning"] == []
        assert page.requests == [page.url]
    finally:
        page.close()


CLUSTER_STATE = """() => {
  const pane = document.querySelector('.leaflet-cgCluster-pane');
  return {
    pane: pane ? getComputedStyle(pane).display : null,
    clusters: document.querySelectorAll('.leaflet-cgCluster-pane .marker-cluster')
      .length,
    zoom: conflictGeo.layers.find(x => x._map)._map.getZoom(),
  };
}"""


def test_clusters_give_way_to_points_and_follow_the_layer_control(
    browser_context, tmp_path
):
    frame = many_events(600)
    frame.loc[0, "place"] = "{{ 7*7 }}"  # a template in the data stays text
    path = tmp_path / "cluster.html"
    ConflictMap(frame, cluster=True, density=False, offline=True).save(path)
    page = Page(browser_context, path, block_network=True)
    try:
        state = page.js(CLUSTER_STATE)
        assert state["zoom"] < 9 and state["pane"] == "block"
        assert state["clusters"] > 0
        assert sum(page.drawn().values()) == 0  # the clusters stand in
        page.js(
            "() => conflictGeo.layers.find(x => x._map)._map"
            ".setZoom(9, {animate: false})"
        )
        page.page.wait_for_function(
            "() => conflictGeo.layers.some(l => l._map && l.drawn > 0)"
        )
        assert page.js(CLUSTER_STATE)["pane"] == "none"
        page.js(
            "() => conflictGeo.layers.find(x => x._map)._map"
            ".setZoom(7, {animate: false})"
        )
        assert page.js(CLUSTER_STATE)["pane"] == "block"
        box = page.page.locator(
            ".leaflet-control-layers-overlays label", has_text="Events (clustered)"
        ).locator("input")
        box.click()
        assert page.js(CLUSTER_STATE)["clusters"] == 0
        legend = page.js("() => document.querySelector('.cg-legend').textContent")
        assert "zoom in to level 9 for single events" in legend
        assert page.console == [] and page.requests == [page.url]
    finally:
        page.close()
    assert "{{ 7*7 }}" in path.read_text() and '"49' not in path.read_text()


def test_an_unticked_cluster_is_not_drawn(browser_context, tmp_path):
    import folium

    from conflict_geo.layers.cluster import cluster_layer

    frame = many_events(300)
    cmap = ConflictMap(frame, offline=True)
    cluster_layer(frame, show=False).add_to(cmap.map)
    folium.LayerControl(collapsed=False).add_to(cmap.map)
    path = tmp_path / "hidden.html"
    cmap.map.save(str(path))
    page = Page(browser_context, path, block_network=True)
    try:
        assert page.js(CLUSTER_STATE)["clusters"] == 0
        page.page.locator(
            ".leaflet-control-layers-overlays label", has_text="Events (clustered)"
        ).locator("input").click()
        assert page.js(CLUSTER_STATE)["clusters"] > 0
        assert page.console == [] and page.requests == [page.url]
    finally:
        page.close()
