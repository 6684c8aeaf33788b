"""The binary container a large layer payload is embedded in.

:func:`embed_payload` writes a payload in one of two forms:

* small payloads as a plain JSON literal, arrays as JSON lists (``null`` for a
  missing number) -- what :func:`decode_payload` returns for either form;
* larger ones (a binary container over :data:`GZIP_THRESHOLD` bytes) as
  ``"gz:<base64>,<base64>..."``: the container cut in pieces of
  :data:`MEMBER_BYTES`, each gzip-compressed on its own (the pieces are
  compressed in parallel; the browser decompresses each and joins them). The
  container is ``b"CGB1"``, the length of a
  JSON header (uint32, little-endian), the UTF-8 header, then data chunks
  8-byte aligned from the end of the header (padded to 8). In the header, an
  array is ``{"t": type, "o": offset}``: little-endian typed-array bytes the
  browser views in place (``new Int16Array(buffer, offset, n)``), ``type``
  being the narrowest of ``u8``, ``i8``, ``u16``, ``i16``, ``i32`` (their
  largest, resp. smallest, value marks a missing number) or ``f64`` (NaN);
  ``{"t": "k", "v": value}`` is a constant column. Delta-encoded columns keep
  their first value in ``"b"`` (the array then starts with 0). Lists of strings
  (keys, raw strings) are ``{"t": "str", "o": offset, "l": bytes, "c": count,
  "p": separator}``: UTF-8 text joined by a separator found in none of them.
  Columns sharing an array or a list share its chunk.

Either way the embedded text cannot close the ``<script>`` element that holds
it.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from conflict_geo.layers._assets import escape_json
from conflict_geo.layers.compact import MISSING, is_missing

__all__ = ["GZIP_THRESHOLD", "MEMBER_BYTES", "decode_payload", "embed_payload"]

#: Payloads whose binary container is larger than this many bytes are embedded
#: gzip-compressed; smaller ones as a plain JSON literal.
GZIP_THRESHOLD = 16 * 1024
_GZIP_LEVEL = 1
#: Containers are compressed in gzip members of this many bytes, side by side
#: (a million resampled UCDP events: 46 MB in 7 members over two layers, about
#: 0.15 s of zlib on one core, shared between the cores there are).
MEMBER_BYTES = 8 * 1024 * 1024
#: Between the base64 texts of two members (never in base64).
_MEMBER_SEPARATOR = ","
#: zlib's window bits for a gzip stream (15, plus 16 for the gzip wrapper).
_GZIP_WBITS = 16 + 15
_MAGIC = b"CGB1"
#: Typed arrays of the binary container, narrowest first: name, dtype, the
#: value marking a missing number and the range of values kept.
_INT_TYPES = (
    ("u8", np.dtype("<u1"), 255, 0, 254),
    ("i8", np.dtype("<i1"), -128, -127, 127),
    ("u16", np.dtype("<u2"), 65535, 0, 65534),
    ("i16", np.dtype("<i2"), -32768, -32767, 32767),
    ("i32", np.dtype("<i4"), -(2**31), -(2**31) + 1, 2**31 - 1),
)
_DTYPES = {t[0]: (t[1], t[2]) for t in _INT_TYPES}
#: Candidate separators of joined strings (the first one absent is used).
_SEPARATORS = ("\x1f", "\x1e", "\x1d", "\x1c", "\x00")
#: Lists of strings shorter than this stay in the JSON header.
_TEXT_MIN = 16


def _typed(col: Mapping[str, Any], data: np.ndarray) -> tuple[dict, Any]:
    """Header entry and bytes of a column's array (narrowest type, see above)."""
    extra: dict[str, Any] = {}
    body = data
    if col.get("z") and len(data) > 1:  # deltas (never missing): the first apart
        extra["b"] = int(data[0])
        body = data[1:]
    lo = int(body.min()) if len(body) else 0
    hi = int(body.max()) if len(body) else 0
    if body is not data:
        lo, hi = min(lo, 0), max(hi, 0)
    missing = None
    if col.get("e") != "s" and lo == MISSING:
        missing = data == MISSING
        valid = data[~missing]
        lo = int(valid.min()) if len(valid) else 0
        hi = int(valid.max()) if len(valid) else 0
        if not len(valid):
            return {"t": "k", "v": None, **extra}, b""
    if lo == hi and missing is None:
        return {"t": "k", "v": lo, **extra}, b""
    fits = [t for t in _INT_TYPES if t[3] <= lo and hi <= t[4]]
    if fits:
        name, dtype, marker = fits[0][:3]
        out = data.astype(dtype)  # a missing value wraps: marked below
    else:
        name, out, marker = "f64", data.astype("<f8"), np.nan
    if missing is not None:
        out[missing] = marker
    if body is not data:
        out[0] = 0
    return {"t": name, **extra}, memoryview(out).cast("B")


def _strings(values: Any) -> list[str]:
    """Strings of a raw column as a list, ``""`` for a missing value."""
    out = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return [v if type(v) is str else "" if is_missing(v) else str(v) for v in out]


def _texts(values: Any) -> tuple[dict, bytes] | None:
    """Header entry and UTF-8 bytes of strings joined by a separator, or None."""
    if len(values) < _TEXT_MIN:
        return None
    texts = values.tolist() if isinstance(values, np.ndarray) else values
    for sep in _SEPARATORS:
        try:
            joined = sep.join(texts)
        except TypeError:  # missing values or other objects
            texts = _strings(texts)
            joined = sep.join(texts)
        if joined.count(sep) == len(texts) - 1:
            raw = joined.encode("utf-8")
            return {"t": "str", "c": len(texts), "l": len(raw), "p": sep}, raw
    return None


def _container_parts(payload: Mapping[str, Any]) -> list[Any]:
    """Pack ``payload`` in the binary container: its parts, in order."""
    chunks: list[Any] = []
    refs: dict[int, Any] = {}
    size = 0

    def put(key: Any, make: Any) -> Any:
        nonlocal size
        if id(key) not in refs:
            made = make(key)
            if made is not None:
                entry, raw = made
                if len(raw):
                    entry = {**entry, "o": size}
                    chunks.append(raw)
                    chunks.append(b"\0" * (-len(raw) % 8))
                    size += len(raw) + len(chunks[-1])
                made = entry
            refs[id(key)] = made
        return refs[id(key)]

    cols: dict[str, Any] = {}
    for name, col in payload["cols"].items():
        out = dict(col)
        data = col.get("d")
        if col.get("e") == "r" and isinstance(data, np.ndarray | list):
            out["d"] = put(data, _texts) or _plain(data)
        elif isinstance(data, np.ndarray):
            entry = dict(put(data, lambda d, c=col: _typed(c, d)))
            if "b" in entry:
                out["b"] = entry.pop("b")
            out["d"] = entry
        if col.get("e") == "s" and isinstance(col.get("k"), list):
            out["k"] = put(col["k"], _texts) or col["k"]
        cols[name] = out
    header = {k: v for k, v in payload.items() if k != "cols"}
    header["cols"] = cols
    text = json.dumps(
        header, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
    head = _MAGIC + len(text).to_bytes(4, "little") + text
    return [head, b"\0" * (-len(head) % 8), *chunks]


def _container(payload: Mapping[str, Any]) -> bytes:
    """Pack ``payload`` in the binary container (see the module docstring)."""
    return b"".join(_container_parts(payload))


def _plain(value: Any) -> Any:
    """Return the JSON form of a payload: arrays as lists, ``None`` if missing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray) and value.dtype == object:  # raw strings
        return [None if v == "" else v for v in _strings(value)]
    if isinstance(value, np.ndarray):
        out = value.tolist()
        if value.dtype == np.int64 and (value == MISSING).any():
            out = [None if v == MISSING else v for v in out]
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def embed_payload(payload: dict, *, compress: bool | None = None) -> str:
    """Return the JavaScript expression that embeds ``payload``.

    Parameters
    ----------
    payload : dict
        From :func:`make_payload`.
    compress : bool, optional
        Force the gzip binary container (``True``) or a plain JSON literal
        (``False``); by default payloads whose container is over
        :data:`GZIP_THRESHOLD` bytes are compressed.

    Returns
    -------
    str
        A JSON literal escaped for ``<script>``, or a quoted
        ``"gz:<base64>[,<base64>...]"``.
    """
    parts: list[Any] = []
    if compress is not False:
        parts = _container_parts(payload)
        if compress is None:
            compress = sum(len(part) for part in parts) > GZIP_THRESHOLD
    if not compress:
        raw = json.dumps(
            _plain(payload), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        return escape_json(raw)
    members = _members(parts)
    if len(members) == 1:
        zipped = [_gzip(members[0])]
    else:  # zlib lets go of the GIL: members are compressed side by side
        workers = min(len(members), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            zipped = list(pool.map(_gzip, members))
    texts = (base64.b64encode(z).decode("ascii") for z in zipped)
    return '"gz:' + _MEMBER_SEPARATOR.join(texts) + '"'


def _members(parts: list[Any]) -> list[list[Any]]:
    """Cut the container's parts into runs of about :data:`MEMBER_BYTES`.

    Parts are sliced, never copied. The cut depends on the sizes alone (not
    on the machine), so a payload is always written the same way.
    """
    members: list[list[Any]] = [[]]
    room = MEMBER_BYTES
    for part in parts:
        view = memoryview(part).cast("B")
        while len(view) > room:
            members[-1].append(view[:room])
            members.append([])
            view, room = view[room:], MEMBER_BYTES
        if len(view):
            members[-1].append(view)
            room -= len(view)
    return [m for m in members if m] or [[]]


def _gzip(parts: list[Any]) -> bytes:
    """One gzip member of ``parts``, compressed as they are (never joined)."""
    deflate = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
    return b"".join([*map(deflate.compress, parts), deflate.flush()])


def _unpack(blob: bytes) -> dict:
    """Read the binary container back into the plain JSON form."""
    if blob[:4] != _MAGIC:
        raise ValueError("not a conflict_geo payload container")
    size = int.from_bytes(blob[4:8], "little")
    header = json.loads(blob[8 : 8 + size].decode("utf-8"))
    base = 8 + size + (-(8 + size) % 8)
    n = header["n"]

    def texts(ref: Any) -> Any:
        if not isinstance(ref, dict):
            return ref
        raw = blob[base + ref["o"] : base + ref["o"] + ref["l"]].decode("utf-8")
        return raw.split(ref["p"]) if ref["c"] else []

    for col in header["cols"].values():
        ref = col.get("d")
        if col.get("e") == "r":
            col["d"] = [t or None for t in texts(ref)]
        elif isinstance(ref, dict):
            if ref["t"] == "k":
                values = [ref["v"]] * n
            elif ref["t"] == "f64":
                data = np.frombuffer(blob, "<f8", count=n, offset=base + ref["o"])
                values = [None if v != v else int(v) for v in data.tolist()]
            else:
                dtype, marker = _DTYPES[ref["t"]]
                data = np.frombuffer(blob, dtype, count=n, offset=base + ref["o"])
                values = data.tolist()
                if col.get("e") == "n":
                    values = [None if v == marker else v for v in values]
            if "b" in col:
                values[0] += col.pop("b")
            col["d"] = values
        if col.get("e") == "s":
            col["k"] = texts(col["k"])
    return header


def decode_payload(expression: str) -> dict:
    """Decode what :func:`embed_payload` wrote (for tests and debugging).

    Parameters
    ----------
    expression : str
        The embedded JavaScript expression.

    Returns
    -------
    dict
        The payload in its plain JSON form (arrays as lists, ``None`` for a
        missing number), whichever form was embedded.
    """
    expression = expression.strip()
    if expression.startswith('"gz:'):
        members = expression[4:-1].split(_MEMBER_SEPARATOR)
        blob = b"".join(gzip.decompress(base64.b64decode(m)) for m in members)
        return _unpack(blob)
    return json.loads(expression)
