from __future__ import annotations

import geopandas
import shapely

from conflict_geo.layers import places_layer
from conflict_geo.layers.container import decode_payload


def test_places_layer():
    places = geopandas.GeoDataFrame(
        {"name": ["Hass", "Nowhere", "<b>x</b>"], "kind": ["village", "town", "city"]},
        geometry=[shapely.Point(36.59, 35.61), shapely.Point(), shapely.Point(36, 35)],
        crs="EPSG:4326",
    )
    layer = places_layer(places)
    assert layer.n == 2 and layer.title == "Places"
    assert layer.unmapped["name"].tolist() == ["Nowhere"]
    payload = decode_payload(layer.payload_js())
    assert set(payload["cols"]["name"]["k"]) == {"Hass", "<b>x</b>"}
    assert "<b>" not in layer.payload_js()
    assert layer.options["timeless"] is True
