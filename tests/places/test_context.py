"""Places the gazetteer lacks, located where the text puts them."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from conflict_geo.places.geoparse import geoparse
from conflict_geo.places.place import APPROXIMATE_KINDS, PRECISION_BY_KIND


def _named(text: str, lang: str, name: str):
    return [m for m in geoparse(text, lang=lang, model=None) if m.text == name]


def _km(a, b) -> float:
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians(a.lat))
    return 6371.0 * math.hypot(dlat, dlon)


@pytest.mark.parametrize(
    ("text", "lang", "name", "container"),
    [
        ("Des combats ont eu lieu dans le quartier de Bab Touma à Damas.", "fr",
         "Bab Touma", "Damascus"),
        ("Clashes erupted in the Qadam neighbourhood of Damascus.", "en",
         "Qadam", "Damascus"),
    ],
)  # fmt: skip
def test_a_name_in_a_known_place_lies_there(text, lang, name, container):
    (m,) = _named(text, lang, name)
    assert m.place.kind == "vicinity"
    assert m.place.source == f"context:{container}"
    assert PRECISION_BY_KIND[m.place.kind] == 2


def test_distance_and_bearing_put_the_point_there():
    (m,) = _named(
        "Rebels took the village of Tell Bazzam, some 30 kilometres north of Hama.",
        "en",
        "Tell Bazzam",
    )
    hama = [x for x in geoparse("Hama.", lang="en", model=None)][0].place
    assert m.place.kind == "offset" and PRECISION_BY_KIND["offset"] == 2
    assert _km(m.place, hama) == pytest.approx(30, abs=0.5)
    assert m.place.lat > hama.lat  # north
    assert "30 km north of Ḩamāh" in m.reason


def test_french_distance_and_bearing():
    (m,) = _named(
        "L'armée a repris la localité de Tell Sabeen, à 20 km au sud-est d'Alep.",
        "fr",
        "Tell Sabeen",
    )
    aleppo = geoparse("Alep.", lang="fr", model=None)[0].place
    assert m.place.kind == "offset"
    assert _km(m.place, aleppo) == pytest.approx(20, abs=0.5)
    assert m.place.lat < aleppo.lat and m.place.lon > aleppo.lon


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "L'armée s'est emparée de la ville d'Adra, au nord de Damas.",
            "landmark_area",
        ),
        (
            "L'armée a repris la localité de Zouhra, située à environ 40 km de Damas.",
            "landmark_area",
        ),
        ("L'armée a repris la localité de Zouhra, à 10 km de Damas.", "vicinity"),
    ],
)
def test_a_direction_or_a_distance_alone_places_around_the_landmark(text, kind):
    mentions = geoparse(text, lang="fr", model=None)
    (m,) = [x for x in mentions if x.place and x.place.kind in APPROXIMATE_KINDS]
    assert m.place.kind == kind
    assert m.place.source == "context:Damascus"
    assert PRECISION_BY_KIND[kind] >= 2  # never drawn as an exact point


def test_inside_a_place_is_not_a_direction_from_it():
    # "dans le nord de": in the north of the town, not north of it
    (m,) = _named(
        "Des combats dans le quartier de Cheikh Najjar dans le nord d'Alep.",
        "fr",
        "Cheikh Najjar",
    )
    assert m.place.kind == "vicinity"


def test_a_known_place_that_agrees_with_the_text_is_kept():
    (m,) = _named(
        "The SDF took al-Mansoura, a town some 25 kilometres southwest of Raqqa.",
        "en",
        "al-Mansoura",
    )
    assert m.place.kind not in APPROXIMATE_KINDS
    assert m.place.country == "SY"


def test_a_distance_beyond_reach_places_nothing():
    (m,) = _named(
        "Rebels took the village of Tell Bazzam, some 300 kilometres north of Hama.",
        "en",
        "Tell Bazzam",
    )
    assert m.place is None


def test_two_towns_a_comma_joins_are_a_list_not_a_container():
    mentions = geoparse("Après Homs, Idleb. L'armée a repris la ville.", lang="fr")
    homs = next(m for m in mentions if m.text == "Homs")
    assert homs.place.name == "Homs" and homs.place.kind not in APPROXIMATE_KINDS


def test_a_name_placed_once_is_placed_where_it_recurs():
    text = (
        "L'armée syrienne s'est emparée de la ville d'Adra, au nord de Damas. "
        "Les combats continuent à Adra."
    )
    adra = [m for m in geoparse(text, lang="fr") if m.text == "Adra"]
    assert len(adra) == 2
    assert {m.place.kind for m in adra} == {"landmark_area"}
    assert "placed where the text names it first" in adra[1].reason


def test_a_neighbourhood_lies_in_the_town_named_before():
    text = (
        "Des affrontements ont éclaté à Deraa. Des chars encerclent le quartier "
        "d'Al-Balad, situé près de la frontière."
    )
    (m,) = _named(text, "fr", "Al-Balad")
    assert m.place.kind == "vicinity" and m.place.source == "context:Dar‘ā"


def test_an_article_vouches_for_a_name_in_apposition():
    text = "Les forces ont repris le quartier al-Nour, dans le sud-est de Tal Afar."
    (m,) = _named(text, "fr", "al-Nour")
    assert m.place is not None and m.place.kind == "vicinity"


def test_a_repeated_preposition_lists_a_place_a_model_took_for_a_person():
    text = "Les forces veulent s'emparer d'Al Harak et de Bousra al Harir, dit-on."
    (m,) = [x for x in geoparse(text, lang="fr") if x.text == "Bousra al Harir"]
    assert m.place.kind == "province_area" and m.place.admin1 == "Dar`a"


def test_a_town_in_a_loosely_named_province_stays_put():
    # the press says "province de Damas" for Rif Dimashq
    text = "L'armée contrôle la ville de Yabroud, dans la province de Damas."
    (m,) = [x for x in geoparse(text, lang="fr", model=None) if x.text == "Yabroud"]
    assert m.place.kind == "town" and m.place.admin1 == "Rif Dimashq"


def test_a_name_listed_with_a_village_is_placed_by_it_before_a_distant_town():
    text = (
        "Damas a été bombardée. Les forces se préparent à sécuriser les "
        "secteurs de Flita et Rankous dans la région."
    )
    (m,) = [x for x in geoparse(text, lang="fr") if x.text == "Flita"]
    assert "listed with Rankous" in m.reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Fighting flared across the province of Hama on Monday. Later, an "
            "offensive was reported in Hama and shelling near Hama.",
            "en",
        ),
        (
            "Des combats ont éclaté dans la province de Homs. L'armée mène une "
            "offensive à Homs, selon l'OSDH.",
            "fr",
        ),
    ],
)
def test_a_name_the_text_calls_a_province_stays_the_province(text, lang):
    kinds = [m.place.kind for m in geoparse(text, lang=lang, model=None) if m.place]
    assert kinds and set(kinds) == {"admin1"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Fighting flared across the province of Hama. Rebels hold two districts "
            "of Hama, and shelling hit Hama.",
            "en",
        ),
        (
            "Fighting flared across Hama province. Hama city was shelled, and "
            "rockets fell on Hama.",
            "en",
        ),
        (
            "Des combats ont éclaté dans la province de Homs. Homs, chef-lieu de la "
            "province, a été bombardée.",
            "fr",
        ),
        (
            "Des combats ont éclaté dans la province de Homs. Les quartiers "
            "rebelles de Homs ont été bombardés.",
            "fr",
        ),
    ],
)
def test_a_text_that_also_names_the_town_keeps_the_town(text, lang):
    mentions = [m for m in geoparse(text, lang=lang, model=None) if m.place]
    assert mentions[0].place.kind == "admin1" or "province" not in text.split(".")[0]
    assert {m.place.kind for m in mentions if m.kind_hint != "admin1"} <= {
        "city",
        "town",
    }


def test_a_national_capital_stays_the_capital():
    text = (
        "Des combats ont éclaté dans la province de Damas, a indiqué une "
        "source militaire à Damas."
    )
    kinds = [m.place.kind for m in geoparse(text, lang="fr", model=None) if m.place]
    assert kinds == ["admin1", "capital"]


@pytest.mark.parametrize(
    ("text", "lang", "south"),
    [
        ("Des raids ont visé le village d'Al-Malaja, situé dans le sud de la "
         "province d'Idleb.", "fr", True),
        ("Strikes hit the village of Umm Jalal in northern Idlib province.", "en",
         False),
    ],
)  # fmt: skip
def test_a_village_in_a_part_of_a_province_is_placed_in_that_part(text, lang, south):
    from conflict_geo.places.boundaries import admin1_area

    idlib = admin1_area("Idlib", country="SY")
    (village,) = [
        m for m in geoparse(text, lang=lang, model=None) if m.kind_hint != "admin1"
    ]
    assert village.place.kind == "province_area"
    assert idlib.contains(Point(village.place.lon, village.place.lat))
    assert (village.place.lat < idlib.centroid.y) == south
