"""``index.html``: one page linking every map of a batch, with its numbers.

A chart (inline SVG, :func:`~conflict_geo.batch.chart.batch_chart`) shows the
events by type and the deaths of every map; with ``--thumbnails`` a picture of
each map (``<name>.png`` beside it) is embedded as a ``data:`` URI, so the page
stays one self-contained file. Labels, file names and failure messages come
from the input (file names, place names, exception text): everything is
HTML-escaped, links are percent-encoded relative URLs, and the page carries a
Content Security Policy that allows no script at all. The page is the same
bytes for the same run results and pictures (no timestamps).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from urllib.parse import quote

from conflict_geo.batch.chart import batch_chart
from conflict_geo.batch.report import BatchReport

__all__ = ["index_html", "write_index"]

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.fail{color:#a00}
small{color:#666}
img.thumb{display:block;width:240px;border:1px solid #ccc}
svg.chart{max-width:100%;height:auto}
""".strip()

_SPLITS = {
    "day": "one map per day",
    "week": "one map per ISO week",
    "month": "one map per month",
    "admin1": "one map per first-level division",
    "file": "one map per input file",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _counts(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    rows = [f"<h2>{_e(title)}</h2>", "<table>"]
    rows += [
        f'<tr><td class="n">{n}</td><td>{_e(reason)}</td></tr>'
        for reason, n in counts.items()
    ]
    rows.append("</table>")
    return rows


def index_html(
    report: BatchReport,
    title: str | None = None,
    thumbnails: Mapping[str, bytes] | None = None,
) -> str:
    """Return the index page of a batch.

    Parameters
    ----------
    report : BatchReport
        The run's results.
    title : str, optional
        Page heading (``--title``).
    thumbnails : mapping, optional
        PNG bytes by map name, shown beside each map's link.

    Returns
    -------
    str
        A standalone HTML page.
    """
    heading = title or "Conflict maps"
    split = _SPLITS.get(report.split_by or "", "")
    not_mapped = report.not_mapped
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(heading)}</h1>",
        f"<p>{_e(split)}{': ' if split else ''}{len(report.maps)} maps from "
        f"{len(report.inputs)} inputs; {report.events} events, "
        f"{report.mapped} mapped, {report.as_zones} drawn as control zones, "
        f"{sum(not_mapped.values())} not mapped.</p>",
        batch_chart(report.maps),
        "<table>",
        '<tr><th>Map</th><th class="n">Events</th><th class="n">Mapped</th>'
        '<th class="n">As zones</th><th class="n">Not mapped</th>'
        "<th>Not mapped, by reason</th></tr>",
    ]
    pictures = dict(thumbnails or {})
    for stats in report.maps:
        href = quote(stats.html)
        reasons = "; ".join(f"{_e(r)}: {n}" for r, n in stats.not_mapped.items())
        picture = ""
        if stats.name in pictures:
            data = base64.b64encode(pictures[stats.name]).decode("ascii")
            picture = (
                f'<a href="{_e(href)}"><img class="thumb" alt="{_e(stats.label)}" '
                f'src="data:image/png;base64,{data}"></a>'
            )
        parts.append(
            f'<tr><td>{picture}<a href="{_e(href)}">{_e(stats.label)}</a> '
            f"<small>{_e(stats.html)}</small></td>"
            f'<td class="n">{stats.events}</td><td class="n">{stats.mapped}</td>'
            f'<td class="n">{stats.as_zones}</td>'
            f'<td class="n">{stats.n_not_mapped}</td><td>{reasons}</td></tr>'
        )
    parts.append("</table>")
    parts += _counts("Events not mapped, by reason", not_mapped)
    parts += _counts("Mentions text extraction could not place", report.unplaced)
    parts += _counts("Input rows kept with problems", report.row_problems)
    if report.failures:
        parts.append(f'<h2 class="fail">Failed ({len(report.failures)})</h2>')
        parts.append("<ul>")
        parts += [
            f'<li class="fail">{_e(failure.message)}</li>'
            for failure in report.failures
        ]
        parts.append("</ul>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_index(
    report: BatchReport, path: str | PathLike[str], title: str | None = None
) -> Path:
    """Write :func:`index_html` atomically, with the maps' thumbnails.

    Parameters
    ----------
    report : BatchReport
    path : str or path-like
        Usually ``<output folder>/index.html``; a ``<name>.png`` beside a map
        (``--thumbnails``) is shown in the index.
    title : str, optional
        Page heading.

    Returns
    -------
    pathlib.Path
    """
    from conflict_geo.maps.export import write_atomic

    folder = Path(path).parent
    pictures = {
        stats.name: (folder / f"{stats.name}.png").read_bytes()
        for stats in report.maps
        if (folder / f"{stats.name}.png").is_file()
    }
    return write_atomic(path, index_html(report, title, pictures))
