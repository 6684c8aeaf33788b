"""Under ``CI=true`` a test that needs ``../shared`` fails when it is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDS_SHARED = [
    "tests/events/test_io.py::test_round_trip_ucdp",
    "tests/notebooks/test_notebooks.py::test_notebook_runs[02-shared-data]",
]


def run_without_shared(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CONFLICT_GEO_SHARED"] = str(tmp_path)  # an empty folder: no data/
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NEEDS_SHARED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_missing_shared_fails_under_ci(tmp_path):
    run = run_without_shared(tmp_path, "true")
    assert run.returncode == 1, run.stdout
    assert "2 failed" in run.stdout and "skipped" not in run.stdout.splitlines()[-1]
    assert "CI=true" in run.stdout


@pytest.mark.slow
def test_missing_shared_skips_on_a_developer_machine(tmp_path):
    run = run_without_shared(tmp_path, None)
    assert run.returncode == 0, run.stdout
    assert "2 skipped" in run.stdout
