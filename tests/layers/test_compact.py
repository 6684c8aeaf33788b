from __future__ import annotations

import base64
import gzip
import json

import numpy as np
import pandas as pd
import pytest
import shapely

from conflict_geo.layers._assets import js_literal, safe_script
from conflict_geo.layers.compact import (
    MISSING,
    column_values,
    decode_payload,
    embed_payload,
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    factorize,
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
    assert encode_strings(["a", "a", "", None], raw=True)["d"] == ["a", "a", None, None]


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


def _sample_payload(n: int) -> dict:
    rng = np.random.default_rng(n)
    lat = np.sort(rng.uniform(32.0, 37.0, n))
    tolls = rng.integers(0, 300, n).astype(float)
    tolls[:: max(n // 5, 1)] = np.nan
    types = encode_strings(rng.choice(["strike", "clash", ""], n))
    return make_payload(
        n,
        {
            "lat": encode_numbers(lat, scale=100_000, delta=True),
            "lon": encode_numbers(rng.uniform(-180, 180, n), scale=100_000),
            "big": encode_numbers(rng.integers(-(2**40), 2**40, n)),
            "small": encode_numbers(rng.integers(-128, 128, n)),  # -128 marks missing
            "tolls": encode_numbers(tolls),
            "none": encode_numbers(np.full(n, np.nan)),
            "date": encode_days(pd.Series(pd.NaT, index=range(n))),
            "type": types,
            "label": {**types, "k": [k.upper() for k in types["k"]]},
            "text": encode_strings([PAYLOADS[i % 6] for i in range(n)]),
            "id": encode_strings(
                [f"e\x1f{i}" if i % 7 else None for i in range(n)], raw=True
            ),
            "sep": encode_strings([f"{i}\x1f\x1e\x1d\x1c\x00" for i in range(n)]),
        },
        [encode_geometry(shapely.box(36.0, 35.0, 37.0, 36.0))],
    )


@pytest.mark.parametrize("n", [0, 1, 9, 5000])
def test_binary_container_decodes_like_plain_json(n):
    payload = _sample_payload(n)
    plain = embed_payload(payload, compress=False)
    packed = embed_payload(payload, compress=True)
    assert plain.startswith("{") and packed.startswith('"gz:')
    assert "<" not in plain and "<" not in packed
    expected = json.loads(plain)
    assert decode_payload(plain) == expected
    assert decode_payload(packed) == expected
    if n:
        assert expected["cols"]["tolls"]["d"][0] is None
        assert expected["cols"]["id"]["d"][0] is None
        assert expected["cols"]["big"]["d"] == payload["cols"]["big"]["d"].tolist()


def _header(expression: str) -> dict:
    blob = gzip.decompress(base64.b64decode(expression[4:-1]))
    size = int.from_bytes(blob[4:8], "little")
    assert blob[:4] == b"CGB1"
    return json.loads(blob[8 : 8 + size])


def test_binary_container_is_deterministic_and_narrow():
    payload = _sample_payload(5000)
    assert embed_payload(payload) == embed_payload(_sample_payload(5000))
    cols = _header(embed_payload(payload))["cols"]
    types = {k: c["d"]["t"] for k, c in cols.items() if isinstance(c["d"], dict)}
    assert types["small"] == "i16" and types["type"] == "i8"
    assert types["tolls"] == "u16" and types["big"] == "f64"
    assert cols["none"]["d"] == {"t": "k", "v": None}  # constant column
    assert types["lat"] == "u16" and cols["lat"]["b"] > 3_000_000  # small deltas
    # columns sharing their codes share the bytes
    assert cols["label"]["d"] == cols["type"]["d"]
    assert types["id"] == "str" and types["text"] == "u8"  # raw strings joined
    assert cols["sep"]["d"][0] == "0\x1f\x1e\x1d\x1c\x00"  # no free separator


def test_embed_plain_and_gzip_roundtrip():
    payload = make_payload(1, {"lat": encode_numbers([1.0])})
    plain = embed_payload(payload)
    assert plain.startswith("{")
    assert decode_payload(plain) == {"n": 1, "cols": {"lat": {"e": "n", "d": [1]}}}
    big = make_payload(3, {"sentence": encode_strings(PAYLOADS[:3] * 1)}, None)
    packed = embed_payload(big, compress=True)
    assert packed.startswith('"gz:') and "<" not in packed
    col = decode_payload(packed)["cols"]["sentence"]
    assert [col["k"][i] for i in col["d"]] == PAYLOADS[:3]


def test_large_payload_compressed_by_default():
    n = 20_000
    payload = make_payload(n, {"x": encode_numbers(np.arange(n) * 7919 % 10007)})
    assert embed_payload(payload).startswith('"gz:')
