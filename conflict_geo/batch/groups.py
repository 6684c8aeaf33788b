"""Split events into named groups: one map per day, ISO week, month, admin1 or file.

Every event lands in exactly one group; none is dropped:

* by time (``day``, ``week``, ``month``), an event goes to the period holding
  its ``date``. An event whose date is only known to a coarser precision than
  the split (``date_precision`` ``week``, ``month`` or ``year``) goes to a
  group of that coarser period (``2016-03``, ``2016``) instead of being pinned
  to a day it may not belong to; an event with no date goes to ``undated``;
* by ``admin1``, per country and first-level division; events with no
  division go to ``<country>-no-admin1`` (``no-admin1`` without a country);
* by ``file``, one group per input (see :func:`file_groups`).

Group names are file names (``2016-03``, ``2016-W09``, ``sy-aleppo``): ASCII
letters, digits, ``.``, ``_`` and ``-``, at most :data:`MAX_NAME` characters,
never a name the batch writes itself (``index``, ``summary``) nor a reserved
device name, and unique even on a case-insensitive file system. Labels keep
the original text for display (escape them: they come from the input).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_NAME",
    "SPLIT_KEYS",
    "Group",
    "assign_groups",
    "file_groups",
    "safe_name",
    "split_events",
    "unique_names",
]

#: Values of ``--split-by``.
SPLIT_KEYS: tuple[str, ...] = ("day", "week", "month", "admin1", "file")
#: Longest group name (a hash of the full text keeps truncated names distinct).
MAX_NAME = 80

_LEVELS = {"day": 0, "week": 1, "month": 2, "year": 3}
_UNIT_NAMES = ("day", "week", "month", "year")
_RESERVED = frozenset(
    {"index", "summary", "con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_RUNS = re.compile(r"([._-])[._-]+")


@dataclass(frozen=True, slots=True)
class Group:
    """One map of a batch.

    Parameters
    ----------
    name : str
        File-system-safe name; the map is ``<name>.html``.
    label : str
        Human-readable description (untrusted text: escape it).
    sort : tuple
        Sort key; groups are listed and rendered in this order.
    """

    name: str
    label: str
    sort: tuple[Any, ...]


def _digest(text: str, n: int = 8) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:n]


def safe_name(text: str) -> str:
    """Return a file-system-safe, lower-case name for ``text``.

    Parameters
    ----------
    text : str
        Any text: a place name, a file stem (untrusted).

    Returns
    -------
    str
        Never empty, at most :data:`MAX_NAME` characters.

    Examples
    --------
    >>> safe_name("Deir ez-Zor")
    'deir-ez-zor'
    >>> safe_name("<img src=x onerror=alert(1)>")
    'img-src-x-onerror-alert-1'
    >>> safe_name("../../etc/passwd")
    'etc-passwd'
    >>> safe_name("index")
    'index-map'
    >>> safe_name("حلب")
    'group-e803fadb'
    """
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = _UNSAFE.sub("-", ascii_text.lower())
    slug = _RUNS.sub(r"\1", slug).strip("._-")
    if not slug:
        return f"group-{_digest(text)}"
    if len(slug) > MAX_NAME:
        slug = slug[: MAX_NAME - 9].rstrip("._-") + "-" + _digest(text)
    if slug.split(".")[0] in _RESERVED:
        slug += "-map"
    return slug


def unique_names(names: Iterable[str]) -> list[str]:
    """Make names unique (case-insensitively) by suffixing ``-2``, ``-3``, ...

    Parameters
    ----------
    names : iterable of str
        Candidate names, in group order (earlier names keep theirs).

    Returns
    -------
    list of str

    Examples
    --------
    >>> unique_names(["a", "b", "A", "a"])
    ['a', 'b', 'A-2', 'a-3']
    """
    taken: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{name}-{n}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


# -- by time -----------------------------------------------------------------


def _time_keys(events: pd.DataFrame, by: str) -> tuple[list[str], dict[str, Group]]:
    import numpy as np
    import pandas as pd

    split = _LEVELS[by]
    dates = pd.to_datetime(events["date"], errors="coerce").reset_index(drop=True)
    level = np.zeros(len(events), dtype=int)
    if "date_precision" in events:
        precision = events["date_precision"].astype("string").str.strip().str.lower()
        known = precision.isin(list(_LEVELS)).to_numpy(dtype=bool, na_value=False)
        level[known] = [_LEVELS[p] for p in precision[known]]
    unit = np.maximum(level, split)
    iso = dates.dt.isocalendar()
    week = (
        iso["year"].astype("Int64").astype("string")
        + "-W"
        + iso["week"].astype("Int64").astype("string").str.zfill(2)
    )
    texts = [
        dates.dt.strftime("%Y-%m-%d"),
        week,
        dates.dt.strftime("%Y-%m"),
        dates.dt.strftime("%Y"),
    ]
    # Groups sort by the last day of their period, finer periods first on a
    # tie: a month-only group follows the days of that month.
    ends = [
        dates,
        dates + pd.to_timedelta(6 - dates.dt.day_of_week, unit="D"),
        dates.dt.to_period("M").dt.end_time.dt.normalize(),
        dates.dt.to_period("Y").dt.end_time.dt.normalize(),
    ]
    dated = dates.notna().to_numpy()
    keys = np.full(len(events), "undated", dtype=object)
    end = np.full(len(events), "", dtype=object)
    for u in range(len(_UNIT_NAMES)):
        rows = dated & (unit == u)
        if rows.any():
            keys[rows] = texts[u][rows].astype(object).to_numpy()
            end[rows] = ends[u][rows].dt.strftime("%Y-%m-%d").to_numpy()
    groups: dict[str, Group] = {}
    for pos in pd.Series(keys).drop_duplicates().index:
        key = str(keys[pos])
        if not dated[pos]:
            groups[key] = Group(key, "undated (no date)", (1, "", 0))
            continue
        u = int(unit[pos])
        label = key if u == 0 else f"{_UNIT_NAMES[u]} {key}"
        if u > split:
            label += f" (date known only to the {_UNIT_NAMES[u]})"
        groups[key] = Group(key, label, (0, str(end[pos]), u))
    return [str(k) for k in keys], groups


# -- by first-level division -------------------------------------------------


def _admin1_keys(events: pd.DataFrame) -> tuple[list[str], dict[str, Group]]:
    def column(name: str) -> list[str]:
        if name not in events:
            return [""] * len(events)
        values = events[name].astype("string").str.strip()
        return values.where(values.notna(), "").tolist()

    keys: list[str] = []
    groups: dict[str, Group] = {}
    for country, admin1 in zip(column("country"), column("admin1"), strict=True):
        key = f"{country}\x00{admin1}"
        if key not in groups:
            cc = country.upper()
            if admin1:
                label = f"{admin1} ({cc})" if cc else admin1
                name = safe_name(f"{country}-{admin1}" if country else admin1)
                sort = (0, cc, admin1.casefold(), admin1)
            else:
                label = f"no admin1 ({cc})" if cc else "no admin1"
                name = f"{safe_name(country)}-no-admin1" if country else "no-admin1"
                sort = (1, cc, "", "")
            groups[key] = Group(name, label, sort)
        keys.append(key)
    return keys, groups


# -- entry points ------------------------------------------------------------


def _finalise(groups: dict[str, Group]) -> dict[str, Group]:
    """Sort groups and make their names unique; return them by key."""
    ordered = sorted(groups.items(), key=lambda item: (item[1].sort, item[0]))
    names = unique_names(group.name for _, group in ordered)
    return {
        key: Group(name, group.label, group.sort)
        for (key, group), name in zip(ordered, names, strict=True)
    }


def assign_groups(events: pd.DataFrame, by: str) -> tuple[list[str], list[Group]]:
    """Name the group of every event.

    Parameters
    ----------
    events : pandas.DataFrame
        An event table (``date``, ``date_precision``, ``country``, ``admin1``).
    by : {"day", "week", "month", "admin1"}
        How to split.

    Returns
    -------
    names : list of str
        The group name of each row, in row order.
    groups : list of Group
        The distinct groups, sorted: chronologically by the end of their
        period (finer periods first), undated last; by country and name.

    Raises
    ------
    ValueError
        For an unknown ``by`` (``file`` groups come from :func:`file_groups`).
    """
    if by in ("day", "week", "month"):
        keys, groups = _time_keys(events, by)
    elif by == "admin1":
        keys, groups = _admin1_keys(events)
    else:
        raise ValueError(f"cannot split events by {by!r}; use one of {SPLIT_KEYS}")
    final = _finalise(groups)
    return [final[k].name for k in keys], list(final.values())


def split_events(events: pd.DataFrame, by: str) -> list[tuple[Group, pd.DataFrame]]:
    """Split an event table into groups, keeping the row order within each.

    Parameters
    ----------
    events : pandas.DataFrame
        An event table.
    by : {"day", "week", "month", "admin1"}
        How to split.

    Returns
    -------
    list of (Group, DataFrame)
        In group order; the frames together hold every row exactly once.

    Examples
    --------
    >>> from conflict_geo.events.schema import events_frame
    >>> frame = events_frame([{"event_type": "strike", "date": "2016-03-05"},
    ...                       {"event_type": "clash", "date": None},
    ...                       {"event_type": "clash", "date": "2016-01-31"}])
    >>> [(g.name, len(part)) for g, part in split_events(frame, "month")]
    [('2016-01', 1), ('2016-03', 1), ('undated', 1)]
    """
    import numpy as np

    names, groups = assign_groups(events, by)
    rows: dict[str, list[int]] = {}
    for pos, name in enumerate(names):
        rows.setdefault(name, []).append(pos)
    return [
        (group, events.iloc[np.asarray(rows[group.name], dtype=np.intp)])
        for group in groups
    ]


def file_groups(paths: Sequence[str | PathLike[str]]) -> list[Group]:
    """One group per input file, named after the file.

    Parameters
    ----------
    paths : sequence of str or path-like
        The inputs, in order.

    Returns
    -------
    list of Group
        In input order; files with the same stem get ``-2``, ``-3`` suffixes.

    Examples
    --------
    >>> [g.name for g in file_groups(["a/fr_01.txt", "b/fr_01.txt", "index.csv"])]
    ['fr_01', 'fr_01-2', 'index-map']
    """
    paths = [Path(p) for p in paths]
    names = unique_names(safe_name(p.stem) for p in paths)
    return [
        Group(name, str(path), (i,))
        for i, (name, path) in enumerate(zip(names, paths, strict=True))
    ]
