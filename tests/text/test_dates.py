"""Time expressions resolved against the dispatch date (conflict_geo.text.dates)."""

from __future__ import annotations

import datetime

import pytest

from conflict_geo.exc import InputError
from conflict_geo.text.dates import Reference, find_dates, resolve_date

REF = "2016-10-27"  # a Thursday


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("mercredi", "2016-10-26", "day"),
        ("jeudi", "2016-10-27", "day"),
        ("samedi", "2016-10-22", "day"),
        ("Wednesday", "2016-10-26", "day"),
        ("hier", "2016-10-26", "day"),
        ("yesterday", "2016-10-26", "day"),
        ("le 17 octobre", "2016-10-17", "day"),
        ("October 17", "2016-10-17", "day"),
        ("17 octobre 2015", "2015-10-17", "day"),
        ("en août", "2016-08", "month"),
        ("in August", "2016-08", "month"),
        ("depuis septembre 2015", "2015-09", "month"),
        ("en 2011", "2011", "year"),
        ("l'an dernier", "2015", "year"),
        ("last year", "2015", "year"),
    ],
)
def test_resolution_against_a_day(expression, value, precision) -> None:
    d = resolve_date(expression, REF)
    assert d is not None, expression
    assert (d.value, d.precision) == (value, precision)


@pytest.mark.parametrize(
    "expression",
    ["la semaine dernière", "last week", "ces derniers jours", "in the coming weeks"],
)
def test_vague_expressions_are_found_without_a_value(expression: str) -> None:
    d = resolve_date(expression, REF)
    assert d is not None
    assert d.value is None and d.precision is None


def test_day_and_month_fall_in_a_window_around_the_reference() -> None:
    # (reference - 10 months, reference + 2 months]
    assert resolve_date("le 25 janvier", REF).value == "2016-01-25"
    assert resolve_date("le 25 décembre", REF).value == "2016-12-25"
    assert resolve_date("le 1er janvier", "2016-03-01").value == "2016-01-01"
    assert resolve_date("le 28 décembre", "2016-03-01").value == "2015-12-28"


def test_month_is_the_latest_on_or_before_the_reference() -> None:
    assert resolve_date("en août", "2016-03").value == "2015-08"
    assert resolve_date("en octobre", REF).value == "2016-10"


def test_coarse_reference_keeps_its_own_precision() -> None:
    d = resolve_date("mercredi", "2021-10")
    assert (d.value, d.precision, d.relative) == ("2021-10", "month", True)


def test_without_reference_only_absolute_dates_resolve() -> None:
    assert resolve_date("mercredi").value is None
    d = resolve_date("le 17 octobre 2016")
    assert (d.value, d.relative) == ("2016-10-17", False)


def test_bare_numbers_and_lone_may_are_not_dates() -> None:
    assert find_dates("1500 soldats", reference=REF) == []
    assert find_dates("They may attack", reference=REF, lang="en") == []
    assert resolve_date("in May", REF, lang="en").value == "2016-05"


def test_offsets_and_order() -> None:
    text = "Mercredi, le 17 octobre et en août, mais pas la semaine dernière"
    found = find_dates(text, reference=REF)
    assert [d.text for d in found] == [
        "Mercredi",
        "le 17 octobre",
        "en août",
        "la semaine dernière",
    ]
    for d in found:
        assert text[d.start : d.end] == d.text


def test_reference_parse() -> None:
    assert Reference.parse("2016") == Reference(datetime.date(2016, 1, 1), "year")
    assert Reference.parse("2016-10").iso() == "2016-10"
    assert Reference.parse(datetime.datetime(2016, 10, 27, 12)).iso() == "2016-10-27"
    assert Reference.parse(None) is None


@pytest.mark.parametrize("bad", ["27/10/2016", "2016-13", "2016-02-30", "", 2016])
def test_bad_reference_is_an_input_error(bad) -> None:
    with pytest.raises(InputError):
        Reference.parse(bad)


def test_bad_lang_is_an_input_error() -> None:
    with pytest.raises(InputError):
        find_dates("mercredi", lang="de")


def test_invalid_calendar_day_has_no_value() -> None:
    d = resolve_date("le 31 février 2016")
    assert d is None or d.value is None
