"""Language knowledge as data, one folder per language.

``conflict_geo/lang/<code>/`` holds what the extractor knows of a language:
the words that report events (``triggers.toml``), name actors
(``actors.toml``) and cue status, tolls, places and roles (``cues.toml``).
``conflict_geo/lang/actors.toml`` says what the extractor needs to know of each
actor whatever its language. :func:`get_lexicon` loads and compiles a language
once per process.

Adding a language is adding a folder: in the package, or anywhere on
``$CONFLICT_GEO_LANG_PATH`` (folders separated by ``os.pathsep``, each holding
``<code>/triggers.toml``, ``<code>/actors.toml``, ``<code>/cues.toml``).
Numbers are read as digits and dates are not read in a language without a
number and date grammar (:mod:`conflict_geo.text.numbers`,
:mod:`conflict_geo.text.dates`); the dispatch date stands in.
"""

from conflict_geo.lang.lexicon import (
    LANG_PATH_ENV,
    SLOTS,
    Lexicon,
    Trigger,
    TriggerRow,
    available_languages,
    flatten,
    get_lexicon,
    load_lexicon,
    shared_actors,
    union_words,
)

__all__ = [
    "LANG_PATH_ENV",
    "SLOTS",
    "Lexicon",
    "Trigger",
    "TriggerRow",
    "available_languages",
    "flatten",
    "get_lexicon",
    "load_lexicon",
    "shared_actors",
    "union_words",
]
