"""``conflict-geo places``: the place names a dispatch mentions, resolved."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = sub.add_parser("places", help="find and geocode the places a dispatch names")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--lang", choices=("fr", "en"))
    p.add_argument(
        "--date",
        help="dispatch date YYYY, YYYY-MM or YYYY-MM-DD (default: the file's leading "
        "'date' line); each record carries it as 'doc_date'",
    )
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one record per mention."""
    from conflict_geo.cli.geocode import printable
    from conflict_geo.places.geoparse import geoparse
    from conflict_geo.text.dates import Reference
    from conflict_geo.text.document import read_document

    doc = read_document(args.file)
    reference = Reference.parse(args.date) if args.date else Reference.parse(doc.date)
    doc_date = reference.iso() if reference is not None else None
    records = [
        {**m.to_dict(), "doc_date": doc_date}
        for m in geoparse(doc.text, lang=args.lang)
    ]
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for r in records:
            where = f"{r['lat']:.4f},{r['lon']:.4f}" if r["lat"] is not None else "-"
            meto = " (metonymic)" if r["metonymic"] else ""
            cells = (r["mention"], r["name"], r["kind"])
            print("\t".join(map(printable, cells)) + f"\t{where}{meto}")
    return 0
