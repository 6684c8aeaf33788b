"""Read and write the gazetteer shipped with the package: sorted text, per country.

The gazetteer is a folder (``conflict_geo/data/places/``) of tab-separated
text files git can diff and delta: one file per country (``SY.tsv``, ``IQ.tsv``
...; ``_.tsv`` for places without one), one line per place, sorted, and an
index, ``_index.txt``. A rebuild that changes a few places changes a few lines
of a few files: a clone no longer carries a new multi-megabyte blob per
rebuild (the binary pickle this replaces, format 7, did).

``_index.txt``'s first line is the format, the
:data:`~conflict_geo.text.normalize.NORMALIZER_VERSION` the keys were built
with and the row and key counts; then one line per file: its name, its row
count and a CRC-32 of its bytes. A row has eleven tab-separated columns:

``name lat lon country admin1 kind population source names folds skeletons``

where ``names`` are the alternate names, ``folds`` the distinct folds of all
names (the preferred name's first) and ``skeletons`` their transliteration
skeletons, each ``|``-joined: loading makes the lookup keys without folding
anything.

rows
    One text line per place (see :class:`Rows`), parsed into a tuple ready for
    ranking (:data:`KeyedFields`) when first read, in the order of the files
    (sorted by country code) and of their lines (sorted by kind, name and
    coordinates).
folds
    The fold index: key -> :data:`Posting`, a row number or comma-separated
    row numbers. A ``dict`` holding only numbers and strings is never tracked
    by the garbage collector.
variants
    Read by :func:`read_variants` when a lookup first needs spelling
    variants: the folds of each row (``|``-joined) and the skeleton index.

Writing is deterministic: re-running the build gives byte-identical files.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib.resources.abc import Traversable
from itertools import compress
from pathlib import Path
from typing import NamedTuple, NoReturn, overload

from conflict_geo.exc import DataError
from conflict_geo.places.place import Place
from conflict_geo.text.normalize import NORMALIZER_VERSION, fold, skeleton

__all__ = [
    "FORMAT_VERSION",
    "IndexedPlace",
    "KeyedFields",
    "PlaceStore",
    "Posting",
    "Rows",
    "Variants",
    "INDEX",
    "name_keys",
    "parse_row",
    "read_store",
    "read_variants",
    "write_places",
]

FORMAT_VERSION = 8

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

#: The index file of a places folder.
INDEX = "_index.txt"
#: Columns of a row line.
_COLUMNS = 11
#: File of the places that have no country code.
_NO_COUNTRY = "_"


class Variants(NamedTuple):
    """The spelling-variant section of a places file (see :func:`read_variants`).

    ``row_folds[i]`` holds row ``i``'s distinct folds, ``|``-joined, the
    preferred name's first; ``skels`` maps a skeleton to its :data:`Posting`.
    """

    row_folds: tuple[str, ...]
    skels: dict[str, Posting]


class Rows(Sequence[KeyedFields]):
    """The rows of a places folder, kept as their text lines.

    A row is parsed into its :data:`KeyedFields` when read (the gazetteer
    keeps what it read, see ``Gazetteer._record``): loading makes no tuple per
    place, and a tuple of strings is not tracked by the garbage collector.

    Parameters
    ----------
    lines : tuple of str
        One line per row, without its newline.
    label : str, optional
        Name used in error messages.
    """

    __slots__ = ("_label", "_lines")

    def __init__(self, lines: tuple[str, ...], label: str = "places") -> None:
        self._lines = lines
        self._label = label

    @property
    def lines(self) -> tuple[str, ...]:
        """The rows' text lines."""
        return self._lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, idx: int) -> KeyedFields: ...

    @overload
    def __getitem__(self, idx: slice) -> list[KeyedFields]: ...

    def __getitem__(self, idx: int | slice) -> KeyedFields | list[KeyedFields]:
        if isinstance(idx, slice):
            return [self[i] for i in range(*idx.indices(len(self)))]
        line = self._lines[idx]
        try:
            return parse_row(line)
        except ValueError:
            _damaged(self._label, f"row {idx}: {line[:80]!r}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self._lines == other._lines
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Rows: {len(self):,}>"


def parse_row(line: str) -> KeyedFields:
    r"""Return the :data:`KeyedFields` of one row line.

    Examples
    --------
    >>> parse_row("Hass\t35.6161\t36.5907\tSY\tIdlib\tvillage\t0\tt\tHas\thass\ths")
    ('Hass', 35.6161, 36.5907, 'SY', 'Idlib', 'village', 0, 't', ('Has',), 'hass')
    """
    name, lat, lon, country, admin1, kind, pop, source, names, folds, _ = line.split(
        "\t"
    )
    return (
        name,
        float(lat),
        float(lon),
        country,
        admin1,
        kind,
        int(pop),
        source,
        tuple(names.split("|")) if names else (),
        folds.partition("|")[0],
    )


class PlaceStore(NamedTuple):
    """Content of a shipped places file (see the module docstring).

    Read with ``defer_variants`` (see :func:`read_store`), ``variants`` is
    None and ``variants_blob`` holds them still unparsed.
    """

    rows: Rows
    folds: dict[str, Posting]
    variants: Variants | None
    variants_blob: bytes = b""


def _damaged(label: str, what: str) -> NoReturn:
    raise DataError(f"{label}: damaged or truncated ({what}); rebuild it")


def read_variants(
    blob: Rows, *, rows: int | None = None, label: str = "places"
) -> Variants:
    """Read the spelling-variant columns of shipped rows.

    Parameters
    ----------
    blob : Rows
        :attr:`PlaceStore.variants_blob`: the rows, whose last two columns are
        each row's folds and skeletons.
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
        ``blob`` does not hold such rows.
    """
    if not isinstance(blob, Rows) or (rows is not None and len(blob) != rows):
        _damaged(label, "spelling variants")
    try:  # the last two columns: folds and skeletons
        pairs = [line.rsplit("\t", 2) for line in blob.lines]
        row_folds = tuple(pair[1] for pair in pairs)
        skels = [pair[2] for pair in pairs]
    except IndexError:
        _damaged(label, "spelling variants")
    return Variants(row_folds, _fold_index(skels))


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


def _shard(country: str) -> str:
    return f"{country or _NO_COUNTRY}.tsv"


def _line(p: Place) -> tuple[str, str]:
    """Return the file and the text line of one place."""
    names = tuple(n for n in map(_clean, p.names) if n)
    name = _clean(p.name)
    folds, skels = name_keys([name, *names])
    cells = (
        name,
        f"{p.lat:.5f}",
        f"{p.lon:.5f}",
        p.country,
        _clean(p.admin1),
        p.kind,
        str(int(p.population)),
        _clean(p.source),
        "|".join(names),
        "|".join(folds),
        "|".join(skels),
    )
    return _shard(p.country), "\t".join(cells) + "\n"


def write_places(places: Iterable[Place], folder: str | Path) -> int:
    """Write places to ``folder`` in the shipped format; return the row count.

    Files of an earlier build that no longer hold places are removed.

    Parameters
    ----------
    places : iterable of Place
        Rows to write; they are sorted by country, kind, name and coordinates.
    folder : str or Path
        Destination folder (created if needed).

    Returns
    -------
    int
        Number of rows written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(places, key=lambda p: (p.country, p.kind, p.name, p.lat, p.lon))
    shards: dict[str, list[str]] = {}
    folds_seen: set[str] = set()
    skels_seen: set[str] = set()
    for p in ordered:
        shard, line = _line(p)
        shards.setdefault(shard, []).append(line)
        cells = line.rstrip("\n").split("\t")
        folds_seen.update(k for k in cells[9].split("|") if k)
        skels_seen.update(k for k in cells[10].split("|") if k)
    entries = []
    for shard, lines in shards.items():  # in country order
        data = "".join(lines).encode("utf-8")
        (folder / shard).write_bytes(data)
        entries.append(f"{shard}\t{len(lines)}\t{zlib.crc32(data)}\n")
    for old in folder.glob("*.tsv"):
        if old.name not in shards:
            old.unlink()
    head = (
        f"# conflict_geo places format={FORMAT_VERSION} "
        f"normalizer={NORMALIZER_VERSION} rows={len(ordered)} "
        f"folds={len(folds_seen)} skels={len(skels_seen)}\n"
    )
    (folder / INDEX).write_text(head + "".join(entries), encoding="utf-8")
    return len(ordered)


def read_store(
    folder: Traversable | Path, *, label: str = "places", defer_variants: bool = False
) -> PlaceStore:
    """Read a places folder written by :func:`write_places`.

    Parameters
    ----------
    folder : Traversable or Path
        The folder (``importlib.resources.files(...) / "data" / "places"``).
    label : str, optional
        Name used in error messages.
    defer_variants : bool, optional
        Leave the spelling-variant columns unread (see :class:`PlaceStore`):
        exact lookups never read them.

    Returns
    -------
    PlaceStore

    Raises
    ------
    DataError
        Not a places folder, another format or normaliser version, a file
        damaged or cut short.
    """
    meta, entries = _read_index(folder, label)
    lines: list[str] = []
    for shard, count, crc in entries:
        text = _read_shard(folder, shard, crc, label).decode("utf-8")
        part = text.split("\n")
        if part[-1] != "" or len(part) - 1 != count:
            _damaged(label, f"{shard}: {len(part) - 1} rows, the index says {count}")
        lines += part[:-1]
    rows = Rows(tuple(lines), label)
    try:  # the folds column, second from the end
        folds = [line.rsplit("\t", 2)[1] for line in lines]
    except IndexError:
        _damaged(label, "a row without its folds")
    if len(lines) != int(meta["rows"]):
        _damaged(label, f"{len(lines)} rows, the index says {meta['rows']}")
    index = _fold_index(folds)
    if len(index) != int(meta["folds"]):
        _damaged(label, "fold index")
    if defer_variants:
        return PlaceStore(rows, index, None, rows)
    variants = read_variants(rows, rows=len(rows), label=label)
    if len(variants.skels) != int(meta["skels"]):
        _damaged(label, "skeleton index")
    return PlaceStore(rows, index, variants)


def _fold_index(folds: list[str]) -> dict[str, Posting]:
    """Return key -> :data:`Posting` from each row's ``|``-joined keys.

    For the folds and for the skeletons (see :func:`read_variants`).

    Most of the work runs in C (``str.split``, ``zip``, ``dict``, ``Counter``):
    241,000 keys of 41,617 rows are indexed in a few tens of milliseconds.
    """
    keys = "|".join(folds).split("|")
    ids = [row for row, f in enumerate(folds) for _ in range(f.count("|") + 1)]
    index: dict[str, Posting] = dict(zip(reversed(keys), reversed(ids), strict=True))
    shared = {key for key, n in Counter(keys).items() if n > 1}
    if shared:
        rows_of: dict[str, list[int]] = {}
        pairs = zip(keys, ids, strict=True)
        for key, row in compress(pairs, map(shared.__contains__, keys)):
            rows_of.setdefault(key, []).append(row)
        for key, rows in rows_of.items():
            index[key] = ",".join(map(str, rows))
    index.pop("", None)
    return index


def _read_index(
    folder: Traversable | Path, label: str
) -> tuple[dict[str, str], list[tuple[str, int, int]]]:
    """Return the index's header fields and its (file, rows, crc) entries."""
    try:
        text = (folder / INDEX).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{label}: not a conflict_geo places folder ({err})") from None
    head, _, rest = text.partition("\n")
    if not head.startswith("# conflict_geo places"):
        raise DataError(f"{label}: not a conflict_geo places folder")
    meta = dict(item.split("=", 1) for item in head.split() if "=" in item)
    if meta.get("format") != str(FORMAT_VERSION):
        raise DataError(f"{label}: unsupported format {head!r}; rebuild it")
    if meta.get("normalizer") != str(NORMALIZER_VERSION):
        raise DataError(
            f"{label}: built with normalizer {meta.get('normalizer')}, this code "
            f"uses {NORMALIZER_VERSION}; run scripts/build_gazetteer.py"
        )
    entries = []
    for line in rest.splitlines():
        try:
            shard, count, crc = line.split("\t")
            entries.append((shard, int(count), int(crc)))
        except ValueError:
            _damaged(label, f"{INDEX}: {line[:60]!r}")
    return meta, entries


def _read_shard(folder: Traversable | Path, shard: str, crc: int, label: str) -> bytes:
    try:
        data = (folder / shard).read_bytes()
    except OSError as err:
        raise DataError(f"{label}: {shard} missing ({err}); rebuild it") from None
    if zlib.crc32(data) != crc:
        _damaged(label, f"{shard}: checksum")
    return data
