"""Geocoding benchmark: cold start, memory, exact and fuzzy lookup throughput.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_geocode

Cold-start and memory numbers come from fresh subprocesses (median of
:data:`RUNS`). Throughput is measured in this process (warm: best of :data:`WARM`
passes) on names sampled (seeded) from the embedded gazetteer and on one-letter
misspellings of them, against same-run baselines: a plain ``dict`` of folded
names and a full ``rapidfuzz.process.extractOne`` scan. Targets are reported as
PASS/MISS, never asserted. The last output line is JSON.
"""

from __future__ import annotations

import json
import random
import statistics
import string
import subprocess
import sys
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

# Run with ``python -c`` so that only the interpreter is loaded before
# ``import conflict_geo``; what reporting needs is imported afterwards.
_CHILD = f"""
import sys, time
t0 = time.perf_counter()
import conflict_geo
out = {{"import_s": time.perf_counter() - t0}}
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


class Typo(NamedTuple):
    """A misspelt query, the place it was made from and that name's fold."""

    typo: str
    place: Place
    key: str


def cold_runs(mode: str) -> dict[str, float]:
    """Run the child script (``"import"`` or ``"first"``) :data:`RUNS` times.

    Returns the median of each reported number, plus ``wall_s`` (whole process).
    """
    samples: list[dict[str, float]] = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        out = subprocess.check_output(
            [sys.executable, "-c", _CHILD, mode], cwd=ROOT, text=True
        )
        wall = time.perf_counter() - t0
        samples.append({**json.loads(out.splitlines()[-1]), "wall_s": wall})
    return {k: statistics.median(float(s[k]) for s in samples) for k in samples[0]}


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


def bench_exact(gaz: Gazetteer, names: list[str], keys: list[str]) -> dict[str, float]:
    """Time exact lookups (first and warm pass), the geocoder path and a dict."""
    from conflict_geo.geocoders import get_geocoder
    from conflict_geo.text.normalize import fold

    ex: dict[str, float] = {}
    ex["first_per_s"], found = rate(gaz.lookup, names)
    ex["warm_per_s"], _ = rate(gaz.lookup, names, WARM)
    ex["hit_rate"] = share([bool(f) for f in found])
    ex["geocoder_per_s"], _ = rate(get_geocoder("embedded").geocode, names, WARM)
    table = dict.fromkeys(keys, True)
    ex["dict_per_s"], _ = rate(lambda q: table.get(fold(q)), names, WARM)
    ex["ratio_vs_dict"] = ex["warm_per_s"] / ex["dict_per_s"]
    return ex


def bench_fuzzy(gaz: Gazetteer, typos: list[Typo], keys: list[str]) -> dict[str, float]:
    """Time fuzzy lookups and the rapidfuzz scan baseline; score their accuracy."""
    from rapidfuzz import fuzz, process

    from conflict_geo.text.normalize import fold

    fz: dict[str, float] = {}
    t0 = time.perf_counter()
    gaz.lookup(NO_MATCH)  # misses exact and variant keys: builds the index only
    fz["build_s"] = time.perf_counter() - t0
    queries = [t.typo for t in typos]
    fz["first_per_s"], found = rate(gaz.lookup, queries)
    fz["warm_per_s"], _ = rate(gaz.lookup, queries, WARM)
    top = [f[0] if f else None for f in found]
    pairs = list(zip(top, typos, strict=True))
    by_name = [
        c is not None and t.key in {fold(n) for n in (c.place.name, *c.place.names)}
        for c, t in pairs
    ]
    fz["accuracy_place"] = share(
        [c is not None and c.place == t.place for c, t in pairs]
    )
    fz["accuracy_name"] = share(by_name)
    path = ["none" if c is None else c.why.split()[0] for c in top]
    for label in ("fuzzy", "spelling", "none"):
        fz[f"via_{label}"] = share([p == label for p in path])
        part = [b for b, p in zip(by_name, path, strict=True) if p == label]
        fz[f"accuracy_name_{label}"] = share(part)
    only = [q for q, p in zip(queries, path, strict=True) if p == "fuzzy"]
    fz["fuzzy_path_per_s"], _ = rate(gaz.lookup, only, WARM)
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
    ("cold: peak RSS after first query (MB)", "cold_first.peak_first_mb", "< 300"),
    ("cold: fuzzy index build (s)", "cold_first.fuzzy_build_s", ""),
    ("cold: peak RSS after fuzzy index (MB)", "cold_first.peak_fuzzy_mb", "< 300"),
    ("in-process gazetteer load (s)", "load.s", ""),
    ("exact: lookup, first pass (/s)", "exact.first_per_s", ">= 100k"),
    ("exact: lookup, warm, best of 3 (/s)", "exact.warm_per_s", ">= 100k"),
    ("exact: embedded geocoder .geocode, warm (/s)", "exact.geocoder_per_s", ">= 100k"),
    ("exact: hit rate", "exact.hit_rate", ""),
    ("exact baseline: dict.get(fold(name)) (/s)", "exact.dict_per_s", ""),
    ("exact: ours (warm) vs dict (x)", "exact.ratio_vs_dict", ""),
    ("fuzzy: index build, in-process (s)", "fuzzy.build_s", ""),
    ("fuzzy: lookup, first pass (/s)", "fuzzy.first_per_s", ">= 5k"),
    ("fuzzy: lookup, warm, best of 3 (/s)", "fuzzy.warm_per_s", ">= 5k"),
    ("fuzzy: warm, typos answered via fuzzy only (/s)", "fuzzy.fuzzy_path_per_s", ""),
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
    print(f"{'metric':<50} {'value':>12}  {'target':>8}")
    for label, path, target in ROWS:
        section, key = path.split(".")
        value = float(res[section][key])
        shown = f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
        print(f"{label:<50} {shown:>12}  {target:>8}  {verdict(value, target)}")
    print(json.dumps(res))


def main() -> int:
    """Run the benchmark and print its report; return 0 (timings never fail)."""
    res: dict[str, Any] = {"seed": SEED, "runs": RUNS, "python": sys.version.split()[0]}
    res["cold_import"] = cold_runs("import")
    res["cold_first"] = cold_runs("first")

    from conflict_geo.places.gazetteer import embedded_gazetteer
    from conflict_geo.places.store import name_keys
    from conflict_geo.text.normalize import fold, skeleton

    sampler = embedded_gazetteer()
    folds = (name_keys([p.name, *p.names])[0] for p in sampler)
    keys = list(dict.fromkeys(k for f in folds for k in f))
    names, typos = sample_queries(sampler, set(keys))
    res["sample"] = {"places": len(sampler), "keys": len(keys)}
    res["sample"] |= {"exact": len(names), "typos": len(typos)}
    # Time a fresh, unparsed gazetteer with empty normaliser caches.
    for cached in (embedded_gazetteer, fold, skeleton):
        cached.cache_clear()
    t0 = time.perf_counter()
    gaz = embedded_gazetteer()
    res["load"] = {"s": time.perf_counter() - t0}
    res["exact"] = bench_exact(gaz, names, keys)
    res["fuzzy"] = bench_fuzzy(gaz, typos, keys)
    report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
