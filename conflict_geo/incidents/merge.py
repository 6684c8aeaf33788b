"""One incident from its reports: place, type, dates, tolls, actors, sources.

:func:`merge_reports` turns the rows :mod:`conflict_geo.incidents.cluster`
grouped into one row of the event schema:

* the place, its precision and the sentence of the most precise report;
* the type most reports give (a specific one over "bombardment"), its status;
* the dates from the earliest start to the latest end of the reports dated
  most finely;
* ``fatalities``: the latest report's toll by report date, the highest when
  dates tie or are missing (an undated report may be the latest);
* ``fatalities_history``: every distinct toll, the oldest first (tolls of
  undated reports go before the first later report with a higher toll: a
  toll rises as it is revised);
* the union of actors and sources, ``docs`` and ``reports``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from conflict_geo.events.types import GENERIC_SUB_TYPES

__all__ = ["DATE_PRECISIONS", "latest_value", "merge_reports", "toll_history"]

#: ``date_precision`` values, finest first.
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
#: Precision given to a report with none (coarser than a country).
_NO_PRECISION = 9

Dates = tuple[int, int] | None


def _precision(row: dict[str, Any]) -> int:
    value = row.get("precision")
    return _NO_PRECISION if value is None else int(value)


def latest_value(values: Sequence[int | None], dates: Sequence[Dates]) -> int | None:
    """Pick the value of the latest report; the highest when dates tie or lack.

    Parameters
    ----------
    values : sequence of int or None
        One per report (None: the report gives none).
    dates : sequence of (int, int) or None
        Each report's date as first and last day (None: undated).

    Returns
    -------
    int or None
        Position in ``values`` of the chosen value (None when none is given).

    Examples
    --------
    >>> latest_value([16, 22, 26, 35], [None, (10, 10), None, (11, 11)])
    3
    >>> latest_value([54, 47], [(5, 5), (5, 5)])
    0
    """
    given = [i for i, v in enumerate(values) if v is not None]
    if not given:
        return None
    known = [dates[i] for i in given if dates[i] is not None]
    latest = max((d[0] for d in known), default=None)
    pool = [
        i
        for i in given
        if latest is None or dates[i] is None or dates[i][1] >= latest  # type: ignore[index]
    ]
    return max(pool, key=lambda i: (values[i], -i))


def toll_history(
    tolls: Sequence[Sequence[int]], dates: Sequence[Dates]
) -> tuple[int, ...]:
    """Order every distinct toll of an incident, the oldest first.

    Parameters
    ----------
    tolls : sequence of sequence of int
        Each report's tolls, its oldest first (its last is its own toll).
    dates : sequence of (int, int) or None
        Each report's date (None: undated).

    Returns
    -------
    tuple of int
        Tolls of dated reports by date (then by value); each toll of an
        undated report goes before the first later toll above it.

    Examples
    --------
    >>> toll_history([[16], [22], [26], [35]], [None, (10, 10), None, (11, 11)])
    (16, 22, 26, 35)
    """
    dated = sorted(
        (d[0], t[-1], list(t)) for t, d in zip(tolls, dates, strict=True) if d and t
    )
    out: list[int] = [v for *_, told in dated for v in told]
    for told in sorted(list(t) for t, d in zip(tolls, dates, strict=True) if not d):
        for v in told:
            at = next((k for k, w in enumerate(out) if w > v), len(out))
            out.insert(at, v)
    return tuple(dict.fromkeys(out))


def _tolls_of(row: dict[str, Any]) -> list[int]:
    history = row.get("fatalities_history")
    if history:
        return [int(v) for v in history]
    given = (row.get("fatalities_earlier"), row.get("fatalities"))
    return [int(v) for v in dict.fromkeys(v for v in given if v is not None)]


def _kind(rows: list[dict[str, Any]], best: dict[str, Any]) -> tuple[str, Any, Any]:
    """Type most reports give (specific over generic), its sub-type and status."""
    specific = [r for r in rows if r.get("sub_type") not in GENERIC_SUB_TYPES]
    pool = specific or rows
    votes = Counter(r.get("event_type") or "other" for r in pool)
    first = best.get("event_type") or "other"
    event_type = max(votes, key=lambda t: (votes[t], t == first, t))
    same = sorted(
        (r for r in pool if (r.get("event_type") or "other") == event_type),
        key=_precision,
    )
    sub_type = next((r.get("sub_type") for r in same if r.get("sub_type")), None)
    statuses = Counter(r.get("status") for r in same if r.get("status"))
    first_status = same[0].get("status")
    status = max(
        statuses, key=lambda s: (statuses[s], s == first_status, s), default=None
    )
    return event_type, sub_type, status


def _dates(rows: list[dict[str, Any]], days: list[Dates]) -> dict[str, Any]:
    """Return the date range of the reports dated most finely."""
    rank = {p: n for n, p in enumerate(DATE_PRECISIONS)}
    dated = [
        (rank.get(r.get("date_precision") or "", len(rank)), d, r)
        for r, d in zip(rows, days, strict=True)
        if d is not None
    ]
    if not dated:
        return {"date": None, "date_end": None, "date_precision": ""}
    finest = min(k for k, _, _ in dated)
    chosen = [(d, r) for k, d, r in dated if k == finest]
    first = min(chosen, key=lambda x: x[0][0])
    end = max(d[1] for d, _ in chosen)
    return {
        "date": first[1].get("date"),
        "date_end": _day(end) if end > first[0][0] else None,
        "date_precision": first[1].get("date_precision") or "",
    }


def _day(days: int) -> str:
    import datetime

    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()


def _union(values: Any, sep: str) -> str | None:
    names: list[str] = []
    for value in values:
        for name in (value or "").split(sep):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return sep.join(names) or None


def merge_reports(
    rows: list[dict[str, Any]],
    event_days: list[Dates],
    report_days: list[Dates],
    docs: Sequence[str],
    incident_id: str,
) -> dict[str, Any]:
    """Make one row of the event schema from the reports of an incident.

    Parameters
    ----------
    rows : list of dict
        The reports, as schema records, in the canonical order.
    event_days : list of (int, int) or None
        Each report's event date as first and last day (days since 1970).
    report_days : list of (int, int) or None
        When each report was published (its document's date when known, else
        its event date).
    docs : sequence of str
        The documents or dataset rows that report it, sorted.
    incident_id : str
        The incident's id (also its ``event_id``).

    Returns
    -------
    dict
        A record for :func:`~conflict_geo.events.schema.events_frame`.
    """
    best = min(rows, key=_precision)
    event_type, sub_type, status = _kind(rows, best)
    chosen = latest_value([r.get("fatalities") for r in rows], report_days)
    told = rows[chosen] if chosen is not None else best
    history = toll_history([_tolls_of(r) for r in rows], report_days)
    earlier = None
    if chosen is not None and told["fatalities"] in history:
        at = history.index(told["fatalities"])
        earlier = history[at - 1] if at else told.get("fatalities_earlier")
    hurt = latest_value([r.get("injured") for r in rows], report_days)
    notes = [f"reported by {len(docs)} reports"] if len(docs) > 1 else []
    if len(history) > 1:
        notes.append("tolls reported: " + " → ".join(map(str, history)))
    notes += [n for n in dict.fromkeys(r.get("notes") for r in rows) if n]
    sets = sorted({r.get("dataset") or "text" for r in rows})
    return {
        **{k: best.get(k) for k in ("place", "country", "admin1", "lat", "lon")},
        "precision": best.get("precision"),
        "event_id": incident_id,
        "incident_id": incident_id,
        "dataset": "+".join(sets),
        "event_type": event_type,
        "sub_type": sub_type,
        "status": status,
        "aggregate": best.get("aggregate"),
        "fatalities": told.get("fatalities") if chosen is not None else None,
        "fatalities_low": told.get("fatalities_low") if chosen is not None else None,
        "fatalities_high": told.get("fatalities_high") if chosen is not None else None,
        "fatalities_earlier": earlier,
        "fatalities_history": history or None,
        "injured": rows[hurt].get("injured") if hurt is not None else None,
        "actor": _union((r.get("actor") for r in rows), " and "),
        "target": next((r.get("target") for r in rows if r.get("target")), None),
        "source": _union((r.get("source") for r in rows), ", "),
        **_dates(rows, event_days),
        **{k: told.get(k) for k in ("sentence", "doc", "start", "end", "evidence")},
        "confidence": max(
            (r["confidence"] for r in rows if r.get("confidence") is not None),
            default=None,
        ),
        "notes": "; ".join(notes) or None,
        "reports": len(docs),
        "docs": tuple(docs),
    }
