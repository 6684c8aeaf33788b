"""``conflict-geo match``: the seed against UCDP GED 2016, and bad inputs."""

from __future__ import annotations

import json

from conflict_geo.cli import main
from conflict_geo.cli.match import OUTPUTS


def run(capsys, *args):
    code = main(["match", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_seed_s_hass_strike_is_ucdp_232860(seed_path, ucdp_path, capsys, tmp_path):
    code, out, err = run(
        capsys,
        seed_path,
        "--dataset",
        ucdp_path,
        "--date",
        "2016-10",
        "--format",
        "json",
        "-o",
        tmp_path / "out",
    )
    assert code == 0
    data = json.loads(out)
    [pair] = data["matched"]
    assert pair["dataset_event_id"] == "ucdp:232860"
    assert pair["km"] < 1 and pair["days"] == 0
    assert data["dataset_only"] > 1000 and isinstance(data["text_only"], list)
    assert "1 of" in err and "text incidents match" in err
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert written == set(OUTPUTS)
    matched = json.loads((tmp_path / "out" / "matched.geojson").read_text())
    [feature] = matched["features"]
    props = feature["properties"]
    assert props["dataset_event_id"] == "ucdp:232860"
    assert props["dataset_place"] == "Has/Hassef town" and props["place"] == "Hass"


def test_the_table_names_the_pair(seed_path, ucdp_path, capsys):
    code, out, _ = run(capsys, seed_path, "--dataset", ucdp_path, "--date", "2016-10")
    assert code == 0
    assert "ucdp:232860" in out and "Hass" in out and "2016-10\t" in out


def test_a_missing_dataset_is_named(seed_path, tmp_path, capsys):
    code, _, err = run(capsys, seed_path, "--dataset", tmp_path / "nope.csv")
    assert code == 1 and "nope.csv" in err


def test_an_unreadable_text_is_named_and_the_others_used(
    seed_path, ucdp_path, tmp_path, capsys
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    code, out, err = run(
        capsys,
        bad,
        seed_path,
        "--dataset",
        ucdp_path,
        "--date",
        "2016-10",
        "--format",
        "json",
    )
    assert code == 1 and "bad.txt" in err
    assert json.loads(out)["matched"]


def test_event_files_are_texts_too(seed_path, ucdp_path, tmp_path, capsys):
    main(
        [
            "extract",
            str(seed_path),
            "--date",
            "2016-10",
            "-o",
            str(tmp_path / "s.geojson"),
        ]
    )
    capsys.readouterr()
    code, out, _ = run(
        capsys, tmp_path / "s.geojson", "--dataset", ucdp_path, "--format", "json"
    )
    assert code == 0
    assert [p["dataset_event_id"] for p in json.loads(out)["matched"]] == [
        "ucdp:232860"
    ]
