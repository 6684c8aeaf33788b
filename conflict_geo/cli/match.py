"""``conflict-geo match``: cross-check what texts report against a dataset.

Each TEXT is a dispatch (``.txt``, ``.htm``, ``.html``: its events are
extracted, dated by --date or its leading ``date`` line) or an event file (our
GeoJSON, an ACLED or UCDP CSV). Their reports are fused into incidents
(conflict_geo.fuse) and linked to the events of the --dataset file (UCDP GED
or ACLED): dates within --days, the same place, one within the other's reach
or area, types of one family (conflict_geo.match).

A summary goes to stderr. With -o DIR the pairs, the incidents only in the
text and the dataset events only in the dataset (of the text's period and
countries) are written to DIR as matched.geojson, text_only.geojson and
dataset_only.geojson. With --format json the pairs and ids are printed on
stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from conflict_geo.cli.dispatches import shown_date
from conflict_geo.exc import InputError

__all__ = ["OUTPUTS", "add_parser", "run"]

#: Files written with -o DIR.
OUTPUTS = ("matched.geojson", "text_only.geojson", "dataset_only.geojson")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        From :meth:`argparse.ArgumentParser.add_subparsers`.
    """
    paragraphs = (__doc__ or "").split("\n\n")[1:3]
    p = sub.add_parser(
        "match",
        help="cross-check text incidents against UCDP GED or ACLED",
        description="\n\n".join(" ".join(par.split()) for par in paragraphs),
    )
    p.add_argument("texts", nargs="+", type=Path, metavar="TEXT")
    p.add_argument(
        "--dataset", required=True, type=Path, metavar="FILE", help="UCDP GED or ACLED"
    )
    p.add_argument(
        "--date",
        help="dispatch date YYYY, YYYY-MM or YYYY-MM-DD (default: each file's "
        "leading 'date' line)",
    )
    p.add_argument("--lang", choices=("fr", "en"), help="detected when omitted")
    p.add_argument(
        "--days",
        type=int,
        default=3,
        metavar="N",
        help="most days between a text incident and its dataset event (default 3)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="list every dataset event the text lacks, not only those of the "
        "text's period and countries",
    )
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="write tables here")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=run)


def _write(tables: Any, folder: Path) -> list[Path]:
    """Write the three tables as GeoJSON into ``folder``."""
    from conflict_geo.events.io import to_geojson, write_json_atomic
    from conflict_geo.incidents.match import PAIR_COLUMNS

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {folder}: {err.strerror}") from None
    written = []
    frames = (tables.matched, tables.text_only, tables.dataset_only)
    for name, frame in zip(OUTPUTS, frames, strict=True):
        collection = to_geojson(frame)
        if name == "matched.geojson":
            extra = frame[list(PAIR_COLUMNS)].astype(object)
            extra = extra.where(extra.notna(), None)
            for feature, row in zip(
                collection["features"], extra.to_dict("records"), strict=True
            ):
                feature["properties"].update(_plain(row))
        written.append(write_json_atomic(collection, folder / name))
    return written


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON values: dates as ISO days, numbers as int or float."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%d")
        elif hasattr(value, "item"):
            value = value.item()
        out[key] = value
    return out


def _table(tables: Any) -> str:
    lines = ["event_id\tplace\ttype\tdate\tdataset_event_id\tdataset_place\tkm\tdays"]
    for row in tables.matched.itertuples(index=False):
        date = row.date.strftime("%Y-%m-%d") if hasattr(row.date, "strftime") else ""
        date = shown_date(date, row.date_precision)
        lines.append(
            f"{row.event_id}\t{row.place}\t{row.event_type}\t{date}\t"
            f"{row.dataset_event_id}\t{row.dataset_place}\t{row.km:.1f}\t{row.days}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Fuse the texts' reports, match them to the dataset, report.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments.

    Returns
    -------
    int
        0 when every TEXT was read, 1 when any failed (the others are used).

    Raises
    ------
    InputError
        The dataset cannot be read, or no TEXT could.
    """
    from conflict_geo.cli.dispatches import read_inputs
    from conflict_geo.cli.extract import concat_events
    from conflict_geo.events.io import read_events
    from conflict_geo.incidents.fuse import fuse
    from conflict_geo.incidents.match import match

    dataset = read_events(args.dataset)
    read = read_inputs(args.texts, date=args.date, lang=args.lang, events=True)
    for failure in read.failures:
        print(f"conflict-geo match: failed: {failure}", file=sys.stderr)
    if not read.frames:
        raise InputError("no TEXT could be read; nothing to match")
    events = concat_events(read.frames)
    incidents = fuse(events, days=args.days, report_dates=read.dates)
    tables = match(
        incidents,
        dataset,
        days=args.days,
        fuse=False,
        scope="all" if args.all else "text",
    )
    print(
        f"{len(events)} events from {len(read.frames)} text(s): {len(incidents)} "
        f"incidents; {tables.summary()}",
        file=sys.stderr,
    )
    if args.output is not None:
        for path in _write(tables, args.output):
            print(f"wrote {path}", file=sys.stderr)
    if args.format == "json":
        json.dump(tables.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif len(tables.matched):
        print(_table(tables))
    return 1 if read.failures else 0
