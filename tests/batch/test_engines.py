from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conflict_geo.batch.engines import LocalEngine, WorkerDied, make_engine
from conflict_geo.exc import ConfigurationError
from tests.batch.samples import (
    alive,
    die_on_three,
    fail_on_three,
    pid_then_wait,
    square,
)

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc"
)

ITEMS = [(i,) for i in range(10)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_local_engine_runs_every_task(jobs):
    with LocalEngine(jobs) as engine:
        assert sorted(engine.map(square, ITEMS)) == [(i, i * i) for i in range(10)]
        # the pool is reused by a second map
        assert sorted(engine.map(square, ITEMS[:3])) == [(0, 0), (1, 1), (2, 4)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_exceptions_come_back_as_values(jobs):
    with LocalEngine(jobs) as engine:
        results = dict(engine.map(fail_on_three, ITEMS))
    assert isinstance(results.pop(3), ValueError)
    assert results == {i: i for i in range(10) if i != 3}


def test_a_dying_worker_fails_only_its_own_task():
    with LocalEngine(2) as engine:
        results = dict(engine.map(die_on_three, ITEMS))
        assert isinstance(results.pop(3), WorkerDied)
        assert results == {i: i for i in range(10) if i != 3}
        # and the engine still works afterwards
        assert dict(engine.map(square, ITEMS[:2])) == {0: 0, 1: 1}


def test_empty_input():
    with LocalEngine(2) as engine:
        assert list(engine.map(square, [])) == []


def test_make_engine_checks_its_arguments():
    assert make_engine("local", 2).workers == 2
    with pytest.raises(ConfigurationError, match="--engine dask"):
        make_engine("local", 1, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigurationError):
        make_engine("spark")
    with pytest.raises(ConfigurationError):
        LocalEngine(0)


def test_dask_engine_runs_every_task_and_returns_errors():
    pytest.importorskip("distributed")
    with make_engine("dask", 2, processes=False) as engine:
        assert sorted(engine.map(square, ITEMS)) == [(i, i * i) for i in range(10)]
        results = dict(engine.map(fail_on_three, ITEMS))
    assert isinstance(results.pop(3), Exception)
    assert results == {i: i for i in range(10) if i != 3}


def wait_until(condition, timeout: float = 60.0) -> bool:
    """Poll ``condition`` (a bound, not a performance check)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@linux_only
def test_ctrl_c_stops_the_workers_without_waiting_for_their_tasks(tmp_path):
    items = [(str(tmp_path), 0.0)] + [(str(tmp_path), 600.0)] * 6
    with pytest.raises(KeyboardInterrupt), LocalEngine(2) as engine:
        for _ in engine.map(pid_then_wait, items):
            # both workers are now inside a 10-minute task
            assert wait_until(lambda: len(list(tmp_path.iterdir())) >= 2)
            raise KeyboardInterrupt
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) >= 2
    assert not [pid for pid in pids if alive(pid)]


ORPHAN_SCRIPT = """
import os, signal, sys
from conflict_geo.batch.engines import LocalEngine
from tests.batch.samples import pid_then_wait
engine = LocalEngine(2)
pids = {pid for _, pid in engine.map(pid_then_wait, [(sys.argv[1], 0.5)] * 4)}
print(*sorted(pids), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 or the OOM killer would
"""


@linux_only
def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    # Output to files, not pipes: orphans holding a pipe would block the test.
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    folder = tmp_path / "pids"
    folder.mkdir()
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.run(
            [sys.executable, "-c", ORPHAN_SCRIPT, str(folder)],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
            timeout=300,
        )
    pids = [int(pid) for pid in out.read_text().split()]
    try:
        assert proc.returncode == -9, err.read_text()
        assert pids
        assert wait_until(lambda: not any(alive(pid) for pid in pids)), [
            pid for pid in pids if alive(pid)
        ]
    finally:  # never leave a process behind, even when the test fails
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
