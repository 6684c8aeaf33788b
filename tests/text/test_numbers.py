"""Counts in French and English text (conflict_geo.text.numbers)."""

from __future__ import annotations

import pytest

from conflict_geo.exc import InputError
from conflict_geo.text.numbers import (
    Quantity,
    find_quantities,
    following_word,
    parse_number,
)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("trente-cinq", 35),
        ("vingt et un", 21),
        ("quarante et une", 41),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-sept", 97),
        ("cent", 100),
        ("deux cents", 200),
        ("deux mille cinq cents", 2500),
        ("deux-mille-cinq-cents", 2500),
        ("septante", 70),
        ("nonante-neuf", 99),
        ("twenty-one", 21),
        ("two hundred and five", 205),
        ("a thousand", 1000),
        ("one hundred thousand", 100_000),
        ("dozen", 12),
    ],
)
def test_parse_number(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize("words", ["", "maison", "premier", "first", "la moitié"])
def test_parse_number_rejects_what_is_not_a_count(words: str) -> None:
    assert parse_number(words) is None


def _values(text: str, lang: str | None = None) -> list[tuple[str, int | None]]:
    return [(q.text, q.value) for q in find_quantities(text, lang)]


def test_seed_tolls() -> None:
    text = (
        "tuant 35 civils, dont 11 enfants, qui avait auparavant donné un bilan "
        "de 26 morts; plus de 89 morts et 150 blessés"
    )
    found = find_quantities(text, "fr")
    assert [(q.text, q.value, q.qualifier) for q in found] == [
        ("35", 35, None),
        ("11", 11, None),
        ("26", 26, None),
        ("plus de 89", 89, "more_than"),
        ("150", 150, None),
    ]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_number_words_in_both_languages() -> None:
    assert _values("trente-cinq civils ont été tués", "fr") == [("trente-cinq", 35)]
    assert _values("twenty-one people were killed", "en") == [("twenty-one", 21)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300.000 morts", 300_000),
        ("300 000 morts", 300_000),
        ("300\u00a0000 morts", 300_000),
        ("300\u202f000 morts", 300_000),
        ("1,500 dead", 1500),
        ("1,5 million de réfugiés", 1_500_000),
        ("2.5 million refugees", 2_500_000),
    ],
)
def test_digit_groups_and_multipliers(text: str, value: int) -> None:
    assert find_quantities(text)[0].value == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("une vingtaine de blessés", 20, "about"),
        ("une centaine de morts", 100, "about"),
        ("un millier de déplacés", 1000, "about"),
        ("a dozen civilians", 12, "about"),
        ("half a dozen fighters", 6, "about"),
        ("au moins 12 morts", 12, "at_least"),
        ("at least 12 people", 12, "at_least"),
        ("more than 40 dead", 40, "more_than"),
        ("près de 30 morts", 30, "about"),
        ("jusqu'à 50 morts", 50, "up_to"),
    ],
)
def test_qualifiers_and_approximate_nouns(text, value, qualifier) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.qualifier) == (value, qualifier)
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text", ["des dizaines de morts", "quelques centaines de blessés", "dozens of"]
)
def test_vague_plurals_have_no_value(text: str) -> None:
    (q,) = find_quantities(text)
    assert q.value is None


def test_articles_and_ordinals_are_not_counts() -> None:
    assert find_quantities("un homme a été tué dans une frappe", "fr") == []
    assert find_quantities("a man was killed in an air strike", "en") == []
    assert find_quantities("le premier raid, la moitié des habitants", "fr") == []
    assert _values("au moins un mort", "fr") == [("au moins un", 1)]


def test_separate_numbers_stay_separate() -> None:
    assert [q.value for q in find_quantities("entre 10 et 15 morts", "fr")] == [10, 15]


def test_language_avoids_cross_language_clashes() -> None:
    # English "seize" (to take) is French sixteen.
    assert find_quantities("rebels seize the town", "en") == []
    assert [q.value for q in find_quantities("seize morts", "fr")] == [16]


def test_following_word() -> None:
    text = "89 morts en 24 heures"
    first, second = find_quantities(text, "fr")
    assert following_word(text, first) == "morts"
    assert following_word(text, second) == "heures"


def test_offsets_survive_characters_that_grow_when_lowered() -> None:
    text = "İdlib: 12 morts"
    (q,) = find_quantities(text, "fr")
    assert text[q.start : q.end] == "12"


def test_bad_lang_is_an_input_error() -> None:
    with pytest.raises(InputError):
        find_quantities("12", lang="de")


def test_long_text_is_linear() -> None:
    text = "plus de 89 morts et 150 blessés. " * 20_000
    found = find_quantities(text, "fr")
    assert len(found) == 40_000
    assert all(isinstance(q, Quantity) for q in found[:3])
