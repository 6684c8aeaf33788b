"""The curated tables in data/: sources, and what the gazetteer makes of them."""

from __future__ import annotations

import csv
import importlib.util
import io
import math
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from conflict_geo.places.gazetteer import embedded_gazetteer
from conflict_geo.places.place import KINDS

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = ["places.csv", "aliases.csv", "admin1_names.csv", "country_names.csv"]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", TABLES)
def test_every_curated_row_names_its_source(name: str) -> None:
    rows = _rows(name)
    assert rows
    missing = [i for i, row in enumerate(rows, start=2) if not row["source"].strip()]
    assert not missing, f"data/{name}: rows without a source at lines {missing}"


def test_curated_places_are_in_the_embedded_gazetteer() -> None:
    gaz = embedded_gazetteer()
    for row in _rows("places.csv"):
        assert row["kind"] in KINDS
        lat, lon = float(row["lat"]), float(row["lon"])
        assert not (lat == 0 and lon == 0)
        best = gaz.lookup(row["name"], country=row["country"], fuzzy=False)
        assert best, row["name"]
        near = [
            c
            for c in best
            if math.isclose(c.place.lat, lat, abs_tol=1e-3)
            and math.isclose(c.place.lon, lon, abs_tol=1e-3)
        ]
        assert near, (row["name"], [c.place.name for c in best])


def _propose():
    path = Path(__file__).resolve().parents[1] / "scripts" / "propose_places.py"
    spec = importlib.util.spec_from_file_location("propose_places", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_places_proposed_from_ucdp_are_all_curated(ucdp_path: Path) -> None:
    # Re-running the curation aid after the build proposes nothing: every
    # place it picks from the UCDP file is already in the gazetteer.
    out = io.StringIO()
    with redirect_stdout(out):
        assert _propose().main([str(ucdp_path)]) == 0
    assert out.getvalue() == ""


def test_proposed_rows_cite_their_ucdp_event(ucdp_path: Path) -> None:
    module = _propose()
    module.known = lambda names, lat, lon: False  # as if the gazetteer were empty
    rows = list(module.proposals(ucdp_path, min_events=20, min_area_events=50))
    assert rows
    for row in rows:
        assert "UCDP GED 19.1" in row["source"] and "first id" in row["source"]
        assert row["kind"] in KINDS
    assert {"Aleppo", "Eastern Ghouta"} <= {r["name"] for r in rows}


def test_arabic_names_answer_without_their_article() -> None:
    gaz = embedded_gazetteer()
    (best, *_) = gaz.lookup("Tamura", country="SY", fuzzy=False)
    assert best.place.name == "Al Tamura" and best.match >= 0.97
    (best, *_) = gaz.lookup("Hawijah", country="IQ", fuzzy=False)
    assert best.place.name == "Al Ḩawījah" and best.match >= 0.97


def test_a_province_name_is_not_a_village_abroad() -> None:
    # GeoNames gives a Turkish village the alternate name "Anbar"
    (best, *_) = embedded_gazetteer().lookup("Anbar", fuzzy=False)
    assert (best.place.name, best.place.kind) == ("Al-Anbar", "admin1")
    # a place of the province's own country keeps the spelling
    (best, *_) = embedded_gazetteer().lookup("Idleb", fuzzy=False)
    assert (best.place.name, best.place.kind) == ("Idlib", "city")
