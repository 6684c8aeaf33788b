"""Who acted, who was hit, who holds a place (conflict_geo.events.roles)."""

from __future__ import annotations

import pytest

from conflict_geo.events.extract import extract_events


@pytest.mark.parametrize(
    ("text", "lang", "attacker", "holder"),
    [
        (
            "Les forces irakiennes progressaient mercredi dans Baiji, tenue par des "
            "jihadistes, après avoir lancé un assaut à l'aube.",
            "fr",
            "Iraqi forces",
            "Jihadists",
        ),
        (
            "Kurdish forces pushed into Sinjar, held by the Islamic State group, "
            "after launching an assault at dawn.",
            "en",
            "Kurdish forces",
            "Islamic State",
        ),
    ],
)
def test_the_holder_of_a_place_is_not_who_assaults_it(text, lang, attacker, holder):
    events = extract_events(text, lang, "2016-10-27").events
    held = [e for e in events if e.status == "held"]
    assault = [e for e in events if e.event_type == "offensive"]
    assert [e.actor for e in held] == [holder]
    assert [e.actor for e in assault] == [attacker]


@pytest.mark.parametrize(
    ("text", "lang", "actor"),
    [
        (
            "Le 3 mars, l'armée irakienne, soutenue par les avions de la coalition "
            "menée par les Etats-Unis, a lancé une offensive sur Hawija.",
            "fr",
            "Iraqi forces",
        ),
        (
            "Kurdish fighters, backed by U.S. jets and French artillery, launched "
            "an offensive on Tabqa on Monday.",
            "en",
            "Kurdish forces",
        ),
    ],
)
def test_who_backs_an_offensive_in_a_clause_set_off_by_commas_is_not_its_actor(
    text, lang, actor
):
    (event,) = extract_events(text, lang, "2017-03-06").events
    assert event.event_type == "offensive"
    assert event.actor == actor


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Le ministre turc, qui recevait son homologue américain, a assuré que "
            "Manbij avait été reprise aux jihadistes.",
            "fr",
        ),
        (
            "The Turkish minister, who met his American counterpart, said the town "
            "of Manbij was retaken from the jihadists.",
            "en",
        ),
    ],
)
def test_the_subject_before_a_passive_capture_is_not_who_took_the_place(text, lang):
    events = extract_events(text, lang, "2016-10-16").events
    captures = [e for e in events if e.event_type == "control_change"]
    assert captures
    assert all(e.actor in (None, "") for e in captures)
