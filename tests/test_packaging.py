"""`pip install .` (not only editable) must carry the package data."""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_carries_the_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("conflict_geo-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ["places/_index.txt", "places/SY.tsv", "admin1.geojson",
                 "countries.geojson"]:  # fmt: skip
        assert f"conflict_geo/data/{data}" in names
    assert "conflict_geo/cli/geocode.py" in names
