"""Kind words around a name (conflict_geo.places.place_cues)."""

from __future__ import annotations

import pytest

from conflict_geo.places.place_cues import kind_after, kind_before


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Des raids sur la province d'Idleb.", "Idleb", "admin1"),
        ("la province syrienne d'Idleb", "Idleb", "admin1"),
        ("the village of Hass", "Hass", "populated"),
        ("le pays de Galles", "Galles", "country"),
        ("les provinces d'Idleb et d'Alep", "Alep", "admin1"),
        ("Des raids sur Idleb.", "Idleb", None),
    ],
)
def test_a_kind_word_before_the_name(text, name, kind):
    assert kind_before(text, text.index(name)) == kind


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("in Aleppo province", "Aleppo", "admin1"),
        ("in Arbin city", "Arbin", "populated"),
        ("Raqqa and Deir ez-Zor provinces", "Raqqa", "admin1"),
        ("Dabiq, a town in the north", "Dabiq", "populated"),
        ("in Aleppo on Monday", "Aleppo", None),
    ],
)
def test_a_kind_word_after_the_name(text, name, kind):
    assert kind_after(text, text.index(name) + len(name)) == kind
