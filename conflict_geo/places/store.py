"""Read and write the compact gazetteer file shipped with the package.

The file is gzip-compressed text. Its first line names the format, the
:data:`~conflict_geo.text.normalize.NORMALIZER_VERSION` its keys were built
with and the section sizes; then a TSV header, one row per place (alternate
names and their folds ``|``-separated), and the two inverted indexes, one
``key<TAB>row,row,...`` line per fold and per skeleton. Loading is thus two
``dict`` builds; rows are parsed only when a lookup returns them. Writing is
deterministic (sorted rows, gzip mtime 0): re-running the build gives a
byte-identical file.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, NamedTuple

from conflict_geo.exc import DataError
from conflict_geo.places.place import Place
from conflict_geo.text.normalize import NORMALIZER_VERSION, fold, skeleton

__all__ = [
    "FORMAT_VERSION",
    "IndexedPlace",
    "PlaceStore",
    "name_keys",
    "parse_row",
    "read_store",
    "write_places",
]

FORMAT_VERSION = 2
COLUMNS = "name lat lon country admin1 kind population source names folds".split()

#: A place with the lookup keys of all its names.
IndexedPlace = tuple[Place, tuple[str, ...], tuple[str, ...]]


class PlaceStore(NamedTuple):
    """Unparsed content of a shipped places file."""

    rows: list[str]
    folds: dict[str, str]
    skels: dict[str, str]


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
    f = line.split("\t")
    names = f[8].split("|") if f[8] else ()
    if "" in names:
        names = [n for n in names if n]
    place = Place(
        f[0], float(f[1]), float(f[2]), f[3], f[4], f[5], int(f[6]), f[7], tuple(names)
    )
    return place, tuple(f[9].split("|"))


def read_store(stream: IO[bytes], *, label: str = "places") -> PlaceStore:
    """Read the shipped file without parsing its rows.

    Parameters
    ----------
    stream : binary file object
        The compressed file.
    label : str, optional
        Name used in error messages.

    Returns
    -------
    PlaceStore
        Raw rows (parse them with :func:`parse_row`) and the fold and skeleton
        indexes, whose values are comma-separated row numbers.
    """
    lines = gzip.decompress(stream.read()).decode("utf-8").split("\n")
    meta = dict(item.split("=", 1) for item in lines[0].split() if "=" in item)
    if not lines[0].startswith("# conflict_geo places"):
        raise DataError(f"{label}: not a conflict_geo places file")
    if meta.get("format") != str(FORMAT_VERSION) or lines[1].split("\t") != COLUMNS:
        raise DataError(f"{label}: unsupported format {lines[0]!r}; rebuild it")
    if meta.get("normalizer") != str(NORMALIZER_VERSION):
        raise DataError(
            f"{label}: built with normalizer {meta.get('normalizer')}, this code "
            f"uses {NORMALIZER_VERSION}; run scripts/build_gazetteer.py"
        )
    n, nf, ns = int(meta["rows"]), int(meta["folds"]), int(meta["skels"])
    rows = lines[2 : 2 + n]
    folds = dict(line.split("\t", 1) for line in lines[2 + n : 2 + n + nf])
    skels = dict(line.split("\t", 1) for line in lines[2 + n + nf : 2 + n + nf + ns])
    return PlaceStore(rows, folds, skels)
