"""Read dispatches: decoding, HTML stripping, and the leading document date."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from conflict_geo.exc import InputError

__all__ = [
    "Document",
    "parse_date_prefix",
    "read_document",
    "read_text_file",
    "text_document",
]

_DATE_PREFIX = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*\n?")
_TAG = re.compile(r"<[^>]{0,2000}>")
_SCRIPT = re.compile(r"<(script|style)\b", re.I)
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


def _without_scripts(text: str) -> str:
    r"""Drop ``<script>`` and ``<style>`` elements, in one pass over ``text``.

    A regex ``<script\b.*?</script>`` rescans to the end for every opening
    tag left unclosed: quadratic on a page of thousands of them.

    Examples
    --------
    >>> _without_scripts("a<script>x()</script>b<STYLE>p{}</style >c<script>")
    'a b c '
    """
    lower = text.lower()
    out, pos = [], 0
    for match in _SCRIPT.finditer(text):
        if match.start() < pos:
            continue  # inside an element already dropped
        out.append(text[pos : match.start()])
        close = lower.find(f"</{match.group(1).lower()}", match.end())
        end = len(text) if close < 0 else lower.find(">", close)
        pos = len(text) if end < 0 else end + 1
        out.append(" ")
    out.append(text[pos:])
    return "".join(out)


def text_document(text: str, *, source: str = "<text>") -> Document:
    """Make a Document from a string: strip HTML, read the date prefix."""
    if _HTML_HINT.search(text[:5000]):
        text = html.unescape(_TAG.sub(" ", _without_scripts(text)))
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
        The file is missing, empty, binary, or not UTF-8 (the message names
        the file and the byte offset).
    """
    plain = read_text_file(path)
    return text_document(plain.text, source=plain.source)


def read_text_file(path: str | Path) -> Document:
    """Read a UTF-8 text file as it is (no HTML stripping, no date prefix).

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Document
        Its text and its name as ``source``.

    Raises
    ------
    InputError
        The file is missing, a folder, empty, binary (a NUL byte anywhere), or
        not UTF-8; the message names the file and the byte offset.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", source=str(path)) from None
    nul = data.find(b"\x00")  # anywhere: a NUL past the first 8 KB is binary too
    if nul >= 0:
        raise InputError(
            "binary file, not text (a NUL byte)", source=str(path), offset=nul
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not UTF-8 text (byte offset {err.start}); convert it to UTF-8",
            source=str(path),
            offset=err.start,
        ) from None
    if not text.strip():
        raise InputError("empty file: no text to read", source=str(path))
    return Document(text, None, str(path))
