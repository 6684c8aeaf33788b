"""Air and drone strikes and shelling, sized by fatalities."""

from __future__ import annotations

import pandas as pd

from conflict_geo.events.types import types_in_layer
from conflict_geo.layers.areas import AreaLookup
from conflict_geo.layers.events import EventLayer, event_layer
from conflict_geo.layers.table import EventTable

__all__ = ["STRIKE_TYPES", "strikes_layer"]

#: ``event_type`` values drawn by this layer.
STRIKE_TYPES: tuple[str, ...] = types_in_layer("strikes")


def strikes_layer(
    events: pd.DataFrame,
    *,
    name: str = "Strikes & shelling",
    show: bool = True,
    overlay: bool = True,
    control: bool = True,
    areas: AreaLookup | None = None,
    table: EventTable | None = None,
) -> EventLayer:
    """Build the "Strikes & shelling" layer.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows in the event schema; rows of other types are ignored.
    name : str, default "Strikes & shelling"
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
        types=STRIKE_TYPES,
        name=name,
        show=show,
        overlay=overlay,
        control=control,
        areas=areas,
        table=table,
    )
