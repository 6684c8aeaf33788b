"""Compile the time-expression grammar into one linear-time scanner."""

from __future__ import annotations

import re
from functools import lru_cache

from conflict_geo.text.date_grammar import (
    EN_KINDS,
    FR_KINDS,
    ISO_KIND,
    KIND_ORDER,
    Head,
)
from conflict_geo.text.trie import trie

__all__ = ["handler_of", "scanner"]


def handler_of(kind: str) -> str:
    """Return the handler of a kind (``"dm_fr"`` is read as ``"dm"``)."""
    for name in KIND_ORDER:
        if kind == name or kind.startswith(name + "_"):
            return name
    raise AssertionError(kind)  # pragma: no cover


_GROUP = re.compile(r"\(\?P<(\w+)>")
_CASED = re.compile(r"\(\?-i:([^()]*)\)")


def _words_rx(words: list[str]) -> str:
    """Alternation of first words; capitalised ones are case-sensitive."""
    cased = [w for w in words if w[0].isupper()]
    plain = trie([w for w in words if not w[0].isupper()])
    return f"(?:(?-i:{'|'.join(cased)})|{plain})" if cased else plain


def _head_rx(head: Head, suffix: str) -> str:
    """Return the case-aware pattern of a head, groups renamed ``name_suffix``."""
    words, group, rest = head
    if words is None:
        first = ""
    elif group:
        first = f"(?P<{group}>{_words_rx(words)})"
    else:
        first = _words_rx(words)
    return _GROUP.sub(rf"(?P<\1_{suffix}>", first + rest)


def _lowered(pattern: str) -> str:
    """Return the pattern for lower-cased text, without groups nor case scoping."""
    pattern = _CASED.sub(lambda m: f"(?:{m.group(1).lower()})", pattern)
    return _GROUP.sub("(?:", pattern)


@lru_cache(maxsize=4)
def scanner(
    key: str,
) -> tuple[
    re.Pattern[str], dict[str, str], dict[str, re.Pattern[str]], re.Pattern[str]
]:
    """Compile the patterns for ``key`` ("fr", "en", "both").

    Returns
    -------
    scan : re.Pattern
        Candidate finder over lower-cased text (no ``re.IGNORECASE``): the
        top level is an alternation on the first character, which the regex
        engine rejects in one step. It may accept a little more than the
        exact patterns; every candidate is checked with them.
    markers : dict
        Group name in ``scan`` -> kind.
    exact : dict
        Kind -> its exact, case-aware pattern with named groups.
    full : re.Pattern
        All exact patterns in one alternation (kind-named groups), used when a
        candidate fails its own kind.
    """
    kinds = dict(ISO_KIND)
    if key in ("fr", "both"):
        kinds.update(FR_KINDS)
    if key in ("en", "both"):
        kinds.update(EN_KINDS)
    order = sorted(kinds, key=lambda kind: KIND_ORDER.index(handler_of(kind)))
    exact = {}
    full_parts = []
    by_char: dict[str, list[str]] = {}
    markers: dict[str, str] = {}
    for kind in order:
        heads = kinds[kind]
        body = "|".join(_head_rx(head, str(i)) for i, head in enumerate(heads))
        exact[kind] = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I)
        full_parts.append(f"(?P<{kind}>{_GROUP.sub('(?:', body)})")
        for words, _, rest in heads:
            low_rest = _lowered(rest)
            if words is None:
                alternatives = {"": low_rest}
            else:
                firsts: dict[str, list[str]] = {}
                for word in words:
                    firsts.setdefault(word[0].lower(), []).append(word[1:].lower())
                alternatives = {c: trie(ends) + low_rest for c, ends in firsts.items()}
            for char, pattern in alternatives.items():
                marker = f"m{len(markers)}"
                markers[marker] = kind
                by_char.setdefault(char, []).append(f"(?P<{marker}>{pattern})")
    branches = [
        re.escape(char) + f"(?:{'|'.join(alts)})"
        for char, alts in sorted(by_char.items())
        if char
    ]
    branches.append(f"(?=\\d)(?:{'|'.join(by_char[''])})")
    scan = re.compile(rf"(?<!\w)(?:{'|'.join(branches)})(?!\w)")
    full = re.compile(rf"(?<!\w)(?:{'|'.join(full_parts)})(?!\w)", re.I)
    return scan, markers, exact, full
