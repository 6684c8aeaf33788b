"""Linear cost: time and peak memory of one document of 1, 2, 4 and 8 MB.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_linear            # 1, 2, 4, 8 MB
    .venv/bin/python -m benchmarks.bench_linear --sizes 0.25 0.5 1

Each cell is a fresh process (median of ``--runs``) that builds its document,
warms up on a short text (imports, gazetteer, spaCy model), then times one call:

* ``places``: :func:`~conflict_geo.places.geoparse.geoparse` over the whole
  text, as ``conflict-geo places`` runs it;
* ``extract``: :func:`~conflict_geo.events.extract.extract` over the whole text;
* ``run-on``: ``extract`` on one line without punctuation ("Airstrikes hit
  Aleppo killing 12 civilians near Idlib and Raqqa ..."), as a scraped page or
  a concatenated feed gives it.

Documents are real dispatches (the development and held-out sets and the seed)
interleaved with generated wire sentences naming Syrian places drawn (seeded)
from the gazetteer, so a larger document names more distinct places and the
memos of earlier answers do not make it look cheaper than it is.

The baseline is the smallest size of the same workload, measured in the same
run: each row reports time per MB and the ratio of each doubling
(t(2x) / t(x)); the target is at most linear growth, a ratio <= 2.3 (2 plus
noise), reported PASS/MISS and never asserted. Peak RSS is the process's
maximum resident set. The last output line is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
#: A doubling may take this many times as long and still count as linear.
LINEAR_RATIO = 2.3
RUN_ON_UNIT = "Airstrikes hit Aleppo killing 12 civilians near Idlib and Raqqa "
TEMPLATES = (
    "Air strikes hit {a} on Tuesday, killing {n} civilians, the Syrian "
    "Observatory for Human Rights said.",
    "Government forces shelled {a} and {b} overnight, according to local activists.",
    "Des frappes aériennes ont visé {a}, près de {b}, faisant {n} morts selon l'OSDH.",
    "Fighting continued around {a} as rebels advanced towards {b}.",
)


def dispatches() -> list[str]:
    from conflict_geo.text.document import read_document

    paths = sorted((ROOT / "tests" / "data").glob("*/*.txt"))
    paths += sorted((ROOT / "seeds").glob("*.txt"))
    return [read_document(p).text for p in paths]


def syrian_places(seed: int = 15) -> list[str]:
    from conflict_geo.places.gazetteer import embedded_gazetteer

    gaz = embedded_gazetteer()
    names = sorted({p.name for p in gaz if p.country == "SY" and p.kind != "admin1"})
    random.Random(seed).shuffle(names)
    return names


def document(size: int, kind: str) -> str:
    """A text of ``size`` characters (see the module docstring)."""
    if kind == "run-on":
        return (RUN_ON_UNIT * (size // len(RUN_ON_UNIT) + 1))[:size]
    rng = random.Random(size)
    real = dispatches()
    places = syrian_places()
    parts: list[str] = []
    total, k = 0, 0
    while total < size:
        if k % 4 == 0:
            part = real[(k // 4) % len(real)]
        else:
            a, b = rng.choice(places), rng.choice(places)
            part = rng.choice(TEMPLATES).format(a=a, b=b, n=rng.randint(2, 40))
        parts.append(part)
        total += len(part) + 2
        k += 1
    return "\n\n".join(parts)[:size]


def cell(workload: str, size: int) -> dict[str, float]:
    """Time one call in this process (run in a fresh one by :func:`measure`)."""
    from conflict_geo.events.extract import extract
    from conflict_geo.places.geoparse import geoparse

    text = document(size, "run-on" if workload == "run-on" else "dispatches")
    extract("Des frappes ont visé Alep et Idleb.", date="2016-03-01")  # warm-up
    geoparse("Air strikes hit Aleppo.", "en")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if workload == "places":
        found = len(geoparse(text))
    else:
        found = len(extract(text, date="2016-03-01", lang="en"))
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_rss_mb": rss / 1024, "warm_rss_mb": rss0 / 1024,
            "found": found}  # fmt: skip


def measure(workload: str, size: int, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_linear", "--cell", workload,
             str(size)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
    best = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
    best["runs"] = [round(r["seconds"], 2) for r in results]
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument(
        "--workloads", nargs="+", default=["places", "extract", "run-on"]
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--run-on-mb", type=float, default=1.0)
    parser.add_argument("--cell", nargs=2, metavar=("WORKLOAD", "CHARS"))
    args = parser.parse_args(argv)
    if args.cell:
        print(json.dumps(cell(args.cell[0], int(args.cell[1]))))
        return
    report: dict[str, list[dict[str, float]]] = {}
    for workload in args.workloads:
        sizes = args.sizes if workload != "run-on" else [
            s for s in args.sizes if s <= args.run_on_mb
        ] or [args.run_on_mb]  # fmt: skip
        rows = []
        for mb in sizes:
            result = measure(workload, int(mb * MB), args.runs)
            result["mb"] = mb
            rows.append(result)
            previous = rows[-2] if len(rows) > 1 else None
            ratio = (
                result["seconds"] / previous["seconds"] * previous["mb"] / mb * 2
                if previous
                else None
            )
            result["doubling_ratio"] = ratio
            verdict = "" if ratio is None else (
                "PASS" if ratio <= LINEAR_RATIO else "MISS"
            )  # fmt: skip
            print(
                f"{workload:8} {mb:5.2f} MB  {result['seconds']:7.1f} s  "
                f"{result['seconds'] / mb:6.1f} s/MB  peak RSS "
                f"{result['peak_rss_mb']:6.0f} MB (warm {result['warm_rss_mb']:.0f})"
                + (
                    f"  x{ratio:.2f} per doubling {verdict}"
                    if ratio
                    else "  (baseline)"
                ),
                flush=True,
            )
        report[workload] = rows
    ratios = [r["doubling_ratio"] for rows in report.values() for r in rows
              if r["doubling_ratio"] is not None]  # fmt: skip
    print(
        f"target: every doubling <= x{LINEAR_RATIO}: "
        + ("PASS" if all(r <= LINEAR_RATIO for r in ratios) else "MISS")
    )
    print(json.dumps({"linear_ratio_target": LINEAR_RATIO, "results": report}))


if __name__ == "__main__":
    main()
