"""Small inputs for the batch tests: event GeoJSON, ACLED CSV, zones, bad files."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

from conflict_geo.events.io import write_geojson
from conflict_geo.events.schema import events_frame

ADMIN1 = [
    ("SY", "Aleppo", 36.2, 37.1),
    ("SY", "Idlib", 35.9, 36.6),
    ("IQ", "Ninawa", 36.3, 43.1),
]
TYPES = ["strike", "shelling", "clash", "offensive"]


def records(
    days: int = 10, per_day: int = 2, start: str = "2016-03-01", tag: str = "e"
):
    """``days * per_day`` located, dated events spread over admin1 areas."""
    first = date.fromisoformat(start)
    out = []
    for d in range(days):
        for k in range(per_day):
            n = d * per_day + k
            country, admin1, lat, lon = ADMIN1[n % len(ADMIN1)]
            out.append(
                dict(
                    event_id=f"{tag}:{n}",
                    dataset="geojson",
                    event_type=TYPES[n % len(TYPES)],
                    place=f"Place {n}",
                    country=country,
                    admin1=admin1,
                    lat=lat + 0.01 * k,
                    lon=lon + 0.01 * d,
                    precision=1,
                    fatalities=n % 5,
                    date=(first + timedelta(days=d)).isoformat(),
                    date_precision="day",
                    sentence=f"Report {n}.",
                )
            )
    return out


def odd_records(tag: str = "odd"):
    """An undated event, a month-only one, one without coordinates or admin1."""
    return [
        dict(event_id=f"{tag}:undated", event_type="strike", country="SY",
             admin1="Aleppo", lat=36.2, lon=37.1, precision=1),
        dict(event_id=f"{tag}:month", event_type="clash", country="SY",
             admin1="Idlib", lat=35.9, lon=36.6, precision=1, date="2016-03-01",
             date_precision="month"),
        dict(event_id=f"{tag}:nowhere", event_type="strike", country="SY",
             date="2016-03-02", date_precision="day"),
    ]  # fmt: skip


def write_events(path: Path, recs) -> Path:
    write_geojson(events_frame(recs), path)
    return path


ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "actor2,iso,country,admin1,location,latitude,longitude,geo_precision,source,"
    "notes,fatalities"
).split(",")


def write_acled(path: Path) -> Path:
    rows = [
        ("SYR1", "2016-10-26", "Explosions/Remote violence", "Air/drone strike",
         "Idleb", "Has", "35.6161", "36.5907", "35"),
        ("SYR2", "2016-11-03", "Battles", "Armed clash", "Aleppo", "Minyan", "36.2",
         "37.05", "4"),
        ("SYR3", "2016-11-04", "Battles", "Armed clash", "Hama", "Unknown front", "",
         "", "1"),
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_HEADER)
        writer.writeheader()
        for eid, when, etype, sub, adm1, loc, lat, lon, fat in rows:
            writer.writerow(
                dict.fromkeys(ACLED_HEADER, "")
                | dict(
                    event_id_cnty=eid, event_date=when, year="2016",
                    time_precision="1", event_type=etype, sub_event_type=sub,
                    actor1="Someone", iso="760", country="Syria", admin1=adm1,
                    location=loc, latitude=lat, longitude=lon, geo_precision="1",
                    source="SOHR", notes=f"{etype} at {loc}", fatalities=fat,
                )
            )  # fmt: skip
    return path


ZONES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"actor": "SDF", "name": "East"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[40, 35], [41, 35], [41, 36.5], [40, 36.5], [40, 35]]],
            },
        }
    ],
}


def write_zones(path: Path) -> Path:
    path.write_text(json.dumps(ZONES), encoding="utf-8")
    return path


def write_corrupted(folder: Path) -> dict[str, Path]:
    """Broken inputs of several kinds; every one must be reported, none fatal."""
    good = write_events(folder / "good.geojson", records(3, 1))
    truncated = folder / "truncated.geojson"
    data = good.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    binary = folder / "binary.txt"
    binary.write_bytes(b"date 2016-03-01\n\x00\x01\x02\xff" * 20)
    latin1 = write_acled(folder / "latin1.csv")
    latin1.write_bytes(
        latin1.read_bytes() + "SYR9,3 d\xe9cembre 2016\n".encode("latin-1")
    )
    empty = folder / "empty.csv"
    empty.write_bytes(b"")
    return {
        "truncated": truncated,
        "binary": binary,
        "latin1": latin1,
        "empty": empty,
    }


def html_files(folder: Path) -> dict[str, bytes]:
    """Every HTML file of a folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.html"))}


# -- task functions for the engine tests (module level: they are pickled) --------


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three is bad")
    return x


def die_on_three(x: int) -> int:
    import os

    if x == 3:
        os._exit(13)  # the worker process dies, as on a segfault or OOM kill
    return x


def pid_then_wait(folder: str, seconds: float) -> int:
    """Record this worker's pid in ``folder``, then sleep ``seconds``."""
    import os
    import time
    from pathlib import Path

    (Path(folder) / str(os.getpid())).touch()
    time.sleep(seconds)
    return os.getpid()


def alive(pid: int) -> bool:
    """Tell a running process (not a zombie waiting to be reaped) on Linux."""
    from pathlib import Path

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}
