"""A regular-expression alternation of literal words, factored by prefix."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie"]


def trie(words: Iterable[str]) -> str:
    """Build a regex alternation of literal ``words`` factored by prefix.

    Python's regex engine tries alternatives one by one; sharing prefixes
    makes a failed attempt at a word boundary cost a few steps, not one per
    word.

    Examples
    --------
    >>> trie(["deux", "dix", "dizaine", "dizaines"])
    '(?:d(?:eux|i(?:x|zaines?)))'
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [
            re.escape(c) + build(child) for c, child in sorted(node.items()) if c
        ]
        if not branches:
            return ""
        if len(branches) == 1:
            body = branches[0]
            if not end:
                return body
            return f"(?:{body})?" if len(body) > 1 else f"{body}?"
        return f"(?:{'|'.join(branches)})" + ("?" if end else "")

    return f"(?:{build(trie)})"
