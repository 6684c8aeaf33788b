"""The batch pipeline: inputs -> load -> split -> render -> index and summary.

:func:`run_batch` is what ``conflict-geo render --split-by ...`` runs:

1. expand the INPUT arguments into a sorted file list
   (:func:`~conflict_geo.batch.inputs.expand_inputs`);
2. ``--split-by file``: one task per input loads it and draws its map in the
   worker (:func:`~conflict_geo.batch.tasks.file_task`); nothing but numbers
   travels back, except the events of maps showing control zones of actors
   without a colour: those are drawn in a second round, once every input is
   read, so that an actor has one colour on every map
   (:mod:`~conflict_geo.batch.palette`);
3. otherwise: load every input (:func:`load_inputs`), concatenate the events
   in input order, split them into groups
   (:func:`~conflict_geo.batch.groups.split_events`) and draw one map per group
   (:func:`~conflict_geo.batch.tasks.render_task`); zones files are drawn on
   every map;
4. write ``index.html`` (:func:`~conflict_geo.batch.index.write_index`) and
   ``summary.json``.

Tasks run on an engine (:mod:`conflict_geo.batch.engines`); results are put
back in input/group order, so the output does not depend on the engine, the
number of workers or which task finished first. With ``skip_existing`` a
group whose map a previous run completed is not drawn again; its numbers are
read back from the map (:func:`~conflict_geo.batch.report.read_stats`). A
map is kept only when it was drawn from the same events (or input file),
label and options as the run would draw it now (see
:func:`~conflict_geo.batch.tasks.group_digest`): adding inputs or changing
``--title`` between two runs redraws what changed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from conflict_geo.batch.engines import Engine, LocalEngine
from conflict_geo.batch.groups import file_groups, split_events
from conflict_geo.batch.index import write_index
from conflict_geo.batch.inputs import expand_inputs
from conflict_geo.batch.palette import batch_actor_colors
from conflict_geo.batch.report import (
    BatchReport,
    Failure,
    MapStats,
    merge_counts,
    read_stats,
)
from conflict_geo.batch.tasks import (
    Loaded,
    MapOptions,
    Rendered,
    RenderJob,
    describe_error,
    file_digest,
    file_task,
    group_digest,
    load_task,
    render_task,
    unpinned_actors,
)
from conflict_geo.exc import OutputError

__all__ = ["INDEX", "SUMMARY", "load_inputs", "run_batch", "track"]

#: File names a batch writes besides the maps.
INDEX = "index.html"
SUMMARY = "summary.json"

T = TypeVar("T")


def track(
    items: Iterable[T], total: int, desc: str, enabled: bool, unit: str = "it"
) -> Iterator[T]:
    """Show a progress bar on stderr while iterating (tqdm, when installed).

    Parameters
    ----------
    items : iterable
        What to iterate over.
    total : int
        Expected number of items.
    desc : str
        Bar label.
    enabled : bool
        False: iterate silently.
    unit : str
        Unit name shown in the bar.

    Yields
    ------
    object
        The items, unchanged.
    """
    if not enabled or total == 0:
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:  # the ``batch`` extra is missing: a plain counter
        step = max(1, total // 20)
        for done, item in enumerate(items, start=1):
            if done % step == 0 or done == total:
                print(f"{desc}: {done}/{total} {unit}s", file=sys.stderr, flush=True)
            yield item
        return
    with tqdm(total=total, desc=desc, unit=f" {unit}", file=sys.stderr) as bar:
        for item in items:
            bar.update(1)
            yield item


def _worker_path(path: Path, engine: Engine) -> str:
    """Return the path a worker opens: absolute on a remote Dask cluster."""
    if getattr(engine, "scheduler", None):
        return os.path.abspath(path)
    return str(path)


def load_inputs(
    paths: Sequence[str | PathLike[str]],
    engine: Engine | None = None,
    *,
    progress: bool = False,
) -> list[Loaded]:
    """Read every input on ``engine``; failures come back as results.

    Parameters
    ----------
    paths : sequence of str or path-like
        Input files.
    engine : Engine, optional
        Where to run; this process by default.
    progress : bool, default False
        Show a progress bar.

    Returns
    -------
    list of Loaded
        In input order; ``Loaded.path`` is the input as given.
    """
    engine = engine or LocalEngine(1)
    items = [(i, _worker_path(Path(p), engine), str(p)) for i, p in enumerate(paths)]
    out: list[Loaded | None] = [None] * len(items)
    for pos, result in track(
        engine.map(load_task, items), len(items), "reading", progress, "input"
    ):
        given = str(paths[pos])
        if isinstance(result, BaseException):
            result = Loaded(pos, given, error=describe_error(result, given))
        result.path = given
        out[pos] = result
    return [r for r in out if r is not None]


_STALE_TEMP = re.compile(r"^\..+\.(?:html|csv|json)\.[^.]+\.tmp$")


def _remove_stale_temp(out_dir: Path) -> None:
    """Delete the temporary files a killed run left (see ``write_atomic``)."""
    for path in out_dir.iterdir():
        if _STALE_TEMP.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _kept(out_dir: Path, name: str, source: Callable[[], str]) -> MapStats | None:
    """Return the stats of a complete map drawn from the same source, or None.

    ``source`` computes the digest of what the map would be drawn from now; it
    is only called when a complete map exists.
    """
    stats = read_stats(out_dir / f"{name}.html")
    if stats is None or stats.name != name or not stats.source:
        return None
    try:
        if stats.source != source():
            return None
    except OSError:  # the input cannot be read: draw it, and report why
        return None
    stats.kept = True
    return stats


@dataclasses.dataclass
class _FileRun:
    """A ``--split-by file`` run: its inputs and results, in input order."""

    paths: list[Path]
    out_dir: Path
    options: MapOptions
    engine: Engine
    progress: bool
    report: BatchReport
    stats: dict[int, MapStats] = dataclasses.field(default_factory=dict)
    failures: dict[int, Failure] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        self.groups = file_groups(self.paths)

    def item(self, i: int, *palette: Any) -> tuple[Any, ...]:
        """Arguments of :func:`file_task` for input ``i``."""
        path, group = self.paths[i], self.groups[i]
        worker = _worker_path(path, self.engine)
        where = (worker, group.name, group.label, str(self.out_dir))
        return (i, *where, self.options, str(path), *palette)

    def draw(self, items: dict[int, tuple[Any, ...]]) -> dict[int, RenderJob]:
        """Load and draw inputs; return the maps waiting for the run's colours."""
        waiting: dict[int, RenderJob] = {}
        owners = list(items)
        results = self.engine.map(file_task, list(items.values()))
        results = track(results, len(items), "rendering", self.progress, "map")
        for pos, result in results:
            i = owners[pos]
            given = str(self.paths[i])
            if isinstance(result, BaseException):
                self.failures[i] = Failure(given, describe_error(result, given))
                continue
            loaded, rendered = result
            self.report.warnings.extend(rendered.warnings)
            if loaded.error is not None:
                self.failures[i] = Failure(given, loaded.error)
            elif rendered.job is not None:
                waiting[i] = rendered.job
            else:
                self._record(i, rendered)
        return waiting

    def draw_jobs(self, jobs: dict[int, RenderJob]) -> None:
        """Draw maps whose inputs were read already."""
        owners = list(jobs)
        results = self.engine.map(render_task, [(job,) for job in jobs.values()])
        results = track(results, len(jobs), "rendering", self.progress, "map")
        for pos, result in results:
            i = owners[pos]
            if isinstance(result, BaseException):
                what = f"map {jobs[i].name}.html"
                result = Rendered(jobs[i].name, error=describe_error(result, what))
            self.report.warnings.extend(result.warnings)
            self._record(i, result)

    def _record(self, i: int, rendered: Rendered) -> None:
        if rendered.stats is None:
            name = self.groups[i].name
            self.failures[i] = Failure(name, rendered.error or "failed", "map")
        else:
            self.stats[i] = rendered.stats


def _by_file(
    paths: list[Path],
    out_dir: Path,
    options: MapOptions,
    engine: Engine,
    skip_existing: bool,
    progress: bool,
    report: BatchReport,
) -> None:
    run = _FileRun(paths, out_dir, options, engine, progress, report)
    items: dict[int, tuple[Any, ...]] = {}
    for i, (path, group) in enumerate(zip(paths, run.groups, strict=True)):
        kept = None
        if skip_existing:
            kept = _kept(
                out_dir,
                group.name,
                lambda p=path, g=group: file_digest(p, g.name, g.label, options),
            )
        if kept is not None:
            run.stats[i] = kept
        else:
            items[i] = run.item(i)
    waiting = run.draw(items)
    # The maps showing zones of actors without a colour waited until every
    # input was read: one colour per actor, on every map of the run.
    names = {a for job in waiting.values() for a in unpinned_actors(job)}
    kept = {i: m.colors for i, m in run.stats.items() if m.kept and m.colors}
    names.update(a for colors in kept.values() for a in colors)
    if names:
        palette = batch_actor_colors(names=names, pinned=dict(options.actor_colors))
        for job in waiting.values():
            job.options = dataclasses.replace(job.options, actor_colors=palette)
        run.draw_jobs(waiting)
        chosen = dict(palette)
        stale = [i for i, colors in kept.items() if colors.items() - chosen.items()]
        for i in stale:  # kept maps drawn in other colours: drawn again
            del run.stats[i]
        run.draw({i: run.item(i, palette) for i in stale})
    report.maps.extend(run.stats[i] for i in sorted(run.stats))
    report.failures.extend(run.failures[i] for i in sorted(run.failures))
    report.unplaced = merge_counts(m.unplaced for m in report.maps)
    report.row_problems = merge_counts(m.row_problems for m in report.maps)


def _by_group(
    paths: list[Path],
    split_by: str,
    out_dir: Path,
    options: MapOptions,
    engine: Engine,
    skip_existing: bool,
    progress: bool,
    report: BatchReport,
) -> None:
    import pandas as pd

    loaded = load_inputs(paths, engine, progress=progress)
    events, zones = [], []
    for item in loaded:
        if item.error is not None:
            report.failures.append(Failure(item.path, item.error))
        elif item.kind == "zones":
            zones.append(item.frame)
        elif item.frame is not None and len(item.frame):
            events.append(item.frame)
    report.unplaced = merge_counts(item.unplaced for item in loaded)
    report.row_problems = merge_counts(item.row_problems for item in loaded)
    if not events:
        return
    table = pd.concat(events, ignore_index=True) if len(events) > 1 else events[0]
    # One zone colour per actor on every map of the run.
    colors = batch_actor_colors(table, zones, dict(options.actor_colors))
    options = dataclasses.replace(options, actor_colors=colors)
    stats: dict[str, MapStats] = {}
    order: list[str] = []
    jobs: list[tuple[RenderJob]] = []
    for group, part in split_events(table, split_by):
        order.append(group.name)
        frame = part.reset_index(drop=True)
        job = RenderJob(group.name, group.label, str(out_dir), options, frame, zones)
        job.source = group_digest(job)
        kept = None
        if skip_existing:
            kept = _kept(out_dir, group.name, lambda source=job.source: source)
        if kept is not None:
            stats[group.name] = kept
            continue
        jobs.append((job,))
    failed: dict[str, Failure] = {}
    for pos, result in track(
        engine.map(render_task, jobs), len(jobs), "rendering", progress, "map"
    ):
        name = jobs[pos][0].name
        if isinstance(result, BaseException):
            result = Rendered(name, error=describe_error(result, f"map {name}.html"))
        report.warnings.extend(result.warnings)
        if result.stats is None:
            failed[name] = Failure(name, result.error or "failed", "map")
        else:
            stats[name] = result.stats
    report.maps.extend(stats[name] for name in order if name in stats)
    report.failures.extend(failed[name] for name in order if name in failed)


def run_batch(
    inputs: Sequence[str | PathLike[str]],
    out_dir: str | PathLike[str],
    *,
    split_by: str,
    options: MapOptions | None = None,
    engine: Engine | None = None,
    skip_existing: bool = False,
    progress: bool | None = None,
    index_title: str | None = None,
) -> BatchReport:
    """Render one map per group of events, an index and a summary.

    Parameters
    ----------
    inputs : sequence of str or path-like
        Files, folders and globs (see
        :func:`~conflict_geo.batch.inputs.expand_inputs`).
    out_dir : str or path-like
        Folder for the maps (created when missing).
    split_by : {"day", "week", "month", "admin1", "file"}
        One map per ...
    options : MapOptions, optional
        Map options (title, offline ...).
    engine : Engine, optional
        Where tasks run; this process by default. Not closed here.
    skip_existing : bool, default False
        Keep the maps a previous run completed.
    progress : bool, optional
        Progress bars on stderr; by default when stderr is a terminal.
    index_title : str, optional
        Heading of ``index.html`` (default: the map title).

    Returns
    -------
    BatchReport
        What was written, kept and failed. Input and map failures are in
        ``report.failures``; nothing is raised for them.
    """
    from conflict_geo.batch.groups import SPLIT_KEYS
    from conflict_geo.maps.export import write_atomic

    if split_by not in SPLIT_KEYS:
        raise ValueError(f"split_by must be one of {SPLIT_KEYS}, got {split_by!r}")
    options = options or MapOptions()
    engine = engine or LocalEngine(1)
    if progress is None:
        progress = sys.stderr.isatty()
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale_temp(out)
    except OSError as err:
        raise OutputError(
            f"cannot use {out_dir} as the output folder: {err.strerror}"
        ) from None
    expansion = expand_inputs(inputs, exclude=out)
    paths = expansion.paths
    report = BatchReport(inputs=[str(p) for p in paths], split_by=split_by)
    report.failures.extend(
        Failure(spec, f"{spec}: {why}") for spec, why in expansion.unmatched
    )
    if split_by == "file":
        _by_file(paths, out, options, engine, skip_existing, progress, report)
    else:
        _by_group(
            paths, split_by, out, options, engine, skip_existing, progress, report
        )
    if not report.maps and (out / INDEX).exists():
        # a run that drew nothing does not replace the last run's index
        report.warnings.append(
            f"no map was drawn: {out / INDEX} and {out / SUMMARY} of the earlier "
            "run were left as they were"
        )
        report.warnings = sorted(set(report.warnings))
        return report
    report.warnings = sorted(set(report.warnings))
    write_index(report, out / INDEX, index_title or options.title)
    write_atomic(out / SUMMARY, report.to_json())
    return report
