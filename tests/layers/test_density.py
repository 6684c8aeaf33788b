from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conflict_geo.layers.density import CELL_DEG, density_layer


def frame(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "event_type": ["strike"] * n,
            "lat": 35.0 + rng.normal(0, 0.001, n),
            "lon": 37.0 + rng.normal(0, 0.001, n),
            "fatalities": np.arange(n, dtype=float),
        }
    )


def test_events_are_summed_per_grid_cell():
    layer = density_layer(frame())
    assert len(layer.data) <= 9  # a few cells of CELL_DEG around one point
    lats = [row[0] for row in layer.data]
    assert max(lats) - min(lats) <= 2 * CELL_DEG + 1e-9
    assert layer.options["gradient"][0.85] == "#d55e00"  # the strike colour
    assert layer.until_zoom == 9


def test_weight_by_fatalities_and_bad_weight():
    by_deaths = density_layer(frame(), weight="fatalities")
    assert max(row[2] for row in by_deaths.data) == 1.0
    with pytest.raises(ValueError, match="weight"):
        density_layer(frame(), weight="nope")
