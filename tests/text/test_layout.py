"""The layout of wire copy: datelines and page furniture (conflict_geo.text.layout)."""

from __future__ import annotations

import pytest

from conflict_geo.events.extract import extract_events
from conflict_geo.lang import union_words
from conflict_geo.text.layout import furniture_spans

MARKERS = union_words("related_markers")


def _lines(text: str) -> list[str]:
    return [text[a:b] for a, b in furniture_spans(text, MARKERS)]


def test_a_marker_opens_a_list_of_headlines_until_prose():
    text = (
        "Des frappes ont visé Homs mardi, selon l'OSDH.\n\n"
        "A LIRE AUSSI :\n\n"
        "» Alep : l'armée reprend un quartier\n"
        "Les jihadistes chassés de Manbij\n\n"
        "Le bilan des frappes sur Homs pourrait encore s'alourdir, selon des "
        "secouristes qui fouillent les décombres des immeubles touchés depuis "
        "mardi soir dans le quartier.\n"
    )
    assert _lines(text) == [
        "A LIRE AUSSI :",
        "» Alep : l'armée reprend un quartier",
        "Les jihadistes chassés de Manbij",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Kurdish fighters retake Kobane district",
        "Related: Turkish troops enter Jarablus",
        "• Iraqi army retakes Ramadi",
    ],
)
def test_a_link_on_its_own_line_is_furniture(line):
    text = f"Rebels shelled Aleppo on Monday.\n{line}\nThe army said it hit back.\n"
    assert _lines(text) == [line]


def test_a_short_line_of_prose_ends_the_list():
    text = "Related News\nSyrian army enters Daraa\nShelling killed two in Homs.\n"
    assert _lines(text) == ["Related News", "Syrian army enters Daraa"]


def test_without_a_marker_a_headline_is_the_dispatch():
    text = "Syrian army enters Daraa\nThe army entered Daraa on Friday.\n"
    assert _lines(text) == []


def test_extraction_skips_the_headlines_of_other_articles():
    text = (
        "Raids on Idlib kill 12\n\n"
        "Air strikes killed 12 civilians in Idlib on Tuesday, a monitor said.\n\n"
        "Related stories\n"
        "Turkish troops besiege Afrin\n"
        "Rebels seize Kafr Nabudah\n"
    )
    events = extract_events(text, "en", "2018-03-07").events
    assert {e.mention.text for e in events} == {"Idlib"}
