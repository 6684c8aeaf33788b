from __future__ import annotations

from pathlib import Path

import pytest

from conflict_geo.batch.inputs import expand_inputs


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in [
        "data/b.txt",
        "data/a.TXT",
        "data/c.csv",
        "data/d.geojson",
        "data/page.html",
        "data/labels.json",
        "data/README.md",
        "data/.hidden.txt",
        "data/.cache/x.txt",
        "data/sub/e.txt",
        "data/sub/deeper/f.csv",
        "other/g.txt",
    ]:
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def names(expansion):
    return [p.as_posix() for p in expansion.paths]


def test_folder_is_walked_recursively_sorted_without_hidden_or_other_files(tree):
    out = expand_inputs(["data"])
    assert names(out) == [
        "data/a.TXT",
        "data/b.txt",
        "data/c.csv",
        "data/d.geojson",
        "data/page.html",
        "data/sub/deeper/f.csv",
        "data/sub/e.txt",
    ]
    assert out.unmatched == []


def test_json_and_other_files_are_taken_when_named(tree):
    out = expand_inputs(["data/labels.json", "data/README.md"])
    assert names(out) == ["data/README.md", "data/labels.json"]


def test_quoted_globs_are_expanded_by_the_program(tree):
    assert names(expand_inputs(["data/*.txt"])) == ["data/b.txt"]
    assert names(expand_inputs(["data/**/*.txt"])) == ["data/b.txt", "data/sub/e.txt"]
    # a glob matching a folder expands that folder
    assert names(expand_inputs(["oth*"])) == ["other/g.txt"]


def test_duplicates_are_dropped_and_order_does_not_depend_on_arguments(tree):
    a = expand_inputs(["other/g.txt", "data/sub", "./data/sub/e.txt", "data/*/e.txt"])
    b = expand_inputs(["data/sub/e.txt", "data/sub", "other/g.txt"])
    assert (
        names(a)
        == names(b)
        == ["data/sub/deeper/f.csv", "data/sub/e.txt", "other/g.txt"]
    )


def test_unmatched_globs_and_empty_folders_are_reported(tree):
    Path("empty").mkdir()
    out = expand_inputs(["nothing/*.txt", "empty", "missing.csv"])
    # a plain missing file is kept: loading it reports "no such file"
    assert names(out) == ["missing.csv"]
    assert [spec for spec, _ in out.unmatched] == ["nothing/*.txt", "empty"]
    assert "no file matches" in out.unmatched[0][1]


def test_output_folder_inside_an_input_folder_is_excluded(tree):
    out = expand_inputs(["data"], exclude="data/sub")
    assert "data/sub/e.txt" not in names(out)
    assert "data/b.txt" in names(out)
    assert "data/sub/e.txt" not in names(
        expand_inputs(["data/**/*.txt"], exclude="data/sub")
    )
