import dataclasses
import subprocess
import zlib

import pytest

from conflict_geo.exc import DataError
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.place import Place, place_fields
from conflict_geo.places.store import (
    INDEX,
    Rows,
    name_keys,
    read_store,
    read_variants,
    write_places,
)

PLACES = [
    Place("Hass", 35.6161, 36.5907, "SY", "Idlib", "village", 0, "t", ("Has",)),
    Place("Idlib", 35.93, 36.63, "SY", "Idlib", "city", 128_840, "t", ("Idleb",)),
    Place("Ḩamāh", 35.13, 36.75, "SY", "Hama", "city", 460_602, "t", ("Hama",)),
]


@pytest.fixture(scope="module")
def gaz():
    return embedded_gazetteer()


@pytest.fixture()
def path(tmp_path):
    out = tmp_path / "places"
    assert write_places(PLACES, out) == 3
    return out


def read(path, **kwargs):
    return read_store(path, label=str(path), **kwargs)


def test_shipped_rows_are_keyed_place_fields(gaz):
    # Each row: the Place's field values with their types, then the fold of
    # its name, which is the first of the row's folds.
    types = (str, float, float, str, str, str, int, str, tuple, str)
    for idx in range(0, len(gaz), 997):
        row = gaz._rows[idx]
        assert tuple(map(type, row)) == types
        assert all(type(n) is str and n for n in row[8])
        assert row[9] == gaz._folds_of(idx)[0]
        assert gaz._folds_of(idx) == name_keys([row[0], *row[8]])[0]


def test_places_made_from_rows_equal_constructed_ones(gaz):
    # place() fills a Place's slots without its __init__: the same object.
    for idx in range(0, len(gaz), 1999):
        made = Place(*gaz._rows[idx][:9])
        place = gaz.place(idx)
        assert dataclasses.astuple(place) == dataclasses.astuple(made)
        assert place == made and hash(place) == hash(made)
        assert repr(place) == repr(made) and place_fields(place) == place_fields(made)
        assert dataclasses.replace(place, lat=0.5).lat == 0.5
        with pytest.raises(dataclasses.FrozenInstanceError):
            place.name = "x"


def test_the_folder_is_sorted_text_one_file_per_country(path):
    assert {p.name for p in path.iterdir()} == {INDEX, "SY.tsv"}
    lines = (path / "SY.tsv").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Idlib", "Ḩamāh", "Hass"]
    assert lines[2].split("\t")[8:] == ["Has", "hass|has", "hs"]
    head = (path / INDEX).read_text(encoding="utf-8").splitlines()
    assert head[0].startswith("# conflict_geo places format=8 ")
    assert head[1].startswith("SY.tsv\t3\t")


def test_round_trip_answers_as_a_built_gazetteer(path):
    store = read(path)
    deferred = read(path, defer_variants=True)
    assert deferred.rows == store.rows and deferred.folds == store.folds
    assert deferred.variants is None
    assert read_variants(deferred.variants_blob, rows=3) == store.variants
    built = Gazetteer(PLACES)
    for shipped in (Gazetteer.from_store(store), Gazetteer.from_store(deferred)):
        for query in ["Hass", "Has", "idleb", "Hamah", "Hama", "Idlibb", "Hamma"]:
            assert shipped.lookup(query) == built.lookup(query), query
        assert shipped._skeletons() == store.variants.skels
        assert list(shipped) == sorted(PLACES, key=lambda p: (p.kind, p.name))
    skels = store.variants.skels
    for lazy in (Gazetteer.from_store(deferred), Gazetteer.from_store(deferred)):
        assert lazy._variants_blob is not None
        if lazy._folds_of(2) == ("idlib", "idleb"):  # reads the variants
            assert lazy._variants_blob is None
            lazy.add([Place("Hamma", 1.0, 2.0, "SY")])
        else:
            lazy.add([Place("Hamma", 1.0, 2.0, "SY")])  # reads them first
        assert lazy._skeletons() == {**skels, "hm": (skels["hm"], 3)}
        assert lazy.lookup("Hamma")[0].place.lat == 1.0


def test_postings_are_a_row_number_or_comma_separated_row_numbers(gaz, tmp_path):
    out = tmp_path / "twins"
    twins = [*PLACES, Place("Hass", 36.0, 37.0, "SY", "Aleppo", "village")]
    write_places(twins, out)
    store = read(out)
    assert store.rows[store.folds["idlib"]][0] == "Idlib"
    assert [store.rows[int(i)][1] for i in store.folds["hass"].split(",")] == [
        35.6161,
        36.0,
    ]
    assert Gazetteer.from_store(store).lookup("Hass") == Gazetteer(twins).lookup("Hass")
    for posting in list(gaz._exact.values())[::501]:
        assert type(posting) is int or (type(posting) is str and "," in posting)


def test_writing_is_deterministic_and_removes_stale_files(path, tmp_path):
    again = tmp_path / "again"
    (again).mkdir()
    (again / "XX.tsv").write_text("stale\n", encoding="utf-8")
    write_places(reversed(PLACES), again)
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {
        p.name: p.read_bytes() for p in path.iterdir()
    }


def test_rows_are_parsed_when_read(path, tmp_path):
    out = tmp_path / "many"
    many = [Place(f"P{i:04d}", 35.0, i / 1000, "SY") for i in range(2053)]
    write_places(many, out)
    rows = read(out).rows
    assert isinstance(rows, Rows) and len(rows) == 2053
    assert [row[0] for row in rows] == [p.name for p in many]
    assert rows[-1] == rows[2052] and rows[1024][0] == "P1024"
    assert rows[1023:1025] == [rows[1023], rows[1024]]
    for bad in (2053, -2054):
        with pytest.raises(IndexError):
            rows[bad]
    assert rows == read(out).rows and rows != read(path).rows
    assert repr(rows) == "<Rows: 2,053>"
    gaz = Gazetteer.from_store(read(out))
    assert gaz.lookup("P1025")[0].place == many[1025]


def test_coordinates_are_kept_to_five_decimals(tmp_path):
    out = tmp_path / "p"
    write_places([Place("A", 35.123456789, -0.000001, "SY")], out)
    assert read(out).rows[0][1:3] == (35.12346, -0.0)


def _rewrite(folder, shard, text):
    """Replace a file's text and fix its checksum in the index."""
    data = text.encode("utf-8")
    (folder / shard).write_bytes(data)
    index = (folder / INDEX).read_text(encoding="utf-8").splitlines()
    lines = [index[0]] + [
        f"{shard}\t{len(text.splitlines())}\t{zlib.crc32(data)}"
        if line.startswith(f"{shard}\t")
        else line
        for line in index[1:]
    ]
    (folder / INDEX).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_damaged_folders_raise_data_errors_naming_the_folder(path, tmp_path):
    good = (path / "SY.tsv").read_text(encoding="utf-8")
    index = (path / INDEX).read_text(encoding="utf-8")
    cases = {
        "no index": lambda f: (f / INDEX).unlink(),
        "not ours": lambda f: (f / INDEX).write_text("name,lat\n", encoding="utf-8"),
        "other format": lambda f: (f / INDEX).write_text(
            index.replace("format=", "format=9", 1), encoding="utf-8"
        ),
        "other normaliser": lambda f: (f / INDEX).write_text(
            index.replace("normalizer=", "normalizer=9", 1), encoding="utf-8"
        ),
        "a file missing": lambda f: (f / "SY.tsv").unlink(),
        "one bit flipped": lambda f: (f / "SY.tsv").write_text(
            good.replace("Hass", "Hasz"), encoding="utf-8"
        ),
        "cut short": lambda f: _rewrite(f, "SY.tsv", good[: len(good) // 2]),
        "a row missing": lambda f: _rewrite(f, "SY.tsv", good.split("\n", 1)[1]),
        "a column missing": lambda f: _rewrite(
            f, "SY.tsv", good.replace("\tvillage", "", 1)
        ),
        "a bad number": lambda f: _rewrite(f, "SY.tsv", good.replace("35.61610", "x")),
        "a bad index line": lambda f: (f / INDEX).write_text(
            index + "junk\n", encoding="utf-8"
        ),
    }
    for label, damage in cases.items():
        folder = tmp_path / label.replace(" ", "-")
        write_places(PLACES, folder)
        damage(folder)
        with pytest.raises(DataError, match=label.replace(" ", "-")):
            store = read(folder)
            # a bad number is found when the row is read
            Gazetteer.from_store(store).lookup("Hass")


def test_read_variants_checks_the_rows():
    with pytest.raises(DataError, match="places: damaged"):
        read_variants(b"junk")
    with pytest.raises(DataError, match="x: damaged"):
        read_variants(Rows(("a\tb\tc",)), rows=2, label="x")


def test_the_shipped_folder_is_what_the_build_writes():
    # a rebuild that changes a few places changes a few lines of a few files
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    shipped = root / "conflict_geo" / "data" / "places"
    tracked = subprocess.run(
        ["git", "ls-files", "conflict_geo/data"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert "conflict_geo/data/places.pkl" not in tracked
    assert (shipped / INDEX).is_file() and (shipped / "SY.tsv").is_file()
    sizes = [p.stat().st_size for p in shipped.glob("*.tsv")]
    assert max(sizes) < 2_000_000  # no single file carries the whole gazetteer
