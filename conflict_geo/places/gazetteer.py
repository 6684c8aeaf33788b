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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from types import ModuleType

from conflict_geo.exc import EmptyQueryError, InputError, QueryTypeError
from conflict_geo.places.fuzzy import TrigramIndex
from conflict_geo.places.place import (
    POPULATED_KINDS,
    Candidate,
    Place,
    PlaceFields,
    check_kind,
    distance_km,
    make_candidate,
    make_place,
    place_fields,
)
from conflict_geo.places.store import (
    IndexedPlace,
    KeyedFields,
    PlaceStore,
    Posting,
    name_keys,
    read_store,
    read_variants,
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
#: Match quality and reason of a place found by its preferred name.
_BY_NAME = (1.0, "name")


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
    return _checked(query, label)[0]


def _checked(query: object, label: str = "query") -> tuple[str, str]:
    """Validate ``query`` as :func:`validate_query` does; return it and its fold."""
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
    key = fold(text)
    # ``text`` is stripped, so digits-and-spaces-only text starts with a
    # decimal digit (``\d``): the cheap test spares most queries the regex.
    if not key or (text[0].isdecimal() and _DIGITS_ONLY.match(text)):
        raise EmptyQueryError(f"{label} {text[:40]!r} has no letters")
    return text, key


def _at_most_one(value: float) -> float:
    """Return ``min(1.0, value)`` (the builtin's argument parsing costs more)."""
    return value if value < 1.0 else 1.0


def _prominence(kind: str, population: int) -> float:
    if kind == "country":
        return 1.0
    if kind == "admin1":
        return 0.55
    prominence = _at_most_one(math.log10(population + 10) / 6.5)
    return _at_most_one(prominence + 0.15) if kind == "capital" else prominence


@cache
def _rapidfuzz() -> tuple[ModuleType, ModuleType]:
    """Return rapidfuzz's ``fuzz`` and ``process``, imported on first need.

    Cached: a ``from … import`` statement costs microseconds on every call.
    """
    from rapidfuzz import fuzz, process

    return fuzz, process


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


#: What matching and ranking read of one place, gathered on first use (for a
#: shipped place, its row, see :data:`~conflict_geo.places.store.KeyedFields`,
#: and two more values): the values of its fields (``record[:9]``, see
#: :func:`~conflict_geo.places.place.place_fields`), then the fold of its
#: preferred name, its weight ``0.9 + 0.1 * prominence`` (a match's score is
#: ``match * weight + priority``) and its priority (see ``Gazetteer.add``).
#: A plain tuple of strings and numbers: cheap to make (a named tuple costs a
#: Python-level call) and to keep (the garbage collector stops tracking it,
#: while it walks every Place at each full collection). Places are made only
#: for the candidates a lookup returns.
_Record = tuple[
    str, float, float, str, str, str, int, str, tuple[str, ...], str, float, float
]
# Positions in a _Record: the Place fields, then what ranking adds.
_NAME, _LAT, _LON, _COUNTRY, _ADMIN1, _KIND, _POPULATION = range(7)
_FIELDS = 9  # record[:_FIELDS] are the Place's field values
_KEY, _WEIGHT, _PRIORITY = range(_FIELDS, _FIELDS + 3)

#: The places of one index key: as shipped (see
#: :data:`~conflict_geo.places.store.Posting`) or, once places are added, a
#: tuple of positions.
_Posting = Posting | tuple[int, ...]


def _name_match(record: _Record, key: str) -> tuple[float, str]:
    """Return the match quality and reason of a place found by the fold ``key``."""
    return _BY_NAME if record[_KEY] == key else (0.97, f"alternate name {key!r}")


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
        # Rows of a shipped file (``_rows``, one per shipped place, the first
        # ones) come ready made; the folds of their names (``_row_folds``,
        # still joined) and the skeleton index come with the file's spelling
        # variants, read on first use (see ``_read_variants``). Index postings
        # stay as shipped until first use. Long sequences of immutable values
        # are tuples: the garbage collector stops tracking them, while it
        # walks a list (tens of thousands of objects) at every full collection.
        # Per place: the Place, the folds of its names (preferred name's
        # first), the score bonus of its source, and what matching and ranking
        # read, gathered on first use (see ``_record``).
        self._rows: Sequence[KeyedFields] = ()
        self._shipped = 0  # len(self._rows)
        self._row_folds: tuple[str, ...] = ()
        self._places: list[Place | None] = []
        self._folds: list[tuple[str, ...] | None] = []
        self._priority: list[float] = []
        self._records: list[_Record | None] = []
        self._exact: dict[str, _Posting] = {}
        self._shipped_keys = 0  # the first keys of _exact, a shipped file's
        self._skel: dict[str, _Posting] = {}
        # A shipped file's spelling variants, still compressed.
        self._variants_blob: bytes | None = None
        self._fuzzy: TrigramIndex | None = None
        # The duplicate key of a place without the folded name (see
        # ``_select``), filled on first use.
        self._cells: dict[int, tuple[str, str, float, float]] = {}
        self._parsed: dict[str, tuple[int, ...]] = {}  # shipped postings
        #: What a loader skipped (see :mod:`conflict_geo.places.sources`).
        self.report = None
        self.add(places)

    @classmethod
    def from_store(cls, store: PlaceStore, *, name: str = "embedded") -> Gazetteer:
        """Make a gazetteer over the content of a shipped file."""
        gaz = cls(name=name)
        n = len(store.rows)
        gaz._rows = store.rows
        gaz._shipped = n
        gaz._places = [None] * n
        gaz._folds = [None] * n
        gaz._priority = [0.0] * n
        gaz._records = [None] * n
        gaz._exact = dict(store.folds)
        gaz._shipped_keys = len(gaz._exact)
        if store.variants is None:
            gaz._variants_blob = store.variants_blob
        else:
            gaz._row_folds = store.variants.row_folds
            gaz._skel = dict(store.variants.skels)
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
        if place is None:  # a shipped row not yet made a Place
            record = self._records[idx] or self._record(idx)
            place = self._places[idx] = make_place(*record[:_FIELDS])
        return place

    def _folds_of(self, idx: int) -> tuple[str, ...]:
        folds = self._folds[idx]
        if folds is None:  # a shipped row
            if self._variants_blob is not None:
                self._read_variants()
            folds = self._folds[idx] = tuple(self._row_folds[idx].split("|"))
        return folds

    def _record(self, idx: int) -> _Record:
        """Return what matching and ranking read of place ``idx`` (made once)."""
        record = self._records[idx]
        if record is None:
            if idx < self._shipped:  # a shipped row, ready made
                keyed = self._rows[idx]
            else:
                folds = self._folds[idx] or ("",)
                keyed = (*place_fields(self._places[idx]), folds[0])
            weight = 0.9 + 0.1 * _prominence(keyed[_KIND], keyed[_POPULATION])
            record = self._records[idx] = keyed + (weight, self._priority[idx])
        return record

    def _ids(self, index: dict[str, _Posting], key: str) -> tuple[int, ...]:
        ids = index.get(key, ())
        if type(ids) is int:  # a shipped place's own key
            return (ids,)
        if type(ids) is str:
            # Shipped postings stay as shipped in the index: a dict holding
            # only numbers and strings is not tracked by the garbage
            # collector, and a lookup must not make it so (every collection
            # would then walk it).
            parsed = self._parsed.get(ids)
            if parsed is None:
                parsed = self._parsed[ids] = tuple(map(int, ids.split(",")))
            return parsed
        return ids

    def _read_variants(self) -> None:
        """Read a shipped file's spelling variants: row folds and skeletons."""
        if self._variants_blob is not None:
            n = self._shipped
            read = read_variants(self._variants_blob, rows=n, label=self.name)
            # Places are added after reading them (see ``add_indexed``).
            self._row_folds, self._skel = read
            self._variants_blob = None

    def _skeletons(self) -> dict[str, _Posting]:
        """Return the skeleton index, reading a shipped one on first use."""
        if self._variants_blob is not None:
            self._read_variants()
        return self._skel

    def _cell_of(self, idx: int) -> tuple[str, str, float, float]:
        cell = self._cells.get(idx)
        if cell is None:
            record = self._record(idx)
            lat, lon = round(record[_LAT], 1), round(record[_LON], 1)
            cell = self._cells[idx] = (record[_COUNTRY], record[_KIND], lat, lon)
        return cell

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
        skeletons = self._skeletons()
        for place, folds, skels in rows:
            idx = len(self._places)
            self._places.append(place)
            self._folds.append(folds)
            self._records.append(None)
            self._priority.append(priority)
            for index, keys in ((self._exact, folds), (skeletons, skels)):
                for key in keys:
                    index[key] = (*self._ids(index, key), idx)
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
        new._rows = self._rows
        new._shipped = self._shipped
        new._row_folds = self._row_folds
        new._variants_blob = self._variants_blob
        new._places = list(self._places)
        new._folds = list(self._folds)
        new._priority = list(self._priority)
        new._records = list(self._records)
        new._exact = dict(self._exact)
        new._shipped_keys = self._shipped_keys
        new._skel = dict(self._skel)
        new._parsed = dict(self._parsed)
        new._cells = dict(self._cells)
        return new

    def _acceptor(
        self, countries: frozenset[str] | None, kind: str | None
    ) -> Callable[[int], bool] | None:
        """Return a filter on place positions, or None when all are accepted."""
        if countries is None and kind is None:
            return None
        kinds = None
        if kind is not None:
            kinds = (
                POPULATED_KINDS if kind in POPULATED_KINDS | {"populated"} else {kind}
            )

        records = self._records

        def accept(idx: int) -> bool:
            record = records[idx] or self._record(idx)
            if countries is not None and record[_COUNTRY] not in countries:
                return False
            return kinds is None or record[_KIND] in kinds

        return accept

    def _exact_hits(
        self,
        key: str,
        accept: Callable[[int], bool] | None,
        ids: _Posting | None = None,
    ) -> dict[int, tuple[float, str]]:
        """Return the places with a name folding to ``key`` and their match.

        ``ids`` is ``key``'s posting when the caller already read it.
        """
        found: dict[int, tuple[float, str]] = {}
        if ids is None:
            ids = self._exact.get(key)
            if ids is None:
                return found
        if type(ids) is int:  # a shipped posting (see ``_ids``)
            ids = (ids,)
        elif type(ids) is str:
            ids = self._ids(self._exact, key)
        records = self._records
        for idx in ids:
            if accept is None or accept(idx):
                found[idx] = _name_match(records[idx] or self._record(idx), key)
        return found

    def _only_hit(self, idx: int, key: str, limit: int) -> list[Candidate]:
        """Answer a query whose fold names one place and that has no hints.

        What ``_exact_hits`` then ``_select`` return in that case, without
        their general machinery: the most common lookup by far.
        """
        record = self._records[idx] or self._record(idx)
        match, why = _name_match(record, key)
        score = _at_most_one(match * record[_WEIGHT] + record[_PRIORITY])
        place = self._places[idx] or self.place(idx)
        return [make_candidate(place, score, match, why)][:limit]

    def only_record(
        self, query: str, bonus: Mapping[str, float] | None = None
    ) -> tuple[PlaceFields, float, str] | None:
        """Answer ``lookup(query, limit=1)`` without making a Place, if simple.

        For the usual geocoder query: no hint, and a fold naming places of the
        shipped file. A geocoder that reads the answer's values rather than
        objects (see :func:`conflict_geo.geocoders.base.record_location`) then
        makes neither a Place nor a Candidate.

        Parameters
        ----------
        query : str
            A place name; checked as :meth:`lookup` checks it.
        bonus : mapping of str to float, optional
            Added to the score of a place of that country when choosing among
            places of the same name (the geocoder's focus); ties go as
            :meth:`lookup` orders them.

        Returns
        -------
        (fields, score, why) or None
            The values of the best candidate's Place fields (see
            :func:`~conflict_geo.places.place.place_fields`), its score and
            why it matched; None when the query is not of that kind (ask
            :meth:`lookup`).

        Raises
        ------
        QueryTypeError, EmptyQueryError, InputError
            As :meth:`lookup`.
        """
        _, key = _checked(query)
        ids = self._exact.get(key)
        if type(ids) is int:
            record = self._records[ids] or self._record(ids)
            match, why = _name_match(record, key)
            score = _at_most_one(match * record[_WEIGHT] + record[_PRIORITY])
            return record[:_FIELDS], score, why
        if type(ids) is not str:
            return None
        # What _exact_hits then _select keep first: the best score, then the
        # most populous, then the first name in sort order, then the first id.
        best = None
        records = self._records
        for idx in self._ids(self._exact, key):
            record = records[idx] or self._record(idx)
            match, why = _name_match(record, key)
            score = _at_most_one(match * record[_WEIGHT] + record[_PRIORITY])
            lift = bonus.get(record[_COUNTRY], 0.0) if bonus else 0.0
            rank = (-(score + lift), -score, -record[_POPULATION], record[_NAME])
            if best is None or rank < best[0]:
                best = (rank, record, score, why)
        _, record, score, why = best
        return record[:_FIELDS], score, why

    def _match(
        self,
        text: str,
        accept: Callable[[int], bool] | None,
        *,
        exact: bool,
        variants: bool,
    ) -> dict[int, tuple[float, str]]:
        key = fold(text)
        found = self._exact_hits(key, accept) if exact else {}
        skel = skeleton(text) if variants and not found else ""
        ids = self._ids(self._skeletons(), skel) if skel else ()
        if ids:
            fuzz, process = _rapidfuzz()
        for idx in ids:
            if idx not in found and (accept is None or accept(idx)):
                # extractOne's score is the best fuzz.ratio over the folds
                folds = self._folds_of(idx)
                best = process.extractOne(key, folds, scorer=fuzz.ratio)
                ratio = (best[1] if best else max(map(fuzz.ratio, folds))) / 100
                why = f"spelling variant of {self._record(idx)[0]!r}"
                found[idx] = (0.75 + 0.15 * ratio, why)
        return found

    def _fuzzy_index(self) -> TrigramIndex:
        if self._fuzzy is None:
            # Shipped keys in sorted order (candidates with equal trigram
            # counts are ordered by key position), then added ones.
            keys = tuple(self._exact)
            n = self._shipped_keys
            self._fuzzy = TrigramIndex((*sorted(keys[:n]), *keys[n:]))
        return self._fuzzy

    def _match_fuzzy(
        self, key: str, accept: Callable[[int], bool] | None, found: dict
    ) -> None:
        fuzz, process = _rapidfuzz()

        index = self._fuzzy_index()
        keys = index.keys
        positions = index.candidates(key, limit=40)
        # The candidates whose fuzz.ratio is at least 80, in candidate order.
        close = process.extract(
            key,
            [keys[pos] for pos in positions],
            scorer=fuzz.ratio,
            score_cutoff=80,
            limit=None,
        )
        close.sort(key=lambda hit: hit[2])
        for other, score, _ in close:
            ratio = score / 100
            for idx in self._ids(self._exact, other):
                if (accept is None or accept(idx)) and found.get(idx, (0.0,))[
                    0
                ] < 0.7 * ratio:
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
        text, key = _checked(query)
        check_kind(kind)
        ids = self._exact.get(key)
        # The usual query: its fold names one shipped place, and no hint is given.
        if (
            type(ids) is int
            and country is None
            and kind is None
            and not admin1
            and bias is None
            and bbox is None
        ):
            return self._only_hit(ids, key, limit)
        countries = _countries(country)
        accept = self._acceptor(countries, kind)
        found = self._exact_hits(key, accept, ids) if ids is not None else {}
        if not found:
            words = key.split()
            kept = [w for w in words if w not in _DESCRIPTORS]
            if kept and len(kept) < len(words):
                # "Idlib governorate", "Adwan town": the name without its descriptor
                implied = {_DESCRIPTORS[w] for w in words if _DESCRIPTORS.get(w)}
                bare_accept = accept
                if kind is None and implied:
                    bare_accept = self._acceptor(countries, implied.pop())
                found = self._match(
                    " ".join(kept), bare_accept, exact=True, variants=True
                )
            if not found:
                found = self._match(text, accept, exact=False, variants=True)
            if not found and fuzzy and len(key) >= 4:
                self._match_fuzzy(fold(" ".join(kept) or text), accept, found)
        return self._select(found, limit, admin1=admin1, bias=bias, bbox=bbox)

    def _select(
        self,
        found: dict[int, tuple[float, str]],
        limit: int,
        *,
        admin1: str | None,
        bias: tuple[float, float] | None,
        bbox: tuple[float, float, float, float] | None,
    ) -> list[Candidate]:
        """Score and sort the matches, drop duplicates, keep the first ``limit``.

        Duplicates are places with the same folded name, country, kind and
        coordinates rounded to 0.1 degree; the best ranked one is kept.
        Candidates are made only for the places returned.
        """
        admin_key = fold(admin1) if admin1 else None
        hinted = bool(admin_key) or bias is not None or bbox is not None
        if len(found) == 1 and not hinted:  # the usual exact hit
            ((idx, (match, why)),) = found.items()
            record = self._record(idx)
            score = _at_most_one(match * record[_WEIGHT] + record[_PRIORITY])
            place = self.place(idx)
            return [make_candidate(place, score, match, why)][:limit]
        records = self._records
        ranked = []
        for idx, (match, why) in found.items():
            record = records[idx] or self._record(idx)
            name, lat, lon, _, place_admin1, _, population = record[:7]
            score = match * record[_WEIGHT] + record[_PRIORITY]
            if hinted:
                notes = [why]
                if admin_key and place_admin1 and fold(place_admin1) == admin_key:
                    score += 0.08
                    notes.append("in admin1")
                if bias is not None:
                    km = distance_km(bias[0], bias[1], lat, lon)
                    score += 0.1 * math.exp(-km / 150.0)
                    notes.append(f"{km:.0f} km from bias")
                if bbox is not None:
                    inside = bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]
                    score += 0.08 if inside else 0.0
                why = "; ".join(notes)
            score = _at_most_one(score)
            # Best score first, then the most populous, then by name; the
            # position breaks ties as a stable sort would (no key function).
            key = (-score, -population, name, len(ranked))
            ranked.append((key, score, match, why, name, idx))
        ranked.sort()
        # A negative or None limit slices the deduplicated list, as lists do.
        bounded = isinstance(limit, int) and limit >= 0
        stop = limit if bounded else len(ranked)
        out = []
        cells = self._cells
        seen: dict[tuple[str, str, float, float], list[str]] = {}
        for _, score, match, why, name, idx in ranked:
            if len(out) >= stop:
                break
            cell = cells.get(idx) or self._cell_of(idx)
            same_cell = seen.get(cell)
            if same_cell is None:
                seen[cell] = [name]
            else:  # compare folded names only when the rest is equal
                folded = fold(name)
                if any(fold(other) == folded for other in same_cell):
                    continue
                same_cell.append(name)
            place = self._places[idx] or self.place(idx)
            out.append(make_candidate(place, score, match, why))
        return out if bounded else out[:limit]


@cache
def embedded_gazetteer() -> Gazetteer:
    """Return the gazetteer shipped with the package (loaded once).

    Returns
    -------
    Gazetteer
        GeoNames-derived places, countries, first-level divisions and the
        curated press spellings; see ``data/README.md``.
    """
    ref = resources.files("conflict_geo") / "data" / "places"
    store = read_store(ref, label=str(ref), defer_variants=True)
    return Gazetteer.from_store(store)
