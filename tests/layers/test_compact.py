from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from conflict_geo.layers._assets import js_literal, safe_script
from conflict_geo.layers.compact import (
    decode_payload,
    embed_payload,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    make_payload,
)

PAYLOADS = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "line\u2028separator\u2029paragraph",
    "<!-- comment",
]


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
    assert col == {"e": "s", "k": ["IS", "YPG"], "d": [0, 0, -1, -1, 1]}


def test_unique_strings_kept_raw():
    col = encode_strings([f"id{i}" for i in range(20)] + [None])
    assert col["e"] == "r"
    assert col["d"][0] == "id0" and col["d"][-1] is None


def test_numbers_delta_and_nulls():
    col = encode_numbers([35.61610, 35.61611, 36.0], scale=100_000, delta=True)
    assert col["z"] == 1
    assert np.cumsum(col["d"]).tolist() == [3561610, 3561611, 3600000]
    col = encode_numbers(pd.array([1, None, 3], dtype="Int64"), delta=True)
    assert col == {"e": "n", "d": [1, None, 3]}


def test_coordinates_rounded_to_5_decimals():
    col = encode_numbers([35.616123456], scale=100_000)
    assert col["d"] == [3561612]


def test_days():
    col = encode_days(pd.to_datetime(["2016-10-26", None]))
    assert col["d"] == [17100, None]


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


def test_embed_plain_and_gzip_roundtrip():
    payload = make_payload(1, {"lat": encode_numbers([1.0])})
    plain = embed_payload(payload)
    assert plain.startswith("{") and decode_payload(plain) == payload
    big = make_payload(3, {"sentence": encode_strings(PAYLOADS[:3] * 1)}, None)
    packed = embed_payload(big, compress=True)
    assert packed.startswith('"gz:') and "<" not in packed
    assert decode_payload(packed) == big


def test_large_payload_compressed_by_default():
    n = 20_000
    payload = make_payload(n, {"x": encode_numbers(np.arange(n) * 7919 % 10007)})
    assert embed_payload(payload).startswith('"gz:')
