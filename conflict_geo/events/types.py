"""One table of event types: what the extractor and the layers know of each.

:data:`EVENT_SPECS` is read by extraction (which events carry tolls, which a
later sentence may report without naming the place, which need more than a
country), by incident resolution (which types are one family) and by the map
layers (which layer draws a type). Adding a type is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EVENT_SPECS",
    "GENERIC_SUB_TYPES",
    "PART_CAPTURED",
    "TOLL_SUB_TYPE",
    "EventSpec",
    "family_of",
    "spec_of",
    "types_in_layer",
]


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What the pipeline needs to know about one event type.

    Parameters
    ----------
    family : str
        Types of one family may report the same incident: ``fire`` (from the
        air or from guns), ``ground``, ``control``, ``other``.
    violent : bool
        The event has victims: a sentence's toll is given to it.
    anaphoric : bool
        A later sentence may report it without naming the place again ("ces
        raids", "the fighting").
    needs_place : bool
        A country alone is too coarse a location for it.
    durative : bool
        It lasts: reports of it on different days are still one incident (an
        offensive, a siege), where two strikes on two days are two.
    default_status : str
        Status when the words imply none.
    layer : str
        The map layer that draws it (``strikes``, ``offensives``, ``clashes``,
        ``bases``, ``zones``).
    label : str
        Name in legends and popups.
    mutual : bool, default False
        Both sides fight: its actor and target may be named either way round
        ("YPG fighters ambushed the jihadists" and "IS clashed with the YPG"
        report one clash).
    """

    family: str
    violent: bool
    anaphoric: bool
    needs_place: bool
    durative: bool
    default_status: str
    layer: str
    label: str
    mutual: bool = False


EVENT_SPECS: dict[str, EventSpec] = {
    "strike": EventSpec(
        family="fire",
        violent=True,
        anaphoric=True,
        needs_place=False,
        durative=False,
        default_status="done",
        layer="strikes",
        label="Air strike",
    ),
    "shelling": EventSpec(
        family="fire",
        violent=True,
        anaphoric=True,
        needs_place=False,
        durative=False,
        default_status="done",
        layer="strikes",
        label="Shelling",
    ),
    "offensive": EventSpec(
        family="ground",
        violent=True,
        anaphoric=True,
        needs_place=False,
        durative=True,
        default_status="ongoing",
        layer="offensives",
        label="Offensive",
    ),
    "clash": EventSpec(
        family="ground",
        violent=True,
        anaphoric=True,
        needs_place=False,
        durative=False,
        default_status="ongoing",
        layer="clashes",
        label="Clash",
        mutual=True,
    ),
    "control_change": EventSpec(
        family="control",
        violent=False,
        anaphoric=False,
        needs_place=True,
        durative=False,
        default_status="done",
        layer="zones",
        label="Control change",
    ),
    "siege": EventSpec(
        family="ground",
        violent=False,
        anaphoric=True,
        needs_place=True,
        durative=True,
        default_status="ongoing",
        layer="clashes",
        label="Siege",
    ),
    "base": EventSpec(
        family="control",
        violent=False,
        anaphoric=False,
        needs_place=True,
        durative=True,
        default_status="ongoing",
        layer="bases",
        label="Base",
    ),
    "other": EventSpec(
        family="other",
        violent=True,
        anaphoric=True,
        needs_place=False,
        durative=False,
        default_status="done",
        layer="clashes",
        label="Other",
    ),
}

#: Sub-types that say a place was hit, not how ("bombardement", "struck"):
#: a finding of one joins a specific finding of its family at the same place.
GENERIC_SUB_TYPES: frozenset[str] = frozenset({"bombardment", "hit"})

#: Sub-type of a finding that only gives a toll ("Le bilan s'est élevé à 71
#: civils tués, 59 à Al-Bab"): it adds its toll to the violent incident it
#: continues and never makes an incident of its own.
TOLL_SUB_TYPE = "toll"

#: Sub-type of a capture of a part of a place ("deux quartiers de Tal Afar",
#: "the southern part of the city"): the rest is still held, and fought for.
PART_CAPTURED = "captured part"

#: The spec of an unknown type (a dataset's own vocabulary).
_OTHER = EVENT_SPECS["other"]


def spec_of(event_type: str | None) -> EventSpec:
    """Return the spec of ``event_type`` (that of ``"other"`` when unknown).

    Parameters
    ----------
    event_type : str or None
        An event type.

    Returns
    -------
    EventSpec

    Examples
    --------
    >>> spec_of("shelling").family
    'fire'
    """
    return EVENT_SPECS.get(event_type or "other", _OTHER)


def family_of(event_type: str | None) -> str:
    """Family of ``event_type``: types of one family may report one incident.

    Examples
    --------
    >>> family_of("siege"), family_of("base")
    ('ground', 'control')
    """
    return spec_of(event_type).family


def types_in_layer(layer: str) -> tuple[str, ...]:
    """Event types drawn by a layer, in table order.

    Examples
    --------
    >>> types_in_layer("strikes")
    ('strike', 'shelling')
    """
    return tuple(t for t, s in EVENT_SPECS.items() if s.layer == layer)
