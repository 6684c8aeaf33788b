"""Words that report conflict events in French and English news copy.

Every pattern is written against :func:`flatten`-ed text (lower case, accents
and typographic apostrophes removed, same length as the original, so match
offsets are offsets in the original). The tables are data: adding a phrasing
means adding a line here, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ACTORS",
    "SOURCES",
    "TRIGGERS",
    "Trigger",
    "find_triggers",
    "flatten",
]


class _Flat(dict[int, str]):
    """``str.translate`` table: one lower-case, unaccented char per char."""

    def __missing__(self, code: int) -> str:
        import unicodedata

        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            low = char
        base = unicodedata.normalize("NFKD", low)[:1] or low
        if not base.isascii() and low in "œæ":
            base = low
        value = {"’": "'", "‘": "'", "`": "'", "´": "'", "\u2011": "-"}.get(low, base)
        self[code] = value
        return value


_FLAT = _Flat()


def flatten(text: str) -> str:
    """Lower-case and strip accents, keeping every character's offset.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        Same length as ``text``.

    Examples
    --------
    >>> flatten("Tombée aux mains de l’EI")
    "tombee aux mains de l'ei"
    """
    return text.translate(_FLAT)


@dataclass(frozen=True, slots=True)
class Trigger:
    """Words in a sentence that say an event happened.

    Parameters
    ----------
    event_type : str
        Schema event type.
    sub_type : str or None
        Finer type.
    start, end : int
        Offsets in the sentence.
    status : str or None
        A status the words themselves imply (``"ongoing"`` for "bastion").
    verbal : bool
        The trigger is a verb or a predicate of holding (the place is its
        object or subject), not a noun.
    """

    event_type: str
    sub_type: str | None
    start: int
    end: int
    status: str | None = None
    verbal: bool = False


_Row = tuple[str, str | None, str | None, bool, str]


def _row(
    event_type: str, sub_type: str | None, status: str | None, verbal: bool, *alts: str
) -> _Row:
    return (event_type, sub_type, status, verbal, "|".join(alts))


_DAYS = "dimanche|lundi|mardi|mercredi|jeudi|vendredi|samedi|hier|le \\d+"
_FLAG = "(?:ont |a )?(?:hisse|plante|planter?) (?:le|leur) drapeau"
# First matching row wins on overlapping spans: specific rows come first.
_ROWS: list[_Row] = [
    _row(
        "base",
        "air base",
        "ongoing",
        False,
        r"bases? (?:aeriennes?|aero\w+|militaires?|navales?|russes?|americaines?"
        r"|turques?|iraniennes?|de la coalition)",
        r"(?:air|naval|military|army|airfield) ?bases?|airbases?",
        r"aerodrome militaire|military airports?|aeroport militaire",
    ),
    _row(
        "base",
        "garrison",
        "ongoing",
        True,
        r"garrisons?|garnisons?|are stationed|sont stationnes|stationed (?:at|in)",
        r"(?:sont|est) deployes? (?:a|dans)",
    ),
    # a threat or a plan to take a place is a planned offensive
    _row(
        "offensive",
        "threat",
        "planned",
        True,
        r"(?:determinee?s?|pret(?:e|s|es)?|menace(?:nt)?|a menace|ont menace)"
        r" (?:a|d'|de) (?:\w+ ){0,3}?"
        r"(?:nettoyer|chasser|attaquer|reprendre|liberer|prendre"
        r"|etendre (?:l'|son |leur )?offensive|marcher)",
        r"(?:threatened|vowed|pledged|determined|ready) to (?:\w+ ){0,2}?"
        r"(?:clear|attack|take|retake|capture|seize|drive|oust"
        r"|extend (?:the|its|their) offensive|march)",
    ),
    # holding a place
    _row(
        "control_change",
        "held",
        "ongoing",
        False,
        r"(?:derniers? |principal |grand |dernier grand |principaux )?"
        r"(?:bastions?|fiefs?)",
        r"strongholds?|capitale de facto|de facto capital",
    ),
    _row(
        "control_change",
        "held",
        "ongoing",
        True,
        r"(?:controlee?s?|tenue?s?|occupee?s?) (?:par|depuis)",
        r"(?:aux|entre les) mains d(?:e |'|u |es )",
        r"sous (?:le )?controle d(?:e |'|u |es )|sous la coupe d",
        r"held by|controlled by|in the hands of|under the control of",
        r"still holds?|(?:holds?|control)(?= (?:large|most|the|much|more|several"
        r"|pockets|swathes|parts) )",
        # the verb, not the noun: "qui contrôle Raqa", not "prendre le contrôle"
        r"(?:qui |encore )?(?<!le )(?<!du )(?<!au )(?<!un )(?<!son )(?<!leur )"
        r"control(?:e|ent)(?= )|(?:have |has )?controlled since",
    ),
    # taking or losing a place
    _row(
        "control_change",
        "captured",
        "done",
        True,
        r"(?:ont|a|avaient|avait|auraient|aurait)"
        r" (?:deja |finalement |enfin |aussi |egalement |notamment )?(?:re)?pris\b",
        rf"(?:re)?pris (?:le|la|{_DAYS})",
        r"(?:ont |a )?(?:re)?conquis|reprise (?:aux|a|par|le|en)",
        r"(?:s'|se )(?:est|sont|etaient|etait) empare(?:e|es|s)?",
        r"tombee?s? (?:aux mains|sous le controle|entre les mains)",
        r"(?:ont |a )?chasse|(?:sont |est )entre(?:e|es|s)? (?:\w+ )?dans",
        r"(?:ont |a )?libere",
        _FLAG,
        r"(?:re)?captured?|seized?|retook|retaken|recaptured",
        r"took (?:full |total )?control|taken control|fell to|(?:have |has )?liberated",
        r"(?:have |has )?driven .{0,40}? out of",
        r"declared victory|raised the (?:national )?flag|(?:re)?capture of",
        r"prendre le controle|take control",
        r"overr(?:an|un)|entered(?! into)",
    ),
    # losing a place: the subject is who lost it, not who holds it now
    _row(
        "control_change",
        "lost",
        "done",
        True,
        r"lost control(?: of)?|(?:a|ont|avait|avaient) perdu(?: le controle d)?",
        r"withdr(?:ew|awn) from|pulled out of|retreated from|abandoned"
        r"|(?:se sont|s'est) retiree?s? d|(?:ont |a )abandonne",
    ),
    _row(
        "siege",
        None,
        "ongoing",
        True,
        r"assiege(?:e|es|s|nt|ait|aient)?|sieges?|encercle(?:e|es|s|nt|ment)?",
        r"blocus|besieg(?:ed|ing)|under siege|encircl(?:ed|ing|ement)|blockade",
    ),
    _row(
        "strike",
        "barrel bomb",
        "done",
        False,
        r"barils? (?:d'explosifs|explosifs|de tnt)|barrel[- ]bombs?",
    ),
    _row(
        "strike",
        "drone strike",
        "done",
        False,
        r"frappes? de drones?|attaques? de drones?|drone (?:strikes?|attacks?)",
    ),
    _row(
        "strike",
        "air strike",
        "done",
        False,
        r"(?:frappes?|raids?|bombardements?)(?: aeriens?| aeriennes?)?",
        r"air ?strikes?|air ?raids?|(?:bombing )?raids?|bombed|airstrikes?",
        r"(?:aerial )?bombardments?",
        r"(?<!suicide )(?<!car )(?<!truck )(?<!twin )(?<!double )bombing",
        r"missiles? (?:struck|hit)",
        r"(?:warplanes|jets|aircraft|bombers|helicopters|drones?) (?:also )?"
        r"(?:struck|hit|pounded|bombed|targeted|dropped|attacked)",
        r"chemical attack|attaque chimique|attaques? aeriennes?|air attacks?",
        r"bombarde(?:e|es|s)?",
        # aircraft that pound a place strike it from the air
        r"(?:aviation|avions?|helicopteres?|chasseurs?)(?: \w+)?"
        r" (?:a|ont|avait|avaient) (?:pilonne|frappe)\w*",
    ),
    # a verb that says a place was hit, not how: kept only when the sentence
    # has no more specific trigger for that place (see extract._merge)
    _row(
        "strike",
        "hit",
        "done",
        True,
        r"(?:ont |a )?vise|struck|pounded",
    ),
    _row(
        "shelling",
        "artillery",
        "done",
        False,
        r"tirs? d'(?:artillerie|obus|roquettes?|mortiers?)|obus|roquettes?|mortiers?",
        r"pilonn\w*|artillerie|shell(?:ing|ed|s)?|rocket(?: fire)?s?|mortars?",
        r"artillery",
    ),
    _row(
        "offensive",
        None,
        None,
        False,
        r"(?:contre-)?offensives?|counter-?offensives?|assauts?|assaults?",
        r"operation(?: militaire)?"
        r"(?= (?:sur|contre|dans|pour|visant|to|against|on|in))",
        r"batailles? (?:de|d'|pour)|battle (?:for|of)",
        r"(?:avancer|marcher|progresser) (?:vers|sur)",
        r"(?:advance|march|push)(?:es|ed|ing)? (?:on|towards?|into)",
        r"prochaine etape|next target|prochaine cible",
    ),
    _row(
        "clash",
        None,
        "ongoing",
        False,
        r"combats?|affrontements?|accrochages?|heurts?|clash(?:es|ed)?|fighting",
        r"street battles?|battles?|gunfire|s'affront\w*|fought|(?:ont |a )?oppose",
        r"attacked|stormed|(?:ont |a )attaque|(?:ont |a )pris d'assaut",
        r"flare-up",
    ),
    _row(
        "other",
        "bombing",
        "done",
        False,
        r"attentats?(?: suicide)?|voitures? piegees?|car bombs?",
        r"suicide bomb(?:ers?|ings?)|kamikazes?|explosions?|ieds?",
        r"(?:twin|double|triple|car|truck) bombings?|suicide attacks?",
        r"engins? explosifs?",
    ),
]

# A trigger ends at a word boundary, or after the space or apostrophe its
# pattern ends with ("aux mains des ", "sous le contrôle d'").
_END = r"(?:(?<=[\s'])|(?![\w]))"
TRIGGERS: list[tuple[str, str | None, str | None, bool, re.Pattern[str]]] = [
    (t, s, st, v, re.compile(rf"(?<![\w-])(?:{p}){_END}")) for t, s, st, v, p in _ROWS
]

# Where the first trigger of any row can start: no row matches before it.
_ANY_TRIGGER = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?:{p}){_END}" for _, _, _, _, p in _ROWS) + ")"
)

SOURCES: tuple[str, ...] = (
    "OSDH",
    "Observatoire syrien des droits de l'homme",
    "Syrian Observatory for Human Rights",
    "AFP",
    "Reuters",
    "AP",
    "SANA",
    "Sana",
    "Anadolu",
    "Amaq",
    "Casques blancs",
    "White Helmets",
    "ONU",
    "UN",
    "Unicef",
    "MSF",
    "Médecins sans frontières",
    "Aleppo Media Center",
    "Idleb Media Center",
    "Raqqa is Being Slaughtered Silently",
)

# Canonical actor -> flattened patterns. Groups as the press names them.
#: The actor name of a government's forces before the country is known.
GOVERNMENT = "Government forces"
#: Whose forces "government forces", "l'armée" are, by the event's country.
GOVERNMENT_OF = {
    "SY": "Syrian government",
    "IQ": "Iraqi forces",
    "TR": "Turkey",
    "YE": "Yemeni government",
    "LB": "Lebanese army",
    "LY": "Libyan government",
}

ACTORS: dict[str, str] = {
    "Islamic State": (
        r"\b(?:ei|ei\b|etat islamique|groupe etat islamique|islamic state|is"
        r"|isis|isil|daech|daesh|jihadistes de l'ei)\b"
    ),
    "Syrian government": (
        r"\b(?:regime(?: syrien| de damas)?|armee syrienne|forces (?:du regime"
        r"|prorégime|pro-regime)|syrian (?:army|government|regime|troops|forces"
        r"|warplanes|aircraft|jets|helicopters)"
        r"|regime (?:forces|troops|aircraft|helicopters)|troupes syriennes"
        r"|aviation du regime|helicopteres du regime)\b"
    ),
    # Whose government depends on the country: see GOVERNMENT_OF.
    GOVERNMENT: (
        r"\b(?:(?:forces|troupes) (?:gouvernementales|progouvernementales|loyalistes)"
        r"|government (?:forces|troops|aircraft|artillery|warplanes|jets|helicopters)"
        r"|pro-government (?:forces|fighters|militias?)|loyalist forces"
        r"|l'armee|the army|the military|aviation gouvernementale)\b"
    ),
    "Russia": (
        r"\b(?:russie|russes?|aviation russe|avions russes|russian(?: aircraft"
        r"| jets| warplanes| forces| bombers)?|kremlin|moscou|moscow)\b"
    ),
    "US-led coalition": (
        r"\b(?:coalition(?: internationale| anti-?ei"
        r"| menee par (?:les etats-unis|washington))?|us-led coalition"
        r"|coalition (?:aircraft|jets|warplanes|forces))\b"
        # not another coalition: "la coalition Jaich al-Fatah", "une coalition
        # de groupes jihadistes", "the rebel coalition"
        r"(?! (?:rebelles?|jihadistes?|islamistes?|d'opposition|arabo-kurdes?"
        r"|kurdo-arabes?|de (?:groupes|rebelles|factions|milices)|jaic?h|jaysh|jaish"
        r"|hayat|ahrar|fatah|fateh|des forces democratiques))"
    ),
    "United States": (
        r"\b(?:etats-unis|americains?|washington|united states|us forces"
        r"|american)\b"
    ),
    "Turkey": (
        r"\b(?:turquie|armee turque|aviation turque|ankara|turkey"
        r"|(?:artillerie|forces|troupes) turques|(?:avions|chars|drones) turcs"
        r"|turkish (?:army|forces|troops|warplanes|jets|military|artillery|tanks"
        r"|aircraft|air force|drones))\b"
    ),
    "Iraqi forces": (
        r"\b(?:forces (?:irakiennes|d'elite irakiennes)|armee irakienne"
        r"|iraqi (?:forces|troops|army)|elite iraqi troops|bagdad|baghdad)\b"
    ),
    "Syrian Democratic Forces": (
        r"\b(?:forces democratiques syriennes|fds|syrian democratic forces"
        r"|sdf)\b"
    ),
    "YPG": r"\b(?:ypg|unites de protection du peuple|people's protection units)\b",
    "Kurdish forces": (
        r"\b(?:milices? kurdes?|forces kurdes|combattants kurdes|peshmergas?"
        r"|kurdish(?:-led)? (?:forces|fighters|militia(?:s|men)?|troops|alliance)"
        r"|les kurdes"
        r"|the kurds)\b"
    ),
    "PKK": r"\b(?:pkk)\b",
    "Rebels": (
        r"\b(?:rebelles?(?: syriens| islamistes| proturcs)?|insurges|rebels?"
        r"|rebel fighters|opposition fighters|insurgents)\b"
    ),
    "Jaich al-Fatah": (
        r"\b(?:jaich al-fatah|jaish al-fatah|armee de la conquete"
        r"|army of conquest)\b"
    ),
    "Hayat Tahrir al-Sham": r"\b(?:hayat tahrir al-(?:cham|sham)|hts)\b",
    "Al-Nusra Front": (
        r"\b(?:front al-nosra|al-nosra|nusra front|al-nusra(?: front)?"
        r"|fateh al-cham|fatah al-sham)\b"
    ),
    "Jaish al-Islam": r"\b(?:jaich al-islam|jaish al-islam)\b",
    "Hezbollah": r"\b(?:hezbollah|hizbollah)\b",
    "Iran": (
        r"\b(?:iran|iraniens?|iranian(?: forces| revolutionary guards)?"
        r"|gardiens de la revolution|revolutionary guards)\b"
    ),
    "Houthis": r"\b(?:houthis?|rebelles houthis)\b",
    "Saudi-led coalition": (
        r"\b(?:coalition (?:menee par|conduite par) (?:l'arabie saoudite|riyad)"
        r"|saudi-led coalition)\b"
    ),
    "Israel": r"\b(?:israel|israeliens?|israeli(?: jets| aircraft| army)?|tsahal)\b",
}
ACTOR_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern)) for name, pattern in ACTORS.items()
]
#: Where the first actor of any pattern can start: no pattern matches before it.
ANY_ACTOR = re.compile("|".join(f"(?:{p})" for p in ACTORS.values()))


def find_triggers(flat: str) -> list[Trigger]:
    """Find the event triggers of one flattened sentence.

    Parameters
    ----------
    flat : str
        A sentence passed through :func:`flatten`.

    Returns
    -------
    list of Trigger
        Non-overlapping, in text order; at overlaps the earlier table row wins.

    Examples
    --------
    >>> [t.event_type for t in find_triggers(flatten("Des frappes sur Hass."))]
    ['strike']
    """
    first = _ANY_TRIGGER.search(flat)
    if first is None:
        return []
    taken: list[Trigger] = []
    for event_type, sub_type, status, verbal, pattern in TRIGGERS:
        for m in pattern.finditer(flat, first.start()):
            if any(m.start() < t.end and t.start < m.end() for t in taken):
                continue
            taken.append(
                Trigger(event_type, sub_type, m.start(), m.end(), status, verbal)
            )
    return sorted(taken, key=lambda t: t.start)
