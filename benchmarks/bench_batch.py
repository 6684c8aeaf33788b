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

Printed for each: wall and CPU seconds (the command and its workers), maps/s,
the 2-vs-1 worker ratio against ``--jobs 1`` (the baseline), the Dask/local
ratio against the local engine at the same worker count, and the fixed cost
of a run of that kind (one tiny input: start-up, imports, models), so that
steady-state throughput can be told from start-up.

Then the engines' own overhead (5,000 no-op tasks, start-up apart) and the
cost of one task, measured in a fresh process with
``time.process_time`` (CPU seconds, so less sensitive than wall time to other
load on the machine): extracting one dispatch (``load_task``) and drawing
its map (``render_task``), after a warm-up that loads the models; and the
peak RSS of that process, which is what one worker needs. These are the
inputs of the cost model in ``docs/scaling.md``. The load average before and
after is printed: on a shared machine, wall times are only comparable within
one run.

The last line is a JSON object with every number. Timings are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "data" / "devset"
HELDOUT = ROOT / "tests" / "data" / "heldout"
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


def _children_cpu() -> float:
    """CPU seconds used by the finished child processes (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def render(args: list[str], out: Path) -> tuple[float, float]:
    """Run one ``conflict-geo render`` command; return wall and CPU seconds.

    The CPU time covers the command and its worker processes (all waited
    for); on a busy machine it moves much less than the wall time.
    """
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "conflict_geo", "render", *args, "-o", str(out)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit(f"render failed ({proc.returncode}): {' '.join(command)}")
    return seconds, cpu


def _profile_child(folder: str, out: str, warmup: str) -> None:
    """Time one worker's tasks in this process; print a JSON object.

    ``warmup`` holds inputs run first, untimed: they load the NER models of
    both languages and the gazetteer, as a long-running worker has them, but
    they are other texts than the timed ones, so caches do not flatter them.
    """
    import resource
    import warnings

    from conflict_geo.batch.tasks import MapOptions, RenderJob, load_task, render_task

    warnings.simplefilter("ignore")
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    for i, path in enumerate(sorted(Path(warmup).iterdir())):
        warm = load_task(i, str(path))
        render_task(RenderJob(f"w{i}", "warm", out, MapOptions(), warm.frame))
    startup = time.process_time() - cpu0
    startup_wall = time.perf_counter() - wall0
    rss_warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extract: list[float] = []
    draw: list[float] = []
    events = 0
    for i, path in enumerate(sorted(str(p) for p in Path(folder).iterdir())):
        t0 = time.process_time()
        loaded = load_task(i, path)
        t1 = time.process_time()
        render_task(RenderJob(f"m{i}", path, out, MapOptions(), loaded.frame))
        t2 = time.process_time()
        extract.append(t1 - t0)
        draw.append(t2 - t1)
        events += loaded.rows
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "tasks": len(extract),
                "events": events,
                "startup_cpu_s": startup,
                "startup_wall_s": startup_wall,
                "extract_cpu_s": sum(extract) / len(extract),
                "extract_cpu_max_s": max(extract),
                "render_cpu_s": sum(draw) / len(draw),
                "rss_after_warmup_mb": rss_warm,
                "rss_peak_mb": rss,
            }
        )
    )


def profile_tasks(
    sources: list[Path], warmup: list[Path], tmpdir: Path
) -> dict[str, Any]:
    """Measure per-task CPU time and worker memory in a fresh process."""
    folders = {}
    for name, files in (("profile_in", sources), ("profile_warmup", warmup)):
        folders[name] = tmpdir / name
        folders[name].mkdir()
        for src in files:
            shutil.copy(src, folders[name] / src.name)
    out = tmpdir / "profile_out"
    out.mkdir()
    code = (
        "import sys; from benchmarks.bench_batch import _profile_child; "
        "_profile_child(*sys.argv[1:])"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(folders["profile_in"]),
            str(out),
            str(folders["profile_warmup"]),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit("task profile failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def profile_inputs(inputs: Path) -> tuple[list[Path], list[Path], str]:
    """Inputs to time one by one, warm-up inputs, and a description."""
    if extraction_problem() is None:
        warmup = [HELDOUT / "en_01.txt", HELDOUT / "fr_01.txt"]
        sources = sorted(DEVSET.glob("*.txt"))
        return (
            sources,
            warmup,
            (
                f"the {len(sources)} dev-set dispatches, once each; warm-up on 2 "
                "held-out dispatches (en, fr)"
            ),
        )
    files = sorted(inputs.iterdir())
    return files[2:26], files[:2], "24 of the fallback event files"


def _overhead_child(engines: list[str], n: int = 5000) -> None:
    """Time ``n`` no-op tasks on each engine; print a JSON object."""
    import operator

    from conflict_geo.batch.engines import make_engine

    items = [(i, i) for i in range(n)]
    out: dict[str, float] = {}
    for engine_name in engines:
        for jobs in (1, 2):
            t0 = time.perf_counter()
            with make_engine(engine_name, jobs) as engine:
                list(engine.map(operator.mul, items[:10]))  # workers up
                t1 = time.perf_counter()
                list(engine.map(operator.mul, items))
                t2 = time.perf_counter()
            out[f"{engine_name}_j{jobs}_start_s"] = t1 - t0
            out[f"{engine_name}_j{jobs}_ms_per_task"] = 1000 * (t2 - t1) / n
    print(json.dumps(out))


def engine_overhead(engines: list[str]) -> dict[str, float]:
    """Per-task and start-up overhead of each engine, in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.bench_batch", "--overhead-child"]
    if "dask" not in engines:
        command.append("--no-dask")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit("engine overhead measurement failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as the kernel reports them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def best(args: list[str], out: Path, repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` runs: (wall seconds, CPU seconds)."""
    return min(render(args, out) for _ in range(repeat))


def identical(a: Path, b: Path) -> bool:
    """Tell two output folders apart: same files, same bytes (maps, index, CSV)."""
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="skip timing tasks one by one (per-task CPU cost, worker memory)",
    )
    parser.add_argument("--overhead-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    engines = ["local"] if args.no_dask else ["local", "dask"]
    if args.overhead_child:
        _overhead_child(engines)
        return 0
    results: dict[str, Any] = {}
    print(f"machine: {os.cpu_count()} logical CPUs; best of {args.repeat} run(s)")
    results["load_before"] = load_average()
    print(f"load average (1, 5, 15 min) before: {results['load_before']}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmpdir = Path(tmp)
        inputs = tmpdir / "dispatches"
        what = make_dispatches(inputs)
        tiny = tmpdir / "tiny"
        tiny.mkdir()
        first = next(iter(sorted(inputs.iterdir())))
        shutil.copy(first, tiny / first.name)
        # (key, label, arguments, maps, arguments of a one-map run of that kind)
        workloads = [
            (
                "dispatches",
                what,
                [str(inputs), "--split-by", "file"],
                200,
                [str(tiny), "--split-by", "file"],
            )
        ]
        if UCDP.is_file():
            ucdp_tiny = tmpdir / "ucdp_one_row.csv"
            with UCDP.open(encoding="utf-8") as handle:
                ucdp_tiny.write_text(
                    handle.readline() + handle.readline(), encoding="utf-8"
                )
            workloads.append(
                (
                    "ucdp_month",
                    "UCDP GED Syria 2016 (6,170 events) split by month",
                    [str(UCDP), "--split-by", "month"],
                    13,
                    [str(ucdp_tiny), "--split-by", "month"],
                )
            )
        for key, label, cmd, n_maps, tiny_cmd in workloads:
            print(f"{label}: {n_maps} maps")
            fixed, fixed_cpu = best(tiny_cmd, tmpdir / "o", args.repeat)
            results[f"{key}_fixed_s"] = fixed
            results[f"{key}_fixed_cpu_s"] = fixed_cpu
            print(
                f"  fixed cost of such a run (1 input, 1 map, local --jobs 1): "
                f"{fixed:.2f} s, {fixed_cpu:.2f} CPU s"
            )
            outs = {}
            for engine in engines:
                for jobs in (1, 2):
                    out = tmpdir / f"{key}_{engine}_{jobs}"
                    seconds, cpu = best(
                        [*cmd, "--jobs", str(jobs), "--engine", engine],
                        out,
                        args.repeat,
                    )
                    outs[engine, jobs] = out
                    results[f"{key}_{engine}_j{jobs}_s"] = seconds
                    results[f"{key}_{engine}_j{jobs}_cpu_s"] = cpu
                    steady = seconds - fixed
                    after = f"{n_maps / steady:6.1f}" if steady > 0 else "   n/a"
                    print(
                        f"  {engine:<5} --jobs {jobs}: {seconds:6.2f} s  "
                        f"{n_maps / seconds:6.1f} maps/s  "
                        f"(after the fixed cost: {after} maps/s); "
                        f"{cpu:6.1f} CPU s, {cpu / seconds:.2f} cores busy"
                    )
            for engine in engines:
                ratio = (
                    results[f"{key}_{engine}_j1_s"] / results[f"{key}_{engine}_j2_s"]
                )
                results[f"{key}_{engine}_speedup_2v1"] = ratio
                extra = (
                    results[f"{key}_{engine}_j2_cpu_s"]
                    / results[f"{key}_{engine}_j1_cpu_s"]
                )
                results[f"{key}_{engine}_cpu_2v1"] = extra
                print(
                    f"  {engine}: --jobs 2 is {ratio:.2f}x as fast as --jobs 1 "
                    f"(baseline), using {extra:.2f}x its CPU time"
                )
            if "dask" in engines:
                for jobs in (1, 2):
                    ratio = (
                        results[f"{key}_dask_j{jobs}_s"]
                        / results[f"{key}_local_j{jobs}_s"]
                    )
                    results[f"{key}_dask_over_local_j{jobs}"] = ratio
                    cpu = (
                        results[f"{key}_dask_j{jobs}_cpu_s"]
                        / results[f"{key}_local_j{jobs}_cpu_s"]
                    )
                    results[f"{key}_dask_over_local_cpu_j{jobs}"] = cpu
                    print(
                        f"  dask / local at --jobs {jobs} (baseline: local): "
                        f"{ratio:.2f}x the time, {cpu:.2f}x the CPU"
                    )
            same = all(identical(outs["local", 1], o) for o in outs.values())
            results[f"{key}_identical"] = same
            print(f"  outputs byte-identical across engines and jobs: {same}\n")
        overhead = engine_overhead(engines)
        results.update({f"overhead_{k}": v for k, v in overhead.items()})
        print("engine overhead, 5,000 no-op tasks after the workers are up:")
        for engine in engines:
            for jobs in (1, 2):
                print(
                    f"  {engine:<5} --jobs {jobs}: "
                    f"{overhead[f'{engine}_j{jobs}_ms_per_task']:.3f} ms per task; "
                    f"start-up {overhead[f'{engine}_j{jobs}_start_s']:.2f} s"
                )
        print()
        if not args.no_profile:
            sources, warmup, timed = profile_inputs(inputs)
            profile = profile_tasks(sources, warmup, tmpdir)
            results.update({f"task_{k}": v for k, v in profile.items()})
            per = profile["extract_cpu_s"] + profile["render_cpu_s"]
            results["task_cpu_per_dispatch_s"] = per
            print(
                f"one worker, inputs timed one by one in CPU seconds: {timed}:\n"
                f"  start-up (imports, gazetteer, models, warm-up): "
                f"{profile['startup_cpu_s']:.2f} s CPU\n"
                f"  extract one input: {profile['extract_cpu_s']:.3f} s "
                f"(max {profile['extract_cpu_max_s']:.3f} s); draw its map: "
                f"{profile['render_cpu_s']:.3f} s; "
                f"{profile['events'] / profile['tasks']:.1f} events/input\n"
                f"  worker memory: {profile['rss_after_warmup_mb']:.0f} MB after "
                f"warm-up, {profile['rss_peak_mb']:.0f} MB peak\n"
                f"  => {per:.3f} CPU s per input (extract + own map): "
                f"{per * 1e6 / 3600:,.0f} core-hours per million inputs\n"
            )
    results["load_after"] = load_average()
    print(f"load average (1, 5, 15 min) after: {results['load_after']}")
    print(json.dumps({"workload": what, **results}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
