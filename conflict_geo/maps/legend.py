"""The categorical legend, built from the layers on the map.

Sections: event types, offensive status, location precision, marker size,
control-zone actors, and the views standing in for the points at low zoom
(density, clusters).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.compact import column_values
from conflict_geo.layers.style import fatality_radius
from conflict_geo.maps.controls import MapControl

__all__ = [
    "CLUSTER_COLOR",
    "DENSITY_COLOR",
    "Legend",
    "legend_sections",
    "view_sections",
]

#: Legend colour of the heat: its hot end.
DENSITY_COLOR = "#d7191c"
#: Legend colour of a cluster: Leaflet.markercluster's medium cluster.
CLUSTER_COLOR = "#f0c20c"


def _values(layer: CanvasLayer, name: str) -> np.ndarray:
    """Values of a numeric payload column of ``layer`` (empty when absent)."""
    col = layer.payload.get("cols", {}).get(name)
    if col is None or col.get("e") != "n":
        return np.empty(0)
    return column_values(col)


def _precision_items(layers: Iterable[CanvasLayer]) -> list[dict]:
    kinds = [_values(layer, "k") for layer in layers]
    rings = any(bool((k == 1).any()) for k in kinds)
    areas = any(bool((k == 2).any()) for k in kinds)
    items = []
    if rings:
        items.append(
            {"label": "Approximate place (25-60 km)", "kind": "ring", "color": "#555"}
        )
    if areas:
        items.append(
            {
                "label": "Somewhere in this province or country",
                "kind": "area",
                "dash": True,
                "color": "#555",
            }
        )
    return items


def _size_items(layers: Iterable[CanvasLayer]) -> list[dict]:
    top = 0
    for layer in layers:
        tolls = _values(layer, "fatalities")
        tolls = tolls[np.isfinite(tolls)]
        if len(tolls):
            top = max(top, int(tolls.max()))
    if top <= 0:
        return []
    steps = [s for s in (1, 10, 100) if s <= max(top, 1)] or [1]
    return [
        {
            "label": f"{s} killed",
            "color": "#999",
            "shape": "circle",
            "r": round(fatality_radius(s), 1),
        }
        for s in steps
    ]


def legend_sections(
    event_layers: list[CanvasLayer],
    zone_layer: CanvasLayer | None = None,
    places: CanvasLayer | None = None,
) -> list[dict]:
    """Return the legend sections describing the given layers.

    Parameters
    ----------
    event_layers : list of CanvasLayer
        Event layers; each carries its own ``legend`` items.
    zone_layer : CanvasLayer, optional
        The control-zone layer.
    places : CanvasLayer, optional
        The places layer.

    Returns
    -------
    list of dict
        ``{"title": ..., "items": [...]}`` sections, empty ones left out.
    """
    events = [item for layer in event_layers for item in layer.legend]
    points = [i for i in events if i.get("kind") == "point"]
    lines = [i for i in events if i.get("kind") == "line"]
    sections = [
        {"title": "Events", "items": points},
        {"title": "Offensives", "items": lines},
        {"title": "Location precision", "items": _precision_items(event_layers)},
        {"title": "Marker size", "items": _size_items(event_layers)},
    ]
    if zone_layer is not None:
        sections.append({"title": "Control zones", "items": zone_layer.legend})
    if places is not None:
        sections.append({"title": "Context", "items": places.legend})
    return [s for s in sections if s["items"]]


def view_sections(density_until: int | None, cluster_until: int | None) -> list[dict]:
    """Return the legend sections of the density and cluster views.

    Parameters
    ----------
    density_until, cluster_until : int or None
        Zoom from which the points replace the heat, the clusters (None: the
        view is not on the map).

    Returns
    -------
    list of dict
        Sections as :func:`legend_sections` makes them.
    """
    views = (
        (density_until, "Density", "Events per area", "zone", DENSITY_COLOR),
        (cluster_until, "Clusters", "Events nearby, counted", "point", CLUSTER_COLOR),
    )
    return [
        {
            "title": title,
            "items": [
                {
                    "label": f"{what} (zoom in to level {zoom} for single events)",
                    "kind": kind,
                    "shape": "circle",
                    "hatch": None,
                    "color": color,
                }
            ],
        }
        for zoom, title, what, kind, color in views
        if zoom is not None
    ]


class Legend(MapControl):
    """A collapsible legend box.

    Parameters
    ----------
    sections : list of dict
        From :func:`legend_sections`.
    title : str, default "Legend"
        Heading.
    position : str, default "bottomright"
        Leaflet control position.
    """

    def __init__(
        self, sections: list[dict], title: str = "Legend", position: str = "bottomright"
    ) -> None:
        super().__init__(
            "legend", {"sections": sections, "title": title, "position": position}
        )
