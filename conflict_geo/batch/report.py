"""What a batch run did: per-map statistics and the run summary.

Each map written by a batch carries its :class:`MapStats` in a ``<meta>`` tag
(:func:`embed_stats`), so a map is complete and self-describing in one
atomically written file: a resumed run (``--skip-existing``) reads the
numbers of the maps it keeps back from them (:func:`read_stats`) and its
index and summary still cover every map.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_REASONS",
    "STATS_META",
    "BatchReport",
    "Failure",
    "MapStats",
    "count_reasons",
    "embed_stats",
    "merge_counts",
    "read_stats",
]

#: ``name`` of the ``<meta>`` tag holding a map's statistics.
STATS_META = "conflict-geo-batch"
_META = re.compile(
    rb'(\n    )?<meta name="' + STATS_META.encode() + rb'" content="([^"]*)"'
    rb'(?: data-page-sha256="([0-9a-f]{64})")?>(\n)?'
)
_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.I)
_HEAD_BYTES = 1 << 18
#: Reasons printed per section of the run summary (all are in summary.json).
MAX_REASONS = 8
_QUOTED_VALUE = re.compile(r"""\s+(?:'[^']*'|"[^"]*")(?=\s|$).*$""", re.S)


def count_reasons(reasons: Iterable[Any]) -> dict[str, int]:
    """Count reasons, most frequent first (ties by text), values stripped.

    A quoted value at the end (``bad date '2016-13-01'``) is dropped, so the
    same problem counts once whatever the value.

    Parameters
    ----------
    reasons : iterable
        Reason strings (``None``/NaN count as ``"unknown reason"``).

    Returns
    -------
    dict
        ``{reason: count}`` in a deterministic order.

    Examples
    --------
    >>> count_reasons(["bad date '2016-13-01'", "no coordinates", "bad date 'x'"])
    {'bad date': 2, 'no coordinates': 1}
    """
    counts: Counter[str] = Counter()
    for reason in reasons:
        text = "" if reason is None or reason != reason else str(reason)
        text = _QUOTED_VALUE.sub("", text).strip() or "unknown reason"
        counts[text] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def merge_counts(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Add ``{reason: count}`` mappings; most frequent first.

    Parameters
    ----------
    counts : iterable of mapping

    Returns
    -------
    dict
    """
    total: Counter[str] = Counter()
    for item in counts:
        total.update(item)
    return dict(sorted(total.items(), key=lambda item: (-item[1], item[0])))


@dataclass(slots=True)
class MapStats:
    """Numbers of one map of a batch.

    Parameters
    ----------
    name : str
        Group name; the map is ``<name>.html``.
    label : str
        What the map shows (a period, a division, an input file).
    events : int
        Events in the group.
    mapped : int
        Events drawn as points (strikes, offensives, bases, clashes ...).
    as_zones : int
        Control claims drawn as estimated control zones.
    not_mapped : dict
        ``{reason: count}`` of the events not drawn.
    layers : dict
        ``{layer title: features drawn}``.
    unplaced : dict
        ``--split-by file`` only: ``{reason: count}`` of the mentions the text
        extractor could not place.
    row_problems : dict
        ``--split-by file`` only: ``{reason: count}`` of the rows of an event
        file kept with nulls (bad dates, numbers, coordinates).
    source : str
        Digest of what the map was drawn from (its events or input file, its
        name, label and options; see :func:`~conflict_geo.batch.tasks.group_digest`):
        ``--skip-existing`` keeps a map only when it is unchanged.
    kept : bool
        The map was left as an earlier run wrote it (``--skip-existing``).
    types : dict
        ``{event_type: events}`` of the group (the index chart).
    fatalities : int
        Best-estimate deaths of the group's events (roll-ups left out).
    colors : dict
        ``{actor: colour}`` of the control zones drawn (a batch gives an actor
        one colour on every map).
    """

    name: str
    label: str
    events: int = 0
    mapped: int = 0
    as_zones: int = 0
    not_mapped: dict[str, int] = field(default_factory=dict)
    layers: dict[str, int] = field(default_factory=dict)
    unplaced: dict[str, int] = field(default_factory=dict)
    row_problems: dict[str, int] = field(default_factory=dict)
    source: str = ""
    kept: bool = False
    types: dict[str, int] = field(default_factory=dict)
    fatalities: int = 0
    colors: dict[str, str] = field(default_factory=dict)

    @property
    def html(self) -> str:
        """File name of the map."""
        return f"{self.name}.html"

    @property
    def n_not_mapped(self) -> int:
        """Number of events not drawn."""
        return sum(self.not_mapped.values())

    def to_dict(self) -> dict[str, Any]:
        """Return the statistics as plain JSON values (``kept`` left out).

        Returns
        -------
        dict
        """
        data = asdict(self)
        data.pop("kept")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MapStats:
        """Build statistics from :meth:`to_dict` output.

        Parameters
        ----------
        data : mapping

        Returns
        -------
        MapStats
        """
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known.pop("kept", None)
        return cls(**known)


def _json(data: Any) -> str:
    """Compact JSON safe inside HTML attributes and comments (no ``<>&'``)."""
    # Keys keep their order (fields, then layers as drawn and reasons by count,
    # both deterministic): read back, the stats are equal *and* list the same.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    for char in "<>&'":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def embed_stats(page: str, stats: MapStats) -> str:
    """Insert ``stats`` as a ``<meta>`` tag in an HTML page's head.

    The tag goes after the page's charset declaration (which must stay within
    the first 1024 bytes), else at the top of the head.

    Parameters
    ----------
    page : str
        A standalone HTML page.
    stats : MapStats

    Returns
    -------
    str
    """
    content = html.escape(_json(stats.to_dict()))
    digest = hashlib.sha256(page.encode("utf-8")).hexdigest()
    tag = f'<meta name="{STATS_META}" content="{content}" data-page-sha256="{digest}">'
    head = page[:_HEAD_BYTES]
    match = _CHARSET.search(head[:4096]) or re.search(r"<head[^>]*>", head, re.I)
    if match is None:
        return f"{tag}\n{page}"
    return f"{page[: match.end()]}\n    {tag}{page[match.end() :]}"


def read_stats(path: str | PathLike[str]) -> MapStats | None:
    """Read the statistics of a map written by a batch run.

    Parameters
    ----------
    path : str or path-like
        An HTML file.

    Returns
    -------
    MapStats or None
        ``None`` when the file is missing, unreadable, incomplete (no closing
        ``</html>``), damaged (its bytes no longer match the SHA-256 written
        with the statistics) or was not written by a batch run.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    match = _META.search(data[:_HEAD_BYTES])
    if match is None or b"</html>" not in data[-256:].lower():
        return None
    # the page as drawn, without the tag: a map damaged anywhere is not complete
    start, end = match.span()
    tag_end = end - len(match.group(4) or b"")
    if match.group(1) is None:  # inserted as "<tag>\n" before the page
        page = data[:start] + data[tag_end + 1 :]
    else:  # inserted as "\n    <tag>" inside the head
        page = data[:start] + data[tag_end:]
    if match.group(3) is None:
        return None  # written before pages carried their digest: draw it again
    if hashlib.sha256(page).hexdigest() != match.group(3).decode():
        return None
    try:
        stats = json.loads(html.unescape(match.group(2).decode("utf-8")))
        return MapStats.from_dict(stats)
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, or a map that could not be written.

    Parameters
    ----------
    what : str
        The input (as given) or the map's group name.
    message : str
        Why; names the file.
    stage : str
        ``"input"`` or ``"map"``.
    """

    what: str
    message: str
    stage: str = "input"


@dataclass(slots=True)
class BatchReport:
    """Everything a batch run produced, in group order.

    Parameters
    ----------
    inputs : list of str
        The input files, as expanded.
    maps : list of MapStats
        The maps written or kept, in group order.
    failures : list of Failure
        Inputs and maps that failed, in input/group order.
    unplaced : dict
        ``{reason: count}`` of the mentions text extraction could not place.
    row_problems : dict
        ``{reason: count}`` of event-file rows kept with nulls.
    split_by : str or None
        How the events were split (None: one map).
    warnings : list of str
        Distinct warnings raised while drawing the maps.
    """

    inputs: list[str] = field(default_factory=list)
    maps: list[MapStats] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    unplaced: dict[str, int] = field(default_factory=dict)
    row_problems: dict[str, int] = field(default_factory=dict)
    split_by: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input and no map failed."""
        return not self.failures

    @property
    def written(self) -> int:
        """Maps written by this run."""
        return sum(not m.kept for m in self.maps)

    @property
    def kept(self) -> int:
        """Maps left from an earlier run (``--skip-existing``)."""
        return sum(m.kept for m in self.maps)

    @property
    def events(self) -> int:
        """Events in all maps."""
        return sum(m.events for m in self.maps)

    @property
    def mapped(self) -> int:
        """Events drawn as points in all maps."""
        return sum(m.mapped for m in self.maps)

    @property
    def as_zones(self) -> int:
        """Control claims drawn as estimated zones in all maps."""
        return sum(m.as_zones for m in self.maps)

    @property
    def not_mapped(self) -> dict[str, int]:
        """``{reason: count}`` of the events not drawn, over all maps."""
        return merge_counts(m.not_mapped for m in self.maps)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON values (``summary.json``).

        What this run drew and what it kept from an earlier one
        (``--skip-existing``) is left out, so a resumed run leaves the same
        bytes as one that was never interrupted; :meth:`summary_lines` tells.

        Returns
        -------
        dict
        """
        return {
            "split_by": self.split_by,
            "inputs": len(self.inputs),
            "maps": len(self.maps),
            "events": self.events,
            "events_mapped": self.mapped,
            "events_as_zones": self.as_zones,
            "events_not_mapped": sum(self.not_mapped.values()),
            "not_mapped_reasons": self.not_mapped,
            "unplaced_mentions": self.unplaced,
            "input_row_problems": self.row_problems,
            "failures": [asdict(f) for f in self.failures],
            "map_stats": [m.to_dict() for m in self.maps],
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as indented JSON text, in a deterministic order.

        Returns
        -------
        str
        """
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def summary_lines(self, max_reasons: int | None = MAX_REASONS) -> list[str]:
        """Return the summary printed at the end of a run.

        Parameters
        ----------
        max_reasons : int or None, default :data:`MAX_REASONS`
            Reasons listed per section, most frequent first; the rest are
            counted on one line (``summary.json`` and ``index.html`` list
            them all). None lists every reason.

        Returns
        -------
        list of str
        """
        maps = f"{len(self.maps)} map{'s' if len(self.maps) != 1 else ''}"
        if self.kept:
            maps += f" ({self.written} written, {self.kept} kept from an earlier run)"
        else:
            maps += " written"
        not_mapped = self.not_mapped
        zones = f", {self.as_zones} as control zones" if self.as_zones else ""
        lines = [
            f"summary: {len(self.inputs)} input(s), {maps}; "
            f"{self.events} events, {self.mapped} mapped{zones}, "
            f"{sum(not_mapped.values())} not mapped"
        ]
        for title, counts in (
            ("events not mapped, by reason", not_mapped),
            ("mentions text extraction could not place", self.unplaced),
            ("input rows kept with problems", self.row_problems),
        ):
            if counts:
                lines.append(f"  {title}:")
                items = list(counts.items())
                shown = items if max_reasons is None else items[:max_reasons]
                lines.extend(f"    {n:>7}  {reason}" for reason, n in shown)
                if len(shown) < len(items):
                    rest = items[len(shown) :]
                    lines.append(
                        f"    {sum(n for _, n in rest):>7}  ({len(rest)} other reasons)"
                    )
        if self.failures:
            lines.append(f"  failed: {len(self.failures)}")
        return lines
