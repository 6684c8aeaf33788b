import pytest

from conflict_geo.exc import QueryTypeError
from conflict_geo.places import geoparse as geoparse_module
from conflict_geo.places.gazetteer import Gazetteer
from conflict_geo.places.geoparse import geoparse
from conflict_geo.places.place import Place
from conflict_geo.text.document import read_document


@pytest.fixture(scope="module")
def seed_mentions(seed_path):
    doc = read_document(seed_path)
    return doc, geoparse(doc.text)


def test_offsets_point_at_the_words(seed_mentions):
    doc, mentions = seed_mentions
    assert mentions
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text


def test_seed_places(seed_mentions):
    _, mentions = seed_mentions
    places = {
        (m.text, m.place.name, m.place.kind)
        for m in mentions
        if m.place and not m.metonymic
    }
    for expected in [
        ("Hass", "Hass", "village"),
        ("Idleb", "Idlib", "admin1"),
        ("Tartous", "Ţarţūs", "city"),
        ("Raqa", "Ar Raqqah", "city"),
        ("Mossoul", "Mosul", "city"),
        ("Minbej", "Manbij", "town"),
        ("Bruxelles", "Brussels", "capital"),
    ]:
        assert expected in places


def test_seed_organisations_and_actors_are_not_places(seed_mentions):
    doc, mentions = seed_mentions
    texts = {m.text for m in mentions}
    assert not texts & {
        "Casques",
        "Al-Qaïda",
        "Al-Nosra",
        "EI",
        "YPG",
        "PYD",
        "OSDH",
        "Otan",
        "NBC",
        "Erdogan",
        "Peskov",
        "Ashton",
    }
    media = doc.text.index("Idleb Media Center")
    assert not any(m.start == media for m in mentions)


def test_seed_metonymy(seed_mentions):
    doc, mentions = seed_mentions
    by_pos = {m.start: m for m in mentions}

    def at(phrase, word):
        return by_pos[doc.text.index(phrase) + phrase.index(word)]

    assert at("raids aériens de Damas", "Damas").metonymic
    assert at("Damas et Moscou", "Moscou").metonymic
    assert at("soutenues par Washington", "Washington").metonymic
    assert at("par Ankara", "Ankara").metonymic
    assert at("reproche à Washington", "Washington").metonymic
    assert at("Moscou a par ailleurs", "Moscou").metonymic
    assert not at("Assad est à Damas", "Damas").metonymic
    assert not at("Kremlin à Moscou", "Moscou").metonymic
    assert not at("Otan à Bruxelles", "Bruxelles").metonymic
    kremlin = at("Le Kremlin a expliqué", "Kremlin")
    assert kremlin.metonymic and kremlin.place.name == "Moscow"


def test_seats_of_government_are_metonyms_not_geonames_translations():
    # GeoNames lists "White House" as a translation of Casablanca; the
    # curated alias claims the spelling for Washington.
    (white_house, aleppo) = geoparse(
        "The White House said it would respond to the strike on Aleppo.", lang="en"
    )
    assert white_house.place.name == "Washington" and white_house.metonymic
    assert not aleppo.metonymic


def test_english_text_with_variants_and_cues():
    text = (
        "Air strikes near the town of Khan Cheikhoun and in Qamishli killed 12 "
        "people, the Syrian Observatory for Human Rights said. The Aleppo Media "
        "Center reported shelling in Aleppo province."
    )
    found = {m.text: m.place for m in geoparse(text, lang="en")}
    assert found["Khan Cheikhoun"].name.startswith("Kh")
    assert found["Qamishli"].country == "SY"
    assert found["Aleppo"].kind == "admin1"
    assert "Syrian" not in found


def test_no_places_is_empty_not_an_error():
    assert geoparse("") == []
    assert geoparse("   \n ") == []
    assert geoparse("Nothing to see here, said the spokesman on Monday.") == []


def test_text_must_be_a_string():
    with pytest.raises(QueryTypeError):
        geoparse(b"bytes")


def test_province_named_after_a_place_disambiguates_it():
    # "Has" is also an alternate name of Ha'il (Saudi Arabia, 600k people)
    has, idleb = geoparse(
        "Des avions ont frappé Has, dans la province d'Idleb, tuant douze civils.",
        lang="fr",
    )
    assert (has.place.name, has.place.admin1) == ("Hass", "Idlib")
    assert idleb.place.kind == "admin1"


def test_spelling_variants_prefer_the_texts_countries():
    mentions = geoparse(
        "Further west in Aleppo province, rebels clashed with IS around the town "
        "of Marea.",
        lang="en",
    )
    marea = next(m for m in mentions if m.text == "Marea")
    assert (marea.place.country, marea.place.admin1) == ("SY", "Aleppo")


def test_names_a_kind_word_calls_a_place_are_kept_unresolved():
    mentions = geoparse(
        "In Aleppo, fighters seized the village of Zahrat Abdo on Monday.",
        lang="en",
        model=None,
    )
    (ratyan,) = [m for m in mentions if m.text == "Zahrat Abdo"]
    assert ratyan.place is None
    assert "not in the gazetteer" in ratyan.reason


def test_a_name_made_a_place_once_stays_a_place_in_the_text():
    text = (
        "Des avions ont visé Khan Cheikhoun, une localité de la province d'Idleb. "
        "Quelques heures plus tard, un raid a visé l'hôpital de Khan Cheikhoun."
    )
    names = [m.place.name for m in geoparse(text, lang="fr") if m.place]
    assert names.count("Khān Shaykhūn") == 2


def test_a_site_code_names_its_base_but_acronyms_stay_actors() -> None:
    mentions = geoparse(
        "Missiles struck the T4 air base in Homs province; the YPG and the SDF "
        "said F16 jets flew over.",
        lang="en",
    )
    by_text = {m.text: m for m in mentions}
    assert by_text["T4"].place.kind == "installation"
    assert by_text["T4"].place.precision == 1
    assert not {"YPG", "SDF", "F16"} & set(by_text)


def test_an_ambiguous_name_does_not_vote_for_the_document_country() -> None:
    # "Anbar" is a Turkish village and Iraq's province: it must not pull
    # Turkey into an Iraqi text's focus.
    text = "Fighting went on near Mosul, Tikrit and in Anbar."
    (anbar,) = [m for m in geoparse(text, lang="en") if m.text == "Anbar"]
    assert anbar.place.country == "IQ"
    assert anbar.place.kind == "admin1"


def test_named_regions_are_areas_with_precision_two() -> None:
    (m,) = [
        m
        for m in geoparse("Des frappes ont visé la Ghouta orientale lundi.", lang="fr")
        if m.place is not None
    ]
    assert m.place.name == "Eastern Ghouta"
    assert m.place.kind == "region"
    assert m.place.precision == 2


def test_a_surname_the_text_gives_a_person_is_no_place_elsewhere() -> None:
    text = (
        "Moscou soutient le président Bachar al-Assad. "
        '"Soit Assad est à Damas, soit c\'est Al-Nosra", a dit le Kremlin.'
    )
    found = {m.text for m in geoparse(text, lang="fr", model=None)}
    assert "Assad" not in found and "Damas" in found
    # a kind word still makes the name a place
    text = "Le président Bachar al-Assad a visité la ville d'Anadan."
    assert "Anadan" in {m.text for m in geoparse(text, lang="fr", model=None)}


def test_a_multiword_name_votes_for_the_focus_as_a_whole() -> None:
    # "Kamal" alone is in Indonesia, "Jisr" in Israel, "Batna" in Algeria
    for text, country in [
        ("Des combats ont eu lieu à Abu Kamal.", "SY"),
        ("Des combats ont eu lieu à Jisr al-Choughour.", "SY"),
        ("Fighting broke out in Kafr Batna.", "SY"),
    ]:
        (m,) = geoparse(text)
        assert m.place.country == country, text


def _village(name: str) -> Place:
    return Place(name, 35.0, 37.0, "SY", "Hama", "village", 500, "test")


def test_answers_remembered_across_texts_follow_a_growing_gazetteer() -> None:
    gaz = Gazetteer([_village("Zorbakh")], name="test")
    text = "Des raids ont frappé Zorbakh et Qurnaqol."
    first = geoparse(text, "fr", gazetteer=gaz, model=None)
    assert [m.text for m in first] == ["Zorbakh"]
    gaz.add([_village("Qurnaqol")])
    again = geoparse(text, "fr", gazetteer=gaz, model=None)
    assert [m.text for m in again] == ["Zorbakh", "Qurnaqol"]


def test_the_memo_of_answers_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geoparse_module._Memo, "LIMIT", 3)
    gaz = Gazetteer([_village("Zorbakh")], name="test")
    texts = ["Raids sur Zorbakh.", "Combats près de Halfaya.", "Selon Damas, rien."]
    want = [repr(geoparse(t, "fr", gazetteer=gaz, model=None)) for t in texts]
    for t, expected in zip(reversed(texts), reversed(want), strict=True):
        assert repr(geoparse(t, "fr", gazetteer=gaz, model=None)) == expected
    memo = geoparse_module._memo(gaz)
    assert len(memo._seen) <= 3 and len(memo.resolved) <= 3


def test_a_long_text_is_read_in_blocks_with_its_offsets():
    from conflict_geo.places.geoparse import BLOCK_CHARS

    paragraph = "Des frappes ont visé Alep et Idleb mardi.\n\n"
    text = paragraph * (2 * BLOCK_CHARS // len(paragraph) + 3)
    found = geoparse(text, "fr")
    assert len(found) == 2 * text.count("Des frappes")
    assert all(text[m.start : m.end] == m.text for m in found)
    assert found[-1].start > 2 * BLOCK_CHARS


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Raqqa was a stronghold of the Islamic State of Iraq and the Levant.",
         "en", "Iraq"),
        ("L'Etat islamique en Irak et au Levant contrôle Raqqa.", "fr", "Irak"),
    ],
)  # fmt: skip
def test_a_country_in_an_actors_name_is_no_place(text, lang, name):
    (m,) = [m for m in geoparse(text, lang=lang, model=None) if m.text == name]
    assert m.metonymic
    assert "actor's name" in m.reason


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # the same preposition lists backers; another one names a place
        ("Des pourparlers sous l'égide de la Russie, de la Turquie et de l'Iran.",
         "fr", {"Russie": True, "Turquie": True, "Iran": True}),
        ("Une région voisine du Golan occupé par Israël et de la Jordanie.", "fr",
         {"Israël": True, "Jordanie": False}),
        # a comma that closes a phrase lists nothing
        ("Backed by Turkey, Syria rebels advance on Al-Bab.", "en",
         {"Turkey": True, "Syria": False}),
        ("Rebels backed by Turkey, Qatar and Saudi Arabia attacked.", "en",
         {"Turkey": True, "Qatar": True, "Saudi Arabia": True}),
        ("Des raids menés par la Russie et la Syrie sur Idleb.", "fr",
         {"Russie": True, "Syrie": True, "Idleb": False}),
    ],
)  # fmt: skip
def test_who_is_named_in_a_list_of_actors(text, lang, expected):
    found = {m.text: m.metonymic for m in geoparse(text, lang=lang, model=None)}
    assert {k: found.get(k) for k in expected} == expected


def test_an_exact_name_just_across_a_border_is_taken_near_the_text():
    text = (
        "Après Alep, Homs, Hama, Lattaquié, Tartous et Deraa, l'armée syrienne "
        "pourchassait les rebelles entre Yabroud et la ville libanaise d'Aarsal."
    )
    (m,) = [m for m in geoparse(text, lang="fr", model=None) if m.text == "Aarsal"]
    assert (m.place.country, m.place.kind) == ("LB", "town")
    assert "km from a place the text names" in m.reason


def test_names_listed_before_a_part_of_a_town_are_its_quarters():
    text = "IS fighters took Mishtanour and Tal Shair in the south of Kobani."
    found = {m.text: m.place for m in geoparse(text, lang="en", model=None)}
    assert found["Mishtanour"].kind == "vicinity"
    assert found["Tal Shair"].kind == "vicinity"
    people = geoparse("Assad and Putin met in Moscow on Monday.", lang="en", model=None)
    assert [m.text for m in people] == ["Moscow"]


def test_a_place_in_an_organisation_spelt_out_before_its_acronym_is_no_place():
    text = (
        "Les peshmergas de l'Union patriotique du Kurdistan (UPK) ont quitté Kirkouk."
    )
    found = {m.text: m.metonymic for m in geoparse(text, lang="fr")}
    assert found.get("Kurdistan", True) is True
    assert found["Kirkouk"] is False
    # a bracket that is no acronym of the words before keeps the place
    found = {
        m.text: m.metonymic
        for m in geoparse("Fighting in Raqqa (Syria) went on.", lang="en")
    }
    assert found == {"Raqqa": False, "Syria": False}


def test_a_source_named_like_a_town_is_no_place():
    text = "Syria's Sana state news agency said the army took Qusair."
    found = {m.text: m.metonymic for m in geoparse(text, lang="en")}
    assert found["Sana"] is True and found["Qusair"] is False
