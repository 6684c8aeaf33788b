"""A town named with a facility word is its facility, when the gazetteer has it."""

from __future__ import annotations

import pytest

from conflict_geo.places.geoparse import geoparse


def _place(text: str, lang: str, name: str):
    (m,) = [m for m in geoparse(text, lang=lang, model=None) if m.text == name]
    return m


@pytest.mark.parametrize(
    ("text", "lang", "name", "facility"),
    [
        ("Troops fled the fight over Tabqa base on Sunday.", "en", "Tabqa",
         "Tabqa Air Base"),
        ("Rebels shelled Hama military airport overnight.", "en", "Hama",
         "Hamah Military Airport"),
        ("Deir ez-Zor's airport was cut off.", "en", "Deir ez-Zor",
         "Deir ez Zor airport"),
        ("Le siège de l'aéroport militaire de Deir ez-Zor a été brisé.", "fr",
         "Deir ez-Zor", "Deir ez Zor airport"),
        ("La base aérienne de Tabqa est tombée.", "fr", "Tabqa", "Tabqa Air Base"),
    ],
)  # fmt: skip
def test_a_facility_word_names_the_facility(text, lang, name, facility):
    m = _place(text, lang, name)
    assert (m.place.name, m.place.kind) == (facility, "installation")
    assert m.reason.startswith(f"the {facility} of ")


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("La ville de Tabqa est tombée.", "fr", "Tabqa"),
        ("Rebels shelled Tabqa and its surroundings.", "en", "Tabqa"),
        # a facility word, but no such facility named after the town
        ("The army reinforced its base in Saraqeb.", "en", "Saraqeb"),
    ],
)
def test_a_town_stays_a_town(text, lang, name):
    m = _place(text, lang, name)
    assert m.place.kind != "installation"
