import math

import pytest

from conflict_geo.exc import (
    ConflictGeoError,
    EmptyQueryError,
    InputError,
    QueryTypeError,
)
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.place import Place
from tests.conftest import km

# (query, true lat, lon) — GeoNames / UCDP coordinates of the places meant.
SEED_PLACES = {
    "Hass": (35.6161, 36.5907),
    "Idleb": (35.9306, 36.6339),
    "Raqa": (35.9528, 39.0079),
    "Minbej": (36.5281, 37.9549),
    "Tartous": (34.8890, 35.8866),
    "Damas": (33.5102, 36.2913),
    "Alep": (36.2012, 37.1612),
    "Mossoul": (36.3350, 43.1189),
    "Moscou": (55.7522, 37.6156),
    "Bruxelles": (50.8505, 4.3488),
    "Ankara": (39.9199, 32.8543),
    "Washington": (38.8951, -77.0364),
}
ENGLISH = {
    "Hass": "Hass",
    "Idleb": "Idlib",
    "Raqa": "Raqqa",
    "Minbej": "Manbij",
    "Tartous": "Tartus",
    "Damas": "Damascus",
    "Alep": "Aleppo",
    "Mossoul": "Mosul",
    "Moscou": "Moscow",
    "Bruxelles": "Brussels",
    "Ankara": "Ankara",
    "Washington": "Washington",
}


@pytest.fixture(scope="module")
def gaz():
    return embedded_gazetteer()


@pytest.mark.parametrize("query", sorted(SEED_PLACES))
def test_seed_places_french_spelling_within_10_km(gaz, query):
    best = gaz.lookup(query)[0]
    assert km(best.place.lat, best.place.lon, *SEED_PLACES[query]) < 10, best


@pytest.mark.parametrize("query", sorted(SEED_PLACES))
def test_seed_places_english_spelling_within_10_km(gaz, query):
    best = gaz.lookup(ENGLISH[query])[0]
    assert km(best.place.lat, best.place.lon, *SEED_PLACES[query]) < 10, best


def test_idleb_is_the_city_by_default_and_the_governorate_when_asked(gaz):
    assert gaz.lookup("Idleb")[0].place.kind == "city"
    area = gaz.lookup("Idleb", kind="admin1")[0].place
    assert (area.kind, area.country, area.precision) == ("admin1", "SY", 4)


GOVERNORATES = [
    ("Idleb", "Idlib"),
    ("Alep", "Aleppo"),
    ("Raqqa", "Ar-Raqqa"),
    ("Raqa", "Raqqa"),
    ("Deir ez-Zor", "Deir-ez-Zor"),
    ("Hassaké", "Al-Hasakeh"),
    ("Homs", "Homs"),
    ("Hama", "Hama"),
    ("Lattaquié", "Latakia"),
    ("Tartous", "Tartus"),
    ("Damas", "Damascus"),
    ("Rif Dimachq", "Rural Damascus"),
    ("Deraa", "Daraa"),
    ("Soueida", "As-Sweida"),
    ("Qouneitra", "Quneitra"),
]


@pytest.mark.parametrize(("fr", "en"), GOVERNORATES)
def test_every_syrian_governorate_from_french_and_english(gaz, fr, en):
    a = gaz.lookup(fr, kind="admin1", country="SY")[0].place
    b = gaz.lookup(en, kind="admin1", country="SY")[0].place
    assert a == b
    assert a.kind == "admin1"


def test_fourteen_governorates_are_reachable(gaz):
    names = {
        gaz.lookup(fr, kind="admin1", country="SY")[0].place.name
        for fr, _ in GOVERNORATES
    }
    assert len(names) == 14


def test_countries_in_french_and_english(gaz):
    for fr, en, code in [
        ("Syrie", "Syria", "SY"),
        ("Irak", "Iraq", "IQ"),
        ("Turquie", "Turkey", "TR"),
        ("Liban", "Lebanon", "LB"),
    ]:
        assert gaz.lookup(fr, kind="country")[0].place.country == code
        assert gaz.lookup(en)[0].place.country == code


def test_results_explain_themselves(gaz):
    best = gaz.lookup("Minbej")[0]
    assert "alternate name" in best.why and 0 < best.score <= 1
    variant = gaz.lookup("Khan Cheikhoun")[0]
    assert variant.place.name.startswith("Kh") and "spelling variant" in variant.why


def test_fuzzy_is_a_last_resort_and_scored_lower(gaz):
    exact = gaz.lookup("Aleppo")[0]
    typo = gaz.lookup("Alepppo")[0]
    assert typo.place == exact.place
    assert typo.score < exact.score


def test_country_filter_and_hints(gaz):
    assert gaz.lookup("Damascus", country="US")[0].place.country == "US"
    near = gaz.lookup("Adwan", bias=(35.9, 36.5), limit=5)
    assert all(isinstance(c.score, float) for c in near)


def test_descriptor_words_are_understood(gaz):
    assert gaz.lookup("Idlib governorate")[0].place.kind == "admin1"
    assert gaz.lookup("Hass village")[0].place.name == "Hass"


def test_unknown_names_give_nothing(gaz):
    assert gaz.lookup("Qwxzyvkj") == []


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", EmptyQueryError),
        ("   \t\n", EmptyQueryError),
        ("12 34", EmptyQueryError),
        ("---", EmptyQueryError),
        (None, QueryTypeError),
        (42, QueryTypeError),
        ("x" * 1_000_000, InputError),
    ],
)
def test_bad_queries_raise_typed_errors(gaz, query, error):
    with pytest.raises(error) as info:
        gaz.lookup(query)
    assert isinstance(info.value, ConflictGeoError)


def test_non_string_query_is_also_a_type_error(gaz):
    with pytest.raises(TypeError):
        gaz.lookup(["Hass"])


def test_bad_country_code(gaz):
    with pytest.raises(InputError):
        gaz.lookup("Hass", country="Syria")


def test_no_place_at_zero_zero(gaz):
    assert not any(p.lat == 0 and p.lon == 0 for p in gaz)
    assert all(math.isfinite(p.lat) and math.isfinite(p.lon) for p in gaz)


def test_user_gazetteer_extends_a_copy():
    base = Gazetteer([Place("Alpha", 1.0, 2.0, "SY")], name="base")
    extra = Gazetteer([Place("Alpha", 3.0, 4.0, "SY")])
    merged = base.copy()
    merged.extend(extra, priority=0.15)
    assert len(base) == 1 and len(merged) == 2
    assert merged.lookup("Alpha")[0].place.lat == 3.0


def test_shipped_keys_match_the_normaliser(gaz):
    # Guards against a normaliser change without rebuilding the data.
    from conflict_geo.places.store import name_keys

    for idx in range(0, len(gaz), 997):
        place = gaz.place(idx)
        assert gaz._folds_of(idx) == name_keys([place.name, *place.names])[0]


def test_trigram_pairs_sorted_and_distinct_in_both_layouts():
    import numpy as np

    from conflict_geo.places.fuzzy import _sorted_pairs

    rng = np.random.default_rng(5)
    for high in (1_000, 2**60):  # packed into one integer, then too large to
        gram = rng.integers(0, high, 400, dtype=np.int64)
        gram[::3] = gram[0]
        key_of = rng.integers(0, 7, 400, dtype=np.int32)
        out_gram, out_key = _sorted_pairs(gram, key_of, 7)
        expected = sorted(set(zip(gram.tolist(), key_of.tolist(), strict=True)))
        assert list(zip(out_gram.tolist(), out_key.tolist(), strict=True)) == expected


def test_trigram_index_against_brute_force():
    from collections import Counter

    from conflict_geo.places.fuzzy import TrigramIndex, trigrams

    keys = [
        "hass",
        "hassa",
        "has",
        "al hasakah",
        "hama",
        "homs",
        "ma arrat al numan",
        "حماه",
        "حمص",
        "aaaa",
        "a",
    ] * 3
    index = TrigramIndex(keys, max_df=0.2)
    found = {t for k in keys for t in trigrams(k)}
    for gram in found | {"zzz", "   "}:
        having = [i for i, k in enumerate(keys) if gram in trigrams(k)]
        expect = having if 0 < len(having) <= index._max_postings else []
        assert index.postings(gram).tolist() == expect, gram
    for query in ["hass", "hasaka", "homs", "حماة", "aaa", "qqqq"]:
        shared = Counter(
            i for gram in trigrams(query) for i in index.postings(gram).tolist()
        )
        got = index.candidates(query, limit=5)
        assert len(got) == min(5, len(shared)) == len(set(got))
        counts = [shared[i] for i in got]
        assert counts == sorted(counts, reverse=True)
        rest = [c for i, c in shared.items() if i not in got]
        assert all(c <= counts[-1] for c in rest)


def test_fast_constructors_equal_the_dataclass_ones():
    import dataclasses

    from conflict_geo.places.place import Candidate, make_candidate, make_place

    place = Place("Hass", 35.6161, 36.5907, "SY", "Idlib", "village", 9, "s", ("Has",))
    fast = make_place(*(getattr(place, f.name) for f in dataclasses.fields(Place)))
    assert fast == place and fast.names == place.names and repr(fast) == repr(place)
    candidate = Candidate(place, 0.93, 0.97, "alternate name 'has'")
    made = make_candidate(fast, 0.93, 0.97, "alternate name 'has'")
    assert made == candidate and hash(made) == hash(candidate)
    assert repr(made) == repr(candidate) and made.to_dict() == candidate.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.score = 1.0


def test_only_record_is_the_first_lookup_answer(gaz):
    from conflict_geo.places.place import place_fields

    queries = ["Hass", "Idleb", "Damas", "Homs", "Tall", "Al Bab", "حلب", "Hassef"]
    queries += [gaz.place(i).name for i in range(3, len(gaz), 401)]
    queries += [n for i in range(7, len(gaz), 1301) for n in gaz.place(i).names[:3]]
    several = 0
    for query in queries:
        try:
            first = gaz.lookup(query, limit=1)
        except EmptyQueryError:
            with pytest.raises(EmptyQueryError):
                gaz.only_record(query)
            continue
        record = gaz.only_record(query)
        assert record is not None and first, query
        assert record == (place_fields(first[0].place), first[0].score, first[0].why)
        several += type(gaz._exact[_folded(query)]) is str
    assert several > 3
    assert gaz.only_record("Qwxzyvkj") is None  # no exact name: ask lookup
    built = Gazetteer([Place("Hass", 1.0, 2.0, "SY", names=("Has",))])
    assert built.only_record("Hass") is None  # not a shipped posting
    with pytest.raises(QueryTypeError):
        gaz.only_record(5)


def _folded(query):
    from conflict_geo.text.normalize import fold

    return fold(query.strip())


def test_records_of_added_places_rank_as_before():
    # A user's places are ranked from values read off the Place itself.
    places = [
        Place("Tall", 1.0, 2.0, "SY", "Homs", "village", 500, "u", ("Tal",)),
        Place("Tall", 1.04, 2.04, "SY", "Homs", "village", 90, "u", ()),
        Place("Tall", 5.0, 6.0, "IQ", "Ninawa", "town", 20_000, "u", ()),
        Place("Tal", 3.0, 4.0, "SY", "", "capital", 0, "u", ("Tall",)),
    ]
    gaz = Gazetteer(places)
    found = gaz.lookup("Tall")
    assert [c.place for c in found] == [places[2], places[0], places[3]]
    assert found[0].place is places[2]  # the user's own objects
    assert [c.why for c in found] == ["name", "name", "alternate name 'tall'"]
    hinted = gaz.lookup("Tall", admin1="Homs", bias=(1.0, 2.0), bbox=(0, 0, 3, 3))
    assert hinted[0].place is places[0] and "in admin1" in hinted[0].why
    assert [c.place for c in gaz.lookup("Tall", country="IQ")] == [places[2]]
    assert gaz.lookup("Tall", kind="admin1") == []


def test_candidate_records_equal_the_dataclass_dicts():
    import dataclasses

    from conflict_geo.places.place import Candidate, candidate_record, place_fields

    place = Place("Hass", 35.6161, 36.5907, "SY", "Idlib", "village", 9, "s", ("H",))
    candidate = Candidate(place, 0.912345678, 0.97, "alternate name 'h'")
    want = {**place.to_dict(), "score": 0.9123, "why": "alternate name 'h'"}
    got = candidate.to_dict()
    assert list(got.items()) == list(want.items())
    assert candidate_record(place_fields(place), 0.912345678, candidate.why) == got
    assert place_fields(place) == dataclasses.astuple(place)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Tagged(Place):
        tag: str = "x"

        def to_dict(self):
            return {**Place.to_dict(self), "tag": self.tag}

    assert Candidate(Tagged("Hass", 1.0, 2.0), 0.5, 1.0, "name").to_dict()["tag"]


def test_trigram_candidates_rank_by_shared_trigrams_then_id(gaz):
    # Among keys sharing as many trigrams, the lowest positions come first:
    # a partition's choice among equals depends on the CPU (AVX-512 or not),
    # and it decides which of several equally close names a lookup reports.
    from collections import Counter

    from conflict_geo.places.fuzzy import trigrams

    def reference(index, key, limit):
        shared = Counter(i for g in trigrams(key) for i in index.postings(g).tolist())
        return sorted(shared, key=lambda i: (-shared[i], i))[:limit]

    index = gaz._fuzzy_index()
    keys = ["hass", "damasvus", "al hasakah", "kafr tsad", "sao joao da parnaiba"]
    keys += [index.keys[i][:-1] + "x" for i in range(0, len(index.keys), 4999)]
    for key in keys:
        for limit in (1, 5, 40):
            assert index.candidates(key, limit) == reference(index, key, limit), key
