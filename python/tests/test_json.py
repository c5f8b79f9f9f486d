"""JSON envelopes: what encode_json writes, every form decode accepts, and every refusal before allocation."""
import base64
import json
import tracemalloc

import numpy as np
import pytest
from conftest import require_codec

import kafka_npy
from kafka_npy import NpyFormatError, _codecs

ARRAY = np.arange(6, dtype="<f4").reshape(2, 3)


def envelope(array, order="C"):
    return {"dtype": array.dtype.str, "shape": list(array.shape), "order": order,
            "data": base64.b64encode(array.tobytes(order)).decode()}


def same(actual, expected):
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    assert actual.tobytes() == expected.tobytes()
    assert not actual.flags.writeable


@pytest.mark.parametrize("array,order", [
    (ARRAY, "C"),
    (np.asfortranarray(ARRAY), "F"),
    (ARRAY[:, ::2], "C"),  # neither C- nor F-contiguous: C order
    (np.array(7, dtype=">i8"), "C"),
    (np.zeros((0, 2), dtype="|b1"), "C"),
    (np.array([b"ab", b"c"], dtype="|S3"), "C"),
    (np.array(["h\u00e9", "\U0001d11e"], dtype=">U2"), "C"),
])
def test_encode_json_writes_the_envelope(array, order):
    text = kafka_npy.encode_json(array)
    assert text == json.dumps(envelope(array, order))
    assert list(json.loads(text)) == ["dtype", "shape", "order", "data"]
    back = kafka_npy.decode(text.encode())
    same(back, array)
    assert back.flags.f_contiguous if order == "F" else back.flags.c_contiguous


def test_encode_json_refuses_objects():
    with pytest.raises(NpyFormatError, match="object dtype"):
        kafka_npy.encode_json(np.array([{}], dtype=object))


def forms():
    a = ARRAY
    payload = envelope(a)
    yield "key order and whitespace", "\n{ \"data\" :\t\"%s\",\"order\":\"C\" , \"shape\":[2,3],\"dtype\":\"<f4\" }\r\n" \
        % payload["data"], a
    yield "order absent", json.dumps({k: v for k, v in payload.items() if k != "order"}), a
    yield "base64 in lines", json.dumps(dict(payload, data=base64.encodebytes(a.tobytes() * 10).decode(),
                                             shape=[20, 3])), np.concatenate([a] * 10)
    yield "numpy spelling", json.dumps(dict(payload, dtype="float32")), a
    yield "unknown keys ignored", json.dumps(dict(payload, units="m/s", note={"a": [1]})), a
    yield "byte order mark", "\ufeff" + json.dumps(payload), a
    yield "much leading whitespace", " \n" * 1000 + json.dumps(payload), a
    yield "lists", json.dumps(dict(payload, data=a.tolist())), a
    special = np.array([[np.nan, np.inf], [-np.inf, 0.5]], dtype="<f8")
    yield "NaN and Infinity", json.dumps(dict(envelope(special), data=special.tolist())), special
    yield "int lists", json.dumps({"dtype": "<i8", "shape": [2], "data": [-2**63, 2**63 - 1]}), \
        np.array([-2**63, 2**63 - 1], dtype="<i8")
    yield "bool lists", json.dumps({"dtype": "bool", "shape": [2], "data": [True, False]}), np.array([True, False])
    yield "0-d list data", json.dumps({"dtype": "<f2", "shape": [], "data": 1.5}), np.array(1.5, dtype="<f2")
    yield "empty lists", json.dumps({"dtype": "<u1", "shape": [2, 0], "data": [[], []]}), np.zeros((2, 0), "|u1")
    u = np.array(["cat", "dog"], dtype=">U3")
    yield "three-element list", json.dumps([str(a.dtype), base64.b64encode(a.tobytes()).decode(), a.shape]), a
    yield "three-element list of strings", json.dumps([u.dtype.str, base64.b64encode(u.tobytes()).decode(), u.shape]), u
    f = np.asfortranarray(np.arange(6, dtype="<i2").reshape(3, 2))
    yield "fortran order", json.dumps(envelope(f, "F")), f


FORMS = list(forms())


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in FORMS], ids=[n for n, _, _ in FORMS])
def test_every_accepted_form(text, expected):
    same(kafka_npy.decode(text.encode("utf-8")), expected)


def test_a_codec_frame_around_an_envelope(codec):
    require_codec(codec)
    value = _codecs.compress(kafka_npy.encode_json(ARRAY).encode(), codec, _codecs.check(codec, None)[1])
    same(kafka_npy.decode(value), ARRAY)


REFUSALS = [
    ('{"dtype": "<f4", "shape": [2, 3], "data": "', "malformed JSON: Unterminated string"),
    ('{"dtype": "<f4", "dtype": "<f8", "shape": [], "data": "AAAAAAAAAAA="}', "the key 'dtype' twice"),
    ('{"dtype": "<f4", "shape": [2, 3]}', "has no 'data' key"),
    ('{"shape": [2, 3], "data": ""}', "has no 'dtype' key"),
    ('["<f4", "AAAAAA=="]', "neither an object with dtype, shape and data nor a list"),
    ('{"dtype": "<f4", "shape": [2], "data": "AAAAAA=="}', "JSON data has 8 base64 characters, but <f4 of shape (2,) "
                                                          "needs 8 bytes, which are 12"),
    ('{"dtype": "<f4", "shape": [1], "data": "AAAA"}', "JSON data has 4 base64 characters"),
    ('{"dtype": "<f4", "shape": [1], "data": "AA*A=A=="}', "not standard base64"),
    ('{"dtype": "<f4", "shape": [1], "data": "AAAAA==="}', "not standard base64"),
    ('{"dtype": "<u1", "shape": [1], "data": "A==="}', "not standard base64"),
    ('{"dtype": "<f4", "shape": [1], "data": "AAA-AA=="}', "not standard base64"),
    ('{"dtype": "<u1", "shape": [1], "data": "AAAA"}', "JSON data holds 3 bytes, but |u1 of shape (1,) needs 1"),
    ('{"dtype": "|O", "shape": [1], "data": ""}', "object dtype"),
    ('{"dtype": "f4,i4", "shape": [1], "data": ""}', "structured or void"),
    ('{"dtype": 4, "shape": [1], "data": ""}', "JSON dtype is not a string: 4"),
    ('{"dtype": "<f4", "shape": [2.0], "data": ""}', "JSON shape is not a list of integers: [2.0]"),
    ('{"dtype": "<f4", "shape": [true], "data": ""}', "JSON shape is not a list of integers"),
    ('{"dtype": "<f4", "shape": [-1], "data": ""}', "negative dimension"),
    ('{"dtype": "<f4", "shape": "2,3", "data": ""}', "JSON shape is not a list of integers"),
    ('{"dtype": "<f4", "shape": [1], "order": "K", "data": "AAAAAA=="}', 'JSON order is "K", not "C" or "F"'),
    ('{"dtype": "<f8", "shape": [1099511627776], "data": ""}', "the array's 8796093022208 bytes exceed max_array_bytes"),
    ('{"dtype": "<f8", "shape": [4611686018427387904, 4], "data": []}', "too large"),
    ('{"dtype": "<f4", "shape": [%s], "data": ""}' % ",".join(["1"] * 70), "70 dimensions"),
    ('{"dtype": "<f4", "shape": [2, 2], "data": [[1, 2], [3]]}', "does not have shape (2, 2): at depth 1 found [3]"),
    ('{"dtype": "<f4", "shape": [2], "data": [[1], [2]]}', "found [1] where a number belongs"),
    ('{"dtype": "<f4", "shape": [3], "data": [1, 2]}', "at depth 0 found [1, 2] where a list of 3 belongs"),
    ('{"dtype": "<f4", "shape": [], "data": [1]}', "found [1] where a number belongs"),
    ('{"dtype": "<i1", "shape": [2], "data": [1, 128]}', "JSON data holds 128, out of the range of int8"),
    ('{"dtype": "<u8", "shape": [1], "data": [-1]}', "JSON data holds -1, out of the range of uint64"),
    ('{"dtype": "<i4", "shape": [1], "data": [1.5]}', "JSON data holds 1.5, which is not a int32 value"),
    ('{"dtype": "|b1", "shape": [1], "data": [1]}', "JSON data holds 1, which is not a bool value"),
    ('{"dtype": "<f4", "shape": [1], "data": ["1"]}', 'found "1" where a number belongs'),
    ('{"dtype": "<f4", "shape": [1], "data": [null]}', "found null where a number belongs"),
    ('{"dtype": "<f8", "shape": [1], "data": [1%s]}' % ("0" * 400), "does not fit float64"),
    ('{"dtype": "<U3", "shape": [1], "data": ["cat"]}', "JSON data for <U3 must be base64"),
    ('{"dtype": "<c8", "shape": [1], "data": [1]}', "JSON data for <c8 must be base64"),
    ('{"dtype": "<f4", "shape": [1], "data": {"a": 1}}', "neither a base64 string nor nested lists"),
    ("[" * 100000 + "]" * 100000, "JSON envelope cannot be read"),
    ('"just a string"', "does not start with the NPY magic string"),
    ('{"dtype": "<f4", "shape": [1], "data": "AAAAAA=="', "malformed JSON"),
    ('{"dtype": "<f4", "shape": [1], "data": "AAAAAA=="} {}', "malformed JSON: Extra data"),
]


@pytest.mark.parametrize("text,message", REFUSALS, ids=[m for _, m in REFUSALS])
def test_refusals(text, message):
    with pytest.raises(NpyFormatError, match=r"\(at byte [0-9]+\)$") as e:
        kafka_npy.decode(text.encode("utf-8"))
    assert message in str(e.value)


def test_malformed_json_names_the_byte_offset():
    with pytest.raises(NpyFormatError) as e:
        kafka_npy.decode('\ufeff{"dtype": "é", oops}'.encode())
    assert e.value.offset == 3 + len('{"dtype": "é", '.encode())


def test_not_utf8():
    with pytest.raises(NpyFormatError, match="not UTF-8 text") as e:
        kafka_npy.decode(b'{"dtype": "\xff"}')
    assert e.value.offset == 11


def test_huge_shapes_are_refused_before_allocating():
    text = json.dumps({"dtype": "<f8", "shape": [1 << 24], "data": "AAAA"}).encode()
    tracemalloc.start()
    try:
        with pytest.raises(NpyFormatError, match="JSON data has 4 base64 characters"):
            kafka_npy.decode(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    with pytest.raises(NpyFormatError, match="exceed max_array_bytes=1000"):
        kafka_npy.decode(text, max_array_bytes=1000)
