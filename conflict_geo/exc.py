"""Exceptions raised by conflict_geo.

Every error derives from :class:`ConflictGeoError`; leaves also inherit the
builtin exception they resemble, so ``except ValueError`` keeps working for
callers that do not know this package.
"""

from __future__ import annotations

__all__ = [
    "ConflictGeoError",
    "ConfigurationError",
    "DataError",
    "EmptyQueryError",
    "GeocoderError",
    "GeocoderQueryError",
    "GeocoderServiceError",
    "GeocoderTimeoutError",
    "GeocoderUnavailable",
    "InputError",
    "OutputError",
    "ParseError",
    "QueryTypeError",
    "RenderError",
]


class ConflictGeoError(Exception):
    """Root of every error raised by conflict_geo."""


class ConfigurationError(ConflictGeoError, ValueError):
    """An option or backend name is wrong, or an optional dependency is missing."""


class InputError(ConflictGeoError, ValueError):
    """Input (a query, a text, a file) cannot be used as given.

    Parameters
    ----------
    message : str
        What is wrong.
    source : str, optional
        The file name or input label the error is about.
    line : int, optional
        1-based line number in ``source``.
    offset : int, optional
        0-based character offset in the text.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.offset = offset
        where = []
        if source is not None:
            where.append(str(source))
        if line is not None:
            where.append(f"line {line}")
        if offset is not None:
            where.append(f"offset {offset}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class OutputError(ConflictGeoError, OSError):
    """An output file cannot be written where asked (a folder, read-only, full).

    The earlier file at that path, if any, is left as it was.
    """


class EmptyQueryError(InputError):
    """A geocoding query is empty or only whitespace."""


class QueryTypeError(InputError, TypeError):
    """A query or text is not a string."""


class ParseError(InputError):
    """A file (gazetteer dump, event dataset, GeoJSON) is malformed."""


class DataError(ConflictGeoError, RuntimeError):
    """Package data is missing or inconsistent (a broken install)."""


class GeocoderError(ConflictGeoError):
    """Base class for geocoder backend failures."""


class GeocoderQueryError(GeocoderError, ValueError):
    """The backend rejected the query."""


class GeocoderServiceError(GeocoderError, RuntimeError):
    """The online service answered with an error."""


class GeocoderTimeoutError(GeocoderServiceError, TimeoutError):
    """The online service did not answer in time."""


class GeocoderUnavailable(GeocoderServiceError, ConnectionError):
    """The online service cannot be reached."""


class RenderError(ConflictGeoError, RuntimeError):
    """A map or export could not be produced."""
