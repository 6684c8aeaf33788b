"""Score the real-wire sets in ``../shared/realwire`` in one process.

``python -m benchmarks.realwire_eval [--show] [--json OUT] [--fusion]`` runs the
shared scorers (``score.py``, ``score_fusion.py``) unchanged, with their
command-line contract answered by :func:`conflict_geo.cli.main` in this process
instead of one ``conflict-geo`` process per dispatch: the same JSON, the
model loaded once. The texts stay in ``../shared/realwire``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

#: ``$CONFLICT_GEO_SHARED/realwire``, or the ``shared/realwire`` folder beside the repo.
REALWIRE = (
    Path(
        os.environ.get(
            "CONFLICT_GEO_SHARED",
            Path(__file__).resolve().parent.parent.parent / "shared",
        )
    )
    / "realwire"
)


def load_scorer(name: str, root: Path = REALWIRE) -> ModuleType:
    """Import ``root/name.py`` as a module (it is not a package)."""
    path = root / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the shared real-wire scorer is missing")
    spec = importlib.util.spec_from_file_location(f"realwire_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(argv: list[str]) -> Any:
    """Run ``conflict-geo ARGV`` in this process and parse its JSON stdout."""
    from conflict_geo.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    if code != 0:
        raise RuntimeError(
            f"conflict-geo {' '.join(argv)} -> rc {code}: {err.getvalue()[-400:]}"
        )
    return json.loads(out.getvalue())


def _in_process_run(cli: str, verb: str, path: Path, item: dict, fmt: str) -> Any:
    argv = [verb, str(path), "--lang", item["lang"], "--format", fmt]
    if item.get("doc_date"):
        argv += ["--date", item["doc_date"]]
    return run_cli(argv)


def score_dev(gold: Path | None = None, *, show: bool = False) -> dict[str, Any]:
    """Score ``dev.jsonl`` (or ``gold``) with ``score.py``; return its result."""
    scorer = load_scorer("score")
    scorer.run = _in_process_run
    return scorer.score(gold or REALWIRE / "dev.jsonl", "conflict-geo", show)


class _Completed:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


def _in_process_subprocess(cmd: list[str], **_: Any) -> _Completed:
    from conflict_geo.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(cmd[1:])
    return _Completed(code, out.getvalue(), err.getvalue())


def score_fusion(gold: Path | None = None, *, show: bool = False) -> dict[str, Any]:
    """Score ``multi.jsonl`` (or ``gold``) with ``score_fusion.py``.

    Returns the ``key=value`` pairs it prints, parsed (numbers as floats).
    """
    scorer = load_scorer("score_fusion")
    scorer.subprocess = type(sys)("subprocess_in_process")
    scorer.subprocess.run = _in_process_subprocess
    argv = [str(gold or REALWIRE / "multi.jsonl"), "--cli", "conflict-geo"]
    argv += ["--show"] if show else []
    out = io.StringIO()
    saved = sys.argv
    sys.argv = ["score_fusion.py", *argv]
    try:
        with contextlib.redirect_stdout(out):
            code = scorer.main()
    finally:
        sys.argv = saved
    last = out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else ""
    if code != 0:
        return {"summary": {"error": last}}
    pairs = dict(kv.split("=", 1) for kv in last.split())
    return {"summary": {k: _number(v) for k, v in pairs.items()}}


def _number(value: str) -> float | int | str | None:
    if value == "None":
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--fusion", action="store_true", help="score multi.jsonl too")
    a = ap.parse_args(argv)
    res = score_dev(show=a.show)
    print(" ".join(f"{k}={v}" for k, v in res["summary"].items()))
    if a.fusion:
        fres = score_fusion(show=a.show)
        print(" ".join(f"{k}={v}" for k, v in fres["summary"].items()))
    if a.json:
        a.json.write_text(json.dumps(res, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
