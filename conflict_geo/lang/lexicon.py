"""Load a language's lexicon: its triggers, actors, sources and cue words.

A language is a folder of data under ``conflict_geo/lang/<code>/``, like
spaCy's ``spacy/lang/<code>/``: ``triggers.toml`` (words that report an event),
``actors.toml`` (how the language names the actors of ``lang/actors.toml``) and
``cues.toml`` (named slots of cue words: status, tolls, linking, places, roles). The
extractor reads the slots by name and holds no word of any language; adding a
language is adding a folder (and its number and date grammar in
:mod:`conflict_geo.text`).

Every pattern is written against :func:`flatten`-ed text (lower case, accents
and typographic apostrophes removed, the same length as the original, so match
offsets are offsets in the original). Patterns are flattened too when they
load, so an accent written in the data ("prorégime") cannot make a pattern
that never matches.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from conflict_geo.events.types import GENERIC_SUB_TYPES
from conflict_geo.exc import ConfigurationError, DataError
from conflict_geo.lang.placement import Placement

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
    "union_words",
]


class _Flat(dict[int, str]):
    """``str.translate`` table: one lower-case, unaccented char per char."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            low = char
        base = unicodedata.normalize("NFKD", low)[:1] or low
        if not base.isascii() and low in "œæ":
            base = low
        value = {"’": "'", "‘": "'", "`": "'", "´": "'", "\u2011": "-"}.get(low, base)
        self[code] = value
        return value


_FLAT = _Flat()


def flatten(text: str) -> str:
    """Lower-case and strip accents, keeping every character's offset.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        Same length as ``text``.

    Examples
    --------
    >>> flatten("Tombée aux mains de l’EI")
    "tombee aux mains de l'ei"
    """
    return text.translate(_FLAT)


def _plain_pattern(pattern: str) -> str:
    """Strip accents and curly apostrophes from a pattern, keeping its escapes."""
    out = []
    for char in pattern:
        if char.isascii():
            out.append(char)
        else:
            out.append(flatten(char))
    return "".join(out)


#: Cue slots every language defines, by section of ``cues.toml``. The code
#: decides where each slot must match; the data gives the words.
SLOTS: dict[str, tuple[str, ...]] = {
    "language": ("function_words", "hints"),
    "layout": ("related_markers",),
    "linking": (
        "relative_words",
        "own_clause",
        "reference_point",
        "and_words",
        "place_prepositions",
        "list_determiners",
        "settlement_words",
        "province_words",
        "of_words",
        "in_words",
        "determiners",
        "near_words",
        "gap_time",
        "locative_openers",
        "origin_words",
        "besides_words",
        "vicinity_before",
        "vicinity_after",
        "agent_words",
        "place_anaphora",
        "province_anaphora",
        "facility_anaphora",
        "demonstratives",
        "spread_words",
        "situated_words",
        "directions",
        "part_words",
        "quantifiers",
        "place_adjectives",
        "filler_adverbs",
        "kind_pronouns",
    ),
    "status": (
        "planned",
        "before_doing",
        "ongoing",
        "hypothetical",
        "fled",
        "purpose_words",
        "conditional",
        "loss_words",
        "former_words",
        "duration_of",
        "duration_words",
        "since_words",
        "later_words",
        "ended",
        "attempt_words",
        "past_fight",
    ),
    "tolls": (
        "death_nouns",
        "dead_words",
        "death_words",
        "not_victims",
        "injury_words",
        "injuring",
        "part_of",
        "part_after",
        "earlier",
        "no_victims",
        "one_victim",
        "one_words",
        "killing_verbs",
        "one_passive",
        "one_dead",
        "killed_before",
        "toll_and",
        "aggregate",
        "war_total",
        "civilian_nouns",
    ),
    "places": (
        "admin1_kind_words",
        "settlement_kind_words",
        "town_part_words",
        "country_kind_words",
        "actor_verbs",
        "addressee_verbs",
        "institution_words",
        "institution_of",
        "institution_determiners",
    ),
    "roles": (
        "backer",
        "agent_after",
        "agent_gap",
        "target_before",
        "target_words",
        "source_cues",
        "articles",
        "support_verbs",
        "passive_aux",
        "aircraft_words",
        "projectile_words",
        "ground_fire_words",
    ),
}
_TRIGGER_FIELDS = frozenset(
    {"type", "sub_type", "status", "verbal", "agent", "needs", "patterns"}
)
# A trigger ends at a word boundary, or after the space or apostrophe its
# pattern ends with ("aux mains des ", "sous le contrôle d'").
_END = r"(?:(?<=[\s'])|(?![\w]))"
_START = r"(?<![\w-])"


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One row of a language's ``triggers.toml``, compiled.

    Parameters
    ----------
    event_type : str
        Event type (a key of :data:`~conflict_geo.events.types.EVENT_SPECS`).
    sub_type : str or None
        Finer type.
    status : str or None
        The status the words imply.
    verbal : bool
        A verb or predicate: the place is its object or subject.
    generic : bool
        Says a place was hit, not how (its sub-type is one of
        :data:`~conflict_geo.events.types.GENERIC_SUB_TYPES`).
    agent : str or None
        ``"after"``: the pattern ends where its agent starts ("aux mains des
        "); ``"inside"``: the agent is named in the match ("rebel-held").
    needs : str or None
        ``"place"``: only an event when a place follows directly.
    pattern : re.Pattern
        Over flattened text.
    """

    event_type: str
    sub_type: str | None
    status: str | None
    verbal: bool
    generic: bool
    agent: str | None
    needs: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Trigger:
    """Words in a sentence that say an event happened.

    Parameters
    ----------
    row : TriggerRow
        The lexicon row that matched.
    start, end : int
        Offsets in the sentence.
    """

    row: TriggerRow
    start: int
    end: int

    @property
    def event_type(self) -> str:
        """Event type of the row."""
        return self.row.event_type

    @property
    def sub_type(self) -> str | None:
        """Finer type of the row."""
        return self.row.sub_type

    @property
    def status(self) -> str | None:
        """Status the words imply."""
        return self.row.status

    @property
    def verbal(self) -> bool:
        """Whether the words are a verb or a predicate."""
        return self.row.verbal


def _alternation(items: Iterable[str]) -> str:
    return "(?:" + "|".join(items) + ")"


class Lexicon:
    """A language's triggers, actors, sources and cue slots, compiled.

    Use :func:`get_lexicon` (cached) rather than the constructor.

    Parameters
    ----------
    lang : str
        Language code, the folder name under ``conflict_geo/lang/``.
    triggers : list of dict
        Rows of ``triggers.toml``.
    actors : dict
        ``actors.toml`` of the language.
    cues : dict
        ``cues.toml`` of the language.
    """

    def __init__(
        self,
        lang: str,
        triggers: list[dict[str, Any]],
        actors: dict[str, Any],
        cues: dict[str, Any],
    ) -> None:
        self.lang = lang
        self.triggers = tuple(_trigger_row(lang, i, r) for i, r in enumerate(triggers))
        self._any_trigger = re.compile(
            _alternation(
                f"{_START}{r.pattern.pattern[len(_START) :]}" for r in self.triggers
            )
        )
        self._slots = _slots(lang, cues)
        self.actor_patterns: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
            (
                name,
                re.compile(
                    rf"\b{_alternation(map(_plain_pattern, spec['patterns']))}\b"
                ),
            )
            for name, spec in actors.get("actor", {}).items()
            if spec.get("patterns")
        )
        self._any_actor = re.compile(
            _alternation(p.pattern for _, p in self.actor_patterns) or "(?!)"
        )
        self.acronyms: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
            (
                name,
                re.compile(
                    rf"(?<![\w-]){_alternation(map(re.escape, spec['acronyms']))}"
                    rf"(?![\w-])"
                ),
            )
            for name, spec in actors.get("actor", {}).items()
            if spec.get("acronyms")
        )
        sources = cues.get("sources", {})
        names = sorted(sources.get("names", []), key=len, reverse=True)
        self._source = re.compile(
            r"(?<![\w-])" + _alternation(map(re.escape, names)) + r"(?![\w-])"
            if names
            else "(?!)"
        )
        self._source_order = {n: i for i, n in enumerate(sources.get("names", []))}
        self._canonical_source: dict[str, str] = dict(sources.get("canonical", {}))
        #: Facility words ("l'aéroport militaire de", "Tabqa base") and the
        #: words of such facilities' names in the gazetteer ("air base" …).
        self.facilities: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
            (_plain_pattern(words), tuple(names))
            for words, names in cues.get("facilities", {}).items()
        )
        #: How the language places a point from a landmark (None: it does not).
        self.placement: Placement | None = (
            Placement.from_cues(lang, cues["placement"], self)
            if "placement" in cues
            else None
        )

    # -------------------------------------------------------------- cue slots
    def words(self, slot: str) -> tuple[str, ...]:
        """Return the alternatives of a cue slot, flattened.

        Parameters
        ----------
        slot : str
            A name of :data:`SLOTS`.

        Returns
        -------
        tuple of str
        """
        return self._slots[slot]

    def alt(self, slot: str) -> str:
        """Return a cue slot as a regular-expression group ``(?:a|b|…)``.

        Parameters
        ----------
        slot : str
            A name of :data:`SLOTS`.

        Returns
        -------
        str
        """
        return _alternation(self._slots[slot])

    @functools.cache  # noqa: B019 - lexicons are cached for the process anyway
    def rx(self, template: str) -> re.Pattern[str]:
        r"""Compile ``template`` with ``{slot}`` replaced by :meth:`alt` groups.

        Parameters
        ----------
        template : str
            A regular expression naming slots in braces, as
            ``r"\b{planned}\b"``; literal braces are doubled.

        Returns
        -------
        re.Pattern
            Compiled once per lexicon and template.
        """
        names = {
            n: self.alt(n) for n in re.findall(r"(?<!\{)\{(\w+)\}(?!\})", template)
        }
        return re.compile(template.format(**names))

    def has_word(self, slot: str, word: str) -> bool:
        """Whether ``word`` (flattened) is one of a slot's plain words."""
        return word in self._word_sets(slot)

    @functools.cache  # noqa: B019
    def _word_sets(self, slot: str) -> frozenset[str]:
        return frozenset(self._slots[slot])

    # --------------------------------------------------------------- triggers
    def find_triggers(self, flat: str) -> list[Trigger]:
        """Find the event triggers of one flattened sentence.

        Parameters
        ----------
        flat : str
            A sentence passed through :func:`flatten`.

        Returns
        -------
        list of Trigger
            Non-overlapping, in text order; at overlaps the longest match
            wins, then the earlier row.
        """
        first = self._any_trigger.search(flat)
        if first is None:
            return []
        found = [
            (m.start(), m.end(), order, row)
            for order, row in enumerate(self.triggers)
            for m in row.pattern.finditer(flat, first.start())
            if m.end() > m.start()
        ]
        # the longest words win where two overlap ("la prise de contrôle" is a
        # capture, not the verb "contrôle"); the earlier row among equals
        taken: list[Trigger] = []
        for a, b, _, row in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
            if not any(a < t.end and t.start < b for t in taken):
                taken.append(Trigger(row, a, b))
        return sorted(taken, key=lambda t: t.start)

    # ----------------------------------------------------------------- actors
    def find_actors(self, text: str, flat: str) -> list[tuple[int, int, str]]:
        """Actors named in a sentence, longest match first, not overlapping.

        Parameters
        ----------
        text : str
            The sentence as written (acronyms are matched case and all).
        flat : str
            The same sentence, flattened.

        Returns
        -------
        list of (start, end, name)
            In text order.
        """
        matches: list[tuple[int, int, str]] = []
        first = self._any_actor.search(flat)
        for name, pattern in self.actor_patterns if first else ():
            matches += [
                (m.start(), m.end(), name)
                for m in pattern.finditer(flat, first.start())
            ]
        for name, pattern in self.acronyms:
            matches += [(m.start(), m.end(), name) for m in pattern.finditer(text)]
        # the longest name wins where two overlap ("l'Armée syrienne libre" is
        # the Free Syrian Army, not "l'armée")
        found: list[tuple[int, int, str]] = []
        for a, b, name in sorted(matches, key=lambda x: (x[0] - x[1], x[0])):
            if not any(a < y and x < b for x, y, _ in found):
                found.append((a, b, name))
        return sorted(found)

    # ---------------------------------------------------------------- sources
    def source_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return where a text names sources: (start, end, canonical name)."""
        return [
            (m.start(), m.end(), self._canonical_source.get(m.group(), m.group()))
            for m in self._source.finditer(text)
        ]

    def find_sources(self, text: str) -> list[str]:
        """Return the organisations a sentence names as sources, canonical."""
        named = {m.group() for m in self._source.finditer(text)}
        ordered = sorted(named, key=lambda n: self._source_order.get(n, 0))
        return list(dict.fromkeys(self._canonical_source.get(n, n) for n in ordered))


def _trigger_row(lang: str, index: int, row: dict[str, Any]) -> TriggerRow:
    unknown = set(row) - _TRIGGER_FIELDS
    where = f"conflict_geo/lang/{lang}/triggers.toml, trigger {index + 1}"
    if unknown or "type" not in row or not row.get("patterns"):
        raise DataError(
            f"{where}: needs 'type' and 'patterns'; unknown {sorted(unknown)}"
        )
    body = _alternation(_plain_pattern(p) for p in row["patterns"])
    agent = row.get("agent")
    return TriggerRow(
        event_type=row["type"],
        sub_type=row.get("sub_type"),
        status=row.get("status"),
        verbal=bool(row.get("verbal", False)),
        generic=row.get("sub_type") in GENERIC_SUB_TYPES,
        agent="after" if agent is True else agent or None,
        needs=row.get("needs"),
        pattern=re.compile(f"{_START}{body}{_END}"),
    )


def _slots(lang: str, cues: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for section, names in SLOTS.items():
        table = cues.get(section, {})
        for name in names:
            if name not in table:
                raise DataError(
                    f"conflict_geo/lang/{lang}/cues.toml: [{section}] has no '{name}'"
                )
            values = table[name]
            values = [values] if isinstance(values, str) else list(values)
            # function words are matched as written (accents and all)
            keep = section == "language"
            out[name] = tuple(v if keep else _plain_pattern(v) for v in values)
        extra = set(table) - set(names)
        if extra:
            raise DataError(
                f"conflict_geo/lang/{lang}/cues.toml: [{section}] has unknown "
                f"slots {sorted(extra)}"
            )
    return out


def _read_toml(*parts: str) -> dict[str, Any]:
    path = resources.files("conflict_geo.lang").joinpath(*parts)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise DataError(f"conflict_geo/lang/{'/'.join(parts)} is missing") from err
    except tomllib.TOMLDecodeError as err:
        raise DataError(f"conflict_geo/lang/{'/'.join(parts)}: {err}") from err


#: Folders of more languages, separated by ``os.pathsep``: a language written
#: outside the package ("<dir>/es/triggers.toml" …) is used like a shipped one.
LANG_PATH_ENV = "CONFLICT_GEO_LANG_PATH"


def _folders() -> dict[str, Any]:
    """Language code -> folder: the package's, then those on the path."""
    found: dict[str, Any] = {}
    roots: list[Any] = [resources.files("conflict_geo.lang")]
    roots += [Path(p) for p in os.environ.get(LANG_PATH_ENV, "").split(os.pathsep) if p]
    for root in roots:
        if not root.is_dir():
            continue
        for folder in root.iterdir():
            if folder.is_dir() and folder.joinpath("triggers.toml").is_file():
                found.setdefault(folder.name, folder)
    return found


def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a lexicon folder.

    The package's (``conflict_geo/lang/<code>/``) and those in the folders of
    ``$CONFLICT_GEO_LANG_PATH``.

    Returns
    -------
    tuple of str
        Sorted, e.g. ``("en", "fr")``.

    Examples
    --------
    >>> available_languages()
    ('en', 'fr')
    """
    return _available(os.environ.get(LANG_PATH_ENV, ""))


@functools.cache
def _available(path: str) -> tuple[str, ...]:
    return tuple(sorted(_folders()))


@functools.cache
def shared_actors() -> dict[str, Any]:
    """Return the language-free actor table (``conflict_geo/lang/actors.toml``)."""
    return _read_toml("actors.toml")


def union_words(slot: str) -> frozenset[str]:
    """Return a cue slot's words in every available language, flattened.

    For code that reads a text whose language it does not know, or that
    reads the words of every language on purpose (a French dispatch quotes
    English names and titles).

    Parameters
    ----------
    slot : str
        The cue slot (a name of :data:`SLOTS`), which every language fills.

    Returns
    -------
    frozenset of str
        The union of :meth:`Lexicon.words` over :func:`available_languages`.

    Examples
    --------
    >>> sorted(union_words("country_kind_words"))
    ['country', 'pays']
    """
    return _union_words(slot, os.environ.get(LANG_PATH_ENV, ""))


@functools.cache
def _union_words(slot: str, path: str) -> frozenset[str]:
    return frozenset(
        word for code in _available(path) for word in _lexicon(code, path).words(slot)
    )


def load_lexicon(folder: Any, lang: str | None = None) -> Lexicon:
    """Load the lexicon in a folder: ``triggers.toml``, ``actors.toml``, ``cues.toml``.

    The package's languages load with :func:`get_lexicon`; this reads a
    folder anywhere, as a new language is written and tested before it joins
    ``conflict_geo/lang/``.

    Parameters
    ----------
    folder : path-like or importlib.resources.abc.Traversable
        The language's folder.
    lang : str, optional
        Its code (the folder's name by default).

    Returns
    -------
    Lexicon

    Raises
    ------
    DataError
        A file is missing or malformed, a slot is missing or unknown, or an
        actor is missing from ``conflict_geo/lang/actors.toml``.
    """
    folder = Path(folder) if isinstance(folder, str) else folder
    code = lang or folder.name

    def read(name: str) -> dict[str, Any]:
        path = folder.joinpath(name)
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as err:
            raise DataError(f"{path} is missing") from err
        except tomllib.TOMLDecodeError as err:
            raise DataError(f"{path}: {err}") from err

    return _build(code, read("triggers.toml"), read("actors.toml"), read("cues.toml"))


def _build(
    lang: str, triggers: dict[str, Any], actors: dict[str, Any], cues: dict[str, Any]
) -> Lexicon:
    shared = set(shared_actors().get("actor", {}))
    unknown = set(actors.get("actor", {})) - shared
    if unknown:
        raise DataError(
            f"the actors of language {lang!r} are missing from "
            f"conflict_geo/lang/actors.toml: {sorted(unknown)}"
        )
    return Lexicon(lang, triggers.get("trigger", []), actors, cues)


def get_lexicon(lang: str) -> Lexicon:
    """Return the compiled lexicon of a language.

    Parameters
    ----------
    lang : str
        A code of :func:`available_languages`.

    Returns
    -------
    Lexicon

    Raises
    ------
    ConfigurationError
        No lexicon exists for ``lang``.

    Examples
    --------
    >>> lex = get_lexicon("fr")
    >>> [t.event_type for t in lex.find_triggers(flatten("Des frappes sur Hass."))]
    ['strike']
    """
    return _lexicon(lang, os.environ.get(LANG_PATH_ENV, ""))


@functools.cache
def _lexicon(lang: str, path: str) -> Lexicon:
    folders = _folders()
    if lang not in folders:
        raise ConfigurationError(
            f"unsupported language {lang!r}: no lexicon for it; use one of "
            f"{', '.join(sorted(folders))} (or add its folder, see "
            f"conflict_geo.lang)"
        )
    return load_lexicon(folders[lang], lang)
