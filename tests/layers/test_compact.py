from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from conflict_geo.layers._assets import js_literal, safe_script
from conflict_geo.layers.compact import (
    MISSING,
    column_values,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    factorize,
)
from tests.map_samples import SCRIPT_PAYLOADS as PAYLOADS


@pytest.mark.parametrize("text", PAYLOADS)
def test_js_literal_cannot_break_out_of_script(text):
    out = js_literal({"t": text, "k": [text]})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == {"t": text, "k": [text]}


def test_js_literal_keeps_unicode_small():
    assert js_literal("Alep ‎حلب") == '"Alep ‎حلب"'


def test_js_literal_refuses_nan():
    with pytest.raises(ValueError):
        js_literal(float("nan"))


def test_safe_script():
    assert "</script" not in safe_script("var s = '</script>';")


def test_strings_dictionary_encoded():
    col = encode_strings(["IS", "IS", None, "", "YPG"])
    assert col["e"] == "s" and col["k"] == ["IS", "YPG"]
    assert col["d"].tolist() == [0, 0, -1, -1, 1]


def test_factorize_missing_and_non_strings():
    codes, keys = factorize([np.nan, 3, "3", pd.NA, "a", float("nan"), ""])
    assert keys == ["3", "a"]
    assert codes.tolist() == [-1, 0, 0, -1, 1, -1, -1]
    codes, keys = factorize(pd.Series(["x", None, "x"], dtype="string"))
    assert (codes.tolist(), keys) == ([0, -1, 0], ["x"])


def test_unique_strings_kept_raw():
    col = encode_strings([f"id{i}" for i in range(20)] + [None])
    assert col["e"] == "r"
    assert col["d"][0] == "id0" and col["d"][-1] is None
    assert encode_strings(["a", None], raw=True)["e"] == "r"


def test_numbers_delta_and_nulls():
    col = encode_numbers([35.61610, 35.61611, 36.0], scale=100_000, delta=True)
    assert col["z"] == 1
    assert np.cumsum(col["d"]).tolist() == [3561610, 3561611, 3600000]
    col = encode_numbers(pd.array([1, None, 3], dtype="Int64"), delta=True)
    assert col["e"] == "n" and "z" not in col
    assert col["d"].tolist() == [1, MISSING, 3]
    np.testing.assert_array_equal(column_values(col), [1, np.nan, 3])


def test_coordinates_rounded_to_5_decimals():
    col = encode_numbers([35.616123456], scale=100_000)
    assert col["d"].tolist() == [3561612]
    assert column_values(col).tolist() == [35.61612]


def test_days():
    col = encode_days(pd.to_datetime(["2016-10-26", None]))
    assert col["d"].tolist() == [17100, MISSING]
    tz = pd.Series(pd.to_datetime(["2016-10-26 23:00"]).tz_localize("UTC"))
    assert encode_days(tz)["d"].tolist() == [17100]
    assert encode_days(["1969-12-31"])["d"].tolist() == [-1]


def test_geometry_delta_rings():
    square = shapely.box(36.0, 35.0, 37.0, 36.0).difference(
        shapely.box(36.4, 35.4, 36.6, 35.6)
    )
    parts = encode_geometry(square, scale=10)
    assert len(parts) == 1 and len(parts[0]) == 2  # exterior + hole
    ring = np.cumsum(np.asarray(parts[0][0]).reshape(-1, 2), axis=0)
    assert {tuple(p) for p in ring.tolist()} == {
        (360, 350),
        (370, 350),
        (370, 360),
        (360, 360),
    }
    assert encode_geometry(shapely.Point(0, 0)) == []


@pytest.mark.parametrize("run", [1, 3, 50])
def test_factorize_by_runs_equals_factorize_by_rows(run):
    rng = np.random.default_rng(run)
    texts = ["Aleppo", "Homs", None, "", "Idlib", "Homs"]
    objects = np.array([texts[i] for i in rng.integers(0, 6, 400)], dtype=object)
    values = np.repeat(objects, run)  # runs of one object, as in drawing order
    values[::7] = "Homs"  # equal texts in other objects
    rows = np.arange(len(values))[::-1]
    expected = pd.Series(values[rows], dtype="string").replace("", None)
    codes, keys = factorize(values, rows)
    got = [None if c < 0 else keys[c] for c in codes.tolist()]
    assert got == [None if pd.isna(v) else v for v in expected]
    assert len(keys) == len(set(keys))
