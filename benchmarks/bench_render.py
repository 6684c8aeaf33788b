"""Benchmark map rendering at analyst scale: conflict_geo vs folium's own ways.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_render [--sizes 100000 1000000]

For each size, UCDP-like events are resampled (with replacement, unique ids)
from ``../shared/data/ucdp_ged_syria_2016.csv`` (synthetic events when that file
is missing). Measured in the same run, on the same events:

* ``conflict_geo``: an offline ``ConflictMap`` (per-type style, popups, time
  slider; density layers from 20,000 events) built and written warm;
* folium's ``HeatMap`` of the points, ``FastMarkerCluster`` of the points and
  ``gdf.explore()`` (a GeoJSON layer with popups), each built and written.

For every map: build + write seconds, marginal bytes per event (the size of an
empty map of the same kind subtracted) and the first frame in headless Chromium
with the network blocked (folium's CDN assets are served from the installed
packages, tiles are refused): navigation start until the page has loaded, its
layers report they are drawn (``__conflictGeoReady`` for ours) and two frames
have been painted. A baseline whose build would take longer than
``--budget`` seconds is extrapolated linearly from the largest size measured
(and said so); a first frame past ``--browser-timeout`` is shown as ``>``.

Targets (``TARGETS``) are printed, never asserted. The load average is printed
before and after: timings are only comparable on an equally busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

UCDP = (
    Path(__file__).resolve().parents[1].parent / "shared/data/ucdp_ged_syria_2016.csv"
)
#: Issue 14's acceptance: build (warm) and size at 1M events, first frames.
TARGETS = {
    "build_s_1m": 1.5,
    "bytes_per_event": 12.0,
    "first_frame_s_1m": 3.0,
    "first_frame_s_100k": 1.0,
}
FIRST_FRAME_JS = """() => new Promise(done => {
    const frame = () => requestAnimationFrame(
        () => requestAnimationFrame(() => done(performance.now())));
    const ready = () => !window.conflictGeo || window.__conflictGeoReady === true;
    const wait = () => (document.readyState === "complete" && ready())
        ? frame() : setTimeout(wait, 5);
    wait();
})"""


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


# ---------------------------------------------------------------- the builders
def build_ours(frame, path: Path) -> None:
    from conflict_geo.maps import ConflictMap

    ConflictMap(frame, offline=True).save(path)


def _points(frame) -> np.ndarray:
    both = frame[["lat", "lon"]].to_numpy("float64", na_value=np.nan)
    return both[np.isfinite(both).all(axis=1)]


def build_heatmap(frame, path: Path) -> None:
    import folium
    from folium.plugins import HeatMap

    m = folium.Map(location=[35.0, 38.0], zoom_start=7)
    HeatMap(_points(frame)).add_to(m)
    m.save(str(path))


def build_fast_cluster(frame, path: Path) -> None:
    import folium
    from folium.plugins import FastMarkerCluster

    m = folium.Map(location=[35.0, 38.0], zoom_start=7)
    FastMarkerCluster(_points(frame)).add_to(m)
    m.save(str(path))


def build_explore(frame, path: Path) -> None:
    import geopandas

    gdf = geopandas.GeoDataFrame(
        frame[["event_type", "place", "fatalities", "actor", "sentence"]].astype(
            "object"
        ),
        geometry=geopandas.points_from_xy(frame["lon"], frame["lat"]),
        crs=4326,
    )
    gdf = gdf.loc[~gdf.geometry.is_empty & gdf.geometry.notna()]
    gdf.explore(popup=True, tooltip=False).save(str(path))


BUILDERS: dict[str, Callable] = {
    "conflict_geo": build_ours,
    "folium HeatMap": build_heatmap,
    "FastMarkerCluster": build_fast_cluster,
    "gdf.explore()": build_explore,
}


# ---------------------------------------------------------------- the browser
def _local_asset(url: str) -> Path | None:
    """The installed copy of a folium CDN asset, or None (request refused)."""
    import folium
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet
    import xstatic.pkg.leaflet_markercluster as xcluster

    name = url.rsplit("/", 1)[-1].split("?")[0]
    for folder in (xleaflet.BASE_DIR, xcluster.BASE_DIR, xjquery.BASE_DIR):
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    if name == "jquery-3.7.1.min.js":
        return Path(xjquery.BASE_DIR) / "jquery.min.js"
    if name == "leaflet_heat.min.js":
        return Path(folium.__file__).parent / "templates" / name
    return None


def first_frame(context, path: Path, timeout_s: float) -> float | None:
    """Seconds from navigation start to the first frame drawn, None if later."""
    page = context.new_page()
    page.set_viewport_size({"width": 1200, "height": 800})

    def route(r):
        url = r.request.url
        local = None if url.startswith("file:") else _local_asset(url)
        if url.startswith("file:"):
            r.continue_()
        elif local is not None:
            kind = "text/css" if local.suffix == ".css" else "text/javascript"
            r.fulfill(path=local, content_type=kind)
        else:
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        return page.evaluate(FIRST_FRAME_JS) / 1000.0
    except Exception:  # a timeout: past the budget
        return None
    finally:
        page.close()


def _load() -> str:
    """The load average: timings are only comparable on an equally busy machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min) {fifteen:.2f} (15 min)"


def _timed(build: Callable, frame, path: Path) -> float:
    start = time.perf_counter()
    build(frame, path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--browser-timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    base, origin = base_events()
    print(f"events resampled from {origin}: {len(base):,} source rows")
    print(f"machine: {os.cpu_count()} cores, {_load()}")
    browser = None
    if not args.no_browser and shutil.which("chromium"):
        from conflict_geo.maps.export import launch_chromium

        browser = launch_chromium()
    results: dict[tuple[str, int], tuple[float, float, str, float | None]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmpdir = Path(tmp)
        context = browser.__enter__() if browser is not None else None
        try:
            empty = {}
            for name, build in BUILDERS.items():  # warm: imports, caches
                build(resample(base, 1000), tmpdir / "warm.html")
                empty[name] = tmpdir / f"empty_{len(empty)}.html"
                build(resample(base, 0), empty[name])
            rate: dict[str, tuple[float, float]] = {}  # s and B per event
            for n in sorted(args.sizes):
                frame = resample(base, n)
                for name, build in BUILDERS.items():
                    path = tmpdir / f"{len(results)}.html"
                    est = rate[name][0] * n if name in rate else 0.0
                    if est > args.budget:
                        seconds, per_event = est, rate[name][1]
                        note, frame_s = "extrapolated", None
                    else:
                        seconds = _timed(build, frame, path)
                        extra = path.stat().st_size - empty[name].stat().st_size
                        per_event, note = extra / n, "measured"
                        rate[name] = (seconds / n, per_event)
                        frame_s = (
                            first_frame(context, path, args.browser_timeout)
                            if context is not None
                            else None
                        )
                        path.unlink()
                    results[(name, n)] = (seconds, per_event, note, frame_s)
                    shown = (
                        "-"
                        if context is None or note != "measured"
                        else f">{args.browser_timeout:.0f} s"
                        if frame_s is None
                        else f"{frame_s:.2f} s"
                    )
                    print(
                        f"n={n:>9,}  {name:<18} build {seconds:7.2f} s ({note})  "
                        f"{per_event:8.1f} B/event  first frame {shown}",
                        flush=True,
                    )
        finally:
            if browser is not None:
                browser.__exit__(None, None, None)
    print(f"\nafter the runs: {_load()}")
    _report(results, sorted(args.sizes))
    return 0


def _report(results: dict, sizes: list[int]) -> None:
    top = max(sizes)
    ours = results[("conflict_geo", top)]
    print(f"targets (conflict_geo, n={top:,}):")
    checks = [
        ("offline build + write", ours[0], "s", TARGETS["build_s_1m"]),
        ("bytes per event", ours[1], "B", TARGETS["bytes_per_event"]),
    ]
    for n, key in ((1_000_000, "first_frame_s_1m"), (100_000, "first_frame_s_100k")):
        if ("conflict_geo", n) in results and results[("conflict_geo", n)][3]:
            checks.append(
                (
                    f"first frame at {n:,}",
                    results[("conflict_geo", n)][3],
                    "s",
                    TARGETS[key],
                )
            )
    for label, value, unit, target in checks:
        verdict = "OK" if value <= target else "MISSED"
        print(f"  {label:<24} {value:8.2f} {unit}  target <= {target:g}  {verdict}")
    for name in BUILDERS:
        if name == "conflict_geo" or (name, top) not in results:
            continue
        theirs = results[(name, top)]
        frames = (
            f", first frame {theirs[3] / ours[3]:.1f}x ours"
            if theirs[3] and ours[3]
            else ""
        )
        print(
            f"  vs {name:<18} build {theirs[0] / ours[0]:6.1f}x ours, "
            f"size {theirs[1] / ours[1]:6.1f}x ours{frames} ({theirs[2]})"
        )


if __name__ == "__main__":
    sys.exit(main())
