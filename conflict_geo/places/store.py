"""Read and write the compact gazetteer file shipped with the package.

The file is gzip-compressed text. Its first line names the format, the
:data:`~conflict_geo.text.normalize.NORMALIZER_VERSION` its keys were built
with and the section sizes; then a TSV header, one row per place (alternate
names and their folds ``|``-separated), and the two inverted indexes, one
``key<TAB>row,row,...`` line per fold and per skeleton. Loading is thus two
``dict`` builds (the skeleton one can wait for its first use); rows are parsed
only when a lookup returns them. Writing is deterministic (sorted rows, gzip
mtime 0): re-running the build gives a byte-identical file.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, NamedTuple

from conflict_geo.exc import DataError
from conflict_geo.places.place import Place, make_place
from conflict_geo.text.normalize import NORMALIZER_VERSION, fold, skeleton

__all__ = [
    "FORMAT_VERSION",
    "IndexedPlace",
    "KeyedFields",
    "PlaceStore",
    "name_keys",
    "parse_index",
    "parse_fields",
    "parse_place",
    "parse_row",
    "read_store",
    "row_folds",
    "row_name_key",
    "write_places",
]

FORMAT_VERSION = 2
COLUMNS = "name lat lon country admin1 kind population source names folds".split()

#: The values of a Place's fields (see
#: :data:`~conflict_geo.places.place.PlaceFields`), then the fold of its
#: preferred name: what :func:`parse_fields` returns.
KeyedFields = tuple[str, float, float, str, str, str, int, str, tuple[str, ...], str]

#: A place with the lookup keys of all its names.
IndexedPlace = tuple[Place, tuple[str, ...], tuple[str, ...]]


class PlaceStore(NamedTuple):
    """Unparsed content of a shipped places file.

    Read with ``defer_skeletons`` (see :func:`read_store`), ``skels`` is empty
    and ``skel_cells`` holds the ``skel_count`` lines of the skeleton index
    still unsplit, for :func:`parse_index`.
    """

    rows: list[str]
    folds: dict[str, str]
    skels: dict[str, str]
    skel_cells: str = ""
    skel_count: int = 0


def parse_index(cells: str, count: int) -> dict[str, str]:
    """Parse ``count`` index lines whose newlines were made tabs.

    Parameters
    ----------
    cells : str
        ``key<TAB>rows<TAB>key<TAB>rows…``, as :attr:`PlaceStore.skel_cells`.
    count : int
        How many keys to read.

    Returns
    -------
    dict
        Key -> comma-separated row numbers.
    """
    parts = cells.split("\t", 2 * count)
    return dict(zip(parts[0 : 2 * count : 2], parts[1 : 2 * count : 2], strict=True))


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


def write_places(places: Iterable[Place], path: str | Path) -> int:
    """Write places to ``path`` in the shipped format; return the row count.

    Parameters
    ----------
    places : iterable of Place
        Rows to write; they are sorted by country, kind, name and coordinates.
    path : str or Path
        Destination ``.tsv.gz`` file.

    Returns
    -------
    int
        Number of rows written.
    """
    rows = sorted(places, key=lambda p: (p.country, p.kind, p.name, p.lat, p.lon))
    lines = []
    exact: dict[str, list[int]] = {}
    skel: dict[str, list[int]] = {}
    for idx, p in enumerate(rows):
        names = [_clean(n) for n in p.names if _clean(n)]
        folds, skels = name_keys([p.name, *names])
        for key in folds:
            exact.setdefault(key, []).append(idx)
        for key in skels:
            skel.setdefault(key, []).append(idx)
        fields = [
            _clean(p.name),
            f"{p.lat:.5f}",
            f"{p.lon:.5f}",
            p.country,
            _clean(p.admin1),
            p.kind,
            str(int(p.population)),
            _clean(p.source),
            "|".join(names),
            "|".join(folds),
        ]
        lines.append("\t".join(fields))
    buf = io.StringIO()
    buf.write(f"# conflict_geo places format={FORMAT_VERSION} ")
    buf.write(f"normalizer={NORMALIZER_VERSION} rows={len(lines)} ")
    buf.write(f"folds={len(exact)} skels={len(skel)}\n")
    buf.write("\t".join(COLUMNS) + "\n")
    buf.writelines(line + "\n" for line in lines)
    for index in (exact, skel):
        for key in sorted(index):
            buf.write(f"{key}\t{','.join(map(str, index[key]))}\n")
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9
        ) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))
    return len(lines)


def parse_row(line: str) -> tuple[Place, tuple[str, ...]]:
    """Parse one place row of the shipped file into a Place and its folds.

    Parameters
    ----------
    line : str
        A row as :func:`write_places` writes it (see :data:`COLUMNS`).

    Returns
    -------
    (Place, folds) : tuple
        The place (empty alternate names dropped) and the distinct folds of
        all its names, the preferred name's first.
    """
    return parse_place(line), row_folds(line)


def parse_place(line: str) -> Place:
    """Parse the Place of one row of the shipped file (see :func:`parse_row`).

    Rows are parsed while a user waits for a lookup: the Place is made with
    :func:`~conflict_geo.places.place.make_place`, and the folds of its names
    are split only when asked for (:func:`row_folds`); an exact hit reads the
    first one alone (:func:`row_name_key`, or :func:`parse_fields` for both).
    """
    return make_place(*parse_fields(line)[:-1])


def parse_fields(line: str) -> KeyedFields:
    """Parse the fields of a row's Place and the fold of its name, in one split.

    Parameters
    ----------
    line : str
        A row as :func:`write_places` writes it (see :data:`COLUMNS`).

    Returns
    -------
    tuple
        The values of :func:`parse_place`'s Place in field order (see
        :func:`~conflict_geo.places.place.place_fields`), then
        ``row_name_key(line)``. A plain tuple of strings and numbers is cheap
        to keep: the garbage collector stops tracking it.
    """
    name, lat, lon, country, admin1, kind, population, source, names, folds = (
        line.split("\t")
    )
    alternates = tuple(names.split("|")) if names else ()
    if "" in alternates:
        alternates = tuple(n for n in alternates if n)
    bar = folds.find("|")
    return (
        name,
        float(lat),
        float(lon),
        country,
        admin1,
        kind,
        int(population),
        source,
        alternates,
        folds if bar < 0 else folds[:bar],
    )


def row_folds(line: str) -> tuple[str, ...]:
    """Return the folds of a row's names, the preferred name's first."""
    return tuple(line[line.rindex("\t") + 1 :].split("|"))


def row_name_key(line: str) -> str:
    """Return the fold of a row's preferred name: ``row_folds(line)[0]``."""
    return line[line.rindex("\t") + 1 :].partition("|")[0]


def read_store(
    stream: IO[bytes], *, label: str = "places", defer_skeletons: bool = False
) -> PlaceStore:
    """Read the shipped file without parsing its rows.

    Parameters
    ----------
    stream : binary file object
        The compressed file.
    label : str, optional
        Name used in error messages.
    defer_skeletons : bool, optional
        Leave the skeleton index unsplit (see :class:`PlaceStore`): exact
        lookups never read it, and building it is a third of the load.

    Returns
    -------
    PlaceStore
        Raw rows (parse them with :func:`parse_row`) and the fold and skeleton
        indexes, whose values are comma-separated row numbers.

    Raises
    ------
    DataError
        Not a places file, another format or normaliser version, or cut short.
    """
    text = gzip.decompress(stream.read()).decode("utf-8")
    # The two header lines are short: split them off a prefix, not the text.
    head, columns = (text[:4096].split("\n", 2) + ["", ""])[:2]
    meta = dict(item.split("=", 1) for item in head.split() if "=" in item)
    if not head.startswith("# conflict_geo places"):
        raise DataError(f"{label}: not a conflict_geo places file")
    if meta.get("format") != str(FORMAT_VERSION) or columns.split("\t") != COLUMNS:
        raise DataError(f"{label}: unsupported format {head!r}; rebuild it")
    if meta.get("normalizer") != str(NORMALIZER_VERSION):
        raise DataError(
            f"{label}: built with normalizer {meta.get('normalizer')}, this code "
            f"uses {NORMALIZER_VERSION}; run scripts/build_gazetteer.py"
        )
    n, nf, ns = int(meta["rows"]), int(meta["folds"]), int(meta["skels"])
    # The header lines, the rows, then the index lines; keys and values hold
    # neither tabs nor newlines, so one split of the index lines on both gives
    # key, value, key… (one string method call instead of a split per line).
    lines = text.split("\n", n + 2)
    del text
    rows = lines[2 : 2 + n]
    indexes = lines[2 + n] if len(lines) > 2 + n else ""
    del lines
    cells = indexes.replace("\n", "\t").split("\t", 2 * nf)
    del indexes
    skel_cells = cells.pop() if len(cells) > 2 * nf else ""
    if len(rows) < n or len(cells) < 2 * nf or skel_cells.count("\t") < 2 * ns:
        raise DataError(f"{label}: truncated ({len(rows):,} of {n:,} rows)")
    folds = dict(zip(cells[0::2], cells[1::2], strict=True))
    if defer_skeletons:
        return PlaceStore(rows, folds, {}, skel_cells, ns)
    return PlaceStore(rows, folds, parse_index(skel_cells, ns))
