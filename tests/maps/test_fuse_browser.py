"""A map of fused incidents in headless Chromium: popups, legend, escaping."""

from __future__ import annotations

import shutil

import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.maps import ConflictMap
from tests.map_samples import XSS
from tests.maps.browser import Page

pytestmark = pytest.mark.browser

if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
    pytest.skip(
        "chromium is not installed (run scripts/install_system_deps.sh)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (extra 'browser')"
)

HASS = {
    "event_type": "strike",
    "status": "done",
    "country": "SY",
    "precision": 1,
    "lat": 35.6161,
    "lon": 36.5907,
    "place": "Hass",
    "dataset": "text",
}


def reports():
    # four dispatches of one strike, one of them named and sourced by an attacker
    rows = [
        ("wire/afp.txt", "2016-10-26", 16, "AFP"),
        ("wire/reuters.txt", "2016-10-26", 22, "SOHR"),
        (f"wire/{XSS}.txt", None, 26, XSS),
        ("wire/rfi.txt", "2016-10-27", 35, "SOHR, Unicef"),
    ]
    return [
        {
            **HASS,
            "doc": doc,
            "event_id": f"text:{doc}:0",
            "date": date,
            "date_precision": "day" if date else "",
            "fatalities": toll,
            "source": source,
            "sentence": f"{XSS} strike",
        }
        for doc, date, toll, source in rows
    ]


@pytest.fixture
def fused_map(tmp_path):
    path = tmp_path / "fused.html"
    ConflictMap(events_frame(reports()), fuse=True, offline=True).save(path)
    return path


def test_the_popup_tells_every_report_and_no_script_runs(browser_context, fused_map):
    page = Page(browser_context, fused_map)
    try:
        assert page.drawn()["Strikes & shelling"] == 1
        text = page.click_latlng(35.6161, 36.5907)
        assert "reported by 4 dispatches: 16 → 22 → 26 → 35 killed" in text
        assert all(d in text for d in ("afp.txt", "reuters.txt", "rfi.txt"))
        assert all(s in text for s in ("AFP", "SOHR", "Unicef", XSS))
        legend = page.js("() => document.querySelector('.cg-legend').textContent")
        assert "(1 incident from 4 reports)" in legend
        assert page.js("() => [window.__xss, window.__alerts.length]") == [None, 0]
        assert not [c for c in page.console if c[0] in ("error", "dialog")]
    finally:
        page.close()
