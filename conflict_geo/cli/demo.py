"""``conflict-geo demo``: the main job on one dispatch, as ``make demo`` runs it.

It reads the dispatch, finds and geocodes its places, prints them, then
extracts its events and writes the layered map as self-contained HTML.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = sub.add_parser("demo", help="seed dispatch -> places (-> events -> map)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", type=Path, default=Path("out/seed_map.html"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the dispatch's places; render the map when the pipeline allows."""
    from conflict_geo.places.geoparse import geoparse
    from conflict_geo.text.document import read_document

    doc = read_document(args.file)
    mentions = geoparse(doc.text)
    print(
        f"{doc.source}: document date {doc.date or 'unknown'}, "
        f"{len(mentions)} place mentions"
    )
    seen = set()
    for m in mentions:
        key = (m.place.name, m.metonymic) if m.place else (m.text, None)
        if key in seen:
            continue
        seen.add(key)
        role = "actor (metonymic)" if m.metonymic else "place"
        p = m.place
        if p is None:
            print(f"  {m.text:<12} -> not mapped: {m.reason}")
            continue
        print(
            f"  {m.text:<12} -> {p.name}, {p.admin1 or '-'}, {p.country} "
            f"[{p.kind}] {p.lat:.4f} N {p.lon:.4f} E  {role}"
        )
    from conflict_geo.cli import main

    code = main(["render", str(args.file), "-o", str(args.output), "--offline"])
    if code == 0:
        print(f"map written to {args.output.resolve()}")
    return code
