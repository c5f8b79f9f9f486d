"""The NPY format: byte-identical to np.save, read like np.load, every refusal an NpyFormatError with its offset."""
import io
import sys

import numpy as np
import pytest
from conftest import npy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kafka_npy
from kafka_npy import NpyFormatError

DTYPES = ["|b1", "|i1", "|u1", "<i2", ">i2", "<u2", "<i4", ">i4", "<u4", "<i8", ">u8", "<f2", ">f2", "<f4", ">f4",
          "<f8", ">f8", "<c8", ">c16", "|S5", "<U3", ">U2", "<M8[ns]", "<m8[s]"]
SHAPES = [(), (0,), (1,), (7,), (2, 3), (3, 0, 2), (2, 3, 4), (1,) * 9]


def preamble(text, version=1, data=b""):
    """An NPY file with a hand-written header dict."""
    raw = text.encode("utf-8" if version == 3 else "latin1")
    size = len(raw).to_bytes(2 if version == 1 else 4, "little")
    return b"\x93NUMPY" + bytes((version, 0)) + size + raw + data


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", ["C", "F"])
def test_encode_is_np_save(dtype, shape, order):
    array = np.zeros(shape, dtype=dtype, order=order)
    if array.dtype.kind in "biufc":
        array[...] = (np.arange(array.size) % 7).reshape(shape)
    assert kafka_npy.encode(array) == npy(array)


@pytest.mark.parametrize("view", [lambda a: a[::2], lambda a: a.T, lambda a: a[:, 1:3], lambda a: a[..., ::-1],
                                  lambda a: a[1], lambda a: np.asfortranarray(a)[::2, :]])
def test_encode_non_contiguous_is_np_save(view):
    array = view(np.arange(48, dtype="<f4").reshape(6, 8))
    assert kafka_npy.encode(array) == npy(array)
    assert np.array_equal(kafka_npy.decode(kafka_npy.encode(array)), array)


def test_encode_accepts_lists_and_scalars():
    assert kafka_npy.encode([[1, 2], [3, 4]]) == npy(np.array([[1, 2], [3, 4]]))
    assert kafka_npy.encode(np.float32(2.5)) == npy(np.float32(2.5))


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(hnp.scalar_dtypes().filter(lambda d: d.kind not in "O"),
                  hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)),
       st.booleans())
def test_round_trip_matches_np_save_and_np_load(array, fortran):
    if fortran:
        array = np.asfortranarray(array)
    value = kafka_npy.encode(array)
    assert value == npy(array)
    back = kafka_npy.decode(value)
    expected = np.load(io.BytesIO(value), allow_pickle=False)
    assert back.dtype == expected.dtype and back.shape == expected.shape
    assert back.tobytes("A") == expected.tobytes("A")
    assert back.flags.f_contiguous == expected.flags.f_contiguous or array.ndim < 2 or array.size < 2
    assert not back.flags.writeable


@pytest.mark.parametrize("version", [1, 2, 3])
def test_every_format_version_reads_read_only(version):
    array = np.arange(6, dtype="<i2").reshape(2, 3)
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=(version, 0), allow_pickle=False)
    back = kafka_npy.decode(buf.getvalue())
    assert np.array_equal(back, array)
    assert not back.flags.writeable


@pytest.mark.parametrize("text", [
    "{'shape': (2, 3), 'fortran_order': False, 'descr': '<i2'}",           # keys in another order
    "{'descr':'<i2','fortran_order':False,'shape':(2,3)}\n",                # no spaces
    "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L), }",       # Python 2 long literals
    "{'descr': 'i2', 'fortran_order': False, 'shape': (2, 3)}",              # a dtype spelling np.save never writes
])
def test_headers_np_save_never_writes_go_through_the_literal_parser(text):
    value = preamble(text, data=np.arange(6, dtype="<i2").tobytes())
    assert np.array_equal(kafka_npy.decode(value), np.arange(6, dtype="<i2").reshape(2, 3))


def test_fortran_order_header_reads_in_fortran_order():
    value = preamble("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", data=np.arange(6, dtype="<i2").tobytes())
    assert np.array_equal(kafka_npy.decode(value), np.arange(6, dtype="<i2").reshape(2, 3, order="F"))


REFUSALS = [
    (b"", "input is empty", 0),
    (b"\x93NUMPY\x01", "too short for an NPY array: 7 bytes", 7),
    (b"PK\x03\x04" + bytes(20), "ZIP archive has no end of central directory record", 24),
    (b"\x89PNG" + bytes(20), "does not start with the NPY magic string", 0),
    (b"\x93NUMPY\x04\x00" + bytes(8), "unsupported NPY format version 4.0", 6),
    (b"\x93NUMPY\x01\x01" + bytes(8), "unsupported NPY format version 1.1", 6),
    (b"\x93NUMPY\x02\x00\x10", "too short for an NPY array", 9),
    (b"\x93NUMPY\x02\x00\x00\x00", "input ends inside the header length field", 10),
    (b"\x93NUMPY\x02\x00\xff\xff\xff\x7f" + bytes(50), "header is 2147483647 bytes long", 8),
    (b"\x93NUMPY\x01\x00\xff\x00{}", "header length 255 runs past the end of the input (2 bytes follow", 8),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)," + " " * 10000 + "}"), "characters long", 8),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (1,"), "cannot parse the header", 10),
    (preamble("[1, 2, 3]"), "header is not a dictionary: [1, 2, 3]", 10),
    (preamble("{'descr': '<f4', 'shape': (1,)}"), "exactly the keys", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}"), "exactly the keys", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}"), "shape is not a tuple of integers: [1]", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (True,)}"), "shape is not a tuple of integers", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}"), "shape is not a tuple of integers", 10),
    (preamble("{'descr': '<f4', 'fortran_order': 1, 'shape': (1,)}"), "fortran_order is not a valid bool: 1", 10),
    (preamble("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"), "structured dtype", 10),
    (preamble("{'descr': ('<f4', (2,)), 'fortran_order': False, 'shape': (1,)}"), "not a valid dtype descriptor", 10),
    (preamble("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}"), "object dtype", 10),
    (preamble("{'descr': 'f4,i4', 'fortran_order': False, 'shape': (1,)}"), "structured or void", 10),
    (preamble("{'descr': '|V8', 'fortran_order': False, 'shape': (1,)}"), "structured or void", 10),
    (preamble("{'descr': '<x9', 'fortran_order': False, 'shape': (1,)}"), "is not a dtype numpy knows", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}"), "negative dimension -3 at index 1", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': %r}" % ((1,) * 65,)), "65 dimensions", 10),
    (preamble("{'descr': '<f8', 'fortran_order': False, 'shape': (0, %d)}" % 2**62), "too large", 10),
    (preamble("{'descr': '<f8', 'fortran_order': False, 'shape': (%d,)}" % 10**40), "too large", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (%s,)}" % ("9" * 5000)), "cannot parse the header", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': %s}" % ("[" * 200 + "]" * 200)), "", 10),
    (preamble("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), '\\o': 1}"), "cannot parse the header", 10),
    (npy(np.arange(3, dtype="<f4"))[:-1], "data is truncated: the header promises 12 bytes of float32 data but only 11", 128),
    (npy(np.arange(3, dtype="<f4")) + b"\0" * 8, "8 trailing bytes after the 12 bytes of data", 140),
    (npy(np.arange(3, dtype="<f4")) * 2, "140 trailing bytes", 140),
]


@pytest.mark.parametrize("value,message,offset", REFUSALS)
def test_refusals_name_the_problem_and_the_offset(value, message, offset):
    with pytest.raises(NpyFormatError) as e:
        kafka_npy.decode(value)
    assert message in str(e.value)
    assert e.value.offset == offset
    assert str(e.value).endswith("(at byte %d)" % offset)


def test_version_3_header_must_be_utf8():
    value = b"\x93NUMPY\x03\x00\x04\x00\x00\x00{'\xff'"
    with pytest.raises(NpyFormatError, match=r"not valid UTF-8 \(at byte 14\)"):
        kafka_npy.decode(value)


def test_more_dimensions_than_this_numpy_allows_are_refused():
    limit = 64 if int(np.__version__.split(".")[0]) >= 2 else 32
    with pytest.raises(NpyFormatError, match="%d dimensions" % (limit + 1)):
        kafka_npy.decode(preamble("{'descr': '|u1', 'fortran_order': False, 'shape': %r}" % ((1,) * (limit + 1),), data=b"\0"))
    assert kafka_npy.decode(preamble("{'descr': '|u1', 'fortran_order': False, 'shape': %r}" % ((1,) * limit,),
                                     data=b"\7")).shape == (1,) * limit


def test_empty_array_with_a_huge_dimension_of_small_items():
    value = preamble("{'descr': '|u1', 'fortran_order': False, 'shape': (0, %d)}" % (sys.maxsize // 2))
    assert kafka_npy.decode(value).shape == (0, sys.maxsize // 2)


def test_max_array_bytes_applies_to_plain_values():
    value = npy(np.zeros(1000, dtype="<f8"))
    assert kafka_npy.decode(value, max_array_bytes=8000).shape == (1000,)
    with pytest.raises(NpyFormatError, match=r"the array's 8000 bytes exceed max_array_bytes=7999 \(at byte 0\)"):
        kafka_npy.decode(value, max_array_bytes=7999)


def test_cached_layouts_still_check_lengths():
    value = npy(np.arange(4, dtype="<f4"))
    kafka_npy.decode(value)
    kafka_npy.decode(value)  # the second read comes from the layout cache
    with pytest.raises(NpyFormatError, match="trailing"):
        kafka_npy.decode(value + b"x")
    with pytest.raises(NpyFormatError, match="truncated"):
        kafka_npy.decode(value[:-1])


def test_a_cached_layout_needs_its_whole_header():
    """Found by fuzzing: a length field one past a cached header's, and the input one byte short."""
    value = npy(np.zeros((0, 3), dtype="|b1"))
    kafka_npy.decode(value)
    short = value[:8] + bytes((value[8] + 1,)) + value[9:-1]
    with pytest.raises(NpyFormatError, match="runs past the end of the input"):
        kafka_npy.decode(short)
