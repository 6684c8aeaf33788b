import pytest
from geopy import exc as gexc
from geopy.geocoders.base import Geocoder as GeopyGeocoder
from geopy.location import Location

import conflict_geo
from conflict_geo import exc
from conflict_geo.geocoders import BACKENDS, Geocoder, get_geocoder
from conflict_geo.geocoders.chain import ChainGeocoder
from conflict_geo.geocoders.gazetteer import GazetteerGeocoder
from conflict_geo.geocoders.online import GeocodeCache, OnlineGeocoder
from conflict_geo.places.gazetteer import Gazetteer
from conflict_geo.places.place import Place


class FakeService(GeopyGeocoder):
    """A geopy backend that answers from a dict and counts calls (no network)."""

    def __init__(self, answers=None, error=None):
        super().__init__()
        self.answers = answers or {}
        self.error = error
        self.calls = []

    def geocode(self, query, exactly_one=True, **kwargs):
        self.calls.append((query, kwargs))
        if self.error:
            raise self.error
        found = self.answers.get(query)
        if found is None:
            return None
        loc = Location(found[0], found[1], {"place_id": 7})
        return loc if exactly_one else [loc]


def test_top_level_geocode_returns_geopy_location():
    loc = conflict_geo.geocode("Tartous")
    assert isinstance(loc, Location)
    assert loc.raw["country"] == "SY" and loc.raw["kind"] == "city"
    assert loc.raw["source_backend"] == "embedded"
    assert conflict_geo.geocode("Idleb", kind="admin1").raw["kind"] == "admin1"
    assert conflict_geo.geocode("Qwxzyvkj") is None


def test_exactly_one_false_gives_ranked_list():
    locs = get_geocoder("embedded").geocode("Damascus", exactly_one=False, limit=3)
    assert 1 < len(locs) <= 3
    assert [loc.raw["rank_score"] for loc in locs] == sorted(
        (loc.raw["rank_score"] for loc in locs), reverse=True
    )


def test_backends_implement_the_protocol():
    assert isinstance(GazetteerGeocoder(), Geocoder)
    online = OnlineGeocoder(FakeService(), cache=None, min_delay_seconds=0)
    assert isinstance(online, Geocoder)
    assert isinstance(ChainGeocoder([online]), Geocoder)
    assert set(BACKENDS) == {"embedded", "online", "chain"}
    with pytest.raises(exc.ConfigurationError):
        get_geocoder("nope")


def test_online_uses_cache_and_rate_limiter(tmp_path):
    service = FakeService({"Hass": ("Hass, Syria", (35.6, 36.6))})
    cache = tmp_path / "cache.sqlite"
    online = OnlineGeocoder(service, cache=cache, min_delay_seconds=0)
    first = online.geocode("Hass", country="SY")
    assert first.latitude == 35.6 and service.calls[0][1]["country_codes"] == ["sy"]
    again = OnlineGeocoder(service, cache=cache, min_delay_seconds=0).geocode(
        "Hass", country="SY"
    )
    assert again.address == first.address
    assert len(service.calls) == 1  # answered from the persistent cache
    assert online.geocode("Unknown") is None


@pytest.mark.parametrize(
    ("error", "ours", "builtin"),
    [
        (gexc.GeocoderTimedOut("slow"), exc.GeocoderTimeoutError, TimeoutError),
        (gexc.GeocoderUnavailable("down"), exc.GeocoderUnavailable, ConnectionError),
        (gexc.GeocoderQueryError("bad"), exc.GeocoderQueryError, ValueError),
        (gexc.GeocoderQuotaExceeded("quota"), exc.GeocoderServiceError, RuntimeError),
    ],
)
def test_online_errors_are_typed(error, ours, builtin):
    # No wait between retries (5 s by default: two retries took 10 s per case).
    service = FakeService(error=error)
    online = OnlineGeocoder(
        service, cache=None, min_delay_seconds=0, error_wait_seconds=0
    )
    with pytest.raises(ours) as info:
        online.geocode("Hass")
    assert isinstance(info.value, builtin) and isinstance(
        info.value, exc.ConflictGeoError
    )
    assert len(service.calls) == 3  # geopy's service errors are retried twice


def test_online_retry_defaults_and_checks():
    online = OnlineGeocoder(FakeService(), cache=None)
    limiter = online._limited
    assert (limiter.min_delay_seconds, limiter.max_retries) == (1.0, 2)
    assert limiter.error_wait_seconds == 5.0
    slow = OnlineGeocoder(FakeService(), cache=None, min_delay_seconds=8)
    assert slow._limited.error_wait_seconds == 8  # never below the delay
    with pytest.raises(exc.ConfigurationError):
        OnlineGeocoder(FakeService(), cache=None, error_wait_seconds=0.5)
    with pytest.raises(exc.ConfigurationError):
        OnlineGeocoder(FakeService(), cache=None, max_retries=-1)


def test_online_validates_queries_before_any_request():
    service = FakeService()
    online = OnlineGeocoder(service, cache=None, min_delay_seconds=0)
    with pytest.raises(exc.EmptyQueryError):
        online.geocode("  ")
    assert service.calls == []


def test_chain_goes_online_only_when_offline_fails():
    service = FakeService({"Tall Qaramel": ("Tall Qaramel, Syria", (36.3, 37.2))})
    chain = ChainGeocoder(
        [GazetteerGeocoder(), OnlineGeocoder(service, cache=None, min_delay_seconds=0)]
    )
    assert chain.geocode("Minbej").raw["name"] == "Manbij"
    assert service.calls == []
    assert chain.geocode("Tall Qaramel").latitude == 36.3
    assert len(service.calls) == 1


def test_geocode_cache_roundtrip():
    cache = GeocodeCache(":memory:")
    cache.set("k", [{"a": 1}])
    assert cache.get("k") == [{"a": 1}] and cache.get("missing") is None


def test_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, conflict_geo; "
        "heavy = ('geopandas', 'folium', 'spacy', 'pandas'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_fast_locations_equal_geopy_constructed_ones():
    import pickle

    from geopy.point import Point

    from conflict_geo.geocoders.base import make_location, make_point

    raw = {"name": "Hass", "score": 0.9}
    for lat, lon in [(35.6161, 36.5907), (0.0, -0.0), (-90.0, 180.0)]:
        fast = make_location("Hass, Idlib, SY", make_point(lat, lon), dict(raw))
        slow = Location("Hass, Idlib, SY", Point(lat, lon), dict(raw))
        assert fast == slow and repr(fast) == repr(slow) and str(fast) == str(slow)
        assert tuple(fast) == tuple(slow) and list(fast) == list(slow)
        assert (fast.latitude, fast.longitude, fast.altitude) == (
            slow.latitude,
            slow.longitude,
            slow.altitude,
        )
        assert fast.point == slow.point and fast.raw == slow.raw
        assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(TypeError):  # geopy's own checks still apply
        make_location(None, make_point(1.0, 2.0), {})


def test_geocoder_locations_match_their_ranked_candidates():
    from geopy.point import Point

    from conflict_geo.geocoders.plausible import Context, rank
    from conflict_geo.places.gazetteer import embedded_gazetteer

    geocoder = GazetteerGeocoder()
    for query in ["Hass", "Idleb", "Damascus", "Alepppo", "Raqqa province", "Has"]:
        locs = geocoder.geocode(query, exactly_one=False, limit=3)
        found = embedded_gazetteer().lookup(query, limit=20)
        ranked = rank(query, found, Context(focus=geocoder.focus))[:3]
        assert len(locs) == len(ranked) > 0
        for loc, r in zip(locs, ranked, strict=True):
            p = r.candidate.place
            address = ", ".join(x for x in (p.name, p.admin1, p.country) if x)
            assert (loc.address, loc.point) == (address, Point(p.lat, p.lon))
            raw = {**r.candidate.to_dict(), "source_backend": "embedded"}
            extra = {"rank_score": round(r.score, 4), "plausible": r.plausible}
            if not r.plausible:
                extra["why_not"] = r.why_not
            assert loc.raw == {**raw, **extra}


def test_geocoder_fast_path_equals_the_full_path():
    # exactly_one without hints is answered from the gazetteer's values alone
    # (Gazetteer.only_record, record_location) when the place is in the core
    # focus: the same Location as the full path (a hint forces that one).
    from conflict_geo.places.gazetteer import embedded_gazetteer

    gaz = embedded_gazetteer()
    geocoder = GazetteerGeocoder()
    extended = GazetteerGeocoder(
        extra=[Gazetteer([Place("Hass", 1.0, 2.0, "SY", "Idlib", "village")])]
    )
    queries = ["Hass", "Idleb", "Damas", "Homs", "Al Bab", "Tall", "Minbej", "حلب"]
    queries += [gaz.place(i).name for i in range(0, len(gaz), 211)]
    queries += [n for i in range(5, len(gaz), 997) for n in gaz.place(i).names[:2]]
    for query in queries:
        for coder in (geocoder, extended):
            try:
                want = coder.geocode(query, fuzzy=True)  # a hint: the full path
            except exc.InputError:
                with pytest.raises(exc.InputError):
                    coder.geocode(query)
                continue
            got = coder.geocode(query)
            assert got == want and repr(got) == repr(want), query
            if got is not None:
                assert list(got.raw.items()) == list(want.raw.items()), query
                assert tuple(got) == tuple(want)


def _fold_query(query):
    from conflict_geo.text.normalize import fold

    return fold(query.strip())


def test_a_gazetteer_subclass_lookup_is_not_bypassed():
    from conflict_geo.geocoders.gazetteer import GazetteerGeocoder
    from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer

    class Pinned(Gazetteer):
        def lookup(self, query, **hints):
            return embedded_gazetteer().lookup("Aleppo", **hints)

    assert GazetteerGeocoder(Pinned([])).geocode("Hass").raw["name"] == "Aleppo"
