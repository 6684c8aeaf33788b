"""``conflict-geo geocode``: resolve place names, offline by default."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from conflict_geo.exc import InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = sub.add_parser("geocode", help="geocode place names (offline by default)")
    p.add_argument("queries", nargs="*", metavar="QUERY", help="place names")
    p.add_argument("--from-file", type=Path, help="a file with one name per line")
    p.add_argument("--country", action="append", help="ISO alpha-2 code (repeatable)")
    p.add_argument("--kind", help="admin1, country, or a settlement kind")
    p.add_argument(
        "--extra-gazetteer",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="GeoNames dump, UCDP/ACLED or name,lat,lon CSV",
    )
    p.add_argument(
        "--online",
        metavar="SERVICE",
        help="also ask this geopy service (e.g. nominatim) when offline fails",
    )
    p.add_argument("--limit", type=int, default=5, help="candidates per query")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(run=run)


def _queries(args: argparse.Namespace) -> list[str]:
    queries = list(args.queries)
    if args.from_file:
        try:
            text = args.from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(
                f"cannot read names: {err}", source=str(args.from_file)
            ) from err
        queries += [line.strip() for line in text.splitlines() if line.strip()]
    if not queries:
        raise InputError("give at least one QUERY or --from-file")
    return queries


def _geocoder(args: argparse.Namespace):
    from conflict_geo.geocoders.chain import ChainGeocoder
    from conflict_geo.geocoders.gazetteer import GazetteerGeocoder

    offline = GazetteerGeocoder(extra=args.extra_gazetteer)
    for report in offline.reports:
        print(report.summary(), file=sys.stderr)
    if not args.online:
        return offline
    from conflict_geo.geocoders.online import OnlineGeocoder

    return ChainGeocoder([offline, OnlineGeocoder(args.online)])


def _record(query: str, loc) -> dict:
    raw = loc.raw or {}
    return {
        "query": query,
        "name": raw.get("name", loc.address),
        "lat": round(loc.latitude, 6),
        "lon": round(loc.longitude, 6),
        "country": raw.get("country", ""),
        "admin1": raw.get("admin1", ""),
        "kind": raw.get("kind", ""),
        "score": raw.get("score"),
        "source": raw.get("source", raw.get("source_backend", "")),
    }


def run(args: argparse.Namespace) -> int:
    """Geocode every query; print JSON (a list per query) or a table."""
    geocoder = _geocoder(args)
    results, failed = [], 0
    for query in _queries(args):
        try:
            found = (
                geocoder.geocode(
                    query,
                    exactly_one=False,
                    country=args.country,
                    kind=args.kind,
                    limit=args.limit,
                )
                or []
            )
        except InputError as err:
            print(f"conflict-geo geocode: {err}", file=sys.stderr)
            found, failed = [], failed + 1
        results.append([_record(query, loc) for loc in found[: args.limit]])
    if args.format == "json":
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for rows in results:
            for r in rows[:1] or [None]:
                print(
                    "\t".join(
                        str(r[k])
                        for k in (
                            "query",
                            "name",
                            "lat",
                            "lon",
                            "country",
                            "admin1",
                            "kind",
                            "score",
                        )
                    )
                    if r
                    else "(not found)"
                )
    return 1 if failed else 0
