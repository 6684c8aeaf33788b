"""Colours, shapes and sizes shared by every layer and the legend.

Event colours are the Okabe-Ito palette (warm colours for violence, blues for
installations and clashes), chosen so that every pair of types stays apart for
readers with protanopia, deuteranopia or tritanopia (CIE76 distance >= 12 after
Machado et al.'s simulation, checked in ``tests/layers/test_style.py``), with one
pictogram shape per type on top, so the map also reads in greyscale print.
One-sided violence (UCDP type 3: an armed actor against civilians) has its own
style. Actor colours come from a qualitative palette in a stable order; a batch
pins them across its maps (``actor_colors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "ACTOR_PALETTE",
    "DEFAULT_ROLES",
    "EVENT_LABELS",
    "EVENT_STYLES",
    "RADIUS",
    "ROLE_LABELS",
    "STATUS_STYLES",
    "SUB_TYPE_STYLES",
    "actor_colors",
    "event_style",
    "fatality_radius",
]

#: ``event_type`` -> ``{"color", "shape"}``; shapes are drawn by the JS runtime.
EVENT_STYLES: dict[str, dict[str, str]] = {
    "strike": {"color": "#d55e00", "shape": "circle"},
    "shelling": {"color": "#e69f00", "shape": "square"},
    "offensive": {"color": "#cc79a7", "shape": "triangle"},
    "clash": {"color": "#0072b2", "shape": "diamond"},
    "siege": {"color": "#000000", "shape": "hexagon"},
    "one_sided": {"color": "#882255", "shape": "triangle"},
    "base": {"color": "#56b4e9", "shape": "star"},
    "control_change": {"color": "#009e73", "shape": "square"},
    "other": {"color": "#bbbbbb", "shape": "circle"},
}

#: Human labels for the legend and popups.
EVENT_LABELS: dict[str, str] = {
    "strike": "Strike",
    "shelling": "Shelling",
    "offensive": "Offensive",
    "clash": "Clash",
    "siege": "Siege",
    "one_sided": "One-sided violence",
    "base": "Base",
    "control_change": "Control change",
    "other": "Other",
}

#: ``sub_type`` values drawn with a style of their own: (event_type, sub_type)
#: -> style key. UCDP's type 3 arrives as ``other`` / ``one-sided violence``.
SUB_TYPE_STYLES: dict[tuple[str, str], str] = {
    ("other", "one-sided violence"): "one_sided",
}

#: Popup labels of the ``actor`` and ``target`` columns by ``dataset``: UCDP's
#: dyad sides and ACLED's actors say nothing of who acted in an event.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "ucdp": ("Side A", "Side B"),
    "acled": ("Actor 1", "Actor 2"),
}
#: Labels when the data says who acted (events extracted from text).
DEFAULT_ROLES: tuple[str, str] = ("Actor", "Target")

#: Style changes by ``status``: planned dashed, done grey.
STATUS_STYLES: dict[str, dict[str, object]] = {
    "planned": {"dash": True, "fill": "#ffffff"},
    "done": {"color": "#8c8c8c"},
}

#: Marker radius in pixels: ``base + k * sqrt(fatalities)``, capped at ``max``.
RADIUS: dict[str, float] = {"base": 4.0, "k": 2.2, "max": 28.0, "unknown": 5.0}

#: Qualitative palette for actors (ColorBrewer Dark2 + Set1, no red/orange
#: clashes with strike colours first).
ACTOR_PALETTE: tuple[str, ...] = (
    "#1b9e77",
    "#555555",
    "#7570b3",
    "#e6ab02",
    "#66a61e",
    "#e7298a",
    "#a6761d",
    "#377eb8",
    "#984ea3",
    "#4daf4a",
    "#999999",
    "#f781bf",
)


def event_style(event_type: str | None) -> dict[str, str]:
    """Return the colour and shape for an event type.

    Parameters
    ----------
    event_type : str or None
        One of :data:`conflict_geo.events.schema.EVENT_TYPES`; anything else
        gets the ``other`` style.

    Returns
    -------
    dict
        ``{"color": ..., "shape": ...}``.

    Examples
    --------
    >>> event_style("strike")["shape"]
    'circle'
    >>> event_style("nonsense") == EVENT_STYLES["other"]
    True
    """
    return dict(EVENT_STYLES.get(event_type or "other", EVENT_STYLES["other"]))


def fatality_radius(fatalities: float | None) -> float:
    """Marker radius in pixels for a death toll (square-root scale).

    Parameters
    ----------
    fatalities : float or None
        Best estimate; ``None`` or NaN gives the "unknown" radius.

    Returns
    -------
    float
        Radius in CSS pixels, the same formula as the browser runtime.

    Examples
    --------
    >>> fatality_radius(0)
    4.0
    >>> round(fatality_radius(35), 1)
    17.0
    """
    if fatalities is None or fatalities != fatalities:
        return RADIUS["unknown"]
    return min(RADIUS["max"], RADIUS["base"] + RADIUS["k"] * float(fatalities) ** 0.5)


def actor_colors(
    actors: Iterable[str], overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Give each actor a colour, stable for a given set of actors.

    Parameters
    ----------
    actors : iterable of str
        Actor names (duplicates and empty names are ignored).
    overrides : mapping, optional
        Fixed colours for some actors.

    Returns
    -------
    dict
        Actor -> CSS colour, in sorted actor order.

    Examples
    --------
    >>> actor_colors(["IS", "Kurdish militias", "IS"])
    {'IS': '#1b9e77', 'Kurdish militias': '#555555'}
    """
    overrides = dict(overrides or {})
    names = sorted({a for a in actors if a})
    free = [c for c in ACTOR_PALETTE if c not in overrides.values()] or list(
        ACTOR_PALETTE
    )
    out: dict[str, str] = {}
    k = 0
    for name in names:
        if name in overrides:
            out[name] = overrides[name]
        else:
            out[name] = free[k % len(free)]
            k += 1
    return out
