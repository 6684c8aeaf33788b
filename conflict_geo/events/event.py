"""One event a text reports: what happened, where, to whom, and how sure we are.

An :class:`Event` keeps the :class:`~conflict_geo.places.geoparse.Mention` it is
placed at, so an analyst can always go back from the map to the words.
:meth:`Event.to_record` flattens it into the shared event schema
(:mod:`conflict_geo.events.schema`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conflict_geo.events.schema import EVENT_TYPES, STATUSES
from conflict_geo.places.place import KINDS, PRECISION_BY_KIND

if TYPE_CHECKING:
    from conflict_geo.places.geoparse import Mention

__all__ = ["Event", "precision_of"]

#: Precision of every kind a place can have (see :data:`PRECISION_BY_KIND`).
_PRECISION_BY_KIND = {kind: PRECISION_BY_KIND.get(kind, 1) for kind in KINDS}


def precision_of(kind: str | None) -> int | None:
    """UCDP-style ``where_prec`` for a place kind.

    Parameters
    ----------
    kind : str or None
        :attr:`Place.kind <conflict_geo.places.place.Place.kind>`.

    Returns
    -------
    int or None
        1 for a settlement or an installation, 2 for a named region (a
        valley, a mountain, the Ghouta), 4 for a province, 6 for a country.

    Examples
    --------
    >>> precision_of("admin1")
    4
    """
    return _PRECISION_BY_KIND.get(kind or "")


@dataclass(frozen=True, slots=True)
class Event:
    """An event extracted from a text.

    Parameters
    ----------
    event_type : str
        One of :data:`~conflict_geo.events.schema.EVENT_TYPES`.
    mention : Mention or None
        Where the text places it (resolved); None for a finding that names no
        place ("ces raids"), before incident resolution gives it one.
    sentence : str
        The sentence that reports it.
    start, end : int
        Offsets of ``sentence`` in the document.
    trigger : str
        The words that say what happened ("frappes", "captured").
    sub_type : str, optional
        Finer type ("air strike", "barrel bomb", "held").
    status : str, default "done"
        ``planned``, ``ongoing``, ``done``, or ``held`` for a holding claim.
    status_stated : bool
        A word of the text says the status ("toujours", "still", "will");
        False when it is the type's default.
    fatalities, fatalities_earlier, injured : int, optional
        The latest toll, a toll it revises, the wounded.
    fatalities_low : int, optional
        Set when the text gives a floor ("plus de 89").
    actor, target, source : str, optional
        Who acted, who or what was hit, who reported it.
    date : str, optional
        ISO date at ``date_precision`` (``2016-10-17``, ``2016-08``).
    date_precision : str
        ``day``, ``month``, ``year`` or ``""``.
    date_stated : bool
        The text gives the date; False when it is the dispatch's date.
    doc : str
        The document it came from.
    confidence : float
        0..1.
    notes : tuple of str
        Details kept for the analyst ("including 11 children").
    aggregate : bool
        A roll-up over a period or an area, never summed with its parts.
    evidence : tuple of (int, int)
        Document offsets of every sentence that reports the event, in text
        order (``start``/``end`` are those of the most informative one).
    fatalities_history : tuple of int
        Every distinct toll reported for the event, the earliest first.
    anaphoric : bool
        The text refers back to an event it told before ("ces raids", "these
        strikes"): it joins that incident even where it names a part of its
        place.
    victims : str or None
        Whom the toll counts when it counts one group (a side's camp, or
        ``"civilians"``): tolls of different groups of one incident add up
        ("un rebelle a été tué" … "la mort de 46 djihadistes").
    """

    event_type: str
    mention: Mention | None
    sentence: str
    start: int
    end: int
    trigger: str
    sub_type: str | None = None
    status: str = "done"
    status_stated: bool = False
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_earlier: int | None = None
    injured: int | None = None
    actor: str | None = None
    target: str | None = None
    source: str | None = None
    date: str | None = None
    date_precision: str = ""
    date_stated: bool = False
    doc: str = ""
    confidence: float = 0.5
    notes: tuple[str, ...] = field(default=())
    aggregate: bool = False
    evidence: tuple[tuple[int, int], ...] = field(default=())
    fatalities_history: tuple[int, ...] = field(default=())
    anaphoric: bool = False
    victims: str | None = None

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.event_type!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def precision(self) -> int | None:
        """UCDP-style precision of the place (1 exact … 4 province … 6 country)."""
        place = self.mention.place if self.mention is not None else None
        return precision_of(place.kind) if place else None

    def to_record(self, event_id: str = "") -> dict[str, Any]:
        """Flatten into a row of the shared event schema.

        Parameters
        ----------
        event_id : str, optional
            The row's id (``text:<doc>:<n>``).

        Returns
        -------
        dict
            Keys from :data:`~conflict_geo.events.schema.EVENT_COLUMNS`.
        """
        mention = self.mention
        place = mention.place if mention is not None else None
        notes = list(self.notes)
        if mention is not None and place and mention.text != place.name:
            notes.insert(0, f"place written {self.mention.text!r}")
        return {
            "event_id": event_id,
            "dataset": "text",
            "event_type": self.event_type,
            "sub_type": self.sub_type,
            "place": place.name if place else None,
            "country": place.country if place else None,
            "admin1": (place.admin1 or None) if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "precision": self.precision,
            "fatalities": self.fatalities,
            "fatalities_low": self.fatalities_low,
            "fatalities_high": None,
            "fatalities_earlier": self.fatalities_earlier,
            "injured": self.injured,
            "actor": self.actor,
            "target": self.target,
            "source": self.source,
            "date": self.date,
            "date_end": None,
            "date_precision": self.date_precision,
            "status": self.status,
            "sentence": self.sentence,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "notes": "; ".join(notes) or None,
            "aggregate": self.aggregate,
            "evidence": ";".join(f"{a}-{b}" for a, b in self.evidence) or None,
            "fatalities_history": self.tolls(),
        }

    def tolls(self) -> tuple[int, ...] | None:
        """Every distinct toll reported for the event (None when none is given).

        Returns
        -------
        tuple of int or None
            :attr:`fatalities_history` when the text revised the toll, else
            the earlier toll a revision mentions and the toll.

        Examples
        --------
        >>> from conflict_geo.events.event import Event
        >>> Event("strike", None, "", 0, 0, "raid", fatalities=35,
        ...       fatalities_earlier=26).tolls()
        (26, 35)
        """
        if self.fatalities_history:
            return tuple(self.fatalities_history)
        given = (self.fatalities_earlier, self.fatalities)
        return tuple(dict.fromkeys(v for v in given if v is not None)) or None
