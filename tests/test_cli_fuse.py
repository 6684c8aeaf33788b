"""``conflict-geo extract FILE... --fuse``: one feature per incident across files."""

from __future__ import annotations

import json

from conflict_geo.cli import main

# Our own wording of three reports of one strike and one of another place.
REPORTS = {
    "afp.txt": "date 2016-10-26\n"
    "Des frappes aériennes ont tué 22 civils à Saraqeb mercredi.",
    "rfi.txt": "date 2016-10-27\nDes raids aériens ont tué 35 civils à Saraqeb.",
    "undated.txt": "Des frappes aériennes ont tué 26 civils à Saraqeb.",
    "other.txt": "date 2016-10-26\nDes frappes aériennes ont tué 4 civils à Palmyre.",
}


def write(tmp_path, names=REPORTS):
    paths = []
    for name, text in names.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(capsys, *args):
    code = main(["extract", *map(str, args)])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_reports_of_one_strike_are_one_feature_with_toll_history(tmp_path, capsys):
    code, data, err = run(capsys, *write(tmp_path), "--fuse")
    assert code == 0
    by_place = {f["properties"]["place"]: f["properties"] for f in data["features"]}
    strike = by_place["Saraqib"]
    assert strike["reports"] == 3
    assert sorted(p.rsplit("/", 1)[-1] for p in strike["docs"]) == [
        "afp.txt",
        "rfi.txt",
        "undated.txt",
    ]
    assert strike["fatalities"] == 35  # the latest file's toll
    assert strike["fatalities_history"] == [22, 26, 35]
    assert by_place["Tadmur"]["reports"] == 1
    assert "2 incidents from 4 events" in err
    [note] = data["fusion"]
    assert note["doc"].endswith("undated.txt") and "no date" in note["reason"]


def test_without_fuse_every_report_is_a_feature(tmp_path, capsys):
    code, data, _ = run(capsys, *write(tmp_path))
    assert code == 0 and len(data["features"]) == 4
    assert "fusion" not in data


def test_a_window_of_zero_days_splits_the_reports(tmp_path, capsys):
    # 26 October and the next day's file: two incidents, and the undated
    # report fits both, so it joins neither
    code, data, _ = run(capsys, *write(tmp_path), "--fuse", "--fuse-days", "0")
    assert code == 0
    saraqib = [f for f in data["features"] if f["properties"]["place"] == "Saraqib"]
    assert [f["properties"]["reports"] for f in saraqib] == [1, 1, 1]
    assert any("fits 2 incidents" in n["reason"] for n in data["fusion"])


def test_a_bad_file_is_named_and_the_others_fuse(tmp_path, capsys):
    paths = write(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    code, data, err = run(capsys, bad, *paths, "--fuse")
    assert code == 1 and "bad.txt" in err
    assert len(data["features"]) == 2
