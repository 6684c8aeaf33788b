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
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from conflict_geo.exc import InputError
from conflict_geo.text.normalize import fold

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
_FR_APPROX = {
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
    **_FR_APPROX,
    **{word + "s": value for word, value in _FR_APPROX.items()},
    "dozen": 12,
}
_EN_ARTICLE_HEADS = frozenset({"hundred", "thousand", "million", "billion", "dozen"})
_FR_ARTICLE_HEADS = frozenset(
    {"million", "milliard"} | set(_FR_APPROX) | {"millions", "milliards"}
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


def _number(t: list[str], i: int, bare_approx: bool = False) -> _Parse | None:
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
        english = w in ("a", "an") and nxt in _EN_ARTICLE_HEADS - {"hundred"}
        if english or (w in ("un", "une") and nxt in _FR_ARTICLE_HEADS):
            count, k = 1, pos + 1
        else:
            parsed = _below1000(t, pos)
            count, k = parsed if parsed else (None, pos)
        head = t[k] if k < n else ""
        if head in _APPROX and not found:
            if count is None:
                if head != "dozen" and not (bare_approx and head in _FR_APPROX):
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
_INT = rf"\d{{1,3}}(?:(?:{_GROUP_SEP}|[.,](?=\d{{3}}(?!\d)))\d{{3}})+(?!\d)|\d+"
_MULTIPLIERS = {
    "fr": ["millions?", "milliards?", "mille"],
    "en": ["millions?", "billions?", "thousand", "hundred", "dozen"],
}
_DIGIT_EXPR = re.compile(
    rf"(?P<int>{_INT})(?P<dec>[.,]\d+)?"
    rf"(?:\s+(?P<mult>{'|'.join(_MULTIPLIERS['fr'] + _MULTIPLIERS['en'])}))?",
    re.I,
)
_DIGIT_MULT = {**_SCALES, "millions": 10**6, "billions": 10**9, "hundred": 100}


def _digit_value(text: str) -> tuple[int, bool] | None:
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


# --------------------------------------------------------------------------
# Public parsing of one number.

_WORD = re.compile(r"[^\W\d_]+")


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
        parsed = _digit_value(text)
        return parsed[0] if parsed else None
    tokens = [fold(w) for w in _WORD.findall(text)]
    if not tokens or re.search(r"\d", text):
        return None
    result = _number(tokens, 0, bare_approx=True)
    if result is None or result[1] != len(tokens):
        return None
    return result[0]


# --------------------------------------------------------------------------
# Scanning.

_SEP = r"(?:-|[^\S\n]+|[^\S\n]*\n[^\S\n]*)"


def _trie(words: Iterable[str]) -> str:
    """Build a regex alternation of literal ``words`` factored by prefix.

    Python's regex engine tries alternatives one by one; sharing prefixes
    makes a failed attempt at a word boundary cost a few steps, not one per
    word.

    Examples
    --------
    >>> _trie(["deux", "dix", "dizaine", "dizaines"])
    '(?:d(?:eux|i(?:x|zaines?)))'
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [
            re.escape(c) + build(child) for c, child in sorted(node.items()) if c
        ]
        if not branches:
            return ""
        if len(branches) == 1:
            body = branches[0]
            if not end:
                return body
            return f"(?:{body})?" if len(body) > 1 else f"{body}?"
        return f"(?:{'|'.join(branches)})" + ("?" if end else "")

    return f"(?:{build(trie)})"


def _plural(words: Iterable[str]) -> list[str]:
    return [f for w in words for f in (w, w + "s")]


_FR_WORDS = (
    [w for w in _FR_UNITS if w not in ("un", "une")]
    + ["zéro", "vingts", "cent", "cents", "mille"]
    + list(_FR_TENS)
    + _plural(["million", "milliard", *_FR_APPROX])
)
_EN_WORDS = [
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
_NUMBER_WORD_LIST = sorted(
    {w for w in _FR_WORDS if w[:-1] not in _FR_APPROX and w not in _FR_APPROX}
    | set(_EN_WORDS) - {"dozen"}
)
_NUMBER_WORD_ALT = _trie(_NUMBER_WORD_LIST)

_FR_VAGUE_NOUNS = _trie([w + "s" for w in _FR_APPROX] + ["millions", "milliards"])
_FR_VAGUE_DETS = _trie(["des", "quelques", "plusieurs", "de nombreux", "de nombreuses"])
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
    "fr": ["mille", *_plural(["million", "milliard"])],
    "en": [*_plural(["million", "billion"]), "thousand", "hundred", "dozen"],
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
            rf"\W(?P<digits>(?<![.,])(?<![^\W\d]-)(?<!\d[:/])(?:{_INT})"
            rf"(?:[.,]\d+)?(?![\w])(?![.,:/]\d))"
        )
    words: list[str] = []
    articles: list[str] = []
    nexts: list[str] = []
    vague: list[str] = []
    mults: list[str] = []
    ones: list[str] = []
    if "fr" in langs:
        words += _FR_WORDS
        heads = _trie(_plural(["million", "milliard", *_FR_APPROX]))
        articles.append(rf"une?{_SEP}(?={heads}\b)")
        nexts.append("et")
        ones += ["un", "une"]
        vague.append(_VAGUE["fr"])
        mults += _MULTIPLIER_WORDS["fr"]
    if "en" in langs:
        words += _EN_WORDS
        heads = _trie(_EN_ARTICLE_HEADS)
        articles.append(rf"(?:half[^\S\n]+)?an?[^\S\n]+(?={heads}\b)")
        nexts.append("and")
        ones.append("one")
        vague.append(_VAGUE["en"])
        mults += _MULTIPLIER_WORDS["en"]
    word = _trie(words)
    # "un"/"one" alone only right after a qualifier ("au moins un", "plus d'un").
    after_qualifier = r"(?:(?<=moins\s)|(?<=d['’])|(?<=environ\s)|(?<=[àa]\s))"
    run = (
        rf"(?:(?:{'|'.join(articles)})?{word}|{after_qualifier}{_trie(ones)})\b"
        rf"(?:{_SEP}(?:{_trie(nexts)}{_SEP})?{_trie(words + ones)}\b)*"
    )
    if "fr" in langs:
        run += (
            r"(?:(?:(?<=aine)|(?<=aines)|(?<=ier)|(?<=iers))"
            r"\s+de\s+(?:milliers|millions)\b)?"
        )
    digits = (
        rf"(?<![.,])(?<![^\W\d]-)(?<!\d[:/])(?:{_INT})(?:[.,]\d+)?"
        rf"(?![\w])(?![.,:/]\d)(?:{_SEP}{_trie(mults)}\b)?"
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


def _lang_key(lang: str | None) -> str | None:
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
        (fold(t.group()), t.start(), t.end()) for t in _WORD.finditer(text, start, end)
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
        parsed = _number(words, i)
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
    key = _lang_key(lang) or _guess_lang(text)
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
            parsed = _digit_value(src[start:end])
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
