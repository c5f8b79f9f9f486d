"""Fuzzing: random bytes and mutated valid payloads give a correct array or an NpyFormatError, nothing else."""
import io
import json
import os

import numpy as np
from conftest import CODECS, missing, require_codec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kafka_npy
from kafka_npy import CodecUnavailableError, NpyFormatError

ARRAYS = [np.arange(40, dtype="<f4").reshape(5, 8), np.array(3, dtype=">i8"), np.zeros((0, 3), dtype="|b1"),
          np.asfortranarray(np.arange(70_000, dtype="<u2").reshape(200, 350))]
#: KAFKANPY_FUZZ_EXAMPLES=100000 for a long run.
SETTINGS = settings(max_examples=int(os.environ.get("KAFKANPY_FUZZ_EXAMPLES", "400")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def decodes_or_refuses(value, headers=None):
    """Decodes within a small limit; an array that comes back must be what its bytes say."""
    try:
        array = kafka_npy.decode(value, headers, max_array_bytes=1 << 20)
    except CodecUnavailableError as e:
        missing(str(e))
    except NpyFormatError:
        return None
    arrays = array.values() if isinstance(array, dict) else [array]
    assert all(isinstance(a, np.ndarray) and not a.flags.writeable for a in arrays)
    assert sum(a.nbytes for a in arrays) <= 1 << 20
    return array


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(value):
    decodes_or_refuses(value)


@SETTINGS
@given(st.sampled_from([b"\x93NUMPY\x01\x00", b"\x93NUMPY\x02\x00", b"\x93NUMPY\x03\x00", b"\x1f\x8b\x08\x00",
                        b"\x28\xb5\x2f\xfd", b"\x04\x22\x4d\x18", b"\xff\x06\x00\x00sNaPpY"]), st.binary(max_size=300))
def test_random_bytes_after_a_magic(magic, rest):
    decodes_or_refuses(magic + rest)


def mutate(draw, value):
    """``value`` with bytes flipped, inserted, deleted or cut, up to four times."""
    data = bytearray(value)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            del data[at:]
    return bytes(data)


@SETTINGS
@given(st.sampled_from(ARRAYS), st.sampled_from([None] + CODECS), st.booleans(), st.data())
def test_mutated_payloads(array, codec, raw, data):
    """A valid payload of either variant and any codec, mutated."""
    if codec is not None:
        require_codec(codec)
    value, headers = kafka_npy.encode_raw(array, codec) if raw else (kafka_npy.encode(array, codec), None)
    value = mutate(data.draw, value)
    back = decodes_or_refuses(value, headers)
    if back is None:
        return
    if codec is not None:  # every codec's frame is checksummed: what decodes is what was encoded
        expected = array
    elif headers is None:  # a plain NPY value that decodes is one np.load reads the same way
        expected = np.load(io.BytesIO(value), allow_pickle=False)
    else:
        return
    assert back.dtype == expected.dtype and back.shape == expected.shape
    assert back.tobytes("A") == expected.tobytes("A")


@SETTINGS
@given(st.sampled_from([None, "gzip"]), st.data())
def test_mutated_npz_archives(compression, data):
    """An NPZ archive, stored or deflated, mutated: every entry is CRC-checked, so what decodes is what was encoded."""
    mapping = {"a": ARRAYS[0], "dir/b": ARRAYS[1], "label": np.array("cat"), "empty": ARRAYS[2]}
    back = decodes_or_refuses(mutate(data.draw, kafka_npy.encode_npz(mapping, compression)))
    if back is not None:
        assert isinstance(back, dict) and set(back) <= set(mapping)
        for name, array in back.items():
            assert array.dtype == mapping[name].dtype and array.tobytes() == mapping[name].tobytes()


@SETTINGS
@given(st.sampled_from(ARRAYS[:3] + [np.array(["cat", "dog"])]), st.booleans(), st.data())
def test_mutated_json_envelopes(array, lists, data):
    text = kafka_npy.encode_json(array)
    if lists and array.dtype.kind != "U":
        text = json.dumps(dict(json.loads(text), data=array.tolist()))
    back = decodes_or_refuses(mutate(data.draw, text.encode()))
    assert back is None or isinstance(back, np.ndarray)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["npy.dtype", "npy.shape", "npy.order", "npy.compression", "x"]),
                          st.one_of(st.binary(max_size=12), st.sampled_from([b"<f4", b"|u1", b"5,8", b"40", b"", b"F",
                                                                             b"zstd", b"gzip"]))), max_size=6),
       st.binary(max_size=200))
def test_random_raw_headers(headers, value):
    decodes_or_refuses(value, headers)
