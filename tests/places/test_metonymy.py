"""Places that stand for an actor (conflict_geo.places.metonymy)."""

from __future__ import annotations

import pytest

from conflict_geo.places.metonymy import is_metonymic
from conflict_geo.places.place import Place

DAMASCUS = Place("Damascus", 33.51, 36.29, "SY", "Dimashq", "capital", 1_569_394, "t")
HASS = Place("Hass", 35.6, 36.6, "SY", "Idlib", "village", 500, "t")


def _meto(text: str, name: str, place: Place = DAMASCUS) -> bool:
    start = text.index(name)
    return is_metonymic(place, text, start, start + len(name), None)


@pytest.mark.parametrize(
    "text",
    [
        "Damas a accusé Ankara de soutenir les rebelles.",
        "Damas said it would respond.",
        "Le régime de Damas a nié.",
        "the government of Damas denied it",
        "Ankara accused Damas of the attack.",
        "des rebelles soutenus par Damas",
        "Damas-backed militias advanced",
    ],
)
def test_a_capital_that_acts_stands_for_its_government(text):
    assert _meto(text, "Damas")


@pytest.mark.parametrize(
    "text",
    [
        "Des bombardements sur Damas ont tué dix civils.",
        "Une explosion à Damas a fait trois morts.",
        "Damas a été bombardée dimanche.",
    ],
)
def test_a_capital_where_things_happen_is_a_place(text):
    assert not _meto(text, "Damas")


def test_only_capitals_and_countries_stand_for_an_actor():
    assert not _meto("Hass a accusé Ankara.", "Hass", HASS)


@pytest.mark.parametrize(
    "text",
    [
        "Selon Damascus, des drones armés ont été lancés depuis Idleb.",
        "Rebels withdrew, according to Damascus.",
        "The talks opened at Damascus's request.",
        "The raid on the consulate prompted Damascus to warn its neighbours.",
    ],
)
def test_a_source_a_request_or_a_government_made_to_act(text):
    assert _meto(text, "Damascus")


@pytest.mark.parametrize(
    "text",
    [
        "Ministers met in Damascus to discuss the offensive.",
        "Flights from Damascus to Aleppo resumed.",
        "according to the Damascus-based monitor",
        "Damascus's old city was shelled.",
    ],
)
def test_a_place_where_people_meet_travel_or_sit_is_literal(text):
    assert not _meto(text, "Damascus")
