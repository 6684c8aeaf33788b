"""Which of a sentence's triggers report an event (conflict_geo.events.triggers)."""

from __future__ import annotations

import pytest

from conflict_geo.events.triggers import usable
from conflict_geo.lang import flatten, get_lexicon


def _kinds(text: str, lang: str) -> list[str]:
    lex = get_lexicon(lang)
    flat = flatten(text)
    return [t.event_type for t in usable(lex.find_triggers(flat), flat, lex)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Des milliers d'habitants ont fui les combats vers la frontière.", "fr"),
        ("Residents fled the fighting overnight.", "en"),
        ("Les rebelles, soutenus par les frappes aériennes de la coalition, avancent.",
         "fr"),
        ("The town was taken without any fighting.", "en"),
    ],
)  # fmt: skip
def test_no_event_in_what_people_fled_what_backed_or_what_did_not_happen(text, lang):
    assert "clash" not in _kinds(text, lang) and "strike" not in _kinds(text, lang)


def test_an_event_is_kept():
    assert "strike" in _kinds("Des frappes aériennes ont visé Idleb.", "fr")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("L'armée est entrée dans Tikrit, l'ancien fief du dictateur.", "fr"),
        ("Troops entered the former IS stronghold on Sunday.", "en"),
        ("The army patrolled the town, a onetime rebel bastion.", "en"),
    ],
)
def test_a_former_holding_is_no_holding(text, lang):
    lex = get_lexicon(lang)
    flat = flatten(text)
    kept = usable(lex.find_triggers(flat), flat, lex)
    assert not [t for t in kept if t.status == "held"]


def test_a_current_stronghold_is_a_holding():
    lex = get_lexicon("en")
    flat = flatten("Raqqa, the main IS stronghold in Syria, was hit.")
    kept = usable(lex.find_triggers(flat), flat, lex)
    assert [t.status for t in kept if t.status == "held"] == ["held"]
