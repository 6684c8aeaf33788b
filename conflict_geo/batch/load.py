"""Read one input: a dispatch, an event file or a zones GeoJSON.

* a dispatch (``.txt``, ``.htm``, ``.html``) is read with
  :func:`~conflict_geo.text.document.read_document` (decoding, HTML stripping,
  the leading ``date`` line; binary or non-UTF-8 files are refused) and its
  events are extracted with ``conflict_geo.events.extract.extract_document``;
* a GeoJSON FeatureCollection of polygons carrying an ``actor`` (and no
  ``event_type``) is a zones file;
* anything else goes to :func:`~conflict_geo.events.io.read_events` (UCDP GED
  CSV, ACLED CSV or our event GeoJSON, sniffed from the content).
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

from conflict_geo.batch.inputs import DISPATCH_SUFFIXES
from conflict_geo.exc import InputError

__all__ = ["EXTRACT_MODULE", "extraction_available", "is_zones", "load_input"]

#: Module providing ``extract_document(document, *, lang=None)``.
EXTRACT_MODULE = "conflict_geo.events.extract"
_POLYGONS = {"Polygon", "MultiPolygon"}


def extraction_available() -> bool:
    """Tell whether text extraction is installed.

    Returns
    -------
    bool
    """
    import importlib.util

    return importlib.util.find_spec(EXTRACT_MODULE) is not None


def is_zones(path: str | PathLike[str]) -> bool:
    """Tell a GeoJSON FeatureCollection of polygons carrying an ``actor``.

    Parameters
    ----------
    path : str or path-like
        Any file; only ``.geojson`` and ``.json`` files are opened.

    Returns
    -------
    bool
    """
    path = Path(path)
    if path.suffix.lower() not in {".geojson", ".json"}:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    features = data.get("features") if isinstance(data, dict) else None
    if not features or not isinstance(features, list):
        return False
    for feature in features:
        if not isinstance(feature, dict):
            return False
        props = feature.get("properties") or {}
        geom = feature.get("geometry") or {}
        if not isinstance(props, dict) or not isinstance(geom, dict):
            return False
        if "event_type" in props or "actor" not in props:
            return False
        if geom.get("type") not in _POLYGONS:
            return False
    return True


def _extract(path: Path, source: str | None = None) -> Any:
    import dataclasses
    import importlib

    from conflict_geo.text.document import read_document

    document = read_document(path)  # binary and non-UTF-8 files fail here
    if source is not None:
        document = dataclasses.replace(document, source=source)
    try:
        module = importlib.import_module(EXTRACT_MODULE)
    except Exception as err:  # absent, or present but broken at import time
        absent = isinstance(err, ModuleNotFoundError) and err.name == EXTRACT_MODULE
        why = "" if absent else f" (cannot import {EXTRACT_MODULE}: {err!r})"
        raise InputError(
            f"text extraction is not available yet{why}", source=str(path)
        ) from err
    return module.extract_document(document)


def load_input(
    path: str | PathLike[str], *, source: str | None = None
) -> tuple[str, Any]:
    """Read one INPUT.

    Parameters
    ----------
    path : str or path-like
        A dispatch, an event file or a zones GeoJSON.
    source : str, optional
        The name a dispatch's events record as their document (``doc``, and
        within ``event_id``); by default ``path``. A Dask worker opens an
        absolute path but records the input as the user gave it, so that
        the maps do not depend on where they were drawn.

    Returns
    -------
    tuple
        ``("events", GeoDataFrame)`` or ``("zones", GeoDataFrame)``.

    Raises
    ------
    ConflictGeoError
        When the input cannot be used (the message names the file).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(
            "is a directory, not a file" if path.is_dir() else "no such file",
            source=str(path),
        )
    if path.suffix.lower() in DISPATCH_SUFFIXES:
        return "events", _extract(path, source)
    if is_zones(path):
        from conflict_geo.layers.zones import read_zones

        return "zones", read_zones(path)
    from conflict_geo.events.io import read_events

    return "events", read_events(path)
