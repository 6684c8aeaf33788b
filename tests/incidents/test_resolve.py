"""Incident resolution: the reports of one incident in a dispatch are one event."""

from __future__ import annotations

from conflict_geo.events.extract import extract_events


def _events(text: str, lang: str = "fr", date: str = "2016-10-27", **options):
    return extract_events(text, lang, date, **options).events


def test_headline_lead_and_body_are_one_incident():
    text = (
        "Raids sur la province d'Idleb : 12 morts\n"
        "Des frappes aériennes ont tué 12 civils mardi dans la province d'Idleb. "
        "Les raids ont visé le village de Hass, selon l'OSDH. "
        "Ces frappes ont aussi détruit une école."
    )
    (strike,) = _events(text)
    assert strike.mention.place.name == "Hass"  # the most precise place
    assert strike.fatalities == 12
    assert len(strike.evidence) == 4  # every sentence that told it
    assert "reported in 4 sentences" in strike.notes


def test_the_toll_in_one_sentence_and_the_village_in_the_next():
    text = (
        "Huit civils ont été tués samedi dans des raids aériens, selon l'OSDH. "
        "Ces raids avaient visé la localité de Kafr Nabl."
    )
    (strike,) = _events(text)
    assert (strike.mention.place.name, strike.fatalities) == ("Kafranbel", 8)


def test_the_latest_toll_wins_and_earlier_ones_are_kept():
    text = (
        "Des frappes ont tué 35 civils à Hass, selon un nouveau bilan. "
        "Un précédent bilan faisait état de 26 morts."
    )
    (strike,) = _events(text)
    assert (strike.fatalities, strike.fatalities_earlier) == (35, 26)
    assert strike.fatalities_history == (26, 35)


def test_a_toll_split_among_places_goes_to_each_place():
    text = (
        "Des raids ont frappé Al-Bab et la ville d'Alep samedi. "
        "Le bilan s'est élevé à 40 civils tués, 30 à Al-Bab et 10 à Alep."
    )
    tolls = {e.mention.place.name: e.fatalities for e in _events(text)}
    assert tolls == {"Al Bāb": 30, "Aleppo": 10}


def test_a_roll_up_is_an_aggregate_never_summed_with_its_parts():
    text = (
        "Un raid a tué 5 civils à Hass mardi. "
        "Les raids sur la province d'Idleb ont fait plus de 80 morts en six jours."
    )
    events = _events(text)
    (roll_up,) = [e for e in events if e.aggregate]
    (hass,) = [e for e in events if not e.aggregate]
    assert (roll_up.fatalities, roll_up.mention.place.kind) == (80, "admin1")
    assert hass.fatalities == 5


def test_two_days_at_one_place_are_two_strikes():
    text = (
        "Un raid aérien a tué 10 personnes samedi à Jisr al-Choughour. "
        "Vingt raids ont frappé la ville dimanche."
    )
    assert len([e for e in _events(text) if e.event_type == "strike"]) == 2


def test_opposite_camps_taking_one_town_are_two_changes_of_hands():
    text = (
        "L'armée syrienne a repris Saraqeb mercredi. "
        "Quelques heures plus tard, les rebelles ont repris Saraqeb."
    )
    changes = [e for e in _events(text) if e.event_type == "control_change"]
    assert {e.actor for e in changes} == {"Syrian government", "Rebels"}


def test_a_capture_and_a_holding_are_different_incidents():
    text = (
        "Les rebelles tiennent toujours Daraya. "
        "L'armée a pris le village de Moadamiyeh."
    )
    statuses = sorted(e.status for e in _events(text))
    assert statuses == ["done", "held"]


def test_the_battle_that_ended_in_a_capture_is_folded_into_it():
    text = (
        "Les forces gouvernementales ont repris Kassab dimanche. "
        "Les combats avaient duré trois mois et l'armée avait lancé un assaut "
        "sur Kassab vendredi."
    )
    events = _events(text)
    assert [e.event_type for e in events] == ["control_change"]
    kept = _events(text, fold_battles=False)
    assert {e.event_type for e in kept} >= {"control_change", "offensive"}


def test_a_holding_by_the_side_that_lost_the_town_is_its_former_state():
    found = extract_events(
        "L'armée syrienne a pris le contrôle de la ville rebelle de Yabroud.",
        "fr",
        "2016-10-27",
    )
    assert [e.status for e in found.events] == ["done"]
    assert any("former holding" in u["reason"] for u in found.unmapped)


def test_a_part_of_a_town_taken_settles_nothing():
    events = _events(
        "Les forces irakiennes ont repris deux quartiers de Tal Afar. "
        "La ville, tenue par l'EI, reste un bastion jihadiste."
    )
    assert {e.status for e in events} == {"done", "held"}


def test_a_country_is_the_setting_of_the_strikes_placed_finer():
    events = _events(
        "Des raids ont frappé la Syrie mardi. Les raids ont visé Saraqeb mardi."
    )
    assert [e.mention.place.name for e in events] == ["Saraqib"]


def test_background_is_reported_not_mapped():
    found = extract_events(
        "Les jihadistes s'étaient emparés de Palmyre en mai 2015. "
        "L'armée a repris Palmyre dimanche.",
        "fr",
        "2016-03-28",
    )
    assert [e.date for e in found.events] == ["2016-03-27"]
    assert any("background" in u["reason"] for u in found.unmapped)
    kept = extract_events(
        "Les jihadistes s'étaient emparés de Palmyre en mai 2015.",
        "fr",
        "2016-03-28",
        history_days=None,
    )
    assert len(kept.events) == 1


def test_placeless_findings_take_the_place_of_the_event_before():
    (clash, *_) = [
        e
        for e in _events(
            "Les forces irakiennes ont repris Ramadi. "
            "Des accrochages se poursuivaient toutefois mardi."
        )
        if e.event_type == "clash"
    ]
    assert clash.mention.place.name == "Ramadi"


def test_a_planned_offensive_joins_the_one_under_way():
    text = (
        "Turkish-backed rebels advanced on Al-Bab on Sunday. "
        "Their objective is to capture Al-Bab within days."
    )
    (offensive,) = [e for e in _events(text, "en") if e.event_type == "offensive"]
    assert offensive.status == "ongoing"


def test_incidents_come_in_text_order_holdings_last():
    text = "Raqqa, le fief de l'EI, a été bombardée. Des raids ont visé Tabqa."
    assert [e.status for e in _events(text)] == ["done", "done", "held"]


def test_a_toll_by_town_goes_to_the_strike_on_one_of_its_quarters():
    text = (
        "Les frappes ont visé Al-Bab et le quartier d'Al-Kallasa dans la ville "
        "d'Alep. Le bilan s'est élevé à 40 civils tués, 31 à Al-Bab et 9 à Alep."
    )
    tolls = {e.mention.text: e.fatalities for e in _events(text)}
    assert tolls == {"Al-Bab": 31, "Al-Kallasa": 9}


def test_either_side_may_be_named_first_in_a_clash():
    text = (
        "Des combats opposent les jihadistes de l'EI aux YPG à Kobané. "
        "Une source kurde l'a confirmé sur les réseaux sociaux. "
        "Un habitant a décrit la nuit au téléphone. "
        "Dans la nuit, les YPG ont tendu une embuscade aux jihadistes, tuant 14 "
        "d'entre eux."
    )
    clashes = [e for e in _events(text) if e.event_type == "clash"]
    assert len(clashes) == 1
    assert clashes[0].fatalities == 14


def test_an_offensive_folds_the_siege_and_fighting_of_its_camp():
    text = (
        "L'armée irakienne a lancé une offensive sur Fallouja mardi. "
        "Les forces irakiennes encerclent la ville. "
        "Les forces irakiennes affrontent les jihadistes à Fallouja."
    )
    (offensive,) = _events(text)
    assert offensive.event_type == "offensive"
    assert len(offensive.evidence) == 3


def test_a_siege_by_the_other_camp_stays_apart():
    text = (
        "L'EI assiège l'aéroport militaire de Deir ez-Zor depuis des mois. "
        "L'armée syrienne a lancé une offensive pour briser le siège de l'aéroport."
    )
    kinds = [e.event_type for e in _events(text)]
    assert "offensive" in kinds and "siege" in kinds


def test_a_battles_toll_goes_to_the_capture_it_ended_in():
    text = (
        "Turkish-backed rebels have seized full control of Jarabulus. "
        "At least 54 jihadists were killed in the ongoing operation, said the source."
    )
    (capture,) = _events(text, "en")
    assert (capture.event_type, capture.fatalities) == ("control_change", 54)
