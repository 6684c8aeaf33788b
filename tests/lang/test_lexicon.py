"""Language knowledge as data: every language a folder, read by named slots."""

from __future__ import annotations

import re
import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import conflict_geo.events.extract as extract_module
from conflict_geo.events.types import EVENT_SPECS
from conflict_geo.exc import ConfigurationError, DataError
from conflict_geo.lang import (
    LANG_PATH_ENV,
    SLOTS,
    available_languages,
    flatten,
    get_lexicon,
    load_lexicon,
    shared_actors,
    union_words,
)
from conflict_geo.text.lang import detect_language

LANG = Path(str(resources.files("conflict_geo.lang")))


def test_the_languages_are_the_folders():
    assert available_languages() == ("en", "fr")


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_fills_every_slot(lang):
    lex = get_lexicon(lang)
    for names in SLOTS.values():
        for name in names:
            assert lex.words(name), f"{lang}: slot {name} is empty"


@pytest.mark.parametrize("lang", available_languages())
def test_trigger_rows_name_known_types(lang):
    assert {row.event_type for row in get_lexicon(lang).triggers} <= set(EVENT_SPECS)


@pytest.mark.parametrize("lang", available_languages())
def test_patterns_are_written_as_flattened_text(lang):
    data = tomllib.loads((LANG / lang / "triggers.toml").read_text(encoding="utf-8"))
    for row in data["trigger"]:
        for pattern in row["patterns"]:
            # escapes aside, no capital: patterns match flattened text
            assert not re.search(r"(?<!\\)[A-Z]", pattern), pattern


@pytest.mark.parametrize("lang", available_languages())
def test_actors_are_the_shared_ones(lang):
    data = tomllib.loads((LANG / lang / "actors.toml").read_text(encoding="utf-8"))
    assert set(data["actor"]) <= set(shared_actors()["actor"])


def test_accents_in_the_data_are_flattened():
    lex = get_lexicon("fr")
    text = "Les forces prorégime"
    assert [name for _, _, name in lex.find_actors(text, flatten(text))] == [
        "Syrian government"
    ]


def test_acronyms_match_case_and_all():
    lex = get_lexicon("en")
    for text, found in (
        ("the town is under siege", []),
        ("IS fighters", ["Islamic State"]),
    ):
        assert [n for _, _, n in lex.find_actors(text, flatten(text))] == found


def test_the_longest_trigger_wins():
    lex = get_lexicon("fr")
    (t,) = lex.find_triggers(flatten("la prise de contrôle de Yabroud"))
    assert (t.event_type, t.sub_type) == ("control_change", "captured")


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ConfigurationError, match="use one of en, fr"):
        get_lexicon("de")
    with pytest.raises(ConfigurationError, match="'de'"):
        extract_module.extract_events("Luftangriffe auf Aleppo.", "de")
    with pytest.raises(ConfigurationError, match="'de'"):
        extract_module.extract_events("", "de")  # before any text is read


def test_a_missing_slot_names_the_file(tmp_path):
    folder = tmp_path / "xx"
    shutil.copytree(LANG / "en", folder)
    cues = (folder / "cues.toml").read_text(encoding="utf-8")
    (folder / "cues.toml").write_text(
        re.sub(r"(?m)^planned = \[[^\]]*\]\n", "", cues), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"xx/cues.toml: \[status\] has no 'planned'"):
        load_lexicon(folder)


def test_a_new_language_is_a_new_folder(tmp_path, monkeypatch):
    """A Spanish folder, and the extractor reads Spanish: no code changes.

    Its numbers are read as digits and its dates not at all until its number
    and date grammar are written: the dispatch date stands in.
    """
    folder = tmp_path / "es"
    shutil.copytree(LANG / "en", folder)
    (folder / "triggers.toml").write_text(
        '[[trigger]]\ntype = "strike"\nsub_type = "air strike"\nstatus = "done"\n'
        "patterns = ['bombardeos? aereos?|ataques? aereos?']\n",
        encoding="utf-8",
    )
    cues = (folder / "cues.toml").read_text(encoding="utf-8")
    cues = cues.replace('in_words = ["in"]', 'in_words = ["en"]')
    cues = cues.replace(
        "function_words = [", 'function_words = ["los", "en", "dejaron", '
    )
    cues = cues.replace("death_nouns = [", 'death_nouns = ["muertos", "civiles", ')
    cues = cues.replace("dead_words = [", 'dead_words = ["muertos", ')
    (folder / "cues.toml").write_text(cues, encoding="utf-8")
    assert load_lexicon(folder).lang == "es"
    monkeypatch.setenv(LANG_PATH_ENV, str(tmp_path))
    assert available_languages() == ("en", "es", "fr")
    text = "Los bombardeos aéreos en Saraqeb dejaron 12 muertos."
    assert detect_language(text) == "es"
    found = extract_module.extract_events(text, None, "2016-10-27")
    (event,) = found.events
    assert (event.event_type, event.mention.place.name, event.fatalities) == (
        "strike",
        "Saraqib",
        12,
    )


@pytest.mark.parametrize("slot", SLOTS["places"])
def test_union_words_joins_every_language(slot):
    expected = {
        w for code in available_languages() for w in get_lexicon(code).words(slot)
    }
    assert union_words(slot) == expected
