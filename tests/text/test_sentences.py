import pytest

from conflict_geo.text.sentences import iter_blocks, split_sentences


def spans(text):
    return [(s.text, text[s.start : s.end]) for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un. Deux.", ["Un.", "Deux."]),
        ("M. Erdogan a parlé. Fin.", ["M. Erdogan a parlé.", "Fin."]),
        ("Plus de 300.000 morts. Fin.", ["Plus de 300.000 morts.", "Fin."]),
        ("U.S. forces struck. Then.", ["U.S. forces struck.", "Then."]),
        ('"Nous partons." Il a dit.', ['"Nous partons."', "Il a dit."]),
        (
            "Titre sans point\n\nCorps du texte.",
            ["Titre sans point", "Corps du texte."],
        ),
        ("Assad vs. Daech. Fin.", ["Assad vs. Daech.", "Fin."]),
        ("Est-il question ? Venez.", ["Est-il question ?", "Venez."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text, expected):
    got = spans(text)
    assert [a for a, _ in got] == expected
    assert all(a == b for a, b in got)


def test_offsets_with_base():
    sents = split_sentences("Un. Deux.", offset=10)
    assert [(s.start, s.end) for s in sents] == [(10, 13), (14, 19)]


def test_lowercase_after_full_stop_does_not_split():
    assert len(split_sentences("Il est né en 1950 à env. dix km. Fin.")) == 2


def test_blocks_cover_the_text_and_respect_the_limit():
    text = "\n\n".join(f"Paragraphe {i}. " * 20 for i in range(200))
    blocks = list(iter_blocks(text, max_chars=5_000))
    assert "".join(b for _, b in blocks) == text
    assert all(len(b) <= 5_000 for _, b in blocks)
    assert all(text[o : o + len(b)] == b for o, b in blocks)


def test_blocks_cut_a_single_long_paragraph():
    text = "mot " * 10_000
    blocks = list(iter_blocks(text, max_chars=1_000))
    assert "".join(b for _, b in blocks) == text
    assert max(len(b) for _, b in blocks) <= 1_000


def test_no_sentence_exceeds_the_cap_and_offsets_hold():
    from conflict_geo.text.sentences import MAX_SENTENCE_CHARS

    unit = "Airstrikes hit Aleppo killing 12 civilians near Idlib and Raqqa "
    text = unit * 20_000  # 1.3 MB on one line, no full stop
    parts = split_sentences(text)
    assert max(len(s.text) for s in parts) <= MAX_SENTENCE_CHARS
    assert len(parts) >= len(text) // MAX_SENTENCE_CHARS
    assert all(text[s.start : s.end] == s.text for s in parts)
    # windows end at a word boundary: no word is cut in two
    assert all(text[s.end : s.end + 1] in (" ", "") for s in parts)


def test_a_long_sentence_is_cut_at_a_clause_break():
    from conflict_geo.text.sentences import MAX_SENTENCE_CHARS

    clause = "Government forces shelled the town of Hass, "
    text = clause * 60 + "and the toll rose."
    parts = split_sentences(text)
    assert len(parts) > 1 and all(s.text.endswith(",") for s in parts[:-1])
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in parts)


def test_real_dispatches_are_not_cut():
    from pathlib import Path

    from conflict_geo.text.document import read_document
    from conflict_geo.text.sentences import MAX_SENTENCE_CHARS

    root = Path(__file__).resolve().parents[1] / "data"
    for path in sorted(root.glob("*/*.txt")):
        for s in split_sentences(read_document(path).text):
            assert len(s.text) < MAX_SENTENCE_CHARS // 3, path
