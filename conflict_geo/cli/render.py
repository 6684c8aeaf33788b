"""``conflict-geo render``: draw dispatches, event files and zones on maps.

Each INPUT is a dispatch (``.txt``, ``.htm``, ``.html``: events are extracted
from the text), an event file (our GeoJSON, a UCDP GED or ACLED CSV) or a
zones GeoJSON (a FeatureCollection whose features carry an ``actor`` and a
polygon). An INPUT may also be a folder (its dispatches, CSV and GeoJSON
files, recursively) or a quoted glob such as ``'data/**/*.txt'``.

Without --split-by every input goes on one map, OUTPUT.html. With --split-by
OUTPUT is a folder that receives one map per group, an index.html linking
them and a summary.json; --jobs renders in parallel processes, --engine dask
on a Dask cluster, and --skip-existing resumes an interrupted run.

Inputs that fail are listed at the end and the exit code is 1; the maps are
still written, atomically, from the inputs that worked.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from conflict_geo.batch.load import load_input

__all__ = ["add_parser", "load_input", "run"]

_SPLIT_KEYS = ("day", "week", "month", "admin1", "file")
_EPILOG = """\
output:
  one map        OUTPUT.html, and OUTPUT_unmapped.csv listing the events not drawn
  --split-by     OUTPUT/<group>.html (+ <group>_unmapped.csv), OUTPUT/index.html,
                 OUTPUT/summary.json; groups are named 2016-03-05 (day), 2016-W09
                 (ISO week), 2016-03 (month), sy-aleppo (admin1) or the file name.
                 Events dated only to a coarser period than the split go to a
                 group of that period (2016-03, 2016); undated events to
                 'undated'; zones files are drawn on every map (file: their own).

the same input always gives byte-identical HTML, whatever --jobs or --engine.

exit status: 0 all inputs drawn, 1 an input or a map failed (listed at the
end), 2 usage error, 130 interrupted (Ctrl-C; resume with --skip-existing).
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``render`` subcommand.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From :meth:`argparse.ArgumentParser.add_subparsers`.

    Returns
    -------
    argparse.ArgumentParser
    """
    paragraphs = (__doc__ or "").split("\n\n")[1:4]
    description = "\n\n".join(
        textwrap.fill(" ".join(p.replace("``", "").split()), width=79)
        for p in paragraphs
    )
    parser = subparsers.add_parser(
        "render",
        help="draw events and control zones on HTML maps",
        description=description,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="dispatch, event or zones file, folder, or quoted glob",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUTPUT",
        help="HTML file; with --split-by, a folder (created if needed)",
    )
    batch = parser.add_argument_group("batch")
    batch.add_argument(
        "--split-by",
        choices=_SPLIT_KEYS,
        help="one map per day, ISO week, month, first-level division or input file",
    )
    batch.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1: this process)",
    )
    batch.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or Dask; Dask without --scheduler starts "
        "a local cluster of --jobs workers",
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (inputs and OUTPUT "
        "must be on a file system the workers share)",
    )
    batch.add_argument(
        "--skip-existing",
        action="store_true",
        help="with --split-by: keep the maps an earlier run completed, draw the "
        "others (to resume an interrupted run); index and summary cover all",
    )
    batch.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on stderr (default: when stderr is a terminal)",
    )
    look = parser.add_argument_group("map")
    look.add_argument(
        "--offline",
        action="store_true",
        help="self-contained HTML that loads nothing from the network",
    )
    look.add_argument("--png", type=Path, help="also write a PNG screenshot")
    look.add_argument(
        "--thumbnails",
        action="store_true",
        help="with --split-by: a PNG of each map (headless Chromium), in index.html",
    )
    look.add_argument(
        "--title", help="map title (with --split-by: followed by the group)"
    )
    look.add_argument("--subtitle", help="second title line")
    look.add_argument(
        "--basemap", default=None, help="xyzservices name or tile URL template"
    )
    look.add_argument(
        "--density",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="heat layers below zoom 9, points above (default: from 20,000 events)",
    )
    look.add_argument(
        "--cluster", action="store_true", help="also draw events as clustered markers"
    )
    look.add_argument(
        "--fuse",
        action="store_true",
        help="one marker per incident: fuse the reports of one incident across "
        "inputs (with --split-by: within each map's group)",
    )
    look.add_argument(
        "--choropleth",
        choices=("events", "fatalities"),
        help="also colour first-level divisions by events or deaths",
    )
    look.add_argument(
        "--zone-radius-km",
        type=float,
        default=30.0,
        help="reach of a zone estimated around a claimed place (default 30)",
    )
    look.add_argument(
        "--no-derive-zones",
        action="store_true",
        help="do not turn control claims into estimated zones",
    )
    parser.set_defaults(run=run, render_parser=parser)
    return parser


def _usage_error(args: argparse.Namespace, message: str) -> None:
    """Exit with status 2 and the usage line, as argparse does."""
    parser = getattr(args, "render_parser", None)
    if parser is not None:
        parser.error(message)
    print(f"conflict-geo render: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _check(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        _usage_error(args, f"--jobs must be at least 1, got {args.jobs}")
    if args.scheduler and args.engine != "dask":
        _usage_error(args, "--scheduler needs --engine dask")
    if args.split_by:
        if args.png:
            _usage_error(args, "--png draws one map; it cannot go with --split-by")
        if args.output.exists() and not args.output.is_dir():
            _usage_error(
                args, f"with --split-by, -o must be a folder; {args.output} is a file"
            )
    elif args.skip_existing:
        _usage_error(args, "--skip-existing needs --split-by")
    if args.thumbnails and not args.split_by:
        _usage_error(args, "--thumbnails needs --split-by (use --png for one map)")


def _options(args: argparse.Namespace) -> Any:
    from conflict_geo.batch.tasks import MapOptions

    return MapOptions(
        title=args.title,
        subtitle=args.subtitle,
        offline=args.offline,
        basemap=args.basemap,
        zone_radius_km=args.zone_radius_km,
        derive_zones=not args.no_derive_zones,
        density=args.density,
        cluster=args.cluster,
        choropleth=args.choropleth,
        fuse=args.fuse,
    )


def _print_failures(messages: list[str]) -> None:
    for message in messages:
        print(f"conflict-geo render: failed: {message}", file=sys.stderr)


def _one_map(args: argparse.Namespace, engine: Any, progress: bool) -> int:
    from conflict_geo.batch.determinism import stable_ids
    from conflict_geo.batch.inputs import expand_inputs
    from conflict_geo.batch.report import BatchReport, MapStats
    from conflict_geo.batch.runner import load_inputs
    from conflict_geo.batch.tasks import map_stats
    from conflict_geo.cli.outputs import check_output
    from conflict_geo.maps.conflict_map import ConflictMap

    expansion = expand_inputs(args.inputs)
    check_output(args.output, expansion.paths)
    if args.png is not None:
        check_output(args.png, [*expansion.paths, args.output])
    failures = [f"{spec}: {why}" for spec, why in expansion.unmatched]
    loaded = load_inputs(expansion.paths, engine, progress=progress)
    events, zones = [], []
    for item in loaded:
        if item.error is not None:
            failures.append(item.error)
        else:
            (zones if item.kind == "zones" else events).append(item.frame)
    if not events and not zones:
        _print_failures(failures)
        print("conflict-geo render: no usable input, no map written", file=sys.stderr)
        return 1
    options = _options(args)
    with stable_ids("conflict-geo-render"):
        cmap = ConflictMap(events or None, zones=zones or None, **options.kwargs())
        target = cmap.save(args.output, png=args.png, unmapped_csv=True)
    shown = ", ".join(f"{name} ({layer.n})" for name, layer in cmap.layers.items())
    print(f"wrote {target}: {cmap.n_mapped} events drawn; layers: {shown or 'none'}")
    if len(cmap.unmapped):
        csv = target.with_name(f"{target.stem}_unmapped.csv")
        print(f"{len(cmap.unmapped)} events not on the map, listed in {csv}")
    if args.png:
        print(f"wrote {args.png}")
    stats = map_stats(cmap, options, MapStats(target.stem, str(target)))
    report = BatchReport(
        inputs=[str(p) for p in expansion.paths],
        maps=[stats],
        unplaced=_merged(item.unplaced for item in loaded),
        row_problems=_merged(item.row_problems for item in loaded),
    )
    if len(expansion.paths) > 1 or failures or report.unplaced or report.row_problems:
        for line in report.summary_lines():
            print(line)
    _print_failures(failures)
    return 1 if failures else 0


def _merged(counts: Any) -> dict[str, int]:
    from conflict_geo.batch.report import merge_counts

    return merge_counts(counts)


def _many_maps(args: argparse.Namespace, engine: Any, progress: bool) -> int:
    from conflict_geo.batch.runner import INDEX, SUMMARY, run_batch

    report = run_batch(
        args.inputs,
        args.output,
        split_by=args.split_by,
        options=_options(args),
        engine=engine,
        skip_existing=args.skip_existing,
        progress=progress,
    )
    if args.thumbnails and report.maps:
        from conflict_geo.batch.index import write_index
        from conflict_geo.maps.export import to_pngs

        out = args.output
        to_pngs([(out / s.html, out / f"{s.name}.png") for s in report.maps])
        write_index(report, out / INDEX, args.title)
        print(f"wrote {len(report.maps)} thumbnails (<map>.png)")
    if report.maps or not any("left as they were" in w for w in report.warnings):
        print(
            f"wrote {args.output / INDEX} linking {len(report.maps)} maps, and "
            f"{args.output / SUMMARY} (every count, every reason)"
        )
    for line in report.summary_lines():
        print(line)
    for warning in report.warnings:
        print(f"conflict-geo render: warning: {warning}", file=sys.stderr)
    _print_failures([f.message for f in report.failures])
    return 0 if report.ok else 1


#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


def run(args: argparse.Namespace) -> int:
    """Run ``conflict-geo render``.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments.

    Returns
    -------
    int
        0 when every input was drawn, 1 when any input or map failed, 130
        when interrupted (Ctrl-C): the worker processes are stopped at once
        and the maps already written are complete.

    Raises
    ------
    SystemExit
        With status 2 for contradictory options.
    """
    from conflict_geo.batch.engines import make_engine

    _check(args)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        with make_engine(args.engine, args.jobs, args.scheduler) as engine:
            if args.split_by:
                return _many_maps(args, engine, progress)
            return _one_map(args, engine, progress)
    except KeyboardInterrupt:
        if args.split_by:
            hint = (
                "the maps already written are complete; run the same command "
                "with --skip-existing to draw the others"
            )
        else:
            hint = f"{args.output} was not written"
        print(f"\nconflict-geo render: interrupted; {hint}", file=sys.stderr)
        return EXIT_INTERRUPTED
