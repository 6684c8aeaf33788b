"""The event palette stays readable with colour-blindness."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from conflict_geo.events.schema import events_frame
from conflict_geo.events.types import EVENT_SPECS
from conflict_geo.layers import clashes_layer
from conflict_geo.layers.compact import column_values
from conflict_geo.layers.style import (
    EVENT_STYLES,
    MAP_ONLY_LABELS,
    style_keys,
    type_label,
)

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
#: CIE76 distance below which two marker colours are hard to tell apart.
MIN_DELTA_E = 12.0


def linear(hex_color: str) -> np.ndarray:
    c = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    ) @ np.clip(rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(VISION))
def test_every_pair_of_event_colours_stays_apart(vision):
    matrix = VISION[vision]
    seen = {t: lab(matrix @ linear(s["color"])) for t, s in EVENT_STYLES.items()}
    for a, b in itertools.combinations(seen, 2):
        distance = float(np.linalg.norm(seen[a] - seen[b]))
        assert distance >= MIN_DELTA_E, (vision, a, b, round(distance, 1))


def test_strike_and_clash_differ_under_deuteranopia():
    # the complaint of issue 14: strike red and clash brown looked the same
    m = VISION["deuteranopia"]
    a = lab(m @ linear(EVENT_STYLES["strike"]["color"]))
    b = lab(m @ linear(EVENT_STYLES["clash"]["color"]))
    assert np.linalg.norm(a - b) > 30


def test_one_sided_violence_has_its_own_style_and_ucdp_sides():
    frame = events_frame(
        [
            {
                "event_type": "other",
                "sub_type": "one-sided violence",
                "lat": 35.0,
                "lon": 37.0,
                "dataset": "ucdp",
                "actor": "IS",
                "target": "Civilians",
            },
            {"event_type": "other", "lat": 35.5, "lon": 37.5, "dataset": "acled"},
            {"event_type": "clash", "lat": 36.0, "lon": 37.0},
        ]
    )
    layer = clashes_layer(frame)
    cols = layer.payload["cols"]
    types = [cols["event_type"]["k"][c] for c in cols["event_type"]["d"]]
    assert sorted(types) == ["clash", "one_sided", "other"]
    labels = {item["label"] for item in layer.legend}
    assert type_label("one_sided") in labels and "Other" in labels
    roles = cols["roles"]
    shown = {
        cols["dataset"]["k"][d] if d >= 0 else None: roles["k"][r] if r >= 0 else None
        for d, r in zip(cols["dataset"]["d"], roles["d"], strict=True)
    }
    assert shown == {"ucdp": "Side A|Side B", "acled": "Actor 1|Actor 2", None: None}
    assert column_values(cols["lat"]).size == 3


def test_labels_come_from_the_event_type_table():
    for kind, spec in EVENT_SPECS.items():
        assert type_label(kind) == spec.label
    # map-only styles are no event types, and every style has a label
    assert not set(MAP_ONLY_LABELS) & set(EVENT_SPECS)
    assert set(EVENT_STYLES) <= set(EVENT_SPECS) | set(MAP_ONLY_LABELS)
    assert type_label("riot") == "riot"


def test_style_keys_set_one_sided_violence_apart():
    frame = events_frame(
        [
            {"event_type": "other", "sub_type": "one-sided violence"},
            {"event_type": "other", "sub_type": "riot"},
            {"event_type": "clash", "sub_type": "one-sided violence"},
            {"event_type": None},
        ]
    )
    assert style_keys(frame).tolist() == ["one_sided", "other", "clash", "other"]
