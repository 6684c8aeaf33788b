"""The folium element every conflict_geo layer is made of.

:class:`CanvasLayer` is one folium :class:`~folium.map.Layer` (so it appears in a
``LayerControl`` and honours ``name``, ``show``, ``overlay`` and ``control``)
that embeds its rows once as a compact columnar payload (JSON, or typed arrays
in a gzip container, see :mod:`conflict_geo.layers.container`) and draws them in
the browser on a canvas
(``conflict_geo/maps/static/conflict_geo.js``). The runtime script and CSS are
inlined once per page, so a layer works on any folium map.
"""

from __future__ import annotations

import html
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.map import Layer

from conflict_geo.layers._assets import (
    js_literal,
    load_template,
    read_static,
    safe_script,
)
from conflict_geo.layers.container import embed_payload

__all__ = [
    "RUNTIME_JS",
    "RUNTIME_NAME",
    "CanvasLayer",
    "RawMacroElement",
    "RawText",
    "Runtime",
    "ensure_runtime",
]

RUNTIME_NAME = "conflict_geo_runtime"
#: The runtime's scripts, in load order (``conflict_geo/maps/static``).
RUNTIME_JS = ("conflict_geo.js", "conflict_geo_canvas.js", "conflict_geo_controls.js")


class Runtime(Element):
    """The conflict_geo JavaScript runtime and CSS, inlined in the page head."""

    _template = load_template("runtime.html.j2")

    def __init__(self) -> None:
        super().__init__()
        self._name = "ConflictGeoRuntime"
        self.css = read_static("conflict_geo.css").replace("</style", "<\\/style")
        self.js = safe_script("\n".join(read_static(name) for name in RUNTIME_JS))


def ensure_runtime(element: Element) -> None:
    """Add the runtime to the head of ``element``'s figure, once.

    Parameters
    ----------
    element : branca.element.Element
        Any element already attached to a map in a figure.
    """
    figure = element.get_root()
    if isinstance(figure, Figure) and RUNTIME_NAME not in figure.header._children:
        figure.header.add_child(Runtime(), name=RUNTIME_NAME)


class RawText(Element):
    """Text written to the page as it is (never parsed as a template).

    Parameters
    ----------
    text : str
        Rendered HTML or JavaScript.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text.

        Returns
        -------
        str
        """
        return self.text


class RawMacroElement(MacroElement):
    """A :class:`~branca.element.MacroElement` whose output stays inert.

    branca wraps what the ``header``, ``html`` and ``script`` macros render in a
    new ``Element(text)``, which compiles that text as a Jinja template: user
    text such as ``{{ 7*7 }}`` in an event would then be evaluated (a template
    injection), and a large embedded payload is tokenized for nothing. Here the
    output is added to the page as :class:`RawText` instead.
    """

    def render(self, **kwargs: Any) -> None:
        """Render the macros of the template, then the children."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("You cannot render this Element if it is not in a Figure.")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RawText(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)


class CanvasLayer(Layer, RawMacroElement):
    """A layer of rows drawn on a canvas by the conflict_geo runtime.

    Parameters
    ----------
    payload : dict
        From :func:`conflict_geo.layers.compact.make_payload`.
    options : dict
        Runtime options: ``style``, ``popup``, ``radius``, ``pane``, ``title``...
    name : str
        Shown in the layer control (HTML-escaped there).
    show : bool, default True
        Whether the layer is on when the map opens.
    overlay : bool, default True
        Overlay (check box) or base layer (radio button).
    control : bool, default True
        Whether the layer is listed in the layer control.
    bounds : list, optional
        ``[[south, west], [north, east]]`` of what the layer draws.
    legend : list of dict, optional
        Legend items describing this layer.
    """

    _template = load_template("canvas_layer.js.j2")

    def __init__(
        self,
        payload: dict,
        options: dict,
        *,
        name: str,
        show: bool = True,
        overlay: bool = True,
        control: bool = True,
        bounds: list | None = None,
        legend: list[dict] | None = None,
    ) -> None:
        # Leaflet's layer control writes names with innerHTML: escape them.
        super().__init__(
            name=html.escape(name), overlay=overlay, control=control, show=show
        )
        self._name = "CanvasLayer"
        self.title = name
        self.payload = payload
        self.options = {"title": name, **options}
        self.bounds = bounds
        self.legend = list(legend or [])

    @property
    def n(self) -> int:
        """Number of rows embedded."""
        return int(self.payload.get("n", 0))

    def copy(self) -> CanvasLayer:
        """Return a new layer with the same rows and options, on no map.

        Returns
        -------
        CanvasLayer
        """
        twin = CanvasLayer(
            self.payload,
            {k: v for k, v in self.options.items() if k != "title"},
            name=self.title,
            show=self.show,
            overlay=self.overlay,
            control=self.control,
            bounds=self.bounds,
            legend=self.legend,
        )
        for attr in ("events", "unmapped", "colors"):
            if hasattr(self, attr):
                setattr(twin, attr, getattr(self, attr))
        return twin

    def payload_js(self) -> str:
        """Return the embedded payload as a JavaScript expression."""
        return embed_payload(self.payload)

    def options_js(self) -> str:
        """Return the runtime options as a script-safe JavaScript literal."""
        return js_literal(self.options)

    def _get_self_bounds(self) -> list[list[Any]]:
        return self.bounds or [[None, None], [None, None]]

    def render(self, **kwargs: Any) -> None:
        """Render the layer, adding the runtime to the page head once."""
        ensure_runtime(self)
        super().render(**kwargs)
