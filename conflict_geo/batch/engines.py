"""Engines: run a task function over many argument tuples, yield the results.

An engine has one job: ``engine.map(fn, items)`` calls ``fn(*item)`` for each
item, somewhere, and yields ``(position, result)`` pairs as the tasks finish
(in any order). The pipeline sorts results by position, so every engine gives
the same output. A task that raises, or whose worker dies, yields its
exception instead of a result; it never stops the other tasks.

* :class:`LocalEngine`: ``jobs=1`` runs tasks in this process, one after the
  other; ``jobs>1`` in a pool of worker processes (reused from one ``map`` to
  the next, so a worker loads the gazetteer or spaCy once).
* :class:`~conflict_geo.batch.dask_engine.DaskEngine`: the same tasks on a
  Dask cluster (``--engine dask``).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from conflict_geo.exc import ConfigurationError

__all__ = [
    "ENGINES",
    "WORKER_MODULES",
    "Engine",
    "LocalEngine",
    "WorkerDied",
    "make_engine",
    "watch_parent",
]

#: Values of ``--engine``.
ENGINES: tuple[str, ...] = ("local", "dask")
#: What the batch tasks import: loaded once before workers start.
WORKER_MODULES: tuple[str, ...] = (
    "conflict_geo.batch.tasks",
    "conflict_geo.batch.load",
    "conflict_geo.events.io",
    "conflict_geo.events.datasets",
    "conflict_geo.maps.conflict_map",
)


#: Seconds between two checks, in a worker, that the process that started it lives.
PARENT_POLL_S = 0.5


class WorkerDied(RuntimeError):
    """The process running a task died (killed, out of memory, crashed)."""


def _exit_when_orphaned(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)


def watch_parent(interval: float = PARENT_POLL_S) -> None:
    """End this worker process soon after the process that started it dies.

    A pool worker blocks on its task queue forever when the main process is
    killed outright (``kill -9``, the OOM killer): nothing tells it to stop,
    and it keeps its memory (a spaCy model, the gazetteer) until someone
    finds it. This starts a daemon thread that exits the process as soon as
    its parent changes (the orphan was adopted by another process). A task
    cut short this way never leaves a partial map behind: maps are written
    atomically.

    Parameters
    ----------
    interval : float
        Seconds between two checks.
    """
    parent = os.getppid()  # not a pid passed in: the main process may be pid 1
    threading.Thread(
        target=_exit_when_orphaned,
        args=(parent, interval),
        name="conflict-geo-watch-parent",
        daemon=True,
    ).start()


class Engine(Protocol):
    """Run tasks; see the module docstring."""

    name: str
    workers: int

    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Yield ``(position, fn(*items[position]) or the exception)``."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None: ...


class LocalEngine:
    """Tasks in this process (``jobs=1``) or in a pool of worker processes.

    Parameters
    ----------
    jobs : int, default 1
        Number of worker processes.
    preload : sequence of str, optional
        Modules to import in this process before the workers start: forked
        workers then share them instead of importing them each.

    Examples
    --------
    >>> with LocalEngine(1) as engine:
    ...     sorted(engine.map(pow, [(2, 3), (3, 2)]))
    [(0, 8), (1, 9)]
    """

    name = "local"

    def __init__(self, jobs: int = 1, preload: Sequence[str] = ()) -> None:
        if jobs < 1:
            raise ConfigurationError(f"jobs must be at least 1, got {jobs}")
        self.workers = int(jobs)
        self.preload = tuple(preload)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is not None and not issubclass(exc_type, Exception):
            self.terminate()  # Ctrl-C, SystemExit: do not wait for running tasks
        else:
            self.close()

    def _context(self) -> Any:
        # fork starts workers at once and shares what this process has loaded;
        # elsewhere (macOS, Windows) the platform default (spawn) is used.
        if sys.platform.startswith("linux"):
            return multiprocessing.get_context("fork")
        return multiprocessing.get_context()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            for module in self.preload:
                importlib.import_module(module)
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=self._context(),
                initializer=watch_parent,
            )
        return self._pool

    def _restart(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        return self._executor()

    def close(self) -> None:
        """Shut the worker processes down once their current tasks end."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def terminate(self) -> None:
        """Stop the worker processes now, abandoning the tasks they run.

        Used on Ctrl-C: a map being drawn is not written (maps are written
        atomically), and ``--skip-existing`` draws it on the next run.
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        stop = getattr(pool, "terminate_workers", None)  # Python >= 3.14
        if stop is not None:
            stop()
            return
        processes = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Run ``fn(*item)`` for every item; yield ``(position, result)``.

        Parameters
        ----------
        fn : callable
            A module-level function (it is pickled by name).
        items : sequence of tuple
            Arguments of each call.

        Yields
        ------
        tuple of (int, object)
            Position in ``items`` and the result, or the exception raised.
        """
        if self.workers == 1:
            for pos, args in enumerate(items):
                try:
                    result = fn(*args)
                except Exception as err:
                    result = err
                yield pos, result
            return
        yield from self._pool_map(fn, items)

    def _pool_map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        # A few tasks in flight per worker: results stream back as they finish
        # and a dying worker takes few innocent tasks down with it. Those are
        # rerun one at a time (see _one_by_one); the rest carry on in parallel.
        todo = deque(range(len(items)))
        while todo:
            pool = self._executor()
            running: dict[Future[Any], int] = {}
            suspects: list[int] = []
            self._fill(pool, fn, items, todo, running, suspects)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    pos = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        suspects.append(pos)
                        continue
                    except Exception as err:
                        result = err
                    yield pos, result
                self._fill(pool, fn, items, todo, running, suspects)
            if suspects:
                yield from self._one_by_one(fn, items, sorted(suspects))

    def _fill(
        self,
        pool: ProcessPoolExecutor,
        fn: Callable[..., Any],
        items: Sequence[tuple[Any, ...]],
        todo: deque[int],
        running: dict[Future[Any], int],
        suspects: list[int],
    ) -> None:
        """Submit tasks until the window is full (none once the pool broke)."""
        while todo and len(running) < 4 * self.workers and not suspects:
            pos = todo.popleft()
            try:
                running[pool.submit(fn, *items[pos])] = pos
            except BrokenProcessPool:
                suspects.append(pos)

    def _one_by_one(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]], orphans: list
    ) -> Iterator[tuple[int, Any]]:
        """Rerun, one at a time, the tasks a dying worker took down.

        The task that killed the worker kills it again and is reported; the
        others run normally.
        """
        pool = self._restart()
        for pos in orphans:
            try:
                yield pos, pool.submit(fn, *items[pos]).result()
            except BrokenProcessPool:
                yield pos, WorkerDied("the worker process running it died")
                pool = self._restart()
            except Exception as err:
                yield pos, err


def make_engine(
    name: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    **options: Any,
) -> Engine:
    """Return the engine called ``name``.

    Parameters
    ----------
    name : {"local", "dask"}
        Engine.
    jobs : int, default 1
        Worker processes (local), or workers of the local Dask cluster.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``); dask only.
    **options
        Passed to the engine (e.g. ``processes=False`` for Dask).

    Returns
    -------
    Engine

    Raises
    ------
    ConfigurationError
        For an unknown engine, or a scheduler given to the local engine.
    """
    if name == "local":
        if scheduler is not None:
            raise ConfigurationError("--scheduler needs --engine dask")
        return LocalEngine(jobs, preload=WORKER_MODULES, **options)
    if name == "dask":
        from conflict_geo.batch.dask_engine import DaskEngine

        return DaskEngine(
            jobs, scheduler=scheduler, **({"preload": WORKER_MODULES} | options)
        )
    raise ConfigurationError(f"unknown engine {name!r}; use one of {ENGINES}")
