"""``conflict-geo extract``: bad inputs, several files, the date option."""

import json

import pytest

from conflict_geo.cli import main


def run(capsys, *args):
    code = main(["extract", *map(str, args)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_empty_and_whitespace_files_give_no_events(tmp_path, capsys):
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_text("", encoding="utf-8")
    blank.write_text("  \n\n\t ", encoding="utf-8")
    code, data, _ = run(capsys, empty, blank)
    assert code == 0
    assert data["features"] == [] and data["unmapped"] == []


def test_text_with_no_places_is_an_empty_result(tmp_path, capsys):
    path = tmp_path / "none.txt"
    path.write_text("Des frappes ont tué 12 personnes, selon l'OSDH.", encoding="utf-8")
    code, data, _ = run(capsys, path)
    assert code == 0 and data["features"] == []
    [missed] = data["unmapped"]
    assert missed["text"] == "frappes" and "no place" in missed["reason"]


def test_binary_input_names_the_file_and_others_still_run(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\xff\xfe binary")
    good = tmp_path / "good.txt"
    good.write_text("Des frappes aériennes ont touché Saraqeb mardi.", encoding="utf-8")
    code, data, err = run(capsys, bad, good)
    assert code == 1
    assert "bad.txt" in err
    assert [f["properties"]["place"] for f in data["features"]] == ["Saraqib"]


def test_non_utf8_names_the_byte_offset(tmp_path, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Frappes sur Alep à l'aube.".encode("latin-1"))
    code, _, err = run(capsys, bad)
    assert code == 1 and "latin1.txt" in err and "byte" in err


def test_html_is_stripped_and_escaped_text_kept(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(
        "<p>Des <b>frappes</b> ont visé <i>Saraqeb</i> mardi.</p><script>x()</script>",
        encoding="utf-8",
    )
    code, data, _ = run(capsys, page, "--date", "2016-10-27")
    assert code == 0
    [feature] = data["features"]
    props = feature["properties"]
    assert props["place"] == "Saraqib" and props["date"] == "2016-10-25"
    assert "<" not in props["sentence"]


def test_date_option_overrides_and_is_validated(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text(
        "La Turquie a lancé en août une offensive sur Jarablos.", encoding="utf-8"
    )
    _, data, _ = run(capsys, path, "--date", "2016-10")
    [offensive] = [f["properties"] for f in data["features"]]
    assert offensive["date"] == "2016-08"
    code = main(["extract", str(path), "--date", "octobre"])
    assert code == 1
    assert "octobre" in capsys.readouterr().err


def test_output_file_is_written(tmp_path, capsys, seed_path):
    out = tmp_path / "events.geojson"
    assert main(["extract", str(seed_path), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["features"]) >= 10
    assert "events from 1 file" in capsys.readouterr().err


@pytest.mark.slow
def test_ten_megabyte_text_in_bounded_memory(tmp_path):
    """A 10 MB text is processed block by block; RSS growth stays bounded.

    The gazetteer recogniser alone (``model=None``) keeps the run short; the
    spaCy model sees the same blocks.
    """
    import os
    import subprocess
    import sys

    paragraph = (
        "Des frappes aériennes ont tué 12 civils à Saraqeb mardi, selon l'OSDH. "
        "Les rebelles tiennent toujours la ville de Khan Cheikhoun.\n\n"
    )
    path = tmp_path / "big.txt"
    path.write_text(paragraph * (10_000_000 // len(paragraph) + 1), encoding="utf-8")
    script = (
        "import resource, sys\n"
        "from conflict_geo.events.extract import extract_events\n"
        "from conflict_geo.text.document import read_document\n"
        "doc = read_document(sys.argv[1])\n"
        "x = extract_events(doc.text, 'fr', '2016-10-27', model=None)\n"
        "print(len(x.events), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"PYTHONHASHSEED": "0"},
    )
    events, peak_kb = map(int, done.stdout.split())
    # the same two incidents, told again and again: incidents are resolved
    # within each block of about 100 kB, so every block gives its two
    blocks = path.stat().st_size // 100_000
    assert events >= 2 * (blocks - 5)
    assert (
        peak_kb < 2_500_000
    )  # the text itself is 10 MB; nothing grows with it per char
