from __future__ import annotations

import warnings

import pytest
import xyzservices

from conflict_geo.exc import ConfigurationError
from conflict_geo.maps import ConflictMap, render
from conflict_geo.maps.basemap import (
    BASEMAPS,
    DARK,
    DEFAULT_BASEMAP,
    basemap_layers,
    tile_layer,
)


def test_default_provider_needs_no_key():
    # A fresh install gets today's xyzservices: this fails when a release marks
    # the default provider as needing an API key (blank tiles for every user).
    provider = xyzservices.providers.query_name(DEFAULT_BASEMAP)
    assert provider.requires_token() is False
    assert provider.get("attribution")


@pytest.mark.parametrize("name", [b for b in BASEMAPS if b != DARK])
def test_switcher_providers_need_no_key(name):
    assert xyzservices.providers.query_name(name).requires_token() is False


def test_online_render_of_the_seed_emits_no_warning(seed_events, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render(seed_events, output=tmp_path / "seed.html")
    page = (tmp_path / "seed.html").read_text()
    assert "World_Light_Gray_Base" in page and "Esri" in page  # tiles, attribution


def test_switcher_lists_every_basemap_as_a_base_layer(seed_events):
    layers = basemap_layers()
    assert [t.layer_name for t in layers] == [
        "Grey (Esri)",
        "OpenStreetMap",
        "Topographic (OpenTopoMap)",
        "Satellite (Esri)",
        "Dark",
    ]
    assert [t.show for t in layers] == [True, False, False, False, False]
    assert all(t.control and not t.overlay for t in layers)
    page = ConflictMap(seed_events).to_html()
    assert page.count('"Grey (Esri)" :') == 1 and '"Dark" :' in page


def test_one_basemap_is_not_listed(seed_events):
    (only,) = basemap_layers("OpenStreetMap.Mapnik")
    assert not only.control
    page = ConflictMap(seed_events, basemap="OpenStreetMap.Mapnik").to_html()
    assert "tile.openstreetmap.org" in page and "arcgisonline" not in page


def test_dark_basemap_online_and_offline(seed_events):
    assert tile_layer(DARK).options["class_name"] == "cg-dark-tiles"
    online = ConflictMap(seed_events, basemap=DARK).to_html()
    assert '"className": "cg-dark-tiles"' in online
    offline = ConflictMap(seed_events, basemap=DARK, offline=True).to_html()
    assert "#16191d" in offline


def test_token_provider_is_refused_with_the_fix():
    with pytest.raises(ConfigurationError, match="needs an API key.*apikey=") as err:
        tile_layer("CartoDB.Positron")
    assert DEFAULT_BASEMAP in str(err.value)
