from __future__ import annotations

import pandas as pd

from conflict_geo.layers.choropleth import choropleth_layer, province_totals
from tests.map_samples import XSS


def test_events_and_deaths_by_province():
    events = pd.DataFrame(
        {
            "lat": [36.2, 36.2, 35.93, 33.51, None],
            "lon": [37.15, 37.15, 36.63, 36.29, 36.0],
            "fatalities": [1, 2, 10, 0, 5],
        }
    )
    counts = province_totals(events)
    assert counts["value"].sum() == 4
    assert counts.iloc[0]["value"] == 2  # Aleppo city twice
    deaths = province_totals(events, "fatalities")
    assert deaths.iloc[0]["value"] == 10


def test_choropleth_is_a_geojson_with_escaped_tooltip(monkeypatch):
    import conflict_geo.places.boundaries as boundaries

    real = boundaries.admin1_areas()
    odd = real.copy()
    odd.loc[odd.index[0], "name"] = XSS
    monkeypatch.setattr(boundaries, "admin1_areas", lambda: odd)
    row = odd.iloc[0].geometry.representative_point()
    layer = choropleth_layer(pd.DataFrame({"lat": [row.y], "lon": [row.x]}))
    assert layer.layer_name == "Events by province"
    names = [f["properties"]["province"] for f in layer.data["features"]]
    assert names == ["&lt;/script&gt;" + names[0].split("&gt;", 1)[1]]
