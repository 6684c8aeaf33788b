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

One compiled regular expression scans the text (linear time): the words and
patterns of each language are in :mod:`conflict_geo.text.date_grammar`, compiled
by :mod:`conflict_geo.text.date_scanner`; :mod:`conflict_geo.text.date_values`
resolves what matched against the :class:`Reference`
(:mod:`conflict_geo.text.reference`).

Examples
--------
>>> [(d.text, d.value) for d in find_dates(
...     "Le Kremlin a expliqué samedi l'intervention (depuis septembre 2015)",
...     reference="2016-10-27")]
[('samedi', '2016-10-22'), ('depuis septembre 2015', '2015-09')]
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from conflict_geo.text.date_scanner import handler_of, scanner
from conflict_geo.text.date_values import resolve_value
from conflict_geo.text.number_words import DIGITS_ONLY, grammar_key
from conflict_geo.text.reference import Reference

__all__ = ["DateMention", "Reference", "find_dates", "resolve_date"]


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
    scan, markers, exact, full = scanner(key)
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
        (value, precision), relative = resolve_value(
            handler_of(kind), m.group(), parts, ref
        )
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
