"""Benchmark map rendering: conflict_geo's compact canvas layers vs plain folium.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_render [--sizes 1000 10000 100000]

For each size, UCDP-like events are resampled (with replacement, unique ids)
from ``../shared/data/ucdp_ged_syria_2016.csv`` (synthetic events when that file
is missing). Measured in the same run:

* build + write time of the HTML and bytes per event for ``ConflictMap``;
* the same for plain folium: one ``CircleMarker`` + ``Popup`` per event. When
  the folium baseline would take more than a minute, it is extrapolated
  linearly from the largest size measured, and the output says so;
* the first render time of the largest map in headless Chromium: navigation
  start until the layers report they are drawn (``window.__conflictGeoReadyAt``).

Bytes per event are marginal: the size of an empty map of the same kind is
subtracted. Targets (at 100k) are printed, never asserted. The load average is
printed before and after the runs: timings are only comparable on an equally
busy machine.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

UCDP = (
    Path(__file__).resolve().parents[1].parent / "shared/data/ucdp_ged_syria_2016.csv"
)
TARGETS = {
    "build_s": 1.0,
    "bytes_per_event": 40.0,
    "speedup": 40.0,
    "first_render_s": 3.0,
}
FOLIUM_BUDGET_S = 60.0



def base_events():
    """Return the UCDP 2016 events, or synthetic ones when the file is missing."""
    from conflict_geo.events.schema import events_frame

    if UCDP.is_file():
        from conflict_geo.events.io import read_events

        return read_events(UCDP), f"UCDP GED Syria 2016 ({UCDP.name})"
    rng = np.random.default_rng(0)
    n = 6000
    types = rng.choice(["strike", "shelling", "clash", "other"], n)
    frame = events_frame(
        {
            "event_id": f"synthetic:{i}",
            "dataset": "synthetic",
            "event_type": str(types[i]),
            "place": f"Place {i % 900}",
            "country": "SY",
            "lat": float(rng.uniform(32.5, 37.2)),
            "lon": float(rng.uniform(35.8, 42.0)),
            "precision": int(rng.choice([1, 1, 1, 2, 3])),
            "fatalities": int(rng.poisson(3)),
            "actor": f"Actor {i % 12}",
            "date": pd.Timestamp("2016-01-01") + pd.Timedelta(days=int(i % 366)),
            "sentence": f"Synthetic report number {i % 2000} about shelling.",
        }
        for i in range(n)
    )
    return frame, "synthetic events (UCDP file not found)"


def resample(base, n: int):
    """Return ``n`` events sampled with replacement, with unique ids."""
    frame = base.sample(n, replace=True, random_state=n).reset_index(drop=True)
    frame["event_id"] = (
        frame["event_id"].astype("string")
        + "-"
        + pd.Series(np.arange(n).astype(str), dtype="string")
    )
    return frame


def bench_ours(frame, path: Path) -> float:
    from conflict_geo.maps import ConflictMap

    start = time.perf_counter()
    ConflictMap(frame).save(path)
    return time.perf_counter() - start


def bench_folium(frame, path: Path) -> float:
    import folium

    from conflict_geo.layers.style import event_style, fatality_radius

    start = time.perf_counter()
    m = folium.Map(location=[35.0, 38.0], zoom_start=7, tiles="OpenStreetMap.Mapnik")
    lat = frame["lat"].to_numpy()
    lon = frame["lon"].to_numpy()
    kinds = frame["event_type"].astype("string").fillna("other").to_numpy()
    deaths = frame["fatalities"].astype("float64").to_numpy()
    texts = frame["sentence"].astype("string").fillna("").to_numpy()
    places = frame["place"].astype("string").fillna("").to_numpy()
    for i in range(len(frame)):
        if not (np.isfinite(lat[i]) and np.isfinite(lon[i])):
            continue
        text = f"<b>{html.escape(places[i])}</b><br>{html.escape(texts[i])}"
        folium.CircleMarker(
            [float(lat[i]), float(lon[i])],
            radius=fatality_radius(deaths[i]),
            color=event_style(kinds[i])["color"],
            fill=True,
            popup=folium.Popup(text, max_width=300),
        ).add_to(m)
    m.save(str(path))
    return time.perf_counter() - start


def first_render(path: Path) -> float | None:
    """Seconds from navigation start to the layers being drawn, or None."""
    if shutil.which("chromium") is None:
        return None
    try:
        from conflict_geo.maps.export import launch_chromium
    except ImportError:
        return None
    with launch_chromium() as context:
        page = context.new_page()
        page.set_viewport_size({"width": 1200, "height": 800})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
        )
        page.goto(path.resolve().as_uri(), timeout=120_000)
        page.wait_for_function(
            "() => window.__conflictGeoReady === true", timeout=120_000
        )
        ready = page.evaluate("() => window.__conflictGeoReadyAt")
        drawn = page.evaluate(
            "() => conflictGeo.layers.filter(l => l.options.interactive !== false)"
            ".reduce((s, l) => s + (l._map ? l.drawn : 0), 0)"
        )
        print(f"  browser drew {drawn:,} features")
        return ready / 1000.0


def _load() -> str:
    """The load average: timings are only comparable on an equally busy machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min) {fifteen:.2f} (15 min)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10_000, 100_000])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)

    from conflict_geo.maps import ConflictMap

    base, origin = base_events()
    print(f"events resampled from {origin}: {len(base):,} source rows")
    print(f"machine: {os.cpu_count()} cores, {_load()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmpdir = Path(tmp)
        empty_ours = tmpdir / "empty_ours.html"
        ConflictMap(None).save(empty_ours)  # also warms caches (boundaries)
        bench_ours(resample(base, 1000), tmpdir / "warm.html")
        empty_folium = tmpdir / "empty_folium.html"
        bench_folium(resample(base, 0), empty_folium)
        folium_rate = folium_bytes = None  # of the largest measured folium run
        for n in args.sizes:
            frame = resample(base, n)
            ours_path = tmpdir / f"ours_{n}.html"
            ours_s = bench_ours(frame, ours_path)
            ours_b = (ours_path.stat().st_size - empty_ours.stat().st_size) / n
            estimate = folium_rate * n if folium_rate else 0.0
            if estimate > FOLIUM_BUDGET_S:
                folium_s, folium_b, note = estimate, folium_bytes * 1.0, "extrapolated"
            else:
                folium_path = tmpdir / f"folium_{n}.html"
                folium_s = bench_folium(frame, folium_path)
                folium_b = (
                    folium_path.stat().st_size - empty_folium.stat().st_size
                ) / n
                folium_rate, folium_bytes, note = folium_s / n, folium_b, "measured"
                folium_path.unlink()
            rows.append((n, ours_s, ours_b, folium_s, folium_b, note))
            print(
                f"n={n:>7,}  ours {ours_s:6.2f} s {ours_b:6.1f} B/event   "
                f"folium {folium_s:7.2f} s {folium_b:6.0f} B/event ({note})   "
                f"speed-up {folium_s / ours_s:6.1f}x  size ratio "
                f"{folium_b / ours_b:5.1f}x",
                flush=True,
            )
        largest = max(args.sizes)
        render_s = None
        if not args.no_browser:
            offline = tmpdir / "offline_largest.html"
            ConflictMap(resample(base, largest), offline=True).save(offline)
            render_s = first_render(offline)
    n, ours_s, ours_b, folium_s, _, note = next(r for r in rows if r[0] == largest)
    print(f"\nafter the runs: {_load()}")
    print(f"targets at n={largest:,}:")
    checks = [
        ("build + write", ours_s, f"{ours_s:.2f} s", TARGETS["build_s"], "<="),
        (
            "bytes per event",
            ours_b,
            f"{ours_b:.1f} B",
            TARGETS["bytes_per_event"],
            "<=",
        ),
        (
            "speed-up vs folium",
            folium_s / ours_s,
            f"{folium_s / ours_s:.0f}x (folium {note})",
            TARGETS["speedup"],
            ">=",
        ),
    ]
    if render_s is not None:
        checks.append(
            (
                "first render in Chromium",
                render_s,
                f"{render_s:.2f} s",
                TARGETS["first_render_s"],
                "<=",
            )
        )
    else:
        print("  first render: skipped (no Chromium/Playwright or --no-browser)")
    for label, value, shown, target, op in checks:
        ok = value <= target if op == "<=" else value >= target
        print(
            f"  {label:<26} {shown:<28} target {op} {target:g}  "
            f"{'OK' if ok else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
