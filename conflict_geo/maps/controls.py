"""Small map controls drawn by the conflict_geo runtime.

Each is a folium :class:`~branca.element.MacroElement` that calls one function of
``conflict_geo_controls.js`` with a JSON configuration; every label reaches the
page through ``textContent``, so titles and event text stay inert (and the
rendered script is never parsed again as a template, see
:class:`~conflict_geo.layers.base.RawMacroElement`).
"""

from __future__ import annotations

from typing import Any

from conflict_geo.layers._assets import js_literal, load_template
from conflict_geo.layers.base import RawMacroElement, ensure_runtime

__all__ = [
    "Fullscreen",
    "MapControl",
    "MiniMap",
    "Note",
    "Title",
    "UnmappedPanel",
]


class MapControl(RawMacroElement):
    """A control made by ``conflictGeo.<function>(map, config)``.

    Parameters
    ----------
    function : str
        Name of the runtime function (not user data).
    config : dict
        JSON configuration; strings in it are shown as text.
    companion : branca.element.Element, optional
        Another element whose JavaScript variable is passed third.
    """

    _template = load_template("control.js.j2")

    def __init__(
        self, function: str, config: dict[str, Any], companion: Any = None
    ) -> None:
        super().__init__()
        self._name = "ConflictGeoControl"
        if not function.isidentifier():
            raise ValueError(f"bad runtime function name {function!r}")
        self.function = function
        self.config = config
        self.companion = companion

    def config_js(self) -> str:
        """Return the configuration as a script-safe JavaScript literal."""
        return js_literal(self.config)

    def render(self, **kwargs: Any) -> None:
        """Render the control, adding the runtime to the page head once."""
        ensure_runtime(self)
        super().render(**kwargs)


class Title(MapControl):
    """A title box (top left).

    Parameters
    ----------
    title : str
        Main line.
    subtitle : str, optional
        Second line (dates, sources).
    position : str, default "topleft"
        Leaflet control position.
    """

    def __init__(
        self, title: str, subtitle: str | None = None, position: str = "topleft"
    ) -> None:
        super().__init__(
            "title", {"title": title, "subtitle": subtitle, "position": position}
        )


class Note(MapControl):
    """A short highlighted note, e.g. "No events to show".

    Parameters
    ----------
    text : str
        The note.
    position : str, default "topright"
        Leaflet control position.
    """

    def __init__(self, text: str, position: str = "topright") -> None:
        super().__init__("note", {"text": text, "position": position})


class UnmappedPanel(MapControl):
    """A collapsible "Not on the map (N)" list of events that are not drawn.

    Parameters
    ----------
    rows : list of dict
        ``{"what": ..., "reason": ..., "text": ...}`` per event (escaped as
        text by the browser).
    count : int, optional
        Total number of unmapped events when ``rows`` is truncated.
    position : str, default "bottomleft"
        Leaflet control position.
    """

    def __init__(
        self,
        rows: list[dict[str, str]],
        count: int | None = None,
        position: str = "bottomleft",
    ) -> None:
        total = len(rows) if count is None else int(count)
        super().__init__(
            "unmapped", {"rows": rows, "count": total, "position": position}
        )


class Fullscreen(MapControl):
    """A button that shows the map full screen.

    Parameters
    ----------
    position : str, default "topleft"
        Leaflet control position.
    """

    def __init__(self, position: str = "topleft") -> None:
        super().__init__("fullscreen", {"position": position})


class MiniMap(MapControl):
    """An overview map with the main view outlined; click it to pan.

    Parameters
    ----------
    tiles : dict, optional
        ``{"url": ..., "options": {...}}`` of a tile layer for the overview.
    basemap : CanvasLayer, optional
        A vector basemap layer to redraw in the overview (offline maps).
    position : str, default "bottomleft"
        Leaflet control position.
    zoom_offset : int, default 5
        How many zoom levels the overview is above the map.
    """

    def __init__(
        self,
        tiles: dict[str, Any] | None = None,
        basemap: Any = None,
        position: str = "bottomleft",
        zoom_offset: int = 5,
    ) -> None:
        config = {"tiles": tiles, "position": position, "zoomOffset": zoom_offset}
        super().__init__("miniMap", config, companion=basemap)
