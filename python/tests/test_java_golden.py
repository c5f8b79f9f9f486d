"""Payloads written by the Java serializers (data/java, from GenerateGolden.java): Python reads every one
bit-exactly, writes the same bytes where no codec is involved, and the same raw-variant headers."""
import json
import pathlib

import numpy as np
import pytest
from conftest import CODECS, require_codec

import kafka_npy

DATA = pathlib.Path(__file__).parent / "data" / "java"
HEADERS = json.loads((DATA / "headers.json").read_text())
EXPECTED = {
    "f4_3x4": np.arange(12, dtype="<f4").reshape(3, 4) * np.float32(0.5),
    "i2_200x300": (np.arange(60000) * 7 % 1000).astype("<i2").reshape(200, 300),
    "f8be_fortran_4x3": np.arange(12, dtype=">f8").reshape((4, 3), order="F"),
    "b1_5": np.array([True, False, True, True, False]),
    "c8_scalar": np.array(1 + 2j, dtype="<c8"),
    "u1_0x3": np.zeros((0, 3), dtype="|u1"),
}


def same(actual, expected):
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    assert actual.flags.f_contiguous == expected.flags.f_contiguous
    assert actual.tobytes("A") == expected.tobytes("A")


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("compression", ["none"] + CODECS)
def test_python_reads_what_java_writes(name, compression):
    if compression != "none":
        require_codec(compression)
    npy_value = (DATA / ("%s.npy.%s" % (name, compression))).read_bytes()
    same(kafka_npy.decode(npy_value), EXPECTED[name])
    raw_name = "%s.raw.%s" % (name, compression)
    headers = [(k, v.encode()) for k, v in HEADERS[raw_name]]
    same(kafka_npy.decode((DATA / raw_name).read_bytes(), headers), EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_python_writes_the_bytes_java_writes(name):
    assert kafka_npy.encode(EXPECTED[name]) == (DATA / ("%s.npy.none" % name)).read_bytes()
    value, headers = kafka_npy.encode_raw(EXPECTED[name])
    assert value == (DATA / ("%s.raw.none" % name)).read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("compression", ["none"] + CODECS)
def test_python_writes_the_headers_java_writes(name, compression):
    if compression != "none":
        require_codec(compression)
    written = kafka_npy.encode_raw(EXPECTED[name], compression)[1]
    assert [(k, v.decode()) for k, v in written] == [tuple(h) for h in HEADERS["%s.raw.%s" % (name, compression)]]
