"""Offline geocoder over a :class:`~conflict_geo.places.gazetteer.Gazetteer`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geopy.location import Location

from conflict_geo.geocoders.base import record_location, to_location
from conflict_geo.geocoders.plausible import (
    DEFAULT_FOCUS,
    Context,
    Ranked,
    focus_bonus,
    rank,
)
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer

__all__ = ["GazetteerGeocoder"]

#: Score bonus given to places from a user's extra gazetteers.
EXTRA_PRIORITY = 0.15
#: ``geocode`` hints passed on to :meth:`Gazetteer.lookup`.
_HINTS = frozenset({"admin1", "bias", "bbox", "fuzzy"})
#: Candidates looked up to rank (the focus bonus may lift one from further down).
POOL = 20


def _load(path: str | Path) -> Gazetteer:
    """Load a user's gazetteer file (its readers are imported only then)."""
    from conflict_geo.places.sources import load

    return load(path)


class GazetteerGeocoder:
    """Geocode with the embedded gazetteer, optionally extended by the user's.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The base gazetteer; the one shipped with the package by default.
    extra : iterable of Gazetteer or path, optional
        More gazetteers (or files for :func:`conflict_geo.places.sources.load`)
        whose places win over same-named base entries.
    name : str, optional
        Backend name recorded in results.
    focus : sequence of str, optional
        Countries (ISO alpha-2) whose places rank first without a ``country``
        or ``bias`` hint, the core first: a spelling guess is plausible
        without such a hint only in the core. See
        :mod:`conflict_geo.geocoders.plausible`; Syria, then its neighbours,
        by default.

    Examples
    --------
    >>> geocoder = GazetteerGeocoder()
    >>> geocoder.geocode("Minbej").raw["name"]
    'Manbij'
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        extra: Iterable[Gazetteer | str | Path] = (),
        name: str = "embedded",
        focus: Sequence[str] = DEFAULT_FOCUS,
    ) -> None:
        self.name = name
        self.focus = tuple(code.upper() for code in focus)
        self._bonus = focus_bonus(self.focus)
        base = gazetteer if gazetteer is not None else embedded_gazetteer()
        extras = [g if isinstance(g, Gazetteer) else _load(g) for g in extra]
        self.reports = [g.report for g in extras if getattr(g, "report", None)]
        if extras:
            base = base.copy()
            for other in extras:
                base.extend(other, priority=EXTRA_PRIORITY)
        self.gazetteer = base

    def __repr__(self) -> str:
        return f"GazetteerGeocoder({self.gazetteer!r})"

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
        """Resolve ``query`` offline (see the ``Geocoder`` protocol).

        Parameters
        ----------
        query : str
            A place name in any common spelling.
        exactly_one : bool, optional
            Return the best Location or None, rather than a list.
        country : str or sequence of str, optional
            ISO alpha-2 codes to restrict to.
        kind : str, optional
            ``"admin1"``, ``"country"`` or a settlement kind.
        limit : int, optional
            Most candidates when ``exactly_one`` is false (10 by default).
        **hints
            ``admin1``, ``bias`` (lat, lon), ``bbox`` and ``fuzzy`` are passed
            to :meth:`Gazetteer.lookup`; others are ignored.

        Returns
        -------
        Location, list of Location or None
            ``raw`` holds the place record, the gazetteer's ``score`` and
            ``why``, ``rank_score`` (the score plus the focus bonus, which
            orders a list) and ``plausible``; a guess that is not plausible
            (see :mod:`conflict_geo.geocoders.plausible`) is never the single
            answer, and in a list it comes last with ``why_not``.
        """
        if (
            exactly_one
            and country is None
            and kind is None
            and not hints
            and type(self.gazetteer).lookup is Gazetteer.lookup  # not overridden
        ):
            # The usual query: a name found as spelled, answered without a
            # Place or a Candidate, the focus bonus choosing among namesakes.
            hit = self.gazetteer.only_record(query, self._bonus)
            if hit is not None:
                location = record_location(*hit, source=self.name)
                lift = self._bonus.get(hit[0][3], 0.0)
                location.raw["rank_score"] = round(hit[1] + lift, 4)
                location.raw["plausible"] = True  # a name, not a guess
                return location
        known = {k: v for k, v in hints.items() if k in _HINTS}
        found = self.gazetteer.lookup(
            query,
            country=country,
            kind=kind,
            limit=max(POOL, 1 if exactly_one else (limit or 10)),
            **known,
        )
        if country is None:
            countries = None
        else:
            codes = [country] if isinstance(country, str) else country
            countries = frozenset(code.upper() for code in codes)
        context = Context(countries, known.get("bias"), self.focus)
        ranked = rank(query, found, context)
        if exactly_one:
            best = ranked[0] if ranked else None
            if best is None or not best.plausible:
                return None  # the near guesses: geocode(..., exactly_one=False)
            return self._location(best)
        return [self._location(r) for r in ranked[: limit or 10]]

    def _location(self, ranked: Ranked) -> Location:
        """Wrap a ranked candidate; its raw says if it is plausible, and why not."""
        location = to_location(ranked.candidate, source=self.name)
        raw = location.raw  # score and why are the gazetteer's
        raw["rank_score"] = round(ranked.score, 4)  # with the focus bonus
        raw["plausible"] = ranked.plausible
        if not ranked.plausible:
            raw["why_not"] = ranked.why_not
        return location
