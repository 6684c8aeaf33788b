import dataclasses
import pickle
import zlib

import pytest

from conflict_geo.exc import DataError
from conflict_geo.places.gazetteer import Gazetteer, embedded_gazetteer
from conflict_geo.places.place import Place, place_fields
from conflict_geo.places.store import (
    CHUNK,
    FORMAT_VERSION,
    Variants,
    name_keys,
    read_store,
    read_variants,
    write_places,
)
from conflict_geo.text.normalize import NORMALIZER_VERSION

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
    out = tmp_path / "places.pkl"
    assert write_places(PLACES, out) == 3
    return out


def read(path, **kwargs):
    with open(path, "rb") as f:
        return read_store(f, label=str(path), **kwargs)


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
    out = tmp_path / "twins.pkl"
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


def test_writing_is_deterministic_and_shares_equal_strings(path, tmp_path):
    again = tmp_path / "again.pkl"
    write_places(reversed(PLACES), again)
    assert again.read_bytes() == path.read_bytes()
    rows = read(path).rows
    assert rows[0][3] is rows[1][3] is rows[2][3]  # "SY", unpickled once


def test_rows_in_chunks_read_as_one_sequence(path, tmp_path):
    out = tmp_path / "many.pkl"
    many = [Place(f"P{i:04d}", 35.0, i / 1000, "SY") for i in range(2 * CHUNK + 5)]
    write_places(many, out)
    rows = read(out).rows
    assert len(rows) == 2 * CHUNK + 5 and len(rows._chunks) == 3
    assert [row[0] for row in rows] == [p.name for p in many]
    assert rows[-1] == rows[2 * CHUNK + 4] and rows[CHUNK][0] == f"P{CHUNK:04d}"
    assert rows[CHUNK - 1 : CHUNK + 1] == [rows[CHUNK - 1], rows[CHUNK]]
    for bad in (2 * CHUNK + 5, -(2 * CHUNK + 6)):
        with pytest.raises(IndexError):
            rows[bad]
    assert rows == read(out).rows and rows != read(path).rows
    assert repr(rows) == f"<Rows: {2 * CHUNK + 5:,} in 3 chunks>"
    gaz = Gazetteer.from_store(read(out))
    assert gaz.lookup(f"P{CHUNK + 1:04d}")[0].place == many[CHUNK + 1]


def test_coordinates_are_kept_to_five_decimals(tmp_path):
    out = tmp_path / "p.pkl"
    write_places([Place("A", 35.123456789, -0.000001, "SY")], out)
    assert read(out).rows[0][1:3] == (35.12346, -0.0)


def _file(payload: object, **meta: object) -> bytes:
    """Return a places file of this payload, counted as PLACES's sections."""
    data = pickle.dumps(payload, protocol=5)
    fields = {"format": FORMAT_VERSION, "normalizer": NORMALIZER_VERSION}
    fields |= {"rows": 3, "folds": 6, "skels": 3, "crc": zlib.crc32(data)} | meta
    head = "# conflict_geo places " + " ".join(f"{k}={v}" for k, v in fields.items())
    return head.encode() + b"\n" + data


def _packed(section: object) -> bytes:
    """Return a section as the file packs its rows and spelling variants."""
    return zlib.compress(pickle.dumps(section, protocol=5))


class _Evil:
    def __reduce__(self):
        return (print, ("code ran",))


def test_damaged_files_raise_data_errors_naming_the_file(path, tmp_path, capsys):
    good = path.read_bytes()
    end = good.index(b"\n")
    rows_blob, folds, blob = pickle.loads(good[end + 1 :])
    chunks = pickle.loads(zlib.decompress(rows_blob))
    (rows,) = chunks
    row_folds, skels = pickle.loads(zlib.decompress(blob))
    (tmp_path / "same.pkl").write_bytes(_file((_packed(chunks), folds, blob)))
    assert read(tmp_path / "same.pkl") == read(path)
    flipped = bytearray(good)
    flipped[-100] ^= 1
    damaged = {
        "empty": b"",
        "not ours": b"name,lat,lon\nHass,35.6,36.6\n",
        "cut short": good[: len(good) // 2],
        "header only": good[: end + 1],
        "no header": good[end + 1 :],
        "one bit flipped": bytes(flipped),
        "other format": good.replace(b"format=", b"format=9", 1),
        "other normaliser": good.replace(b"normalizer=", b"normalizer=9", 1),
        "no checksum": good.replace(b" crc=", b" nocrc=", 1),
        "a class reference": _file(_Evil()),
        "a function in a row": _file((_packed((((print,),),)), folds, blob), rows=1),
        "two sections": _file((rows_blob, folds)),
        "rows missing": _file((_packed((rows[:2],)), folds, blob)),
        "rows a list": _file((_packed(list(chunks)), folds, blob)),
        "a chunk a list": _file((_packed(([*rows],)), folds, blob)),
        "a short chunk not last": _file((_packed((rows[:2], rows[2:])), folds, blob)),
        "rows not compressed": _file((pickle.dumps(chunks), folds, blob)),
        "rows not bytes": _file((chunks, folds, blob)),
        "folds missing": _file((rows_blob, {}, blob)),
        "variants not bytes": _file((rows_blob, folds, "x")),
        "variants not compressed": _file((rows_blob, folds, pickle.dumps(skels))),
        "variants of 2 rows": _file(
            (rows_blob, folds, _packed((row_folds[:2], skels)))
        ),
        "variants a list": _file((rows_blob, folds, _packed([row_folds, skels]))),
        "variants refer to code": _file((rows_blob, folds, _packed(_Evil()))),
    }
    lazily = {name for name in damaged if name.startswith("variants ")} - {
        "variants not bytes"
    }
    bad = tmp_path / "bad.pkl"
    for label, data in damaged.items():
        bad.write_bytes(data)
        with pytest.raises(DataError, match="bad.pkl"):
            read(bad)
        if label in lazily:  # found when first used
            lazy = Gazetteer.from_store(read(bad, defer_variants=True), name="bad")
            assert lazy.lookup("Hass")  # no variant needed
            with pytest.raises(DataError, match="^bad: (damaged|refers to)"):
                lazy.lookup("Hamma")
        else:
            with pytest.raises(DataError, match="bad.pkl"):
                read(bad, defer_variants=True)
    assert "code ran" not in capsys.readouterr().out


def test_read_variants_checks_the_section():
    section = ((), {"a": 1})
    assert read_variants(_packed(section)) == Variants((), {"a": 1})
    for blob in (b"", b"junk", _packed(["a"]), _packed(((), []))):
        with pytest.raises(DataError, match="places: damaged"):
            read_variants(blob)
    with pytest.raises(DataError, match="x: damaged"):
        read_variants(_packed(section), rows=1, label="x")
    with pytest.raises(DataError, match="refers to builtins.print"):
        read_variants(_packed(_Evil()))
