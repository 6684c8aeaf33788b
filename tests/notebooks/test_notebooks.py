"""Run the tutorial notebooks top to bottom in a fresh kernel.

The notebooks are stored without outputs. Each one runs with ``notebooks/`` as
its working directory (their relative paths start there) and writes its files
to a temporary folder named by ``$CONFLICT_GEO_NOTEBOOK_OUT``; a failing cell
fails the test. Notebook 02 runs twice: on the shared UCDP GED file when it is
there, and on the sample it writes itself (``CONFLICT_GEO_USE_SAMPLE=1``).
Notebook 04 cross-checks its incidents with the shared UCDP GED file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import missing_shared

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
#: Longest one cell may run; the pytest timeout bounds a whole notebook.
CELL_TIMEOUT = 180
NOTEBOOK_TIMEOUT = 300
UCDP = "ucdp_ged_syria_2016.csv"
SAMPLE = "acled_sample_syria_2016.csv"


def ucdp_available() -> bool:
    """Tell whether notebook 02 finds the shared UCDP GED file (as it looks)."""
    if os.environ.get("CONFLICT_GEO_SHARED"):
        roots = [Path(os.environ["CONFLICT_GEO_SHARED"])]
    else:
        roots = [folder / "shared" for folder in (NOTEBOOKS, *NOTEBOOKS.parents)]
    return any((root / "data" / UCDP).is_file() for root in roots)


def execute(name: str) -> tuple[float, str]:
    """Run ``notebooks/<name>`` in a new python3 kernel.

    Returns the seconds taken and the text the cells printed.
    """
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    printed = "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream"
    )
    return seconds, printed


def test_all_notebooks_are_tested():
    assert NAMES == [
        "01_seed_dispatch_to_map.ipynb",
        "02_event_datasets.ipynb",
        "03_control_zones.ipynb",
        "04_fusion_and_crosscheck.ipynb",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    dirty = [
        cell.id
        for cell in nb.cells
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert dirty == [], f"{name}: strip the outputs of cells {dirty}"


@pytest.mark.slow
@pytest.mark.timeout(NOTEBOOK_TIMEOUT)
@pytest.mark.parametrize(
    ("name", "env"),
    [
        pytest.param("01_seed_dispatch_to_map.ipynb", {}, id="01"),
        pytest.param("02_event_datasets.ipynb", {}, id="02-shared-data"),
        pytest.param(
            "02_event_datasets.ipynb", {"CONFLICT_GEO_USE_SAMPLE": "1"}, id="02-sample"
        ),
        pytest.param("03_control_zones.ipynb", {}, id="03"),
        pytest.param("04_fusion_and_crosscheck.ipynb", {}, id="04"),
    ],
)
def test_notebook_runs(name, env, tmp_path, monkeypatch):
    monkeypatch.delenv("CONFLICT_GEO_USE_SAMPLE", raising=False)
    for key, value in {"CONFLICT_GEO_NOTEBOOK_OUT": str(tmp_path), **env}.items():
        monkeypatch.setenv(key, value)
    on_sample = bool(env)
    if name[:2] in ("02", "04") and not on_sample and not ucdp_available():
        # not a silent run on the sample: skipped here, a failure under CI
        missing_shared(f"the shared file data/{UCDP}")
    before = sorted(NOTEBOOKS.iterdir())

    seconds, printed = execute(name)

    written = sorted(p.name for p in tmp_path.iterdir())
    print(f"{name}: {seconds:.1f} s, wrote {written}")
    assert any(n.endswith(".html") for n in written), f"{name} wrote no map"
    assert sorted(NOTEBOOKS.iterdir()) == before, "a notebook wrote into notebooks/"
    if name.startswith("04"):
        # a corpus fused into incidents, drawn, and cross-checked with UCDP GED
        assert "Using the shared UCDP GED file" in printed, printed
        assert "Hass: reported by 4 dispatches: 16 → 22 → 26 → 35 killed" in printed
        assert "ucdp:232860" in printed
        assert "crosscheck_matched.geojson" in written
    if name.startswith("02"):
        # the notebook says which input it used, and it is the one asked for
        said = "16-row tutorial sample" if on_sample else "shared UCDP GED file"
        assert f"Using the {said}" in printed, printed
        prefix = Path(SAMPLE if on_sample else UCDP).stem
        assert (SAMPLE in written) == on_sample
        assert any(n.startswith(f"{prefix}_2016-") for n in written), written
