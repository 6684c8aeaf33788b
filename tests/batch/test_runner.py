from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conflict_geo.batch.engines import LocalEngine, make_engine
from conflict_geo.batch.report import read_stats
from conflict_geo.batch.runner import run_batch
from conflict_geo.batch.tasks import MapOptions
from tests.batch.samples import (
    html_files,
    odd_records,
    records,
    write_acled,
    write_corrupted,
    write_events,
    write_zones,
)

DEVSET = Path(__file__).resolve().parents[1] / "data" / "devset"


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_events(folder / "a.geojson", records(6, 2, "2016-03-01", "a"))
    write_events(folder / "b.geojson", records(4, 3, "2016-03-29", "b") + odd_records())
    write_acled(folder / "acled.csv")
    write_zones(folder / "zones.geojson")
    return folder


def all_files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (maps, index, summary, unmapped CSVs), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run(inputs, out, by, **kw):
    return run_batch([inputs], out, split_by=by, progress=False, **kw)


@pytest.mark.parametrize("by", ["day", "week", "month", "admin1", "file"])
def test_each_split_writes_maps_index_and_summary(tmp_path, inputs, by):
    out = tmp_path / by
    report = run(inputs, out, by)
    assert report.ok, report.failures
    names = {m.html for m in report.maps}
    assert names == set(html_files(out)) - {"index.html"}
    assert len(report.maps) > 1
    index = (out / "index.html").read_text(encoding="utf-8")
    for stats in report.maps:
        assert f'href="{stats.html}"' in index
        assert read_stats(out / stats.html) == stats
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["maps"] == len(report.maps)
    # every event is on exactly one map (3 ACLED + 12 + 12 + 3 odd = 30)
    assert report.events == summary["events"] == 30
    assert report.mapped + sum(report.not_mapped.values()) >= report.events - 1


def test_month_split_groups(tmp_path, inputs):
    report = run(inputs, tmp_path / "out", "month")
    assert [m.name for m in report.maps] == [
        "2016-03",
        "2016-04",
        "2016-10",
        "2016-11",
        "undated",
    ]
    # the event without coordinates is reported, with its reason
    assert sum(report.not_mapped.values()) >= 2  # it and the ACLED row without lat/lon
    assert (tmp_path / "out" / "2016-03_unmapped.csv").is_file()


def test_zones_are_drawn_on_every_map_when_splitting_by_time(tmp_path, inputs):
    report = run(inputs, tmp_path / "out", "month")
    assert all(m.layers.get("Control zones", 0) >= 1 for m in report.maps), [
        m.layers for m in report.maps
    ]


def test_jobs_2_equals_jobs_1_byte_for_byte(tmp_path, inputs):
    for by in ("day", "file"):
        one = tmp_path / f"{by}1"
        two = tmp_path / f"{by}2"
        run(inputs, one, by)
        with LocalEngine(2) as engine:
            run(inputs, two, by, engine=engine)
        assert html_files(one) == html_files(two)
        assert (one / "summary.json").read_bytes() == (
            two / "summary.json"
        ).read_bytes()


def test_same_input_gives_byte_identical_html(tmp_path, inputs):
    options = MapOptions(title="T", offline=True)
    run(inputs, tmp_path / "x", "week", options=options)
    run(inputs, tmp_path / "y", "week", options=options)
    assert html_files(tmp_path / "x") == html_files(tmp_path / "y")


def test_dask_engine_equals_local(tmp_path, inputs):
    pytest.importorskip("distributed")
    run(inputs, tmp_path / "local", "admin1")
    with make_engine("dask", 1, processes=False) as engine:
        report = run(inputs, tmp_path / "dask", "admin1", engine=engine)
    assert report.ok
    assert html_files(tmp_path / "local") == html_files(tmp_path / "dask")


def test_corrupted_inputs_are_reported_and_the_rest_render(tmp_path, inputs):
    bad = write_corrupted(inputs)
    for by in ("month", "file"):
        report = run(inputs, tmp_path / by, by)
        failed = {Path(f.what).name for f in report.failures}
        assert failed == {p.name for p in bad.values()}
        messages = " | ".join(f.message for f in report.failures)
        assert "binary file" in messages and "not valid UTF-8" in messages
        assert "empty file" in messages and "invalid JSON" in messages
        assert report.events > 0 and len(report.maps) > 1
        index = (tmp_path / by / "index.html").read_text(encoding="utf-8")
        assert "truncated.geojson" in index  # failures listed in the index too


def test_skip_existing_keeps_complete_maps_and_redraws_missing_ones(tmp_path, inputs):
    out = tmp_path / "out"
    first = run(inputs, out, "day")
    maps = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    deleted = maps[::3]
    kept = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in maps if p not in deleted}
    for path in deleted:
        path.unlink()
    # a map cut short (not by us: write_atomic never leaves one) is redrawn
    broken = maps[1]
    broken.write_bytes(broken.read_bytes()[:500])
    kept.pop(broken)
    # and a temp file left by a killed write is cleaned up
    (out / ".2016-03-01.html.abc123.tmp").write_text("partial")
    second = run(inputs, out, "day", skip_existing=True)
    assert second.ok
    assert second.written == len(deleted) + 1
    assert second.kept == len(kept)
    for path, (mtime, data) in kept.items():
        assert path.stat().st_mtime_ns == mtime and path.read_bytes() == data
    assert html_files(out).keys() == {*(p.name for p in maps), "index.html"}
    assert [m.to_dict() for m in second.maps] == [m.to_dict() for m in first.maps]
    assert not list(out.glob(".*.tmp"))
    fresh = tmp_path / "fresh"
    run(inputs, fresh, "day")
    # the resumed folder is the one a run never interrupted leaves, byte for byte
    assert all_files(fresh) == all_files(out)


def test_skip_existing_by_file_does_not_reload_kept_inputs(
    tmp_path, inputs, monkeypatch
):
    out = tmp_path / "out"
    run(inputs, out, "file")

    def no_loading(path):
        raise AssertionError(f"{path} was loaded again")

    monkeypatch.setattr("conflict_geo.batch.load.load_input", no_loading)
    report = run(inputs, out, "file", skip_existing=True)
    assert report.ok and report.written == 0 and report.kept == 4


def test_skip_existing_redraws_maps_whose_input_or_options_changed(tmp_path, inputs):
    out = tmp_path / "out"
    run(inputs, out, "file")
    write_events(inputs / "b.geojson", records(2, 1, "2016-05-01", "b2"))
    report = run(inputs, out, "file", skip_existing=True)
    assert [m.name for m in report.maps if not m.kept] == ["b"]
    assert report.kept == 3 and read_stats(out / "b.html").events == 2
    # another title: every map is drawn again
    report = run(inputs, out, "file", skip_existing=True, options=MapOptions("New"))
    assert report.written == 4 and report.kept == 0


def test_skip_existing_by_month_redraws_only_the_groups_that_changed(tmp_path, inputs):
    out = tmp_path / "out"
    first = run(inputs, out, "month")
    # a new input with October events: only October's map changes
    write_events(inputs / "c.geojson", records(2, 1, "2016-10-05", "c"))
    report = run(inputs, out, "month", skip_existing=True)
    assert [m.name for m in report.maps] == [m.name for m in first.maps]
    assert [m.name for m in report.maps if not m.kept] == ["2016-10"]
    fresh = tmp_path / "fresh"
    run(inputs, fresh, "month")
    assert html_files(fresh) == html_files(out)


def test_ucdp_split_by_month(tmp_path, ucdp_path):
    with LocalEngine(2) as engine:
        report = run_batch(
            [ucdp_path], tmp_path, split_by="month", engine=engine, progress=False
        )
    assert report.ok
    names = [m.name for m in report.maps]
    assert names[:12] == [f"2016-{m:02d}" for m in range(1, 13)]
    assert names[12:] == ["2016"]  # events UCDP dates only to the year
    assert report.events == 6170
    assert report.mapped + sum(report.not_mapped.values()) == 6170


@pytest.fixture
def dispatches(tmp_path):
    folder = tmp_path / "dispatches"
    folder.mkdir()
    for src in sorted(DEVSET.glob("*.txt"))[:8]:
        shutil.copy(src, folder / src.name)
    return folder


@pytest.mark.slow
def test_dispatches_split_by_file_and_month(tmp_path, dispatches):
    for by in ("file", "month"):
        one = run(dispatches, tmp_path / f"{by}1", by)
        assert one.ok, one.failures
        assert one.events > 0 and one.mapped > 0
        with LocalEngine(2) as engine:
            run(dispatches, tmp_path / f"{by}2", by, engine=engine)
        assert html_files(tmp_path / f"{by}1") == html_files(tmp_path / f"{by}2")
    assert len(one.maps) >= 2


def test_dispatch_errors_are_reported_per_file(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01binary")
    (folder / "latin1.txt").write_bytes(
        "date 2016-03-01\nAlep a \xe9t\xe9".encode("latin-1")
    )
    write_events(folder / "good.geojson", records(2, 1))
    report = run(folder, tmp_path / "out", "file")
    messages = {Path(f.what).name: f.message for f in report.failures}
    assert "binary file" in messages["binary.txt"]
    assert "not UTF-8" in messages["latin1.txt"]
    assert [m.name for m in report.maps] == ["good"]


def test_group_digest_follows_events_label_options_and_zones(tmp_path):
    from conflict_geo.batch.tasks import RenderJob, group_digest
    from conflict_geo.events.schema import events_frame

    def job(recs, label="L", options=None, zones=()):
        frame = events_frame(recs)
        frame["tags"] = [["a", "b"]] * len(frame)  # lists hash through their text
        options = options or MapOptions()
        return RenderJob("g", label, str(tmp_path), options, frame, list(zones))

    base = group_digest(job(records(3, 1)))
    assert base == group_digest(job(records(3, 1)))
    assert len(base) == 32
    changed = records(3, 1)
    changed[1]["fatalities"] = 99
    others = [
        job(changed),
        job(records(3, 1)[:2]),
        job(records(3, 1), label="M"),
        job(records(3, 1), options=MapOptions(offline=True)),
    ]
    assert base not in {group_digest(j) for j in others}
    assert len({group_digest(j) for j in others}) == len(others)


class RemoteLikeEngine(LocalEngine):
    """A local engine that, like a remote Dask cluster, gets absolute paths."""

    scheduler = "tcp://cluster.invalid:8786"


def test_workers_given_absolute_paths_draw_the_same_maps(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    folder.mkdir()
    for src in sorted(DEVSET.glob("*.txt"))[:2]:
        shutil.copy(src, folder / src.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    monkeypatch.chdir(tmp_path)
    for by in ("file", "month"):
        local = run("d", f"local-{by}", by)
        remote = run("d", f"remote-{by}", by, engine=RemoteLikeEngine(1))
        assert local.events > 0 and [f.message for f in local.failures] == [
            f.message for f in remote.failures
        ]
        assert str(tmp_path) not in (
            tmp_path / f"remote-{by}" / "index.html"
        ).read_text(encoding="utf-8")
        assert all_files(tmp_path / f"local-{by}") == all_files(
            tmp_path / f"remote-{by}"
        )
