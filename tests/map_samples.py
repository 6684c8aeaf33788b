"""Sample event records shared by the layer and map tests (seed-like, XSS)."""

from __future__ import annotations

XSS = (
    "</script><script>window.__xss=1;alert(1)</script>"
    "<img src=x onerror=alert(1)> javascript:alert(1) \"'><svg onload=alert(1)>"
)


#: Texts that would break out of a <script> or an HTML attribute if written raw.
SCRIPT_PAYLOADS = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "line\u2028separator\u2029paragraph",
    "<!-- comment",
]


def seed_records() -> list[dict]:
    """The events of the seed dispatch, as the extractor should produce them."""
    return [
        dict(
            event_id="text:seed:1",
            dataset="text",
            event_type="strike",
            sub_type="air strike",
            place="Hass",
            country="SY",
            admin1="Idlib",
            lat=35.6161,
            lon=36.5907,
            precision=1,
            fatalities=35,
            fatalities_earlier=26,
            actor="Military aircraft",
            target="a school",
            source="OSDH",
            date="2016-10-26",
            sentence=(
                "Des avions militaires ont mené six frappes sur le village de Hass"
            ),
        ),
        dict(
            event_id="text:seed:2",
            dataset="text",
            event_type="strike",
            sub_type="air raids",
            place="Idlib",
            country="SY",
            admin1="Idlib",
            lat=35.93,
            lon=36.63,
            precision=4,
            fatalities=89,
            fatalities_low=89,
            injured=150,
            actor="Damascus and Moscow",
            source="OSDH",
            date="2016-10-20",
            date_end="2016-10-26",
        ),
        dict(
            event_id="text:seed:3",
            event_type="base",
            place="Tartus",
            country="SY",
            lat=34.889,
            lon=35.887,
            precision=1,
            actor="Russia",
            date="2016-10-22",
        ),
        dict(
            event_id="text:seed:4",
            event_type="offensive",
            place="Raqqa",
            country="SY",
            lat=35.95,
            lon=39.01,
            precision=1,
            status="planned",
            actor="US-led coalition",
            target="IS",
            date="2016-11-15",
        ),
        dict(
            event_id="text:seed:5",
            event_type="control_change",
            place="Idlib",
            admin1="Idlib",
            country="SY",
            lat=35.93,
            lon=36.63,
            precision=4,
            actor="Jaich al-Fatah",
            date="2016-10-26",
        ),
        dict(
            event_id="text:seed:6",
            event_type="control_change",
            place="Raqqa",
            country="SY",
            lat=35.95,
            lon=39.01,
            precision=1,
            actor="IS",
            date="2016-10-26",
        ),
        dict(
            event_id="text:seed:7",
            event_type="control_change",
            place="Mosul",
            country="IQ",
            lat=36.34,
            lon=43.13,
            precision=1,
            actor="IS",
            date="2016-10-26",
        ),
        dict(
            event_id="text:seed:8",
            event_type="control_change",
            place="Manbij",
            country="SY",
            lat=36.528,
            lon=37.955,
            precision=1,
            actor="Kurdish militias",
            date="2016-10-26",
        ),
    ]


def xss_records() -> list[dict]:
    return [
        dict(
            event_id="xss:1",
            event_type="clash",
            place=XSS,
            actor=XSS,
            target=XSS,
            source=XSS,
            country="SY",
            lat=35.2,
            lon=37.2,
            date="2016-10-24",
            sentence=XSS,
        ),
        dict(event_id="xss:2", event_type="clash", place=XSS, sentence=XSS),
    ]
