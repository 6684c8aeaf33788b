from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conflict_geo.cli import main
from tests.batch.samples import (
    html_files,
    odd_records,
    records,
    write_acled,
    write_corrupted,
    write_events,
    write_zones,
)

ROOT = Path(__file__).resolve().parents[2]
GATED_CLI = Path(__file__).with_name("gated_cli.py")
XSS_NAME = "<img src=x onerror=alert(1)>.geojson"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_events(folder / "a.geojson", records(5, 2, "2016-03-01", "a"))
    write_events(folder / "b.geojson", records(3, 2, "2016-04-10", "b") + odd_records())
    write_acled(folder / "acled.csv")
    write_zones(folder / "zones.geojson")
    return folder


def test_help_documents_the_batch_options(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["render", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--split-by",
        "--jobs",
        "--engine",
        "--scheduler",
        "--skip-existing",
        "--progress",
        "exit status",
    ):
        assert option in text


def test_folder_split_by_month(tmp_path, folder, capsys):
    out = tmp_path / "maps"
    assert main(["render", str(folder), "-o", str(out), "--split-by", "month"]) == 0
    stdout = capsys.readouterr().out
    assert "index.html" in stdout and "summary:" in stdout and "events" in stdout
    assert set(html_files(out)) == {
        "index.html",
        "2016-03.html",
        "2016-04.html",
        "2016-10.html",
        "2016-11.html",
        "undated.html",
    }
    assert (out / "summary.json").is_file()


def test_quoted_glob(tmp_path, folder, capsys):
    out = tmp_path / "maps"
    code = main(
        ["render", str(folder / "*.geojson"), "-o", str(out), "--split-by", "file"]
    )
    assert code == 0
    assert set(html_files(out)) == {"index.html", "a.html", "b.html", "zones.html"}


def test_summary_counts_events_not_mapped_with_reasons(tmp_path, folder, capsys):
    out = tmp_path / "maps"
    main(["render", str(folder), "-o", str(out), "--split-by", "admin1"])
    stdout = capsys.readouterr().out
    assert "events not mapped, by reason:" in stdout
    assert "input rows kept with problems:" in stdout  # the ACLED row without lat/lon


def test_malicious_file_name_is_escaped_in_the_index(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = write_events(folder / XSS_NAME, records(2, 1))
    out = tmp_path / "maps"
    assert main(["render", str(folder), "-o", str(out), "--split-by", "file"]) == 0
    maps = set(html_files(out)) - {"index.html"}
    assert maps == {"img-src-x-onerror-alert-1.html"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index
    assert "&lt;img src=x onerror=alert(1)&gt;.geojson" in index
    assert 'href="img-src-x-onerror-alert-1.html"' in index
    page = (out / "img-src-x-onerror-alert-1.html").read_text(encoding="utf-8")
    assert "<img src=x onerror=alert(1)>" not in page
    assert evil.is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
        (["--split-by", "day", "--png", "x.png"], "--png"),
        (["--skip-existing"], "--skip-existing needs --split-by"),
        (["--split-by", "day", "--jobs", "0"], "--jobs"),
        (["--split-by", "year"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(tmp_path, folder, capsys, extra, message):
    with pytest.raises(SystemExit) as exc:
        main(["render", str(folder), "-o", str(tmp_path / "out"), *extra])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_output_must_be_a_folder_when_splitting(tmp_path, folder, capsys):
    target = tmp_path / "file.html"
    target.write_text("x")
    with pytest.raises(SystemExit) as exc:
        main(["render", str(folder), "-o", str(target), "--split-by", "day"])
    assert exc.value.code == 2


def test_corrupted_input_is_reported_exit_1_and_the_rest_render(
    tmp_path, folder, capsys
):
    bad = write_corrupted(folder)
    out = tmp_path / "maps"
    code = main(["render", str(folder), "-o", str(out), "--split-by", "file"])
    assert code == 1
    err = capsys.readouterr().err
    for path in bad.values():
        assert f"failed: {path}" in err
    assert {"a.html", "b.html", "acled.html", "good.html", "zones.html"} <= set(
        html_files(out)
    )


def test_progress_bar_on_request(tmp_path, folder, capsys):
    main(
        [
            "render",
            str(folder),
            "-o",
            str(tmp_path / "a"),
            "--split-by",
            "day",
            "--progress",
        ]
    )
    assert "rendering" in capsys.readouterr().err
    main(
        [
            "render",
            str(folder),
            "-o",
            str(tmp_path / "b"),
            "--split-by",
            "day",
            "--no-progress",
        ]
    )
    assert "rendering" not in capsys.readouterr().err


def test_warnings_are_shown_once_per_run(tmp_path, folder, capsys, monkeypatch):
    import warnings

    from conflict_geo.maps.conflict_map import ConflictMap

    to_html = ConflictMap.to_html

    def warned(self, *args, **kwargs):
        warnings.warn("sample map warning", UserWarning, stacklevel=2)
        return to_html(self, *args, **kwargs)

    monkeypatch.setattr(ConflictMap, "to_html", warned)
    main(["render", str(folder), "-o", str(tmp_path / "a"), "--split-by", "day"])
    err = capsys.readouterr().err
    assert err.count("sample map warning") == 1


def test_jobs_2_equals_jobs_1(tmp_path, folder, capsys):
    for jobs in ("1", "2"):
        args = ["render", str(folder), "-o", str(tmp_path / jobs), "--split-by", "week"]
        assert main([*args, "--jobs", jobs, "--offline"]) == 0
    assert html_files(tmp_path / "1") == html_files(tmp_path / "2")


def test_dask_engine_equals_local(tmp_path, folder, capsys):
    pytest.importorskip("distributed")
    base = ["render", str(folder), "--split-by", "month", "--offline"]
    assert main([*base, "-o", str(tmp_path / "local")]) == 0
    code = main(
        [*base, "-o", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "1"]
    )
    assert code == 0
    assert html_files(tmp_path / "local") == html_files(tmp_path / "dask")


def test_ctrl_c_exits_130_and_says_how_to_resume(tmp_path, folder, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("conflict_geo.batch.runner.run_batch", interrupted)
    out = tmp_path / "maps"
    assert main(["render", str(folder), "-o", str(out), "--split-by", "day"]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "--skip-existing" in err
    assert "Traceback" not in err


def _interrupt(command: list[str], out: Path, how: str) -> str:
    """Run ``command`` gated (see ``gated_cli.py``), interrupt it once a map is
    written and every process that wrote one waits; return its stderr."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    ready = out.parent / f"{how}.ready"
    gated = [command[0], str(GATED_CLI), str(ready), *command[3:]]
    with (out.parent / f"{how}.err").open("w+") as err:
        proc = subprocess.Popen(
            gated,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group, as a shell job
        )
        try:
            # Not a race: a process that wrote a map blocks until signalled, so
            # the run cannot end first. The deadline only bounds a broken run.
            deadline = time.monotonic() + 300
            while not ready.exists() and proc.poll() is None:
                assert time.monotonic() < deadline, "no map written in 300 s"
                time.sleep(0.01)
            assert proc.poll() is None, "the gated run ended before its gate"
            if how == "kill":  # kill -9 of the main process only
                proc.send_signal(signal.SIGKILL)
            else:  # Ctrl-C: SIGINT to the whole process group, workers included
                os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        err.seek(0)
        text = err.read()
    expected = -signal.SIGKILL if how == "kill" else 130
    assert proc.returncode == expected, text
    return text


@pytest.mark.slow
@pytest.mark.parametrize(("how", "jobs"), [("kill", "1"), ("ctrl-c", "2")])
def test_interrupted_run_is_completed_by_skip_existing(tmp_path, how, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    write_events(folder / "events.geojson", records(80, 1, "2016-01-01"))
    out = tmp_path / "maps"
    command = [
        sys.executable,
        "-m",
        "conflict_geo",
        "render",
        str(folder),
        "-o",
        str(out),
        "--split-by",
        "day",
        "--no-progress",
    ]
    stderr = _interrupt([*command, "--jobs", jobs], out, how)
    if how == "ctrl-c":
        assert "interrupted" in stderr and "--skip-existing" in stderr
        assert "Traceback" not in stderr
    assert not (out / "index.html").exists()  # the run was cut short
    done = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("2016-*.html")}
    assert 1 <= len(done) < 80
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    rerun = subprocess.run(
        [*command, "--skip-existing", "--jobs", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{80 - len(done)} written, {len(done)} kept" in rerun.stdout
    assert len(html_files(out)) == 81
    for path, (mtime, data) in done.items():
        assert path.stat().st_mtime_ns == mtime and path.read_bytes() == data
    assert not list(out.glob(".*.tmp"))
    fresh = subprocess.run(
        [*command[:6], str(tmp_path / "fresh"), *command[7:]], cwd=ROOT, env=env
    )
    assert fresh.returncode == 0
    # the resumed folder is the one an uninterrupted run leaves, byte for byte
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == {
        p.name: p.read_bytes() for p in sorted((tmp_path / "fresh").iterdir())
    }
