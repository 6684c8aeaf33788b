import pytest

from conflict_geo.exc import InputError
from conflict_geo.text.document import parse_date_prefix, read_document, text_document


def test_seed_date_prefix(seed_path):
    doc = read_document(seed_path)
    assert doc.date == "2021-10"
    assert doc.text.startswith('"Des avions militaires')


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("date 2016\nX", "2016"),
        ("date 2016-10-26\nX", "2016-10-26"),
        ("dated text", None),
    ],
)
def test_date_forms(raw, date):
    assert parse_date_prefix(raw)[1] == date


def test_bad_files_name_the_file(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    with pytest.raises(InputError, match="x.bin.*binary"):
        read_document(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Frappes à Idleb".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.txt.*byte offset 8"):
        read_document(latin)
    with pytest.raises(InputError, match="missing.txt"):
        read_document(tmp_path / "missing.txt")


def test_html_is_stripped():
    doc = text_document(
        "<html><body><p>Frappes sur <b>Idleb</b></p>"
        "<script>alert(1)</script></body></html>"
    )
    assert "alert" not in doc.text and "<" not in doc.text and "Idleb" in doc.text
