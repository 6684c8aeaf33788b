"""The date a dispatch was written: what relative dates are resolved against."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from conflict_geo.exc import InputError

__all__ = ["Reference", "add_months", "iso_at"]


_PRECISIONS = ("day", "month", "year")
_REFERENCE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Reference:
    """The date a dispatch was written, at the precision it is known.

    Parameters
    ----------
    date : datetime.date
        The date; the first day of the period when ``precision`` is
        ``"month"`` or ``"year"`` (other days are moved there).
    precision : {"day", "month", "year"}
        How much of ``date`` is known.

    Raises
    ------
    InputError
        ``precision`` is not one of the three.

    Examples
    --------
    >>> Reference(datetime.date(2021, 10, 13), "month")
    Reference(date=datetime.date(2021, 10, 1), precision='month')
    """

    date: datetime.date
    precision: str = "day"

    def __post_init__(self) -> None:
        if self.precision not in _PRECISIONS:
            raise InputError(
                f"invalid reference precision {self.precision!r}: "
                "expected 'day', 'month' or 'year'"
            )
        if self.precision == "month" and self.date.day != 1:
            object.__setattr__(self, "date", self.date.replace(day=1))
        elif self.precision == "year" and (self.date.month, self.date.day) != (1, 1):
            object.__setattr__(self, "date", self.date.replace(month=1, day=1))

    @classmethod
    def parse(cls, value: str | datetime.date | Reference | None) -> Reference | None:
        """Read a reference date.

        Parameters
        ----------
        value : str, datetime.date, Reference or None
            ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` (the format of
            :attr:`conflict_geo.text.document.Document.date`), a date (a
            datetime keeps its date), a Reference (returned as is) or None.

        Returns
        -------
        Reference or None
            None when ``value`` is None.

        Raises
        ------
        InputError
            Anything else, or a date that does not exist; the message names
            the value.

        Examples
        --------
        >>> Reference.parse("2016-10")
        Reference(date=datetime.date(2016, 10, 1), precision='month')
        >>> Reference.parse(datetime.date(2016, 10, 27)).iso()
        '2016-10-27'
        >>> try:
        ...     Reference.parse("27/10/2016")
        ... except InputError as err:
        ...     print(err)
        invalid reference date '27/10/2016': expected YYYY, YYYY-MM or YYYY-MM-DD
        """
        if value is None or isinstance(value, Reference):
            return value
        if isinstance(value, datetime.datetime):
            return cls(value.date(), "day")
        if isinstance(value, datetime.date):
            return cls(value, "day")
        m = _REFERENCE.fullmatch(value.strip()) if isinstance(value, str) else None
        if m is None:
            raise InputError(
                f"invalid reference date {value!r}: "
                "expected YYYY, YYYY-MM or YYYY-MM-DD"
            )
        year, month, day = m.groups()
        try:
            date = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as err:
            raise InputError(f"invalid reference date {value!r}: {err}") from err
        precision = "day" if day else "month" if month else "year"
        return cls(date, precision)

    def iso(self) -> str:
        """Return the date as ISO text at its precision.

        Returns
        -------
        str
            ``"2016-10-27"``, ``"2016-10"`` or ``"2016"``.

        Examples
        --------
        >>> Reference.parse("2021-10").iso()
        '2021-10'
        """
        return iso_at(self.date, self.precision)


def iso_at(date: datetime.date, precision: str) -> str:
    """Return ``date`` as ISO text at ``precision`` ("day", "month", "year")."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def add_months(date: datetime.date, months: int) -> datetime.date:
    """Move ``date`` by whole months (the day kept, or the month's last day)."""
    year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)
