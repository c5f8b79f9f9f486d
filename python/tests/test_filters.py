"""Filter frames (Java's npy.compression.filter): what Java writes reads here bit-exactly, what Python writes
has Java's header and filtered content, every dtype/order/shape/codec round-trips, and bad frames are refused."""
import zlib

import numpy as np
import pytest
from conftest import CODECS, require_codec
from test_java_golden import DATA, EXPECTED, HEADERS, same

import kafka_npy
from kafka_npy import NpyFormatError, _codecs, _filters

FILTERS = ["shuffle", "delta-shuffle"]


def content(frame):
    """The concatenated contents of a frame's codec frames: the filtered bytes as the format defines them."""
    data = memoryview(frame)[_filters.HEADER_BYTES:]
    return bytes(_codecs.decompress(data, _codecs.detect(data), 1 << 26, None))


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("compression", CODECS)
@pytest.mark.parametrize("filter", FILTERS)
def test_python_reads_the_filter_frames_java_writes(name, compression, filter):
    require_codec(compression)
    npy_value = (DATA / ("%s.npy.%s.%s" % (name, compression, filter))).read_bytes()
    same(kafka_npy.decode(npy_value), EXPECTED[name])
    raw_value = (DATA / ("%s.raw.%s.%s" % (name, compression, filter))).read_bytes()
    headers = [(k, v.encode()) for k, v in HEADERS["%s.raw.%s" % (name, compression)]]
    same(kafka_npy.decode(raw_value, headers), EXPECTED[name])
    layout = _filters.layout(EXPECTED[name].dtype, EXPECTED[name].shape, name.endswith("fortran_4x3"), filter)
    assert _filters.is_frame(npy_value) == (layout is not None)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("compression", CODECS)
@pytest.mark.parametrize("filter", FILTERS)
def test_python_writes_javas_header_and_filtered_content(name, compression, filter):
    require_codec(compression)
    java = (DATA / ("%s.npy.%s.%s" % (name, compression, filter))).read_bytes()
    ours = kafka_npy.encode(EXPECTED[name], compression, filter=filter)
    assert _filters.is_frame(ours) == _filters.is_frame(java)
    if _filters.is_frame(java):
        assert ours[:_filters.HEADER_BYTES] == java[:_filters.HEADER_BYTES]
        assert content(ours) == content(java)
        assert len(ours) <= len(java) * 1.1 + 64, "frames per plane as Java writes them"
    else:
        assert ours == kafka_npy.encode(EXPECTED[name], compression)


def test_the_format_by_hand_shuffle_keeps_prefix_and_tail():
    frame = (b"\x93NPF\x01\x01\x00\x00" + (2).to_bytes(4, "little") + bytes(4) + (2).to_bytes(4, "little")
             + _codecs.compress(b"AB\x01\x02\x04\x00\x00\x03\x07", "gzip", 6))
    assert bytes(_filters.decode(frame, 1 << 20, None)) == b"AB\x01\x00\x02\x00\x04\x03\x07"


def test_the_format_by_hand_big_endian_delta():
    # >u2 256, 257: deltas 256, 1 as big-endian bytes 01 00, 00 01; planes 01 00 | 00 01
    frame = (b"\x93NPF\x01\x02\x01\x00" + (2).to_bytes(4, "little") + (1).to_bytes(4, "little") + bytes(4)
             + _codecs.compress(b"\x01\x00\x00\x01", "gzip", 6))
    assert bytes(_filters.decode(frame, 1 << 20, None)) == b"\x01\x00\x01\x01"


def test_the_delta_wraps_around_and_steps_one_row_in_c_order():
    a = np.array([[1, 100], [3, 90], [65535, 95]], dtype="<u2")
    value, headers = kafka_npy.encode_raw(a, "gzip", filter="delta-shuffle")
    assert value[12:16] == (2).to_bytes(4, "little")
    deltas = np.array([1, 100, 2, 65526, 65532, 5], dtype="<u2")
    assert content(value) == deltas.view(np.uint8).reshape(6, 2).T.tobytes()
    same(kafka_npy.decode(value, headers), a)
    fortran, _ = kafka_npy.encode_raw(np.asfortranarray(a), "gzip", filter="delta-shuffle")
    assert fortran[12:16] == (1).to_bytes(4, "little")


def arrays():
    rng = np.random.default_rng(13)
    for dtype in ["|b1", "|i1", "|u1", "<i2", ">i2", "<u4", ">i8", "<u8", "<f2", ">f2", "<f4", ">f4", "<f8", ">f8",
                  "<c8", ">c16", "|S3", "<U2", ">U2", "|S0"]:
        for shape in [(), (0,), (0, 5), (7,), (3, 4), (2, 3, 5), (1, 9), (4100, 3)]:
            size = int(np.prod(shape))
            a = (np.cumsum(rng.integers(-3, 4, size)) % 120 + 60).astype("<i8")
            a = a.astype(dtype) if np.dtype(dtype).kind not in "SU" else np.array([str(v) for v in a], dtype=dtype)
            a = a.reshape(shape)
            yield a
            if a.ndim > 1:
                yield np.asfortranarray(a)


@pytest.mark.parametrize("compression", CODECS)
@pytest.mark.parametrize("filter", FILTERS)
def test_every_dtype_order_and_shape_round_trips(compression, filter):
    require_codec(compression)
    for a in arrays():
        same(kafka_npy.decode(kafka_npy.encode(a, compression, filter=filter)), a)
        value, headers = kafka_npy.encode_raw(a, compression, filter=filter)
        same(kafka_npy.decode(value, headers), a)


def test_a_filter_needs_a_codec_and_a_known_name():
    with pytest.raises(ValueError, match="works with a codec"):
        kafka_npy.encode(np.zeros(3), filter="shuffle")
    with pytest.raises(ValueError, match="unknown filter"):
        kafka_npy.encode(np.zeros(3), "gzip", filter="bitshuffle")
    assert kafka_npy.encode(np.zeros(3), "gzip", filter="none") == kafka_npy.encode(np.zeros(3), "gzip")


GOOD = kafka_npy.encode(np.arange(64, dtype="<f8").reshape(32, 2), "gzip", filter="delta-shuffle")


def changed(at, value, frame=GOOD):
    return frame[:at] + bytes([value]) + frame[at + 1:]


@pytest.mark.parametrize("frame, offset, problem", [
    (GOOD[:19], 19, "ends inside its 20-byte header"),
    (changed(4, 2), 4, "version 2 is not supported"),
    (changed(5, 3), 5, "names filter 3"),
    (changed(6, 2), 6, "unknown flags 0x2"),
    (changed(7, 1), 7, "reserved byte is 1"),
    (changed(8, 3), 8, "width is 3"),
    (changed(12, 0, changed(13, 0)), 12, "distance of 0"),
    (changed(5, 1), 12, "shuffle frame has a delta distance of 2"),
    (GOOD[:20], 20, "not followed by a gzip, zstd, lz4 or snappy frame"),
    (changed(17, 255), 16, "is longer than its"),
])
def test_malformed_frames_are_refused_at_their_field(frame, offset, problem):
    with pytest.raises(NpyFormatError, match=problem) as e:
        kafka_npy.decode(frame)
    assert e.value.offset == offset


def test_codec_errors_count_from_the_start_of_the_filter_frame():
    with pytest.raises(NpyFormatError) as e:
        kafka_npy.decode(GOOD[:-3])
    assert e.value.offset >= 20


def test_content_past_the_limit_is_refused_before_it_is_inflated():
    bomb = (b"\x93NPF\x01\x01\x00\x00" + (4).to_bytes(4, "little") + bytes(8) + gzip_of_zeros(64 << 20))
    assert len(bomb) < 100_000
    with pytest.raises(NpyFormatError, match="limit"):
        _filters.decode(bomb, 1 << 20, None)
    big = kafka_npy.encode(np.zeros((512, 512), "<f4"), "zstd", filter="shuffle")
    with pytest.raises(NpyFormatError, match="exceed|max_array_bytes|limit"):
        kafka_npy.decode(big, max_array_bytes=1000)


def gzip_of_zeros(n):
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return z.compress(bytes(n)) + z.flush()


def test_a_raw_frame_whose_codec_disagrees_with_its_header_is_refused():
    value, headers = kafka_npy.encode_raw(np.arange(8, dtype="<i4"), "gzip", filter="shuffle")
    headers = [(k, b"zstd" if k == "npy.compression" else v) for k, v in headers]
    with pytest.raises(NpyFormatError, match="a gzip frame, but its npy.compression header says zstd"):
        kafka_npy.decode(value, headers)
