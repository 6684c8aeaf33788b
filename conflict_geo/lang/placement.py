"""How a language places a point from a landmark: "à 25 km au sud-ouest de Raqqa".

Dispatches put places the gazetteer lacks by a direction and a distance from
one it knows ("Adra, au nord de Damas", "al-Mansoura, a town some 25
kilometres southwest of Raqqa", "Al-Choula, situé à environ 40 km de
l'aéroport"). The words are the language's, in the optional ``[placement]``
section of its ``cues.toml``::

    [placement]
    bearings = { "nord" = 0, "nord-est" = 45, ... }   # compass word -> degrees
    units = { "km" = 1.0, "milles?" = 1.609 }          # unit pattern -> km
    approx_words = ["environ", "quelque"]              # "à environ 40 km"
    bearing_prefix = ["au", "a l'"]                    # "au nord de"

A language without the section places nothing this way. The phrase is read by
:attr:`Placement.pattern` between a name and its landmark;
:mod:`conflict_geo.places.context` makes the point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conflict_geo.exc import DataError

if TYPE_CHECKING:
    from conflict_geo.lang.lexicon import Lexicon

__all__ = ["PLACEMENT_KEYS", "Placement", "RelativePosition"]

#: Keys of a ``[placement]`` section.
PLACEMENT_KEYS = frozenset({"bearings", "units", "approx_words", "bearing_prefix"})
#: Longest distance read as placing a point: beyond it the phrase places
#: nothing (a front line "150 km from Baghdad" is not a place).
MAX_OFFSET_KM = 100.0


@dataclass(frozen=True, slots=True)
class RelativePosition:
    """Where a phrase puts a place from its landmark.

    Parameters
    ----------
    bearing : float or None
        Degrees clockwise from north; None when the phrase gives none.
    km : float or None
        Distance in kilometres; None when the phrase gives none.
    """

    bearing: float | None
    km: float | None


@dataclass(frozen=True)
class Placement:
    """A language's words for a position relative to a landmark, compiled.

    Parameters
    ----------
    bearings : dict
        Flattened compass word (a regular expression) -> degrees from north.
    units : dict
        Flattened unit word (a regular expression) -> kilometres per unit.
    pattern : re.Pattern
        Matches a whole gap between a name and its landmark, with groups
        ``dist``, ``unit`` and ``bearing``.
    """

    bearings: dict[str, float]
    units: dict[str, float]
    pattern: re.Pattern[str]

    @classmethod
    def from_cues(cls, lang: str, table: dict[str, Any], lex: Lexicon) -> Placement:
        """Compile a ``[placement]`` section with the lexicon's linking slots."""
        where = f"conflict_geo/lang/{lang}/cues.toml: [placement]"
        extra = set(table) - PLACEMENT_KEYS
        missing = PLACEMENT_KEYS - set(table)
        if extra or missing:
            raise DataError(
                f"{where} needs exactly {sorted(PLACEMENT_KEYS)}"
                f" (unknown {sorted(extra)}, missing {sorted(missing)})"
            )
        bearings = {k: float(v) for k, v in table["bearings"].items()}
        units = {k: float(v) for k, v in table["units"].items()}
        if not bearings or not units:
            raise DataError(f"{where}: bearings and units cannot be empty")

        def alt(items: Any) -> str:
            return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"

        template = (
            r"^[\s,(\"'«»]*(?:{determiners}\s?)?(?:(?!{in_words}\b)\w+\s){{0,2}}?"
            r"(?:{settlement_words}\s)?"
            r"(?:{situated_words}\s)?"
            r"(?:(?:APPROX)\s?)*"
            r"(?:(?P<dist>\d+(?:[.,]\d+)?)\s?(?P<unit>UNITS)\s?)?"
            r"(?:(?:PREFIX)\s?)?(?:(?P<bearing>BEARINGS)\s)?"
            r"{of_words}\s?(?:{determiners}\s?)?(?:{settlement_words}\s{of_words}\s?)?$"
        )
        template = (
            template.replace("APPROX", alt(table["approx_words"]))
            .replace("UNITS", alt(units))
            .replace("PREFIX", alt(table["bearing_prefix"]))
            .replace("BEARINGS", alt(bearings))
        )
        try:
            pattern = lex.rx(template)
        except re.error as err:
            raise DataError(f"{where}: {err}") from err
        return cls(bearings=bearings, units=units, pattern=pattern)

    def read(self, gap: str) -> RelativePosition | None:
        """Read the position a gap gives, or None when it gives none.

        Parameters
        ----------
        gap : str
            Flattened text between a name and its landmark.

        Returns
        -------
        RelativePosition or None
            None when the gap is not such a phrase, names neither a bearing nor
            a distance, or puts the place beyond :data:`MAX_OFFSET_KM`.
        """
        found = self.pattern.match(gap)
        if found is None or not (found["bearing"] or found["dist"]):
            return None
        bearing = _lookup(self.bearings, found["bearing"])
        km = None
        if found["dist"]:
            km = float(found["dist"].replace(",", ".")) * _lookup(
                self.units, found["unit"]
            )
            if km > MAX_OFFSET_KM:
                return None
        return RelativePosition(bearing=bearing, km=km)

    def part(self, gap: str) -> float | None:
        """Return the bearing of the part of an area a gap names, or None.

        "dans le sud d'", "in the north-west of", "in southern": the words
        between a name and the area it lies in, or before an area's name.
        An adjective of a compass word ("southern", "northwestern") counts.

        Examples
        --------
        >>> from conflict_geo.lang import get_lexicon
        >>> get_lexicon("fr").placement.part(" situe dans le sud d'")
        180.0
        >>> get_lexicon("en").placement.part("in southern ")
        180.0
        """
        for word in re.findall(r"[a-z]+(?:-[a-z]+)?", gap):
            bearing = _lookup(self.bearings, word)
            if bearing is None and word.endswith("ern"):
                bearing = _lookup(self.bearings, word[: -len("ern")])
            if bearing is not None:
                return bearing
        return None


def _lookup(table: dict[str, float], word: str | None) -> Any:
    if word is None:
        return None
    for key, value in table.items():
        if re.fullmatch(key, word):
            return value
    return None
