from __future__ import annotations

from conflict_geo.events.schema import events_frame
from conflict_geo.layers.cluster import cluster_layer
from conflict_geo.maps import ConflictMap
from tests.map_samples import XSS


def test_cluster_rows_carry_colour_and_text_label():
    frame = events_frame(
        [
            {
                "event_type": "strike",
                "lat": 35.0,
                "lon": 37.0,
                "place": XSS,
                "date": "2016-01-02",
            },
            {"event_type": "clash", "lat": 35.1, "lon": 37.1},
            {"event_type": "clash"},
        ]
    )
    layer = cluster_layer(frame)
    assert [r[2] for r in layer.data] == ["#d55e00", "#0072b2"]
    assert layer.data[0][3] == f"Air strike — {XSS} — 2016-01-02"
    assert "textContent" in layer.callback


def test_offline_map_with_cluster_and_choropleth_inlines_markercluster(seed_events):
    cmap = ConflictMap(seed_events, cluster=True, choropleth="events", offline=True)
    page = cmap.to_html()
    assert "L.markerClusterGroup" in page and "MarkerClusterGroup" in page
    assert "Events by province" in page
    assert "<script>window.__xss" not in page


def test_cluster_rows_are_never_a_template_and_show_is_honoured():
    import folium

    from conflict_geo.layers.cluster import PANE

    frame = events_frame(
        [{"event_type": "strike", "lat": 35.0, "lon": 37.0, "place": "{{ 7*7 }}"}]
    )
    m = folium.Map(tiles=None)
    cluster_layer(frame, show=False, until_zoom=9).add_to(m)
    page = m.get_root().render()
    assert "{{ 7*7 }}" in page and "Air strike — 49" not in page
    assert f'"pane":"{PANE}"' in page.replace(" ", "") and '"below":9' in page
    name = next(k for k, v in m._children.items() if v._name == "ClusterLayer")
    assert f"{name}.addTo(" not in page  # unticked: not on the map
