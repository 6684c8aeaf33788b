"""The units of work an engine runs: load one input, render one map.

Task functions are plain module-level functions over small picklable
arguments, so that a process pool or a Dask cluster can run them, and they
never raise: a failure comes back as a result carrying its message, so one bad
input never stops the others.

* :func:`load_task` reads one input and returns its events or zones;
* :func:`render_task` draws one group of events and writes ``<name>.html``
  (and ``<name>_unmapped.csv`` when some events are not drawn), atomically,
  with stable element ids so the same group always gives the same bytes;
* :func:`file_task` does both for one input (``--split-by file``): the worker
  loads its own input and only numbers travel back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from collections import Counter
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from conflict_geo.batch.inputs import DISPATCH_SUFFIXES
from conflict_geo.batch.palette import zone_actors
from conflict_geo.batch.report import MapStats, count_reasons, embed_stats
from conflict_geo.exc import ConflictGeoError

__all__ = [
    "Loaded",
    "MapOptions",
    "RenderJob",
    "Rendered",
    "describe_error",
    "file_digest",
    "file_task",
    "group_digest",
    "load_task",
    "map_stats",
    "render_task",
    "unpinned_actors",
]


@dataclass(frozen=True, slots=True)
class MapOptions:
    """Options shared by every map of a run (see :class:`ConflictMap`).

    Parameters
    ----------
    title, subtitle : str, optional
        In a batch the title is followed by the group's label.
    offline : bool
        Self-contained HTML.
    basemap : str, optional
        xyzservices name or tile URL template.
    zone_radius_km : float
        Reach of a zone estimated around a claimed place.
    derive_zones : bool
        Turn control claims into estimated zones.
    actor_colors : tuple of (str, str)
        Zone colours by actor, the same on every map of a run (see
        :func:`~conflict_geo.batch.palette.batch_actor_colors`).
    density : bool, optional
        Density layers at low zoom (by default from 20,000 events on a map).
    cluster : bool
        Also clustered markers.
    choropleth : {"events", "fatalities"}, optional
        Also a choropleth by first-level division.
    fuse : bool
        One marker per incident: each map fuses the reports of its group.
    """

    title: str | None = None
    subtitle: str | None = None
    offline: bool = False
    basemap: str | None = None
    zone_radius_km: float = 30.0
    derive_zones: bool = True
    actor_colors: tuple[tuple[str, str], ...] = ()
    density: bool | None = None
    cluster: bool = False
    choropleth: str | None = None
    fuse: bool = False

    def kwargs(self, label: str | None = None) -> dict[str, Any]:
        """Keyword arguments for :class:`ConflictMap`.

        Parameters
        ----------
        label : str, optional
            Group label, appended to the title (or the title when none is set).

        Returns
        -------
        dict
        """
        title = self.title
        if label is not None:
            title = f"{title} — {label}" if title else label
        options: dict[str, Any] = {
            "title": title,
            "subtitle": self.subtitle,
            "offline": self.offline,
            "zone_radius_km": self.zone_radius_km,
            "derive_zones": self.derive_zones,
        }
        if self.basemap:
            options["basemap"] = self.basemap
        if self.actor_colors:
            options["actor_colors"] = dict(self.actor_colors)
        views = {"density": self.density, "choropleth": self.choropleth}
        options.update({k: v for k, v in views.items() if v is not None})
        if self.cluster:
            options["cluster"] = True
        if self.fuse:
            options["fuse"] = True
        return options


@dataclass(slots=True)
class Loaded:
    """One input, read (or not).

    Parameters
    ----------
    index : int
        Position in the input list.
    path : str
        The input, as given.
    kind : {"events", "zones"} or None
        None when the input failed.
    frame : GeoDataFrame or None
        The events or zones (None after a failure, or when not sent back).
    error : str or None
        Why the input failed; names the file.
    rows : int
        Rows read.
    unplaced : dict
        ``{reason: count}`` of the mentions text extraction could not place.
    row_problems : dict
        ``{reason: count}`` of rows kept with nulls (event files).
    """

    index: int
    path: str
    kind: str | None = None
    frame: Any = None
    error: str | None = None
    rows: int = 0
    unplaced: dict[str, int] = field(default_factory=dict)
    row_problems: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class RenderJob:
    """One map to draw.

    Parameters
    ----------
    name : str
        Group name: the map is ``<out_dir>/<name>.html``; also the seed of the
        element ids.
    label : str
        Group label (appended to the title).
    out_dir : str
        Folder to write to (absolute: workers may run elsewhere).
    options : MapOptions
        Map options.
    events : GeoDataFrame or None
        The group's events.
    zones : list of GeoDataFrame
        Zones drawn on every map.
    source : str
        Digest of what the map is drawn from (:func:`group_digest`,
        :func:`file_digest`), kept in the map for ``--skip-existing``.
    stats : MapStats, optional
        Statistics gathered before drawing (what loading the input found).
    """

    name: str
    label: str
    out_dir: str
    options: MapOptions
    events: Any = None
    zones: list[Any] = field(default_factory=list)
    source: str = ""
    stats: MapStats | None = None


@dataclass(slots=True)
class Rendered:
    """The outcome of one map.

    Parameters
    ----------
    name : str
        Group name.
    stats : MapStats or None
        None when the map failed.
    error : str or None
        Why the map failed.
    warnings : list of str
        Distinct warnings raised while drawing (shown once per run, not once
        per map).
    job : RenderJob, optional
        A map not drawn yet: it shows control zones and waits for the colours
        of the run (``--split-by file``, see :func:`file_task`).
    """

    name: str
    stats: MapStats | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    job: RenderJob | None = None


def _hasher(name: str, label: str, options: MapOptions) -> Any:
    digest = hashlib.blake2b(digest_size=16)
    # /2: maps carry the colours of their zones (MapStats.colors)
    for part in ("conflict-geo-batch/2", name, label, repr(options)):
        _feed(digest, part.encode("utf-8"))
    return digest


def _feed(digest: Any, data: bytes) -> None:
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


def _feed_frame(digest: Any, frame: Any) -> None:
    """Hash a (Geo)DataFrame's columns, types and values, not its index."""
    import pandas as pd

    if frame is None:
        _feed(digest, b"none")
        return
    _feed(digest, repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    geometry = getattr(frame, "_geometry_column_name", None)
    if geometry is not None and geometry in frame:
        for shape in frame[geometry].to_wkb():
            _feed(digest, shape or b"")
        frame = pd.DataFrame(frame.drop(columns=geometry))
    if frame.shape[1]:
        loose = [c for c, t in frame.dtypes.items() if pd.api.types.is_object_dtype(t)]
        if loose:  # lists, dicts ...: hashed through their text
            frame = frame.assign(**{str(c): frame[c].map(repr) for c in loose})
        hashes = pd.util.hash_pandas_object(frame, index=False)
        _feed(digest, hashes.to_numpy().tobytes())
    else:
        _feed(digest, str(len(frame)).encode())


def group_digest(job: RenderJob) -> str:
    """Return a digest of everything a group's map is drawn from.

    Two jobs with the same digest draw the same bytes, so ``--skip-existing``
    keeps a map only when the digest it carries is the job's: a map drawn
    from other events (inputs added or changed since), under another label
    or with other options is drawn again.

    Parameters
    ----------
    job : RenderJob
        Its name, label, options, events and zones are hashed.

    Returns
    -------
    str
        32 hexadecimal digits.
    """
    digest = _hasher(job.name, job.label, job.options)
    _feed_frame(digest, job.events)
    _feed(digest, str(len(job.zones)).encode())
    for zones in job.zones:
        _feed_frame(digest, zones)
    return digest.hexdigest()


def file_digest(
    path: str | PathLike[str], name: str, label: str, options: MapOptions
) -> str:
    """Return a digest of an input file's bytes and how its map is drawn.

    Used by ``--split-by file``: a kept map is checked against its input
    without extracting the input again.

    Parameters
    ----------
    path : str or path-like
        The input file.
    name, label : str
        The map's group name and label.
    options : MapOptions
        Map options.

    Returns
    -------
    str
        32 hexadecimal digits.

    Raises
    ------
    OSError
        When the file cannot be read.
    """
    digest = _hasher(name, label, options)
    with open(path, "rb") as handle:
        content = hashlib.file_digest(handle, "blake2b").digest()
    _feed(digest, content)
    return digest.hexdigest()


def describe_error(err: BaseException, what: str) -> str:
    """Return a one-line message for ``err`` that names ``what``.

    Parameters
    ----------
    err : BaseException
    what : str
        The input or map the error is about.

    Returns
    -------
    str
    """
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    if not isinstance(err, ConflictGeoError | OSError | ValueError):
        text = f"{type(err).__name__}: {text}" if text else type(err).__name__
    text = text or type(err).__name__
    return text if what in text else f"{what}: {text}"


def located(problems: list[dict[str, Any]], name: str) -> list[str]:
    """Reasons of row problems, each naming where the first of its kind is.

    ``bad best '1e30'`` in row 2 becomes ``bad best (u.csv line 3)``; a reason
    shared by several rows names the first (``no coordinates (u.csv, first at
    line 12)``), so the summary still counts them together.

    Examples
    --------
    >>> located([{"row": 2, "line": 3, "reason": "bad best '1e30'"}], "u.csv")
    ['bad best (u.csv line 3)']
    """
    keys = [next(iter(count_reasons([p.get("reason")]))) for p in problems]
    counts = Counter(keys)
    first: dict[str, str] = {}
    for key, p in zip(keys, problems, strict=True):
        if key not in first:
            first[key] = f"line {p['line']}" if p.get("line") else f"row {p.get('row')}"
    return [
        f"{key} ({name}, first at {first[key]})"
        if counts[key] > 1
        else f"{key} ({name} {first[key]})"
        for key in keys
    ]


def load_task(index: int, path: str, shown: str | None = None) -> Loaded:
    """Read one input; never raises.

    Parameters
    ----------
    index : int
        Position in the input list (returned as is).
    path : str
        The file to open.
    shown : str, optional
        The input as the user gave it, when ``path`` differs (an absolute
        path for a remote worker): events and messages name it, so the
        results do not depend on where the task ran.

    Returns
    -------
    Loaded
    """
    from conflict_geo.batch.load import load_input

    name = path if shown is None else shown
    try:
        kind, frame = load_input(path, source=name)
        problems = list(frame.attrs.get("unmapped") or [])
        frame.attrs.clear()
        dispatch = Path(path).suffix.lower() in DISPATCH_SUFFIXES
        reasons = count_reasons(
            [p.get("reason") for p in problems] if dispatch else located(problems, name)
        )
        return Loaded(
            index,
            name,
            kind,
            frame,
            rows=len(frame),
            unplaced=reasons if dispatch else {},
            row_problems={} if dispatch else reasons,
        )
    except Exception as err:  # one bad input must not stop the others
        message = describe_error(err, name).replace(path, name)
        return Loaded(index, name, error=message)


_UNACCOUNTED = "not drawn (no reason given)"


def _claims(frame: Any) -> int:
    """Count control claims (they are drawn as zones, not points)."""
    if frame is None or "event_type" not in frame:
        return 0
    return int((frame["event_type"].astype("string") == "control_change").sum())


def map_stats(cmap: Any, options: MapOptions, stats: MapStats) -> MapStats:
    """Fill ``stats`` with what ``cmap`` drew of its events.

    Every event is counted once: drawn as a point, drawn as a control zone
    (a claim), or not mapped with a reason (``"not drawn (no reason given)"``
    when the map did not say).

    Parameters
    ----------
    cmap : ConflictMap
        The map.
    options : MapOptions
        Its options.
    stats : MapStats
        Updated in place.

    Returns
    -------
    MapStats
        ``stats``.
    """
    from conflict_geo.layers.style import style_keys

    unmapped, events = cmap.unmapped, cmap.events
    stats.events = len(events)
    if "event_type" in events:  # by style: one-sided violence is not "other"
        kinds = style_keys(events)
        stats.types = {str(k): int(v) for k, v in kinds.value_counts().items()}
        stats.types = dict(sorted(stats.types.items()))
    if "fatalities" in events:
        deaths = events["fatalities"].astype("float64")
        if "aggregate" in events:  # roll-ups repeat the incidents they cover
            deaths = deaths[~events["aggregate"].fillna(False).astype(bool)]
        stats.fatalities = int(deaths.fillna(0).sum())
    stats.mapped = cmap.n_mapped
    stats.layers = {title: layer.n for title, layer in cmap.layers.items()}
    stats.not_mapped = count_reasons(unmapped["reason"]) if "reason" in unmapped else {}
    if len(unmapped) and not stats.not_mapped:
        stats.not_mapped = {"unknown reason": len(unmapped)}
    if options.derive_zones and stats.events:
        stats.as_zones = _claims(events) - _claims(unmapped)
    if cmap.zone_layer is not None:
        stats.colors = dict(sorted(cmap.zone_layer.colors.items()))
    rest = stats.events - stats.mapped - stats.as_zones - len(unmapped)
    if rest > 0:  # never lose an event silently
        stats.not_mapped[_UNACCOUNTED] = stats.not_mapped.get(_UNACCOUNTED, 0) + rest
    return stats


def _write_map(job: RenderJob, stats: MapStats | None = None) -> Rendered:
    from conflict_geo.batch.determinism import stable_ids
    from conflict_geo.maps.conflict_map import ConflictMap
    from conflict_geo.maps.export import unmapped_csv_text, write_atomic

    out = Path(job.out_dir)
    with stable_ids(job.name), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cmap = ConflictMap(
            job.events, zones=job.zones or None, **job.options.kwargs(job.label)
        )
        page = cmap.to_html()
    seen = dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught)
    stats = map_stats(cmap, job.options, stats or MapStats(job.name, job.label))
    stats.source = job.source
    unmapped = cmap.unmapped
    csv = out / f"{job.name}_unmapped.csv"
    if len(unmapped):
        write_atomic(csv, unmapped_csv_text(unmapped))
    else:
        csv.unlink(missing_ok=True)  # left by an earlier run of other input
    # The map last: an existing map means a complete group (see --skip-existing).
    write_atomic(out / stats.html, embed_stats(page, stats))
    return Rendered(job.name, stats, warnings=list(seen))


def render_task(job: RenderJob) -> Rendered:
    """Draw one group and write its map; never raises.

    Parameters
    ----------
    job : RenderJob

    Returns
    -------
    Rendered
    """
    try:
        return _write_map(job, job.stats)
    except Exception as err:
        return Rendered(job.name, error=describe_error(err, f"map {job.name}.html"))


def unpinned_actors(job: RenderJob) -> set[str]:
    """Return the actors a map would colour that the user gave no colour.

    Parameters
    ----------
    job : RenderJob
        The map: its events, zones and options.

    Returns
    -------
    set of str
    """
    options = job.options
    claims = job.events if options.derive_zones else None
    return zone_actors(claims, job.zones) - dict(options.actor_colors).keys()


def file_task(
    index: int,
    path: str,
    name: str,
    label: str,
    out_dir: str | PathLike[str],
    options: MapOptions,
    shown: str | None = None,
    palette: tuple[tuple[str, str], ...] | None = None,
) -> tuple[Loaded, Rendered]:
    """Load one input and draw it on its own map; never raises.

    Without ``palette``, a map that would show control zones of actors the
    user did not give a colour is not drawn here: its job comes back
    (``Rendered.job``) to be drawn once the run knows every actor and gives
    each one colour (:func:`~conflict_geo.batch.palette.batch_actor_colors`).

    Parameters
    ----------
    index : int
        Position in the input list.
    path : str
        The file to open.
    name : str
        Group name of the map.
    label : str
        Group label (the input as the user gave it).
    out_dir : str or path-like
        Folder to write to.
    options : MapOptions
        Map options (those the map's digest is made of).
    shown : str, optional
        The input as the user gave it, when ``path`` differs (see
        :func:`load_task`).
    palette : tuple of (str, str), optional
        Zone colours of the run: the map is drawn whatever actors it shows.

    Returns
    -------
    tuple of (Loaded, Rendered)
        ``Loaded.frame`` is dropped: only numbers travel back, and the events
        of a map waiting for the palette (in ``Rendered.job``).
    """
    try:  # before loading: a digest never describes newer bytes than were drawn
        source = file_digest(path, name, label, options)
    except OSError:
        source = ""  # the file cannot be read: load_task says why
    loaded = load_task(index, path, shown)
    if loaded.error is not None:
        return loaded, Rendered(name, error=loaded.error)
    frame, loaded.frame = loaded.frame, None
    stats = MapStats(
        name, label, unplaced=loaded.unplaced, row_problems=loaded.row_problems
    )
    job = RenderJob(name, label, str(out_dir), options, source=source, stats=stats)
    if loaded.kind == "zones":
        job.zones = [frame]
    else:
        job.events = frame
    if palette is not None:
        job.options = dataclasses.replace(options, actor_colors=palette)
    elif unpinned_actors(job):
        return loaded, Rendered(name, job=job)  # drawn with the run's palette
    return loaded, render_task(job)
