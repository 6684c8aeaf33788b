"""The French and English words and patterns of time expressions.

Each kind of expression (``dm_fr``: "le 17 octobre", ``ago_en``: "three days
ago" …) is a list of heads that :mod:`conflict_geo.text.date_scanner` compiles
into one scanner; :data:`KIND_ORDER` says which kind wins at one position and
names the handler (:mod:`conflict_geo.text.date_values`) that resolves it.
"""

from __future__ import annotations

from conflict_geo.text.number_words import NUMBER_WORDS, NUMBER_WORDS_RX

__all__ = [
    "EN_KINDS",
    "FR_KINDS",
    "ISO_KIND",
    "KIND_ORDER",
    "MONTHS",
    "WEEKDAYS",
    "Head",
]


# --------------------------------------------------------------------------
# Vocabulary.

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fev": 2,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
}
WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_FR_MONTH = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
    r"|novembre|d[ée]cembre"
)
_FR_MONTH_ABBR = r"(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\."
# Unambiguous alone (not "mars", the planet, nor "mai").
_FR_MONTH_ALONE = (
    r"janvier|f[ée]vrier|avril|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre"
)
# "May", "March" and "August" are words too: capitalised only.
_EN_MONTH = (
    r"(?-i:May|March|August)|january|february|april|june|july|september|october"
    r"|november|december"
)
_EN_MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_EN_MONTH_ALONE = (
    r"(?-i:January|February|April|June|July|August|September|October|November"
    r"|December)"
)
_FR_WEEKDAY = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_EN_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_YEAR = r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)(?![.,]\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_FR_DAY = rf"(?:1(?:er|ᵉʳ)|premier|{_DAY})"
_EN_DAY = rf"{_DAY}(?:st|nd|rd|th)?"
_AP = "['’]"
_DE = rf"(?:de\s+|d{_AP}\s*)"
_N = (
    rf"(?:\d{{1,3}}|(?:{NUMBER_WORDS_RX})(?:[\s-]+(?:et[\s-]+)?(?:{NUMBER_WORDS_RX}))"
    r"{0,3}|quelques|plusieurs|several|a\s+few|few)"
)

# Every kind of expression is a list of heads: (first words, name of the
# group holding the first word or None, rest of the pattern). Capitalised
# first words are case-sensitive ("May"); None first words mean the pattern
# starts with a digit. The scanner dispatches on the first character of the
# first word, so at each word start the regex engine only tries the few
# heads that can start there.
Head = tuple[list[str] | None, str | None, str]

_FR_WEEKDAYS = _FR_WEEKDAY.split("|")
_EN_WEEKDAYS = _EN_WEEKDAY.split("|")
_FR_MONTHS = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre"
    " octobre novembre décembre decembre".split()
)
_FR_MONTHS_ALONE = [w for w in _FR_MONTHS if w not in ("mars", "mai")]
_EN_MONTHS = (
    "May March August january february april june july september october"
    " november december".split()
)
_EN_MONTHS_ALONE = (
    "January February April June July August September October November"
    " December".split()
)
_EN_ABBRS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()

_Y = rf"(?P<year>{_YEAR})"
_FR_M = rf"(?P<month>{_FR_MONTH}|{_FR_MONTH_ABBR})"
_FR_AFTER_DAY = rf"\s+{_FR_M}(?:\s+{_Y})?(?:\s+derni(?:er|[eè]re))?"
_FR_DM = rf"(?P<day>1(?:er|ᵉʳ)|premier|{_DAY}){_FR_AFTER_DAY}"
_FR_WD_OPT = rf"(?:(?P<wd>{_FR_WEEKDAY})\s+)?"
_EN_M = rf"(?P<month>{_EN_MONTH}|{_EN_MONTH_ABBR})"
_EN_DM = rf"(?P<day>{_EN_DAY})\s+(?:of\s+)?{_EN_M}(?:,?\s+{_Y})?"
_EN_AFTER_MONTH = rf"\s+(?P<day>{_EN_DAY})(?:,?\s+{_Y})?"
_EN_WD_OPT = rf"(?:(?P<wd>{_EN_WEEKDAY}),?\s+)?"

_FR_EDGE = rf"(?:d[ée]but|fin)\s+(?:{_DE})?"
_A = ["à", "a"]
#: French cues before a month or a year, split into heads: (words, rest).
_FR_CUES: list[tuple[list[str], str]] = [
    (
        "en depuis dès des avant après apres courant durant pendant".split(),
        rf"\s+(?:(?:le\s+)?{_FR_EDGE}|(?:la\s+)?mi-\s*)?",
    ),
    (["jusqu"], rf"{_AP}en\s+(?:(?:le\s+)?{_FR_EDGE}|(?:la\s+)?mi-\s*)?"),
    (["au", "le"], rf"\s+{_FR_EDGE}"),
    (_A, rf"\s+la\s+(?:{_FR_EDGE}|mi-\s*)"),
    (["début", "debut", "fin"], rf"\s+(?:{_DE})?"),
    (["la"], r"\s+mi-\s*"),
    (["mi"], r"-\s*"),
    (["au", "le", "du"], rf"\s+mois\s+{_DE}"),
    (["mois"], rf"\s+{_DE}"),
    (_A, rf"\s+partir\s+{_DE}"),
]
_SEASONS_FR = r"(?:ann[ée]e|[ée]t[ée]|hiver|printemps|automne)"
_FR_YEAR_CUES = _FR_CUES + [
    (["l"], rf"{_AP}{_SEASONS_FR}\s+"),
    (["en", "au"], rf"\s+{_SEASONS_FR}\s+"),
    (_A, rf"\s+l{_AP}{_SEASONS_FR}\s+"),
    (["dès", "des"], rf"\s+l{_AP}{_SEASONS_FR}\s+"),
    ("année annee été ete hiver printemps automne".split(), r"\s+"),
]
_EN_CUES: list[tuple[list[str], str]] = [
    (
        "in since from by until till during before after throughout".split(),
        r"\s+(?:(?:early|late)\s+|mid-?\s*)?",
    ),
    (["early", "late"], r"\s+"),
    (["mid"], r"(?:-\s*|\s+)"),
    (["the"], r"\s+(?:end|beginning|start|middle)\s+of\s+"),
    (["end", "beginning", "start", "middle"], r"\s+of\s+"),
]
_SEASONS_EN = r"(?:year|summer|winter|spring|autumn|fall)"
_EN_YEAR_CUES = _EN_CUES + [
    (["in"], rf"\s+(?:the\s+)?{_SEASONS_EN}\s+(?:of\s+)?"),
    (["the"], rf"\s+{_SEASONS_EN}\s+(?:of\s+)?"),
    ("year summer winter spring autumn fall".split(), r"\s+(?:of\s+)?"),
]
_FR_UNITS = r"(?:jours?|semaines?|mois|heures?|ans|ann[ée]es?)"
_FR_RECENT = (
    rf"(?:{_N}\s+)?(?:derni(?:ers|[eè]res)|prochain(?:e)?s)\s+(?:{_N}\s+)?"
    r"(?:jours|semaines|mois|heures|ann[ée]es|ans)"
)
_FR_TOD = r"(?:matin|soir|apr[èe]s-midi|midi)"
_FR_WD_REST = (
    rf"(?:\s+{_FR_TOD})?(?:\s+(?P<mod>dernier|pass[ée]|prochain))?"
    rf"(?:\s+(?:au\s+)?{_FR_TOD})?"
)

FR_KINDS: dict[str, list[Head]] = {
    "dm_fr": [
        (["le", "du", "au", "ce"], None, rf"\s+{_FR_WD_OPT}{_FR_DM}"),
        (
            "dès des depuis avant après apres pour".split(),
            None,
            rf"\s+le\s+{_FR_WD_OPT}{_FR_DM}",
        ),
        (["jusqu"], None, rf"{_AP}au\s+{_FR_WD_OPT}{_FR_DM}"),
        (_A, None, rf"\s+partir\s+du\s+{_FR_WD_OPT}{_FR_DM}"),
        (_FR_WEEKDAYS, "wd", rf"\s+{_FR_DM}"),
        (["premier"], "day", _FR_AFTER_DAY),
        (None, None, _FR_DM),
    ],
    "ago_fr": [
        (
            ["il"],
            None,
            rf"\s+y\s+a\s+(?P<n>{_N}|une?)\s+(?P<unit>jours?|semaines?|mois|ans|an"
            r"|ann[ée]es?)",
        )
    ],
    "vague_fr": [
        (["la"], None, r"\s+semaine\s+(?:derni[eè]re|pass[ée]e|prochaine)"),
        (["semaine"], None, r"\s+(?:derni[eè]re|pass[ée]e|prochaine)"),
        (["cette"], None, r"\s+semaine"),
        (["ce"], None, r"\s+week-end"),
        (["le"], None, r"\s+week-end\s+dernier"),
        (["ces", "les", "des"], None, rf"\s+{_FR_RECENT}"),
        (["au"], None, rf"\s+cours\s+des\s+{_FR_RECENT}"),
        (["durant", "pendant", "dans"], None, rf"\s+les\s+{_FR_RECENT}"),
        ("récemment recemment dernièrement dernierement".split(), None, ""),
        (["ces"], None, r"\s+derniers\s+temps"),
        (["en", "depuis", "pendant", "durant"], None, rf"\s+{_N}\s+{_FR_UNITS}"),
    ],
    "before_yesterday_fr": [
        (["avant"], None, rf"[-\s]hier(?:\s+{_FR_TOD})?"),
    ],
    "yesterday_fr": [
        (["hier"], None, rf"(?:\s+{_FR_TOD})?"),
        (["la"], None, r"\s+nuit\s+derni[eè]re"),
    ],
    "today_fr": [
        (["aujourd"], None, rf"{_AP}\s*hui"),
        (["ce"], None, r"\s+(?:matin|soir)"),
        (["cet"], None, r"\s+apr[èe]s-midi"),
        (["cette"], None, r"\s+nuit"),
    ],
    "after_tomorrow_fr": [(["après", "apres"], None, r"[-\s]demain")],
    "tomorrow_fr": [(["demain"], None, rf"(?:\s+{_FR_TOD})?")],
    "last_year_fr": [
        (
            ["l"],
            None,
            rf"{_AP}(?:an\s+(?:dernier|pass[ée])|ann[ée]e\s+(?:derni[eè]re"
            r"|pass[ée]e)|[ée]t[ée]\s+(?:dernier|pass[ée]))",
        )
    ],
    "this_year_fr": [
        (["cette"], None, r"\s+ann[ée]e"),
        (["cet"], None, r"\s+[ée]t[ée]"),
    ],
    "next_year_fr": [(["l"], None, rf"{_AP}an(?:n[ée]e)?\s+prochaine?")],
    "last_month_fr": [(["le"], None, r"\s+mois\s+(?:dernier|pass[ée])")],
    "this_month_fr": [(["ce"], None, r"\s+mois(?:-ci)?")],
    "month_fr_cue": [
        (
            words,
            None,
            rf"{rest}(?P<month>{_FR_MONTH})(?:\s+(?P<mod>dernier|pass[ée]|prochain))?"
            rf"(?:\s+{_Y})?",
        )
        for words, rest in _FR_CUES
    ],
    "month_fr_year": [(_FR_MONTHS, "month", rf"\s+{_Y}")],
    "month_fr_mod": [(_FR_MONTHS, "month", r"\s+(?P<mod>dernier|pass[ée]|prochain)")],
    "month_fr_alone": [(_FR_MONTHS_ALONE, "month", "")],
    "year_fr": [(words, None, rest + _Y) for words, rest in _FR_YEAR_CUES],
    "weekday_fr": [
        (
            ["ce", "le", "dès", "des", "depuis"],
            None,
            rf"\s+(?P<wd>{_FR_WEEKDAY}){_FR_WD_REST}",
        ),
        (["jusqu"], None, rf"{_AP}[àa]\s+(?P<wd>{_FR_WEEKDAY}){_FR_WD_REST}"),
        (_FR_WEEKDAYS, "wd", _FR_WD_REST),
    ],
}

_EN_UNITS = r"(?:days?|weeks?|months?|hours?|years?)"
EN_KINDS: dict[str, list[Head]] = {
    "dm_en": [
        (["on"], None, rf"\s+{_EN_WD_OPT}(?:the\s+)?{_EN_DM}"),
        (_EN_WEEKDAYS, "wd", rf",?\s+(?:the\s+)?{_EN_DM}"),
        (["the"], None, rf"\s+{_EN_DM}"),
        (None, None, _EN_DM),
    ],
    "md_en": [
        (["on"], None, rf"\s+{_EN_WD_OPT}{_EN_M}{_EN_AFTER_MONTH}"),
        (_EN_WEEKDAYS, "wd", rf",?\s+{_EN_M}{_EN_AFTER_MONTH}"),
        (_EN_MONTHS + _EN_ABBRS, "month", rf"\.?{_EN_AFTER_MONTH}"),
    ],
    "ago_en": [
        (
            [*NUMBER_WORDS, "a", "an", "few", "several"],
            None,
            rf"(?:[\s-]+(?:{NUMBER_WORDS_RX}|few)){{0,3}}\s+(?P<unit>days?|weeks?"
            r"|months?|years?)\s+ago",
        ),
        (None, None, r"\d{1,3}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago"),
    ],
    "vague_en": [
        (["last", "this", "next", "past"], None, r"\s+week(?:end)?"),
        (
            ["in", "over", "during", "for", "within"],
            None,
            r"\s+(?:the\s+)?(?:recent|past|last|coming|next|previous)\s+"
            rf"(?:{_N}\s+)?{_EN_UNITS}",
        ),
        (
            ["the"],
            None,
            rf"\s+(?:past|last|coming|next|previous)\s+{_N}\s+(?:days|weeks|months"
            r"|hours|years)",
        ),
        (
            ["past", "last", "coming", "next", "previous"],
            None,
            rf"\s+{_N}\s+(?:days|weeks|months|hours|years)",
        ),
        (["recently", "lately"], None, ""),
        (["these"], None, r"\s+days"),
        (
            ["in", "within", "over", "for"],
            None,
            rf"\s+{_N}\s+(?:days?|weeks?|months?|hours?)",
        ),
    ],
    "before_yesterday_en": [(["the"], None, r"\s+day\s+before\s+yesterday")],
    "yesterday_en": [
        (["yesterday"], None, r"(?:\s+(?:morning|afternoon|evening))?"),
        (["last"], None, r"\s+night"),
    ],
    "today_en": [
        (["today", "tonight"], None, ""),
        (["this"], None, r"\s+(?:morning|afternoon|evening)"),
    ],
    "after_tomorrow_en": [(["the"], None, r"\s+day\s+after\s+tomorrow")],
    "tomorrow_en": [(["tomorrow"], None, "")],
    "last_year_en": [(["last"], None, r"\s+(?:year|summer)")],
    "this_year_en": [(["this"], None, r"\s+(?:year|summer)")],
    "next_year_en": [(["next"], None, r"\s+year")],
    "last_month_en": [(["last"], None, r"\s+month")],
    "this_month_en": [(["this"], None, r"\s+month")],
    "month_en_cue": [
        (words, None, rf"{rest}(?P<month>{_EN_MONTH})(?:,?\s+{_Y})?")
        for words, rest in _EN_CUES
    ],
    "month_en_year": [(_EN_MONTHS, "month", rf",?\s+{_Y}")],
    "month_en_mod": [
        (["last", "next", "this", "past"], "mod", rf"\s+(?P<month>{_EN_MONTH})")
    ],
    "month_en_alone": [(_EN_MONTHS_ALONE, "month", "")],
    "year_en": [(words, None, rest + _Y) for words, rest in _EN_YEAR_CUES],
    "weekday_en": [
        (
            ["last", "next", "this", "on", "since", "until", "by"],
            "mod",
            rf"\s+(?P<wd>{_EN_WEEKDAY})(?:\s+(?:night|morning|afternoon|evening))?",
        ),
        (_EN_WEEKDAYS, "wd", r"(?:\s+(?:night|morning|afternoon|evening))?"),
    ],
}
ISO_KIND: dict[str, list[Head]] = {
    "iso": [
        (
            None,
            None,
            r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])",
        )
    ]
}

# At one position the first kind that matches wins, so longer constructions
# come first.
KIND_ORDER = [
    "iso",
    "dm",
    "md",
    "ago",
    "vague",
    "before_yesterday",
    "yesterday",
    "today",
    "after_tomorrow",
    "tomorrow",
    "last_year",
    "this_year",
    "next_year",
    "last_month",
    "this_month",
    "month",
    "year",
    "weekday",
]
