"""Benchmark batch rendering: ``--jobs 1`` vs ``--jobs 2``, local vs Dask engine.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_batch [--repeat 2] [--no-dask]

Every measurement is one ``conflict-geo render`` command in a fresh process
(interpreter start, imports, worker start-up included: what a user waits for),
on two workloads:

* **200 dispatches** split by file (one map each): the dev set
  (``tests/data/devset/*.txt``, 24 dispatches) repeated to 200 files. While
  text extraction (``conflict_geo.events.extract``) is not importable, 200
  event GeoJSON files of ~31 UCDP events each stand in for them (the output
  says so): the batch machinery is measured, not extraction;
* **UCDP GED Syria 2016** (6,170 events, one CSV) split by month: 13 maps.

Printed: wall time, maps/s and inputs/s, the 2-vs-1 worker ratio, the
Dask/local time ratio at the same worker count, and the fixed cost of a run
(one tiny input), so that steady-state throughput can be told from start-up.
The last line is a JSON object with every number. Timings are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "data" / "devset"
UCDP = ROOT.parent / "shared" / "data" / "ucdp_ged_syria_2016.csv"
N_DISPATCHES = 200


def extraction_problem() -> str | None:
    """Why text extraction cannot run, or None."""
    try:
        importlib.import_module("conflict_geo.events.extract")
    except ImportError as err:
        return str(err)
    return None


def make_dispatches(folder: Path) -> str:
    """Write the 200-input workload; return a description."""
    folder.mkdir(parents=True)
    problem = extraction_problem()
    if problem is None:
        sources = sorted(DEVSET.glob("*.txt"))
        for i in range(N_DISPATCHES):
            src = sources[i % len(sources)]
            shutil.copy(src, folder / f"d{i:03d}_{src.name}")
        return f"{N_DISPATCHES} dispatches (dev set of {len(sources)} repeated)"
    from conflict_geo.events.io import read_events, write_geojson

    if not UCDP.is_file():
        raise SystemExit(f"neither text extraction nor {UCDP} is available")
    events = read_events(UCDP)
    size = -(-len(events) // N_DISPATCHES)
    for i in range(N_DISPATCHES):
        part = events.iloc[i * size : (i + 1) * size]
        write_geojson(part, folder / f"d{i:03d}.geojson")
    return (
        f"FALLBACK: {N_DISPATCHES} event GeoJSON files of ~{size} UCDP events "
        f"(text extraction unavailable: {problem})"
    )


def render(args: list[str], out: Path) -> float:
    """Run one ``conflict-geo render`` command; return its wall time."""
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "conflict_geo", "render", *args, "-o", str(out)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit(f"render failed ({proc.returncode}): {' '.join(command)}")
    return seconds


def best(args: list[str], out: Path, repeat: int) -> float:
    return min(render(args, out) for _ in range(repeat))


def identical(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.html"))
    if names != sorted(p.name for p in b.glob("*.html")):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    engines = ["local"] if args.no_dask else ["local", "dask"]
    results: dict[str, float] = {}
    print(f"machine: {os.cpu_count()} logical CPUs; best of {args.repeat} run(s)")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmpdir = Path(tmp)
        inputs = tmpdir / "dispatches"
        what = make_dispatches(inputs)
        tiny = tmpdir / "tiny"
        tiny.mkdir()
        first = next(iter(sorted(inputs.iterdir())))
        shutil.copy(first, tiny / first.name)
        fixed = best([str(tiny), "--split-by", "file"], tmpdir / "o", args.repeat)
        results["fixed_s"] = fixed
        print(f"fixed cost of a run (1 input, 1 map, --jobs 1): {fixed:.2f} s\n")

        workloads = [("dispatches", what, [str(inputs), "--split-by", "file"], 200)]
        if UCDP.is_file():
            workloads.append(
                (
                    "ucdp_month",
                    "UCDP GED Syria 2016 (6,170 events) split by month",
                    [str(UCDP), "--split-by", "month"],
                    13,
                )
            )
        for key, label, cmd, n_maps in workloads:
            print(f"{label}: {n_maps} maps")
            outs = {}
            for engine in engines:
                for jobs in (1, 2):
                    out = tmpdir / f"{key}_{engine}_{jobs}"
                    seconds = best(
                        [*cmd, "--jobs", str(jobs), "--engine", engine],
                        out,
                        args.repeat,
                    )
                    outs[engine, jobs] = out
                    results[f"{key}_{engine}_j{jobs}_s"] = seconds
                    steady = max(seconds - fixed, 1e-9)
                    print(
                        f"  {engine:<5} --jobs {jobs}: {seconds:6.2f} s  "
                        f"{n_maps / seconds:6.1f} maps/s  "
                        f"(after the fixed cost: {n_maps / steady:6.1f} maps/s)"
                    )
            for engine in engines:
                ratio = (
                    results[f"{key}_{engine}_j1_s"] / results[f"{key}_{engine}_j2_s"]
                )
                results[f"{key}_{engine}_speedup_2v1"] = ratio
                print(f"  {engine}: --jobs 2 is {ratio:.2f}x as fast as --jobs 1")
            if "dask" in engines:
                for jobs in (1, 2):
                    ratio = (
                        results[f"{key}_dask_j{jobs}_s"]
                        / results[f"{key}_local_j{jobs}_s"]
                    )
                    results[f"{key}_dask_over_local_j{jobs}"] = ratio
                    print(f"  dask / local time at --jobs {jobs}: {ratio:.2f}x")
            same = all(identical(outs["local", 1], o) for o in outs.values())
            results[f"{key}_identical"] = same
            print(f"  outputs byte-identical across engines and jobs: {same}\n")
    print(json.dumps({"workload": what, **results}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
