"""A date-range slider that filters every event layer in the browser."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from conflict_geo.layers.base import CanvasLayer
from conflict_geo.layers.events import event_days
from conflict_geo.maps.controls import MapControl

__all__ = ["TimeSlider", "time_slider"]


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
        Event layers (the first and last days of their events are read, see
        :func:`~conflict_geo.layers.events.event_days`).

    Returns
    -------
    TimeSlider or None
        None when fewer than two distinct days are present.
    """
    days, undated = [], 0
    for layer in layers:
        start, last = event_days(layer.payload)
        undated += int(np.isnan(start).sum())
        days += [start, last]
    every = np.concatenate(days) if days else np.empty(0)
    every = every[np.isfinite(every)]
    if not len(every) or every.min() == every.max():
        return None
    return TimeSlider(int(every.min()), int(every.max()), undated)
