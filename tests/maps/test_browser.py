"""Maps loaded in headless Chromium (Debian's /usr/bin/chromium via Playwright)."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.layers.events import event_days
from conflict_geo.maps import ConflictMap, render
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


@pytest.fixture
def seed_map(tmp_path, xss_events):
    path = tmp_path / "seed.html"
    ConflictMap(xss_events, title="Seed " + XSS, offline=True).save(path)
    return path


def test_seed_map_loads_without_errors_and_layers_toggle(browser_context, seed_map):
    page = Page(browser_context, seed_map)
    try:
        assert page.console == []
        assert page.js("() => conflictGeo.errors") == []
        names = page.js(
            "() => Array.from(document.querySelectorAll("
            "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())"
        )
        assert names == [
            "Control zones",
            "Strikes & shelling",
            "Offensives",
            "Bases",
            "Clashes & other",
        ]
        before = page.drawn()
        assert before == {
            "Control zones": 4,
            "Strikes & shelling": 2,
            "Offensives": 1,
            "Bases": 1,
            "Clashes & other": 1,
        }
        for k, name in enumerate(names):
            box = page.page.locator(".leaflet-control-layers-overlays input").nth(k)
            box.click()
            assert page.drawn()[name] == 0
            box.click()
            assert page.drawn()[name] == before[name]
    finally:
        page.close()


def test_legend_title_and_unmapped_panel(browser_context, seed_map):
    page = Page(browser_context, seed_map)
    try:
        legend = page.js("() => document.querySelector('.cg-legend').textContent")
        for label in (
            "Air strike",
            "Base",
            "Offensive",
            "IS (estimated)",
            "Jaich al-Fatah (estimated)",
            "Kurdish militias (estimated)",
            "Somewhere in this province or country",
        ):
            assert label in legend
        title = page.js("() => document.querySelector('.cg-title').textContent")
        assert title == "Seed " + XSS
        assert page.js("() => document.title") == "Seed " + XSS
        page.page.click(".cg-unmapped summary")
        panel = page.js("() => document.querySelector('.cg-unmapped').textContent")
        assert "Not on the map (1)" in panel and "no coordinates" in panel
        assert XSS in panel
        assert page.js("() => [window.__xss, window.__alerts.length]") == [None, 0]
    finally:
        page.close()


def test_popups_show_text_and_xss_never_runs(browser_context, seed_map):
    page = Page(browser_context, seed_map)
    try:
        text = page.click_latlng(35.2, 37.2)
        assert text is not None and XSS in text
        hass = page.click_latlng(35.6161, 36.5907)
        assert "Hass" in hass and "35; earlier report: 26" in hass
        assert "exact place" in hass
        tartus = page.click_latlng(34.889, 35.887)
        assert "Base" in tartus and "Tartus" in tartus
        assert (
            page.js(
                "() => document.querySelectorAll("
                "'.leaflet-popup-content img, .leaflet-popup-content svg,"
                " .leaflet-popup-content script').length"
            )
            == 0
        )
        assert page.js("() => [window.__xss, window.__alerts.length]") == [None, 0]
        assert not [c for c in page.console if c[0] in ("error", "dialog")]
    finally:
        page.close()


def test_province_event_is_an_outline_not_a_pin(browser_context, seed_map):
    page = Page(browser_context, seed_map)
    try:
        # a point inside Idlib province but far from Hass: the area answers
        text = page.click_latlng(35.75, 36.95)
        assert text is not None
        assert "approximate: province (outline shown)" in text
    finally:
        page.close()


def test_time_slider_filters(browser_context, seed_map):
    page = Page(browser_context, seed_map)
    try:
        assert page.js("() => !!document.querySelector('.cg-time')")
        # 2016-10-26 .. 2016-10-28: Hass and the week of raids on Idlib
        page.js("() => conflictGeo.setTimeWindow(17100, 17102)")
        drawn = page.drawn()
        assert drawn["Strikes & shelling"] == 2
        assert drawn["Bases"] == 0 and drawn["Offensives"] == 0
        assert drawn["Control zones"] == 4  # zones are not filtered by date
        label = page.js("() => document.querySelector('.cg-time-label').textContent")
        assert label == "2016-10-26 – 2016-10-28"
        page.page.locator(".cg-time-hi").fill("17095")
        page.page.locator(".cg-time-lo").fill("17094")
        assert page.drawn()["Strikes & shelling"] == 1  # the Idlib raids only
    finally:
        page.close()


def test_offline_map_makes_no_request(browser_context, seed_map):
    page = Page(browser_context, seed_map, block_network=True)
    try:
        assert page.requests == [page.url]
        assert page.console == []
        drawn = page.drawn()
        assert drawn["Strikes & shelling"] == 2
        outlines = page.js(
            "() => conflictGeo.layers.filter(l => l.options.pane === 'cgBase')"
            ".map(l => l.drawn)"
        )
        assert outlines and min(outlines) > 50
    finally:
        page.close()


def test_empty_map_has_note(browser_context, tmp_path):
    path = tmp_path / "empty.html"
    ConflictMap(None, offline=True).save(path)
    page = Page(browser_context, path, block_network=True)
    try:
        assert page.console == []
        note = page.js("() => document.querySelector('.cg-note').textContent")
        assert note == "No events to show"
        assert page.js("() => document.querySelector('.cg-legend')") is None
    finally:
        page.close()


@pytest.mark.parametrize("native_base64", [True, False])
def test_large_gzip_layer_draws(browser_context, tmp_path, native_base64):
    rng = np.random.default_rng(1)
    n = 5000
    frame = events_frame(
        {
            "event_type": "strike",
            "lat": float(lat),
            "lon": float(lon),
            "fatalities": int(f),
            "date": "2016-01-01",
            "sentence": f"event {i}",
        }
        for i, (lat, lon, f) in enumerate(
            zip(
                rng.uniform(33, 37, n),
                rng.uniform(36, 41, n),
                rng.integers(0, 50, n),
                strict=True,
            )
        )
    )
    path = tmp_path / "big.html"
    ConflictMap(frame, offline=True).save(path)
    assert '"gz:' in path.read_text(encoding="utf-8")
    # Chromium has Uint8Array.fromBase64; older browsers decode with atob
    init = "" if native_base64 else "delete Uint8Array.fromBase64;"
    page = Page(browser_context, path, block_network=True, init=init)
    try:
        assert page.console == []
        assert page.js("() => !!Uint8Array.fromBase64") is native_base64
        assert page.drawn()["Strikes & shelling"] == n
        texts = page.js(
            "() => { var l = conflictGeo.layers.find(x => x.n === 5000);"
            " return Array.from({length: l.n},"
            " (_, i) => conflictGeo.value(l.cols.sentence, i)); }"
        )
        assert sorted(texts) == sorted(f"event {i}" for i in range(n))
    finally:
        page.close()


def _png_pixels(data: bytes) -> np.ndarray:
    """Decode an 8-bit RGB(A) non-interlaced PNG with the stdlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color = header[:4]
    assert depth == 8 and color in (2, 6)
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(
            np.int32
        )
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:
            cur = line.copy()
            for x in range(stride):
                a = cur[x - bpp] if x >= bpp else 0
                c = prev[x - bpp] if x >= bpp else 0
                b = prev[x]
                if f == 1:
                    cur[x] = (cur[x] + a) & 255
                elif f == 3:
                    cur[x] = (cur[x] + ((a + b) >> 1)) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    cur[x] = (cur[x] + pred) & 255
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)


def test_png_export_is_not_blank(tmp_path, xss_events):
    html = tmp_path / "seed.html"
    png = tmp_path / "seed.png"
    render(xss_events, output=html, offline=True, png=png, title="Seed")
    data = png.read_bytes()
    try:
        from PIL import Image

        pixels = np.asarray(Image.open(png).convert("RGB"))
    except ImportError:
        pixels = _png_pixels(data)[:, :, :3]
    assert pixels.shape[:2] == (800, 1200)
    assert pixels.std() > 10
    # the strike vermillion (#d55e00) of Hass is somewhere on the map
    r, g, b = (pixels[:, :, k].astype(int) for k in range(3))
    strike = (r > 170) & (g > 60) & (g < 140) & (b < 80) & (r - g > 70)
    assert strike.sum() > 50


def test_online_map_works_with_folium_cdn_assets(
    browser_context, tmp_path, seed_events
):
    """Serve Leaflet's CDN URLs from xstatic-leaflet, abort everything else."""
    import xstatic.pkg.leaflet as xleaflet

    path = tmp_path / "online.html"
    ConflictMap(seed_events).save(path)
    folder = Path(xleaflet.BASE_DIR)
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        elif "leaflet@1.9.3/dist/leaflet.js" in url:
            r.fulfill(path=folder / "leaflet.js", content_type="text/javascript")
        elif "leaflet@1.9.3/dist/leaflet.css" in url:
            r.fulfill(path=folder / "leaflet.css", content_type="text/css")
        else:
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function(
            "() => window.__conflictGeoReady === true", timeout=20_000
        )
        assert errors == []
        drawn = page.evaluate(
            "() => conflictGeo.layers.map(l => [l.options.title, l.drawn])"
        )
        assert ["Strikes & shelling", 2] in drawn
        assert page.evaluate("() => document.querySelectorAll('.leaflet-tile').length")
    finally:
        page.close()


def test_xss_in_zone_actor_legend_and_layer_name(browser_context, tmp_path):
    from conflict_geo.layers import strikes_layer

    frame = events_frame(
        [
            {"event_type": "control_change", "actor": XSS, "lat": 36.0, "lon": 37.0},
            {"event_type": "strike", "lat": 35.5, "lon": 37.5, "sentence": XSS},
        ]
    )
    cmap = ConflictMap(frame, offline=True, title=XSS)
    strikes_layer(frame, name=XSS).add_to(cmap.map)  # listed in the control too
    path = tmp_path / "xss.html"
    cmap.save(path)
    page = Page(browser_context, path, block_network=True)
    try:
        legend = page.js("() => document.querySelector('.cg-legend').textContent")
        assert XSS + " (estimated)" in legend
        labels = page.js(
            "() => Array.from(document.querySelectorAll("
            "'.leaflet-control-layers-overlays label')).map(l => l.textContent)"
        )
        assert any(XSS in label for label in labels)
        assert page.click_latlng(36.0, 37.0).startswith(XSS)
        assert page.js("() => [window.__xss, window.__alerts.length]") == [None, 0]
        assert not [c for c in page.console if c[0] in ("error", "dialog")]
    finally:
        page.close()


DECODE_BOTH = """
async ([plain, packed, pieces]) => {
  const cg = window.conflictGeo;
  const out = {};
  const forms = [["plain", plain], ["packed", packed], ["pieces", pieces]];
  for (const [form, expr] of forms) {
    const data = await cg.loadPayload(expr);
    const cols = {};
    for (const name of Object.keys(data.cols)) {
      const col = cg.decodeColumn(data.cols[name], data.n, data);
      cols[name] = Array.from({ length: data.n }, (_, i) => cg.value(col, i));
    }
    out[form] = cols;
  }
  return out;
}
"""


def test_binary_payload_decodes_like_json(browser_context, seed_map, monkeypatch):
    import json

    import pandas as pd

    from conflict_geo.layers import container
    from conflict_geo.layers.compact import (
        column_values,
        encode_days,
        encode_numbers,
        encode_strings,
        make_payload,
    )
    from conflict_geo.layers.container import decode_payload, embed_payload

    n = 300
    rng = np.random.default_rng(3)
    tolls = rng.integers(0, 1000, n).astype(float)
    tolls[::7] = np.nan
    texts = [XSS, "Alep \u200eحلب", "line\u2028break", None, ""]
    kinds = encode_strings([texts[i % 5] for i in range(n)])
    payload = make_payload(
        n,
        {
            "lat": encode_numbers(
                np.sort(rng.uniform(32, 37, n)), scale=100_000, delta=True
            ),
            "lon": encode_numbers(rng.uniform(-180, 180, n), scale=100_000),
            "tolls": encode_numbers(tolls),
            "small": encode_numbers(rng.integers(-100, 100, n)),
            "wide": encode_numbers(rng.integers(-40_000, 40_000, n)),
            "big": encode_numbers(rng.integers(-(2**40), 2**40, n)),
            "same": encode_numbers(np.full(n, 4)),
            "none": encode_numbers(np.full(n, np.nan)),
            "date": encode_days(pd.Series(pd.to_datetime("2016-01-01")).repeat(n)),
            "kind": kinds,
            "label": {**kinds, "k": [k.upper() for k in kinds["k"]]},
            "id": encode_strings(
                [texts[i % 5] and f"{i}:{texts[i % 5]}" for i in range(n)], raw=True
            ),
            "sep": encode_strings([f"{i}\x1f\x1e\x1d\x1c\x00" for i in range(n)]),
        },
    )
    plain = embed_payload(payload, compress=False)
    packed = embed_payload(payload, compress=True)
    monkeypatch.setattr(container, "MEMBER_BYTES", 1024)  # several gzip members
    pieces = embed_payload(payload, compress=True)
    assert pieces.count(",") >= 2
    page = Page(browser_context, seed_map)
    try:
        forms = [json.loads(plain), json.loads(packed), json.loads(pieces)]
        got = page.js(DECODE_BOTH, forms)
    finally:
        page.close()
    assert got["plain"] == got["packed"] == got["pieces"]
    expected = decode_payload(plain)["cols"]
    for name, col in payload["cols"].items():
        if col["e"] == "n":
            want = [None if v != v else v for v in column_values(col).tolist()]
        elif col["e"] == "s":
            want = [None if i < 0 else col["k"][i] for i in col["d"].tolist()]
        else:
            want = expected[name]["d"]
        assert got["packed"][name] == want, name
    assert got["packed"]["kind"][:5] == [
        XSS,
        "Alep \u200eحلب",
        "line\u2028break",
        None,
        None,
    ]


def test_large_compressed_map_popups_filter_and_stay_offline(browser_context, tmp_path):
    import pandas as pd

    from tests.map_samples import seed_records, xss_records

    rng = np.random.default_rng(2)
    start = pd.Timestamp("2016-01-01")
    filler = [
        {
            "event_id": f"filler:{i}",
            "event_type": "clash",
            "lat": float(rng.uniform(32.5, 33.5)),
            "lon": float(rng.uniform(40.0, 41.0)),
            "fatalities": int(rng.integers(0, 30)),
            "date": str((start + pd.Timedelta(days=int(rng.integers(0, 366)))).date()),
            "sentence": f"filler report {i % 50}",
            "actor": ["A", "B", None][i % 3],
        }
        for i in range(3000)
    ]
    cmap = ConflictMap(
        events_frame(seed_records() + xss_records() + filler), offline=True
    )
    path = tmp_path / "large.html"
    cmap.save(path)
    clashes = cmap.layers["Clashes & other"]
    assert clashes.payload_js().startswith('"gz:')
    days, ends = event_days(clashes.payload)
    in_window = int((np.isnan(days) | ((days <= 17102) & (ends >= 17100))).sum())
    page = Page(browser_context, path, block_network=True)
    try:
        assert page.requests == [page.url]
        assert page.console == []
        assert page.drawn()["Clashes & other"] == clashes.n
        text = page.click_latlng(35.2, 37.2)
        assert text is not None and XSS in text and "Clash" in text
        page.js("() => conflictGeo.setTimeWindow(17100, 17102)")
        assert page.drawn()["Clashes & other"] == in_window < clashes.n
        assert page.js("() => [window.__xss, window.__alerts.length]") == [None, 0]
        assert not [c for c in page.console if c[0] in ("error", "dialog")]
    finally:
        page.close()
