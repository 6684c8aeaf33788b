"""Counts in French and English news text.

Dispatches give casualty figures in several shapes:

digits
    ``35``, ``300.000``, ``300 000`` (also with no-break spaces), ``1,500``,
    and decimals only in front of a multiplier (``1,5 million``).
number words
    ``trente-cinq``, ``quarante et une``, ``quatre-vingt-dix-sept``,
    ``deux mille cinq cents`` (1990 spelling with hyphens everywhere too, and
    Belgian/Swiss ``septante``/``huitante``/``nonante``), ``twenty-one``,
    ``two hundred and five``, ``a thousand``.
approximate nouns
    ``une vingtaine`` (20), ``une centaine``, ``un millier``, ``a dozen``,
    ``half a dozen``: a value with the qualifier ``"about"``.
vague plurals
    ``des dizaines``, ``quelques centaines``, ``dozens``, ``hundreds of
    thousands``: a quantity with no value.

A qualifier in front of a count belongs to its span and is reported as
``"more_than"`` (plus de, more than, over), ``"at_least"`` (au moins, at
least), ``"about"`` (environ, près de, nearly …) or ``"up_to"`` (jusqu'à,
up to).

Articles are not counts: ``un``, ``une``, ``a`` and ``an`` only count inside
a larger expression (``un millier``, ``a dozen``, ``vingt et un``) or right
after a qualifier (``au moins un``). Ordinals and fractions (``premier``,
``first``, ``la moitié``) are not counts, but ``half a dozen`` is 6.

:func:`find_quantities` makes one pass of a compiled regular expression over
the text (linear time); Python code only runs on the short matches.
:func:`following_word` gives the word a count applies to, so callers can keep
``89 morts`` and drop ``24 heures``.

Examples
--------
>>> [(q.text, q.value, q.qualifier) for q in find_quantities(
...     "plus de 89 morts et une vingtaine de blessés en sept jours")]
[('plus de 89', 89, 'more_than'), ('une vingtaine', 20, 'about'), ('sept', 7, None)]
>>> parse_number("quatre-vingt-dix-sept"), parse_number("two hundred and five")
(97, 205)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from conflict_geo.text.normalize import fold
from conflict_geo.text.number_words import (
    DIGITS_ONLY,
    EN_ARTICLE_HEADS,
    EN_WORDS,
    FR_APPROX,
    FR_WORDS,
    INT_PATTERN,
    WORD,
    digit_value,
    grammar_key,
    parse_number,
    plural,
    read_number,
)
from conflict_geo.text.trie import trie

__all__ = ["Quantity", "find_quantities", "following_word", "parse_number"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in a text.

    Parameters
    ----------
    text : str
        The span as written, ``source[start:end]``, qualifier included.
    start, end : int
        Character offsets in the scanned text.
    value : int or None
        The count; ``None`` for vague plurals (``des dizaines``, ``hundreds``).
    qualifier : str or None
        ``"more_than"``, ``"at_least"``, ``"about"`` or ``"up_to"``; approximate
        nouns (``une vingtaine``, ``a dozen``) are ``"about"``.

    Examples
    --------
    >>> find_quantities("at least 12 people")[0]
    Quantity(text='at least 12', start=0, end=11, value=12, qualifier='at_least')
    """

    text: str
    start: int
    end: int
    value: int | None
    qualifier: str | None = None


# --------------------------------------------------------------------------
# Scanning.


_SEP = r"(?:-|[^\S\n]+|[^\S\n]*\n[^\S\n]*)"


_FR_VAGUE_NOUNS = trie([w + "s" for w in FR_APPROX] + ["millions", "milliards"])
_FR_VAGUE_DETS = trie(["des", "quelques", "plusieurs", "de nombreux", "de nombreuses"])
_EN_FEW = r"(?:several|a\s+few|few|many)"
_VAGUE = {
    "fr": (
        rf"(?:{_FR_VAGUE_DETS}\s+)?{_FR_VAGUE_NOUNS}"
        r"(?:\s+de\s+(?:milliers|millions))?"
    ),
    "en": (
        rf"(?:{_EN_FEW}\s+)?"
        r"(?:dozens|hundreds|thousands|millions|billions|(?:scores|tens)(?=\s+of\b))"
        r"(?:\s+of\s+(?:thousands|millions))?"
        rf"|{_EN_FEW}\s+(?:dozen|hundred|thousand|million|billion)"
    ),
}
_MULTIPLIER_WORDS = {
    "fr": ["mille", *plural(["million", "milliard"])],
    "en": [*plural(["million", "billion"]), "thousand", "hundred", "dozen"],
}


@lru_cache(maxsize=8)
def _scanner(key: str, cased: bool) -> re.Pattern[str]:
    """Compile the scanning pattern for ``key`` ("fr", "en", "both").

    Every match starts with the non-word character before the quantity (the
    text is scanned with a newline prepended): a leading character class lets
    the regex engine skip positions in C instead of trying the whole pattern
    at each one. ``cased=False`` expects lower-cased text and drops
    ``re.IGNORECASE``, which is about twice as fast.
    """
    langs = ("fr", "en") if key == "both" else (key,)
    if key == DIGITS_ONLY:
        return re.compile(
            rf"\W(?P<digits>(?<![.,])(?<![^\W\d]-)(?<!\d[:/])(?:{INT_PATTERN})"
            rf"(?:[.,]\d+)?(?![\w])(?![.,:/]\d))"
        )
    words: list[str] = []
    articles: list[str] = []
    nexts: list[str] = []
    vague: list[str] = []
    mults: list[str] = []
    ones: list[str] = []
    if "fr" in langs:
        words += FR_WORDS
        heads = trie(plural(["million", "milliard", *FR_APPROX]))
        articles.append(rf"une?{_SEP}(?={heads}\b)")
        nexts.append("et")
        ones += ["un", "une"]
        vague.append(_VAGUE["fr"])
        mults += _MULTIPLIER_WORDS["fr"]
    if "en" in langs:
        words += EN_WORDS
        heads = trie(EN_ARTICLE_HEADS)
        articles.append(rf"(?:half[^\S\n]+)?an?[^\S\n]+(?={heads}\b)")
        nexts.append("and")
        ones.append("one")
        vague.append(_VAGUE["en"])
        mults += _MULTIPLIER_WORDS["en"]
    word = trie(words)
    # "un"/"one" alone only right after a qualifier ("au moins un", "plus d'un").
    after_qualifier = r"(?:(?<=moins\s)|(?<=d['’])|(?<=environ\s)|(?<=[àa]\s))"
    run = (
        rf"(?:(?:{'|'.join(articles)})?{word}|{after_qualifier}{trie(ones)})\b"
        rf"(?:{_SEP}(?:{trie(nexts)}{_SEP})?{trie(words + ones)}\b)*"
    )
    if "fr" in langs:
        run += (
            r"(?:(?:(?<=aine)|(?<=aines)|(?<=ier)|(?<=iers))"
            r"\s+de\s+(?:milliers|millions)\b)?"
        )
    digits = (
        rf"(?<![.,])(?<![^\W\d]-)(?<!\d[:/])(?:{INT_PATTERN})(?:[.,]\d+)?"
        rf"(?![\w])(?![.,:/]\d)(?:{_SEP}{trie(mults)}\b)?"
    )
    vague_rx = rf"(?:{'|'.join(vague)})\b"
    return re.compile(
        rf"\W(?:(?P<digits>{digits})|(?P<vague>{vague_rx})|(?P<run>{run}))",
        re.I if cased else 0,
    )


def _qualifier_pattern() -> re.Pattern[str]:
    de = r"d(?:e\s+|['’]\s*)"
    qualifiers = {
        "more_than": [
            rf"plus\s+{de}",
            rf"au-del[àa]\s+{de}",
            r"more\s+than\s+",
            r"over\s+",
            r"upwards\s+of\s+",
            r"in\s+excess\s+of\s+",
        ],
        "at_least": [
            r"au[\s-]+moins\s+",
            rf"pas\s+moins\s+{de}",
            r"au\s+minimum\s+",
            r"at\s+least\s+",
            r"no\s+(?:fewer|less)\s+than\s+",
        ],
        "about": [
            r"environ\s+",
            r"quelques?\s+",
            rf"pr[èe]s\s+{de}",
            r"presque\s+",
            r"quasiment\s+",
            r"approximativement\s+",
            r"[àa]\s+peu\s+pr[èe]s\s+",
            rf"autour\s+{de}",
            r"around\s+",
            r"about\s+",
            r"some\s+",
            r"nearly\s+",
            r"almost\s+",
            r"approximately\s+",
            r"roughly\s+",
            r"an\s+estimated\s+",
        ],
        "up_to": [r"jusqu['’]\s*[àa]\s+", r"up\s+to\s+", r"as\s+many\s+as\s+"],
    }
    body = "|".join(
        f"(?P<{name}>{'|'.join(alts)})" for name, alts in qualifiers.items()
    )
    return re.compile(rf"(?<!\w)(?:{body})$", re.I)


_QUALIFIER = _qualifier_pattern()
#: Last word of every qualifier, to skip the qualifier search cheaply.
_QUALIFIER_ENDS = frozenset(
    "de d' d’ plus moins minimum than over of environ quelque quelques presque"
    " quasiment approximativement près pres around about some nearly almost"
    " approximately roughly estimated least à a jusqu'à jusqu’à jusqu'a to as".split()
)
_PERCENT = re.compile(r"\s*(?:per|pour)\s+", re.I)
_FR_HINT = re.compile(
    r"\b(?:le|la|les|des|du|et|est|dans|une|pour|sur|selon|ont|qui|avec)\b", re.I
)
_EN_HINT = re.compile(
    r"\b(?:the|and|of|is|was|were|to|with|that|by|have|has|been|from)\b", re.I
)


def _guess_lang(text: str) -> str:
    sample = text[:20000]
    fr = len(_FR_HINT.findall(sample))
    en = len(_EN_HINT.findall(sample))
    if fr >= 3 and fr > 2 * en:
        return "fr"
    if en >= 3 and en > 2 * fr:
        return "en"
    return "both"


def _runs(
    text: str, start: int, end: int, last_end: int, key: str
) -> list[tuple[int, int, int, bool, bool]]:
    """Split a run of number words into numbers.

    Returns (start, end, value, approximate, lone article) tuples.
    """
    toks = [
        (fold(t.group()), t.start(), t.end()) for t in WORD.finditer(text, start, end)
    ]
    words = [w for w, _, _ in toks]
    for idx, (w, s, e) in enumerate(toks):
        if w == "sept" and key != "fr" and text[s].isupper() and text[e : e + 1] == ".":
            words[idx] = ""  # "Sept." is September
        elif w == "cent" and idx == 0 and _PERCENT.fullmatch(text, last_end, s):
            words[idx] = ""  # "20 per cent", "20 pour cent"
    out = []
    i = 0
    while i < len(words):
        parsed = read_number(words, i)
        if parsed is None:
            i += 1
            continue
        value, j, approx = parsed
        article = j == i + 1 and words[i] in ("un", "une")
        out.append((toks[i][1], toks[j - 1][2], value, approx, article))
        i = j
    return out


def _qualifier(text: str, start: int, last_end: int) -> re.Match[str] | None:
    """Find the qualifier ending at ``start``, not before ``last_end``."""
    before = text[max(last_end, start - 12) : start].rstrip()
    if not before or before.rsplit(None, 1)[-1].lower() not in _QUALIFIER_ENDS:
        return None
    return _QUALIFIER.search(text, max(last_end, start - 40), start)


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Find the counts in a text.

    Parameters
    ----------
    text : str
        Any text.
    lang : {"fr", "en"} or None
        Language of the text. None guesses it from common function words and
        uses both vocabularies when unsure (a short snippet); passing it
        avoids cross-language clashes (English "seize", "Sept.", "cent").

    Returns
    -------
    list of Quantity
        Non-overlapping maximal spans in text order. Separate numbers stay
        separate (``"35 civils, dont 11 enfants"``, ``"entre 10 et 15"``).
        Units are not checked: ``"24 heures"`` is a quantity; see
        :func:`following_word`.

    Raises
    ------
    InputError
        ``lang`` is neither French, English nor None.

    Examples
    --------
    >>> [(q.text, q.value) for q in find_quantities("35 civils, dont 11 enfants")]
    [('35', 35), ('11', 11)]
    >>> [(q.text, q.value, q.qualifier) for q in find_quantities(
    ...     "Dozens of fighters and two dozen civilians", lang="en")]
    [('Dozens', None, None), ('two dozen', 24, 'about')]
    >>> [q.value for q in find_quantities("un homme et plus de 300.000 morts")]
    [300000]
    """
    key = grammar_key(lang) or _guess_lang(text)
    # Offsets below are in ``src``: the text after a leading newline.
    src = "\n" + text
    lowered = src.lower()
    cased = len(lowered) != len(src)  # a few characters grow when lower-cased
    scan = src if cased else lowered
    found: list[Quantity] = []
    last_end = 1
    for m in _scanner(key, cased).finditer(scan):
        kind = m.lastgroup
        assert kind is not None
        start, end = m.span(kind)
        spans: list[tuple[int, int, int | None, bool, bool]]
        if kind == "run":
            spans = list(_runs(src, start, end, last_end, key))
        elif kind == "digits":
            parsed = digit_value(src[start:end])
            if parsed is None:
                continue
            spans = [(start, end, parsed[0], parsed[1], False)]
        else:
            spans = [(start, end, None, False, False)]
        for start, end, value, approx, article in spans:
            qm = _qualifier(src, start, last_end)
            if article and qm is None:
                continue
            qualifier = qm.lastgroup if qm else ("about" if approx else None)
            if qm:
                start = qm.start()
            found.append(Quantity(src[start:end], start - 1, end - 1, value, qualifier))
            last_end = end
    return found


_FOLLOWING = re.compile(
    r"[\s\u00a0\u202f-]*(?:(?:de|of)\s+|d['’]\s*)?([^\W\d_]+(?:-[^\W\d_]+)*)", re.I
)


def following_word(text: str, q: Quantity) -> str:
    """Return the word a quantity counts.

    Parameters
    ----------
    text : str
        The text ``q`` was found in.
    q : Quantity
        A quantity from :func:`find_quantities` on ``text``.

    Returns
    -------
    str
        The next word after the quantity, lower-cased with accents kept,
        skipping ``de``, ``d'`` and ``of``; ``""`` when no word follows.

    Examples
    --------
    >>> text = "plus de 89 morts, une vingtaine d'élèves et dozens of people"
    >>> [following_word(text, q) for q in find_quantities(text)]
    ['morts', 'élèves', 'people']
    """
    m = _FOLLOWING.match(text, q.end)
    return m.group(1).lower() if m else ""
