"""``conflict-geo extract``: the events dispatches report, as GeoJSON.

Each feature is a Point at the event's place, or the province's or country's
polygon for an event the text only ties to a province or a country (its
representative point is in the ``lat``/``lon`` properties). What could not be
placed is listed in the collection's ``unmapped`` member and counted on
stderr. A file that cannot be read is reported and the others still run.

With --fuse the reports of one incident across the files are one feature
(conflict_geo.fuse), carrying ``docs`` (the files that report it),
``reports``, ``fatalities`` (the latest report's toll, by the files' dates)
and ``fatalities_history`` (every toll, the oldest first); what fusion could
not treat fully (no date, no place, several incidents fit) is listed in the
collection's ``fusion`` member.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from conflict_geo.cli.outputs import check_output
from conflict_geo.exc import InputError

__all__ = ["add_parser", "area_geometries", "concat_events", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the subcommand.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        From :meth:`argparse.ArgumentParser.add_subparsers`.
    """
    p = sub.add_parser(
        "extract",
        help="extract events from dispatches as GeoJSON",
        description=__doc__.split("\n\n")[1].replace("\n", " "),
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--lang", choices=("fr", "en"), help="detected when omitted")
    p.add_argument(
        "--date",
        help="dispatch date YYYY, YYYY-MM or YYYY-MM-DD (default: the file's "
        "leading 'date' line)",
    )
    p.add_argument("--format", choices=("geojson",), default="geojson")
    p.add_argument(
        "--fuse",
        action="store_true",
        help="one feature per incident across the files (see conflict_geo.fuse)",
    )
    p.add_argument(
        "--fuse-days",
        type=int,
        default=None,
        metavar="N",
        help="with --fuse: most days between two reports of one incident (default 3)",
    )
    p.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    p.set_defaults(run=run)


def area_geometries(events: Any) -> list[Any]:
    """Geometries for GeoJSON: the area's polygon for province/country events.

    Parameters
    ----------
    events : geopandas.GeoDataFrame
        An event table.

    Returns
    -------
    list of shapely geometries
        The point, or the governorate / country polygon when ``precision`` is
        4 or 6 and the area is known.
    """
    from conflict_geo.places.boundaries import admin1_area, country_area

    out = []
    for geom, precision, admin1, country in zip(
        events.geometry,
        events["precision"],
        events["admin1"],
        events["country"],
        strict=True,
    ):
        area = None
        if precision == 4 and isinstance(admin1, str):
            area = admin1_area(admin1, country if isinstance(country, str) else None)
        elif precision == 6 and isinstance(country, str):
            area = country_area(country)
        out.append(area if area is not None else geom)
    return out


def run(args: argparse.Namespace) -> int:
    """Extract events from every FILE and print one FeatureCollection.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments.

    Returns
    -------
    int
        0 when every file was read, 1 when any failed.
    """
    from conflict_geo.cli.dispatches import read_inputs
    from conflict_geo.events.io import write_json_atomic

    if args.output is not None:
        check_output(args.output, args.files)
    read = read_inputs(args.files, date=args.date, lang=args.lang)
    events = concat_events(read.frames)
    reported = len(events)
    if args.fuse:
        events = _fused(events, read.dates, args.fuse_days)
    collection = _collection(events, read.unmapped)
    if args.fuse:
        collection["fusion"] = events.attrs["fusion"]
    if args.output and not read.frames:
        for failure in read.failures:
            print(f"conflict-geo extract: failed: {failure}", file=sys.stderr)
        kept = "left as it was" if args.output.exists() else "not written"
        raise InputError(f"no file could be read; {args.output} {kept}")
    if args.output:
        write_json_atomic(collection, args.output)
    else:
        json.dump(collection, sys.stdout, ensure_ascii=False, indent=1)
        print()
    for failure in read.failures:
        print(f"conflict-geo extract: failed: {failure}", file=sys.stderr)
    _summary(args, events, reported, read)
    return 1 if read.failures else 0


def concat_events(frames: list[Any]) -> Any:
    """Return the events of every file as one table (an empty one for none).

    Parameters
    ----------
    frames : list of geopandas.GeoDataFrame
        Event tables.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    import geopandas
    import pandas as pd

    from conflict_geo.events.schema import events_frame

    if not frames:
        return events_frame([])
    return geopandas.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _collection(events: Any, unmapped: list[dict[str, Any]]) -> dict[str, Any]:
    """Make the FeatureCollection: areas as areas, dates cut to their precision."""
    from conflict_geo.cli.dispatches import shown_date
    from conflict_geo.events.io import to_geojson

    collection = to_geojson(events.set_geometry(area_geometries(events)))
    for feature in collection["features"]:
        props = feature["properties"]  # "2016-08" for "en août"
        props["date"] = shown_date(props.get("date"), props.get("date_precision"))
    collection["unmapped"] = unmapped
    return collection


def _summary(args: argparse.Namespace, events: Any, reported: int, read: Any) -> None:
    """Count on stderr what was read, mapped and fused."""
    counted = (
        f"{len(events)} incidents from {reported} events"
        if args.fuse
        else f"{len(events)} events"
    )
    print(
        f"{counted} from {len(read.frames)} file(s); "
        f"{len(read.unmapped)} mentions or triggers not mapped",
        file=sys.stderr,
    )
    fusion = events.attrs.get("fusion") if args.fuse else None
    if fusion:
        print(
            f"{len(fusion)} events fused with caution or not at all (no date, "
            "no place, several incidents fit): listed in the 'fusion' member",
            file=sys.stderr,
        )


def _fused(events: Any, published: dict[str, str | None], days: int | None) -> Any:
    """Fuse the events of every file, the latest toll by the files' dates."""
    from conflict_geo.incidents.fuse import fuse

    options = {} if days is None else {"days": days}
    return fuse(events, report_dates=published, **options)
