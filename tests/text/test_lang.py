import pytest

from conflict_geo.text.lang import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Des avions ont mené six frappes sur le village de Hass.", "fr"),
        ("Coalition air strikes on Manbij killed two dozen civilians.", "en"),
        ("La province d'Idleb est un bastion de Jaich al-Fatah.", "fr"),
        ("IS still holds the town of Tal Afar, the ministry said.", "en"),
        # no function word at all: endings and letters decide
        ("Russian warplanes struck Jisr al-Shughur overnight.", "en"),
        ("Bombardements meurtriers à Douma", "fr"),
    ],
)
def test_detect(text, lang):
    assert detect_language(text) == lang


def test_default_when_nothing_to_count():
    assert detect_language("Hass Idleb 2016", default="en") == "en"
    assert detect_language("") == "fr"
