"""A date-range slider that filters every event layer in the browser."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.maps.controls import MapControl

__all__ = ["TimeSlider", "time_slider"]

_EPOCH = pd.Timestamp("1970-01-01")


class TimeSlider(MapControl):
    """Two range inputs (from, to) over day numbers since 1970-01-01.

    Parameters
    ----------
    first, last : int
        Day numbers of the earliest and latest event.
    undated : int, default 0
        Events without a date (always shown; the slider says so).
    position : str, default "bottomleft"
        Leaflet control position.
    """

    def __init__(
        self, first: int, last: int, undated: int = 0, position: str = "bottomleft"
    ) -> None:
        super().__init__(
            "timeSlider",
            {
                "min": int(first),
                "max": int(last),
                "undated": int(undated),
                "title": "Event dates",
                "position": position,
            },
        )


def time_slider(layers: Iterable[CanvasLayer]) -> TimeSlider | None:
    """Return a slider spanning the dates of the events drawn by ``layers``.

    Parameters
    ----------
    layers : iterable of CanvasLayer
        Event layers (their ``events`` attribute holds the drawn rows).

    Returns
    -------
    TimeSlider or None
        None when fewer than two distinct days are present.
    """
    starts, undated = [], 0
    for layer in layers:
        rows = getattr(layer, "events", None)
        if rows is None or "date" not in rows:
            continue
        dates = pd.to_datetime(rows["date"], errors="coerce")
        undated += int(dates.isna().sum())
        starts.append(dates.dropna())
        if "date_end" in rows:
            starts.append(pd.to_datetime(rows["date_end"], errors="coerce").dropna())
    if not starts:
        return None
    every = pd.concat(starts)
    if every.empty or every.min().normalize() == every.max().normalize():
        return None
    first = (every.min().normalize() - _EPOCH).days
    last = (every.max().normalize() - _EPOCH).days
    return TimeSlider(first, last, undated)
