"""NPZ values: encode_npz writes what np.savez writes, decode reads what numpy writes, and hostile archives are refused."""
import io
import struct
import tracemalloc
import warnings
import zipfile
import zlib

import numpy as np
import pytest
from conftest import npy, require_codec

import kafka_npy
from kafka_npy import NpyFormatError, _codecs

MAPPINGS = {
    "features": {"embedding": np.arange(12, dtype="<f4").reshape(3, 4), "ids": np.arange(5, dtype=">i8"),
                 "label": np.array("cat")},
    "orders": {"fortran": np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)),
               "strided": np.arange(10, dtype="<u2")[::3], "empty": np.zeros((0, 3), dtype="|b1")},
    "metadata": {"author": np.array("Emma"), "age": np.array(1.5)},
    "strings": {"bytes": np.array([b"ab", b"c"], dtype="|S5"), "little": np.array(["héllo", "𝄞"], dtype="<U10"),
                "big": np.array([["a", "bc"]], dtype=">U3")},
    "names": {"dir/inner": np.zeros(2, "|u1"), "ünïcødé": np.ones(1, "<c16"), "": np.array(True)},
    "nothing": {},
}


def savez(mapping, compressed=False):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **mapping)
    return buf.getvalue()


def same_arrays(actual, expected):
    assert list(actual) == list(expected)
    for name, array in expected.items():
        array = np.asarray(array)
        got = actual[name]
        assert got.dtype == array.dtype and got.shape == array.shape, name
        assert got.tobytes() == array.tobytes(), name


@pytest.mark.parametrize("name", sorted(MAPPINGS))
@pytest.mark.parametrize("compressed", [False, True], ids=["savez", "savez_compressed"])
def test_encode_npz_writes_the_bytes_numpy_writes(name, compressed):
    assert kafka_npy.encode_npz(MAPPINGS[name], "gzip" if compressed else None) == savez(MAPPINGS[name], compressed)


@pytest.mark.parametrize("name", sorted(MAPPINGS))
@pytest.mark.parametrize("compression", [None, "gzip", "deflate"])
def test_np_load_opens_encode_npz_alone(name, compression):
    with np.load(io.BytesIO(kafka_npy.encode_npz(MAPPINGS[name], compression)), allow_pickle=False) as npz:
        same_arrays({k: npz[k] for k in npz.files}, MAPPINGS[name])


@pytest.mark.parametrize("name", sorted(MAPPINGS))
@pytest.mark.parametrize("compressed", [False, True], ids=["savez", "savez_compressed"])
def test_decode_reads_what_numpy_writes(name, compressed):
    arrays = kafka_npy.decode(savez(MAPPINGS[name], compressed))
    assert isinstance(arrays, dict)
    same_arrays(arrays, MAPPINGS[name])
    assert all(not a.flags.writeable for a in arrays.values())
    assert arrays.get("fortran", np.asfortranarray(np.zeros((2, 2)))).flags.f_contiguous


def test_stored_entries_are_views_of_the_value():
    value = savez(MAPPINGS["features"])
    whole = np.frombuffer(value, "|u1")
    assert all(np.shares_memory(a, whole) for a in kafka_npy.decode(value).values())


def test_codec_frames_hold_the_stored_archive(compression):
    mapping = MAPPINGS["features"]
    value = kafka_npy.encode_npz(mapping, compression)
    same_arrays(kafka_npy.decode(value), mapping)
    if compression not in (None, "gzip"):
        codec = _codecs.detect(value)
        assert codec == compression
        assert bytes(_codecs.decompress(value, codec, 1 << 20, lambda start: None)) == savez(mapping)


def test_levels_and_unknown_codecs():
    mapping = {"zeros": np.zeros(10000)}
    assert len(kafka_npy.encode_npz(mapping, "gzip", 9)) < len(savez(mapping))
    with pytest.raises(ValueError, match="unknown compression 'brotli'"):
        kafka_npy.encode_npz(mapping, "brotli")
    with pytest.raises(ValueError, match="gzip levels run from 1 to 9"):
        kafka_npy.encode_npz(mapping, "gzip", 10)


def test_encode_npz_refuses_what_decode_refuses():
    with pytest.raises(NpyFormatError, match="object dtype"):
        kafka_npy.encode_npz({"o": np.array([{}], dtype=object)})
    with pytest.raises(NpyFormatError, match="'..' segment"):
        kafka_npy.encode_npz({"../up": np.zeros(1)})
    with pytest.raises(NpyFormatError, match="absolute path"):
        kafka_npy.encode_npz({"/etc/x": np.zeros(1)})
    with pytest.raises(NpyFormatError, match="has a NUL character"):
        kafka_npy.encode_npz({"a\0b": np.zeros(1)})
    with pytest.raises(TypeError, match="NPZ names must be str"):
        kafka_npy.encode_npz({1: np.zeros(1)})


def many(count):
    buf = io.BytesIO()
    body = npy(np.zeros(1, "|u1"))
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(count):
            z.writestr("a%d.npy" % i, body)
    return buf.getvalue()


def test_at_most_65535_entries():
    assert len(kafka_npy.decode(many(65535))) == 65535
    most = many(65536)
    assert most.rfind(b"PK\x06\x07") > 0  # zipfile writes zip64 end records past 65535 entries
    with pytest.raises(NpyFormatError, match="archive has 65536 entries; kafka-npy reads at most 65535"):
        kafka_npy.decode(most)


def zip64_end(value):
    """``value`` with zip64 end records, the plain end record saying 0xFFFF entries and 0xFFFFFFFF sizes."""
    end = value.rindex(b"PK\x05\x06")
    count, size, offset = struct.unpack("<HII", value[end + 10:end + 20])
    record = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, end, 1)
    plain = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return value[:end] + record + locator + plain


def test_zip64_end_records():
    mapping = MAPPINGS["features"]
    same_arrays(kafka_npy.decode(zip64_end(savez(mapping))), mapping)
    with np.load(io.BytesIO(zip64_end(savez(mapping)))) as npz:  # the test builds what numpy reads too
        assert npz.files == list(mapping)


# ---------------------------------------------------------------- hostile archives

def stored(entries, **info):
    """A ZIP archive of (name, bytes) entries written by zipfile, stored unless ``compress_type`` says otherwise."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buf, "w") as z:
            for name, body in entries:
                z.writestr(zipfile.ZipInfo(name), body, **info)
    return bytearray(buf.getvalue())


ONE = npy(np.arange(4, dtype="<i4"))


def central(value, index=0):
    at = -1
    for _ in range(index + 1):
        at = value.index(b"PK\x01\x02", at + 1)
    return at


def patched(value, at, fmt, number):
    struct.pack_into(fmt, value, at, number)
    return bytes(value)


def both_headers(local_at, fmt, number):
    """One entry's archive with a field set in its local header (at ``local_at``) and its central directory entry."""
    value = stored([("a.npy", ONE)])
    patched(value, local_at, fmt, number)
    return patched(value, central(value) + local_at + 2, fmt, number)


def local_size_disagrees():
    value = stored([("a.npy", ONE)])
    return patched(value, 22, "<I", len(ONE) - 1)


def overlapping():
    value = stored([("a.npy", ONE), ("b.npy", ONE)])
    return patched(value, central(value, 1) + 42, "<I", 0)


def more_entries_than_stated():
    value = stored([("a.npy", ONE), ("b.npy", ONE)])
    return patched(value, len(value) - 12, "<H", 1)


HOSTILE = [
    (bytes(stored([("a.npy", ONE), ("a.npy", ONE)])), "archive holds the name 'a' twice"),
    (bytes(stored([("../a.npy", ONE)])), "entry name '../a.npy' has a '..' segment"),
    (bytes(stored([("dir/../../a.npy", ONE)])), "has a '..' segment"),
    (bytes(stored([("/etc/a.npy", ONE)])), "entry name '/etc/a.npy' is an absolute path"),
    (bytes(stored([("C:/a.npy", ONE)])), "is an absolute path"),
    (bytes(stored([("notes.txt", b"hello")])), "entry 'notes.txt' is not an .npy file"),
    (bytes(stored([("o.npy", npy(np.zeros(1)).replace(b"'<f8'", b"'|O' "))])), "object dtype"),
    (both_headers(6, "<H", 1), "entry 'a.npy' is encrypted"),
    (local_size_disagrees(), "sizes or CRC in its local header that disagree with the central directory"),
    (overlapping(), "entry 'b' overlaps the entry before it"),
    (both_headers(14, "<I", 0), "entry 'a' fails its CRC-32 check"),
    (both_headers(8, "<H", 12), "uses compression method 12"),
    (more_entries_than_stated(), "more entries than the 1 its end record states"),
    (bytes(stored([("a.npy", ONE)]))[:-1], "no end of central directory record"),
    (bytes(stored([("a.npy", ONE[:-1])])), "entry 'a': data is truncated"),
    (bytes(stored([("nested.npy", bytes(stored([("a.npy", ONE)])))])), "does not start with the NPY magic string"),
]


@pytest.mark.parametrize("value,message", HOSTILE, ids=[m for _, m in HOSTILE])
def test_hostile_archives_are_refused(value, message):
    with pytest.raises(NpyFormatError, match="at byte [0-9]+") as e:
        kafka_npy.decode(value)
    assert message in str(e.value)


def test_pickles_are_never_run():
    buf = io.BytesIO()
    np.savez(buf, o=np.array([{"a": 1}], dtype=object))
    with pytest.raises(NpyFormatError, match="object dtype"):
        kafka_npy.decode(buf.getvalue())


def bomb(stated_size):
    """A deflated entry whose NPY header promises 64 MiB and whose data holds them, in about 64 KiB."""
    header = np.lib.format.header_data_from_array_1_0(np.zeros(0, "|u1"))
    header["shape"] = (64 << 20,)
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = z.compress(buf.getvalue()) + b"".join(z.compress(bytes(1 << 20)) for _ in range(64)) + z.flush()
    crc = zlib.crc32(buf.getvalue() + bytes(64 << 20))
    name = b"bomb.npy"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), stated_size, len(name), 0)
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(body), stated_size,
                        len(name), 0, 0, 0, 0, 0, 0)
    directory = entry + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(local) + len(name) + len(body), 0)
    return local + name + body + directory + end


@pytest.mark.parametrize("stated,message", [
    (64 << 20, "archive entries hold 67108864 bytes together, over max_array_bytes=1048576"),
    (1000, "entry 'bomb': deflate payload holds more than the 1000 bytes its content promises"),
])
def test_deflate_bombs_cost_bounded_memory(stated, message):
    value = bomb(stated)
    assert len(value) < 100 << 10
    tracemalloc.start()
    try:
        with pytest.raises(NpyFormatError) as e:
            kafka_npy.decode(value, max_array_bytes=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message in str(e.value)
    assert peak < 4 << 20


def test_the_limit_bounds_the_arrays_together():
    value = kafka_npy.encode_npz({"a": np.zeros(100, "|u1"), "b": np.zeros(100, "|u1")}, "gzip")
    assert len(kafka_npy.decode(value, max_array_bytes=200)) == 2
    with pytest.raises(NpyFormatError, match="entry 'b' brings the archive's arrays to 200 bytes, over max_array_bytes=199"):
        kafka_npy.decode(value, max_array_bytes=199)


@pytest.mark.parametrize("codec", ["zstd", "lz4", "snappy"])
def test_a_codec_framed_archive_is_bounded_while_decompressing(codec):
    require_codec(codec)
    value = kafka_npy.encode_npz({"zeros": np.zeros(3 << 20, "|u1")}, codec)
    with pytest.raises(NpyFormatError, match="inflates past the limit"):
        kafka_npy.decode(value, max_array_bytes=1 << 20)


class Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in, so it writes data descriptors after each entry, as streaming writers do."""

    def __init__(self):
        super().__init__()
        self.written = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.written += data
        return len(data)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_entries_with_data_descriptors(method):
    out = Unseekable()
    mapping = MAPPINGS["features"]
    with zipfile.ZipFile(out, "w", method) as z:
        for name, array in mapping.items():
            with z.open(name + ".npy", "w") as entry:
                entry.write(npy(array))
    value = bytes(out.written)
    assert struct.unpack("<H", value[6:8])[0] & 0x08  # sizes follow the data, not in the local header
    same_arrays(kafka_npy.decode(value), mapping)
