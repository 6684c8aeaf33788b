"""Kind words around a name (conflict_geo.places.place_cues)."""

from __future__ import annotations

import pytest

from conflict_geo.places.place_cues import kind_after, kind_before


@pytest.mark.parametrize(
    ("text", "name", "before", "after"),
    [
        ("Des raids sur la province d'Idleb.", "Idleb", "admin1", None),
        ("la province syrienne d'Idleb", "Idleb", "admin1", None),
        ("the village of Hass", "Hass", "populated", None),
        ("le pays de Galles", "Galles", "country", None),
        ("les provinces d'Idleb et d'Alep", "Alep", "admin1", None),
        ("in Aleppo province", "Aleppo", None, "admin1"),
        ("in Arbin city", "Arbin", None, "populated"),
        ("Raqqa and Deir ez-Zor provinces", "Raqqa", None, "admin1"),
        ("Dabiq, a town in the north", "Dabiq", None, "populated"),
        ("Des raids sur Idleb.", "Idleb", None, None),
        ("in Aleppo on Monday", "Aleppo", None, None),
    ],
)
def test_a_kind_word_before_or_after_the_name(text, name, before, after):
    start = text.index(name)
    end = start + len(name)
    assert (kind_before(text, start), kind_after(text, end)) == (before, after)


def test_a_kind_word_before_a_comma_is_not_the_next_names():
    from conflict_geo.places.place_cues import kind_before

    text = "several rural areas of Qunaitra province, the Idleb town of Khan Sheikhoun"
    assert kind_before(text, text.index("Idleb")) is None


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("barrel bombs hit the Idleb town of Khan Sheikhoun", "Idleb", "admin1"),
        ("shelling hit the Homs district of Khalidiya", "Homs", "populated"),
    ],
)
def test_the_province_town_of_a_name(text, name, kind):
    from conflict_geo.places.place_cues import kind_after

    end = text.index(name) + len(name)
    assert kind_after(text, end) == kind
