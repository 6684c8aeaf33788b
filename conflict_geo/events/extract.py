"""Extract conflict incidents from a dispatch, as events.

The pipeline reads like the text:

1. the dispatch is cut into blocks and sentences
   (:mod:`conflict_geo.text.sentences`), its dateline found
   (:mod:`conflict_geo.text.layout`);
2. :func:`~conflict_geo.places.geoparse.geoparse` finds and resolves its places;
3. each sentence gives *findings* (:mod:`conflict_geo.events.findings`): the
   words of the language's lexicon (:mod:`conflict_geo.lang`) that report an
   event, tied to the place the sentence puts them at
   (:mod:`conflict_geo.events.linking`), with the toll, date, status, actor
   and source the sentence gives;
4. the findings of the document are resolved into incidents
   (:mod:`conflict_geo.incidents.resolve`): a headline, a lead and body
   sentences that tell one air strike are one event, at the most precise
   place, with the latest toll.

Nothing is dropped silently: a trigger with no place in the text, a place the
gazetteer cannot resolve, or a place that only stands for a government
("Damas a accusé") is listed in ``frame.attrs["unmapped"]`` with the reason.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conflict_geo.events.event import Event
from conflict_geo.events.findings import report, sentence_findings, shift
from conflict_geo.exc import QueryTypeError
from conflict_geo.incidents.resolve import HISTORY_DAYS, resolve_incidents
from conflict_geo.lang import get_lexicon, union_words
from conflict_geo.places.context import province_of_place
from conflict_geo.places.geoparse import Mention, geoparse
from conflict_geo.text.dates import Reference
from conflict_geo.text.document import Document, parse_date_prefix
from conflict_geo.text.lang import check_language, detect_language
from conflict_geo.text.layout import dateline_spans, furniture_spans
from conflict_geo.text.sentences import iter_blocks, split_sentences

if TYPE_CHECKING:
    import geopandas

    from conflict_geo.places.gazetteer import Gazetteer
    from conflict_geo.places.ner import EntityModel

__all__ = [
    "HISTORY_DAYS",
    "Extraction",
    "extract",
    "extract_document",
    "extract_events",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Events and everything that could not be mapped, for one document.

    Parameters
    ----------
    events : list of Event
        One per incident, in the order the text first reports them.
    mentions : list of Mention
        Every place mention, with offsets in the document.
    unmapped : list of dict
        ``{"doc", "text", "start", "end", "reason"}`` for each trigger or
        mention that did not become a mapped event.
    lang : str
        The language used.
    """

    events: list[Event]
    mentions: list[Mention]
    unmapped: list[dict[str, Any]]
    lang: str


def extract_events(
    text: str,
    lang: str | None = None,
    date: Any = None,
    *,
    doc: str = "",
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
    block_chars: int = 100_000,
    history_days: int | None = HISTORY_DAYS,
    fold_battles: bool = True,
) -> Extraction:
    """Extract the incidents ``text`` reports, as :class:`Event` objects.

    Parameters
    ----------
    text : str
        The dispatch. A leading ``date YYYY[-MM[-DD]]`` line is read as the
        document date when ``date`` is not given.
    lang : str, optional
        A language of :func:`~conflict_geo.lang.available_languages`
        (``"fr"``, ``"en"``); detected from the text when omitted.
    date : str or datetime.date, optional
        The dispatch date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), against
        which "mercredi" or "last week" are resolved.
    doc : str, optional
        A name for the document, copied to each event.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.
    model : EntityModel, str or None, default "auto"
        The named-entity model of :func:`~conflict_geo.places.geoparse.geoparse`;
        None uses the gazetteer recogniser alone.
    block_chars : int, default 100000
        Long texts are processed in blocks of whole paragraphs of about this
        size, so memory stays bounded whatever the length; incidents are
        resolved within a block.
    history_days : int or None, default 14
        An incident the text dates more than this many days before the
        dispatch, and tells as over (a town taken, a strike), is background
        ("la ville, tombée aux mains de l'EI en janvier 2014"), not what the
        dispatch reports: it is listed in ``unmapped``. None keeps them all.
    fold_battles : bool, default True
        A town taken is one incident with the assault, fighting and fire of
        the capturer that led to it ("recaptured Kasab … fighting … under
        frequent bombardment"); False keeps each an event of its own.

    Returns
    -------
    Extraction
        Events, place mentions and the unmapped report, offsets in ``text``.

    Raises
    ------
    QueryTypeError
        ``text`` is not a string.
    InputError
        ``date`` is not a valid date, or ``lang`` has no lexicon.
    """
    if not isinstance(text, str):
        raise QueryTypeError(f"text must be a string, not {type(text).__name__}")
    check_language(lang)  # before anything: an empty text in "de" is an error too
    body, prefix_date = parse_date_prefix(text)
    base = len(text) - len(body)
    reference = Reference.parse(date if date is not None else prefix_date)
    lang = lang or detect_language(body)
    lex = get_lexicon(lang)
    events: list[Event] = []
    mentions: list[Mention] = []
    unmapped: list[dict[str, Any]] = []
    province_of = functools.partial(province_of_place, gazetteer)
    for offset, block in iter_blocks(body, block_chars):
        found = geoparse(block, lang, gazetteer=gazetteer, model=model)
        mentions.extend(shift(m, base + offset) for m in found)
        datelines = dateline_spans(block)
        furniture = furniture_spans(block, union_words("related_markers"))
        sentences = [
            s
            for s in split_sentences(block)
            if not any(a <= s.start < b for a, b in furniture)
        ]
        findings: list[Event] = []
        reasons: dict[int, str] = {}
        named: list[Mention] = []  # literal places so far, the last first
        for number, sentence in enumerate(sentences):
            inside = [m for m in found if sentence.start <= m.start < sentence.end]
            new, missed, why = sentence_findings(
                sentence,
                inside,
                reference,
                lex,
                doc=doc,
                offset=base + offset,
                index=number,
                datelines=datelines,
                antecedents=named,
                province_of=province_of,
            )
            # (a dateline's town may be "the town" the dispatch is about)
            named[:0] = [
                m for m in reversed(inside) if m.place is not None and not m.metonymic
            ]
            findings.extend(new)
            unmapped.extend(missed)
            reasons.update(why)
        starts = [s.start + base + offset for s in sentences]
        incidents, left = resolve_incidents(
            findings,
            starts,
            reasons,
            reference=reference,
            history_days=history_days,
            fold_battles=fold_battles,
        )
        events.extend(incidents)
        unmapped.extend(left)
    for m in mentions:
        if m.place is None:
            unmapped.append(report(doc, m.text, m.start, m.end, m.reason))
    return Extraction(events, mentions, unmapped, lang)


# --- public entry points ------------------------------------------------------------


def _frame(extraction: Extraction, doc: str) -> geopandas.GeoDataFrame:
    from conflict_geo.events.schema import events_frame

    records = [
        e.to_record(f"text:{doc}:{i}" if doc else f"text:{i}")
        for i, e in enumerate(extraction.events)
    ]
    frame = events_frame(records)
    frame.attrs["unmapped"] = extraction.unmapped
    frame.attrs["lang"] = extraction.lang
    return frame


def extract(
    text: str,
    lang: str | None = None,
    date: Any = None,
    *,
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
    history_days: int | None = HISTORY_DAYS,
    fold_battles: bool = True,
) -> geopandas.GeoDataFrame:
    """Extract the events a dispatch reports, as a GeoDataFrame.

    Parameters
    ----------
    text : str
        A dispatch in French or English. A leading ``date YYYY[-MM[-DD]]``
        line is read as the dispatch date.
    lang : {"fr", "en"}, optional
        Detected when omitted.
    date : str or datetime.date, optional
        The dispatch date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default; pass a copy with pinned places
        (:meth:`~conflict_geo.places.gazetteer.Gazetteer.add`) to correct a
        geocode.
    model : EntityModel, str or None, default "auto"
        As :func:`extract_events`.
    history_days : int or None, default 14
        As :func:`extract_events`.
    fold_battles : bool, default True
        As :func:`extract_events`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident in the shared schema
        (:data:`~conflict_geo.events.schema.EVENT_COLUMNS`), EPSG:4326 points
        at the place (a province or a country for low-precision events, see
        ``precision``). ``attrs["unmapped"]`` lists what could not be placed.

    Examples
    --------
    >>> events = extract("Des frappes aériennes ont tué 12 civils à Saraqeb mardi.",
    ...                  date="2016-10-27")
    >>> events[["event_type", "place", "fatalities", "date"]].values.tolist()
    [['strike', 'Saraqib', 12, Timestamp('2016-10-25 00:00:00')]]
    """
    found = extract_events(
        text,
        lang,
        date,
        gazetteer=gazetteer,
        model=model,
        history_days=history_days,
        fold_battles=fold_battles,
    )
    return _frame(found, "")


def extract_document(
    document: Document,
    *,
    lang: str | None = None,
    gazetteer: Gazetteer | None = None,
    model: EntityModel | str | None = "auto",
) -> geopandas.GeoDataFrame:
    """Extract events from a :class:`~conflict_geo.text.document.Document`.

    Parameters
    ----------
    document : Document
        From :func:`~conflict_geo.text.document.read_document`; its ``date``
        and ``source`` (the file name) are used.
    lang : {"fr", "en"}, optional
        Detected when omitted.
    gazetteer : Gazetteer, optional
        The embedded gazetteer by default.
    model : EntityModel, str or None, default "auto"
        As :func:`extract_events`.

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`extract`, with ``doc`` set to the document's source.
    """
    name = document.source or ""
    found = extract_events(
        document.text, lang, document.date, doc=name, gazetteer=gazetteer, model=model
    )
    return _frame(found, name)


def iter_extract(documents: Iterator[Document]) -> Iterator[geopandas.GeoDataFrame]:
    """Extract events from many documents, one frame per document.

    Parameters
    ----------
    documents : iterator of Document
        Dispatches.

    Yields
    ------
    geopandas.GeoDataFrame
        As :func:`extract_document`.
    """
    for document in documents:
        yield extract_document(document)
