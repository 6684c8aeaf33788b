"""Dates, sides and small screens as a reader sees them (headless Chromium)."""

from __future__ import annotations

import shutil

import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.maps import ConflictMap

pytestmark = pytest.mark.browser

if shutil.which("chromium") is None:
    pytest.skip("chromium is not installed", allow_module_level=True)
pytest.importorskip("playwright.sync_api")

from tests.maps.browser import Page  # noqa: E402

DAY_2021_10_15 = 18915  # days since 1970-01-01


@pytest.fixture
def month_map(tmp_path):
    frame = events_frame(
        [
            {
                "event_type": "other",
                "sub_type": "one-sided violence",
                "dataset": "ucdp",
                "actor": "Rebels",
                "target": "Government of Syria",
                "lat": 36.2,
                "lon": 37.15,
                "date": "2021-10-01",
                "date_precision": "month",
                "sentence": "Rebel shells kill 30",
            },
            {"event_type": "strike", "lat": 35.0, "lon": 36.7, "date": "2021-09-01"},
            {"event_type": "strike", "lat": 35.5, "lon": 38.5, "date": "2021-11-30"},
        ]
    )
    path = tmp_path / "month.html"
    ConflictMap(frame, offline=True).save(path)
    return path


def test_month_event_is_shown_all_month_with_its_sides(browser_context, month_map):
    page = Page(browser_context, month_map, block_network=True)
    try:
        assert page.console == [] and page.requests == [page.url]
        text = page.click_latlng(36.2, 37.15)
        assert "October 2021" in text and "2021-10-01" not in text
        assert "Side A" in text and "Side B" in text and "Target" not in text
        assert "One-sided violence" in text
        page.js(f"() => conflictGeo.setTimeWindow({DAY_2021_10_15}, {DAY_2021_10_15})")
        assert page.drawn()["Clashes & other"] == 1  # mid-month: still drawn
        page.js("() => conflictGeo.setTimeWindow(18871, 18871)")  # 2021-09-01
        assert page.drawn()["Clashes & other"] == 0
    finally:
        page.close()


def test_small_screen_keeps_the_map_and_slider_visible(browser_context, month_map):
    page = Page(browser_context, month_map, width=390, height=760)
    try:
        state = page.js(
            """() => ({
            legend: document.querySelector('.cg-legend').open,
            minimap: getComputedStyle(document.querySelector('.cg-minimap')).display,
            layers: document.querySelector('.leaflet-control-layers')
                .classList.contains('leaflet-control-layers-expanded'),
            })"""
        )
        assert state == {"legend": False, "minimap": "none", "layers": False}
        legend = page.page.locator(".cg-legend").bounding_box()
        slider = page.page.locator(".cg-time").bounding_box()
        assert legend["height"] < 40 and slider["y"] + slider["height"] <= 760
        page.page.click(".leaflet-control-layers-toggle")
        assert page.js(
            "() => document.querySelector('.leaflet-control-layers')"
            ".classList.contains('leaflet-control-layers-expanded')"
        )
    finally:
        page.close()


def test_wide_screen_opens_the_legend(browser_context, month_map):
    page = Page(browser_context, month_map)
    try:
        assert page.js("() => document.querySelector('.cg-legend').open") is True
        assert (
            page.js(
                "() => getComputedStyle(document.querySelector('.cg-minimap')).display"
            )
            != "none"
        )
    finally:
        page.close()


def test_events_of_one_place_are_listed_latest_first(browser_context, tmp_path):
    days = ["2016-03-02", "2016-01-05", "2016-02-11"]
    frame = events_frame(
        [
            {
                "event_type": "clash",
                "lat": 36.2,
                "lon": 37.15,
                "date": day,
                "event_id": f"ucdp:{k}",
            }
            for k, day in enumerate(days)
        ]
    )
    path = tmp_path / "stack.html"
    ConflictMap(frame, offline=True).save(path)
    page = Page(browser_context, path, block_network=True)
    try:
        text = page.click_latlng(36.2, 37.15)
        assert "3 items here" in text
        shown = [text.index(day) for day in sorted(days, reverse=True)]
        assert shown == sorted(shown)  # 2016-03-02, then 2016-02-11, 2016-01-05
    finally:
        page.close()
