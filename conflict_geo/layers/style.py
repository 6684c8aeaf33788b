"""Colours, shapes and sizes shared by every layer and the legend.

Event colours are the Okabe-Ito palette (warm colours for violence, blues for
installations and clashes), chosen so that every pair of types stays apart for
readers with protanopia, deuteranopia or tritanopia (CIE76 distance >= 12 after
Machado et al.'s simulation, checked in ``tests/layers/test_style.py``), with one
pictogram shape per type on top, so the map also reads in greyscale print.
One-sided violence (UCDP type 3: an armed actor against civilians) has its own
style (:func:`style_keys`). Labels are those of the event type table
(:data:`~conflict_geo.events.types.EVENT_SPECS`), plus :data:`MAP_ONLY_LABELS`
for styles that are not event types. Actor colours come from a qualitative
palette in a stable order; a batch pins them across its maps (``actor_colors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from conflict_geo.events.types import EVENT_SPECS

__all__ = [
    "ACTOR_PALETTE",
    "DEFAULT_ROLES",
    "EVENT_STYLES",
    "MAP_ONLY_LABELS",
    "RADIUS",
    "ROLE_LABELS",
    "STATUS_STYLES",
    "SUB_TYPE_STYLES",
    "actor_colors",
    "event_style",
    "fatality_radius",
    "style_keys",
    "type_label",
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

#: Labels of the style keys that are not event types: UCDP's one-sided violence
#: is drawn as a type of its own (see :data:`SUB_TYPE_STYLES`). Event types are
#: named by :data:`~conflict_geo.events.types.EVENT_SPECS`.
MAP_ONLY_LABELS: dict[str, str] = {"one_sided": "One-sided violence"}

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


def type_label(key: str | None) -> str:
    """Name an event type, or a style key of its own, in legends and popups.

    Parameters
    ----------
    key : str or None
        An ``event_type`` or a key of :data:`MAP_ONLY_LABELS`; a type no
        table knows (a dataset's own vocabulary) is shown as it is.

    Returns
    -------
    str

    Examples
    --------
    >>> type_label("strike"), type_label("one_sided"), type_label("riot")
    ('Air strike', 'One-sided violence', 'riot')
    >>> type_label(None)
    'Event'
    """
    if key in MAP_ONLY_LABELS:
        return MAP_ONLY_LABELS[key]
    spec = EVENT_SPECS.get(key or "")
    return spec.label if spec is not None else key or "Event"


def style_keys(events: pd.DataFrame) -> pd.Series:
    """Return the style key of every event: its type, one-sided violence apart.

    The layers, the cluster markers and the batch chart all colour and name an
    event by this key, so one event has one colour and one label everywhere.

    Parameters
    ----------
    events : pandas.DataFrame
        Rows with ``event_type`` and, optionally, ``sub_type``.

    Returns
    -------
    pandas.Series
        Strings, ``"other"`` for a missing type; the index of ``events``.

    Examples
    --------
    >>> frame = pd.DataFrame({"event_type": ["other", "other", None],
    ...                       "sub_type": ["one-sided violence", None, None]})
    >>> style_keys(frame).tolist()
    ['one_sided', 'other', 'other']
    """
    if "event_type" not in events:
        return pd.Series("other", index=events.index, dtype=object)
    kinds = events["event_type"]
    keys = kinds.astype(object).where(kinds.notna(), "other").astype(str)
    if "sub_type" in events:
        subs = events["sub_type"].astype("string").fillna("").to_numpy(dtype=object)
        for (kind, sub), style in SUB_TYPE_STYLES.items():
            hit = (keys.to_numpy(dtype=object) == kind) & (subs == sub)
            if hit.any():
                keys = keys.mask(hit, style)
    return keys


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
