"""folium interop: the map from render()/ConflictMap is an ordinary folium map."""

from __future__ import annotations

import re
import shutil

import folium
import pytest
from folium.plugins import Draw, HeatMap

from conflict_geo.exc import RenderError
from conflict_geo.maps import ConflictMap, render
from conflict_geo.maps.offline import check_offline


def _script(page: str) -> str:
    return page.split("</head>", 1)[1]


def test_user_feature_group_is_listed_and_defined_before_the_control(seed_events):
    m = render(seed_events)
    folium.FeatureGroup(name="Mine").add_to(m)
    page = m.get_root().render()
    body = _script(page)
    control = body.index("L.control.layers(")
    group = re.search(r"var (feature_group_\w+) = L\.featureGroup", body)
    assert group and group.start() < control
    assert f'"Mine" : {group.group(1)}' in body


def test_a_user_layer_control_replaces_ours(seed_events):
    m = render(seed_events)
    folium.FeatureGroup(name="Mine").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    body = _script(m.get_root().render())
    assert body.count("L.control.layers(") == 1
    assert '"collapsed": true' in body
    assert body.index("L.control.layers(") > body.index("L.featureGroup")


def test_folium_save_of_an_offline_map_inlines_every_asset(seed_events, tmp_path):
    m = render(seed_events, offline=True)
    folium.CircleMarker([35.0, 37.0], radius=8, popup="mine").add_to(m)
    folium.Marker([35.5, 37.5]).add_to(m)
    HeatMap([[35.0, 37.0, 1.0], [35.2, 37.1, 2.0]], name="Heat").add_to(m)
    path = tmp_path / "mine.html"
    m.save(str(path))
    page = path.read_text()
    check_offline(page)
    assert "cdn." not in page and "code.jquery.com" not in page
    assert "jQuery v3.7.1" in page  # popups are written with $(...)
    assert "L.Icon.Default.imagePath" in page and "data:image/png;base64" in page
    assert "L.heatLayer" in page and "simpleheat" in page


def test_offline_map_without_popups_carries_no_jquery(seed_events):
    page = ConflictMap(seed_events, offline=True).to_html()
    assert "jQuery" not in page


def test_awesome_marker_icon_offline_names_the_element_and_the_fix(seed_events):
    m = render(seed_events, offline=True)
    folium.Marker([35, 37], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(RenderError, match=r"folium\.Icon.*folium\.CircleMarker"):
        m.get_root().render()


def test_unknown_plugin_offline_names_the_element_and_the_fix(seed_events, tmp_path):
    m = render(seed_events, offline=True)
    Draw().add_to(m)
    with pytest.raises(
        RenderError, match=r"folium\.plugins\.draw\.Draw loads .*offline=False"
    ):
        m.save(str(tmp_path / "x.html"))
    assert not (tmp_path / "x.html").exists()


def test_online_tiles_on_an_offline_map_name_the_layer_and_lose_nothing(
    seed_events, tmp_path
):
    m = render(seed_events, offline=True)
    group = folium.FeatureGroup(name="Mine").add_to(m)
    folium.TileLayer("OpenStreetMap", overlay=True).add_to(group)
    (tmp_path / "x.html").write_text("an earlier map")
    with pytest.raises(
        RenderError,
        match=r"TileLayer 'openstreetmap' loads its tiles from https://tile\.open"
        r".*remove it.*local folder.*offline=False",
    ):
        m.save(str(tmp_path / "x.html"))
    assert (tmp_path / "x.html").read_text() == "an earlier map"
    tiles = [c for c in group._children.values() if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 1  # still on the map, as the user left it


def test_local_tiles_stay_on_an_offline_map(seed_events, tmp_path):
    m = render(seed_events, offline=True)
    folium.TileLayer("tiles/{z}/{x}/{y}.png", attr="Local", overlay=True).add_to(m)
    page = m.get_root().render()
    check_offline(page)
    assert "tiles/{z}/{x}/{y}.png" in page


def test_online_map_keeps_folium_assets(seed_events):
    m = render(seed_events)
    folium.CircleMarker([35.0, 37.0], popup="x").add_to(m)
    page = m.get_root().render()
    assert "jquery" in page.lower() and "leaflet@1.9.3" in page


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_folium_elements_on_an_offline_map_work(browser_context, seed_events, tmp_path):
    pytest.importorskip("playwright.sync_api")
    from tests.maps.browser import Page

    m = render(seed_events, offline=True)
    group = folium.FeatureGroup(name="Mine").add_to(m)
    folium.CircleMarker(
        [35.3, 36.9], radius=9, color="#0a0", fill=True, popup="my circle"
    ).add_to(group)
    folium.Marker([35.9, 36.2], popup="my marker").add_to(group)
    HeatMap([[34.6 + i / 50, 36.3, 1.0] for i in range(40)], name="My heat").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    path = tmp_path / "mine.html"
    m.save(str(path))
    page = Page(browser_context, path, block_network=True)
    try:
        assert [c for c in page.console if c[0] != "warning"] == []
        assert page.requests == [page.url]
        labels = page.js(
            "() => Array.from(document.querySelectorAll("
            "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())"
        )
        assert {"Mine", "My heat", "Strikes & shelling"} <= set(labels)
        assert page.js("() => document.querySelectorAll('.cg-legend').length") == 1
        assert (
            page.js("() => document.querySelectorAll('.leaflet-control-layers').length")
            == 1
        )
        state = """() => ({
            marker: Array.from(document.querySelectorAll('img.leaflet-marker-icon'))
                .map(i => i.complete && i.naturalWidth > 0),
            heat: document.querySelectorAll('canvas.leaflet-heatmap-layer').length,
        })"""
        drawn = page.js(state)
        assert drawn["marker"] == [True]  # the default icon image loaded
        assert drawn["heat"] == 1
        assert page.drawn()["Strikes & shelling"] == 2
        # toggle every overlay off and on again
        boxes = page.page.locator(".leaflet-control-layers-overlays input")
        for k in range(boxes.count()):
            boxes.nth(k).click()
        off = page.js(state)
        assert off["marker"] == [] and off["heat"] == 0
        assert sum(page.drawn().values()) == 0
        for k in range(boxes.count()):
            boxes.nth(k).click()
        assert page.js(state)["marker"] == [True]
        assert page.drawn()["Strikes & shelling"] == 2
        # folium popups (written with jQuery) open
        page.page.locator("img.leaflet-marker-icon").click()
        assert (
            page.js(
                "() => document.querySelector('.leaflet-popup-content').textContent"
            ).strip()
            == "my marker"
        )
        # ... and so does the popup of the CircleMarker (drawn on Leaflet's canvas)
        x, y = page.js(
            """() => { var m = conflictGeo.layers.find(x => x._map)._map;
                m.closePopup(); var p = m.latLngToContainerPoint([35.3, 36.9]);
                var r = m.getContainer().getBoundingClientRect();
                return [p.x + r.left, p.y + r.top]; }"""
        )
        page.page.mouse.click(x, y)
        assert (
            page.js(
                "() => { var m = conflictGeo.layers.find(x => x._map)._map;"
                " return m._popup && m.hasLayer(m._popup) ?"
                " m._popup.getElement().querySelector('.leaflet-popup-content')"
                ".textContent.trim() : null; }"
            )
            == "my circle"
        )
        # leaflet.heat's canvas read-back hint is a warning, not an error
        assert [c for c in page.console if c[0] != "warning"] == []
        assert page.requests == [page.url]
    finally:
        page.close()


def test_save_writes_a_file_object_as_folium_does(seed_events):
    import io

    out = io.BytesIO()
    render(seed_events, offline=True).save(out, close_file=False)
    assert out.getvalue().startswith(b"<!DOCTYPE html>")
