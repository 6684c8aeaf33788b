"""Language knowledge as data, one folder per language.

``conflict_geo/lang/<code>/`` holds what the extractor knows of a language:
the words that report events (``triggers.toml``), name actors
(``actors.toml``) and cue status, tolls, places and roles (``cues.toml``).
``conflict_geo/lang/actors.toml`` says what the extractor needs to know of each
actor whatever its language. :func:`get_lexicon` loads and compiles a language
once per process.
"""

from conflict_geo.lang.lexicon import (
    SLOTS,
    Lexicon,
    Trigger,
    TriggerRow,
    available_languages,
    flatten,
    get_lexicon,
    shared_actors,
)

__all__ = [
    "SLOTS",
    "Lexicon",
    "Trigger",
    "TriggerRow",
    "available_languages",
    "flatten",
    "get_lexicon",
    "shared_actors",
]
