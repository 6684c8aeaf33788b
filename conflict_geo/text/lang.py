"""Tell a text's language by its commonest words.

Dispatches are long enough that counting a few dozen function words is as
reliable as a statistical identifier and costs nothing. The words, and the
letters and endings that decide a headline with few of them, are each
language's data (``[language]`` in ``conflict_geo/lang/<code>/cues.toml``):
every language with a lexicon can be told.
"""

from __future__ import annotations

import re

from conflict_geo.exc import ConfigurationError

__all__ = ["LANGUAGES", "check_language", "detect_language"]

#: The languages the package ships a lexicon for (see
#: :func:`conflict_geo.lang.available_languages`, which also reads
#: ``$CONFLICT_GEO_LANG_PATH``).
LANGUAGES: tuple[str, ...] = ("fr", "en")
_TOKEN = re.compile(r"[^\W\d_]+")


def _languages() -> tuple[str, ...]:
    from conflict_geo.lang import available_languages

    return available_languages()


def check_language(lang: str | None) -> str | None:
    """Return ``lang`` when a lexicon exists for it (or None: detect it); else raise.

    Examples
    --------
    >>> check_language("fr")
    'fr'
    >>> check_language("de")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    conflict_geo.exc.ConfigurationError: unsupported language 'de': use one of ...
    """
    if lang is None or lang in _languages():
        return lang
    raise ConfigurationError(
        f"unsupported language {lang!r}: use one of {', '.join(_languages())}, "
        "or None to detect it"
    )


def detect_language(text: str, default: str = "fr") -> str:
    """Guess the language of ``text`` among those with a lexicon.

    Parameters
    ----------
    text : str
        Any text; only its first 20,000 characters are read.
    default : str, default "fr"
        Returned when the text has none of the counted words.

    Returns
    -------
    str
        A language code (``"fr"``, ``"en"`` …).

    Examples
    --------
    >>> detect_language("Air strikes on the town killed 12 people.")
    'en'
    >>> detect_language("Des frappes ont tué 12 personnes dans la ville.")
    'fr'
    >>> detect_language("Russian warplanes struck Jisr al-Shughur overnight.")
    'en'
    """
    from conflict_geo.lang import get_lexicon

    head = text[:20_000]
    lexicons = {lang: get_lexicon(lang) for lang in _languages()}
    counts = dict.fromkeys(lexicons, 0)
    for word in _TOKEN.findall(head.lower()):
        for lang, lex in lexicons.items():
            if lex.has_word("function_words", word):
                counts[lang] += 1
    top = max(counts.values(), default=0)
    if list(counts.values()).count(top) > 1:
        # a headline or a short sentence without function words ("Russian
        # warplanes struck Jisr al-Shughur overnight"): letters and endings
        lowered = head.lower()
        for lang, lex in lexicons.items():
            counts[lang] += len(lex.rx(r"{hints}").findall(lowered))
    if not any(counts.values()):
        return default
    return max(counts, key=lambda lang: (counts[lang], lang == default))
