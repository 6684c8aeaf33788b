import json

from conflict_geo.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_geocode_json(capsys):
    code, out, _ = run(
        capsys, "geocode", "Hass", "Idleb", "Qwxzyvkj", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data) == 3 and data[2] == []
    best = data[0][0]
    assert set(best) == {
        "query",
        "name",
        "lat",
        "lon",
        "country",
        "admin1",
        "kind",
        "score",
        "source",
        "plausible",
    }
    assert best["name"] == "Hass" and best["country"] == "SY"
    assert data[1][0]["name"] == "Idlib"


def test_geocode_country_kind_and_table(capsys):
    code, out, _ = run(
        capsys,
        "geocode",
        "Idleb",
        "--kind",
        "admin1",
        "--country",
        "SY",
        "--format",
        "table",
    )
    assert code == 0 and "admin1" in out


def test_geocode_from_file_and_extra_gazetteer(capsys, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("Tall Qaramel\n\nMinbej\n", encoding="utf-8")
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "name,lat,lon,country\nTall Qaramel,36.3,37.2,SY\nBroken,,,SY\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "geocode", "--from-file", str(names), "--extra-gazetteer", str(extra)
    )
    data = json.loads(out)
    assert code == 0 and data[0][0]["lat"] == 36.3 and data[1][0]["name"] == "Manbij"
    assert "1 skipped" in err and "line 3" in err


def test_geocode_bad_input_exit_codes(capsys, tmp_path):
    code, out, err = run(capsys, "geocode", "   ")
    assert code == 1 and "empty" in err and json.loads(out) == [[]]
    code, _, err = run(capsys, "geocode", "--from-file", str(tmp_path / "absent.txt"))
    assert code == 1 and "absent.txt" in err
