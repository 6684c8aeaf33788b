"""A language's words for a place put from a landmark (``[placement]``)."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from conflict_geo.exc import DataError
from conflict_geo.lang import flatten, get_lexicon, load_lexicon
from conflict_geo.lang.placement import MAX_OFFSET_KM, RelativePosition

LANG = Path(str(resources.files("conflict_geo.lang")))


@pytest.mark.parametrize(
    ("lang", "gap", "position"),
    [
        ("fr", ", au nord de ", RelativePosition(bearing=0.0, km=None)),
        ("fr", ", une ville située à 25 km au sud-ouest de ",
         RelativePosition(bearing=225.0, km=25.0)),
        ("fr", '", situé à environ 40 km de l\'', RelativePosition(None, 40.0)),
        ("fr", ", à 12,5 kilomètres de la ville de ", RelativePosition(None, 12.5)),
        ("en", ", a large town some 25 kilometres southwest of ",
         RelativePosition(bearing=225.0, km=25.0)),
        ("en", " 10 miles north-east of the town of ",
         RelativePosition(bearing=45.0, km=16.09)),
        ("en", ", north of ", RelativePosition(bearing=0.0, km=None)),
    ],
)  # fmt: skip
def test_reads_direction_and_distance(lang, gap, position):
    assert get_lexicon(lang).placement.read(flatten(gap)) == position


@pytest.mark.parametrize(
    ("lang", "gap"),
    [
        ("fr", " dans le nord de "),  # inside the landmark
        ("fr", " de "),
        ("fr", ", à 300 km au nord de "),  # beyond reach
        ("en", " in the north of "),
        ("en", " in northern "),
        ("en", " and "),
    ],
)
def test_other_gaps_place_nothing(lang, gap):
    assert get_lexicon(lang).placement.read(flatten(gap)) is None
    assert MAX_OFFSET_KM < 300


def test_a_language_without_the_section_places_nothing(tmp_path):
    folder = tmp_path / "xx"
    shutil.copytree(LANG / "en", folder)
    cues = (folder / "cues.toml").read_text(encoding="utf-8")
    cues = cues[: cues.index("[placement]")]
    (folder / "cues.toml").write_text(cues, encoding="utf-8")
    assert load_lexicon(folder).placement is None


def test_a_bad_section_names_the_file(tmp_path):
    folder = tmp_path / "xx"
    shutil.copytree(LANG / "en", folder)
    cues = (folder / "cues.toml").read_text(encoding="utf-8")
    cues = re.sub(r"(?m)^bearing_prefix = .*\n", "", cues)
    (folder / "cues.toml").write_text(cues, encoding="utf-8")
    with pytest.raises(DataError, match=r"xx/cues.toml: \[placement\].*bearing_prefix"):
        load_lexicon(folder)
