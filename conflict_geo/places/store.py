"""Read and write the compact gazetteer file shipped with the package.

The file's first line is text: the format, the
:data:`~conflict_geo.text.normalize.NORMALIZER_VERSION` its keys were built
with, the section sizes and a CRC-32 of the rest. The rest is a pickle
(protocol 5) of plain data only, tuples, strings, numbers, dicts and bytes,
read back by an unpickler that refuses any reference to a class or function:
the file can hold nothing but data. The sections, the rows and spelling
variants zlib-compressed (the file stays under 10 MB; inflating the rows is
about 40 ms of the load):

rows
    One tuple per place, ready for ranking (:data:`KeyedFields`): loading
    makes them all at C speed, so a lookup never parses text. They come in
    chunks of :data:`CHUNK` (see :class:`Rows`).
folds
    The fold index, stored as is: key -> :data:`Posting`, a row number or
    comma-separated row numbers. A ``dict`` holding only numbers and strings
    is never tracked by the garbage collector.
variants
    Read by :func:`read_variants` when a lookup first needs spelling
    variants: the distinct folds of each place's names
    (``|``-joined, the preferred name's first) and the skeleton index, shaped
    as the fold index.

Writing is deterministic (sorted rows, every equal string written once):
re-running the build gives a byte-identical file.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, NoReturn, overload

from conflict_geo.exc import DataError
from conflict_geo.places.place import Place
from conflict_geo.text.normalize import NORMALIZER_VERSION, fold, skeleton

__all__ = [
    "FORMAT_VERSION",
    "IndexedPlace",
    "KeyedFields",
    "CHUNK",
    "PlaceStore",
    "Posting",
    "Rows",
    "Variants",
    "name_keys",
    "read_store",
    "read_variants",
    "write_places",
]

FORMAT_VERSION = 7

#: The values of a Place's fields (see
#: :data:`~conflict_geo.places.place.PlaceFields`), then the fold of its
#: preferred name: one shipped row. A plain tuple of strings and numbers is
#: cheap to keep: the garbage collector stops tracking it.
KeyedFields = tuple[str, float, float, str, str, str, int, str, tuple[str, ...], str]

#: The rows of an index key, as shipped: a row number (most keys name one
#: place) or comma-separated row numbers.
Posting = int | str

#: A place with the lookup keys of all its names.
IndexedPlace = tuple[Place, tuple[str, ...], tuple[str, ...]]

#: Rows per chunk of the rows section (a power of two).
CHUNK = 1024
_CHUNK_BITS = CHUNK.bit_length() - 1

#: Longest first line of a places file.
_HEAD_MAX = 4096
#: What a damaged pickle may raise (see :func:`_unpickle`).
_DAMAGED = (
    pickle.UnpicklingError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    AttributeError,
    OverflowError,
    MemoryError,
)


class Variants(NamedTuple):
    """The spelling-variant section of a places file (see :func:`read_variants`).

    ``row_folds[i]`` holds row ``i``'s distinct folds, ``|``-joined, the
    preferred name's first; ``skels`` maps a skeleton to its :data:`Posting`.
    """

    row_folds: tuple[str, ...]
    skels: dict[str, Posting]


class Rows(Sequence[KeyedFields]):
    """The rows of a places file, kept in the chunks the file holds them in.

    The garbage collector looks at every new tuple at its next young
    collection, and stops tracking one that holds only strings, numbers and
    such tuples. A chunk is made right after its rows, while loading goes on,
    so it is looked at with its rows still in the processor's cache. One tuple
    of all rows would be made last and looked at by the first collection after
    loading, with 41,617 rows long out of the cache: milliseconds, in the
    first lookups or not depending on how many objects were made since.

    Parameters
    ----------
    chunks : tuple of tuple of KeyedFields
        Rows in chunks of :data:`CHUNK`, the last one possibly shorter.
    """

    __slots__ = ("_chunks", "_len")

    def __init__(self, chunks: tuple[tuple[KeyedFields, ...], ...]) -> None:
        self._chunks = chunks
        self._len = sum(map(len, chunks))

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, idx: int) -> KeyedFields: ...

    @overload
    def __getitem__(self, idx: slice) -> list[KeyedFields]: ...

    def __getitem__(self, idx: int | slice) -> KeyedFields | list[KeyedFields]:
        if isinstance(idx, slice):
            return [self[i] for i in range(*idx.indices(self._len))]
        if idx < 0:
            idx += self._len
        if not 0 <= idx < self._len:
            raise IndexError("row index out of range")
        return self._chunks[idx >> _CHUNK_BITS][idx & (CHUNK - 1)]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self._chunks == other._chunks
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Rows: {self._len:,} in {len(self._chunks)} chunks>"


class PlaceStore(NamedTuple):
    """Content of a shipped places file (see the module docstring).

    Read with ``defer_variants`` (see :func:`read_store`), ``variants`` is
    None and ``variants_blob`` holds them still compressed.
    """

    rows: Rows
    folds: dict[str, Posting]
    variants: Variants | None
    variants_blob: bytes = b""


class _DataOnly(pickle.Unpickler):
    """An unpickler for plain data: any class or function reference is refused."""

    label = "places"

    def find_class(self, module: str, name: str) -> NoReturn:
        raise DataError(f"{self.label}: refers to {module}.{name}; not a places file")


def _unpickle(data: bytes | memoryview, label: str) -> Any:
    """Unpickle plain data, raising :class:`DataError` naming ``label``."""
    unpickler = _DataOnly(io.BytesIO(data))
    unpickler.label = label
    try:
        return unpickler.load()
    except DataError:
        raise
    except _DAMAGED as exc:
        raise DataError(f"{label}: damaged or truncated ({exc})") from exc


def _damaged(label: str, what: str) -> NoReturn:
    raise DataError(f"{label}: damaged or truncated ({what}); rebuild it")


def _pack(section: object) -> bytes:
    """Return ``section`` pickled and compressed (see :func:`_unpack`)."""
    return zlib.compress(pickle.dumps(section, protocol=5), 9)


def _unpack(blob: bytes, label: str, what: str) -> Any:
    """Inflate and unpickle a section packed by :func:`_pack`."""
    try:
        data = zlib.decompress(blob)
    except (zlib.error, TypeError) as exc:
        raise DataError(f"{label}: damaged {what} ({exc})") from exc
    return _unpickle(data, label)


def read_variants(
    blob: bytes, *, rows: int | None = None, label: str = "places"
) -> Variants:
    """Read the compressed spelling-variant section of a places file.

    Parameters
    ----------
    blob : bytes
        :attr:`PlaceStore.variants_blob`.
    rows : int, optional
        How many rows the file has, to check the section against.
    label : str, optional
        Name used in error messages.

    Returns
    -------
    Variants

    Raises
    ------
    DataError
        ``blob`` is not such a section.
    """
    section = _unpack(blob, label, "spelling variants")
    if (
        type(section) is not tuple
        or len(section) != 2
        or type(section[0]) is not tuple
        or type(section[1]) is not dict
        or (rows is not None and len(section[0]) != rows)
    ):
        _damaged(label, "spelling variants")
    return Variants(*section)


def name_keys(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the distinct folds and skeletons of ``names``, in first-seen order.

    Parameters
    ----------
    names : iterable of str
        A place's preferred and alternate names.

    Returns
    -------
    (folds, skeletons) : tuple of tuple of str
    """
    folds = dict.fromkeys(f for f in map(fold, names) if f)
    skels = dict.fromkeys(s for s in map(skeleton, folds) if s)
    return tuple(folds), tuple(skels)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("|", "/").strip()


def _postings(index: dict[str, list[int]]) -> dict[str, Posting]:
    """Return ``index`` sorted by key, row lists made :data:`Posting` values."""
    return {
        key: rows[0] if len(rows) == 1 else ",".join(map(str, rows))
        for key, rows in sorted(index.items())
    }


def write_places(places: Iterable[Place], path: str | Path) -> int:
    """Write places to ``path`` in the shipped format; return the row count.

    Parameters
    ----------
    places : iterable of Place
        Rows to write; they are sorted by country, kind, name and coordinates.
    path : str or Path
        Destination file.

    Returns
    -------
    int
        Number of rows written.
    """
    shared: dict[str, str] = {}

    def one(text: str) -> str:
        # Equal strings become one object, which the pickle writes once: a
        # smaller file, fewer objects after loading, and bytes that do not
        # depend on which strings the interpreter happened to share.
        return shared.setdefault(text, text)

    ordered = sorted(places, key=lambda p: (p.country, p.kind, p.name, p.lat, p.lon))
    rows: list[KeyedFields] = []
    row_folds: list[str] = []
    exact: dict[str, list[int]] = {}
    skel: dict[str, list[int]] = {}
    for idx, p in enumerate(ordered):
        names = tuple(one(n) for n in map(_clean, p.names) if n)
        name = one(_clean(p.name))
        folds, skels = name_keys([name, *names])
        for key in folds:
            exact.setdefault(one(key), []).append(idx)
        for key in skels:
            skel.setdefault(one(key), []).append(idx)
        rows.append(
            (
                name,
                float(f"{p.lat:.5f}"),
                float(f"{p.lon:.5f}"),
                one(p.country),
                one(_clean(p.admin1)),
                one(p.kind),
                int(p.population),
                one(_clean(p.source)),
                names,
                one(folds[0]) if folds else "",
            )
        )
        row_folds.append("|".join(folds))
    variants = _pack((tuple(row_folds), _postings(skel)))
    chunks = tuple(tuple(rows[i : i + CHUNK]) for i in range(0, len(rows), CHUNK))
    payload = pickle.dumps((_pack(chunks), _postings(exact), variants), 5)
    head = (
        f"# conflict_geo places format={FORMAT_VERSION} "
        f"normalizer={NORMALIZER_VERSION} rows={len(rows)} folds={len(exact)} "
        f"skels={len(skel)} crc={zlib.crc32(payload)}\n"
    )
    with open(path, "wb") as out:
        out.write(head.encode("ascii"))
        out.write(payload)
    return len(rows)


def read_store(
    stream: IO[bytes], *, label: str = "places", defer_variants: bool = False
) -> PlaceStore:
    """Read a places file.

    Parameters
    ----------
    stream : binary file object
        The file.
    label : str, optional
        Name used in error messages.
    defer_variants : bool, optional
        Leave the spelling-variant section compressed (see
        :class:`PlaceStore`): exact lookups never read it.

    Returns
    -------
    PlaceStore

    Raises
    ------
    DataError
        Not a places file, another format or normaliser version, damaged or
        cut short.
    """
    data = stream.read()
    end = data.find(b"\n", 0, _HEAD_MAX)
    head = data[: max(end, 0)].decode("utf-8", "replace")
    if end < 0 or not head.startswith("# conflict_geo places"):
        raise DataError(f"{label}: not a conflict_geo places file")
    meta = dict(item.split("=", 1) for item in head.split() if "=" in item)
    if meta.get("format") != str(FORMAT_VERSION):
        raise DataError(f"{label}: unsupported format {head!r}; rebuild it")
    if meta.get("normalizer") != str(NORMALIZER_VERSION):
        raise DataError(
            f"{label}: built with normalizer {meta.get('normalizer')}, this code "
            f"uses {NORMALIZER_VERSION}; run scripts/build_gazetteer.py"
        )
    payload = memoryview(data)[end + 1 :]
    if str(zlib.crc32(payload)) != meta.get("crc"):
        _damaged(label, "checksum")
    sections = _unpickle(payload, label)
    del payload, data
    if type(sections) is not tuple or len(sections) != 3:
        _damaged(label, "not the three sections")
    rows_blob, folds, blob = sections
    chunks = _unpack(rows_blob, label, "rows")
    if (
        type(chunks) is not tuple
        or not all(type(chunk) is tuple for chunk in chunks)
        or any(len(chunk) != CHUNK for chunk in chunks[:-1])
        or sum(map(len, chunks)) != int(meta["rows"])
    ):
        _damaged(label, "rows")
    rows = Rows(chunks)
    if type(folds) is not dict or len(folds) != int(meta["folds"]):
        _damaged(label, "fold index")
    if type(blob) is not bytes:
        _damaged(label, "spelling variants")
    if defer_variants:
        return PlaceStore(rows, folds, None, blob)
    variants = read_variants(blob, rows=len(rows), label=label)
    if len(variants.skels) != int(meta["skels"]):
        _damaged(label, "skeleton index")
    return PlaceStore(rows, folds, variants)
