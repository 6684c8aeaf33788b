"""Self-contained HTML: inline Leaflet, drop CDN links and online tiles.

Leaflet comes from the ``xstatic-leaflet`` package installed with
conflict_geo (never from a CDN, never committed to this repository); its CSS
images are inlined as ``data:`` URIs. folium's other default assets (jQuery,
Bootstrap, Font Awesome, awesome-markers) are not needed by conflict_geo's
layers and are dropped. :func:`check_offline` then proves that the rendered
page loads nothing from the network.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.raster_layers import TileLayer

from conflict_geo._compat import import_optional_dependency
from conflict_geo.exc import RenderError
from conflict_geo.layers._assets import load_template, safe_script

__all__ = ["InlineAsset", "check_offline", "leaflet_assets", "make_offline"]

#: folium asset names -> (xstatic package, file, kind). Names not listed here
#: and not in :data:`_DROPPED` make :func:`make_offline` fail.
_INLINE: dict[str, tuple[str, str, str]] = {
    "leaflet": ("leaflet", "leaflet.js", "js"),
    "leaflet_css": ("leaflet", "leaflet.css", "css"),
    "markerclusterjs": (
        "leaflet_markercluster",
        "leaflet.markercluster.js",
        "js",
    ),
    "markerclustercss": ("leaflet_markercluster", "MarkerCluster.css", "css"),
    "markerclusterdefaultcss": (
        "leaflet_markercluster",
        "MarkerCluster.Default.css",
        "css",
    ),
}
_DROPPED = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)
_URL_IN_CSS = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")
_NETWORK = re.compile(
    r"""(?:<script[^>]+src|<link[^>]+href|<img[^>]+src|<iframe[^>]+src)\s*=\s*["']?"""
    r"""(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
    re.IGNORECASE,
)


class InlineAsset(Element):
    """A ``<script>`` or ``<style>`` element holding trusted code.

    Parameters
    ----------
    code : str
        JavaScript or CSS source.
    kind : {"js", "css"}
        Which element to write.
    """

    _template = load_template("inline_asset.html.j2")

    def __init__(self, code: str, kind: str) -> None:
        super().__init__()
        self._name = "InlineAsset"
        self.kind = kind
        if kind == "js":
            self.code = safe_script(code)
        else:
            self.code = code.replace("</style", "<\\/style")


def _xstatic_dir(package: str) -> Path:
    module = import_optional_dependency(
        f"xstatic.pkg.{package}", extra="", purpose="offline maps"
    )
    return Path(module.BASE_DIR)


def _data_uri(path: Path) -> str:
    mime = "image/png" if path.suffix == ".png" else "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode()


@cache
def _asset(name: str) -> tuple[str, str]:
    package, filename, kind = _INLINE[name]
    folder = _xstatic_dir(package)
    code = (folder / filename).read_text("utf-8")
    if kind == "css":
        code = _URL_IN_CSS.sub(
            lambda m: (
                f'url("{_data_uri(folder / m.group(2))}")'
                if (folder / m.group(2)).is_file()
                else "none"
            ),
            code,
        )
    return code, kind


def leaflet_assets() -> dict[str, InlineAsset]:
    """Return Leaflet's JavaScript and CSS as inline elements.

    Returns
    -------
    dict
        ``{"leaflet": <script>, "leaflet_css": <style>}``, read from the
        installed ``xstatic-leaflet`` package.
    """
    return {name: InlineAsset(*_asset(name)) for name in ("leaflet", "leaflet_css")}


def _walk(element: Element) -> list[Element]:
    out = [element]
    for child in list(element._children.values()):
        out.extend(_walk(child))
    return out


def make_offline(m: Any) -> Any:
    """Make a folium map load nothing from the network, in place.

    Online tile layers are removed (add
    :func:`~conflict_geo.maps.basemap.vector_basemap` for outlines), Leaflet and
    MarkerCluster are inlined from their xstatic packages, and folium's other
    CDN assets are dropped.

    Parameters
    ----------
    m : folium.Map
        A map attached to a figure.

    Returns
    -------
    folium.Map
        ``m`` itself.

    Raises
    ------
    RenderError
        When an element needs a network asset that cannot be inlined.
    """
    figure = m.get_root()
    if not isinstance(figure, Figure):
        raise RenderError("the map must be in a folium Figure to go offline")
    for name, child in list(m._children.items()):
        if isinstance(child, TileLayer) and not _local(child):
            del m._children[name]
    needed: list[str] = ["leaflet", "leaflet_css"]
    for element in _walk(m):
        if not isinstance(element, JSCSSMixin):
            continue
        for attr in ("default_js", "default_css"):
            kept = []
            for asset, url in getattr(element, attr):
                if asset in _INLINE:
                    needed.append(asset)
                elif asset not in _DROPPED:
                    kept.append((asset, url))
            remote = [url for _, url in kept if "//" in url]
            if remote:
                raise RenderError(
                    f"{type(element).__name__} loads {remote[0]} from the network; "
                    "it cannot be part of an offline map"
                )
            setattr(element, attr, kept)
    for name in dict.fromkeys(needed):
        if name not in figure.header._children:
            figure.header.add_child(InlineAsset(*_asset(name)), name=name)
    return m


def _local(layer: TileLayer) -> bool:
    tiles = str(getattr(layer, "tiles", ""))
    return not tiles.lower().startswith(("http://", "https://", "//"))


def check_offline(html: str) -> None:
    """Raise if rendered HTML would load anything from the network.

    Parameters
    ----------
    html : str
        A rendered page.

    Raises
    ------
    RenderError
        Naming the first network reference found.
    """
    found = _NETWORK.search(html)
    if found:
        start = max(0, found.start() - 40)
        raise RenderError(
            "offline HTML still refers to the network near "
            f"{html[start : found.end() + 60]!r}"
        )
