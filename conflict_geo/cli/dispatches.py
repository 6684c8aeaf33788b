"""Read the dispatches and event files a command is given, file by file.

``extract`` and ``match`` read many files: each dispatch is extracted (dated by
``--date`` or its leading ``date`` line), each event file read; a file that
fails is named in the failures and the others are still read. The documents'
dates are kept, for fusion to tell which report is the latest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflict_geo.batch.inputs import DISPATCH_SUFFIXES
from conflict_geo.exc import ConflictGeoError

__all__ = ["DATE_WIDTH", "Read", "read_inputs", "shown_date"]

#: Characters of an ISO date shown at each precision ("2016-08" for a month).
DATE_WIDTH = {"month": 7, "year": 4}


@dataclass(slots=True)
class Read:
    """What the files gave.

    Parameters
    ----------
    frames : list of GeoDataFrame
        One event table per file read.
    dates : dict
        ``{document source: its date or None}`` of every dispatch read.
    unmapped : list of dict
        What the dispatches could not place (``frame.attrs["unmapped"]``).
    failures : list of str
        One message per file that failed, naming it.
    """

    frames: list[Any] = field(default_factory=list)
    dates: dict[str, str | None] = field(default_factory=dict)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def read_inputs(
    paths: Sequence[Path],
    *,
    date: str | None = None,
    lang: str | None = None,
    events: bool = False,
) -> Read:
    """Extract every dispatch (and, with ``events``, read every event file).

    Parameters
    ----------
    paths : sequence of Path
        The files, in the order given.
    date : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the date of every dispatch
        (instead of its leading ``date`` line).
    lang : {"fr", "en"}, optional
        Detected when omitted.
    events : bool, default False
        Read files other than dispatches (``DISPATCH_SUFFIXES`` of
        :mod:`conflict_geo.batch.inputs`) as event files; otherwise every
        file is a dispatch.

    Returns
    -------
    Read

    Raises
    ------
    InputError
        ``date`` is not a date.
    """
    from conflict_geo.text.dates import Reference

    reference = Reference.parse(date) if date else None
    read = Read()
    for path in paths:
        try:
            frame = _one(path, reference, lang, events, read.dates)
        except (ConflictGeoError, OSError) as err:
            text = str(err)
            read.failures.append(text if str(path) in text else f"{path}: {text}")
            continue
        read.frames.append(frame)
        read.unmapped.extend(frame.attrs.get("unmapped", []))
    return read


def _one(
    path: Path, reference: Any, lang: str | None, events: bool, dates: dict
) -> Any:
    """Read one file; a dispatch's date goes into ``dates``."""
    if events and path.suffix.lower() not in DISPATCH_SUFFIXES:
        from conflict_geo.events.io import read_events

        return read_events(path)
    from conflict_geo.events.extract import extract_document
    from conflict_geo.text.document import read_document

    document = read_document(path)
    if reference is not None:
        document = document.__class__(document.text, reference.iso(), document.source)
    frame = extract_document(document, lang=lang)
    dates[document.source] = document.date
    return frame


def shown_date(date: str | None, precision: str | None) -> str | None:
    """Cut an ISO date to its precision ("2016-08-01" at a month: "2016-08").

    Examples
    --------
    >>> shown_date("2016-08-01", "month"), shown_date("2016-08-01", "day")
    ('2016-08', '2016-08-01')
    """
    cut = DATE_WIDTH.get(precision or "")
    return date[:cut] if cut and date else date
