import json

from conflict_geo.cli import main


def test_places_json(capsys, seed_path):
    assert main(["places", str(seed_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = {
        "mention",
        "start",
        "end",
        "name",
        "lat",
        "lon",
        "country",
        "admin1",
        "kind",
        "metonymic",
        "score",
        "doc_date",
    }
    assert data and all(set(r) == keys for r in data)
    assert {r["doc_date"] for r in data} == {"2021-10"}  # the file's date line
    hass = next(r for r in data if r["mention"] == "Hass")
    assert (hass["country"], hass["kind"]) == ("SY", "village")
    assert any(r["mention"] == "Washington" and r["metonymic"] for r in data)


def test_places_date_is_used_and_checked(capsys, seed_path):
    assert main(["places", str(seed_path), "--date", "2016-10-27"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["doc_date"] for r in data} == {"2016-10-27"}
    assert main(["places", str(seed_path), "--date", "27/10/2016"]) == 1
    assert "27/10/2016" in capsys.readouterr().err


def test_places_bad_file(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    assert main(["places", str(bad)]) == 1
    assert "bad.txt" in capsys.readouterr().err


def test_demo_prints_the_seed_places(capsys, seed_path, tmp_path):
    assert main(["demo", str(seed_path), "-o", str(tmp_path / "m.html")]) == 0
    out = capsys.readouterr().out
    assert "Hass" in out and "Manbij" in out and "metonymic" in out
