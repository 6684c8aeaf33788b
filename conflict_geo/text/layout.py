"""The layout of wire copy: datelines and page furniture.

A dispatch opens its body with where the reporter files from: "BEYROUTH
(Reuters) -", "Suruc —", "BAGHDAD --", "DAMASCUS, July 6 (Xinhua) --",
"Akçakale (Turkey) (AFP) –". That place is a place of the text, but not where
what the dispatch reports happened: :func:`dateline_spans` finds it so that
extraction never takes it for an event location.

A dispatch scraped from a web page also carries the page's furniture: a list
of links to other articles under "LIRE AUSSI :" or "Related News", or bullet
lines ("» Syrie : les forcenés de Daech encerclés à Raqqa"). Those headlines
report other days' events: :func:`furniture_spans` finds them so that
extraction reads the dispatch and not its neighbours on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from conflict_geo.lang.lexicon import flatten

__all__ = ["dateline_spans", "furniture_spans"]

#: Agencies whose name in brackets marks a dateline (proper names, any language).
AGENCIES = (
    "AFP",
    "Reuters",
    "AP",
    "Xinhua",
    "UPI",
    "dpa",
    "DPA",
    "Anadolu",
    "AA",
    "SANA",
    "ANSA",
    "EFE",
    "IANS",
    "Rudaw",
)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:[ \-][A-ZÀ-ÖØ-Þa-z][\w'’.\-]*){0,3}"
_CAPS = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+(?:[ \-][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+){0,3}"
_AGENCY = r"\((?:" + "|".join(AGENCIES) + r")\)"
# after the place: ", Syria", ", July 6", ", 16 oct 2017", "(Turkey)"
_QUALIFIER = r"(?:\s*,\s*[^\n()\-–—:]{1,40}?|\s*\([^()\n]{1,30}\))*"
_DASH = r"\s*(?:—|–|--|-|:)\s+"
_DATELINE = re.compile(
    # "BAGHDAD --", "BEYROUTH (Reuters) -", "ERBIL, Kurdistan Region –"
    rf"(?m)^[ \t]*(?P<caps>{_CAPS}){_QUALIFIER}(?:\s*{_AGENCY})*{_DASH}(?=\S)"
    # "Suruc —", "Akçakale (Turkey) (AFP) –", "Bagdad, 16 oct 2017 (AFP) —"
    rf"|^[ \t]*(?P<name>{_NAME}){_QUALIFIER}(?:\s*{_AGENCY})*\s*(?:—|–|--)\s+(?=\S)"
    rf"|^[ \t]*(?P<agency>{_NAME}){_QUALIFIER}(?:\s*{_AGENCY})+{_DASH}(?=\S)"
)
#: A colon after a mixed-case name is a dateline only before a whole paragraph
#: ("Beirut: Islamic State militants have stormed …"); before a short line it
#: is a headline ("Raqqa: des raids de la coalition font 27 morts").
_COLON_NAME = re.compile(rf"(?m)^[ \t]*(?P<name>{_NAME}):\s+(?=\S)")
_PARAGRAPH_MIN = 160


def dateline_spans(text: str) -> list[tuple[int, int]]:
    r"""Return the spans of the places that open datelines in ``text``.

    Parameters
    ----------
    text : str
        A dispatch.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each dateline's place name, in text order.

    Examples
    --------
    >>> text = "Titre\nBEYROUTH (Reuters) - Des raids ont visé Homs."
    >>> [text[a:b] for a, b in dateline_spans(text)]
    ['BEYROUTH']
    >>> dateline_spans("Raqqa: des raids de la coalition font 27 morts\n")
    []
    """
    spans = []
    for m in _DATELINE.finditer(text):
        group = next(g for g in ("caps", "name", "agency") if m.group(g))
        spans.append(m.span(group))
    for m in _COLON_NAME.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - m.end() >= _PARAGRAPH_MIN and not any(
            a <= m.start("name") < b for a, b in spans
        ):
            spans.append(m.span("name"))
    return sorted(spans)


#: A line opening with one of these is a link ("» Syrie : …", "• Mosul: …").
_BULLET = re.compile(r"^[ \t]*[»›•▸►■]")
#: What ends a line of prose (a link's headline ends without it).
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)]*\s*$")
#: A marker and what may follow it on its line ("LIRE AUSSI :", "Read more >>").
_MARKER_TAIL = r"[\s:>»›|\-–—]*"
_LINE = re.compile(r"[^\n]*(?:\n|$)")


def furniture_spans(text: str, markers: Iterable[str]) -> list[tuple[int, int]]:
    r"""Return the spans of a page's furniture in ``text``: links to other articles.

    A line that is a marker ("LIRE AUSSI :", "Related News") opens a list of
    links: the short lines after it that do not end as a sentence does (the
    headlines of other articles) belong to it, until a line of prose. A line
    that opens with a marker and goes on ("READ MORE: IS retakes Palmyra")
    is one link; so is a line that opens with a bullet ("» …", "• …").

    Parameters
    ----------
    text : str
        A dispatch.
    markers : iterable of str
        The flattened words of a marker line, in any language
        (:func:`~conflict_geo.lang.union_words` of ``"related_markers"``).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each furniture line, in text order.

    Examples
    --------
    >>> text = "Raids sur Homs.\nLIRE AUSSI :\n» Assaut sur Raqqa\nMossoul reprise\n"
    >>> [text[a:b].strip() for a, b in furniture_spans(text, ["lire aussi"])]
    ['LIRE AUSSI :', '» Assaut sur Raqqa', 'Mossoul reprise']
    """
    alternatives = "|".join(
        re.escape(m) for m in sorted(set(markers), key=len, reverse=True) if m
    )
    if not alternatives:
        return []
    marker_line = re.compile(rf"[ \t]*(?:{alternatives}){_MARKER_TAIL}", re.I)
    marker_start = re.compile(rf"[ \t]*(?:{alternatives})[ \t]*[:>»›|]", re.I)
    spans: list[tuple[int, int]] = []
    in_list = False
    for m in _LINE.finditer(text):
        a, b = m.span()
        if a == b:
            break
        line = text[a:b].rstrip("\n")
        flat = flatten(line)
        if marker_line.fullmatch(flat):
            in_list = True
        elif not line.strip():
            continue  # a blank line neither opens nor ends a list
        elif not (
            _BULLET.match(line)
            or marker_start.match(flat)
            or (in_list and _headline(line))
        ):
            in_list = False
            continue
        spans.append((a, a + len(line)))
    return spans


def _headline(line: str) -> bool:
    """Whether a line reads as a link's headline: short, not ended as prose."""
    return len(line) < _PARAGRAPH_MIN and not _SENTENCE_END.search(line)
