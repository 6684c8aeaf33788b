"""Expand the INPUT arguments: files, folders and globs into one sorted list.

* an existing folder contributes its dispatches and event files
  (:data:`FOLDER_SUFFIXES`), recursively, hidden files and folders skipped;
* a glob (``*``, ``?`` or ``[``; quoted so the shell leaves it alone) is
  expanded by the program, ``**`` matching any depth; every matching file is
  taken whatever its suffix, a matching folder is expanded as above;
* anything else is taken as a file name, even when it does not exist (loading
  it then reports "no such file").

Inputs are de-duplicated (the same file reached twice counts once) and sorted
by the name they are shown with, so the order never depends on the order of
the arguments, on the file system or on which worker finished first.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

__all__ = ["DISPATCH_SUFFIXES", "FOLDER_SUFFIXES", "Expansion", "expand_inputs"]

#: Files read as dispatches (text or HTML); events are extracted from them.
DISPATCH_SUFFIXES: tuple[str, ...] = (".txt", ".htm", ".html")
#: Files a folder contributes: dispatches, UCDP/ACLED CSV, event or zone GeoJSON.
#: ``.json`` files are only read when named (or globbed) explicitly, so that a
#: folder's metadata (labels, configuration) is not mistaken for input.
FOLDER_SUFFIXES: tuple[str, ...] = (*DISPATCH_SUFFIXES, ".csv", ".geojson")

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Expansion:
    """The result of :func:`expand_inputs`.

    Parameters
    ----------
    paths : list of pathlib.Path
        Input files, de-duplicated and sorted by name.
    unmatched : list of tuple
        ``(argument, reason)`` for each folder or glob that gave no file.
    """

    paths: list[Path] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _walk(folder: Path, exclude: Path | None) -> list[Path]:
    """Input files under ``folder`` (recursive, hidden entries skipped)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not _hidden(d) and not _inside(base / d, exclude)
        )
        for name in sorted(files):
            if _hidden(name) or not name.lower().endswith(FOLDER_SUFFIXES):
                continue
            found.append(base / name)
    return found


def _is_glob(text: str) -> bool:
    return any(c in _GLOB_CHARS for c in text)


def expand_inputs(
    specs: Iterable[str | PathLike[str]], *, exclude: str | PathLike[str] | None = None
) -> Expansion:
    """Expand files, folders and globs into a sorted, de-duplicated file list.

    Parameters
    ----------
    specs : iterable of str or path-like
        The INPUT arguments.
    exclude : str or path-like, optional
        A folder never to read from, typically the output folder when it lies
        inside an input folder (so maps written by an earlier run are not read
        back as dispatches).

    Returns
    -------
    Expansion
        The files, and the folders or globs that matched nothing.

    Examples
    --------
    >>> expand_inputs(["b.csv", "a.csv", "./b.csv"]).paths
    [PosixPath('a.csv'), PosixPath('b.csv')]
    """
    skip = Path(exclude).resolve() if exclude is not None else None
    out = Expansion()
    candidates: list[Path] = []
    for spec in specs:
        text = os.fspath(spec)
        path = Path(text)
        if path.is_dir():
            files = _walk(path, skip)
            if not files:
                out.unmatched.append(
                    (text, f"no input file ({', '.join(FOLDER_SUFFIXES)}) in folder")
                )
            candidates.extend(files)
        elif _is_glob(text) and not path.exists():
            matches = sorted(glob.glob(text, recursive=True))
            files = []
            for match in map(Path, matches):
                if match.is_dir():
                    files.extend(_walk(match, skip))
                elif match.is_file() and not _inside(match, skip):
                    files.append(match)
            if not files:
                out.unmatched.append((text, "no file matches"))
            candidates.extend(files)
        else:
            candidates.append(path)
    seen: dict[str, Path] = {}
    for path in sorted(candidates, key=lambda p: (p.as_posix(), str(p))):
        key = os.path.realpath(path)
        seen.setdefault(key, path)
    out.paths.extend(sorted(seen.values(), key=lambda p: (p.as_posix(), str(p))))
    return out
