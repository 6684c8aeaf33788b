"""One colour per actor on every map of a batch.

A map colours the actors holding its control zones in their sorted order, so
on its own one actor would change colour from one monthly map to the next. A
batch gives every actor that may hold a zone in the run one colour for all its
maps (the user's ``actor_colors`` pinned):

* ``--split-by day|week|month|admin1``: the driver has every event before any
  map is drawn;
* ``--split-by file``: a map that would show zones of actors the user gave no
  colour waits (:func:`~conflict_geo.batch.tasks.file_task`) until every input
  is read; its events travel back to the driver and out again. Maps kept by
  ``--skip-existing`` say which colours they show (``MapStats.colors``) and
  are drawn again when the run's colours differ.
"""

from __future__ import annotations

from typing import Any

__all__ = ["batch_actor_colors", "zone_actors"]


def zone_actors(events: Any = None, zones: Any = ()) -> set[str]:
    """Return the actors that may hold a control zone on a map.

    Parameters
    ----------
    events : pandas.DataFrame, optional
        Events (control claims carry the holder in ``actor``).
    zones : iterable of pandas.DataFrame, optional
        User zone tables (``actors`` lists, else ``actor``).

    Returns
    -------
    set of str
    """
    names: set[str] = set()
    if events is not None and "actor" in events and "event_type" in events:
        claims = events.loc[events["event_type"].astype("string") == "control_change"]
        names.update(str(a) for a in claims["actor"].dropna().unique())
    for table in zones:
        column = "actors" if "actors" in table else "actor"
        for value in table[column].dropna() if column in table else ():
            if isinstance(value, str) or not hasattr(value, "__iter__"):
                names.add(str(value))
            else:  # a contested zone: every claimant
                names.update(str(a) for a in value)
    return names


def batch_actor_colors(
    events: Any = None, zones: Any = (), pinned: Any = None, *, names: Any = ()
) -> tuple[tuple[str, str], ...]:
    """Give every actor that may hold a zone in a run one colour for all maps.

    Without this each map colours the actors it holds in their sorted order,
    so one actor would change colour from one monthly map to the next.

    Parameters
    ----------
    events : pandas.DataFrame, optional
        Every event of the run (control claims carry the holder in ``actor``).
    zones : iterable of pandas.DataFrame, optional
        User zone tables.
    pinned : mapping, optional
        Colours fixed by the user (``actor_colors``).
    names : iterable of str, optional
        More actors (those of maps already drawn).

    Returns
    -------
    tuple of (str, str)
        ``(actor, colour)`` pairs, sorted.
    """
    from conflict_geo.layers.style import actor_colors

    every = zone_actors(events, zones) | {str(n) for n in names}
    return tuple(sorted(actor_colors(every, dict(pinned or {})).items()))
