"""The columns of one event table, converted once for every layer drawn from it.

A map draws four event layers (strikes, offensives, bases, clashes) from one
table, and each needs the same columns at its own rows: types, coordinates,
tolls, dates. :class:`EventTable` converts a column of the whole table once
(numbers to floats, dates to days, types to codes) and keeps the result, so a
layer only takes its rows from it. Strings are dictionary-encoded per layer
(:meth:`EventTable.codes`): that costs the same per row whether done once or
per layer, and a layer's codes then only number the texts it shows.

The table is never copied; converted columns are as long as the table.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from conflict_geo.layers.compact import factorize, float_values

__all__ = ["EventTable", "OTHER_TYPE"]

#: The type of an event whose ``event_type`` is missing.
OTHER_TYPE = "other"


class EventTable:
    """Columns of an event table, each converted once on first use.

    Parameters
    ----------
    events : pandas.DataFrame
        Event rows (the event schema; absent columns read as missing).

    Examples
    --------
    >>> table = EventTable(pd.DataFrame({"event_type": ["strike", None]}))
    >>> codes, keys = table.types()
    >>> codes.tolist(), keys
    ([0, 1], ['strike', 'other'])
    >>> table.floats("fatalities").tolist()
    [nan, nan]
    """

    def __init__(self, events: pd.DataFrame) -> None:
        self.frame = events
        self._memo: dict[Hashable, Any] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def __contains__(self, name: object) -> bool:
        return name in self.frame

    def _once(self, key: Hashable, make: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def floats(self, name: str) -> np.ndarray:
        """Return column ``name`` as ``float64`` (NaN where missing or absent)."""

        def make() -> np.ndarray:
            if name not in self.frame:
                return np.full(len(self.frame), np.nan)
            return float_values(self.frame[name])

        return self._once(("floats", name), make)

    def days(self, name: str) -> np.ndarray:
        """Return column ``name`` as ``datetime64[D]`` (NaT where missing or absent)."""

        def make() -> np.ndarray:
            if name not in self.frame:
                return np.full(len(self.frame), np.datetime64("NaT", "D"))
            values = self.frame[name]
            if values.dtype.kind != "M":
                values = pd.to_datetime(values, errors="coerce")
                if isinstance(values.dtype, pd.DatetimeTZDtype):
                    values = values.dt.tz_localize(None)
            return values.to_numpy("datetime64[s]").astype("datetime64[D]")

        return self._once(("days", name), make)

    def flags(self, name: str) -> np.ndarray:
        """Return column ``name`` as booleans (only ``True`` is true)."""

        def make() -> np.ndarray:
            if name not in self.frame:
                return np.zeros(len(self.frame), dtype=bool)
            return self.frame[name].eq(True).fillna(False).to_numpy(dtype=bool)

        return self._once(("flags", name), make)

    def objects(self, name: str) -> np.ndarray:
        """Return column ``name`` as an object array (``None`` when absent)."""
        if name not in self.frame:
            return np.full(len(self.frame), None, dtype=object)
        return self.frame[name].to_numpy(dtype=object)

    def types(self) -> tuple[np.ndarray, list[str]]:
        """Return ``event_type`` as codes and keys, a missing type being "other"."""

        def make() -> tuple[np.ndarray, list[str]]:
            if "event_type" not in self.frame:
                return np.zeros(len(self.frame), dtype=np.int32), [OTHER_TYPE]
            codes, keys = factorize(self.frame["event_type"])
            missing = codes < 0
            if missing.any():
                if OTHER_TYPE not in keys:
                    keys.append(OTHER_TYPE)
                codes[missing] = keys.index(OTHER_TYPE)
            return codes, keys

        return self._once("types", make)

    def codes(self, name: str, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Dictionary-encode column ``name`` at ``rows`` (all missing when absent).

        Parameters
        ----------
        name : str
            A column.
        rows : numpy.ndarray
            Positions of the rows.

        Returns
        -------
        codes : numpy.ndarray
            ``int32`` indexes into ``keys``, ``-1`` where missing.
        keys : list of str
            The distinct texts of these rows.
        """
        if name not in self.frame:
            return np.full(len(rows), -1, dtype=np.int32), []
        return factorize(self.frame[name], rows)
