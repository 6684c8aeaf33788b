"""Which gazetteer answers are plausible, and in which order to give them.

A name found as spelled (a name or an alternate name of the place) is an
answer. A *guess* (a spelling variant or a fuzzy match: a different spelling)
is only an answer when the context makes it plausible:

* the caller restricted the countries (``country=``): a guess there is kept;
* the caller gave a point (``bias=``): a guess within :data:`MAX_GUESS_KM` of it;
* otherwise a guess in the core focus country (the first of
  :data:`DEFAULT_FOCUS`: Syria, which the curated tables and the conflict
  datasets are about);
* anywhere else only a very close spelling (:data:`CLOSE_SPELLING`) of a large
  place (:data:`LARGE_PLACE` people: "Moskow" is Moscow).

Why: of 374 Syrian village names (UCDP GED 2016, exact places) the gazetteer
lacks, asked with no country, guesses in any country put 57 % of them more
than 500 km away (Baghouz in Portugal, Dabiq in Iowa); guesses in all eight
countries the gazetteer covers in full still 28 %, and 3 % when such a guess
must also be a town of 10,000 people spelled within a ratio of 0.8 ("Bashur"
is then Basra); guesses in Syria alone 0.5 % (see
``tests/geocoders/test_plausible.py``). A press spelling of a town elsewhere
("Fallouja") is therefore an alias in ``data/aliases.csv``, not a guess. A
guess that is not plausible is not dropped: ``geocode(..., exactly_one=False)``
lists it with ``raw["plausible"] = False`` and ``raw["why_not"]``.

Among answers, places in the focus rank first when the caller gave no country
or point: :data:`CORE_BONUS` for the core country, :data:`REGION_BONUS` for the
other focus countries. Then "Has" is the Syrian village before Ha'il (Saudi
Arabia; the scores differ by 0.071), "Ariha" the Syrian town before Jericho
(0.022), and "Sinjar" still the Iraqi town before the Syrian village (0.056).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from conflict_geo.places.place import Candidate, distance_km
from conflict_geo.text.normalize import fold

__all__ = [
    "CLOSE_SPELLING",
    "CORE_BONUS",
    "DEFAULT_FOCUS",
    "REGION_BONUS",
    "LARGE_PLACE",
    "MAX_GUESS_KM",
    "Context",
    "Ranked",
    "focus_bonus",
    "is_guess",
    "rank",
]

#: The gazetteer's focus (``data/README.md``: every GeoNames place of these
#: countries is in it), the core country first: a guess is plausible without
#: context in the core only.
DEFAULT_FOCUS: tuple[str, ...] = ("SY", "IQ", "TR", "LB", "JO", "IL", "PS", "IR")
#: Added to the rank of a place in the core focus country (no country given).
CORE_BONUS = 0.08
#: Added to the rank of a place in the other focus countries.
REGION_BONUS = 0.04
#: A guess this close to the caller's ``bias`` point is plausible (km): about
#: the radius of a Syrian governorate.
MAX_GUESS_KM = 250.0
#: Outside the context, a guess must be a place this populous ...
LARGE_PLACE = 1_000_000
#: ... spelled this close (rapidfuzz ratio over 1) to one of its names.
CLOSE_SPELLING = 0.9

_GUESSES = ("spelling variant", "fuzzy")


def is_guess(candidate: Candidate) -> bool:
    """Tell whether a candidate matched a different spelling (variant, fuzzy)."""
    return candidate.why.startswith(_GUESSES)


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller told about where the place is.

    Parameters
    ----------
    countries : collection of str or None
        The ``country`` restriction (ISO alpha-2), if any.
    bias : (lat, lon) or None
        A point the place is near.
    focus : sequence of str
        The focus countries, the core first: a guess is plausible in the core
        without other context, and focus places rank first.
    """

    countries: Collection[str] | None = None
    bias: tuple[float, float] | None = None
    focus: Sequence[str] = DEFAULT_FOCUS


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate with its rank score and its plausibility.

    Parameters
    ----------
    candidate : Candidate
    score : float
        The candidate's score, plus :data:`CORE_BONUS` or
        :data:`REGION_BONUS` where it applies (it may exceed 1: only the order
        uses it).
    why_not : str
        Empty when plausible; else why it is only a guess.
    """

    candidate: Candidate
    score: float
    why_not: str = ""

    @property
    def plausible(self) -> bool:
        """Whether the candidate may be given as the answer."""
        return not self.why_not


def _spelling(query: str, candidate: Candidate) -> float:
    from rapidfuzz import fuzz

    key = fold(query)
    names = (candidate.place.name, *candidate.place.names)
    return max(fuzz.ratio(key, fold(name)) for name in names) / 100


def why_not(query: str, candidate: Candidate, context: Context) -> str:
    """Return why ``candidate`` is not a plausible answer, or ``""``.

    Parameters
    ----------
    query : str
        The name asked for.
    candidate : Candidate
        A gazetteer answer.
    context : Context
        What the caller said.

    Returns
    -------
    str
    """
    if not is_guess(candidate):
        return ""
    place = candidate.place
    if context.countries is not None:
        return ""  # the caller's countries: lookup kept only those
    if context.bias is not None:
        km = distance_km(context.bias[0], context.bias[1], place.lat, place.lon)
        if km <= MAX_GUESS_KM:
            return ""
        return f"a spelling guess {km:.0f} km from the bias point"
    if context.focus and place.country == context.focus[0]:
        return ""
    if place.population >= LARGE_PLACE and _spelling(query, candidate) >= (
        CLOSE_SPELLING
    ):
        return ""
    core = context.focus[0] if context.focus else "none"
    return (
        f"a spelling guess in {place.country or 'no country'}, outside the core "
        f"focus ({core}); give country= or bias= to accept it"
    )


def focus_bonus(focus: Sequence[str]) -> dict[str, float]:
    """Return the rank bonus of each focus country (the core's first).

    Examples
    --------
    >>> focus_bonus(("SY", "IQ"))
    {'SY': 0.08, 'IQ': 0.04}
    """
    bonus = dict.fromkeys(focus[1:], REGION_BONUS)
    return {focus[0]: CORE_BONUS, **bonus} if focus else {}


def rank(query: str, candidates: Sequence[Candidate], context: Context) -> list[Ranked]:
    """Order candidates: plausible first, then by score with the focus bonus.

    Parameters
    ----------
    query : str
        The name asked for.
    candidates : sequence of Candidate
        Gazetteer answers, best first.
    context : Context
        What the caller said.

    Returns
    -------
    list of Ranked
        Same candidates; the order is stable among equals.
    """
    hinted = context.countries is not None or context.bias is not None
    bonus = {} if hinted else focus_bonus(context.focus)
    out = []
    for candidate in candidates:
        score = candidate.score + bonus.get(candidate.place.country, 0.0)
        out.append(Ranked(candidate, score, why_not(query, candidate, context)))
    out.sort(key=lambda r: (not r.plausible, -r.score))
    return out
