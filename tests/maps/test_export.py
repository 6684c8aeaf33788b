from __future__ import annotations

import os

import pytest

from conflict_geo.exc import ConfigurationError, RenderError
from conflict_geo.maps import export
from conflict_geo.maps.export import chromium_path, write_atomic


def test_write_atomic_text_and_bytes(tmp_path):
    path = write_atomic(tmp_path / "a.html", "héllo")
    assert path.read_text(encoding="utf-8") == "héllo"
    write_atomic(path, b"\x89PNG")
    assert path.read_bytes() == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_write_atomic_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.html"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(RenderError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_write_atomic_missing_directory(tmp_path):
    with pytest.raises(RenderError, match="cannot write"):
        write_atomic(tmp_path / "nope" / "a.html", "x")


def test_chromium_path_env_and_missing(monkeypatch):
    monkeypatch.setenv("CONFLICT_GEO_CHROMIUM", "/opt/chrome")
    assert chromium_path() == "/opt/chrome"
    monkeypatch.delenv("CONFLICT_GEO_CHROMIUM")
    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    with pytest.raises(ConfigurationError, match="apt-get install chromium"):
        chromium_path()


def test_to_png_missing_html(tmp_path):
    with pytest.raises(RenderError, match="no such HTML"):
        export.to_png(tmp_path / "missing.html", tmp_path / "x.png")
