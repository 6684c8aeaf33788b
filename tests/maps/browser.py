"""Drive map pages in headless Chromium (Debian's chromium via Playwright).

Shared by the browser tests: a :class:`Page` records console messages, page
errors and requests, and every wait is on page state, never on the clock.
"""

from __future__ import annotations

from pathlib import Path

ALERT_HOOK = """
window.__alerts = [];
window.alert = function (m) { window.__alerts.push(String(m)); };
window.confirm = window.prompt = window.alert;
"""


class Page:
    """A loaded map page with the console, errors and requests recorded."""

    def __init__(
        self,
        context,
        path: Path,
        *,
        block_network: bool = False,
        init: str = "",
        width: int = 1200,
        height: int = 800,
    ):
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": height})
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("error", str(e))))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "dialog",
            lambda d: (self.console.append(("dialog", d.message)), d.dismiss()),
        )
        self.page.add_init_script(ALERT_HOOK + init)
        self.url = path.resolve().as_uri()
        if block_network:

            def route(r):
                if r.request.url == self.url:
                    r.continue_()
                else:
                    r.abort()

            self.page.route("**/*", route)
        self.page.goto(self.url)
        self.page.wait_for_function(
            "() => window.__conflictGeoReady === true", timeout=20_000
        )

    def js(self, code: str, arg=None):
        return self.page.evaluate(code, arg)

    def drawn(self) -> dict[str, int]:
        return dict(
            self.js(
                "() => conflictGeo.layers.filter(l => l.options.interactive !== false)"
                ".map(l => [l.options.title, l._map ? l.drawn : 0])"
            )
        )

    def click_latlng(self, lat: float, lon: float) -> str | None:
        self.js(
            "() => { var l = conflictGeo.layers.find(x => x._map);"
            " l._map.closePopup(); }"
        )
        # An opened popup pans the map into view, and a closed one fades out
        # while still catching clicks: wait until the map stands still and the
        # popup is gone from the page.
        self.page.wait_for_function(
            "() => { var m = conflictGeo.layers.find(x => x._map)._map;"
            " return !(m._panAnim && m._panAnim._inProgress) && !m._animatingZoom"
            " && !document.querySelector('.leaflet-popup'); }"
        )
        x, y = self.js(
            """([lat, lon]) => {
                var m = conflictGeo.layers.find(x => x._map)._map;
                var p = m.latLngToContainerPoint([lat, lon]);
                var r = m.getContainer().getBoundingClientRect();
                return [p.x + r.left, p.y + r.top];
            }""",
            [lat, lon],
        )
        self.page.mouse.click(x, y)
        # Leaflet opens the popup in the click handler, which has run when the
        # click is acknowledged: read the map's open popup, not the DOM (the
        # old popup fades out there for a while).
        return self.js(
            "() => { var m = conflictGeo.layers.find(x => x._map)._map;"
            " var p = m._popup; return p && m.hasLayer(p) ?"
            " p.getElement().querySelector('.leaflet-popup-content').textContent"
            " : null; }"
        )

    def close(self):
        self.page.close()
