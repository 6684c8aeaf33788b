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


def under_ci() -> bool:
    """Tell whether the tests run under CI (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_shared(what: str) -> None:
    """Skip a test whose ``../shared`` input is absent; under CI, fail it.

    CI lays ``shared/`` beside the clone: a file missing there is a broken
    checkout or a renamed file, which a skip would hide.
    """
    message = (
        f"{what} is not available"
        " (set $CONFLICT_GEO_SHARED or lay shared/ beside the repo)"
    )
    if under_ci():
        pytest.fail(f"{message}; CI=true, so this fails instead of skipping")
    pytest.skip(message)


#: Skips that stay skips under CI: they depend on the platform, not on a setup
#: step or a file that CI is meant to have.
CI_ALLOWED_SKIPS = ("reads /proc",)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a skipped test fails: no guard turns a regression into a skip.

    A missing ``../shared`` file, an extra that did not install or a browser
    that is absent is a broken CI setup, which a skip would hide.
    """
    outcome = yield
    report = outcome.get_result()
    if not (under_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else "")
    if any(allowed in reason for allowed in CI_ALLOWED_SKIPS):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"


def shared_file(name: str) -> Path:
    """``data/<name>`` of the shared folder; skip the test when absent (fail in CI)."""
    path = shared_dir() / "data" / name
    if not path.is_file():
        missing_shared(f"shared data file {path}")
    return path


@pytest.fixture(scope="session")
def ucdp_path() -> Path:
    return shared_file("ucdp_ged_syria_2016.csv")


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
