"""Clashes, sieges and every other event type not drawn by another layer."""

from __future__ import annotations

import pandas as pd

from conflict_geo.events.types import EVENT_SPECS, types_in_layer
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.events import EventLayer, event_layer
from conflict_geo.layers.table import EventTable

__all__ = ["CLASH_TYPES", "clashes_layer"]

#: The event types this layer draws (:data:`~conflict_geo.events.types.EVENT_SPECS`);
#: unknown types land here too.
CLASH_TYPES: tuple[str, ...] = types_in_layer("clashes")
#: Types drawn by the other layers (control claims are drawn as zones).
_ELSEWHERE = frozenset(t for t in EVENT_SPECS if t not in CLASH_TYPES)


def clashes_layer(
    events: pd.DataFrame,
    *,
    name: str = "Clashes & other",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    areas: AreaLookup | None = None,
    table: EventTable | None = None,
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
    table : EventTable, optional
        The columns of ``events`` converted once, shared with the other
        layers drawn from the same table.

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
        table=table,
    )
