"""A small inline SVG chart of a batch: events by type and deaths, per map.

One row per map: a bar of its events stacked by type, in the colours and with
the labels of the maps (one-sided violence apart, see
:func:`~conflict_geo.layers.style.style_keys`), and a bar of its deaths, both
scaled to the largest map of the batch. Labels
come from the input (group labels, type names): every text is escaped. The
chart needs no script and nothing from the network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from conflict_geo.batch.report import MapStats
from conflict_geo.layers.style import EVENT_STYLES, event_style, type_label

__all__ = ["batch_chart"]

_ROW = 18  # px per map
_LABEL = 190  # px for the map labels
_LABEL_CHARS = 30  # longer labels are cut (the table below has them whole)
_BAR = 260  # px of the longest events bar
_DEATHS = 160  # px of the longest deaths bar
_DEATH_COLOR = "#555555"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _legend(types: Sequence[str], y: int) -> list[str]:
    out, x = [], _LABEL
    for kind in types:
        label = type_label(kind)
        out.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" '
            f'fill="{_e(event_style(kind)["color"])}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{_e(label)}</text>'
        )
        x += 24 + 7 * len(label)
    out.append(
        f'<rect x="{x}" y="{y}" width="10" height="10" fill="{_DEATH_COLOR}"/>'
        f'<text x="{x + 14}" y="{y + 9}">Killed</text>'
    )
    return out


def batch_chart(maps: Sequence[MapStats]) -> str:
    """Return an ``<svg>`` of events by type and deaths for each map.

    Parameters
    ----------
    maps : sequence of MapStats
        The maps of a batch, in index order.

    Returns
    -------
    str
        An inline SVG element, or ``""`` when there is nothing to draw.
    """
    if not maps:
        return ""
    known = [t for t in EVENT_STYLES if any(m.types.get(t) for m in maps)]
    other = sorted({t for m in maps for t in m.types if t not in EVENT_STYLES})
    types = known + other
    most = max((sum(m.types.values()) or m.events) for m in maps) or 1
    worst = max(m.fatalities for m in maps) or 1
    width = _LABEL + _BAR + 60 + _DEATHS + 60
    height = _ROW * (len(maps) + 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="system-ui,sans-serif" font-size="11">',
        "<title>Events by type and deaths, per map</title>",
    ]
    parts += _legend(types, 2)
    for row, stats in enumerate(maps, start=1):
        y = _ROW * row + 4
        label = stats.label
        if len(label) > _LABEL_CHARS:
            label = label[: _LABEL_CHARS - 1] + "\u2026"
        parts.append(
            f'<text x="{_LABEL - 6}" y="{y + 10}" text-anchor="end">'
            f"<title>{_e(stats.label)}</title>{_e(label)}</text>"
        )
        x = float(_LABEL)
        for kind in types:
            n = stats.types.get(kind, 0)
            if not n:
                continue
            w = _BAR * n / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="12" '
                f'fill="{_e(event_style(kind)["color"])}">'
                f"<title>{_e(type_label(kind))}: {n}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 10}">{sum(stats.types.values())}</text>'
        )
        dx = _LABEL + _BAR + 60
        w = _DEATHS * stats.fatalities / worst
        parts.append(
            f'<rect x="{dx}" y="{y}" width="{w:.1f}" height="12" '
            f'fill="{_DEATH_COLOR}"><title>Killed: {stats.fatalities}</title></rect>'
            f'<text x="{dx + w + 4:.1f}" y="{y + 10}">{stats.fatalities}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
