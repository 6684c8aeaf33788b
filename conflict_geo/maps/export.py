"""Write maps to disk: atomic HTML (and CSV) writes, PNG through Chromium.

A file is written to a temporary name in the target directory and moved into
place with :func:`os.replace`, so a reader never sees a half-written map and a
failure leaves any earlier file untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from os import PathLike
from pathlib import Path
from typing import Any

from conflict_geo._compat import import_optional_dependency
from conflict_geo.exc import ConfigurationError, RenderError

__all__ = [
    "CHROMIUM_ARGS",
    "chromium_path",
    "launch_chromium",
    "to_png",
    "to_pngs",
    "unmapped_csv_text",
    "write_atomic",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP
#: "CSV injection"): such cells get a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Flags for a quiet, sandbox-free headless Chromium that calls no Google service.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def write_atomic(path: str | PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    path : str or path-like
        Target file; its directory must exist.
    data : str or bytes
        Text is written as UTF-8.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    RenderError
        When the file cannot be written (the target is left as it was).
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as err:
        raise RenderError(f"cannot write {target}: {err.strerror}") from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise RenderError(f"cannot write {target}: {err.strerror}") from err
        raise
    return target


def unmapped_csv_text(frame: Any) -> str:
    """Return ``frame`` as CSV text whose cells no spreadsheet runs as formulas.

    Event text comes from untrusted dispatches and files: a cell such as
    ``=HYPERLINK("http://…")`` is written ``'=HYPERLINK("http://…")``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The events not drawn.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> print(unmapped_csv_text(pd.DataFrame({"a": ["=1+1", "Hass"], "n": [-1, 2]})))
    a,n
    '=1+1,-1
    Hass,2
    <BLANKLINE>
    """
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or str(safe[col].dtype) in ("string", "str"):
            safe[col] = safe[col].map(_defused)
    return safe.to_csv(index=False)


def _defused(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def chromium_path() -> str:
    """Return the Chromium executable to drive.

    ``$CONFLICT_GEO_CHROMIUM`` wins, then ``chromium`` or ``chromium-browser``
    on the ``PATH``.

    Returns
    -------
    str

    Raises
    ------
    ConfigurationError
        When no Chromium is installed.
    """
    env = os.environ.get("CONFLICT_GEO_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise ConfigurationError(
        "PNG export needs Chromium: install it (Debian: `apt-get install chromium`) "
        "or set CONFLICT_GEO_CHROMIUM"
    )


@contextlib.contextmanager
def launch_chromium():
    """Start headless Chromium through Playwright with a fresh profile.

    Yields
    ------
    playwright.sync_api.Browser
    """
    sync_api = import_optional_dependency(
        "playwright.sync_api", extra="browser", purpose="PNG export"
    )
    executable = chromium_path()
    with (
        tempfile.TemporaryDirectory(prefix="conflict-geo-chromium-") as profile,
        sync_api.sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=list(CHROMIUM_ARGS),
            headless=True,
        )
        try:
            yield context
        finally:
            context.close()


def to_png(
    html_path: str | PathLike[str],
    png_path: str | PathLike[str],
    width: int = 1200,
    height: int = 800,
    *,
    timeout: float = 30.0,
    settle: float = 0.5,
) -> Path:
    """Render an HTML map to a PNG with headless Chromium.

    Waits until the conflict_geo layers report they are drawn
    (``window.__conflictGeoReady``), then for tiles to settle.

    Parameters
    ----------
    html_path : str or path-like
        A map written by :meth:`ConflictMap.save` or :func:`render`.
    png_path : str or path-like
        Where to write the PNG (atomically).
    width, height : int
        Viewport size in CSS pixels.
    timeout : float, default 30.0
        Seconds to wait for the page.
    settle : float, default 0.5
        Extra seconds for tiles after the layers are ready.

    Returns
    -------
    pathlib.Path
        The PNG written.

    Raises
    ------
    RenderError
        When the page does not load or draw in time.
    """
    source = Path(html_path).resolve()
    if not source.is_file():
        raise RenderError(f"no such HTML file: {source}")
    # Playwright's sync API refuses to run inside an asyncio loop (Jupyter, or
    # another Playwright session): drive the browser from a worker thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        image = pool.submit(_screenshot, source, width, height, timeout, settle)
        return write_atomic(png_path, image.result())


#: Scripts a drawn map needs: a page whose Leaflet (online maps load it from a
#: CDN) or conflict_geo runtime did not load would give a blank image.
_MISSING_SCRIPTS = """() => {
  if (typeof window.L === "undefined") return "Leaflet";
  if (!window.conflictGeo) return "the conflict_geo runtime";
  return "";
}"""
#: The runtime sets this once every layer is drawn (conflict_geo.js).
_DRAWN = "() => window.__conflictGeoReady === true"


def to_pngs(
    pairs: list[tuple[str | PathLike[str], str | PathLike[str]]],
    width: int = 480,
    height: int = 320,
    *,
    timeout: float = 30.0,
    settle: float = 0.5,
) -> list[Path]:
    """Render several HTML maps to PNGs with one headless Chromium.

    Parameters
    ----------
    pairs : list of (html_path, png_path)
        Maps and where to write their pictures (atomically).
    width, height : int
        Viewport size in CSS pixels (a thumbnail by default).
    timeout, settle : float
        As for :func:`to_png`.

    Returns
    -------
    list of pathlib.Path
        The PNGs written.

    Raises
    ------
    RenderError
        When a page does not load or draw in time.
    """
    sources = [(Path(h).resolve(), png) for h, png in pairs]
    for source, _ in sources:
        if not source.is_file():
            raise RenderError(f"no such HTML file: {source}")

    def shoot_all() -> list[bytes]:
        with launch_chromium() as context:
            return [
                _shoot(context, source, width, height, timeout, settle)
                for source, _ in sources
            ]

    with ThreadPoolExecutor(max_workers=1) as pool:
        images = pool.submit(shoot_all).result()
    return [
        write_atomic(png, image)
        for (_, png), image in zip(sources, images, strict=True)
    ]


def _screenshot(
    source: Path, width: int, height: int, timeout: float, settle: float
) -> bytes:
    with launch_chromium() as context:
        return _shoot(context, source, width, height, timeout, settle)


def _shoot(
    context: Any,
    source: Path,
    width: int,
    height: int,
    timeout: float,
    settle: float,
) -> bytes:
    """Draw one page in an open browser context and return its PNG.

    A page whose scripts did not load (an online map with no network) or
    that never reports being drawn is an error: no blank PNG is written.
    """
    page = context.new_page()
    try:
        page.set_viewport_size({"width": int(width), "height": int(height)})
        try:
            page.goto(source.as_uri(), wait_until="load", timeout=timeout * 1000)
        except Exception as err:  # playwright raises its own error types
            raise RenderError(f"cannot render {source} to PNG: {err}") from err
        missing = page.evaluate(_MISSING_SCRIPTS)
        if missing:
            raise RenderError(
                f"cannot render {source} to PNG: {missing} did not load (no "
                "network? render with --offline for a self-contained map); no PNG "
                "written"
            )
        try:
            page.wait_for_function(_DRAWN, timeout=timeout * 1000)
        except Exception as err:
            raise RenderError(
                f"cannot render {source} to PNG: the map did not finish drawing "
                f"in {timeout:g} s ({err}); no PNG written"
            ) from err
        errors = page.evaluate("() => window.conflictGeo.errors")
        if errors:
            raise RenderError(
                f"cannot render {source} to PNG: the map reported "
                f"{'; '.join(errors)}; no PNG written"
            )
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=settle * 4000)
        time.sleep(settle)
        try:
            return page.screenshot(full_page=False, type="png")
        except Exception as err:
            raise RenderError(f"cannot render {source} to PNG: {err}") from err
    finally:
        page.close()
