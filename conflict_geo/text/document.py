"""Read dispatches: decoding, HTML stripping, and the leading document date."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from conflict_geo.exc import InputError

__all__ = ["Document", "parse_date_prefix", "read_document", "text_document"]

_DATE_PREFIX = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*\n?")
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]{0,2000}>", re.S | re.I)
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|br|span|a|h[1-6])\b", re.I)


@dataclass(frozen=True, slots=True)
class Document:
    """A dispatch ready for geoparsing.

    Parameters
    ----------
    text : str
        The text; offsets of mentions and events refer to it.
    date : str or None
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a leading ``date`` line.
    source : str
        File name or label.
    """

    text: str
    date: str | None = None
    source: str = "<text>"


def parse_date_prefix(text: str) -> tuple[str, str | None]:
    """Split a leading ``date YYYY[-MM[-DD]]`` token off ``text``.

    Examples
    --------
    >>> parse_date_prefix('date 2021-10 "Des avions…')
    ('"Des avions…', '2021-10')
    >>> parse_date_prefix("No date here")
    ('No date here', None)
    """
    match = _DATE_PREFIX.match(text)
    if not match:
        return text, None
    return text[match.end() :], match.group(1)


def text_document(text: str, *, source: str = "<text>") -> Document:
    """Make a Document from a string: strip HTML, read the date prefix."""
    if _HTML_HINT.search(text[:5000]):
        text = html.unescape(_TAG.sub(" ", text))
    body, date = parse_date_prefix(text)
    return Document(body, date, source)


def read_document(path: str | Path) -> Document:
    """Read a dispatch file (UTF-8 text or HTML).

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Document

    Raises
    ------
    InputError
        The file is missing, binary, or not UTF-8 (the message names the file
        and the byte offset).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", source=str(path)) from err
    if b"\x00" in data[:8192]:
        raise InputError(
            "binary file, not text", source=str(path), offset=data.index(b"\x00")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not UTF-8 text (byte offset {err.start})",
            source=str(path),
            offset=err.start,
        ) from err
    return text_document(text, source=str(path))
