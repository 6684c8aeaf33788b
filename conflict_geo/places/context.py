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
* a name followed by a direction or a distance from a place it knows
  ("Adra, au nord de Damas", "al-Mansoura, a town some 25 kilometres
  southwest of Raqqa", the words of :mod:`conflict_geo.lang.placement`) lies
  there: at that distance and bearing (kind ``offset``, precision 2), or
  around the landmark when the text gives only one of them (``landmark_area``,
  precision 3; ``vicinity`` for a distance within 25 km);
* a name the gazetteer resolved far from the place the text puts it in
  ("al-Kifah … dans le nord-ouest de Tal Afar" is not Kufa) takes the
  gazetteer's place of that name near there, or the same approximate place.

The place is never a guess presented as exact: its kind and precision say how
it was placed, and its ``source`` names the container (``context:Aleppo``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from geopy.distance import geodesic

from conflict_geo.places.boundaries import admin1_area, part_point
from conflict_geo.places.place import (
    APPROXIMATE_KINDS,
    POPULATED_KINDS,
    Place,
    km_between,
)

if TYPE_CHECKING:
    from conflict_geo.lang import Lexicon
    from conflict_geo.lang.placement import RelativePosition
    from conflict_geo.places.geoparse import Mention

__all__ = ["CONTAINER_GAP", "NEAR_KM", "locate_in_context", "province_of_place"]

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
#: Kinds a place can be placed from by a direction or a distance ("au nord de
#: Damas"): a point, not a province or a country.
_LANDMARK_KINDS = POPULATED_KINDS | {"installation"}
#: A bare name of these kinds is the province the text named by that name
#: (a national capital is the capital: "une source à Damas").
_PROVINCE_TOWN_KINDS = POPULATED_KINDS - {"capital"}
#: A distance alone within this many km is "in the vicinity" (precision 2).
VICINITY_KM = 25.0
#: A place the gazetteer resolved is kept when it lies within this many km of
#: where a direction without a distance puts it.
DIRECTION_KM = 100.0


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
    # ("la province d'Idleb" … "dans le sud d'Idleb": the province)
    mentions = _named_province_kept(mentions)
    out = list(mentions)
    listed = lex.rx(r"^\s*(?:,|{and_words})\s*(?:{of_words}\s?)?$")
    # "the Idleb town of Khan Sheikhoun": the kind word is the next name's
    # ("the X town of Y" says where Y is; "the Qadam neighbourhood of
    # Damascus" is in it), or "au nord de", "20 km from"
    outside = lex.rx(
        r"{reference_point}$|^\s*(?!(?:{town_part_words})\b)(?:{settlement_words})"
        r"\s+(?:{of_words})\s*(?:{determiners}\s?)?$"
    )
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
        relative = _relative(m, mentions[i + 1 :], flat, lex)
        if relative is not None:
            landmark, position = relative
            placed = _from_landmark(m, landmark.place, position, gazetteer)
            if placed is not None:
                out[i] = placed
            continue
        container = _container(m, mentions[i + 1 :], flat, gap, outside)
        if container is None and m.place is None:
            # "the villages of Al-Jiza and Yaadouda", "les secteurs de Flita et
            # Rankous": in the province of the place it is listed with
            sibling = _listed_settlement(m, out, i, flat, listed)
            province = province_of_place(gazetteer, sibling.place) if sibling else None
            if province is not None:
                out[i] = _located(
                    m, province, f"not in the gazetteer, listed with {sibling.text}"
                )
                continue
        if container is None and m.place is None and m.kind_hint == "neighbourhood":
            # "le quartier d'Al-Balad": a part of the town named just before
            container = _town_before(m, out[:i])
        if container is None:
            continue
        if container is None:
            continue
        place = container.place
        if m.place is None:
            part = _part_of(place, flat[m.end : container.start], lex)
            out[i] = _located(m, place, "not in the gazetteer", part=part)
        elif (
            m.place.kind not in ("country", "admin1")
            and km_between(m.place, place) > NEAR_KM
            # "Après Homs, Idleb": two towns a comma joins are a list; a
            # place the gazetteer knows is moved only by words
            and not (
                place.kind in POPULATED_KINDS and _bare(flat[m.end : container.start])
            )
        ):
            if place.kind == "admin1" and m.place.admin1 == place.admin1:
                continue
            near = _nearest(gazetteer, m.text, place)
            if near is None and place.kind == "admin1":
                # "Yabroud, dans la province de Damas": the press names a
                # province loosely; a town the gazetteer knows stays put
                continue
            out[i] = (
                _replace_place(m, near, f"the {near.name} near {place.name}")
                if near is not None
                else _located(m, place, f"not {m.place.name}")
            )
    return _same_name_same_place(out)


def _named_province_kept(mentions: list[Mention]) -> list[Mention]:
    """Give a name the text calls a province, and never a town, the province.

    "a two-week battle in the southern province of Daraa" … "a wide-scale
    offensive in Daraa", "Barrel Bombs Kill 18 Near School in Daraa" …
    "several parts of Daraa province": the copy speaks of the province, whose
    capital shares its name. A text that also names the town ("la ville
    d'Alep", "Raqqa city", "Deir ez-Zor, chef-lieu de la province") keeps the
    town for the bare name; so does a national capital ("une source à Damas").
    """
    named: dict[str, Mention] = {}
    settled: set[str] = set()
    for m in mentions:
        key = m.text.strip().casefold()
        if m.kind_hint == "admin1" and m.place is not None and m.place.kind == "admin1":
            named.setdefault(key, m)
        elif m.kind_hint == "populated":
            settled.add(key)
    if not named.keys() - settled:
        return mentions
    out = []
    for m in mentions:
        key = m.text.strip().casefold()
        province = named.get(key)
        if (
            province is not None
            and key not in settled
            and m.kind_hint is None
            and not m.metonymic
            and m.place is not None
            and m.place.kind in _PROVINCE_TOWN_KINDS
            and m.place.country == province.place.country
            and m.place.admin1 == province.place.admin1
        ):
            m = _replace_place(
                m,
                province.place,
                f"the province the text names so ('{province.text}' as a province)",
            )
        out.append(m)
    return out


def _same_name_same_place(mentions: list[Mention]) -> list[Mention]:
    """Give a name the text placed once the same place where it recurs.

    "la ville d'Adra, au nord de Damas" … "Adra": one name is one place in a
    dispatch, whether the headline names it before the body places it or
    after.
    """
    placed: dict[str, Mention] = {}
    for m in mentions:
        if m.place is not None and m.place.kind in APPROXIMATE_KINDS:
            placed.setdefault(m.text.strip().casefold(), m)
    if not placed:
        return mentions
    out = []
    for m in mentions:
        first = placed.get(m.text.strip().casefold())
        if m.place is None and not m.metonymic and first is not None:
            reason = f"{first.reason} (placed where the text names it first)"
            m = _replace_place(m, first.place, reason, score=first.score)
        out.append(m)
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


def _relative(
    m: Mention, after: Iterable[Mention], flat: str, lex: Lexicon
) -> tuple[Mention, RelativePosition] | None:
    """Return the landmark right after ``m`` and where the words between put ``m``."""
    if lex.placement is None:
        return None
    for c in after:
        if c.start - m.end > CONTAINER_GAP:
            return None
        if c.place is None or c.metonymic:
            continue
        if c.place.kind not in _LANDMARK_KINDS:
            return None
        position = lex.placement.read(flat[m.end : c.start])
        return None if position is None else (c, position)
    return None


def _from_landmark(
    m: Mention, landmark: Place, position: RelativePosition, gazetteer: Any
) -> Mention | None:
    """Place ``m`` from a landmark, or check the place it resolved to.

    Returns None when the place the gazetteer gave agrees with the text.
    """
    point = landmark
    if position.km is not None and position.bearing is not None:
        dest = geodesic(kilometers=position.km).destination(
            (landmark.lat, landmark.lon), bearing=position.bearing
        )
        point = Place(
            name=landmark.name,
            lat=round(dest.latitude, 5),
            lon=round(dest.longitude, 5),
            country=landmark.country,
            admin1=landmark.admin1,
            kind=landmark.kind,
        )
        kind = "offset"
        slack = NEAR_KM
    elif position.km is not None:
        kind = "vicinity" if position.km <= VICINITY_KM else "landmark_area"
        slack = position.km + NEAR_KM
    else:
        kind = "landmark_area"
        slack = DIRECTION_KM
    said = _said(position, landmark)
    if m.place is not None:
        if m.place.kind in ("country", "admin1") or km_between(m.place, point) <= slack:
            return None  # the gazetteer's place is where the text says
        near = _nearest(gazetteer, m.text, point, slack)
        if near is not None:
            return _replace_place(m, near, f"the {near.name} {said}")
    place = Place(
        name=m.text.strip(),
        lat=point.lat,
        lon=point.lon,
        country=landmark.country,
        admin1=landmark.admin1,
        kind=kind,
        source=f"context:{landmark.name}",
    )
    why = "not in the gazetteer" if m.place is None else f"not {m.place.name}"
    return _replace_place(m, place, f"{why}: {said}, as the text says", score=0.5)


def _said(position: RelativePosition, landmark: Place) -> str:
    """Say where a position puts a place: "25 km at 225° from Raqqa"."""
    parts = []
    if position.km is not None:
        parts.append(f"{position.km:g} km")
    if position.bearing is not None:
        parts.append(_COMPASS[round(position.bearing / 45) % len(_COMPASS)])
    return f"{' '.join(parts)} {'of' if position.bearing is not None else 'from'} " + (
        landmark.name
    )


#: Names of the eight bearings, from north clockwise.
_COMPASS = tuple(
    "north north-east east south-east south south-west west north-west".split()
)


def _bare(gap: str) -> bool:
    """Whether a gap holds no word, only spaces and punctuation."""
    return not any(ch.isalnum() for ch in gap)


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


def province_of_place(gazetteer: Any, place: Place) -> Place | None:
    """Return the province (``admin1`` place) of a place, from the gazetteer.

    Parameters
    ----------
    gazetteer : Gazetteer or None
        Where to look (the embedded gazetteer when None).
    place : Place
        A resolved place.

    Returns
    -------
    Place or None
        None when the place has no province or the gazetteer none of that name.
    """
    if gazetteer is None:
        from conflict_geo.places.gazetteer import embedded_gazetteer

        gazetteer = embedded_gazetteer()
    if not place.admin1 or place.kind in ("admin1", "country"):
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


def _nearest(
    gazetteer: Any, name: str, near: Place, within: float = NEAR_KM
) -> Place | None:
    """Return the gazetteer's place called ``name`` within ``within`` km of ``near``."""
    try:
        hits = gazetteer.lookup(name, fuzzy=False, limit=10, country=near.country)
    except Exception:  # a user gazetteer without the country hint
        return None
    close = [
        h.place for h in hits if h.match >= 0.87 and km_between(h.place, near) <= within
    ]
    return min(close, key=lambda p: km_between(p, near)) if close else None


def _part_of(area: Place, gap: str, lex: Lexicon) -> tuple[float, float, str] | None:
    """Return the point of the part of a province the words name, and the words.

    "le village d'Al-Malaja, situé dans le sud d'Idleb": a point in the
    southern part of the province's polygon (the shipped admin-1 boundary),
    not its centre.
    """
    if area.kind != "admin1" or lex.placement is None:
        return None
    bearing = lex.placement.part(gap)
    if bearing is None:
        return None
    geom = admin1_area(area.admin1 or area.name, area.country)
    if geom is None:
        return None
    point = part_point(geom, bearing)
    return point.y, point.x, f"{_COMPASS[round(bearing / 45) % 8]} of {area.name}"


#: Compass points by eighth of a turn, for the reasons given.
_COMPASS = (
    "north",
    "north-east",
    "east",
    "south-east",
    "south",
    "south-west",
    "west",
    "north-west",
)


def _located(
    m: Mention,
    container: Place,
    why: str,
    *,
    part: tuple[float, float, str] | None = None,
) -> Mention:
    kind = "province_area" if container.kind == "admin1" else "vicinity"
    lat, lon = (part[0], part[1]) if part else (container.lat, container.lon)
    place = Place(
        name=m.text.strip(),
        lat=round(lat, 5),
        lon=round(lon, 5),
        country=container.country,
        admin1=container.admin1 or (container.name if kind == "province_area" else ""),
        kind=kind,
        source=f"context:{container.name}",
    )
    reason = f"{why}: in {container.name}, as the text says (placed at its point)"
    if part is not None:
        reason = f"{why}: in the {part[2]}, as the text says (placed in that part)"
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
