"""The Dask engine: the batch tasks on a Dask cluster (``--engine dask``).

The same task functions as the local engine run over a :mod:`dask.bag`, so
the results (and the files written) are the same; only where the work runs
changes. Without ``--scheduler`` a :class:`distributed.LocalCluster` with
``--jobs`` single-threaded worker processes is started (and stopped at the
end); with ``--scheduler tcp://host:8786`` the run joins an existing cluster.

On a remote cluster the workers read the inputs and write the maps
themselves: inputs and the output folder must be on a file system every
worker mounts at the same path (inputs are passed as absolute paths).

Tasks are grouped into partitions (about 32 per worker, at most 64 tasks
each) to keep the scheduler's per-task overhead low; a partition that fails as
a whole (a worker killed by the task it ran) is rerun task by task, so the
culprit is reported and the others complete.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from conflict_geo._compat import import_optional_dependency
from conflict_geo.exc import ConfigurationError

__all__ = ["DaskEngine", "dask_setup"]

# Partitions: about 32 per worker, so that the last ones finish together, and
# at most 64 tasks each, so that a million tasks make ~16k partitions (cheap
# for the scheduler) with a progress bar that still moves.
_PARTITIONS_PER_WORKER = 32
_MAX_PARTITION = 64


def _run_chunk(
    chunk: list[tuple[int, tuple[Any, ...]]], fn: Callable[..., Any]
) -> list[tuple[int, Any]]:
    """Run one partition's tasks; exceptions come back as values."""
    out: list[tuple[int, Any]] = []
    for pos, args in chunk:
        try:
            result = fn(*args)
        except Exception as err:  # the engine contract: never raise
            result = RuntimeError(f"{type(err).__name__}: {err}")
        out.append((pos, result))
    return out


def dask_setup(worker: Any) -> None:
    """Set up a worker of the local cluster (Dask calls this: a preload hook).

    The workers ignore Ctrl-C: the terminal sends SIGINT to the whole process
    group, and the client, which handles it, stops the cluster; without this
    every worker would also print a ``KeyboardInterrupt`` traceback.

    Parameters
    ----------
    worker : distributed.Worker
        The worker being started (unused).
    """
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class DaskEngine:
    """Run tasks on a Dask cluster.

    Parameters
    ----------
    jobs : int, default 1
        Workers of the local cluster (ignored with ``scheduler``).
    scheduler : str, optional
        Address of a running Dask scheduler.
    processes : bool, default True
        Local cluster with worker processes (False: threads, for tests).
    preload : sequence of str, optional
        Modules the local cluster's workers import when they start.
    """

    name = "dask"

    def __init__(
        self,
        jobs: int = 1,
        scheduler: str | None = None,
        *,
        processes: bool = True,
        preload: Sequence[str] = (),
    ) -> None:
        if jobs < 1:
            raise ConfigurationError(f"jobs must be at least 1, got {jobs}")
        self.workers = int(jobs)
        self.scheduler = scheduler
        self.processes = processes
        self.preload = list(preload)
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the local cluster or connect to the scheduler."""
        if self._client is not None:
            return
        distributed = import_optional_dependency(
            "distributed", extra="dask", purpose="--engine dask"
        )
        import_optional_dependency("dask.bag", extra="dask", purpose="--engine dask")
        if self.scheduler:
            try:
                self._client = distributed.Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as err:
                raise ConfigurationError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {err}"
                ) from err
            workers = self._client.scheduler_info().get("workers", {})
            self.workers = max(1, len(workers))
            return
        self._cluster = distributed.LocalCluster(
            n_workers=self.workers,
            threads_per_worker=1,
            processes=self.processes,
            dashboard_address=None,
            # The scheduler's HTTP routes on a free loopback port: not on the
            # default 8787, which another cluster may hold (a warning each run).
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
            **({"preload": [*self.preload, __name__]} if self.processes else {}),
        )
        self._client = distributed.Client(self._cluster)

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this engine started it."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map(
        self, fn: Callable[..., Any], items: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Any]]:
        """Run ``fn(*item)`` for every item on the cluster.

        Parameters
        ----------
        fn : callable
            A module-level function importable on the workers.
        items : sequence of tuple
            Arguments of each call.

        Yields
        ------
        tuple of (int, object)
            Position in ``items`` and the result, or the exception.
        """
        if not items:
            return
        self.start()
        per_worker = math.ceil(len(items) / (self.workers * _PARTITIONS_PER_WORKER))
        size = max(1, min(_MAX_PARTITION, per_worker))
        chunks = [
            list(range(k, min(k + size, len(items))))
            for k in range(0, len(items), size)
        ]
        failed: list[tuple[list[int], BaseException]] = []
        yield from self._compute(fn, items, chunks, failed)
        if not failed:
            return
        singles = [[pos] for chunk, _ in failed for pos in chunk]
        if all(len(chunk) == 1 for chunk, _ in failed):
            for chunk, err in failed:
                yield chunk[0], err
            return
        again: list[tuple[list[int], BaseException]] = []
        yield from self._compute(fn, items, singles, again)
        for chunk, err in again:
            yield chunk[0], err

    def _compute(
        self,
        fn: Callable[..., Any],
        items: Sequence[tuple[Any, ...]],
        chunks: list[list[int]],
        failed: list[tuple[list[int], BaseException]],
    ) -> Iterator[tuple[int, Any]]:
        import dask.bag as db
        from distributed import as_completed

        bag = db.from_sequence(
            [[(pos, items[pos]) for pos in chunk] for chunk in chunks],
            npartitions=len(chunks),
        )
        partitions = bag.map(_run_chunk, fn).to_delayed()
        futures = self._client.compute(partitions)
        owner = {
            future.key: chunk for future, chunk in zip(futures, chunks, strict=True)
        }
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as err:  # KilledWorker, a lost connection ...
                failed.append((owner[future.key], err))
                continue
            finally:
                future.release()
            for element in results:
                yield from element
