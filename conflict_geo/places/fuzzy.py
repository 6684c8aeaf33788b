"""Trigram candidate index for fuzzy name lookups.

Fuzzy matching is the last resort of a lookup, so it must be cheap: rather
than scoring a query against every name, an inverted index of character
trigrams (numpy arrays, CSR layout) proposes the few keys sharing most
trigrams with the query, and only those are scored with rapidfuzz.

The index is built with numpy rather than a Python loop: every key is padded
(``"  key "``), its characters are mapped to a dense alphabet, each trigram is
packed into one integer, and one sort of ``(trigram, key)`` pairs yields the
posting lists, each already in ascending key order. Trigrams found in too many
keys to be useful (see ``max_df``) are dropped at build time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["TrigramIndex", "trigrams"]


def trigrams(key: str) -> set[str]:
    """Return the distinct character trigrams of a key, padded as the index pads.

    Parameters
    ----------
    key : str
        A folded name.

    Returns
    -------
    set of str
        Trigrams of ``"  " + key + " "``.

    Examples
    --------
    >>> sorted(trigrams("hass"))
    ['  h', ' ha', 'ass', 'has', 'ss ']
    """
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _sorted_pairs(
    gram: np.ndarray, key_of: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sort (trigram, key) pairs by trigram then key and drop repeated pairs.

    Parameters
    ----------
    gram, key_of : ndarray of int
        Trigram code and key position of every trigram occurrence.
    n : int
        Number of keys (every ``key_of`` is below it).

    Returns
    -------
    gram, key_of : ndarray of int
        The distinct pairs, sorted.
    """
    import numpy as np

    shift = max(1, (n - 1).bit_length())  # every key_of fits in ``shift`` bits
    if len(gram) and int(gram.max()) >= 2 ** (62 - shift):
        # Too large to pack into one integer (an alphabet of ~30,000 letters).
        order = np.lexsort((key_of, gram))
        gram, key_of = gram[order], key_of[order]
        fresh = np.ones(len(gram), dtype=bool)
        fresh[1:] = (gram[1:] != gram[:-1]) | (key_of[1:] != key_of[:-1])
        return gram[fresh], key_of[fresh]
    # Pack each pair as gram << shift | key_of: sorting the integers sorts the
    # pairs, and shifts unpack them (a division would cost more). Equal
    # integers are indistinguishable, so the default (fastest, unstable) sort
    # gives the same array as a stable one.
    pairs = gram.astype(np.int64)
    pairs <<= shift
    pairs |= key_of
    pairs.sort()
    fresh = np.ones(len(pairs), dtype=bool)
    np.not_equal(pairs[1:], pairs[:-1], out=fresh[1:])
    pairs = pairs[fresh]
    return pairs >> shift, pairs & ((1 << shift) - 1)


def _postings(
    keys: Sequence[str], max_postings: int
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Build the posting lists of ``keys`` with numpy.

    Parameters
    ----------
    keys : sequence of str
        The indexed keys.
    max_postings : int
        Trigrams found in more keys than this are left out.

    Returns
    -------
    grams : list of str
        The kept trigrams.
    ptr : ndarray of int64
        ``postings[ptr[i]:ptr[i + 1]]`` are the keys containing ``grams[i]``.
    postings : ndarray of int32
        Key positions, ascending within each trigram.
    """
    import numpy as np

    n = len(keys)
    if n == 0:
        return [], np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32)
    # Every key is padded to "  key " and has len(key) + 1 trigrams. The text
    # of all padded keys is mapped to a dense alphabet; a trigram is packed as
    # (a * size + b) * size + c. The last two windows of each padded key span
    # into the next key and are dropped.
    text = "  " + "   ".join(keys) + " "
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    del text
    alphabet = np.flatnonzero(np.bincount(codes)).astype(np.uint32)
    size = len(alphabet)
    small = np.uint8 if size <= 2**8 else np.uint16 if size <= 2**16 else np.uint32
    rank = np.zeros(int(alphabet[-1]) + 1, dtype=small)
    rank[alphabet] = np.arange(size)
    dense = rank.take(codes)
    del rank, codes
    wide = np.int32 if size**3 < 2**31 else np.int64
    window = dense[:-2].astype(wide)
    window *= size
    window += dense[1:-1]
    window *= size
    window += dense[2:]
    del dense
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 3)  # one past each padded key
    inside = np.ones(len(window) + 2, dtype=bool)
    inside[ends - 1] = inside[ends - 2] = False
    gram = window[inside[:-2]]
    del window, inside
    key_of = np.repeat(np.arange(n, dtype=np.int32), lengths + 1)
    gram, key_ids = _sorted_pairs(gram, key_of, n)
    del key_of
    edge = np.ones(len(gram) + 1, dtype=bool)
    np.not_equal(gram[1:], gram[:-1], out=edge[1:-1])
    bounds = np.flatnonzero(edge)
    df = np.diff(bounds)
    kept = df <= max_postings
    postings = key_ids[np.repeat(kept, df)].astype(np.int32)
    ptr = np.zeros(int(kept.sum()) + 1, dtype=np.int64)
    np.cumsum(df[kept], out=ptr[1:])
    # Decode the kept trigram codes back to strings, in one utf-32 decode.
    code = gram[bounds[:-1][kept]].astype(np.int64)
    letters = np.empty((len(code), 3), dtype="<u4")
    letters[:, 0] = alphabet[code // (size * size)]
    letters[:, 1] = alphabet[code // size % size]
    letters[:, 2] = alphabet[code % size]
    joined = letters.tobytes().decode("utf-32-le", "surrogatepass")
    grams = [joined[i : i + 3] for i in range(0, len(joined), 3)]
    return grams, ptr, postings


class TrigramIndex:
    """Inverted trigram index over a fixed list of keys.

    Parameters
    ----------
    keys : sequence of str
        Folded names; the index returns positions in this sequence.
    max_df : float, optional
        Trigrams found in more than this share of keys (and in more than 50)
        are not used to propose candidates (they say little and cost much);
        they are not stored either.
    """

    def __init__(self, keys: Sequence[str], *, max_df: float = 0.02) -> None:
        # Tuples, not lists: the garbage collector stops tracking them.
        self.keys = tuple(keys)
        self._max_postings = max(50, int(max_df * len(self.keys)))
        grams, ptr, self._postings = _postings(self.keys, self._max_postings)
        self._ptr: tuple[int, ...] = tuple(ptr.tolist())
        self._vocab = {gram: i for i, gram in enumerate(grams)}

    def postings(self, gram: str) -> np.ndarray:
        """Return the positions of the keys containing ``gram``, ascending.

        Parameters
        ----------
        gram : str
            A trigram (see :func:`trigrams`).

        Returns
        -------
        ndarray of int32
            Empty for unknown trigrams and for those too common to be kept.
        """
        gid = self._vocab.get(gram)
        if gid is None:
            return self._postings[:0]
        return self._postings[self._ptr[gid] : self._ptr[gid + 1]]

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
            Positions in :attr:`keys`, most shared trigrams first, then by
            position: the same on every machine.
        """
        import numpy as np  # loaded by the build already

        vocab, ptr, postings = self._vocab, self._ptr, self._postings
        lists = []
        for gram in trigrams(key):
            gid = vocab.get(gram)
            if gid is not None:
                lists.append(postings[ptr[gid] : ptr[gid + 1]])
        if not lists:
            return []
        # The ids and counts of np.unique(hits, return_counts=True), faster:
        # after one sort (any sort gives the same array of integers, and the
        # default one is the fastest), each id is a run; ``bounds`` holds where
        # each run starts, then the end. Ids are read only for the kept runs.
        hits = np.concatenate(lists)
        hits.sort()
        edge = np.empty(len(hits) + 1, dtype=bool)
        edge[0] = edge[-1] = True
        np.not_equal(hits[1:], hits[:-1], out=edge[1:-1])
        bounds = edge.nonzero()[0]
        starts = bounds[:-1]
        minus = starts - bounds[1:]  # minus the count of each id, ids ascending
        # Array methods rather than np.argpartition & co, which wrap them.
        # Equal counts are ordered by id: which ids a partition keeps among
        # equals, and in what order, depends on the CPU's instruction set.
        if len(minus) > limit:
            kth = minus[minus.argpartition(limit - 1)[limit - 1]]
            keep = (minus <= kth).nonzero()[0]  # ascending, as the ids
            if len(keep) > limit:  # the lowest ids of those at the threshold
                tied = (minus[keep] == kth).nonzero()[0]
                keep = np.delete(keep, tied[limit - len(keep) :])
            starts, minus = starts[keep], minus[keep]
        order = minus.argsort(kind="stable")
        return hits[starts[order]].tolist()
