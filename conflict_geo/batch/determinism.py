"""Byte-identical maps: folium element ids drawn from a seed instead of at random.

folium (through branca) gives every element a random 32-hex-digit id, and the
ids end up in the HTML (``map_<id>``, ``canvas_layer_<id>`` ...), so the same
input renders to different bytes on each run. Inside :func:`stable_ids` the
ids are ``blake2b(seed, n)`` for n = 0, 1, 2, ... in creation order instead,
so the same input and seed always give the same page, whichever process,
thread or machine renders it.

The switch is per thread (two threads may render two maps at once, e.g. a
Dask worker with several threads) and nests; outside :func:`stable_ids` ids
stay random, as folium makes them. Ids are 128-bit hashes: they remain unique
within a page, and distinct seeds give distinct ids.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["stable_ids"]

_local = threading.local()
_lock = threading.Lock()
_users = 0
_original: Any = None


def _element_class() -> Any:
    from branca.element import Element

    return Element


def _generator(seed: str) -> Callable[[], str]:
    counter = itertools.count()
    prefix = seed.encode("utf-8") + b"\x00"

    def next_id() -> str:
        n = next(counter)
        return hashlib.blake2b(
            prefix + str(n).encode("ascii"), digest_size=16
        ).hexdigest()

    return next_id


def _generate_id(cls: type) -> str:
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]()
    return _original.__func__(cls)


def _install() -> None:
    global _users, _original
    with _lock:
        if _users == 0:
            element = _element_class()
            _original = element.__dict__["_generate_id"]
            element._generate_id = classmethod(_generate_id)
        _users += 1


def _uninstall() -> None:
    global _users
    with _lock:
        _users -= 1
        if _users == 0:
            _element_class()._generate_id = _original


@contextlib.contextmanager
def stable_ids(seed: str) -> Iterator[None]:
    """Make folium element ids created in this thread depend only on ``seed``.

    Parameters
    ----------
    seed : str
        Usually the map's group name; the n-th element created gets
        ``blake2b(seed, n)``.

    Yields
    ------
    None

    Examples
    --------
    >>> import folium
    >>> with stable_ids("demo"):
    ...     a = folium.Map().get_name()
    >>> with stable_ids("demo"):
    ...     b = folium.Map().get_name()
    >>> a == b, a.startswith("map_")
    (True, True)
    """
    _install()
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append(_generator(seed))
    try:
        yield
    finally:
        stack.pop()
        _uninstall()
