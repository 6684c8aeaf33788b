"""The layout of wire copy: datelines.

A dispatch opens its body with where the reporter files from: "BEYROUTH
(Reuters) -", "Suruc —", "BAGHDAD --", "DAMASCUS, July 6 (Xinhua) --",
"Akçakale (Turkey) (AFP) –". That place is a place of the text, but not where
what the dispatch reports happened: :func:`dateline_spans` finds it so that
extraction never takes it for an event location.
"""

from __future__ import annotations

import re

__all__ = ["dateline_spans"]

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
