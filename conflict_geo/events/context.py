"""A sentence ready to be read: its places, actors, counts and dates.

:class:`SentenceContext` is what every reader of the sentence stage takes
(:mod:`~conflict_geo.events.findings`, :mod:`~conflict_geo.events.linking`,
:mod:`~conflict_geo.events.roles`, :mod:`~conflict_geo.events.tolls`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conflict_geo.events.roles import Actor
from conflict_geo.lang import Lexicon, Trigger
from conflict_geo.places.geoparse import Mention
from conflict_geo.text.dates import DateMention
from conflict_geo.text.numbers import Quantity

if TYPE_CHECKING:
    from conflict_geo.text.sentences import Sentence

__all__ = ["SentenceContext", "report", "shift"]


@dataclass(slots=True)
class SentenceContext:
    """One sentence, ready to be read.

    Parameters
    ----------
    sentence : Sentence
        Text and offsets in the block.
    flat : str
        The sentence flattened (:func:`~conflict_geo.lang.flatten`).
    lex : Lexicon
        Its language's lexicon.
    literal : list of Mention
        Resolved places that can be event locations, offsets in the sentence.
    set_aside : list of (Mention, str)
        Resolved places that cannot, and why (actor, backer, source, dateline).
    actors : list of Actor
        Actors the sentence names.
    quantities : list of Quantity
        Its counts.
    dates : list of DateMention
        Its dates.
    index : int
        The sentence's number in the document.
    triggers : list of Trigger
        Its usable triggers (an actor named inside one is that trigger's).
    unknown : list of Mention
        Places named that the gazetteer does not know: no trigger reaches a
        place beyond one of them ("la ville d'Adra, au nord de Damas").
    """

    sentence: Sentence
    flat: str
    lex: Lexicon
    literal: list[Mention]
    set_aside: list[tuple[Mention, str]]
    actors: list[Actor]
    quantities: list[Quantity]
    dates: list[DateMention]
    index: int
    triggers: list[Trigger] = field(default_factory=list)
    unknown: list[Mention] = field(default_factory=list)


def shift(mention: Mention, offset: int) -> Mention:
    """Return ``mention`` with its offsets moved by ``offset``."""
    m = mention
    # what dataclasses.replace would make, at a fifth of its cost
    return Mention(
        m.text,
        m.start + offset,
        m.end + offset,
        m.place,
        m.score,
        m.metonymic,
        m.kind_hint,
        m.reason,
    )


def report(doc: str, text: str, start: int, end: int, reason: str) -> dict[str, Any]:
    """Record something that did not become a mapped event, and why."""
    return {"doc": doc, "text": text, "start": start, "end": end, "reason": reason}
