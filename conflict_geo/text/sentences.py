"""Split a dispatch into sentences and blocks, keeping character offsets.

Wire copy has its own punctuation habits: abbreviations ("M. Erdogan",
"U.S.", "Gen."), thousands written with dots ("300.000"), quotes closing after
the full stop, and headline lines with no full stop at all
("- Raqa 'dans les prochaines semaines' -"). A paragraph break always ends a
sentence; a line break ends one when the next line starts like a sentence.
Every span satisfies ``text[start:end] == sentence``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["MAX_SENTENCE_CHARS", "Sentence", "iter_blocks", "split_sentences"]

#: Longest sentence handed on: a longer one (a scraped page, a transcript, a
#: feed without punctuation) is cut into windows of at most this many
#: characters, at a clause break or a space. The longest sentence of the
#: development, held-out and seed dispatches has 298 characters; the work per
#: sentence grows faster than its length (every trigger is linked to every
#: place), so a cap keeps the whole linear in the text.
MAX_SENTENCE_CHARS = 1000
#: Where a window prefers to end: after a clause mark, else after a space.
_CLAUSE = re.compile(r"[,;:–—)»”]\s|\s[-–—]\s")

_ABBREVIATIONS = frozenset(
    """m mm mme mmes mlle dr pr st ste gen gén col lt cpt sgt adm gov rep sen
    mr mrs ms jr sr no nos vol p pp art cf etc env av apr jc vs fig u.s u.n u.k
    e.u jan feb fév aug sept oct nov dec déc""".split()
)
# A full stop, "!" or "?" (possibly with closing quotes/brackets) then space;
# a blank line; a line break (a headline, a caption: see _line_break).
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n\s*\n|\n")
# A line that ends inside a sentence: a comma, a hyphen, an article or a
# preposition, or a lower-case word followed by a lower-case line.
_CONTINUES = re.compile(r"[,;:(\-–—/]\s*$")
_NEXT_START = re.compile(r"\s*[\"'“‘«(\[–—-]?\s*[A-ZÀ-ÖØ-Þ0-9]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text.

    Parameters
    ----------
    text : str
        The sentence, stripped of surrounding white space.
    start, end : int
        Offsets in the text it was cut from.
    """

    text: str
    start: int
    end: int


def _is_break(text: str, match: re.Match[str]) -> bool:
    if match.group().startswith("\n"):
        return match.group().count("\n") > 1 or _line_break(text, match.start())
    end = match.end()
    if not _NEXT_START.match(text, end):
        return False
    if match.group()[0] != ".":
        return True
    before = text[max(0, match.start() - 12) : match.start()].split()
    word = before[-1].lower().lstrip("(\"'«“") if before else ""
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False  # "M. Erdogan", "J. Smith"
    # "300.000" never matches (no space after the dot); "U.S. forces" does.
    return not (len(word) <= 4 and "." in word)


def _line_break(text: str, at: int) -> bool:
    """Whether a single line break at ``at`` ends a sentence.

    Wire copy puts headlines, captions and datelines on lines of their own,
    with no full stop ("Reprise des bombardements à Homs, 15 morts"); a text
    wrapped at a fixed width breaks lines inside sentences. A line break ends
    a sentence when the next line starts like one (a capital, a digit, a
    quote) and the line before does not end with a comma or a hyphen.
    """
    line_start = text.rfind("\n", 0, at) + 1
    if _CONTINUES.search(text, line_start, at):
        return False
    return _NEXT_START.match(text, at + 1) is not None


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Cut ``text`` into sentences.

    Parameters
    ----------
    text : str
        Plain text (HTML already stripped).
    offset : int, default 0
        Added to every offset, for a block cut from a larger text.

    Returns
    -------
    list of Sentence
        In text order; blank stretches yield nothing. None is longer than
        :data:`MAX_SENTENCE_CHARS`: a longer one is cut into windows at its
        last clause break (or space) before the cap.

    Examples
    --------
    >>> [s.text for s in split_sentences("M. Erdogan a parlé. Puis 300.000 morts.")]
    ['M. Erdogan a parlé.', 'Puis 300.000 morts.']
    """
    out: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if _is_break(text, match):
            end = match.end() if not match.group().startswith("\n") else match.start()
            _append(out, text, start, end, offset)
            start = match.end()
    _append(out, text, start, len(text), offset)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        cut = _window_end(text, start, start + MAX_SENTENCE_CHARS)
        _append_one(out, text, start, cut, offset)
        start = cut
    _append_one(out, text, start, end, offset)


def _window_end(text: str, start: int, limit: int) -> int:
    """Return where a window of ``text[start:limit]`` ends (a clause, a space)."""
    floor = start + MAX_SENTENCE_CHARS // 2  # windows of at least half the cap
    clauses = [m.end() for m in _CLAUSE.finditer(text, floor, limit)]
    if clauses:
        return clauses[-1]
    space = text.rfind(" ", floor, limit)
    return space + 1 if space > start else limit


def _append_one(
    out: list[Sentence], text: str, start: int, end: int, offset: int
) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        a = start + len(chunk) - len(chunk.lstrip())
        out.append(Sentence(stripped, a + offset, a + len(stripped) + offset))


def iter_blocks(text: str, max_chars: int = 100_000) -> Iterator[tuple[int, str]]:
    r"""Cut a long text into blocks of whole paragraphs.

    Parameters
    ----------
    text : str
        Any length.
    max_chars : int, default 100000
        Blocks are at most this long, except a single paragraph longer than
        that, which is cut at its last sentence end (or space) before the limit.

    Yields
    ------
    tuple of (int, str)
        The block's offset in ``text`` and the block.

    Examples
    --------
    >>> [b for _, b in iter_blocks("Un.\n\nDeux.", max_chars=5)]
    ['Un.\n\n', 'Deux.']
    """
    n = len(text)
    start = 0
    while start < n:
        end = min(n, start + max_chars)
        if end < n:
            cut, width = text.rfind("\n\n", start, end), 2
            if cut <= start:
                cut, width = text.rfind(". ", start, end), 2
            if cut <= start:
                cut, width = text.rfind(" ", start, end), 1
            end = cut + width if cut > start else end
        yield start, text[start:end]
        start = end
