"""Places the gazetteer lacks or misreads, located where the text puts them.

A dispatch names neighbourhoods, villages and crossings no gazetteer holds,
and says where they are: "le quartier Al-Chaar dans la ville d'Alep", "the
al-Waer neighbourhood of Homs", "le village d'Al-Malaja, situé dans le sud
d'Idleb", "Khalidia à Homs". :func:`locate_in_context` reads that:

* a name the gazetteer does not know, followed by a place it knows with only
  prepositions, kind words and directions between, lies there: it gets a
  :class:`~conflict_geo.places.place.Place` of kind ``vicinity`` (in or near a
  settlement, at its point: precision 2, within about 25 km) or
  ``province_area`` (in a province, at its point: precision 4);
* a name the gazetteer resolved far from the place the text puts it in
  ("al-Kifah … dans le nord-ouest de Tal Afar" is not Kufa) takes the
  gazetteer's place of that name near there, or the same approximate place.

The place is never a guess presented as exact: its kind and precision say how
it was placed, and its ``source`` names the container (``context:Aleppo``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from conflict_geo.places.place import APPROXIMATE_KINDS, POPULATED_KINDS, Place

if TYPE_CHECKING:
    from conflict_geo.lang import Lexicon
    from conflict_geo.places.geoparse import Mention

__all__ = ["CONTAINER_GAP", "NEAR_KM", "locate_in_context"]

#: Longest gap (characters) between a name and the place it is said to lie in.
CONTAINER_GAP = 50
#: A place resolved farther than this from the settlement the text puts it in
#: is another place of that name.
NEAR_KM = 30.0
#: A neighbourhood named with no town after it lies in the town named at most
#: this many characters before.
TOWN_REACH = 600
#: Kinds that can contain a place the gazetteer lacks.
_CONTAINER_KINDS = POPULATED_KINDS | {"admin1", "region", "installation"}
_EARTH_KM = 6371.0088


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def locate_in_context(
    mentions: list[Mention], text: str, flat: str, lex: Lexicon, gazetteer: Any
) -> list[Mention]:
    """Give places the text locates a place; correct those it contradicts.

    Parameters
    ----------
    mentions : list of Mention
        The text's mentions, resolved or not, in text order.
    text, flat : str
        The text as written and flattened (:func:`~conflict_geo.lang.flatten`).
    lex : Lexicon
        The text's language lexicon (prepositions, kind words, directions).
    gazetteer : Gazetteer
        To look for another place of the same name near the container.

    Returns
    -------
    list of Mention
        The same mentions, with places given or corrected.
    """
    gap = lex.rx(
        r"^(?:\s|[,(]|{in_words}\b|{near_words}\b|{of_words}|{determiners}\b"
        r"|{place_prepositions}\b|{settlement_words}\b|{province_words}\b"
        r"|{directions}\b|{situated_words}\b)*$"
    )
    out = list(mentions)
    listed = lex.rx(r"^\s*(?:,|{and_words})\s*(?:{of_words}\s?)?$")
    outside = lex.rx(r"{reference_point}$")
    # right to left: the names of a list lie where its last one does
    # ("les quartiers de Khalidia, Baba Amro et Bab Dreib à Homs")
    for i in reversed(range(len(mentions))):
        m = mentions[i]
        if m.metonymic:
            continue
        shared = _listed_with(m, out[i + 1 :], flat, listed)
        if shared is not None and m.place is None:
            sp = shared.place
            place = Place(
                name=m.text.strip(),
                lat=sp.lat,
                lon=sp.lon,
                country=sp.country,
                admin1=sp.admin1,
                kind=sp.kind,
                source=sp.source,
            )
            out[i] = _replace_place(m, place, shared.reason, score=shared.score)
            continue
        container = _container(m, mentions[i + 1 :], flat, gap, outside)
        if container is None and m.place is None and m.kind_hint == "neighbourhood":
            # "le quartier d'Al-Balad": a part of the town named just before
            container = _town_before(m, out[:i])
        if container is None and m.place is None:
            # "the villages of Al-Jiza and Yaadouda": in the province of the
            # place it is listed with
            sibling = _listed_settlement(m, out, i, flat, listed)
            province = _province_of(gazetteer, sibling) if sibling else None
            if province is not None:
                out[i] = _located(
                    m, province, f"not in the gazetteer, listed with {sibling.text}"
                )
            continue
        if container is None:
            continue
        place = container.place
        if m.place is None:
            out[i] = _located(m, place, "not in the gazetteer")
        elif (
            m.place.kind not in ("country", "admin1") and _km(m.place, place) > NEAR_KM
        ):
            if place.kind == "admin1" and m.place.admin1 == place.admin1:
                continue
            near = _nearest(gazetteer, m.text, place)
            out[i] = (
                _replace_place(m, near, f"the {near.name} near {place.name}")
                if near is not None
                else _located(m, place, f"not {m.place.name}")
            )
    return out


def _container(
    m: Mention, after: Iterable[Mention], flat: str, gap: Any, outside: Any
) -> Mention | None:
    """Return the place right after ``m`` that the words between make its container."""
    for c in after:
        if c.start - m.end > CONTAINER_GAP:
            return None
        if c.place is None or c.metonymic:
            continue
        if c.place.kind not in _CONTAINER_KINDS:
            return None
        between = flat[m.end : c.start]
        if outside.search(between):
            return None  # "north of Aleppo": outside it, how far is not said
        return c if gap.match(between) else None
    return None


def _listed_with(
    m: Mention, after: list[Mention], flat: str, listed: Any
) -> Mention | None:
    """Return the next name of a list with ``m``, if located by context."""
    if not after:
        return None
    c = after[0]
    if c.place is None or c.place.kind not in APPROXIMATE_KINDS:
        return None
    return c if listed.match(flat[m.end : c.start]) else None


def _listed_settlement(
    m: Mention, mentions: list[Mention], i: int, flat: str, listed: Any
) -> Mention | None:
    """Return a settlement listed right beside ``m`` ("Al-Jiza and Yaadouda")."""
    near = []
    if i > 0:
        near.append((mentions[i - 1], flat[mentions[i - 1].end : m.start]))
    if i + 1 < len(mentions):
        near.append((mentions[i + 1], flat[m.end : mentions[i + 1].start]))
    for c, gap in near:
        if (
            c.place is not None
            and not c.metonymic
            and c.place.kind in POPULATED_KINDS
            and listed.match(gap)
        ):
            return c
    return None


def _province_of(gazetteer: Any, m: Mention) -> Place | None:
    """Return the province of a resolved place, from the gazetteer."""
    place = m.place
    if not place.admin1:
        return None
    try:
        hits = gazetteer.lookup(place.admin1, kind="admin1", fuzzy=False, limit=3)
    except Exception:  # a user gazetteer that cannot answer
        return None
    for h in hits:
        if h.place.country == place.country and h.place.kind == "admin1":
            return h.place
    return None


def _town_before(m: Mention, before: list[Mention]) -> Mention | None:
    """Return the settlement named last, within :data:`TOWN_REACH`, before ``m``."""
    for c in reversed(before):
        if m.start - c.end > TOWN_REACH:
            return None
        if c.place is not None and not c.metonymic and c.place.kind in POPULATED_KINDS:
            return c
    return None


def _nearest(gazetteer: Any, name: str, near: Place) -> Place | None:
    """Return the gazetteer's place called ``name`` near ``near``."""
    try:
        hits = gazetteer.lookup(name, fuzzy=False, limit=10, country=near.country)
    except Exception:  # a user gazetteer without the country hint
        return None
    close = [h.place for h in hits if h.match >= 0.87 and _km(h.place, near) <= NEAR_KM]
    return min(close, key=lambda p: _km(p, near)) if close else None


def _located(m: Mention, container: Place, why: str) -> Mention:
    kind = "province_area" if container.kind == "admin1" else "vicinity"
    place = Place(
        name=m.text.strip(),
        lat=container.lat,
        lon=container.lon,
        country=container.country,
        admin1=container.admin1 or (container.name if kind == "province_area" else ""),
        kind=kind,
        source=f"context:{container.name}",
    )
    reason = f"{why}: in {container.name}, as the text says (placed at its point)"
    return _replace_place(m, place, reason, score=0.5)


def _replace_place(
    m: Mention, place: Place, reason: str, score: float | None = None
) -> Mention:
    from conflict_geo.places.geoparse import Mention

    return Mention(
        m.text,
        m.start,
        m.end,
        place,
        m.score if score is None else score,
        m.metonymic,
        m.kind_hint,
        reason,
    )
