"""Score geoparsing and event extraction on ``tests/data/devset``.

Run ``python -m benchmarks.devset_eval [--devset DIR] [--json]`` from the repo root.
Toponyms match on overlapping spans (strictly: equal ``metonymic`` flags too);
geocoding is scored on matched literal toponyms (share within 161 km and 10 km,
or, for countries and provinces, a predicted place of the same name);
events match one-to-one per document when the location agrees (25 km, 75 km
when both are province- or country-level, or the same place name) and the
predicted sentence overlaps the gold one.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset"
GEO_RADII_KM = (161.0, 10.0)
EVENT_RADIUS_KM = 25.0
#: Event families, as ``../shared/realwire/score.py`` groups types.
FAMILY = {
    "strike": "fire",
    "shelling": "fire",
    "offensive": "ground",
    "clash": "ground",
    "siege": "ground",
    "control_change": "control",
    "base": "control",
}
#: Province- or country-level events (precision >= 4) on both sides match
#: within this radius: gazetteers put an area's point in different places.
AREA_RADIUS_KM = 75.0
AREA_KINDS = ("country", "admin1")
Record = dict[str, Any]


@dataclass(frozen=True)
class Doc:
    """One dispatch with its gold annotation."""

    id: str
    lang: str
    date: str
    text: str
    toponyms: list[Record]
    events: list[Record]


def load_devset(path: Path | str = DEVSET) -> list[Doc]:
    """Read ``gold.json`` and the dispatch texts (without their date line)."""
    root = Path(path)
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    read = lambda i: (root / f"{i}.txt").read_text(encoding="utf-8")  # noqa: E731
    return [Doc(text=read(g["id"]).split("\n", 1)[1], **g) for g in gold]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(36.20124, 37.16117, 33.5102, 36.29128))
    310
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def fold(s: Any) -> str:
    """Lower-case, strip accents, collapse whitespace; non-strings give ``''``."""
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip().lower()


def num(v: Any, cast: Callable[[Any], Any] = int) -> Any:
    """``cast(v)``, or ``None`` for None, NaN, ``pd.NA`` and non-numbers."""
    try:
        return None if v is None or v != v else cast(v)
    except (TypeError, ValueError):  # bool(pd.NA) raises TypeError
        return None


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether half-open spans ``[a0, a1)`` and ``[b0, b1)`` intersect."""
    return a0 < b1 and b0 < a1


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def mention_record(m: Any) -> Record:
    """Normalise a predicted ``Mention`` (object or dict) to a plain dict."""
    get = lambda o, k: o.get(k) if isinstance(o, dict) else getattr(o, k, None)  # noqa: E731
    rec = {k: get(m, k) for k in ("start", "end", "metonymic")}
    rec["metonymic"] = bool(rec["metonymic"])
    place = get(m, "place")
    for k in ("lat", "lon"):
        rec[k] = None if place is None else num(get(place, k), float)
    names = [] if place is None else [get(place, "name"), *(get(place, "names") or ())]
    rec["names"] = {fold(n) for n in names} - {""}
    return rec


def _span_hit(g: Record, p: Record, strict: bool) -> bool:
    same = not strict or p["metonymic"] == g["metonymic"]
    return same and overlap(g["start"], g["end"], p["start"], p["end"])


def score_toponyms(gold: Sequence[Record], pred: Sequence[Record]) -> Counter[str]:
    """Count span matches (strict, and ignoring metonymy) and geocoding hits."""
    c: Counter[str] = Counter(gold=len(gold), pred=len(pred))
    for strict in (True, False):
        free = list(range(len(pred)))
        for g in gold:
            hit = next((i for i in free if _span_hit(g, pred[i], strict)), None)
            if hit is None:
                continue
            free.remove(hit)
            c["tp" if strict else "tp_loose"] += 1
            if strict or g["metonymic"] or g.get("lat") is None:
                continue
            c["geo_n"] += 1
            p, d = pred[hit], math.inf
            if p["lat"] is not None and p["lon"] is not None:
                d = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            # Gold points for countries and provinces are their capitals: a
            # centroid-based answer naming the same unit is right too.
            same = {fold(g["name"]), fold(g["admin1"]), fold(g["text"])} & p["names"]
            area = g["kind"] in AREA_KINDS and bool(same - {""})
            for r in GEO_RADII_KM:
                c[f"geo_{int(r)}km"] += area or d <= r
    return c


def event_records(frame: Any) -> list[Record]:
    """Rows of an ``extract`` result (GeoDataFrame, DataFrame or dict list)."""
    if hasattr(frame, "to_dict"):
        return list(frame.to_dict("records"))
    return [dict(r) for r in frame or []]


def _evidence(p: Record) -> list[tuple[int, int]]:
    """Sentence spans that report a predicted event (``evidence``, else its own)."""
    spans = []
    text = p.get("evidence")
    if isinstance(text, str):
        for part in text.split(";"):
            a, _, b = part.partition("-")
            if a.isdigit() and b.isdigit():
                spans.append((int(a), int(b)))
    a, b = num(p.get("start")), num(p.get("end"))
    if a is not None and b is not None:
        spans.append((a, max(a + 1, b)))
    return spans


def _sentence_ok(doc: Doc, g: Record, p: Record) -> bool:
    s0, s1 = g["sentence_start"], g["sentence_end"]
    if any(overlap(a, b, s0, s1) for a, b in _evidence(p)):
        return True
    sent = fold(p.get("sentence"))
    gold = fold(g["sentence_contains"])
    return bool(sent) and (gold in sent or sent in fold(doc.text[s0:s1]))


def event_candidates(
    doc: Doc, pred: Sequence[Record]
) -> list[tuple[bool, float, int, int]]:
    """Every ``(type differs, km, gold index, pred index)`` that may match."""
    cands = []
    for gi, g in enumerate(doc.events):
        names = {fold(g["place"])}
        names |= {fold(t["text"]) for t in doc.toponyms if t["name"] == g["place"]}
        for pi, p in enumerate(pred):
            lat, lon = num(p.get("lat"), float), num(p.get("lon"), float)
            d = math.inf
            if lat is not None and lon is not None:
                d = haversine_km(g["lat"], g["lon"], lat, lon)
            area = (g.get("precision") or 0) >= 4 and (
                num(p.get("precision")) or 0
            ) >= 4
            radius = AREA_RADIUS_KM if area else EVENT_RADIUS_KM
            near = d <= radius or fold(p.get("place")) in names
            if near and _sentence_ok(doc, g, p):
                cands.append((p.get("event_type") != g["event_type"], d, gi, pi))
    return cands


def match_events(doc: Doc, pred: Sequence[Record]) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold, pred) index pairs: same type first, then nearest."""
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in sorted(event_candidates(doc, pred)):
        if all(gi != a and pi != b for a, b in pairs):
            pairs.append((gi, pi))
    return pairs


#: Words of a free-text gold actor that agree with each predicted actor name
#: (gold says "Syrian army", "Russian long-range bombers", "rebels vs IS").
ACTOR_WORDS = {
    "Syrian government": ("syrian", "government", "regime", "pro-government"),
    "Russia": ("russia",),
    "US-led coalition": ("coalition",),
    "United States": ("us ", "u.s.", "american", "united states"),
    "Turkey": ("turk",),
    "Iraqi forces": ("iraqi",),
    "Syrian Democratic Forces": ("syrian democratic forces", "sdf"),
    "YPG": ("ypg", "kurd"),
    "Kurdish forces": ("kurd", "ypg", "peshmerga"),
    "Rebels": ("rebel", "opposition", "insurgent"),
    "Islamic State": ("islamic state",),
    "Israel": ("israel",),
    "Iran": ("iran",),
    "Houthis": ("houthi",),
    "Saudi-led coalition": ("saudi",),
}


def day(value: Any) -> str:
    """``YYYY-MM-DD`` of a predicted date (Timestamp, string), or ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    return "" if text in ("NaT", "nan", "<NA>") else text[:10]


def actor_agrees(pred: Any, gold: Any) -> bool:
    """Whether a predicted actor name agrees with the gold free-text actor.

    Each side of a predicted "A and B" must agree; no actor agrees with a gold
    actor that is missing or "unknown …".
    """
    gold_text = fold(gold) if isinstance(gold, str) else ""
    if not isinstance(pred, str) or not pred.strip():
        return not gold_text or gold_text.startswith("unknown")
    for name in pred.split(" and "):
        words = ACTOR_WORDS.get(name.strip(), (fold(name),))
        if not any(fold(w).strip() in gold_text for w in words):
            return False
    return True


def gold_status(g: Record) -> str | None:
    """The gold status in today's convention.

    The in-house sets were annotated before holding claims had a status of
    their own: a held place is ``control_change`` / ``ongoing`` there, and
    ``held`` now.
    """
    if g.get("event_type") == "control_change" and g.get("status") == "ongoing":
        return "held"
    return g.get("status")


def score_events(doc: Doc, pred: Sequence[Record]) -> Counter[str]:
    """Count matched events, correct types and exact fatality counts for one doc.

    As ``score.py`` does for real-wire sets annotated before holding claims
    were part of the conventions, a predicted holding claim that matches no
    gold event is neutral: the in-house sets leave attributive holdings
    ("rebel-held", "ville rebelle") unannotated.
    """
    pairs = match_events(doc, pred)
    matched = {pi for _, pi in pairs}
    # the incident view: the in-house gold annotates an incident once per
    # sentence that tells it; a predicted incident whose evidence covers
    # several of those sentences covers each of them (same family)
    covering = [
        (gi, pi)
        for _, _, gi, pi in event_candidates(doc, pred)
        if FAMILY.get(doc.events[gi]["event_type"], "other")
        == FAMILY.get(pred[pi].get("event_type"), "other")
    ]
    neutral = sum(
        1
        for pi, p in enumerate(pred)
        if pi not in matched and p.get("status") == "held"
    )
    c: Counter[str] = Counter(
        ev_gold=len(doc.events),
        ev_pred=len(pred) - neutral,
        ev_neutral=neutral,
        inc_gold_covered=len({gi for gi, _ in covering}),
        inc_pred_covering=len({pi for _, pi in covering}),
        inc_pred=len(
            [
                pi
                for pi, p in enumerate(pred)
                if pi in {q for _, q in covering} or p.get("status") != "held"
            ]
        ),
    )
    for gi, pi in pairs:
        g, p = doc.events[gi], pred[pi]
        c["ev_tp"] += 1
        c["ev_type"] += p.get("event_type") == g["event_type"]
        c["ev_fat"] += num(p.get("fatalities")) == g["fatalities"]
        c["ev_status"] += p.get("status") == gold_status(g)
        if g.get("date"):
            c["ev_date_n"] += 1
            c["ev_date"] += day(p.get("date"))[: len(g["date"])] == g["date"]
        c["ev_actor"] += actor_agrees(p.get("actor"), g.get("actor"))
    return c


def _safe(fn: Callable[..., Any], *args: Any, **kw: Any) -> tuple[Any, int]:
    """``(fn(*args, **kw), 0)``, or ``(None, 1)`` if it raises."""
    try:
        return fn(*args, **kw), 0
    except Exception:  # a crash on one document must not stop the run
        return None, 1


def load_api() -> tuple[Callable[..., Any] | None, Callable[..., Any] | None]:
    """``conflict_geo.geoparse`` and ``.extract``, each None when unavailable."""
    cg, _ = _safe(__import__, "conflict_geo")
    geoparse, _ = _safe(getattr, cg, "geoparse")
    extract, _ = _safe(getattr, cg, "extract")
    return geoparse, extract


def summarise(c: Counter[str], topo: bool, events: bool) -> dict[str, Any]:
    """Turn raw counts into flat ``section.metric`` scores for one slice."""
    out: dict[str, Any] = {"docs": c["docs"], "errors": c["errors"]}
    sections: dict[str, dict[str, Any]] = {}
    if topo:
        n, counts = c["geo_n"], {"tp": c["tp"], "pred": c["pred"], "gold": c["gold"]}
        sections["toponyms"] = prf(c["tp"], c["pred"], c["gold"]) | counts
        sections["toponyms_ignore_metonymy"] = prf(c["tp_loose"], c["pred"], c["gold"])
        sections["geocoding"] = {"n": n} | {
            f"acc@{int(r)}km": c[f"geo_{int(r)}km"] / n if n else 0.0
            for r in GEO_RADII_KM
        }
    if events:
        tp = c["ev_tp"]
        sections["events"] = prf(tp, c["ev_pred"], c["ev_gold"]) | {
            "tp": tp,
            "pred": c["ev_pred"],
            "gold": c["ev_gold"],
            "neutral_holdings": c["ev_neutral"],
            "type_accuracy": c["ev_type"] / tp if tp else 0.0,
            "fatality_accuracy": c["ev_fat"] / tp if tp else 0.0,
            "status_accuracy": c["ev_status"] / tp if tp else 0.0,
            "date_accuracy": c["ev_date"] / c["ev_date_n"] if c["ev_date_n"] else 0.0,
            "actor_accuracy": c["ev_actor"] / tp if tp else 0.0,
        }
        sections["events_incidents"] = {
            "recall": c["inc_gold_covered"] / c["ev_gold"] if c["ev_gold"] else 0.0,
            "precision": c["inc_pred_covering"] / c["inc_pred"]
            if c["inc_pred"]
            else 0.0,
        }
    for name, metrics in sections.items():
        out.update({f"{name}.{k}": v for k, v in metrics.items()})
    return out


def evaluate(
    geoparse: Callable[..., Any] | None = None,
    extract: Callable[..., Any] | None = None,
    docs: Iterable[Doc] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run the system on every dispatch; return scores for ``all``, ``fr``, ``en``.

    When neither callable is given both are looked up in :mod:`conflict_geo`; a
    missing component is not scored. A document on which a component raises
    counts as an empty prediction and increments ``errors``.
    """
    if geoparse is None and extract is None:
        geoparse, extract = load_api()
    totals: dict[str, Counter[str]] = {"all": Counter()}
    for doc in load_devset() if docs is None else docs:
        c: Counter[str] = Counter(docs=1)
        if geoparse is not None:
            found, err = _safe(geoparse, doc.text, lang=doc.lang)
            mentions, err2 = _safe(
                lambda f: [mention_record(m) for m in f or []], found
            )
            c.update(score_toponyms(doc.toponyms, mentions or []), errors=err or err2)
        if extract is not None:
            frame, err = _safe(extract, doc.text, lang=doc.lang, date=doc.date)
            rows, err2 = _safe(event_records, frame)
            c.update(score_events(doc, rows or []), errors=err or err2)
        totals["all"].update(c)
        totals.setdefault(doc.lang, Counter()).update(c)
    topo, ev = geoparse is not None, extract is not None
    return {k: summarise(v, topo, ev) for k, v in totals.items()}


def format_table(results: dict[str, dict[str, Any]]) -> str:
    """Render :func:`evaluate` output as a fixed-width text table."""
    rows = [["metric", *results]]
    for key in next(iter(results.values())):
        vals = (results[k][key] for k in results)
        rows.append(
            [key, *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in vals)]
        )
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(x.ljust(w[i]) if i == 0 else x.rjust(w[i]) for i, x in enumerate(r))
        for r in rows
    )


#: How the in-house sets were annotated: background events (dated long before
#: the dispatch) are events there, and so is each facet of a battle that ended
#: in a capture; extraction keeps them with these options.
AS_ANNOTATED = {"history_days": None, "fold_battles": False}
HELDOUT = DEVSET.parent / "heldout"


def side_by_side() -> dict[str, dict[str, Any]]:
    """Score the in-house sets and the real-wire set, the same metrics side by side.

    In-house: ``devset`` and ``heldout`` with the default options and with the
    options of their annotation (:data:`AS_ANNOTATED`); real-wire:
    ``../shared/realwire/dev.jsonl`` through its own scorer (see
    :mod:`benchmarks.realwire_eval`).
    """
    import conflict_geo

    geoparse = conflict_geo.geoparse

    def annotated(text: str, **kw: Any) -> Any:
        return conflict_geo.extract(text, **kw, **AS_ANNOTATED)

    rows: dict[str, dict[str, Any]] = {}
    for name, root in (("devset", DEVSET), ("heldout", HELDOUT)):
        docs = load_devset(root)
        for label, extract in (
            ("", conflict_geo.extract),
            (" as annotated", annotated),
        ):
            r = evaluate(geoparse if not label else None, extract, docs)["all"]
            rows[name + label] = {
                "toponym_recall": r.get("toponyms.recall"),
                "toponym_precision": r.get("toponyms.precision"),
                "event_recall": r["events.recall"],
                "event_precision": r["events.precision"],
                "incident_recall": r["events_incidents.recall"],
                "incident_precision": r["events_incidents.precision"],
                "status_acc": r["events.status_accuracy"],
                "fatalities_exact": r["events.fatality_accuracy"],
            }
    from benchmarks.realwire_eval import REALWIRE, score_dev

    if (REALWIRE / "dev.jsonl").is_file():
        rw = score_dev()["summary"]
        rows["real-wire dev"] = {
            "toponym_recall": rw["toponym_recall"],
            "toponym_precision": rw["toponym_precision"],
            "event_recall": rw["event_recall"],
            "event_precision": rw["event_precision"],
            "duplicate_share": rw["duplicate_share"],
            "status_acc": rw["status_acc"],
            "fatalities_exact": rw["fatalities_exact"],
            "event_type_acc": rw["event_type_acc"],
        }
    return rows


def format_side_by_side(rows: dict[str, dict[str, Any]]) -> str:
    """Render :func:`side_by_side` as a table: one column per set."""
    metrics = list(dict.fromkeys(k for r in rows.values() for k in r))
    table = [["metric", *rows]]
    for m in metrics:
        cells = []
        for r in rows.values():
            v = r.get(m)
            cells.append("-" if v is None else f"{v:.3f}")
        table.append([m, *cells])
    w = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return "\n".join(
        "  ".join(x.ljust(w[i]) if i == 0 else x.rjust(w[i]) for i, x in enumerate(r))
        for r in table
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print the table (and the dict with ``--json``)."""
    ap = argparse.ArgumentParser(description="Score conflict_geo on the dev set.")
    ap.add_argument("--devset", type=Path, default=DEVSET, help="gold.json folder")
    ap.add_argument("--json", action="store_true", help="also print JSON results")
    ap.add_argument(
        "--all",
        action="store_true",
        help="the in-house sets and the real-wire set side by side",
    )
    args = ap.parse_args(argv)
    if args.all:
        rows = side_by_side()
        print(format_side_by_side(rows))
        if args.json:
            print(json.dumps(rows))
        return 0
    geoparse, extract = load_api()
    if geoparse is None and extract is None:
        print("conflict_geo.geoparse and .extract are unavailable", file=sys.stderr)
        return 1
    results = evaluate(geoparse, extract, load_devset(args.devset))
    print(format_table(results))
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
