"""The extraction benchmark's corpus: dev-set paragraphs, renamed when drawn again."""

import random

from benchmarks.bench_extract import _renamed, devset_paragraphs, make_corpus


def test_paragraph_settlements_point_at_their_gold_names() -> None:
    for lang in ("fr", "en"):
        paragraphs = devset_paragraphs(lang)
        assert sum(len(places) for _, _, places in paragraphs) > 50
        for _, para, places in paragraphs:
            for start, end, country in places:
                assert para[start:end].strip() == para[start:end] != ""
                assert len(country) == 2


def test_a_name_is_replaced_the_same_way_wherever_it_recurs() -> None:
    para = "Raids sur Hass. Hass et Kafranbel sont touchés."
    places = [(10, 14, "SY"), (16, 20, "SY"), (24, 33, "SY")]
    pool = {"SY": ["Saraqib", "Binnish", "Taftanaz"]}
    out = _renamed(para, places, pool, random.Random(1))
    words = out.replace(".", "").split()
    assert words[2] == words[3] and words[2] in pool["SY"]
    assert words[5] in pool["SY"] and "Hass" not in out


def test_the_corpus_is_seeded_and_names_new_places() -> None:
    first, again = make_corpus(30), make_corpus(30)
    assert first == again
    fr = first["fr"]
    assert len(fr) == 30 and all(len(d.split()) >= 800 for d in fr)
    paragraphs = [p for d in fr for p in d.split("\n", 1)[1].split("\n\n")]
    assert len(set(paragraphs)) > 0.5 * len(paragraphs)
