"""In-memory gazetteer: name indexes, lookup and ranking.

A lookup tries, in order, the folded name (exact spelling up to case, accents
and punctuation), the transliteration skeleton (Minbej/Manbij, Raqa/Raqqah)
and, as a last resort, fuzzy matching scored lower. Candidates are ranked by
match quality, feature kind, population and optional hints (country, kind,
admin1, a bias point or box), and each says why it matched.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from conflict_geo.exc import EmptyQueryError, InputError, QueryTypeError
from conflict_geo.places.fuzzy import TrigramIndex
from conflict_geo.places.place import POPULATED_KINDS, Candidate, Place
from conflict_geo.places.store import (
    IndexedPlace,
    PlaceStore,
    name_keys,
    parse_row,
    read_store,
)
from conflict_geo.text.normalize import fold, skeleton

__all__ = ["MAX_QUERY_LENGTH", "Gazetteer", "embedded_gazetteer", "validate_query"]

#: Longest query accepted; place names are far shorter.
MAX_QUERY_LENGTH = 300

# Words that describe a place rather than name it, and the kind they imply.
_DESCRIPTORS: dict[str, str | None] = {
    "governorate": "admin1",
    "province": "admin1",
    "provincia": "admin1",
    "gouvernorat": "admin1",
    "muhafazat": "admin1",
    "wilayat": "admin1",
    "region": "admin1",
    "city": None,
    "ville": None,
    "town": None,
    "village": None,
    "district": None,
    "area": None,
    "camp": None,
    "de": None,
    "d": None,
    "du": None,
    "of": None,
    "the": None,
    "la": None,
    "le": None,
}
_DIGITS_ONLY = re.compile(r"^[\d\s]+$")


def validate_query(query: object, *, label: str = "query") -> str:
    """Check a geocoding query and return it stripped.

    Parameters
    ----------
    query : object
        What the caller passed.
    label : str, optional
        How to name the query in messages.

    Returns
    -------
    str
        The stripped query.

    Raises
    ------
    QueryTypeError
        ``query`` is not a string.
    EmptyQueryError
        ``query`` is empty, whitespace, or has no letters.
    InputError
        ``query`` is longer than :data:`MAX_QUERY_LENGTH` characters.
    """
    if not isinstance(query, str):
        raise QueryTypeError(f"{label} must be a string, not {type(query).__name__}")
    text = query.strip()
    if not text:
        raise EmptyQueryError(f"{label} is empty or only whitespace")
    if len(text) > MAX_QUERY_LENGTH:
        raise InputError(
            f"{label} is {len(text):,} characters long; place names are at most "
            f"{MAX_QUERY_LENGTH}"
        )
    if not fold(text) or _DIGITS_ONLY.match(text):
        raise EmptyQueryError(f"{label} {text[:40]!r} has no letters")
    return text


def _prominence(place: Place) -> float:
    if place.kind == "country":
        return 1.0
    if place.kind == "admin1":
        return 0.55
    prominence = min(1.0, math.log10(place.population + 10) / 6.5)
    return min(1.0, prominence + 0.15) if place.kind == "capital" else prominence


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _countries(country: str | Sequence[str] | None) -> frozenset[str] | None:
    if country is None:
        return None
    codes = [country] if isinstance(country, str) else list(country)
    out = set()
    for code in codes:
        if not isinstance(code, str) or len(code.strip()) != 2:
            raise InputError(f"country must be ISO 3166-1 alpha-2 codes, got {code!r}")
        out.add(code.strip().upper())
    return frozenset(out)


class Gazetteer:
    """Places indexed by their names.

    Parameters
    ----------
    places : iterable of Place, optional
        Initial places.
    name : str, optional
        A label for messages and provenance.

    Examples
    --------
    >>> gaz = Gazetteer([Place("Hass", 35.6161, 36.5907, "SY", "Idlib", "village",
    ...                        names=("Has", "Hassef"))])
    >>> gaz.lookup("Hassef")[0].place.name
    'Hass'
    """

    def __init__(self, places: Iterable[Place] = (), *, name: str = "gazetteer"):
        self.name = name
        # Rows of a shipped file stay unparsed (``_rows``) until a lookup needs
        # them; index postings stay comma-separated strings until first use.
        self._rows: list[str | None] = []
        self._places: list[Place | None] = []
        self._folds: list[tuple[str, ...] | None] = []
        self._priority: list[float] = []
        self._exact: dict[str, list[int] | str] = {}
        self._skel: dict[str, list[int] | str] = {}
        self._fuzzy: TrigramIndex | None = None
        #: What a loader skipped (see :mod:`conflict_geo.places.sources`).
        self.report = None
        self.add(places)

    @classmethod
    def from_store(cls, store: PlaceStore, *, name: str = "embedded") -> Gazetteer:
        """Make a gazetteer over the unparsed content of a shipped file."""
        gaz = cls(name=name)
        n = len(store.rows)
        gaz._rows = list(store.rows)
        gaz._places = [None] * n
        gaz._folds = [None] * n
        gaz._priority = [0.0] * n
        gaz._exact = dict(store.folds)
        gaz._skel = dict(store.skels)
        return gaz

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return (self.place(i) for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<Gazetteer {self.name!r}: {len(self):,} places>"

    def place(self, idx: int) -> Place:
        """Return the place at position ``idx``."""
        place = self._places[idx]
        if place is None:
            place, self._folds[idx] = parse_row(self._rows[idx])
            self._places[idx] = place
        return place

    def _folds_of(self, idx: int) -> tuple[str, ...]:
        folds = self._folds[idx]
        if folds is None:
            self.place(idx)
            folds = self._folds[idx]
        return folds

    @staticmethod
    def _ids(index: dict[str, list[int] | str], key: str) -> list[int]:
        ids = index.get(key, ())
        if isinstance(ids, str):
            ids = index[key] = [int(i) for i in ids.split(",")]
        return ids

    def add(self, places: Iterable[Place], *, priority: float = 0.0) -> int:
        """Index more places; return how many were added.

        Parameters
        ----------
        places : iterable of Place
            Places to add.
        priority : float, optional
            Score bonus for these places, e.g. 0.15 for a user's own
            gazetteer so that its entries win over same-named ones.
        """
        return self.add_indexed(
            ((p, *name_keys([p.name, *p.names])) for p in places), priority=priority
        )

    def add_indexed(
        self, rows: Iterable[IndexedPlace], *, priority: float = 0.0
    ) -> int:
        """Index places whose name keys are already computed."""
        count = 0
        for place, folds, skels in rows:
            idx = len(self._places)
            self._rows.append(None)
            self._places.append(place)
            self._folds.append(folds)
            self._priority.append(priority)
            for index, keys in ((self._exact, folds), (self._skel, skels)):
                for key in keys:
                    index[key] = [*self._ids(index, key), idx]
            count += 1
        self._fuzzy = None
        return count

    def extend(self, other: Gazetteer, *, priority: float = 0.0) -> int:
        """Add every place of ``other``; return how many were added."""
        return self.add_indexed(
            (
                (
                    p,
                    other._folds_of(i),
                    tuple(dict.fromkeys(map(skeleton, other._folds_of(i)))),
                )
                for i, p in enumerate(other)
            ),
            priority=priority,
        )

    def copy(self) -> Gazetteer:
        """Return an independent gazetteer with the same places and priorities."""
        new = Gazetteer(name=self.name)
        new._rows = list(self._rows)
        new._places = list(self._places)
        new._folds = list(self._folds)
        new._priority = list(self._priority)
        new._exact = dict(self._exact)
        new._skel = dict(self._skel)
        return new

    def _acceptor(
        self, countries: frozenset[str] | None, kind: str | None
    ) -> Callable[[int], bool]:
        kinds = None
        if kind is not None:
            kinds = (
                POPULATED_KINDS if kind in POPULATED_KINDS | {"populated"} else {kind}
            )

        def accept(idx: int) -> bool:
            place = self.place(idx)
            if countries is not None and place.country not in countries:
                return False
            return kinds is None or place.kind in kinds

        return accept

    def _match(
        self, text: str, accept: Callable[[int], bool], *, exact: bool, variants: bool
    ) -> dict[int, tuple[float, str]]:
        key = fold(text)
        found: dict[int, tuple[float, str]] = {}
        for idx in self._ids(self._exact, key) if exact else ():
            if accept(idx):
                primary = self._folds_of(idx)[0] == key
                why = "name" if primary else f"alternate name {key!r}"
                found[idx] = (1.0 if primary else 0.97, why)
        skel = skeleton(text) if variants and not found else ""
        for idx in self._ids(self._skel, skel) if skel else ():
            if idx not in found and accept(idx):
                best = max(fuzz.ratio(key, f) for f in self._folds_of(idx)) / 100
                why = f"spelling variant of {self.place(idx).name!r}"
                found[idx] = (0.75 + 0.15 * best, why)
        return found

    def _fuzzy_index(self) -> tuple[TrigramIndex, list[str]]:
        if self._fuzzy is None:
            keys = list(self._exact)
            self._fuzzy = TrigramIndex(keys)
            self._fuzzy_ids = keys
        return self._fuzzy, self._fuzzy_ids

    def _match_fuzzy(
        self, key: str, accept: Callable[[int], bool], found: dict
    ) -> None:
        index, ids = self._fuzzy_index()
        for pos in index.candidates(key, limit=40):
            other = index.keys[pos]
            ratio = fuzz.ratio(key, other) / 100
            if ratio < 0.8:
                continue
            for idx in self._ids(self._exact, ids[pos]):
                if accept(idx) and found.get(idx, (0.0,))[0] < 0.7 * ratio:
                    found[idx] = (0.7 * ratio, f"fuzzy {ratio:.2f} {other!r}")

    def lookup(
        self,
        query: str,
        *,
        country: str | Sequence[str] | None = None,
        kind: str | None = None,
        admin1: str | None = None,
        bias: tuple[float, float] | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Candidate]:
        """Find places named ``query``, best first.

        Parameters
        ----------
        query : str
            A place name in any common spelling.
        country : str or sequence of str, optional
            Keep only places in these ISO alpha-2 countries.
        kind : str, optional
            Keep only this kind (``"admin1"``, ``"country"``; any settlement
            kind, or ``"populated"``, keeps all settlements).
        admin1 : str, optional
            Prefer places in this first-level division.
        bias : (lat, lon), optional
            Prefer places near this point.
        bbox : (min_lon, min_lat, max_lon, max_lat), optional
            Prefer places inside this box.
        limit : int, optional
            How many candidates at most.
        fuzzy : bool, optional
            Fall back to fuzzy matching when nothing else matches.

        Returns
        -------
        list of Candidate
            Empty when nothing matches.
        """
        text = validate_query(query)
        countries = _countries(country)
        accept = self._acceptor(countries, kind)
        found = self._match(text, accept, exact=True, variants=False)
        words = fold(text).split()
        kept = [w for w in words if w not in _DESCRIPTORS]
        if not found and kept and len(kept) < len(words):
            # "Idlib governorate", "Adwan town": the name without its descriptor
            implied = {_DESCRIPTORS[w] for w in words if _DESCRIPTORS.get(w)}
            bare_accept = accept
            if kind is None and implied:
                bare_accept = self._acceptor(countries, implied.pop())
            found = self._match(" ".join(kept), bare_accept, exact=True, variants=True)
        if not found:
            found = self._match(text, accept, exact=False, variants=True)
        if not found and fuzzy and len(fold(text)) >= 4:
            found = {}
            self._match_fuzzy(fold(" ".join(kept) or text), accept, found)
        ranked = self._rank(found, admin1=admin1, bias=bias, bbox=bbox)
        return self._dedupe(ranked)[:limit]

    def _rank(
        self,
        found: dict[int, tuple[float, str]],
        *,
        admin1: str | None,
        bias: tuple[float, float] | None,
        bbox: tuple[float, float, float, float] | None,
    ) -> list[Candidate]:
        admin_key = fold(admin1) if admin1 else None
        out = []
        for idx, (match, why) in found.items():
            place = self.place(idx)
            score = match * (0.9 + 0.1 * _prominence(place)) + self._priority[idx]
            notes = [why]
            if admin_key and place.admin1 and fold(place.admin1) == admin_key:
                score += 0.08
                notes.append("in admin1")
            if bias is not None:
                km = _distance_km(bias[0], bias[1], place.lat, place.lon)
                score += 0.1 * math.exp(-km / 150.0)
                notes.append(f"{km:.0f} km from bias")
            if bbox is not None:
                inside = (
                    bbox[0] <= place.lon <= bbox[2] and bbox[1] <= place.lat <= bbox[3]
                )
                score += 0.08 if inside else 0.0
            out.append(Candidate(place, min(1.0, score), match, "; ".join(notes)))
        out.sort(key=lambda c: (-c.score, -c.place.population, c.place.name))
        return out

    @staticmethod
    def _dedupe(ranked: list[Candidate]) -> list[Candidate]:
        seen = set()
        out = []
        for cand in ranked:
            p = cand.place
            key = (fold(p.name), p.country, p.kind, round(p.lat, 1), round(p.lon, 1))
            if key not in seen:
                seen.add(key)
                out.append(cand)
        return out


@cache
def embedded_gazetteer() -> Gazetteer:
    """Return the gazetteer shipped with the package (loaded once).

    Returns
    -------
    Gazetteer
        GeoNames-derived places, countries, first-level divisions and the
        curated press spellings; see ``data/README.md``.
    """
    ref = resources.files("conflict_geo") / "data" / "places.tsv.gz"
    with ref.open("rb") as stream:
        return Gazetteer.from_store(read_store(stream, label=str(ref)))
