"""Every dtype, shape and memory order, fixed-width strings included, through encode, encode_raw, encode_npz and
encode_json and back, with numpy's own writers as the reference."""
import io
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kafka_npy

DTYPES = ["|b1", "|i1", "|u1", "<i2", ">u2", "<i4", ">i4", "<u8", ">i8", "<f2", ">f4", "<f8", ">f8", "<c8", ">c16",
          "|S1", "|S7", "<U1", "<U5", ">U5", "<M8[ns]", ">m8[s]"]
SETTINGS = settings(max_examples=int(os.environ.get("KAFKANPY_FUZZ_EXAMPLES", "400")) // 2, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def arrays(draw):
    """An array of any dtype and shape (0-d and empty included), in C order, Fortran order or strided."""
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    if dtype.kind in "SU":  # strings with astral code points, and empty ones (NULs numpy would strip: below)
        text = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x10FFFF if dtype.kind == "U" else 0x7F,
                                              blacklist_categories=("Cs",)),
                       max_size=dtype.itemsize // (4 if dtype.kind == "U" else 1))
        elements = text.map(lambda s: s.encode("ascii")) if dtype.kind == "S" else text
        array = draw(hnp.arrays(dtype, shape, elements=elements))
    else:
        array = draw(hnp.arrays(dtype, shape))
    layout = draw(st.sampled_from(["C", "F", "strided"]))
    if layout == "F":
        return np.asfortranarray(array)
    if layout == "strided" and array.ndim:
        return np.repeat(array, 2, axis=0)[::2]
    return array


def same(actual, expected):
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    assert actual.tobytes() == expected.tobytes()
    assert not actual.flags.writeable


@SETTINGS
@given(arrays())
def test_npy_and_raw(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    value = kafka_npy.encode(array)
    assert value == buf.getvalue()
    same(kafka_npy.decode(value), array)
    same(kafka_npy.decode(*kafka_npy.encode_raw(array)), array)


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda n: ".." not in n and "/" not in n and "\\" not in n
                                                              and ":" not in n and "\0" not in n),
                       arrays(), max_size=4), st.booleans())
def test_npz(mapping, compressed):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **mapping)
    value = kafka_npy.encode_npz(mapping, "gzip" if compressed else None)
    assert value == buf.getvalue()
    back = kafka_npy.decode(value)
    assert list(back) == list(mapping)
    for name, array in mapping.items():
        same(back[name], array)


@SETTINGS
@given(arrays())
def test_json(array):
    same(kafka_npy.decode(kafka_npy.encode_json(array).encode()), array)


def test_strings_of_both_byte_orders_and_their_widths():
    little = np.array(["a", "\U0001d11e\u00e9", ""], dtype="<U2")
    big = little.astype(">U2")
    data = np.array([b"ab\x00", b""], dtype="|S3")
    for array in (little, big, data, np.array("Emma")):
        same(kafka_npy.decode(kafka_npy.encode(array, "gzip")), array)
        same(kafka_npy.decode(kafka_npy.encode_json(array).encode()), array)
    assert big.tobytes()[:4] == b"\x00\x00\x00a" and little.tobytes()[:4] == b"a\x00\x00\x00"
    value, headers = kafka_npy.encode_raw(big)
    assert headers[0] == ("npy.dtype", b">U2")
    back = kafka_npy.decode(kafka_npy.encode_npz({"author": np.array("Emma"), "age": 1.5, "names": big}))
    assert back["author"][()] == "Emma" and back["age"][()] == 1.5 and back["names"].tolist() == ["a", "\U0001d11e\u00e9", ""]
