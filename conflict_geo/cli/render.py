"""``conflict-geo render``: draw dispatches, event files and zones on one map.

Each INPUT is a dispatch (``.txt``, events are extracted from the text), an
event file (our GeoJSON, a UCDP GED or ACLED CSV) or a zones GeoJSON (a
FeatureCollection whose features carry an ``actor`` and a polygon). Inputs that
fail are listed and the exit code is 1; the map is still written, atomically,
from the inputs that worked.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from conflict_geo.exc import ConflictGeoError, InputError

__all__ = ["add_parser", "load_input", "run"]

_POLYGONS = {"Polygon", "MultiPolygon"}


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
    parser = subparsers.add_parser(
        "render",
        help="draw events and control zones on an HTML map",
        description=__doc__.split("\n\n")[1].replace("\n", " "),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", type=Path)
    parser.add_argument("-o", "--output", required=True, type=Path, help="HTML file")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="self-contained HTML that loads nothing from the network",
    )
    parser.add_argument("--png", type=Path, help="also write a PNG screenshot")
    parser.add_argument("--title", help="map title")
    parser.add_argument("--subtitle", help="second title line")
    parser.add_argument(
        "--basemap", default=None, help="xyzservices name or tile URL template"
    )
    parser.add_argument(
        "--zone-radius-km",
        type=float,
        default=30.0,
        help="reach of a zone estimated around a claimed place (default 30)",
    )
    parser.add_argument(
        "--no-derive-zones",
        action="store_true",
        help="do not turn control claims into estimated zones",
    )
    parser.set_defaults(run=run)
    return parser


def _is_zones(path: Path) -> bool:
    """Tell a GeoJSON FeatureCollection of polygons carrying an ``actor``."""
    if path.suffix.lower() not in {".geojson", ".json"}:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    features = data.get("features") if isinstance(data, dict) else None
    if not features:
        return False
    for feature in features:
        props = (feature or {}).get("properties") or {}
        geom = (feature or {}).get("geometry") or {}
        if "event_type" in props or "actor" not in props:
            return False
        if geom.get("type") not in _POLYGONS:
            return False
    return True


def _extract(path: Path) -> Any:
    import conflict_geo

    try:
        extract = conflict_geo.extract
    except (AttributeError, ImportError) as err:
        raise InputError(
            "text extraction is not available yet", source=str(path)
        ) from err
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", source=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError(
            f"not UTF-8 text (byte {err.start})", source=str(path)
        ) from err
    return extract(text, lang=None, date=None)


def load_input(path: Path) -> tuple[str, Any]:
    """Read one INPUT.

    Parameters
    ----------
    path : pathlib.Path
        A ``.txt`` dispatch, an event file or a zones GeoJSON.

    Returns
    -------
    tuple
        ``("events", GeoDataFrame)`` or ``("zones", GeoDataFrame)``.

    Raises
    ------
    ConflictGeoError
        When the input cannot be used.
    """
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    if path.suffix.lower() == ".txt":
        return "events", _extract(path)
    if _is_zones(path):
        from conflict_geo.layers.zones import read_zones

        return "zones", read_zones(path)
    from conflict_geo.events.io import read_events

    return "events", read_events(path)


def run(args: argparse.Namespace) -> int:
    """Run ``conflict-geo render``.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments.

    Returns
    -------
    int
        0 when every input was drawn, 1 when any input failed.
    """
    from conflict_geo.maps.conflict_map import ConflictMap

    events, zones, failures = [], [], []
    for path in args.inputs:
        try:
            kind, frame = load_input(path)
        except (ConflictGeoError, OSError, ValueError) as err:
            text = str(err)
            failures.append(text if str(path) in text else f"{path}: {text}")
            continue
        (zones if kind == "zones" else events).append(frame)
    for failure in failures:
        print(f"conflict-geo render: failed: {failure}", file=sys.stderr)
    if len(failures) == len(args.inputs):
        print("conflict-geo render: no usable input, no map written", file=sys.stderr)
        return 1
    options: dict[str, Any] = {
        "title": args.title,
        "subtitle": args.subtitle,
        "offline": args.offline,
        "zone_radius_km": args.zone_radius_km,
        "derive_zones": not args.no_derive_zones,
    }
    if args.basemap:
        options["basemap"] = args.basemap
    cmap = ConflictMap(events or None, zones=zones or None, **options)
    target = cmap.save(args.output, png=args.png, unmapped_csv=True)
    shown = ", ".join(f"{name} ({layer.n})" for name, layer in cmap.layers.items())
    print(f"wrote {target}: {cmap.n_mapped} events drawn; layers: {shown or 'none'}")
    if len(cmap.unmapped):
        csv = target.with_name(f"{target.stem}_unmapped.csv")
        print(f"{len(cmap.unmapped)} events not on the map, listed in {csv}")
    if args.png:
        print(f"wrote {args.png}")
    return 1 if failures else 0
