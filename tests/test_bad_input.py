"""Bad input across the command line and the API: a clear error, nothing lost.

Every case runs one command (in this process, as ``conflict-geo`` would) and
asserts the exit status, that stderr names the input (and the line or offset
where there is one), that no traceback is printed and that an output file
written before is left untouched. A case that reads a file with a few bad rows
exits 0 and reports those rows.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderUnavailable

from conflict_geo.cli import main
from conflict_geo.exc import ConflictGeoError, InputError
from tests.batch.samples import records, write_acled, write_events, write_zones
from tests.events.test_datasets import write_ucdp

pytestmark = pytest.mark.filterwarnings("ignore:CartoDB tiles:UserWarning")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_759294d4965540ad.txt"
DISPATCH = "date 2016-03-01\nAirstrikes hit Aleppo killing 12 civilians.\n"
PROJECTED = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"actor": "SDF"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[4030000, 4180000], [4040000, 4180000], [4040000, 4190000],
                     [4030000, 4180000]]
                ],
            },
        }
    ],
}  # fmt: skip


@dataclass
class Case:
    """One bad input: files to lay out, the command, what must happen."""

    argv: list[str]
    code: int = 1
    says: tuple[str, ...] = ()
    files: dict[str, bytes | str] = field(default_factory=dict)
    kept: tuple[str, ...] = ()  # files that must be left byte for byte
    out: tuple[str, ...] = ()  # text that must be on stdout


def _ucdp_rows(**bad: str) -> str:
    """A small UCDP export as text whose row 2 carries ``bad`` cells."""
    return _written(lambda p: write_ucdp(p, [{}, bad, {}]))


def _written(writer) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f"
        writer(path)
        return path.read_text(encoding="utf-8")


def _acled_text() -> str:
    return _written(write_acled)


def _acled_extra_field() -> str:
    """ACLED rows, the first with one extra trailing field."""
    lines = _acled_text().splitlines()
    lines[1] += ",extra"
    return "\n".join(lines) + "\n"


def _events_text(n: int = 3) -> str:
    return _written(lambda p: write_events(p, records(n, 1, "2016-01-01")))


def _zones_text() -> str:
    return _written(write_zones)


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def _long_text_row() -> str:
    return _ucdp_rows(source_article="x" * 200_000)


LATIN1 = "date 2016-03-01\nFrappes sur Alep, tués à Idleb.\n".encode("latin-1")
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NUL_LATE = (DISPATCH * 400).encode() + b"\x00tail"  # a NUL after the first 8 KB
OLD = '{"type": "FeatureCollection", "features": [], "earlier": "work"}\n'
OLD_MAP = "<!doctype html><html><body>earlier map</body></html>\n"
GEONAMES_ROW = "\t".join(
    ["1", "Xanadu", "Xanadu", "", "35.1", "36.2", "P", "PPL", "SY", "", "", "", "",
     "", "500", "", "", "Asia/Damascus", "2020-01-01"]
)  # fmt: skip

CASES: dict[str, Case] = {
    # -- extract ---------------------------------------------------------------
    "extract-missing": Case(["extract", "nope.txt"], says=("nope.txt",)),
    "extract-folder": Case(["extract", "dir"], says=("dir",), files={"dir/a": ""}),
    "extract-binary": Case(["extract", "b.txt"], says=("b.txt", "offset"),
                           files={"b.txt": BINARY}),
    "extract-nul-after-8k": Case(["extract", "n.txt"], says=("n.txt", "offset"),
                                 files={"n.txt": NUL_LATE}),
    "extract-latin1": Case(["extract", "l.txt"], says=("l.txt", "offset"),
                           files={"l.txt": LATIN1}),
    "extract-empty": Case(["extract", "e.txt"], says=("e.txt", "empty"),
                          files={"e.txt": ""}),
    "extract-date-0001": Case(["extract", "d.txt", "--date", "0001"], code=0,
                              files={"d.txt": DISPATCH}, out=('"0001',)),
    "extract-date-1677": Case(["extract", "d.txt", "--date", "1677"], code=0,
                              files={"d.txt": DISPATCH}),
    "extract-date-2263": Case(["extract", "d.txt", "--date", "2263"], code=0,
                              files={"d.txt": DISPATCH}),
    "extract-date-9999-12-31": Case(["extract", "d.txt", "--date", "9999-12-31"],
                                    code=0, files={"d.txt": DISPATCH},
                                    out=('"9999-12-31',)),
    "extract-date-line-0001": Case(["extract", "d.txt"], code=0,
                                   files={"d.txt": "date 0001\nAleppo.\n"}),
    "extract-date-month-13": Case(["extract", "d.txt", "--date", "2016-13"],
                                  says=("2016-13",), files={"d.txt": DISPATCH}),
    "extract-date-feb-30": Case(["extract", "d.txt", "--date", "2016-02-30"],
                                says=("2016-02-30",), files={"d.txt": DISPATCH}),
    "extract-output-folder": Case(["extract", "d.txt", "-o", "outdir"],
                                  says=("outdir", "folder"),
                                  files={"d.txt": DISPATCH, "outdir/keep": "x"},
                                  kept=("outdir/keep",)),
    "extract-output-is-input": Case(["extract", "d.txt", "-o", "d.txt"],
                                    says=("d.txt", "input"),
                                    files={"d.txt": DISPATCH}, kept=("d.txt",)),
    "extract-failed-run-keeps-output": Case(
        ["extract", "b.txt", "-o", "old.geojson"], says=("b.txt", "old.geojson"),
        files={"b.txt": BINARY, "old.geojson": OLD}, kept=("old.geojson",)),
    "extract-output-under-a-file": Case(["extract", "d.txt", "-o", "d.txt/x.geojson"],
                                        says=("x.geojson",), files={"d.txt": DISPATCH}),
    "extract-output-missing-folder": Case(
        ["extract", "d.txt", "-o", "no/such/x.geojson"], says=("x.geojson",),
        files={"d.txt": DISPATCH}),
    "extract-one-bad-of-two": Case(["extract", "d.txt", "b.txt", "-o", "o.geojson"],
                                   says=("b.txt",),
                                   files={"d.txt": DISPATCH, "b.txt": BINARY}),
    # -- places ------------------------------------------------------------------
    "places-missing": Case(["places", "nope.txt"], says=("nope.txt",)),
    "places-folder": Case(["places", "dir"], says=("dir",), files={"dir/a": ""}),
    "places-binary": Case(["places", "b.txt"], says=("b.txt", "offset"),
                          files={"b.txt": BINARY}),
    "places-nul-after-8k": Case(["places", "n.txt"], says=("n.txt", "offset"),
                                files={"n.txt": NUL_LATE}),
    "places-latin1": Case(["places", "l.txt"], says=("l.txt", "offset"),
                          files={"l.txt": LATIN1}),
    "places-empty": Case(["places", "e.txt"], says=("e.txt", "empty"),
                         files={"e.txt": " \n"}),
    # -- geocode -----------------------------------------------------------------
    "geocode-bad-zip": Case(["geocode", "Aleppo", "--extra-gazetteer", "bad.zip"],
                            says=("bad.zip", "zip"),
                            files={"bad.zip": b"PK\x03\x04junk"}),
    "geocode-truncated-zip": Case(
        ["geocode", "Aleppo", "--extra-gazetteer", "cut.zip"], says=("cut.zip",),
        files={"cut.zip": _zip("SY.txt", GEONAMES_ROW.encode() * 50)[:60]}),
    "geocode-zip-without-dump": Case(
        ["geocode", "Aleppo", "--extra-gazetteer", "r.zip"], says=("r.zip", ".txt"),
        files={"r.zip": _zip("readme.md", b"hello")}),
    "geocode-extra-missing": Case(["geocode", "Aleppo", "--extra-gazetteer", "no.csv"],
                                  says=("no.csv",)),
    "geocode-extra-folder": Case(["geocode", "Aleppo", "--extra-gazetteer", "dir"],
                                 says=("dir",), files={"dir/a": ""}),
    "geocode-extra-latin1": Case(["geocode", "Aleppo", "--extra-gazetteer", "l.csv"],
                                 says=("l.csv", "offset"),
                                 files={"l.csv": "name,lat,lon\nAlép,1,2\n".encode(
                                     "latin-1")}),
    "geocode-extra-empty": Case(["geocode", "Aleppo", "--extra-gazetteer", "e.csv"],
                                says=("e.csv",), files={"e.csv": ""}),
    "geocode-extra-bad-row": Case(
        ["geocode", "Xanadu", "--extra-gazetteer", "x.csv"], code=0,
        says=("line 3",), files={"x.csv": "name,lat,lon\nXanadu,35.1,36.2\nBad,95,1\n"},
        out=("Xanadu",)),
    "geocode-from-file-missing": Case(["geocode", "--from-file", "no.txt"],
                                      says=("no.txt",)),
    "geocode-from-file-binary": Case(["geocode", "--from-file", "b.txt"],
                                     says=("b.txt", "offset"), files={"b.txt": BINARY}),
    "geocode-from-file-latin1": Case(["geocode", "--from-file", "l.txt"],
                                     says=("l.txt",), files={"l.txt": LATIN1}),
    "geocode-unknown-kind": Case(["geocode", "Hass", "--kind", "villge"],
                                 says=("villge", "village")),
    "geocode-empty-query": Case(["geocode", "Aleppo", "  "], says=("empty",),
                                out=("Aleppo",)),
    # -- render, one map ----------------------------------------------------------
    "render-missing": Case(["render", "nope.geojson", "-o", "m.html"],
                           says=("nope.geojson",)),
    "render-empty-folder": Case(["render", "dir", "-o", "m.html"], says=("dir",),
                                files={"dir/.keep": ""}),
    "render-binary-dispatch": Case(["render", "b.txt", "-o", "m.html"],
                                   says=("b.txt", "offset"), files={"b.txt": BINARY}),
    "render-latin1-dispatch": Case(["render", "l.txt", "-o", "m.html"],
                                   says=("l.txt", "offset"), files={"l.txt": LATIN1}),
    "render-nul-csv": Case(["render", "a.csv", "-o", "m.html"], says=("a.csv",),
                           files={"a.csv": b"event_id_cnty,\x00\x00"}),
    "render-empty-csv": Case(["render", "a.csv", "-o", "m.html"], says=("a.csv",),
                             files={"a.csv": ""}),
    "render-latin1-csv": Case(["render", "a.csv", "-o", "m.html"],
                              says=("a.csv", "line 2", "offset"),
                              files={"a.csv": _acled_text().replace(
                                  "Has,", "Hås,").encode("latin-1")}),
    "render-csv-extra-field": Case(["render", "a.csv", "-o", "m.html"], code=0,
                                   files={"a.csv": _acled_extra_field()},
                                   says=(), out=("1 events drawn", "line 2")),
    "render-ucdp-huge-count": Case(["render", "u.csv", "-o", "m.html"], code=0,
                                   files={"u.csv": _ucdp_rows(best="1e30")},
                                   out=("bad best (u.csv line 3)",)),
    "render-ucdp-year-1016": Case(["render", "u.csv", "-o", "m.html"], code=0,
                                  files={"u.csv": _ucdp_rows(date_start="1016-05-01")},
                                  out=("3 events drawn",)),
    "render-ucdp-long-field": Case(["render", "u.csv", "-o", "m.html"], code=0,
                                   files={"u.csv": _long_text_row()},
                                   out=("3 events drawn",)),
    "render-ucdp-bad-latitude": Case(["render", "u.csv", "-o", "m.html"], code=0,
                                     files={"u.csv": _ucdp_rows(latitude="91.5")},
                                     out=("2 events drawn", "out of range", "line 3")),
    "render-ucdp-truncated": Case(["render", "u.csv", "-o", "m.html"], code=0,
                                  files={"u.csv": _ucdp_rows()[:-120]},
                                  out=("truncated",)),
    "render-ucdp-missing-column": Case(["render", "u.csv", "-o", "m.html"],
                                       says=("u.csv", "latitude"),
                                       files={"u.csv": _ucdp_rows().replace(
                                           "latitude", "lat_itude", 1)}),
    "render-truncated-geojson": Case(["render", "e.geojson", "-o", "m.html"],
                                     says=("e.geojson", "line"),
                                     files={"e.geojson": _events_text()[:200],
                                            "m.html": OLD_MAP}, kept=("m.html",)),
    "render-geojson-not-collection": Case(["render", "e.geojson", "-o", "m.html"],
                                          says=("e.geojson",),
                                          files={"e.geojson": '{"type": "Point"}'}),
    "render-geojson-bad-geometry": Case(
        ["render", "e.geojson", "-o", "m.html"], says=("e.geojson", "feature 1"),
        files={"e.geojson": json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"event_type": "strike"},
             "geometry": {"type": "Polygon", "coordinates": "nope"}}]})}),
    "render-projected-zones": Case(["render", "z.geojson", "-o", "m.html"],
                                   says=("z.geojson", "EPSG:4326"),
                                   files={"z.geojson": json.dumps(PROJECTED)}),
    "render-projected-events": Case(
        ["render", "e.geojson", "-o", "m.html"], says=("e.geojson", "EPSG:4326"),
        files={"e.geojson": json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"event_type": "strike"},
             "geometry": {"type": "Point", "coordinates": [4030000, 4180000]}}]})}),
    "render-output-is-input": Case(["render", "e.geojson", "-o", "e.geojson"],
                                   says=("e.geojson", "input"),
                                   files={"e.geojson": _events_text()},
                                   kept=("e.geojson",)),
    "render-output-folder": Case(["render", "e.geojson", "-o", "outdir"],
                                 says=("outdir",),
                                 files={"e.geojson": _events_text(), "outdir/k": "x"},
                                 kept=("outdir/k",)),
    "render-output-under-a-file": Case(["render", "e.geojson", "-o", "f/m.html"],
                                       says=("m.html",),
                                       files={"e.geojson": _events_text(), "f": "x"}),
    "render-zones-and-bad-events": Case(
        ["render", "z.geojson", "b.txt", "-o", "m.html"], says=("b.txt",),
        files={"z.geojson": _zones_text(), "b.txt": BINARY}),
    # -- render --split-by ---------------------------------------------------------
    "split-output-is-a-file": Case(
        ["render", "e.geojson", "-o", "e.geojson", "--split-by", "day"], code=2,
        says=("e.geojson",), files={"e.geojson": _events_text()},
        kept=("e.geojson",)),
    "split-output-under-a-file": Case(
        ["render", "e.geojson", "-o", "f/maps", "--split-by", "day"],
        says=("f/maps",), files={"e.geojson": _events_text(), "f": "x"}),
    "split-every-input-fails-keeps-index": Case(
        ["render", "b.txt", "-o", "maps", "--split-by", "day"], says=("b.txt",),
        files={"b.txt": BINARY, "maps/index.html": OLD_MAP,
               "maps/summary.json": "{}"},
        kept=("maps/index.html", "maps/summary.json")),
    # -- demo ----------------------------------------------------------------------
    "demo-missing": Case(["demo", "nope.txt", "-o", "m.html"], says=("nope.txt",)),
    "demo-binary": Case(["demo", "b.txt", "-o", "m.html"], says=("b.txt",),
                        files={"b.txt": BINARY}),
    "demo-latin1": Case(["demo", "l.txt", "-o", "m.html"], says=("l.txt",),
                        files={"l.txt": LATIN1}),
}  # fmt: skip


def lay_out(folder: Path, files: dict[str, bytes | str]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)


def snapshot(folder: Path, names: tuple[str, ...]) -> dict[str, tuple[int, bytes]]:
    return {
        n: ((folder / n).stat().st_mtime_ns, (folder / n).read_bytes()) for n in names
    }


def run_case(case: Case, folder: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    lay_out(folder, case.files)
    monkeypatch.chdir(folder)
    before = snapshot(folder, case.kept)
    try:
        code = main(case.argv)
    except SystemExit as err:  # argparse usage errors
        code = err.code
    out, err = capsys.readouterr()
    assert snapshot(folder, case.kept) == before, "an earlier file was changed"
    return code, out, err


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    code, out, err = run_case(case, tmp_path, capsys, monkeypatch)
    assert code == case.code, f"exit {code}\nstdout: {out[-2000:]}\nstderr: {err}"
    assert "Traceback" not in err
    for text in case.says:
        assert text in err + out, f"{text!r} not said:\n{err}"
    for text in case.out:
        assert text in out, f"{text!r} not on stdout:\n{out[-3000:]}"
    if code == 1:  # one line per failure, naming the input
        assert [line for line in err.splitlines() if line.startswith("conflict-geo")]


# -- faults the test injects ---------------------------------------------------


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("verb", ["extract", "render"])
def test_full_disk_keeps_the_earlier_output(verb, tmp_path, capsys, monkeypatch):
    files = {"d.txt": DISPATCH, "e.geojson": _events_text(), "o.out": OLD}
    argv = (
        ["extract", "d.txt", "-o", "o.out"]
        if verb == "extract"
        else ["render", "e.geojson", "-o", "o.out", "--offline"]
    )
    monkeypatch.setattr(os, "fsync", _no_space)
    code, out, err = run_case(
        Case(argv, kept=("o.out",), files=files), tmp_path, capsys, monkeypatch
    )
    assert code == 1 and "Traceback" not in err
    assert "o.out" in err and "No space left" in err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


class _NetworkDown(BaseSyncAdapter):
    """A geopy adapter whose every request fails as with no network.

    geopy's own adapters raise ``GeocoderUnavailable`` when the connection is
    refused; nothing is sent anywhere.
    """

    def get_json(self, url, *, timeout, headers):
        raise GeocoderUnavailable(f"Connection refused (network down): {url}")

    def get_text(self, url, *, timeout, headers):
        raise GeocoderUnavailable(f"Connection refused (network down): {url}")


def test_online_query_fails_alone_with_the_network_down(tmp_path, capsys, monkeypatch):
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import options

    monkeypatch.setattr(options, "default_adapter_factory", _NetworkDown)
    monkeypatch.setattr(RateLimiter, "_sleep", lambda self, seconds: None)
    monkeypatch.setenv("CONFLICT_GEO_CACHE", str(tmp_path / "cache.sqlite"))
    argv = ["geocode", "Aleppo", "Qzxqzx Wqqw", "--online", "nominatim"]
    code, out, err = run_case(Case(argv), tmp_path, capsys, monkeypatch)
    assert code == 1 and "Traceback" not in err
    answers = json.loads(out)
    assert answers[0][0]["name"] == "Aleppo"  # the offline answer is kept
    assert answers[1] == []
    assert "Qzxqzx Wqqw" in err and "unreachable" in err


def test_control_characters_do_not_reach_the_terminal(tmp_path, capsys, monkeypatch):
    names = "Aleppo\x1b]0;owned\x07\nIdlib\x1b[2J\n"
    case = Case(
        ["geocode", "--from-file", "q.txt", "--format", "table"],
        code=0,
        files={"q.txt": names},
    )
    code, out, err = run_case(case, tmp_path, capsys, monkeypatch)
    assert code == 0
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b" in out


def test_stale_unmapped_list_goes_with_a_new_map(tmp_path, capsys, monkeypatch):
    acled = _acled_text()  # its third row has no coordinates
    first = Case(
        ["render", "a.csv", "-o", "m.html", "--offline"], code=0, files={"a.csv": acled}
    )
    run_case(first, tmp_path, capsys, monkeypatch)
    assert (tmp_path / "m_unmapped.csv").exists()
    second = Case(
        ["render", "e.geojson", "-o", "m.html", "--offline"],
        code=0,
        files={"e.geojson": _events_text()},
    )
    run_case(second, tmp_path, capsys, monkeypatch)
    assert not (tmp_path / "m_unmapped.csv").exists()


def test_formula_cells_are_defused_in_the_unmapped_list(tmp_path, capsys, monkeypatch):
    acled = _acled_text().replace("Unknown front", "=1+2")
    case = Case(
        ["render", "a.csv", "-o", "m.html", "--offline"], code=0, files={"a.csv": acled}
    )
    run_case(case, tmp_path, capsys, monkeypatch)
    rows = list(csv.reader((tmp_path / "m_unmapped.csv").open(encoding="utf-8")))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_skip_existing_redraws_a_map_damaged_in_the_middle(
    tmp_path, capsys, monkeypatch
):
    argv = ["render", "e.geojson", "-o", "maps", "--split-by", "day", "--offline"]
    case = Case(
        argv,
        code=0,
        files={
            "e.geojson": _written(
                lambda p: write_events(p, records(3, 1, "2016-01-01"))
            )
        },
    )
    run_case(case, tmp_path, capsys, monkeypatch)
    maps = sorted((tmp_path / "maps").glob("2016-*.html"))
    damaged = maps[1]
    data = bytearray(damaged.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4] = b"XXXX"
    damaged.write_bytes(bytes(data))
    run_case(Case([*argv, "--skip-existing"], code=0), tmp_path, capsys, monkeypatch)
    assert b"XXXX" not in damaged.read_bytes()[middle - 10 : middle + 10]


# -- the Python API --------------------------------------------------------------


def test_api_bad_input_raises_clear_errors(tmp_path):
    import conflict_geo as cg
    from conflict_geo.events.extract import extract
    from conflict_geo.events.io import read_events

    with pytest.raises(InputError, match="nope.csv"):
        read_events(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="directory"):
        read_events(tmp_path)
    with pytest.raises(ConflictGeoError, match="villge"):
        cg.geocode("Hass", kind="villge")
    with pytest.raises(ConflictGeoError, match="'de'"):
        extract("Airstrikes hit Aleppo.", lang="de")
    plain = pd.DataFrame({"event_type": ["strike"], "lat": [35.6], "lon": [36.6]})
    assert cg.render(plain).conflict_map.n_mapped == 1
    with pytest.raises(InputError, match="'lat' and 'lon'"):
        cg.render(pd.DataFrame({"event_type": ["strike"]}))
    with pytest.raises(InputError, match="EPSG:4326"):
        cg.render(plain.assign(lat=[4_035_000.0]))


def test_one_bad_cell_in_the_ucdp_file_keeps_the_other_rows(tmp_path, ucdp_path):
    from conflict_geo.events.datasets import read_ucdp

    rows = list(csv.reader(ucdp_path.open(encoding="utf-8", newline="")))
    header = rows[0]
    for column, value in [("best", "1e30"), ("date_start", "1016-05-01"),
                          ("latitude", "not a number")]:  # fmt: skip
        bad = [list(r) for r in rows]
        bad[100][header.index(column)] = value
        path = tmp_path / f"{column}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(bad)
        frame = read_ucdp(path)
        assert len(frame) == 6170
        mapped = int((~frame.geometry.is_empty).sum())
        assert mapped >= 6169, column
        reported = [p for p in frame.attrs["unmapped"] if p["row"] == 100]
        if column != "date_start":  # year 1016 is a date
            assert reported and reported[0]["line"] == 101


def test_a_ragged_row_is_reported_never_realigned(tmp_path):
    from conflict_geo.events.datasets import read_acled

    path = tmp_path / "a.csv"
    path.write_text(_acled_extra_field(), encoding="utf-8")
    frame = read_acled(path)
    assert len(frame) == 3
    (ragged,) = [p for p in frame.attrs["unmapped"] if "fields" in p["reason"]]
    assert ragged["row"] == 1 and ragged["line"] == 2
    assert frame.geometry.iloc[0].is_empty  # not drawn, nowhere near North Africa
    second = frame.iloc[1]
    assert (second["lat"], second["lon"]) == (36.2, 37.05)
    assert second["date"] == pd.Timestamp("2016-11-03")


def test_the_suite_has_at_least_60_cases():
    injected = 2 + 6 + 4  # full disk x2, and the tests above and below CASES
    assert len(CASES) + injected >= 60
