"""Honest geocoding: a spelling guess far from the place is no answer."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import conflict_geo
from conflict_geo.geocoders.gazetteer import GazetteerGeocoder
from conflict_geo.geocoders.plausible import DEFAULT_FOCUS
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.sources import split_place_name
from conflict_geo.text.normalize import fold
from tests.conftest import km


@functools.cache
def uncurated() -> Gazetteer:
    """The embedded gazetteer without the curated places of data/places.csv.

    Most UCDP places are curated now; without them, the villages a gazetteer
    lacks make a pool of a few hundred guesses, as they did before curation.
    """
    return Gazetteer(
        [p for p in embedded_gazetteer() if not p.source.startswith("curated")],
        name="uncurated",
    )


def missing_villages(ucdp_path) -> dict[str, tuple[str, float, float]]:
    """UCDP exact places (where_prec 1) whose name the gazetteer does not hold."""
    gaz = uncurated()
    data = pd.read_csv(ucdp_path, dtype=str)
    data = data[data["where_prec"].astype(float) == 1]
    out: dict[str, tuple[str, float, float]] = {}
    for label, lat, lon in zip(
        data["where_coordinates"],
        data["latitude"].astype(float),
        data["longitude"].astype(float),
        strict=True,
    ):
        names = split_place_name(label)
        key = fold(names[0]) if names else ""
        if len(key) < 4 or key in out:
            continue
        hits = gaz.lookup(names[0], fuzzy=False, limit=3)
        if any(c.why == "name" or c.why.startswith("alternate name") for c in hits):
            continue  # the gazetteer has this name: not a guess
        out[key] = (names[0], lat, lon)
    return out


@pytest.mark.slow
def test_no_fuzzy_guess_lands_far_from_a_syrian_village(ucdp_path):
    villages = missing_villages(ucdp_path)
    assert len(villages) >= 200
    geocoder = GazetteerGeocoder(uncurated())
    far, answered = [], 0
    for name, lat, lon in villages.values():
        found = geocoder.geocode(name)  # no country, no hint
        if found is None:
            continue
        answered += 1
        distance = km(lat, lon, found.latitude, found.longitude)
        if distance > 500:
            far.append((name, found.raw["name"], found.raw["country"], round(distance)))
    assert len(far) <= 0.01 * len(villages), far
    assert answered >= 50  # guesses near the place are still given


@pytest.mark.parametrize("query", ["Baghouz", "Dabiq", "Kashmah", "Dubuqee"])
def test_a_far_guess_is_none_with_the_near_candidates_listed(query):
    assert conflict_geo.geocode(query) is None
    geocoder = GazetteerGeocoder()
    near = geocoder.geocode(query, exactly_one=False)
    for location in near:
        assert location.raw["plausible"] is False
        assert "give country= or bias=" in location.raw["why_not"]


def test_a_guess_with_context_is_plausible():
    geocoder = GazetteerGeocoder()
    # the caller's country makes a guess there plausible
    found = geocoder.geocode("Baghouz", country="TR")
    assert found is not None and found.raw["plausible"] and found.raw["country"] == "TR"
    # a bias point keeps guesses near it, refuses the far ones
    far = geocoder.geocode("Baghouz", bias=(34.46, 40.96))
    assert far is None


@pytest.mark.parametrize(
    ("query", "name", "country"),
    [
        ("Has", "Hass", "SY"),  # not Ha'il, Saudi Arabia
        ("Ariha", "Arīḩā", "SY"),  # not Jericho
        ("Sinjar", "Sinjār", "IQ"),  # the Iraqi town still before a Syrian village
        ("Palmyra", "Tadmur", "SY"),
        ("Paris", "Paris", "FR"),  # exact names elsewhere still answer
        ("Moskow", "Moscow", "RU"),
    ],
)
def test_focus_ranks_the_syrian_place_first(query, name, country):
    found = conflict_geo.geocode(query)
    assert (found.raw["name"], found.raw["country"]) == (name, country)


@pytest.mark.parametrize(
    ("query", "lat", "lon"),
    [
        ("Hmeimim", 35.40, 35.95),
        ("Khmeimim", 35.40, 35.95),
        ("Kweires", 36.19, 37.58),
        ("Shayrat", 34.49, 36.91),
        ("Tiyas", 34.52, 37.63),
        ("T4", 34.52, 37.63),
        ("Tabqa air base", 35.75, 38.57),
        ("Deir ez-Zor air base", 35.28, 40.17),
        ("al-Tanf", 33.49, 38.66),
        ("Ain al-Asad", 33.79, 42.44),
        ("Incirlik", 37.00, 35.43),
    ],
)
def test_bases_the_press_names_are_in_the_curated_table(query, lat, lon):
    found = conflict_geo.geocode(query)
    assert found is not None and found.raw["kind"] == "installation"
    assert km(lat, lon, found.latitude, found.longitude) < 5


def test_the_default_focus_is_syria_then_its_neighbours():
    assert DEFAULT_FOCUS[0] == "SY" and len(DEFAULT_FOCUS) == 8
