"""``conflict-geo geocode``: resolve place names, offline by default."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from conflict_geo.exc import GeocoderError, InputError
from conflict_geo.places.place import check_kind
from conflict_geo.text.document import read_text_file

__all__ = ["add_parser", "positive_int", "printable", "run"]

#: C0/C1 control characters (and DEL), replaced before text reaches a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def positive_int(text: str) -> int:
    """Parse an option value that must be a whole number of at least 1.

    Examples
    --------
    >>> positive_int("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def printable(value: object) -> str:
    r"""Return ``str(value)`` with control characters shown as ``\xNN`` escapes.

    Data (a gazetteer name, a query read from a file) can hold escape
    sequences that would move the cursor or recolour a terminal.

    Examples
    --------
    >>> printable("Aleppo\x1b[2J")
    'Aleppo\\x1b[2J'
    """
    text = str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
    p.add_argument(
        "--limit", type=positive_int, default=5, help="candidates per query (>= 1)"
    )
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.set_defaults(run=run)


def _queries(args: argparse.Namespace) -> list[str]:
    queries = list(args.queries)
    if args.from_file:
        text = read_text_file(args.from_file).text
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
        "plausible": raw.get("plausible", True),
    }


_TABLE_KEYS = ("query", "name", "lat", "lon", "country", "admin1", "kind", "score")


def run(args: argparse.Namespace) -> int:
    """Geocode every query; print JSON (a list per query) or a table."""
    check_kind(args.kind)
    queries = _queries(args)
    geocoder = _geocoder(args)
    results, failed = [], 0
    for query in queries:
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
        except (InputError, GeocoderError) as err:
            # each query fails alone: the others are still answered
            print(f"conflict-geo geocode: {printable(query)!r}: {err}", file=sys.stderr)
            found, failed = [], failed + 1
        results.append([_record(query, loc) for loc in found[: args.limit]])
    if args.format == "json":
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for query, rows in zip(queries, results, strict=True):
            rows = [r for r in rows if r["plausible"]]
            if rows:
                print("\t".join(printable(rows[0][k]) for k in _TABLE_KEYS))
            else:
                print(f"{printable(query)}\t(not found)")
    return 1 if failed else 0
