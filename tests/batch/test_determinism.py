from __future__ import annotations

import threading

import folium

from conflict_geo.batch.determinism import stable_ids
from conflict_geo.events.schema import events_frame
from conflict_geo.maps.conflict_map import ConflictMap
from tests.batch.samples import records


def page(seed: str, offline: bool = False) -> str:
    with stable_ids(seed):
        return ConflictMap(
            events_frame(records(5, 3)), title="t", offline=offline
        ).to_html()


def test_same_seed_same_bytes_online_and_offline():
    assert page("a") == page("a")
    assert page("a", offline=True) == page("a", offline=True)


def test_different_seeds_give_different_ids():
    assert page("a") != page("b")


def test_ids_are_random_again_outside_the_context():
    with stable_ids("x"):
        inside = folium.Map().get_name()
    assert folium.Map().get_name() != folium.Map().get_name()
    with stable_ids("x"):
        assert folium.Map().get_name() == inside


def test_contexts_nest():
    with stable_ids("outer"):
        first = folium.Map().get_name()
        with stable_ids("inner"):
            inner = folium.Map().get_name()
        second = folium.Map().get_name()
    with stable_ids("outer"):
        assert folium.Map().get_name() == first
        assert folium.Map().get_name() == second
    with stable_ids("inner"):
        assert folium.Map().get_name() == inner


def test_threads_do_not_share_counters():
    expected = {seed: page(seed) for seed in ("t0", "t1", "t2", "t3")}
    got: dict[str, str] = {}
    barrier = threading.Barrier(4)

    def work(seed: str) -> None:
        barrier.wait()
        got[seed] = page(seed)

    threads = [threading.Thread(target=work, args=(s,)) for s in expected]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected
