"""Resolve a time expression's parts against the reference date."""

from __future__ import annotations

import datetime
import re

from conflict_geo.text.date_grammar import MONTHS, WEEKDAYS
from conflict_geo.text.normalize import fold
from conflict_geo.text.number_words import parse_number
from conflict_geo.text.reference import Reference, add_months, iso_at

__all__ = ["Value", "resolve_value"]


Value = tuple[str | None, str | None]
_NONE: Value = (None, None)


def _shift_days(ref: Reference | None, days: int) -> Value:
    if ref is None:
        return _NONE
    if ref.precision != "day":
        return ref.iso(), ref.precision
    return (ref.date + datetime.timedelta(days=days)).isoformat(), "day"


def _shift_months(ref: Reference | None, months: int) -> Value:
    if ref is None:
        return _NONE
    if ref.precision == "year":
        return ref.iso(), "year"
    return iso_at(add_months(ref.date.replace(day=1), months), "month"), "month"


def _shift_years(ref: Reference | None, years: int) -> Value:
    if ref is None:
        return _NONE
    return f"{ref.date.year + years:04d}", "year"


def _month_number(text: str) -> int:
    return MONTHS[fold(text).rstrip(".").strip()]


def _day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 1  # "premier"


def _day_month(parts: dict[str, str], ref: Reference | None) -> tuple[Value, bool]:
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
        low, high = add_months(ref.date, -10), add_months(ref.date, 2)
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


def _month(parts: dict[str, str], ref: Reference | None) -> tuple[Value, bool]:
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


def _weekday(parts: dict[str, str], ref: Reference | None) -> Value:
    if ref is None:
        return _NONE
    if ref.precision != "day":
        return ref.iso(), ref.precision
    target = WEEKDAYS[fold(parts["wd"])]
    mod = fold(parts.get("mod", ""))
    if mod in ("prochain", "next"):
        days = (target - ref.date.weekday()) % 7 or 7
    else:
        days = -((ref.date.weekday() - target) % 7)
        if days == 0 and mod in ("dernier", "passe", "last"):
            days = -7
    return (ref.date + datetime.timedelta(days=days)).isoformat(), "day"


_AGO_EN = re.compile(r"(.+?)\s+(?:days?|weeks?|months?|years?)\s+ago", re.I)


def _ago(text: str, parts: dict[str, str], ref: Reference | None) -> Value:
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


def resolve_value(
    handler: str, text: str, parts: dict[str, str], ref: Reference | None
) -> tuple[Value, bool]:
    """Return the (ISO value, precision) of an expression, and whether it is relative.

    ``handler`` is its kind's handler (:func:`~.date_scanner.handler_of`),
    ``parts`` the groups it matched, ``ref`` the dispatch date.
    """
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
