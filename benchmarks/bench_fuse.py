"""Fusion at scale: 100k reports in seconds, against an all-pairs baseline.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_fuse                 # 100k reports
    .venv/bin/python -m benchmarks.bench_fuse --sizes 10000 100000

The reports are synthetic (seeded): incidents at a few hundred towns of a
Syria-sized box over a year — strikes, shelling, clashes, captures — each
told by one to six reports of other documents, a day or two apart, at the
same point, a nearby point (another gazetteer), within ~25 km or only the
province, with tolls revised upwards; a town sees many incidents, so fusion
must tell them apart by date and type.

Each size is fused by :func:`conflict_geo.fuse` (date sweep and spatial grid).
The baseline is the same fusion comparing every report with every incident
found so far (``cluster_reports(..., index=False)``: all pairs), measured in
the same run on the sizes it finishes within ``--budget`` seconds; larger ones
are extrapolated (quadratic) and say so. Both give the same incidents
(checked, printed). Targets: 100k reports in at most 10 s (printed OK/MISSED,
never asserted). The last output line is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

#: Seconds for 100,000 reports (issue 13: "100k events in seconds").
TARGET_100K_S = 10.0
#: Types drawn for incidents, with their weights.
TYPES = (("strike", 5), ("shelling", 3), ("clash", 3), ("control_change", 1))
#: Camps' actors drawn for incidents.
ACTORS = ("Syrian government", "Russia", "Rebels", "Islamic State", "Turkey")
#: The box incidents are drawn in (Syria, roughly) and the number of towns.
BOX = (32.5, 35.8, 37.2, 42.0)
TOWNS = 400


def synthetic_reports(n: int, seed: int = 13) -> Any:
    """Return an event table of ``n`` reports of incidents (see module docstring)."""
    from conflict_geo.events.schema import events_frame

    rng = random.Random(seed)
    south, west, north, east = BOX
    towns = [
        (rng.uniform(south, north), rng.uniform(west, east), f"Town {k}")
        for k in range(TOWNS)
    ]
    kinds = [t for t, w in TYPES for _ in range(w)]
    records: list[dict[str, Any]] = []
    incident = 0
    while len(records) < n:
        incident += 1
        lat, lon, name = rng.choice(towns)
        day = rng.randrange(366)
        kind = rng.choice(kinds)
        actor = rng.choice(ACTORS)
        toll = rng.randrange(1, 60) if kind != "control_change" else None
        for k in range(min(n - len(records), 1 + min(5, int(rng.expovariate(0.7))))):
            records.append(
                _report(rng, incident, k, (lat, lon, name), day, kind, actor, toll)
            )
            if toll is not None:
                toll += rng.randrange(0, 8)
    return events_frame(records)


def _report(
    rng: random.Random,
    incident: int,
    k: int,
    town: tuple[float, float, str],
    day: int,
    kind: str,
    actor: str,
    toll: int | None,
) -> dict[str, Any]:
    import datetime

    lat, lon, name = town
    roll = rng.random()
    precision = 1
    if roll < 0.2:  # another gazetteer's point for the town
        lat, lon = lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)
    elif roll < 0.25:  # "near the town"
        lat, lon, precision = (
            lat + rng.uniform(-0.1, 0.1),
            lon + rng.uniform(-0.1, 0.1),
            2,
        )
    date = datetime.date(2016, 1, 1) + datetime.timedelta(days=day + rng.randrange(3))
    return {
        "event_id": f"synthetic:{incident}:{k}",
        "dataset": "text",
        "event_type": kind,
        "place": name,
        "country": "SY",
        "admin1": f"Province {int(lat * 2) % 14}",
        "lat": lat,
        "lon": lon,
        "precision": precision,
        "fatalities": toll,
        "actor": actor if rng.random() < 0.7 else None,
        "date": date.isoformat(),
        "date_precision": "day",
        "status": "done",
        "doc": f"dispatch-{incident}-{k}.txt",
        "sentence": f"Report {k} of incident {incident}.",
    }


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def _baseline(events: Any) -> tuple[Any, float]:
    """All pairs: every report against every incident so far."""
    from conflict_geo.incidents.cluster import cluster_reports
    from conflict_geo.incidents.compare import Rules
    from conflict_geo.incidents.reports import report_table

    t0 = time.perf_counter()
    labels, _ = cluster_reports(report_table(events), Rules(), index=False)
    return labels, time.perf_counter() - t0


def _indexed(events: Any) -> tuple[Any, float]:
    from conflict_geo.incidents.cluster import cluster_reports
    from conflict_geo.incidents.compare import Rules
    from conflict_geo.incidents.reports import report_table

    t0 = time.perf_counter()
    labels, _ = cluster_reports(report_table(events), Rules())
    return labels, time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    """Time fusion against the all-pairs baseline; print a table and JSON.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0.
    """
    from conflict_geo.incidents.fuse import fuse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 4000, 20_000, 100_000]
    )
    ap.add_argument("--budget", type=float, default=60.0, help="baseline seconds")
    args = ap.parse_args(argv)
    fuse(synthetic_reports(200))  # imports, the actor table, boundaries
    rows: list[dict[str, Any]] = []
    fitted = None  # seconds per pair of the baseline
    for n in args.sizes:
        events = synthetic_reports(n)
        fused, total = _timed(fuse, events)
        labels, clustered = _indexed(events)
        row: dict[str, Any] = {
            "reports": n,
            "incidents": len(fused),
            "fuse_s": round(total, 3),
            "cluster_s": round(clustered, 3),
        }
        guess = fitted * n * n if fitted else None
        if guess is None or guess <= args.budget:
            naive, base = _baseline(events)
            fitted = base / (n * n)
            same = _same_partition(labels, naive)
            row.update(baseline_s=round(base, 3), measured=True, same_incidents=same)
        else:
            row.update(baseline_s=round(guess, 1), measured=False, same_incidents=None)
        row["speedup"] = round(row["baseline_s"] / max(clustered, 1e-9), 1)
        rows.append(row)
        _print_row(row)
    big = [r for r in rows if r["reports"] >= 100_000]
    verdict = (
        "OK" if big and all(r["fuse_s"] <= TARGET_100K_S for r in big) else "MISSED"
    )
    if big:
        print(f"target: 100k reports fused in <= {TARGET_100K_S:g} s: {verdict}")
    print(json.dumps({"bench": "fuse", "rows": rows, "target": verdict}))
    return 0


def _same_partition(a: Any, b: Any) -> bool:
    """Tell whether two labellings group the rows alike."""
    pairs = {}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        if pairs.setdefault(x, y) != y:
            return False
    return len(set(pairs.values())) == len(pairs)


def _print_row(row: dict[str, Any]) -> None:
    measured = "" if row["measured"] else " (extrapolated, n^2)"
    same = {True: "same incidents", False: "DIFFERENT incidents", None: ""}
    print(
        f"{row['reports']:>8} reports -> {row['incidents']:>7} incidents: "
        f"fuse {row['fuse_s']:7.2f} s (clustering {row['cluster_s']:6.2f} s); "
        f"all pairs {row['baseline_s']:9.2f} s{measured}; "
        f"x{row['speedup']:g} {same[row['same_incidents']]}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
