"""The binary container: what is embedded decodes to what was encoded."""

from __future__ import annotations

import base64
import gzip
import json

import numpy as np
import pandas as pd
import pytest
import shapely

from conflict_geo.layers import container
from conflict_geo.layers.compact import (
    encode_days,
    encode_geometry,
    encode_numbers,
    encode_strings,
    make_payload,
)
from conflict_geo.layers.container import decode_payload, embed_payload
from tests.map_samples import SCRIPT_PAYLOADS as PAYLOADS


def test_raw_strings_missing_values_are_null_in_either_form():
    values = ["a", "a", "", None, pd.NA, float("nan"), 7] * 3
    expected = ["a", "a", None, None, None, None, "7"] * 3
    col = encode_strings(values, raw=True)
    for compress in (False, True):
        payload = make_payload(len(values), {"id": col})
        decoded = decode_payload(embed_payload(payload, compress=compress))
        assert decoded["cols"]["id"]["d"] == expected


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
    members = expression[4:-1].split(",")
    blob = b"".join(gzip.decompress(base64.b64decode(m)) for m in members)
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


def test_large_container_in_members_decodes_the_same(monkeypatch):
    payload = _sample_payload(5000)
    whole = embed_payload(payload, compress=True)
    monkeypatch.setattr(container, "MEMBER_BYTES", 4096)
    pieces = embed_payload(payload, compress=True)
    assert "," not in whole and pieces.count(",") >= 3
    assert decode_payload(pieces) == decode_payload(whole)
    assert pieces == embed_payload(payload, compress=True)  # same bytes every time
