"""Written numbers in French and English: the words and their grammar.

:func:`parse_number` reads one number written in digits (``300.000``,
``1,5 million``), in words (``quatre-vingt-dix-sept``, ``two hundred and
five``) or as an approximate noun (``une vingtaine``, ``half a dozen``).
:func:`read_number` is the same grammar over folded tokens, for the scanner of
:mod:`conflict_geo.text.numbers`; :data:`NUMBER_WORDS` lists the cardinal
words of both languages, which :mod:`conflict_geo.text.dates` needs too
("il y a trois jours"). :func:`grammar_key` tells which grammar reads a
language.

Examples
--------
>>> parse_number("quatre-vingt-dix-sept"), parse_number("two hundred and five")
(97, 205)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from conflict_geo.exc import InputError
from conflict_geo.text.normalize import fold
from conflict_geo.text.trie import trie

__all__ = [
    "DIGITS_ONLY",
    "EN_ARTICLE_HEADS",
    "EN_WORDS",
    "FR_APPROX",
    "FR_WORDS",
    "INT_PATTERN",
    "NUMBER_WORDS",
    "NUMBER_WORDS_RX",
    "WORD",
    "digit_value",
    "grammar_key",
    "parse_number",
    "plural",
    "read_number",
]


# --------------------------------------------------------------------------
# Vocabulary (folded: lower case, no accents).

_FR_UNITS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_FR_TENS = {
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {**_FR_UNITS, **_EN_UNITS}
_TENS = {**_FR_TENS, **_EN_TENS}
_ONE_TO_NINE = frozenset(w for w, v in _UNITS.items() if 1 <= v <= 9)
_FR_SCALES = {
    "mille": 1000,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
}
_EN_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_SCALES = {**_FR_SCALES, **_EN_SCALES}
#: Scales that stand for "one <scale>" without a count (``mille``).
_BARE_SCALES = frozenset({"mille", "thousand", "million", "milliard", "billion"})
FR_APPROX = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_APPROX = {
    **FR_APPROX,
    **{word + "s": value for word, value in FR_APPROX.items()},
    "dozen": 12,
}
EN_ARTICLE_HEADS = frozenset({"hundred", "thousand", "million", "billion", "dozen"})
_FR_ARTICLE_HEADS = frozenset(
    {"million", "milliard"} | set(FR_APPROX) | {"millions", "milliards"}
)

_Parse = tuple[int, int, bool]  # value, index after the number, approximate


# --------------------------------------------------------------------------
# Word-number grammar over folded tokens.


def _teen(t: list[str], i: int) -> tuple[int, int] | None:
    """10-19 at ``t[i]`` (``dix``, ``onze`` … ``dix sept``)."""
    w = t[i] if i < len(t) else ""
    if w == "dix":
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if nxt in ("sept", "huit", "neuf"):
            return 10 + _UNITS[nxt], i + 2
        return 10, i + 1
    if w in _FR_UNITS and 11 <= _FR_UNITS[w] <= 16:
        return _FR_UNITS[w], i + 1
    return None


def _below100(t: list[str], i: int) -> tuple[int, int] | None:
    """Read a number from 0 to 99 at ``t[i]`` (longest reading)."""
    n = len(t)
    if i >= n:
        return None
    w = t[i]
    nxt = t[i + 1] if i + 1 < n else ""
    if w == "quatre" and nxt in ("vingt", "vingts"):
        if nxt == "vingt":
            teen = _teen(t, i + 2)
            if teen:
                return 80 + teen[0], teen[1]
            after = t[i + 2] if i + 2 < n else ""
            if after in _ONE_TO_NINE and after in _FR_UNITS:
                return 80 + _UNITS[after], i + 3
        return 80, i + 2
    if w == "dix":
        return _teen(t, i)
    if w in _TENS:
        base = _TENS[w]
        if w in _FR_TENS:
            after = t[i + 2] if i + 2 < n else ""
            if nxt == "et" and (
                after in ("un", "une") or (w == "soixante" and after == "onze")
            ):
                return base + _UNITS[after], i + 3
            if w == "soixante":
                teen = _teen(t, i + 1)
                if teen:
                    return 60 + teen[0], teen[1]
        if nxt in _ONE_TO_NINE:
            return base + _UNITS[nxt], i + 2
        return base, i + 1
    if w in _UNITS:
        return _UNITS[w], i + 1
    return None


def _below1000(t: list[str], i: int) -> tuple[int, int] | None:
    """Read a number from 0 to 999 (``deux cent trois``, ``a hundred and five``)."""
    n = len(t)
    if i >= n:
        return None
    w = t[i]
    nxt = t[i + 1] if i + 1 < n else ""
    if w in ("a", "an") and nxt == "hundred":
        value, j = 100, i + 2
    elif w in ("cent", "hundred"):
        value, j = 100, i + 1
    else:
        head = _below100(t, i)
        if head is None:
            return None
        count, j = head
        word = t[j] if j < n else ""
        if (word == "hundred" and count >= 1) or (
            word in ("cent", "cents") and 2 <= count <= 9
        ):
            value, j = count * 100, j + 1
        else:
            return head
    k = j + 1 if j < n and t[j] == "and" and t[j - 1] == "hundred" else j
    rest = _below100(t, k)
    if rest and rest[0] > 0:
        return value + rest[0], rest[1]
    return value, j


def read_number(t: list[str], i: int, bare_approx: bool = False) -> _Parse | None:
    """Read the longest number starting at token ``i``.

    ``bare_approx`` accepts an approximate noun with no count (``trentaine``).
    """
    n = len(t)
    if i >= n:
        return None
    if t[i] == "half" and i + 2 < n and t[i + 1] in ("a", "an"):
        head = t[i + 2]
        if head == "dozen":
            return 6, i + 3, True
        if head in ("million", "billion"):
            return _SCALES[head] // 2, i + 3, False
        return None
    total, pos, last_scale, found = 0, i, 0, False
    while pos < n:
        w = t[pos]
        nxt = t[pos + 1] if pos + 1 < n else ""
        if found and w in ("and", "et"):
            if _below1000(t, pos + 1) is None:
                break
            pos += 1
            continue
        count: int | None
        english = w in ("a", "an") and nxt in EN_ARTICLE_HEADS - {"hundred"}
        if english or (w in ("un", "une") and nxt in _FR_ARTICLE_HEADS):
            count, k = 1, pos + 1
        else:
            parsed = _below1000(t, pos)
            count, k = parsed if parsed else (None, pos)
        head = t[k] if k < n else ""
        if head in _APPROX and not found:
            if count is None:
                if head != "dozen" and not (bare_approx and head in FR_APPROX):
                    return None
                count = 1
            value, k = count * _APPROX[head], k + 1
            if k + 1 < n and t[k] == "de" and t[k + 1] in ("milliers", "millions"):
                value *= 1000 if t[k + 1] == "milliers" else 10**6
                k += 2
            return value, k, True
        scale = _SCALES.get(head, 0)
        if scale and (not last_scale or scale < last_scale):
            if count is None:
                if head not in _BARE_SCALES:
                    break
                count = 1
            total += count * scale
            pos, last_scale, found = k + 1, scale, True
            continue
        if count is None:
            break
        total += count
        pos, found = k, True
        break
    if not found:
        return None
    return total, pos, False


# --------------------------------------------------------------------------
# Digits.

_GROUP_SEP = "[ \u00a0\u202f\u2009]"
INT_PATTERN = rf"\d{{1,3}}(?:(?:{_GROUP_SEP}|[.,](?=\d{{3}}(?!\d)))\d{{3}})+(?!\d)|\d+"
_MULTIPLIERS = {
    "fr": ["millions?", "milliards?", "mille"],
    "en": ["millions?", "billions?", "thousand", "hundred", "dozen"],
}
_DIGIT_EXPR = re.compile(
    rf"(?P<int>{INT_PATTERN})(?P<dec>[.,]\d+)?"
    rf"(?:\s+(?P<mult>{'|'.join(_MULTIPLIERS['fr'] + _MULTIPLIERS['en'])}))?",
    re.I,
)
_DIGIT_MULT = {**_SCALES, "millions": 10**6, "billions": 10**9, "hundred": 100}


def digit_value(text: str) -> tuple[int, bool] | None:
    """Value of ``"300.000"``, ``"1,5 million"``; None for a bare decimal."""
    m = _DIGIT_EXPR.fullmatch(text.strip())
    if m is None:
        return None
    value = Fraction(re.sub(r"\D", "", m["int"]))
    if m["dec"]:
        value += Fraction(m["dec"][1:]) / 10 ** (len(m["dec"]) - 1)
    mult = (m["mult"] or "").lower()
    if mult == "dozen":
        value *= 12
    elif mult:
        value *= _DIGIT_MULT[mult]
    elif m["dec"]:
        return None
    if value.denominator != 1:
        return None
    return int(value), mult == "dozen"


WORD = re.compile(r"[^\W\d_]+")


def parse_number(words: str) -> int | None:
    """Read one written number.

    Parameters
    ----------
    words : str
        Digits (``"300.000"``, ``"1,500"``, ``"1,5 million"``), French or
        English number words (``"quatre-vingt-dix-sept"``, ``"two hundred
        and five"``) or an approximate noun (``"une vingtaine"``, ``"two
        dozen"``). Case, accents, hyphens and spaces do not matter.

    Returns
    -------
    int or None
        The value, or None when ``words`` is not exactly one number:
        decimals (``"2,5"``), vague plurals (``"des dizaines"``), ordinals,
        articles alone (``"a"``; but ``"un"``/``"one"`` are 1).

    Examples
    --------
    >>> parse_number("300 000"), parse_number("1.5 million")
    (300000, 1500000)
    >>> parse_number("soixante et onze"), parse_number("Twenty-three")
    (71, 23)
    >>> parse_number("une vingtaine"), parse_number("half a dozen")
    (20, 6)
    >>> parse_number("quelques dizaines") is None, parse_number("2,5") is None
    (True, True)
    """
    text = words.strip()
    if not text:
        return None
    if text[0].isdigit():
        parsed = digit_value(text)
        return parsed[0] if parsed else None
    tokens = [fold(w) for w in WORD.findall(text)]
    if not tokens or re.search(r"\d", text):
        return None
    result = read_number(tokens, 0, bare_approx=True)
    if result is None or result[1] != len(tokens):
        return None
    return result[0]


def plural(words: Iterable[str]) -> list[str]:
    """Return each word, then its plural in ``-s``."""
    return [f for w in words for f in (w, w + "s")]


#: The words of a French or English number the scanner looks for ("un" and
#: "une" count only inside a larger number or after a qualifier).
FR_WORDS = (
    [w for w in _FR_UNITS if w not in ("un", "une")]
    + ["zéro", "vingts", "cent", "cents", "mille"]
    + list(_FR_TENS)
    + plural(["million", "milliard", *FR_APPROX])
)
EN_WORDS = [
    *_EN_UNITS,
    *_EN_TENS,
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
]

#: Cardinal number words (both languages) and their regex alternation, for
#: patterns such as "il y a trois jours" in :mod:`conflict_geo.text.dates`.
NUMBER_WORDS = sorted(
    {w for w in FR_WORDS if w[:-1] not in FR_APPROX and w not in FR_APPROX}
    | set(EN_WORDS) - {"dozen"}
)
NUMBER_WORDS_RX = trie(NUMBER_WORDS)


def grammar_key(lang: str | None) -> str | None:
    """Return the grammar of a language code such as ``"fr-FR"`` (None: guess).

    ``"fr"`` and ``"en"`` have a grammar of number words; another language
    with a lexicon (:func:`conflict_geo.lang.available_languages`) is read
    for digits only, ``"digits"``, until its grammar is written.
    """
    if lang is None:
        return None
    code = lang.strip().lower()[:2]
    if code in ("fr", "en"):
        return code
    from conflict_geo.lang import available_languages

    if lang in available_languages():
        return DIGITS_ONLY
    raise InputError(f"unsupported language {lang!r}: expected 'fr', 'en' or None")


#: The grammar key of a language without number words (digits are read).
DIGITS_ONLY = "digits"
