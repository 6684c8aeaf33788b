from __future__ import annotations

import re

import folium
import pandas as pd
import pytest

from conflict_geo.events.schema import empty_events, events_frame
from conflict_geo.exc import ConfigurationError, InputError, RenderError
from conflict_geo.maps import ConflictMap, render
from conflict_geo.maps.offline import check_offline, make_offline
from tests.map_samples import XSS


def test_layers_in_order(seed_events):
    cmap = ConflictMap(seed_events)
    assert list(cmap.layers) == [
        "Control zones",
        "Strikes & shelling",
        "Offensives",
        "Bases",
    ]
    assert cmap.n_mapped == 4
    assert cmap.unmapped.empty


def test_to_folium_is_a_customisable_map(seed_events):
    cmap = ConflictMap(seed_events)
    m = cmap.to_folium()
    assert isinstance(m, folium.Map) and m is cmap.map
    folium.Marker([35, 36]).add_to(m)
    assert "L.marker" in cmap.to_html()
    assert "<iframe" in cmap._repr_html_()


def test_online_uses_tiles_and_cdn(seed_events):
    page = ConflictMap(seed_events, basemap="OpenStreetMap.Mapnik").to_html()
    assert "tile.openstreetmap.org" in page
    assert "leaflet@1.9.3" in page


def test_offline_html_has_no_network_reference(seed_events):
    page = ConflictMap(seed_events, offline=True).to_html()
    check_offline(page)
    urls = set(re.findall(r"https?://[^\s\"'()<>]+", page))
    # only namespaces, a code comment and Leaflet's attribution link remain
    assert urls <= {
        "http://www.w3.org/2000/svg",
        "https://leafletjs.com",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
    }
    assert "cdn." not in page and "jquery" not in page.lower()
    assert "L.tileLayer" not in page.split("conflictGeo.miniMap")[0].split("</head>")[1]
    assert page.count("Leaflet 1.9.3") >= 1  # inlined from xstatic-leaflet


def test_other_mode_renders_a_fresh_map(seed_events):
    cmap = ConflictMap(seed_events)
    online = cmap.to_html()
    offline = cmap.to_html(offline=True)
    check_offline(offline)
    assert cmap.to_html() == online or "leaflet@1.9.3" in cmap.to_html()


def test_make_offline_refuses_unknown_cdn_assets(seed_events):
    from folium.plugins import Draw

    m = ConflictMap(seed_events, offline=True).map
    Draw().add_to(m)
    with pytest.raises(RenderError, match="network"):
        make_offline(m)


def test_xss_payloads_never_raw_in_html(xss_events):
    cmap = ConflictMap(xss_events, title=XSS, subtitle=XSS, offline=True)
    page = cmap.to_html()
    assert "<script>window.__xss" not in page
    assert "<img src=x" not in page
    assert "<svg onload" not in page
    assert "<title>&lt;/script&gt;" in page
    assert cmap.unmapped["event_id"].tolist() == ["xss:2"]


TEMPLATE = "{{ 7*7 }} {% if x %} {# not a comment"


@pytest.mark.parametrize("n", [1, 3000])  # plain JSON and binary payloads
def test_event_text_is_never_a_jinja_template(n):
    from conflict_geo.layers.container import decode_payload

    frame = events_frame(
        {"event_type": "strike", "lat": 35.0 + i / n, "lon": 37.0, "sentence": TEMPLATE}
        for i in range(n)
    )
    cmap = ConflictMap(frame, title=TEMPLATE, subtitle=TEMPLATE, offline=True)
    page = cmap.to_html()  # "{% if x %}" used to raise TemplateSyntaxError
    assert '"title":"' + TEMPLATE in page and '"title":"49' not in page
    layer = cmap.layers["Strikes & shelling"]
    col = decode_payload(layer.payload_js())["cols"]["sentence"]
    assert col["k"] == [TEMPLATE]


def test_xss_actor_names_in_zone_legend():
    frame = events_frame(
        [{"event_type": "control_change", "actor": XSS, "lat": 36.0, "lon": 37.0}]
    )
    page = ConflictMap(frame, offline=True).to_html()
    assert "<img src=x" not in page and "<script>window.__xss" not in page


def test_empty_input_gives_valid_map_with_note():
    for events in (None, empty_events(), []):
        cmap = ConflictMap(events, offline=True)
        page = cmap.to_html()
        assert cmap.layers == {}
        assert '"text":"No events to show"' in page
        assert "conflictGeo.canvasLayer(" in page  # the basemap


def test_unmapped_report_and_panel(xss_events):
    cmap = ConflictMap(xss_events)
    assert list(cmap.unmapped["reason"]) == ["no coordinates"]
    assert "geometry" not in cmap.unmapped
    page = cmap.to_html()
    assert "conflictGeo.unmapped(" in page
    assert '"count":1' in page


def test_claims_ignored_when_not_derived(seed_events):
    cmap = ConflictMap(seed_events, derive_zones=False)
    assert "Control zones" not in cmap.layers
    assert (cmap.unmapped["event_type"] == "control_change").sum() == 4


def test_user_zones_from_file(tmp_path, seed_events):
    path = tmp_path / "z.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature",'
        '"properties":{"actor":"SDF"},"geometry":{"type":"Polygon",'
        '"coordinates":[[[38,36],[39,36],[39,37],[38,37],[38,36]]]}}]}'
    )
    cmap = ConflictMap(seed_events, zones=path)
    assert "SDF" in set(cmap.zones["actor"])


def test_time_slider_only_when_dates_span(seed_events):
    assert "conflictGeo.timeSlider(" in ConflictMap(seed_events).to_html()
    one = events_frame([{"event_type": "strike", "lat": 35, "lon": 36}])
    assert "conflictGeo.timeSlider(" not in ConflictMap(one).to_html()


def test_controls_can_be_switched_off(seed_events):
    page = ConflictMap(
        seed_events, legend=False, minimap=False, fullscreen=False, time_slider=False
    ).to_html()
    for name in ("legend", "miniMap", "fullscreen", "timeSlider"):
        assert f"conflictGeo.{name}(" not in page


def test_bad_events_argument():
    with pytest.raises(InputError):
        ConflictMap("not a frame")
    with pytest.raises(InputError, match="event_type"):
        ConflictMap(pd.DataFrame({"x": [1]}))


def test_bad_basemap(seed_events):
    with pytest.raises(ConfigurationError, match="unknown basemap"):
        ConflictMap(seed_events, basemap="No.Such.Tiles").to_html()


def test_local_tile_template_allowed_offline(seed_events):
    page = ConflictMap(seed_events, basemap="tiles/{z}/{x}/{y}.png").to_html(
        offline=False
    )
    assert "tiles/{z}/{x}/{y}.png" in page


def test_render_writes_html_and_unmapped_csv(tmp_path, xss_events):
    out = tmp_path / "map.html"
    m = render(xss_events, output=out, offline=True, title="Seed")
    assert isinstance(m, folium.Map)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    csv = pd.read_csv(tmp_path / "map_unmapped.csv")
    assert csv["event_id"].tolist() == ["xss:2"]
    assert m.conflict_map.unmapped.shape[0] == 1


def test_render_no_csv_when_all_mapped(tmp_path, seed_events):
    render(seed_events, output=tmp_path / "m.html")
    assert not (tmp_path / "m_unmapped.csv").exists()


def test_render_png_needs_output(seed_events):
    with pytest.raises(ConfigurationError):
        render(seed_events, png="x.png")


def test_save_does_not_leave_partial_file_on_error(tmp_path, seed_events, monkeypatch):
    cmap = ConflictMap(seed_events)
    target = tmp_path / "map.html"
    target.write_text("old")

    def boom(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(cmap, "to_html", boom)
    with pytest.raises(RuntimeError):
        cmap.save(target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_projected_input_is_converted(seed_events):
    projected = seed_events.to_crs(3857)
    cmap = ConflictMap(projected)
    (south, west), (north, east) = cmap.layers["Bases"].bounds
    assert abs(south - 34.889) < 1e-6 and abs(west - 35.887) < 1e-6
