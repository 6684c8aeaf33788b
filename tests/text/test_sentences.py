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
