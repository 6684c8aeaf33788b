"""Reports written as rows of the event schema, for the fusion and matching tests."""

from __future__ import annotations

from typing import Any

HASS = {"place": "Hass", "lat": 35.6161, "lon": 36.5907, "admin1": "Idlib"}


def report(doc: str, where: dict[str, Any] = HASS, **values: Any) -> dict[str, Any]:
    """Return a strike reported by ``doc`` at ``where``, with ``values`` over it.

    ``n`` numbers the report's rows (its ``event_id``); a ``date`` is a day.
    """
    row = {
        "event_type": "strike",
        "status": "done",
        "country": "SY",
        "precision": 1,
        "dataset": "text",
        "doc": doc,
        "event_id": f"text:{doc}:{values.pop('n', 0)}",
        "date_precision": "day" if values.get("date") else "",
        **where,
    }
    row.update(values)
    return row
