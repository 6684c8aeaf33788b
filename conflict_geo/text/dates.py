"""Dates in French and English dispatches, resolved against the dispatch date.

News copy rarely writes full dates. It says ``mercredi``, ``hier``, ``le 17
octobre``, ``en août``, ``depuis septembre 2015``, ``last week``; only the
dispatch date (the :class:`Reference`) turns these into calendar periods.
:func:`find_dates` returns every such expression as a :class:`DateMention`
whose ``value`` is an ISO string at the precision the text supports:

========================================  ==================  =========
expression (reference ``2016-10-27``)     value               precision
========================================  ==================  =========
``mercredi``, ``Wednesday``               ``2016-10-26``      day
``hier``, ``yesterday``                   ``2016-10-26``      day
``le 17 octobre``, ``October 17``         ``2016-10-17``      day
``en août``, ``in August``                ``2016-08``         month
``depuis septembre 2015``                 ``2015-09``         month
``en 2011``, ``mid-2016``                 ``2011``, ``2016``  year
``l'an dernier``, ``last year``           ``2015``            year
``la semaine dernière``, ``last week``    None                None
========================================  ==================  =========

Resolution rules:

* a weekday is the most recent such day on or before the reference (the
  reference itself when the weekdays agree; a week earlier with ``dernier`` /
  ``last``); ``prochain`` / ``next`` looks forward;
* a day and month without a year fall in the window (reference - 10 months,
  reference + 2 months];
* a month without a year is the most recent such month on or before the
  reference month (strictly before with ``dernier`` / ``last``);
* when the reference is coarser than the expression (``mercredi`` against
  ``2021-10``), the value is the reference at its own precision;
* without a reference, relative expressions have no value.

Expressions that name no calendar period (``la semaine dernière``, ``ces
derniers jours``, ``récemment``, ``in the coming weeks``, ``en sept jours``)
are still returned, with ``value=None``, so callers know a time expression is
there. A bare four-digit number is not a year: it needs a cue (``en``,
``depuis``, ``in``, ``since``, ``début``, ``mid-`` …). English ``May`` and
``March`` and French ``mars`` and ``mai`` are months only next to a day, a
year or a cue (``in May``, ``en mars``), never alone.

One compiled regular expression scans the text (linear time).

Examples
--------
>>> [(d.text, d.value) for d in find_dates(
...     "Le Kremlin a expliqué samedi l'intervention (depuis septembre 2015)",
...     reference="2016-10-27")]
[('samedi', '2016-10-22'), ('depuis septembre 2015', '2015-09')]
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from conflict_geo.exc import InputError
from conflict_geo.text.normalize import fold
from conflict_geo.text.number_words import (
    DIGITS_ONLY,
    NUMBER_WORDS,
    NUMBER_WORDS_RX,
    grammar_key,
    parse_number,
)
from conflict_geo.text.trie import trie

__all__ = ["DateMention", "Reference", "find_dates", "resolve_date"]

_PRECISIONS = ("day", "month", "year")
_REFERENCE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Reference:
    """The date a dispatch was written, at the precision it is known.

    Parameters
    ----------
    date : datetime.date
        The date; the first day of the period when ``precision`` is
        ``"month"`` or ``"year"`` (other days are moved there).
    precision : {"day", "month", "year"}
        How much of ``date`` is known.

    Raises
    ------
    InputError
        ``precision`` is not one of the three.

    Examples
    --------
    >>> Reference(datetime.date(2021, 10, 13), "month")
    Reference(date=datetime.date(2021, 10, 1), precision='month')
    """

    date: datetime.date
    precision: str = "day"

    def __post_init__(self) -> None:
        if self.precision not in _PRECISIONS:
            raise InputError(
                f"invalid reference precision {self.precision!r}: "
                "expected 'day', 'month' or 'year'"
            )
        if self.precision == "month" and self.date.day != 1:
            object.__setattr__(self, "date", self.date.replace(day=1))
        elif self.precision == "year" and (self.date.month, self.date.day) != (1, 1):
            object.__setattr__(self, "date", self.date.replace(month=1, day=1))

    @classmethod
    def parse(cls, value: str | datetime.date | Reference | None) -> Reference | None:
        """Read a reference date.

        Parameters
        ----------
        value : str, datetime.date, Reference or None
            ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` (the format of
            :attr:`conflict_geo.text.document.Document.date`), a date (a
            datetime keeps its date), a Reference (returned as is) or None.

        Returns
        -------
        Reference or None
            None when ``value`` is None.

        Raises
        ------
        InputError
            Anything else, or a date that does not exist; the message names
            the value.

        Examples
        --------
        >>> Reference.parse("2016-10")
        Reference(date=datetime.date(2016, 10, 1), precision='month')
        >>> Reference.parse(datetime.date(2016, 10, 27)).iso()
        '2016-10-27'
        >>> try:
        ...     Reference.parse("27/10/2016")
        ... except InputError as err:
        ...     print(err)
        invalid reference date '27/10/2016': expected YYYY, YYYY-MM or YYYY-MM-DD
        """
        if value is None or isinstance(value, Reference):
            return value
        if isinstance(value, datetime.datetime):
            return cls(value.date(), "day")
        if isinstance(value, datetime.date):
            return cls(value, "day")
        m = _REFERENCE.fullmatch(value.strip()) if isinstance(value, str) else None
        if m is None:
            raise InputError(
                f"invalid reference date {value!r}: "
                "expected YYYY, YYYY-MM or YYYY-MM-DD"
            )
        year, month, day = m.groups()
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as err:
            raise InputError(f"invalid reference date {value!r}: {err}") from err
        precision = "day" if day else "month" if month else "year"
        return cls(date, precision)

    def iso(self) -> str:
        """Return the date as ISO text at its precision.

        Returns
        -------
        str
            ``"2016-10-27"``, ``"2016-10"`` or ``"2016"``.

        Examples
        --------
        >>> Reference.parse("2021-10").iso()
        '2021-10'
        """
        return _iso(self.date, self.precision)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time expression found in a text.

    Parameters
    ----------
    text : str
        The expression as written, ``source[start:end]`` (cue words such as
        ``depuis`` or ``on`` included).
    start, end : int
        Character offsets in the scanned text.
    value : str or None
        ISO date at its precision (``"2016-10-17"``, ``"2016-08"``,
        ``"2015"``), or None when the expression names no calendar period
        (``last week``) or needs a reference that was not given.
    precision : {"day", "month", "year"} or None
        Precision of ``value``.
    relative : bool
        True when the expression depends on the reference date (weekdays,
        ``hier``, ``en août`` without a year, ``last week`` …); False for
        absolute dates (``17 octobre 2016``, ``en 2011``).

    Examples
    --------
    >>> d = resolve_date("mercredi", reference="2021-10")
    >>> d.text, d.start, d.end, d.value, d.precision, d.relative
    ('mercredi', 0, 8, '2021-10', 'month', True)
    """

    text: str
    start: int
    end: int
    value: str | None
    precision: str | None
    relative: bool


def _iso(date: datetime.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _add_months(date: datetime.date, months: int) -> datetime.date:
    year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


# --------------------------------------------------------------------------
# Vocabulary.

_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fev": 2,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
}
_WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_FR_MONTH = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
    r"|novembre|d[ée]cembre"
)
_FR_MONTH_ABBR = r"(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\."
# Unambiguous alone (not "mars", the planet, nor "mai").
_FR_MONTH_ALONE = (
    r"janvier|f[ée]vrier|avril|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre"
)
# "May", "March" and "August" are words too: capitalised only.
_EN_MONTH = (
    r"(?-i:May|March|August)|january|february|april|june|july|september|october"
    r"|november|december"
)
_EN_MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_EN_MONTH_ALONE = (
    r"(?-i:January|February|April|June|July|August|September|October|November"
    r"|December)"
)
_FR_WEEKDAY = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_EN_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_YEAR = r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)(?![.,]\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_FR_DAY = rf"(?:1(?:er|ᵉʳ)|premier|{_DAY})"
_EN_DAY = rf"{_DAY}(?:st|nd|rd|th)?"
_AP = "['’]"
_DE = rf"(?:de\s+|d{_AP}\s*)"
_N = (
    rf"(?:\d{{1,3}}|(?:{NUMBER_WORDS_RX})(?:[\s-]+(?:et[\s-]+)?(?:{NUMBER_WORDS_RX}))"
    r"{0,3}|quelques|plusieurs|several|a\s+few|few)"
)

# Every kind of expression is a list of heads: (first words, name of the
# group holding the first word or None, rest of the pattern). Capitalised
# first words are case-sensitive ("May"); None first words mean the pattern
# starts with a digit. The scanner dispatches on the first character of the
# first word, so at each word start the regex engine only tries the few
# heads that can start there.
_Head = tuple[list[str] | None, str | None, str]

_FR_WEEKDAYS = _FR_WEEKDAY.split("|")
_EN_WEEKDAYS = _EN_WEEKDAY.split("|")
_FR_MONTHS = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre"
    " octobre novembre décembre decembre".split()
)
_FR_MONTHS_ALONE = [w for w in _FR_MONTHS if w not in ("mars", "mai")]
_EN_MONTHS = (
    "May March August january february april june july september october"
    " november december".split()
)
_EN_MONTHS_ALONE = (
    "January February April June July August September October November"
    " December".split()
)
_EN_ABBRS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()

_Y = rf"(?P<year>{_YEAR})"
_FR_M = rf"(?P<month>{_FR_MONTH}|{_FR_MONTH_ABBR})"
_FR_AFTER_DAY = rf"\s+{_FR_M}(?:\s+{_Y})?(?:\s+derni(?:er|[eè]re))?"
_FR_DM = rf"(?P<day>1(?:er|ᵉʳ)|premier|{_DAY}){_FR_AFTER_DAY}"
_FR_WD_OPT = rf"(?:(?P<wd>{_FR_WEEKDAY})\s+)?"
_EN_M = rf"(?P<month>{_EN_MONTH}|{_EN_MONTH_ABBR})"
_EN_DM = rf"(?P<day>{_EN_DAY})\s+(?:of\s+)?{_EN_M}(?:,?\s+{_Y})?"
_EN_AFTER_MONTH = rf"\s+(?P<day>{_EN_DAY})(?:,?\s+{_Y})?"
_EN_WD_OPT = rf"(?:(?P<wd>{_EN_WEEKDAY}),?\s+)?"

_FR_EDGE = rf"(?:d[ée]but|fin)\s+(?:{_DE})?"
_A = ["à", "a"]
#: French cues before a month or a year, split into heads: (words, rest).
_FR_CUES: list[tuple[list[str], str]] = [
    (
        "en depuis dès des avant après apres courant durant pendant".split(),
        rf"\s+(?:(?:le\s+)?{_FR_EDGE}|(?:la\s+)?mi-\s*)?",
    ),
    (["jusqu"], rf"{_AP}en\s+(?:(?:le\s+)?{_FR_EDGE}|(?:la\s+)?mi-\s*)?"),
    (["au", "le"], rf"\s+{_FR_EDGE}"),
    (_A, rf"\s+la\s+(?:{_FR_EDGE}|mi-\s*)"),
    (["début", "debut", "fin"], rf"\s+(?:{_DE})?"),
    (["la"], r"\s+mi-\s*"),
    (["mi"], r"-\s*"),
    (["au", "le", "du"], rf"\s+mois\s+{_DE}"),
    (["mois"], rf"\s+{_DE}"),
    (_A, rf"\s+partir\s+{_DE}"),
]
_SEASONS_FR = r"(?:ann[ée]e|[ée]t[ée]|hiver|printemps|automne)"
_FR_YEAR_CUES = _FR_CUES + [
    (["l"], rf"{_AP}{_SEASONS_FR}\s+"),
    (["en", "au"], rf"\s+{_SEASONS_FR}\s+"),
    (_A, rf"\s+l{_AP}{_SEASONS_FR}\s+"),
    (["dès", "des"], rf"\s+l{_AP}{_SEASONS_FR}\s+"),
    ("année annee été ete hiver printemps automne".split(), r"\s+"),
]
_EN_CUES: list[tuple[list[str], str]] = [
    (
        "in since from by until till during before after throughout".split(),
        r"\s+(?:(?:early|late)\s+|mid-?\s*)?",
    ),
    (["early", "late"], r"\s+"),
    (["mid"], r"(?:-\s*|\s+)"),
    (["the"], r"\s+(?:end|beginning|start|middle)\s+of\s+"),
    (["end", "beginning", "start", "middle"], r"\s+of\s+"),
]
_SEASONS_EN = r"(?:year|summer|winter|spring|autumn|fall)"
_EN_YEAR_CUES = _EN_CUES + [
    (["in"], rf"\s+(?:the\s+)?{_SEASONS_EN}\s+(?:of\s+)?"),
    (["the"], rf"\s+{_SEASONS_EN}\s+(?:of\s+)?"),
    ("year summer winter spring autumn fall".split(), r"\s+(?:of\s+)?"),
]
_FR_UNITS = r"(?:jours?|semaines?|mois|heures?|ans|ann[ée]es?)"
_FR_RECENT = (
    rf"(?:{_N}\s+)?(?:derni(?:ers|[eè]res)|prochain(?:e)?s)\s+(?:{_N}\s+)?"
    r"(?:jours|semaines|mois|heures|ann[ée]es|ans)"
)
_FR_TOD = r"(?:matin|soir|apr[èe]s-midi|midi)"
_FR_WD_REST = (
    rf"(?:\s+{_FR_TOD})?(?:\s+(?P<mod>dernier|pass[ée]|prochain))?"
    rf"(?:\s+(?:au\s+)?{_FR_TOD})?"
)
_NUMBER_WORDS = NUMBER_WORDS_RX  # a regex alternation of number words

_FR_KINDS: dict[str, list[_Head]] = {
    "dm_fr": [
        (["le", "du", "au", "ce"], None, rf"\s+{_FR_WD_OPT}{_FR_DM}"),
        (
            "dès des depuis avant après apres pour".split(),
            None,
            rf"\s+le\s+{_FR_WD_OPT}{_FR_DM}",
        ),
        (["jusqu"], None, rf"{_AP}au\s+{_FR_WD_OPT}{_FR_DM}"),
        (_A, None, rf"\s+partir\s+du\s+{_FR_WD_OPT}{_FR_DM}"),
        (_FR_WEEKDAYS, "wd", rf"\s+{_FR_DM}"),
        (["premier"], "day", _FR_AFTER_DAY),
        (None, None, _FR_DM),
    ],
    "ago_fr": [
        (
            ["il"],
            None,
            rf"\s+y\s+a\s+(?P<n>{_N}|une?)\s+(?P<unit>jours?|semaines?|mois|ans|an"
            r"|ann[ée]es?)",
        )
    ],
    "vague_fr": [
        (["la"], None, r"\s+semaine\s+(?:derni[eè]re|pass[ée]e|prochaine)"),
        (["semaine"], None, r"\s+(?:derni[eè]re|pass[ée]e|prochaine)"),
        (["cette"], None, r"\s+semaine"),
        (["ce"], None, r"\s+week-end"),
        (["le"], None, r"\s+week-end\s+dernier"),
        (["ces", "les", "des"], None, rf"\s+{_FR_RECENT}"),
        (["au"], None, rf"\s+cours\s+des\s+{_FR_RECENT}"),
        (["durant", "pendant", "dans"], None, rf"\s+les\s+{_FR_RECENT}"),
        ("récemment recemment dernièrement dernierement".split(), None, ""),
        (["ces"], None, r"\s+derniers\s+temps"),
        (["en", "depuis", "pendant", "durant"], None, rf"\s+{_N}\s+{_FR_UNITS}"),
    ],
    "before_yesterday_fr": [
        (["avant"], None, rf"[-\s]hier(?:\s+{_FR_TOD})?"),
    ],
    "yesterday_fr": [
        (["hier"], None, rf"(?:\s+{_FR_TOD})?"),
        (["la"], None, r"\s+nuit\s+derni[eè]re"),
    ],
    "today_fr": [
        (["aujourd"], None, rf"{_AP}\s*hui"),
        (["ce"], None, r"\s+(?:matin|soir)"),
        (["cet"], None, r"\s+apr[èe]s-midi"),
        (["cette"], None, r"\s+nuit"),
    ],
    "after_tomorrow_fr": [(["après", "apres"], None, r"[-\s]demain")],
    "tomorrow_fr": [(["demain"], None, rf"(?:\s+{_FR_TOD})?")],
    "last_year_fr": [
        (
            ["l"],
            None,
            rf"{_AP}(?:an\s+(?:dernier|pass[ée])|ann[ée]e\s+(?:derni[eè]re"
            r"|pass[ée]e)|[ée]t[ée]\s+(?:dernier|pass[ée]))",
        )
    ],
    "this_year_fr": [
        (["cette"], None, r"\s+ann[ée]e"),
        (["cet"], None, r"\s+[ée]t[ée]"),
    ],
    "next_year_fr": [(["l"], None, rf"{_AP}an(?:n[ée]e)?\s+prochaine?")],
    "last_month_fr": [(["le"], None, r"\s+mois\s+(?:dernier|pass[ée])")],
    "this_month_fr": [(["ce"], None, r"\s+mois(?:-ci)?")],
    "month_fr_cue": [
        (
            words,
            None,
            rf"{rest}(?P<month>{_FR_MONTH})(?:\s+(?P<mod>dernier|pass[ée]|prochain))?"
            rf"(?:\s+{_Y})?",
        )
        for words, rest in _FR_CUES
    ],
    "month_fr_year": [(_FR_MONTHS, "month", rf"\s+{_Y}")],
    "month_fr_mod": [(_FR_MONTHS, "month", r"\s+(?P<mod>dernier|pass[ée]|prochain)")],
    "month_fr_alone": [(_FR_MONTHS_ALONE, "month", "")],
    "year_fr": [(words, None, rest + _Y) for words, rest in _FR_YEAR_CUES],
    "weekday_fr": [
        (
            ["ce", "le", "dès", "des", "depuis"],
            None,
            rf"\s+(?P<wd>{_FR_WEEKDAY}){_FR_WD_REST}",
        ),
        (["jusqu"], None, rf"{_AP}[àa]\s+(?P<wd>{_FR_WEEKDAY}){_FR_WD_REST}"),
        (_FR_WEEKDAYS, "wd", _FR_WD_REST),
    ],
}

_EN_UNITS = r"(?:days?|weeks?|months?|hours?|years?)"
_EN_KINDS: dict[str, list[_Head]] = {
    "dm_en": [
        (["on"], None, rf"\s+{_EN_WD_OPT}(?:the\s+)?{_EN_DM}"),
        (_EN_WEEKDAYS, "wd", rf",?\s+(?:the\s+)?{_EN_DM}"),
        (["the"], None, rf"\s+{_EN_DM}"),
        (None, None, _EN_DM),
    ],
    "md_en": [
        (["on"], None, rf"\s+{_EN_WD_OPT}{_EN_M}{_EN_AFTER_MONTH}"),
        (_EN_WEEKDAYS, "wd", rf",?\s+{_EN_M}{_EN_AFTER_MONTH}"),
        (_EN_MONTHS + _EN_ABBRS, "month", rf"\.?{_EN_AFTER_MONTH}"),
    ],
    "ago_en": [
        (
            [*NUMBER_WORDS, "a", "an", "few", "several"],
            None,
            rf"(?:[\s-]+(?:{_NUMBER_WORDS}|few)){{0,3}}\s+(?P<unit>days?|weeks?"
            r"|months?|years?)\s+ago",
        ),
        (None, None, r"\d{1,3}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago"),
    ],
    "vague_en": [
        (["last", "this", "next", "past"], None, r"\s+week(?:end)?"),
        (
            ["in", "over", "during", "for", "within"],
            None,
            r"\s+(?:the\s+)?(?:recent|past|last|coming|next|previous)\s+"
            rf"(?:{_N}\s+)?{_EN_UNITS}",
        ),
        (
            ["the"],
            None,
            rf"\s+(?:past|last|coming|next|previous)\s+{_N}\s+(?:days|weeks|months"
            r"|hours|years)",
        ),
        (
            ["past", "last", "coming", "next", "previous"],
            None,
            rf"\s+{_N}\s+(?:days|weeks|months|hours|years)",
        ),
        (["recently", "lately"], None, ""),
        (["these"], None, r"\s+days"),
        (
            ["in", "within", "over", "for"],
            None,
            rf"\s+{_N}\s+(?:days?|weeks?|months?|hours?)",
        ),
    ],
    "before_yesterday_en": [(["the"], None, r"\s+day\s+before\s+yesterday")],
    "yesterday_en": [
        (["yesterday"], None, r"(?:\s+(?:morning|afternoon|evening))?"),
        (["last"], None, r"\s+night"),
    ],
    "today_en": [
        (["today", "tonight"], None, ""),
        (["this"], None, r"\s+(?:morning|afternoon|evening)"),
    ],
    "after_tomorrow_en": [(["the"], None, r"\s+day\s+after\s+tomorrow")],
    "tomorrow_en": [(["tomorrow"], None, "")],
    "last_year_en": [(["last"], None, r"\s+(?:year|summer)")],
    "this_year_en": [(["this"], None, r"\s+(?:year|summer)")],
    "next_year_en": [(["next"], None, r"\s+year")],
    "last_month_en": [(["last"], None, r"\s+month")],
    "this_month_en": [(["this"], None, r"\s+month")],
    "month_en_cue": [
        (words, None, rf"{rest}(?P<month>{_EN_MONTH})(?:,?\s+{_Y})?")
        for words, rest in _EN_CUES
    ],
    "month_en_year": [(_EN_MONTHS, "month", rf",?\s+{_Y}")],
    "month_en_mod": [
        (["last", "next", "this", "past"], "mod", rf"\s+(?P<month>{_EN_MONTH})")
    ],
    "month_en_alone": [(_EN_MONTHS_ALONE, "month", "")],
    "year_en": [(words, None, rest + _Y) for words, rest in _EN_YEAR_CUES],
    "weekday_en": [
        (
            ["last", "next", "this", "on", "since", "until", "by"],
            "mod",
            rf"\s+(?P<wd>{_EN_WEEKDAY})(?:\s+(?:night|morning|afternoon|evening))?",
        ),
        (_EN_WEEKDAYS, "wd", r"(?:\s+(?:night|morning|afternoon|evening))?"),
    ],
}
_ISO_KIND: dict[str, list[_Head]] = {
    "iso": [
        (
            None,
            None,
            r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])",
        )
    ]
}

# At one position the first kind that matches wins, so longer constructions
# come first.
_ORDER = [
    "iso",
    "dm",
    "md",
    "ago",
    "vague",
    "before_yesterday",
    "yesterday",
    "today",
    "after_tomorrow",
    "tomorrow",
    "last_year",
    "this_year",
    "next_year",
    "last_month",
    "this_month",
    "month",
    "year",
    "weekday",
]


def _handler(kind: str) -> str:
    for name in _ORDER:
        if kind == name or kind.startswith(name + "_"):
            return name
    raise AssertionError(kind)  # pragma: no cover


_GROUP = re.compile(r"\(\?P<(\w+)>")
_CASED = re.compile(r"\(\?-i:([^()]*)\)")


def _words_rx(words: list[str]) -> str:
    """Alternation of first words; capitalised ones are case-sensitive."""
    cased = [w for w in words if w[0].isupper()]
    plain = trie([w for w in words if not w[0].isupper()])
    return f"(?:(?-i:{'|'.join(cased)})|{plain})" if cased else plain


def _head_rx(head: _Head, suffix: str) -> str:
    """Return the case-aware pattern of a head, groups renamed ``name_suffix``."""
    words, group, rest = head
    if words is None:
        first = ""
    elif group:
        first = f"(?P<{group}>{_words_rx(words)})"
    else:
        first = _words_rx(words)
    return _GROUP.sub(rf"(?P<\1_{suffix}>", first + rest)


def _lowered(pattern: str) -> str:
    """Return the pattern for lower-cased text, without groups nor case scoping."""
    pattern = _CASED.sub(lambda m: f"(?:{m.group(1).lower()})", pattern)
    return _GROUP.sub("(?:", pattern)


@lru_cache(maxsize=4)
def _scanner(
    key: str,
) -> tuple[
    re.Pattern[str], dict[str, str], dict[str, re.Pattern[str]], re.Pattern[str]
]:
    """Compile the patterns for ``key`` ("fr", "en", "both").

    Returns
    -------
    scan : re.Pattern
        Candidate finder over lower-cased text (no ``re.IGNORECASE``): the
        top level is an alternation on the first character, which the regex
        engine rejects in one step. It may accept a little more than the
        exact patterns; every candidate is checked with them.
    markers : dict
        Group name in ``scan`` -> kind.
    exact : dict
        Kind -> its exact, case-aware pattern with named groups.
    full : re.Pattern
        All exact patterns in one alternation (kind-named groups), used when a
        candidate fails its own kind.
    """
    kinds = dict(_ISO_KIND)
    if key in ("fr", "both"):
        kinds.update(_FR_KINDS)
    if key in ("en", "both"):
        kinds.update(_EN_KINDS)
    order = sorted(kinds, key=lambda kind: _ORDER.index(_handler(kind)))
    exact = {}
    full_parts = []
    by_char: dict[str, list[str]] = {}
    markers: dict[str, str] = {}
    for kind in order:
        heads = kinds[kind]
        body = "|".join(_head_rx(head, str(i)) for i, head in enumerate(heads))
        exact[kind] = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I)
        full_parts.append(f"(?P<{kind}>{_GROUP.sub('(?:', body)})")
        for words, _, rest in heads:
            low_rest = _lowered(rest)
            if words is None:
                alternatives = {"": low_rest}
            else:
                firsts: dict[str, list[str]] = {}
                for word in words:
                    firsts.setdefault(word[0].lower(), []).append(word[1:].lower())
                alternatives = {c: trie(ends) + low_rest for c, ends in firsts.items()}
            for char, pattern in alternatives.items():
                marker = f"m{len(markers)}"
                markers[marker] = kind
                by_char.setdefault(char, []).append(f"(?P<{marker}>{pattern})")
    branches = [
        re.escape(char) + f"(?:{'|'.join(alts)})"
        for char, alts in sorted(by_char.items())
        if char
    ]
    branches.append(f"(?=\\d)(?:{'|'.join(by_char[''])})")
    scan = re.compile(rf"(?<!\w)(?:{'|'.join(branches)})(?!\w)")
    full = re.compile(rf"(?<!\w)(?:{'|'.join(full_parts)})(?!\w)", re.I)
    return scan, markers, exact, full


# --------------------------------------------------------------------------
# Resolution.

_Value = tuple[str | None, str | None]
_NONE: _Value = (None, None)


def _shift_days(ref: Reference | None, days: int) -> _Value:
    if ref is None:
        return _NONE
    if ref.precision != "day":
        return ref.iso(), ref.precision
    return (ref.date + datetime.timedelta(days=days)).isoformat(), "day"


def _shift_months(ref: Reference | None, months: int) -> _Value:
    if ref is None:
        return _NONE
    if ref.precision == "year":
        return ref.iso(), "year"
    return _iso(_add_months(ref.date.replace(day=1), months), "month"), "month"


def _shift_years(ref: Reference | None, years: int) -> _Value:
    if ref is None:
        return _NONE
    return f"{ref.date.year + years:04d}", "year"


def _month_number(text: str) -> int:
    return _MONTHS[fold(text).rstrip(".").strip()]


def _day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 1  # "premier"


def _day_month(parts: dict[str, str], ref: Reference | None) -> tuple[_Value, bool]:
    day, month = _day_number(parts["day"]), _month_number(parts["month"])
    if parts.get("year"):
        try:
            return (
                datetime.date(int(parts["year"]), month, day).isoformat(),
                "day",
            ), False
        except ValueError:
            return _NONE, False
    if ref is None:
        return _NONE, True
    year = ref.date.year
    if ref.precision == "month":
        for year in (ref.date.year - 1, ref.date.year, ref.date.year + 1):
            offset = (year - ref.date.year) * 12 + month - ref.date.month
            if -10 < offset <= 2:
                break
    elif ref.precision == "day":
        low, high = _add_months(ref.date, -10), _add_months(ref.date, 2)
        for candidate in (ref.date.year - 1, ref.date.year, ref.date.year + 1):
            try:
                date = datetime.date(candidate, month, day)
            except ValueError:
                continue
            if low < date <= high:
                return (date.isoformat(), "day"), True
        return _NONE, True
    try:
        return (datetime.date(year, month, day).isoformat(), "day"), True
    except ValueError:
        return _NONE, True


def _month(parts: dict[str, str], ref: Reference | None) -> tuple[_Value, bool]:
    month = _month_number(parts["month"])
    if parts.get("year"):
        return (f"{int(parts['year']):04d}-{month:02d}", "month"), False
    if ref is None:
        return _NONE, True
    year, ref_month = ref.date.year, ref.date.month
    if ref.precision != "year":
        mod = fold(parts.get("mod", ""))
        if mod in ("dernier", "passe", "last", "past"):
            year -= int(month >= ref_month)
        elif mod in ("prochain", "next"):
            year += int(month <= ref_month)
        else:
            year -= int(month > ref_month)
    return (f"{year:04d}-{month:02d}", "month"), True


def _weekday(parts: dict[str, str], ref: Reference | None) -> _Value:
    if ref is None:
        return _NONE
    if ref.precision != "day":
        return ref.iso(), ref.precision
    target = _WEEKDAYS[fold(parts["wd"])]
    mod = fold(parts.get("mod", ""))
    if mod in ("prochain", "next"):
        days = (target - ref.date.weekday()) % 7 or 7
    else:
        days = -((ref.date.weekday() - target) % 7)
        if days == 0 and mod in ("dernier", "passe", "last"):
            days = -7
    return (ref.date + datetime.timedelta(days=days)).isoformat(), "day"


_AGO_EN = re.compile(r"(.+?)\s+(?:days?|weeks?|months?|years?)\s+ago", re.I)


def _ago(text: str, parts: dict[str, str], ref: Reference | None) -> _Value:
    if "n" in parts:
        number = parts["n"]
    else:
        m = _AGO_EN.fullmatch(text)
        number = m.group(1) if m else ""
    words = fold(number)
    count = 1 if words in ("un", "une", "a", "an") else parse_number(number)
    unit = fold(parts["unit"])
    if count is None or unit.startswith(("semaine", "week")):
        return _NONE
    if unit.startswith(("jour", "day")):
        return _shift_days(ref, -count)
    if unit.startswith(("mois", "month")):
        return _shift_months(ref, -count)
    return _shift_years(ref, -count)


_SIMPLE = {
    "today": lambda ref: _shift_days(ref, 0),
    "yesterday": lambda ref: _shift_days(ref, -1),
    "before_yesterday": lambda ref: _shift_days(ref, -2),
    "tomorrow": lambda ref: _shift_days(ref, 1),
    "after_tomorrow": lambda ref: _shift_days(ref, 2),
    "last_year": lambda ref: _shift_years(ref, -1),
    "this_year": lambda ref: _shift_years(ref, 0),
    "next_year": lambda ref: _shift_years(ref, 1),
    "last_month": lambda ref: _shift_months(ref, -1),
    "this_month": lambda ref: _shift_months(ref, 0),
}


def _resolve(
    handler: str, text: str, parts: dict[str, str], ref: Reference | None
) -> tuple[_Value, bool]:
    if handler in _SIMPLE:
        return _SIMPLE[handler](ref), True
    if handler in ("dm", "md"):
        return _day_month(parts, ref)
    if handler == "month":
        return _month(parts, ref)
    if handler == "weekday":
        return _weekday(parts, ref), True
    if handler == "ago":
        return _ago(text, parts, ref), True
    if handler == "iso":
        try:
            date = datetime.date(
                int(parts["year"]), int(parts["month"]), int(parts["day"])
            )
        except ValueError:
            return _NONE, False
        return (date.isoformat(), "day"), False
    if handler == "year":
        return (parts["year"], "year"), False
    return _NONE, True  # "vague": no calendar period


def find_dates(
    text: str,
    reference: str | datetime.date | Reference | None = None,
    lang: str | None = None,
) -> list[DateMention]:
    """Find time expressions in a text and resolve them.

    Parameters
    ----------
    text : str
        Any text.
    reference : str, datetime.date, Reference or None
        The dispatch date (``"2016-10-27"``, ``"2016-10"``, ``"2016"``, a
        date); see :meth:`Reference.parse`. Without it only absolute dates
        get a value.
    lang : {"fr", "en"} or None
        Language of the text; None looks for both.

    Returns
    -------
    list of DateMention
        Non-overlapping maximal expressions in text order.

    Raises
    ------
    InputError
        ``reference`` is not a valid date, or ``lang`` is not French, English
        or None.

    Examples
    --------
    >>> [(d.text, d.value, d.precision) for d in find_dates(
    ...     "Mercredi, le 17 octobre et en août, mais pas la semaine dernière",
    ...     reference="2016-10-27")]  # doctest: +NORMALIZE_WHITESPACE
    [('Mercredi', '2016-10-26', 'day'), ('le 17 octobre', '2016-10-17', 'day'),
     ('en août', '2016-08', 'month'), ('la semaine dernière', None, None)]
    >>> [(d.text, d.value) for d in find_dates(
    ...     "On Monday, October 3, 2016, since 2011", lang="en")]
    [('On Monday, October 3, 2016', '2016-10-03'), ('since 2011', '2011')]
    """
    ref = Reference.parse(reference)
    key = grammar_key(lang) or "both"
    if key == DIGITS_ONLY:
        return []  # no date grammar for this language yet: the dispatch date is used
    scan, markers, exact, full = _scanner(key)
    # Lower-casing keeps offsets: U+0130 is the one character it lengthens.
    lowered = text.replace("\u0130", "i").lower()
    mentions = []
    pos = 0
    while True:
        candidate = scan.search(lowered, pos)
        if candidate is None:
            break
        start = candidate.start()
        kind = markers[candidate.lastgroup or ""]
        m = exact[kind].match(text, start)
        if m is None:  # e.g. "may" in lower case: try every kind, case-aware
            other = full.match(text, start)
            if other is None:
                pos = start + 1
                continue
            kind = other.lastgroup or ""
            m = exact[kind].match(text, start)
            assert m is not None
        parts = {
            name.rsplit("_", 1)[0]: value
            for name, value in m.groupdict().items()
            if value is not None
        }
        (value, precision), relative = _resolve(_handler(kind), m.group(), parts, ref)
        mentions.append(
            DateMention(m.group(), start, m.end(), value, precision, relative)
        )
        pos = m.end()
    return mentions


def resolve_date(
    expression: str,
    reference: str | datetime.date | Reference | None = None,
    lang: str | None = None,
) -> DateMention | None:
    """Resolve the first time expression in a short string.

    Parameters
    ----------
    expression : str
        Text holding a time expression (``"jeudi"``, ``"en août"``).
    reference : str, datetime.date, Reference or None
        The dispatch date; see :meth:`Reference.parse`.
    lang : {"fr", "en"} or None
        Language of ``expression``; None looks for both.

    Returns
    -------
    DateMention or None
        The first expression :func:`find_dates` finds, or None.

    Raises
    ------
    InputError
        As :func:`find_dates`.

    Examples
    --------
    >>> resolve_date("samedi", "2016-10-27").value
    '2016-10-22'
    >>> resolve_date("en août", "2016-03").value
    '2015-08'
    >>> resolve_date("rien") is None
    True
    """
    mentions = find_dates(expression, reference, lang)
    return mentions[0] if mentions else None
