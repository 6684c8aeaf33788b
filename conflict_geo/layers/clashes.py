"""Clashes, sieges and every other event type not drawn by another layer."""

from __future__ import annotations

import pandas as pd

from conflict_geo.events.schema import EVENT_TYPES
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.events import EventLayer, event_layer

__all__ = ["CLASH_TYPES", "clashes_layer"]

#: Types drawn by the other layers (and control claims, drawn as zones).
_ELSEWHERE = frozenset({"strike", "shelling", "offensive", "base", "control_change"})
#: The event types of the schema this layer draws; unknown types land here too.
CLASH_TYPES: tuple[str, ...] = tuple(t for t in EVENT_TYPES if t not in _ELSEWHERE)


def clashes_layer(
    events: pd.DataFrame,
    *,
    name: str = "Clashes & other",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    areas: AreaLookup | None = None,
) -> EventLayer:
    """Build the "Clashes & other" layer.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows in the event schema; rows of other types are ignored.
    name : str, default "Clashes & other"
        Name in the layer control.
    show : bool, default True
        Whether the layer is on when the map opens.
    overlay : bool, default True
        Overlay (check box) or base layer (radio button).
    control : bool, default True
        Whether the layer is listed in the layer control.
    areas : AreaLookup, optional
        Province/country polygon look-up for imprecise events.

    Returns
    -------
    EventLayer
        A folium layer; ``.unmapped`` lists the rows it could not place.
    """
    return event_layer(
        events,
        types=None,
        exclude=_ELSEWHERE,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        areas=areas,
    )
