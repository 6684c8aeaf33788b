from __future__ import annotations

import pytest

from conflict_geo.batch.engines import LocalEngine, WorkerDied, make_engine
from conflict_geo.exc import ConfigurationError
from tests.batch.samples import die_on_three, fail_on_three, square

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
