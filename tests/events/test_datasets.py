from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from conflict_geo.events.datasets import (
    ACLED_EVENT_TYPES,
    detect_format,
    read_acled,
    read_ucdp,
)
from conflict_geo.events.io import read_events
from conflict_geo.events.schema import EVENT_COLUMNS, EVENT_DTYPES, EVENT_TYPES
from conflict_geo.exc import InputError, ParseError
from tests.conftest import shared_file

UCDP_NAME = "ucdp_ged_syria_2016.csv"


@pytest.fixture(scope="module")
def ucdp() -> pd.DataFrame:
    return read_ucdp(shared_file(UCDP_NAME))


def assert_schema(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == [*EVENT_COLUMNS, "geometry"]
    for col, dtype in EVENT_DTYPES.items():
        assert frame[col].dtype == pd.api.types.pandas_dtype(dtype), col
    assert frame.crs == "EPSG:4326"


# -- UCDP GED (the real Syria 2016 extract) ---------------------------------


def test_ucdp_loads_every_row_with_the_schema(ucdp):
    assert len(ucdp) == 6170
    assert_schema(ucdp)
    assert ucdp["event_id"].str.startswith("ucdp:").all()
    assert ucdp["event_id"].is_unique
    assert (ucdp["dataset"] == "ucdp").all()
    assert (ucdp["status"] == "done").all()
    assert (ucdp["doc"] == UCDP_NAME).all()
    assert (ucdp["country"] == "SY").all()
    assert ucdp.attrs["unmapped"] == []


def test_ucdp_has_hassef_town(ucdp):
    rows = ucdp[ucdp["place"] == "Has/Hassef town"]
    assert len(rows) >= 1
    row = rows.iloc[0]
    assert row["lat"] == pytest.approx(35.6161)
    assert row["lon"] == pytest.approx(36.59066)
    assert (row.geometry.x, row.geometry.y) == pytest.approx((36.59066, 35.6161))
    assert row["admin1"] == "Idlib"


def test_ucdp_event_type_counts_are_plausible(ucdp):
    counts = ucdp["event_type"].value_counts()
    print("UCDP event_type counts:", counts.to_dict())
    assert set(counts.index) <= set(EVENT_TYPES)
    assert counts["strike"] > 0
    assert counts["shelling"] > 0
    # most GED rows are battles between two sides; refinement must not swamp them
    assert counts.idxmax() == "clash"
    assert counts["strike"] < len(ucdp) / 2
    assert ucdp["sub_type"].notna().all()


def test_ucdp_fields(ucdp):
    assert not ucdp["admin1"].str.contains("Governorate", na=False).any()
    assert ucdp["date"].dt.year.eq(2016).all()
    assert (ucdp["date_end"] >= ucdp["date"]).all()
    assert set(ucdp["date_precision"]) <= {"day", "week", "month", "year"}
    assert ucdp["precision"].between(1, 7).all()
    # kept as published: GED 19.1 has 15 Syria 2016 rows with best outside low..high
    consistent = (ucdp["fatalities_low"] <= ucdp["fatalities"]) & (
        ucdp["fatalities"] <= ucdp["fatalities_high"]
    )
    assert consistent.mean() > 0.99
    assert ucdp["fatalities"].notna().all()
    assert not ucdp.geometry.is_empty.any()
    assert not ((ucdp.geometry.x == 0) & (ucdp.geometry.y == 0)).any()
    assert ucdp["source"].notna().all()
    assert ucdp["notes"].str.contains("deaths_civilians=").all()


def test_ucdp_detected_and_dispatched():
    path = shared_file(UCDP_NAME)
    assert detect_format(path) == "ucdp"
    assert len(read_events(str(path))) == 6170


# -- UCDP mapping rules on a small synthetic export -------------------------

_UCDP_COLUMNS = (
    "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,"
    "dyad_name,side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,"
    "source_article,source_office,source_date,source_headline,source_original,"
    "where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,geom_wkt,"
    "priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,"
    "date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high"
)
UCDP_HEADER = _UCDP_COLUMNS.split(",")


def write_ucdp(path: Path, rows: list[dict[str, str]]) -> Path:
    base = dict.fromkeys(UCDP_HEADER, "")
    base.update(
        year="2016.0", type_of_violence="1.0", side_a="Government of Syria",
        side_b="Syrian insurgents", source_office="SOHR", source_original="SOHR",
        where_prec="1.0", where_coordinates="Aleppo town",
        adm_1="Aleppo Governorate", latitude="36.201241", longitude="37.161173",
        country="Syria", country_id="652.0", date_prec="1.0",
        date_start="2016-01-01", date_end="2016-01-01", deaths_civilians="1.0",
        low="1.0", best="2.0", high="3.0",
    )  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=UCDP_HEADER)
        writer.writeheader()
        for n, row in enumerate(rows, start=1):
            writer.writerow({**base, "id": f"{n}.0", **row})
    return path


@pytest.mark.parametrize(
    ("violence", "headline", "event_type", "sub_type"),
    [
        ("1.0", "Airstrikes target the eastern neighborhoods of Aleppo", "strike",
         "air strike"),
        ("1.0", "More martyrs in raids on Hass", "strike", "air strike"),
        ("1.0", "Barrel bombs dropped on Daraya", "strike", "barrel bomb"),
        ("3.0", "Bombing kills 5 civilians in al-Bab", "strike", "bombing"),
        ("1.0", "14 shells hit Dahya al-Assad", "shelling", "shelling"),
        ("1.0", "Mortar fire on Damascus", "shelling", "mortar"),
        ("2.0", "The siege of Madaya continues", "siege", "siege"),
        # ambiguous or fighting: keep the base type
        ("1.0", "Clashes in Sarrin area and bombing al-Bab city", "clash",
         "state-based conflict"),
        ("1.0", "Airstrikes and shelling on Idlib", "clash", "state-based conflict"),
        ("2.0", "Raiders loot a village", "clash", "non-state conflict"),
        ("3.0", "IS executes two men in Palmyra", "other", "one-sided violence"),
        ("9.0", "Something else", "other", None),
    ],
)  # fmt: skip
def test_ucdp_type_rule(tmp_path, violence, headline, event_type, sub_type):
    path = write_ucdp(
        tmp_path / "ged.csv",
        [{"type_of_violence": violence, "source_headline": headline}],
    )
    row = read_ucdp(path).iloc[0]
    assert row["event_type"] == event_type
    assert (None if pd.isna(row["sub_type"]) else row["sub_type"]) == sub_type


def test_ucdp_bad_rows_are_kept_and_reported(tmp_path):
    path = write_ucdp(
        tmp_path / "ged.csv",
        [
            {},
            {"latitude": "", "longitude": ""},
            {"latitude": "0.0", "longitude": "0.0"},
            {"latitude": "135.2", "longitude": "37.1"},
            {"date_start": "2016-13-45", "best": "many"},
            {"date_prec": "5.0", "date_end": "2016-12-31", "adm_1": "Hama Province"},
            {"country_id": "", "country": "Iraq"},
        ],
    )
    frame = read_ucdp(path)
    assert_schema(frame)
    assert len(frame) == 7
    assert frame.geometry.is_empty.tolist() == [False, True, True, True] + [False] * 3
    assert frame["lat"].isna().tolist()[1:4] == [True, True, True]
    assert frame["date"].isna().tolist() == [False] * 4 + [True, False, False]
    assert pd.isna(frame["fatalities"].iloc[4])
    assert frame["date_precision"].iloc[5] == "year"
    assert frame["admin1"].iloc[5] == "Hama"
    assert frame["country"].iloc[6] == "IQ"
    problems = {(p["row"], p["reason"].split(" ")[0]) for p in frame.attrs["unmapped"]}
    assert problems == {(2, "no"), (3, "no"), (4, "coordinates"), (5, "bad")}
    bad = [p for p in frame.attrs["unmapped"] if p["row"] == 5]
    assert {p["reason"] for p in bad} == {
        "bad date_start '2016-13-45'",
        "bad best 'many'",
    }
    assert bad[0]["event_id"] == "ucdp:5"


def test_ucdp_missing_columns_are_named(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,type_of_violence,where_prec,date_start\n1,1,1,2016-01-01\n")
    with pytest.raises(ParseError, match="latitude, longitude") as err:
        read_ucdp(path)
    assert err.value.source == str(path)


def test_header_only_gives_empty_schema(tmp_path):
    path = write_ucdp(tmp_path / "ged.csv", [])
    frame = read_ucdp(path)
    assert len(frame) == 0
    assert_schema(frame)


# -- ACLED ------------------------------------------------------------------

_ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
    "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,"
    "timestamp"
)
ACLED_HEADER = _ACLED_COLUMNS.split(",")

RUSSIA = "Military Forces of Russia (2000-)"
REGIME = "Military Forces of Syria (2000-)"
REBELS = "Hayat Tahrir al-Sham"
# (id, date, event_type, sub_event_type, actor1, actor2, admin1, location, lat, lon,
#  geo_precision, fatalities, notes)
ACLED_ROWS = [
    ("SYR10001", "26 October 2016", "Explosions/Remote violence", "Air/drone strike",
     RUSSIA, "Civilians (Syria)", "Idleb", "Has", "35.6161", "36.5907", "1", "35",
     "Russian or regime warplanes struck a school complex in Has, killing 35."),
    ("SYR10002", "2016-10-27", "Explosions/Remote violence",
     "Shelling/artillery/missile attack", REGIME, "Civilians (Syria)", "Aleppo",
     "Aleppo - Salah Eddin", "36.1801", "37.1302", "1", "3",
     "Regime artillery shelled Salah Eddin neighbourhood."),
    ("SYR10003", "28 October 2016", "Battles", "Armed clash", REGIME, REBELS,
     "Aleppo", "Aleppo - Dahiyet al-Assad", "36.1706", "37.0902", "1", "12",
     "Clashes between regime forces and rebels in Dahiyet al-Assad."),
    ("SYR10004", "3 November 2016", "Battles", "Government regains territory",
     REGIME, REBELS, "Aleppo", "Aleppo - Minyan", "36.2", "37.05", "2", "0",
     "Regime forces regained Minyan after rebel withdrawal."),
    ("SYR10005", "4 November 2016", "Battles", "Non-state actor overtakes territory",
     REBELS, REGIME, "Hama", "Maan", "35.3401", "36.7102", "1", "4",
     "Rebels took Maan village."),
    ("SYR10006", "5 November 2016", "Strategic developments",
     "Headquarters or base established", "Military Forces of Turkey (2016-)", "",
     "Aleppo", "Al Bab", "36.3705", "37.5157", "2", "0",
     "Turkish forces established a base near al-Bab."),
    ("SYR10007", "6 November 2016", "Violence against civilians", "Attack",
     "Islamic State (Syria)", "Civilians (Syria)", "Deir ez Zor", "Deir ez Zor",
     "35.3359", "40.1408", "1", "2", "IS executed two men in Deir ez Zor."),
    ("SYR10008", "7 November 2016", "Explosions/Remote violence",
     "Remote explosive/landmine/IED", "Unidentified Armed Group (Syria)", "",
     "Al Hasakeh", "Qamishli", "37.0522", "41.2317", "1", "5",
     "A car bomb exploded in Qamishli."),
    ("SYR10009", "8 November 2016", "Protests", "Peaceful protest",
     "Protesters (Syria)", "", "Idleb", "Idleb", "35.9306", "36.6339", "3", "0",
     "Demonstration in Idleb province against the siege of Aleppo."),
    ("SYR10010", "9 November 2016", "Battles", "Armed clash", REGIME, REBELS,
     "Hama", "Unknown front", "", "", "3", "1",
     "Clashes on an unspecified front in Hama."),
    ("SYR10011", "31 Febtember 2016", "Battles", "Armed clash", REGIME, REBELS,
     "Homs", "Talbiseh", "34.8409", "36.7306", "1", "6", "Clashes near Talbiseh."),
    ("SYR10012", "2016-11-12", "Strategic developments",
     "Non-violent transfer of territory", "Syrian Democratic Forces", "", "Aleppo",
     "Manbij", "36.5281", "37.9549", "1", "several",
     "SDF handed villages west of Manbij to regime forces."),
]  # fmt: skip


def write_acled(path: Path, rows=ACLED_ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_HEADER)
        writer.writeheader()
        for row in rows:
            (eid, date, etype, sub, a1, a2, adm1, loc, lat, lon, geo, fat, notes) = row
            writer.writerow(
                dict.fromkeys(ACLED_HEADER, "")
                | {
                    "event_id_cnty": eid,
                    "event_date": date,
                    "year": "2016",
                    "time_precision": "1",
                    "disorder_type": "Political violence",
                    "event_type": etype,
                    "sub_event_type": sub,
                    "actor1": a1,
                    "actor2": a2,
                    "iso": "760",
                    "region": "Middle East",
                    "country": "Syria",
                    "admin1": adm1,
                    "location": loc,
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": geo,
                    "source": "SOHR",
                    "source_scale": "National",
                    "notes": notes,
                    "fatalities": fat,
                    "timestamp": "1618528385",
                }
            )
    return path


@pytest.fixture
def acled_path(tmp_path) -> Path:
    return write_acled(tmp_path / "acled_syria_2016.csv")


def test_acled_mapping(acled_path):
    frame = read_acled(acled_path)
    assert_schema(frame)
    assert len(frame) == len(ACLED_ROWS)
    assert frame["event_id"].tolist() == [f"acled:{r[0]}" for r in ACLED_ROWS]
    assert frame["event_type"].tolist() == [
        "strike", "shelling", "clash", "control_change", "control_change", "base",
        "other", "other", "other", "clash", "clash", "control_change",
    ]  # fmt: skip
    assert frame["sub_type"].tolist() == [r[3] for r in ACLED_ROWS]
    assert frame["precision"].tolist() == [1, 1, 1, 2, 1, 2, 1, 1, 4, 4, 1, 1]
    assert (frame["country"] == "SY").all()
    assert (frame["dataset"] == "acled").all()
    assert (frame["date_precision"] == "day").all()
    first = frame.iloc[0]
    assert first["date"] == pd.Timestamp("2016-10-26")
    assert frame["date"].iloc[1] == pd.Timestamp("2016-10-27")
    assert (first["place"], first["admin1"]) == ("Has", "Idleb")
    assert (first["actor"], first["target"]) == (RUSSIA, "Civilians (Syria)")
    assert (first["source"], first["fatalities"]) == ("SOHR", 35)
    assert first["sentence"] == ACLED_ROWS[0][-1]
    assert first["notes"].startswith(ACLED_ROWS[0][-1])
    assert "event_type=Explosions/Remote violence" in first["notes"]
    assert pd.isna(frame["target"].iloc[5])


def test_acled_bad_rows_are_kept_and_reported(acled_path):
    frame = read_acled(acled_path)
    missing = frame.iloc[9]
    assert missing.geometry.is_empty
    assert math.isnan(missing["lat"]) and math.isnan(missing["lon"])
    assert pd.isna(frame["date"].iloc[10])
    assert frame["place"].iloc[10] == "Talbiseh"
    assert pd.isna(frame["fatalities"].iloc[11])
    assert frame.attrs["unmapped"] == [
        {"row": 10, "event_id": "acled:SYR10010", "reason": "no coordinates",
         "line": 11},
        {"row": 11, "event_id": "acled:SYR10011",
         "reason": "bad event_date '31 Febtember 2016'", "line": 12},
        {"row": 12, "event_id": "acled:SYR10012", "reason": "bad fatalities 'several'",
         "line": 13},
    ]  # fmt: skip


def test_acled_problems_are_logged(acled_path, caplog):
    read_acled(acled_path)
    assert "3 problem(s) in 3 row(s)" in caplog.text


def test_acled_unknown_sub_event_type_is_other_and_reported(tmp_path):
    row = ("SYR1", "2016-01-01", "Battles", "Drone swarm", REGIME, REBELS, "Hama",
           "Hama", "35.13", "36.75", "1", "0", "A new category.")  # fmt: skip
    frame = read_acled(write_acled(tmp_path / "a.csv", [row]))
    assert frame["event_type"].iloc[0] == "other"
    assert (
        frame.attrs["unmapped"][0]["reason"] == "unknown sub_event_type 'Drone swarm'"
    )


def test_acled_table_targets_are_schema_types():
    assert set(ACLED_EVENT_TYPES.values()) <= set(EVENT_TYPES)


def test_acled_detected_and_dispatched(tmp_path):
    path = write_acled(tmp_path / "export.txt")
    assert detect_format(path) == "acled"
    assert read_events(path)["event_id"].iloc[0] == "acled:SYR10001"


def test_acled_file_read_as_ucdp_names_missing_columns(acled_path):
    with pytest.raises(ParseError, match="id, type_of_violence, date_start"):
        read_ucdp(acled_path)


# -- bad input --------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_ucdp, read_acled, read_events, detect_format])
def test_missing_file(tmp_path, reader):
    path = tmp_path / "nowhere.csv"
    with pytest.raises(InputError, match="nowhere.csv") as err:
        reader(path)
    assert err.value.source == str(path)


@pytest.mark.parametrize("reader", [read_ucdp, read_acled, read_events])
def test_empty_file(tmp_path, reader):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"empty\.csv: empty file"):
        reader(path)


def test_neither_format(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,lat,lon\nAleppo,36.2,37.16\n")
    with pytest.raises(ParseError, match="other.csv") as err:
        read_events(path)
    assert "not a UCDP GED CSV, ACLED CSV or GeoJSON" in str(err.value)


def test_non_utf8_names_file_and_byte_offset(tmp_path):
    path = write_acled(tmp_path / "latin1.csv")
    data = path.read_bytes()
    at = data.index(b"Has,")
    path.write_bytes(data[:at] + b"\xe9" + data[at:])  # Latin-1 "é"
    with pytest.raises(ParseError, match=rf"latin1\.csv, line 2: .*byte offset {at}"):
        read_acled(path)
    with pytest.raises(ParseError, match=rf"byte offset {at}"):
        read_events(path)


def test_a_file_cut_short_is_reported_as_truncated(tmp_path):
    full = write_ucdp(tmp_path / "ged.csv", [{}, {}, {}])
    text = full.read_text(encoding="utf-8").rstrip("\n")
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: text.rindex(",", 0, len(text) - 40)], encoding="utf-8")
    frame = read_ucdp(cut)
    assert len(frame) == 3  # the partial row is kept, with nulls
    (truncated,) = [p for p in frame.attrs["unmapped"] if "fields" in p["reason"]]
    assert truncated["row"] == 3
    assert "truncated" in truncated["reason"]
    assert read_ucdp(full).attrs["unmapped"] == []
