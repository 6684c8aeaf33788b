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
