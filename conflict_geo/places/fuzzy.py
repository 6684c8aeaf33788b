"""Trigram candidate index for fuzzy name lookups.

Fuzzy matching is the last resort of a lookup, so it must be cheap: rather
than scoring a query against every name, an inverted index of character
trigrams (numpy arrays, CSR layout) proposes the few keys sharing most
trigrams with the query, and only those are scored with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["TrigramIndex"]


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """Inverted trigram index over a fixed list of keys.

    Parameters
    ----------
    keys : sequence of str
        Folded names; the index returns positions in this sequence.
    max_df : float, optional
        Trigrams found in more than this share of keys are not used to
        propose candidates (they say little and cost much).
    """

    def __init__(self, keys: Sequence[str], *, max_df: float = 0.02) -> None:
        self.keys = list(keys)
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for i, key in enumerate(self.keys):
            for gram in _trigrams(key):
                rows.append(vocab.setdefault(gram, len(vocab)))
                cols.append(i)
        gram_ids = np.asarray(rows, dtype=np.int32)
        key_ids = np.asarray(cols, dtype=np.int32)
        order = np.argsort(gram_ids, kind="stable")
        self._postings = key_ids[order]
        counts = np.bincount(gram_ids, minlength=len(vocab))
        self._ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._vocab = vocab
        self._max_postings = max(50, int(max_df * len(self.keys)))

    def candidates(self, key: str, limit: int = 30) -> list[int]:
        """Return positions of the keys sharing most trigrams with ``key``.

        Parameters
        ----------
        key : str
            A folded query.
        limit : int, optional
            How many candidates at most.

        Returns
        -------
        list of int
            Positions in :attr:`keys`, most shared trigrams first.
        """
        lists = []
        for gram in _trigrams(key):
            gid = self._vocab.get(gram)
            if gid is None:
                continue
            lo, hi = self._ptr[gid], self._ptr[gid + 1]
            if hi - lo <= self._max_postings:
                lists.append(self._postings[lo:hi])
        if not lists:
            return []
        ids, counts = np.unique(np.concatenate(lists), return_counts=True)
        if len(ids) > limit:
            top = np.argpartition(-counts, limit - 1)[:limit]
            ids, counts = ids[top], counts[top]
        order = np.argsort(-counts, kind="stable")
        return ids[order].tolist()
