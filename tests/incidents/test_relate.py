"""How two findings of a document relate (conflict_geo.incidents.relate)."""

from __future__ import annotations

import pytest

from conflict_geo.events.extract import extract_events
from conflict_geo.incidents.relate import (
    camps_differ,
    kinds_agree,
    place_score,
    same_count,
    tolls_differ,
)


def _finding(text: str, lang: str = "en"):
    (event,) = extract_events(text, lang, "2016-10-27").events
    return event


@pytest.mark.parametrize(
    ("a", "b", "same"), [(96, 100, True), (23, 30, False), (0, 0, True), (4, 5, True)]
)
def test_same_count(a, b, same):
    assert same_count(a, b) is same


def test_place_score_of_a_town_and_its_environs():
    near = _finding("Rockets hit a marketplace near Damascus on Friday.")
    douma = _finding("Rockets hit Douma on Friday.")
    far = _finding("Rockets hit Homs on Friday.")
    assert place_score(near, douma) == 2
    assert place_score(near, far) == 0
    assert place_score(douma, douma) == 3


def test_kinds_and_camps():
    army = _finding("The army launched an offensive on Fallujah on Tuesday.")
    fight = _finding("Iraqi forces fought Islamic State militants in Fallujah.")
    assert kinds_agree(army, fight) or camps_differ(army, fight) is False
    rebels = _finding("Rebels launched an offensive on Aleppo on Tuesday.")
    turkey = _finding("Turkey launched an offensive on Aleppo on Tuesday.")
    assert not camps_differ(rebels, turkey)  # one camp in Syria's war


def test_tolls_differ_only_when_far_apart():
    a = _finding("An air strike killed 30 people in Douma on Tuesday.")
    b = _finding("An air strike killed 23 people in Douma on Tuesday.")
    c = _finding("An air strike killed 28 people in Douma on Tuesday.")
    assert tolls_differ(a, b) and not tolls_differ(a, c)
