"""Geocoding benchmark: cold start, memory, exact and fuzzy lookup throughput.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_geocode

Every number for our code comes from fresh subprocesses (median of
:data:`RUNS`), as a user gets it: cold start and memory, and lookup throughput
on names sampled (seeded) from the embedded gazetteer and on one-letter
misspellings of them, each path (``Gazetteer.lookup``, the embedded geocoder's
``geocode`` returning geopy Locations, fuzzy lookups) in its own fresh process:
a first pass over queries never seen (no row touched, caches empty), then warm
passes (best of :data:`WARM`). numpy and rapidfuzz are imported by the first
lookup that needs them (the first fuzzy one), so the index build is timed with
those imports. The queries of a pass are distinct and lookup results are never
cached: warm passes reuse only parsed rows and the normaliser's fold/skeleton
caches, the first pass nothing. Same-run baselines,
measured in this process: a plain ``dict`` of folded names and a full
``rapidfuzz.process.extractOne`` scan.
Targets are reported as PASS/MISS, never asserted. The last output line is JSON.
"""

from __future__ import annotations

import json
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from conflict_geo.places.gazetteer import Gazetteer
    from conflict_geo.places.place import Place

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240601
RUNS = 5  # fresh interpreters per cold measurement (median)
WARM = 3  # warm passes (best)
N_EXACT = 6000
N_FUZZY = 2500
N_BASELINE = 100

#: A query that matches no name, spelling variant or trigram-close key.
NO_MATCH = "Xqkzvbnmw"
#: A misspelling (of Damascus) that only fuzzy matching resolves.
FUZZY_FIRST = "Damasvus"

# Run with ``python -c`` so that only the interpreter is loaded before
# ``import conflict_geo``; what reporting needs is imported afterwards.
_CHILD = f"""
import sys, time
t0 = time.perf_counter()
import conflict_geo
out = {{"import_s": time.perf_counter() - t0}}
if sys.argv[1] == "first_fuzzy":
    loc = conflict_geo.geocode({FUZZY_FIRST!r})
    out["first_fuzzy_s"] = time.perf_counter() - t0
    assert loc.raw["why"].startswith("fuzzy"), loc.raw["why"]
if sys.argv[1] == "first":
    conflict_geo.geocode("Hass")
    out["first_s"] = time.perf_counter() - t0
    import resource, psutil
    from conflict_geo.places.gazetteer import embedded_gazetteer as gaz
    def rss(tag):
        out["peak_" + tag] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["rss_" + tag] = psutil.Process().memory_info().rss / 2**20
    rss("first_mb")
    t1 = time.perf_counter()
    gaz().lookup({NO_MATCH!r})
    out["fuzzy_build_s"] = time.perf_counter() - t1
    out["fuzzy_built"] = gaz()._fuzzy is not None
    rss("fuzzy_mb")
import json
print(json.dumps(out))
"""

# One query path timed in a fresh interpreter: import, load the embedded
# gazetteer (and build the fuzzy index when asked), then a first pass over the
# queries (read from a JSON file) and the best of ``warm`` more passes. The
# time the garbage collector takes during the first pass is reported too.
_PASS_CHILD = f"""
import gc, json, sys, time
mode, path, warm = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, encoding="utf-8") as f:
    queries = json.load(f)
t0 = time.perf_counter()
from conflict_geo.places.gazetteer import embedded_gazetteer
from conflict_geo.geocoders import get_geocoder
t1 = time.perf_counter()
gaz = embedded_gazetteer()
out = {{"import_s": t1 - t0, "load_s": time.perf_counter() - t1}}
if mode == "fuzzy":
    t2 = time.perf_counter()
    gaz.lookup({NO_MATCH!r})
    out["build_s"] = time.perf_counter() - t2
fn = get_geocoder("embedded").geocode if mode == "geocode" else gaz.lookup
def rate():
    t = time.perf_counter()
    found = [fn(q) for q in queries]
    return len(queries) / (time.perf_counter() - t), found
gc_s, started = [0.0], []
def on_gc(phase, info):
    if phase == "start":
        started.append(time.perf_counter())
    elif started:
        gc_s[0] += time.perf_counter() - started.pop()
gc.callbacks.append(on_gc)
out["first_per_s"], found = rate()
gc.callbacks.remove(on_gc)
out["first_gc_share"] = gc_s[0] * out["first_per_s"] / len(queries)
out["warm_per_s"] = max(rate()[0] for _ in range(warm))
out["hit_rate"] = sum(map(bool, found)) / len(found)
print(json.dumps(out))
"""


class Typo(NamedTuple):
    """A misspelt query, the place it was made from and that name's fold."""

    typo: str
    place: Place
    key: str


def cold_runs(mode: str, *args: str, script: str = _CHILD) -> dict[str, float]:
    """Run a child script :data:`RUNS` times, each in a fresh interpreter.

    ``mode`` is ``"import"``, ``"first"`` or ``"first_fuzzy"`` for the default
    script, a query path (see :func:`pass_runs`) for ``_PASS_CHILD``. Returns
    the median of each reported number, plus ``wall_s`` (whole process).
    """
    samples: list[dict[str, float]] = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        out = subprocess.check_output(
            [sys.executable, "-c", script, mode, *args], cwd=ROOT, text=True
        )
        wall = time.perf_counter() - t0
        samples.append({**json.loads(out.splitlines()[-1]), "wall_s": wall})
    return {k: statistics.median(float(s[k]) for s in samples) for k in samples[0]}


def pass_runs(mode: str, queries: Sequence[str]) -> dict[str, float]:
    """Time one query path on ``queries`` in fresh interpreters.

    Parameters
    ----------
    mode : str
        ``"lookup"`` (``Gazetteer.lookup``), ``"geocode"`` (the embedded
        geocoder, geopy Locations) or ``"fuzzy"`` (``Gazetteer.lookup`` after
        the fuzzy index is built, timed as ``build_s``).
    queries : sequence of str
        The queries, in order.

    Returns
    -------
    dict
        Medians over :data:`RUNS` processes of ``first_per_s`` (first pass),
        ``first_gc_share`` (its share spent collecting garbage), ``warm_per_s``
        (best of :data:`WARM` more passes), ``hit_rate``, ``import_s`` and
        ``load_s`` (and ``build_s``).
    """
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", encoding="utf-8", delete=False
    ) as f:
        json.dump(list(queries), f)
    try:
        return cold_runs(mode, f.name, str(WARM), script=_PASS_CHILD)
    finally:
        Path(f.name).unlink()


def make_typo(word: str, rng: random.Random) -> str:
    """Delete, insert, substitute or transpose one letter (never the first one)."""
    i = rng.choice([j for j in range(1, len(word) - 1) if word[j].isalpha()])
    op = rng.choice(("delete", "insert", "substitute", "transpose"))
    if op == "transpose" and word[i + 1].isalpha() and word[i + 1] != word[i]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    letter = rng.choice(string.ascii_lowercase.replace(word[i], ""))
    if op == "insert":
        return word[:i] + letter + word[i:]
    return word[:i] + letter + word[i + 1 :]


def sample_queries(gaz: Gazetteer, keys: set[str]) -> tuple[list[str], list[Typo]]:
    """Return distinct (by fold) names and distinct misspellings of them.

    Places are visited in a seeded random order; each gives its preferred name
    and up to two alternates. Typos are made from folded ASCII names of at least
    five letters and never equal a gazetteer key (so they are true misses).
    """
    from conflict_geo.places.gazetteer import validate_query
    from conflict_geo.text.normalize import fold

    rng = random.Random(SEED)
    names: dict[str, str] = {}
    typos: dict[str, Typo] = {}
    for idx in rng.sample(range(len(gaz)), len(gaz)):
        place = gaz.place(idx)
        alternates = rng.sample(place.names, min(2, len(place.names)))
        for name in (place.name, *alternates):
            try:
                key = fold(validate_query(name))
            except ValueError:
                continue
            if len(names) < N_EXACT:
                names.setdefault(key, name)
            letters = key.replace(" ", "")
            if len(typos) < N_FUZZY and len(letters) >= 5 and letters.isascii():
                typo = make_typo(key, rng) if letters.isalpha() else key
                if typo not in keys:
                    typos.setdefault(typo, Typo(typo, place, key))
        if len(names) >= N_EXACT and len(typos) >= N_FUZZY:
            break
    return list(names.values()), list(typos.values())


def rate(
    fn: Callable[[str], Any], queries: Sequence[str], repeat: int = 1
) -> tuple[float, list[Any]]:
    """Call ``fn`` on every query; return (best queries per second, results)."""
    best = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = [fn(q) for q in queries]
        best = max(best, len(queries) / (time.perf_counter() - t0))
    return best, out


def share(flags: Sequence[bool]) -> float:
    """Return the fraction of true values in ``flags``."""
    return sum(flags) / len(flags) if flags else 0.0


def bench_exact(names: list[str], keys: list[str]) -> dict[str, float]:
    """Time exact lookups and the geocoder path (fresh processes) and a dict."""
    from conflict_geo.text.normalize import fold

    lookup = pass_runs("lookup", names)
    geocode = pass_runs("geocode", names)
    ex: dict[str, float] = {
        "first_per_s": lookup["first_per_s"],
        "warm_per_s": lookup["warm_per_s"],
        "hit_rate": lookup["hit_rate"],
        "geocoder_first_per_s": geocode["first_per_s"],
        "geocoder_per_s": geocode["warm_per_s"],
        "geocoder_hit_rate": geocode["hit_rate"],
        "first_gc_share": lookup["first_gc_share"],
        "geocoder_first_gc_share": geocode["first_gc_share"],
        "load_s": lookup["load_s"],
    }
    table = dict.fromkeys(keys, True)
    ex["dict_per_s"], _ = rate(lambda q: table.get(fold(q)), names, WARM)
    ex["ratio_vs_dict"] = ex["warm_per_s"] / ex["dict_per_s"]
    return ex


def bench_fuzzy(gaz: Gazetteer, typos: list[Typo], keys: list[str]) -> dict[str, float]:
    """Time fuzzy lookups (fresh processes) and the rapidfuzz scan baseline.

    Which path answers each typo, and how accurately, is read from ``gaz``
    (untimed); the typos answered by fuzzy matching are then timed on their own.
    """
    from rapidfuzz import fuzz, process

    from conflict_geo.text.normalize import fold

    queries = [t.typo for t in typos]
    top = [f[0] if f else None for f in map(gaz.lookup, queries)]
    pairs = list(zip(top, typos, strict=True))
    by_name = [
        c is not None and t.key in {fold(n) for n in (c.place.name, *c.place.names)}
        for c, t in pairs
    ]
    fz: dict[str, float] = {}
    fz["accuracy_place"] = share(
        [c is not None and c.place == t.place for c, t in pairs]
    )
    fz["accuracy_name"] = share(by_name)
    path = ["none" if c is None else c.why.split()[0] for c in top]
    for label in ("fuzzy", "spelling", "none"):
        fz[f"via_{label}"] = share([p == label for p in path])
        part = [b for b, p in zip(by_name, path, strict=True) if p == label]
        fz[f"accuracy_name_{label}"] = share(part)
    every = pass_runs("fuzzy", queries)
    fz["build_s"] = every["build_s"]
    fz["first_per_s"] = every["first_per_s"]
    fz["first_gc_share"] = every["first_gc_share"]
    fz["warm_per_s"] = every["warm_per_s"]
    only = pass_runs(
        "fuzzy", [q for q, p in zip(queries, path, strict=True) if p == "fuzzy"]
    )
    fz["fuzzy_path_first_per_s"] = only["first_per_s"]
    fz["fuzzy_path_per_s"] = only["warm_per_s"]
    base = typos[:N_BASELINE]
    fz["rapidfuzz_per_s"], hits = rate(
        lambda q: process.extractOne(fold(q), keys, scorer=fuzz.ratio),
        [t.typo for t in base],
    )
    fz["rapidfuzz_accuracy_name"] = share(
        [h[0] == t.key for h, t in zip(hits, base, strict=True)]
    )
    fz["ours_accuracy_name_same"] = share(by_name[:N_BASELINE])
    fz["ratio_vs_rapidfuzz"] = fz["warm_per_s"] / fz["rapidfuzz_per_s"]
    return fz


#: Report rows: label, "section.key" in the results, target ("" for none).
ROWS = [
    ("cold: import conflict_geo (s)", "cold_import.import_s", ""),
    ("cold: interpreter start + import, wall (s)", "cold_import.wall_s", ""),
    ("cold: import + geocode('Hass') (s)", "cold_first.first_s", "< 1"),
    (
        f"cold: import + geocode({FUZZY_FIRST!r}), fuzzy (s)",
        "cold_fuzzy.first_fuzzy_s",
        "< 1",
    ),
    ("cold: peak RSS after first query (MB)", "cold_first.peak_first_mb", "< 300"),
    (
        "cold: first fuzzy lookup: numpy import + index build (s)",
        "cold_first.fuzzy_build_s",
        "",
    ),
    ("cold: peak RSS after fuzzy index (MB)", "cold_first.peak_fuzzy_mb", "< 300"),
    ("cold: gazetteer load (s)", "exact.load_s", ""),
    ("exact: lookup, first pass (/s)", "exact.first_per_s", ">= 100k"),
    ("exact: lookup, warm, best of 3 (/s)", "exact.warm_per_s", ">= 100k"),
    (
        "exact: geocoder .geocode, first pass (/s)",
        "exact.geocoder_first_per_s",
        ">= 100k",
    ),
    ("exact: geocoder .geocode, warm (/s)", "exact.geocoder_per_s", ">= 100k"),
    ("  first passes: share in garbage collection, lookup", "exact.first_gc_share", ""),
    ("  ... geocoder", "exact.geocoder_first_gc_share", ""),
    ("exact: hit rate", "exact.hit_rate", ""),
    ("exact baseline: dict.get(fold(name)) (/s)", "exact.dict_per_s", ""),
    ("exact: ours (warm) vs dict (x)", "exact.ratio_vs_dict", ""),
    ("fuzzy: numpy import + index build (s)", "fuzzy.build_s", ""),
    ("fuzzy: lookup, first pass (/s)", "fuzzy.first_per_s", ">= 5k"),
    ("fuzzy: lookup, warm, best of 3 (/s)", "fuzzy.warm_per_s", ">= 5k"),
    ("  first pass: share in garbage collection", "fuzzy.first_gc_share", ""),
    (
        "fuzzy: typos answered via fuzzy only, first pass (/s)",
        "fuzzy.fuzzy_path_first_per_s",
        ">= 5k",
    ),
    (
        "fuzzy: typos answered via fuzzy only, warm (/s)",
        "fuzzy.fuzzy_path_per_s",
        ">= 5k",
    ),
    ("fuzzy: typos answered via fuzzy match", "fuzzy.via_fuzzy", ""),
    ("fuzzy: typos answered via spelling variant", "fuzzy.via_spelling", ""),
    ("fuzzy: top-1 is the original place", "fuzzy.accuracy_place", ""),
    ("fuzzy: top-1 has the original name", "fuzzy.accuracy_name", ""),
    ("  ... when answered via fuzzy match", "fuzzy.accuracy_name_fuzzy", ""),
    ("  ... when answered via spelling variant", "fuzzy.accuracy_name_spelling", ""),
    ("fuzzy baseline: rapidfuzz scan (/s)", "fuzzy.rapidfuzz_per_s", ""),
    ("fuzzy baseline: top-1 is the original name", "fuzzy.rapidfuzz_accuracy_name", ""),
    ("  ours on the same typos", "fuzzy.ours_accuracy_name_same", ""),
    ("fuzzy: ours (warm) vs rapidfuzz scan (x)", "fuzzy.ratio_vs_rapidfuzz", ""),
]


def verdict(value: float, target: str) -> str:
    """Return PASS/MISS for ``value`` against a target like ``"< 1"``, ``">= 5k"``."""
    if not target:
        return ""
    op, limit = target.split()
    bound = float(limit.replace("k", "e3"))
    return "PASS" if (value < bound if op == "<" else value >= bound) else "MISS"


def report(res: dict[str, Any]) -> None:
    """Print the results table with targets, then all numbers as one JSON line."""
    print(f"geocoding benchmark: {res['sample']}, baseline on {N_BASELINE} typos")
    print(f"{'metric':<56} {'value':>12}  {'target':>8}")
    for label, path, target in ROWS:
        section, key = path.split(".")
        value = float(res[section][key])
        shown = f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
        print(f"{label:<56} {shown:>12}  {target:>8}  {verdict(value, target)}")
    print(json.dumps(res))


def main() -> int:
    """Run the benchmark and print its report; return 0 (timings never fail)."""
    res: dict[str, Any] = {"seed": SEED, "runs": RUNS, "python": sys.version.split()[0]}
    res["cold_import"] = cold_runs("import")
    res["cold_first"] = cold_runs("first")
    res["cold_fuzzy"] = cold_runs("first_fuzzy")

    from conflict_geo.places.gazetteer import embedded_gazetteer
    from conflict_geo.places.store import name_keys

    sampler = embedded_gazetteer()
    folds = (name_keys([p.name, *p.names])[0] for p in sampler)
    keys = list(dict.fromkeys(k for f in folds for k in f))
    names, typos = sample_queries(sampler, set(keys))
    res["sample"] = {"places": len(sampler), "keys": len(keys)}
    res["sample"] |= {"exact": len(names), "typos": len(typos)}
    res["exact"] = bench_exact(names, keys)
    res["fuzzy"] = bench_fuzzy(sampler, typos, keys)
    report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
