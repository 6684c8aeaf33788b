"""Shared fixtures: the ../shared data directory and small helpers."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from conflict_geo.events.schema import events_frame
from tests.map_samples import seed_records, xss_records

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``$CONFLICT_GEO_SHARED`` or the ``shared/`` folder beside the repo."""
    return Path(os.environ.get("CONFLICT_GEO_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def ucdp_path() -> Path:
    path = shared_dir() / "data" / "ucdp_ged_syria_2016.csv"
    if not path.is_file():
        pytest.skip(f"UCDP GED file not available at {path}")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return ROOT / "seeds" / "000_759294d4965540ad.txt"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture
def seed_events():
    """The seed dispatch's events as an event table (layer and map tests)."""
    return events_frame(seed_records())


@pytest.fixture
def xss_events():
    """The seed events plus events whose text fields carry XSS payloads."""
    return events_frame(seed_records() + xss_records())
