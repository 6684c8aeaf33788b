"""Try geocoders in turn: offline first, online only when needed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geopy.location import Location

from conflict_geo.geocoders.base import Geocoder

__all__ = ["ChainGeocoder"]


class ChainGeocoder:
    """Ask each geocoder in order and keep the first good answer.

    Parameters
    ----------
    geocoders : sequence of Geocoder
        Typically the offline gazetteer, then an online service.
    min_score : float, optional
        An answer carrying a ``raw["score"]`` below this is not good enough and
        the next geocoder is asked; answers without a score are accepted.

    Examples
    --------
    >>> from conflict_geo.geocoders.gazetteer import GazetteerGeocoder
    >>> chain = ChainGeocoder([GazetteerGeocoder()])
    >>> round(chain.geocode("Mossoul").latitude)
    36
    """

    def __init__(
        self, geocoders: Sequence[Geocoder], *, min_score: float = 0.8
    ) -> None:
        if not geocoders:
            raise ValueError("ChainGeocoder needs at least one geocoder")
        self.geocoders = list(geocoders)
        self.min_score = min_score
        self.name = "chain(" + ",".join(g.name for g in self.geocoders) + ")"

    def _good(self, loc: Location) -> bool:
        raw = loc.raw or {}
        if raw.get("plausible") is False:  # a far spelling guess: ask the next
            return False
        score = raw.get("score")
        return score is None or score >= self.min_score

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country: str | Sequence[str] | None = None,
        kind: str | None = None,
        limit: int | None = None,
        **hints: Any,
    ) -> Location | list[Location] | None:
        """Resolve ``query`` with the first geocoder that answers well.

        Parameters
        ----------
        query : str
            A place name.
        exactly_one : bool, optional
            Return the best Location or None, rather than a list.
        country : str or sequence of str, optional
            ISO alpha-2 codes to restrict to.
        kind : str, optional
            Passed to each geocoder.
        limit : int, optional
            Most candidates when ``exactly_one`` is false.
        **hints
            Passed to each geocoder.

        Returns
        -------
        Location, list of Location or None
        """
        fallback: list[Location] = []
        for geocoder in self.geocoders:
            found = (
                geocoder.geocode(
                    query,
                    exactly_one=False,
                    country=country,
                    kind=kind,
                    limit=limit,
                    **hints,
                )
                or []
            )
            good = [loc for loc in found if self._good(loc)]
            if good:
                return good[0] if exactly_one else good
            fallback = fallback or list(found)
        if exactly_one:
            plausible = [
                loc for loc in fallback if (loc.raw or {}).get("plausible", True)
            ]
            return plausible[0] if plausible else None
        return fallback
