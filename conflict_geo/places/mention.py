"""A place name found in a text (what :func:`~.geoparse.geoparse` returns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conflict_geo.places.place import Place

__all__ = ["Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text.

    Parameters
    ----------
    text : str
        The words as written.
    start, end : int
        Character offsets in the text (``text == doc[start:end]``).
    place : Place or None
        The resolved place, None when unresolved.
    score : float
        Confidence of the resolution in [0, 1] (0 when unresolved).
    metonymic : bool
        The name stands for a government or army, not a location.
    kind_hint : str or None
        Feature kind a cue word asked for (``"admin1"`` for "province de …").
    reason : str
        How it was resolved, or why not.
    """

    text: str
    start: int
    end: int
    place: Place | None
    score: float = 0.0
    metonymic: bool = False
    kind_hint: str | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Flat record as the ``places`` CLI prints it."""
        p = self.place
        return {
            "mention": self.text,
            "start": self.start,
            "end": self.end,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "kind": p.kind if p else None,
            "metonymic": self.metonymic,
            "score": round(self.score, 4),
        }
