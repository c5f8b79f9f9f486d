"""Codecs: standard frames both ways, frames from other writers, and every way a payload can be bad."""
import gzip
import sys
import tracemalloc

import numpy as np
import pytest
from conftest import npy, require, require_codec

import kafka_npy
from kafka_npy import CodecUnavailableError, NpyFormatError

ARRAY = (np.arange(100_000) % 251).astype("<i4").reshape(250, 400)  # 400 kB: several blocks and chunks
NPY = npy(ARRAY)
LIMIT = 16 << 20
GIB = 1 << 30


def decompressed(value, codec):
    """``value`` inflated by the codec's own library, independently of kafka_npy."""
    if codec == "gzip":
        return gzip.decompress(value)
    if codec == "zstd":
        import zstandard
        return zstandard.ZstdDecompressor().decompress(value)
    if codec == "lz4":
        import lz4.frame
        return lz4.frame.decompress(value)
    return bytes(independent_snappy().snappy.decompress(value))


def independent_snappy():
    """cramjam's framing format, to check ours against; python-snappy's is broken on Python 3.11, so it may be absent."""
    return pytest.importorskip("cramjam", reason="no independent snappy framing implementation")


def frames(codec, data, sized=True):
    """One frame of ``data`` from the codec's own library: with or without a stored content size."""
    if codec == "gzip":
        return gzip.compress(data)
    if codec == "zstd":
        import zstandard
        z = zstandard.ZstdCompressor().compressobj(size=len(data) if sized else -1)
        return z.compress(data) + z.flush()
    if codec == "lz4":
        import lz4.frame
        return lz4.frame.compress(data, block_linked=True, store_size=sized, block_size=lz4.frame.BLOCKSIZE_MAX64KB)
    return bytes(independent_snappy().snappy.compress(data))


def test_encode_writes_standard_frames(codec):
    value = kafka_npy.encode(ARRAY, codec)
    assert value[:4] == {"gzip": b"\x1f\x8b\x08\x00", "zstd": b"\x28\xb5\x2f\xfd", "lz4": b"\x04\x22\x4d\x18",
                         "snappy": b"\xff\x06\x00\x00"}[codec]
    assert decompressed(value, codec) == NPY
    assert np.array_equal(kafka_npy.decode(value), ARRAY)


def test_zstd_frames_carry_content_size_and_checksum():
    require_codec("zstd")
    import zstandard
    params = zstandard.get_frame_parameters(kafka_npy.encode(ARRAY, "zstd"))
    assert params.content_size == len(NPY) and params.has_checksum


@pytest.mark.parametrize("sized", [True, False])
def test_frames_from_other_writers(codec, sized):
    value = frames(codec, NPY, sized)
    assert np.array_equal(kafka_npy.decode(value), ARRAY)
    assert np.array_equal(kafka_npy.decode(frames(codec, ARRAY.tobytes(), sized), kafka_npy.encode_raw(ARRAY, codec)[1]),
                          ARRAY)


def test_several_frames_make_one_payload(codec):
    cut = [0, 7, 128, 70_000, len(NPY)]
    value = b"".join(frames(codec, NPY[a:b]) for a, b in zip(cut, cut[1:]))
    if codec == "snappy":  # one stream identifier, then the chunks of every piece
        value = value[:10] + value[10:].replace(b"\xff\x06\x00\x00sNaPpY", b"")
    assert np.array_equal(kafka_npy.decode(value), ARRAY)


def test_skippable_frames_are_skipped():
    for codec in ("zstd", "lz4"):
        require_codec(codec)
        skippable = (0x184D2A53).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
        assert np.array_equal(kafka_npy.decode(frames(codec, NPY) + skippable), ARRAY)


def test_snappy_uncompressed_chunks_and_skippable_chunks():
    require_codec("snappy")
    random = np.random.default_rng(1).integers(0, 256, 200_000, dtype="u1")  # incompressible: stored chunks
    value = kafka_npy.encode(random, "snappy")
    assert value[10] == 0x01
    padding = b"\xfe\x03\x00\x00abc"
    assert np.array_equal(kafka_npy.decode(value[:10] + padding + value[10:] + padding), random)


@pytest.mark.parametrize("chunk,message", [
    (b"\x00\x02\x00\x00ab", "has no room for its CRC-32C"),
    (b"\x00\x09\x00\x00" + bytes(4) + b"\x81\x80\x04\x00\x00", "65537 bytes breaks the format's 64 KiB limit"),
    (b"\x01\x05\x00\x01" + bytes(65541), "65537 bytes breaks the format's 64 KiB limit"),
    (b"\x00\x08\x00\x00" + bytes(4) + b"\x05abc", "corrupt snappy chunk"),
    (b"\x02\x00\x00\x00", "type 0x02 is reserved and unskippable"),
])
def test_snappy_chunk_refusals(chunk, message):
    require_codec("snappy")
    with pytest.raises(NpyFormatError, match=message + r".*\(at byte 10\)"):
        kafka_npy.decode(b"\xff\x06\x00\x00sNaPpY" + chunk)


def test_snappy_empty_payload_is_just_the_identifier():
    require_codec("snappy")
    value, headers = kafka_npy.encode_raw(np.zeros(0, dtype="<f4"), "snappy")
    assert value == b"\xff\x06\x00\x00sNaPpY"
    assert kafka_npy.decode(value, headers).shape == (0,)


@pytest.mark.parametrize("level", [-7, 1, 9])
def test_levels(codec, level):
    low, high = {"gzip": (1, 9), "zstd": (-7, 22), "lz4": (1, 17), "snappy": (level, level)}[codec]
    if low <= level <= high:
        assert np.array_equal(kafka_npy.decode(kafka_npy.encode(ARRAY, codec, level)), ARRAY)
    else:
        with pytest.raises(ValueError, match="levels run from"):
            kafka_npy.encode(ARRAY, codec, level)


def test_unknown_compression_is_a_value_error():
    with pytest.raises(ValueError, match="unknown compression 'brotli'"):
        kafka_npy.encode(ARRAY, "brotli")
    assert kafka_npy.encode(ARRAY, "none") == kafka_npy.encode(ARRAY) == NPY


def test_trailing_bytes_after_the_last_frame_are_refused(codec):
    value = kafka_npy.encode(ARRAY, codec)
    for tail in (b"\0", b"garbage!"):
        with pytest.raises(NpyFormatError, match=r"(not another|snappy chunk).*at byte %d" % len(value)):
            kafka_npy.decode(value + tail)
    with pytest.raises(NpyFormatError):
        kafka_npy.decode(value + value[:5])  # the start of another frame


def test_two_arrays_in_one_payload_are_refused(codec):
    value = kafka_npy.encode(ARRAY, codec)
    joined = value + (value[10:] if codec == "snappy" else value)
    with pytest.raises(NpyFormatError, match="holds more than the %d bytes its content promises" % len(NPY)):
        kafka_npy.decode(joined)


def test_truncated_payloads_are_refused(codec):
    value = kafka_npy.encode(ARRAY, codec)
    for cut in (1, 2, 4, 5, 9, len(value) // 2, len(value) - 12):
        with pytest.raises(NpyFormatError):
            kafka_npy.decode(value[:-cut])


def test_corrupt_checksums_are_refused(codec):
    value = bytearray(kafka_npy.encode(ARRAY, codec))
    where = 14 if codec == "snappy" else -1  # a chunk's CRC-32C, or the frame's trailing checksum or length
    value[where] ^= 0x40
    with pytest.raises(NpyFormatError, match="(?i)checksum|crc|length|corrupt"):
        kafka_npy.decode(bytes(value))


def test_errors_inside_the_decompressed_npy_say_so(codec):
    value = kafka_npy.encode(ARRAY, codec)
    payload = frames(codec, b"\x93NUMPY\x01\x00\x10\x00{'descr': 1}   \n" + bytes(100))
    with pytest.raises(NpyFormatError, match=r"decompressed %s payload: header must have exactly the keys" % codec):
        kafka_npy.decode(payload)
    assert np.array_equal(kafka_npy.decode(value), ARRAY)


@pytest.mark.parametrize("codec_name,modules", [("zstd", ["zstandard"]), ("lz4", ["lz4.frame"]),
                                                ("snappy", ["cramjam", "snappy"])])
def test_a_missing_codec_module_names_its_extra(monkeypatch, codec_name, modules):
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)  # what a module that is not installed looks like to import
    magic = {"zstd": b"\x28\xb5\x2f\xfd", "lz4": b"\x04\x22\x4d\x18", "snappy": b"\xff\x06\x00\x00sNaPpY"}[codec_name]
    with pytest.raises(CodecUnavailableError, match=r"pip install 'kafka-npy\[%s\]'" % codec_name) as e:
        kafka_npy.decode(magic + bytes(20))
    assert isinstance(e.value, NpyFormatError) and isinstance(e.value, ImportError)
    with pytest.raises(CodecUnavailableError):
        kafka_npy.encode(ARRAY, codec_name)


def test_snappy_without_a_crc32c_module_names_its_extra(monkeypatch):
    require("cramjam", "snappy")
    for name in ("google_crc32c", "crc32c"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(CodecUnavailableError, match=r"crc32c.*pip install 'kafka-npy\[snappy\]'"):
        kafka_npy.encode(ARRAY, "snappy")


# ---------------------------------------------------------------- bombs

def _header(descr, shape):
    from kafka_npy._format import header_bytes
    return header_bytes(np.dtype(descr), False, shape)


def bomb(codec, start, total, sized):
    """A payload whose output starts with ``start`` and goes on with zeros up to ``total`` bytes."""
    piece = 16 << 20
    if codec == "gzip":  # members of 16 MiB of zeros: about 16 kB each
        zeros = gzip.compress(bytes(piece), 9)
        return gzip.compress(start + bytes(piece - len(start)), 9) + zeros * (total // piece - 1)
    if codec == "snappy":  # the format caps chunks at 64 KiB, so a snappy bomb is at most ~21 times its size
        one = kafka_npy.encode_raw(np.zeros(65536, dtype="u1"), "snappy")[0][10:]
        first = kafka_npy.encode_raw(np.frombuffer(start + bytes(65536 - len(start)), "u1"), "snappy")[0]
        return first + one * (total // 65536 - 1)
    if codec == "zstd":
        import zstandard
        z = zstandard.ZstdCompressor(level=1).compressobj(size=total if sized else -1)
        parts = [z.compress(start + bytes(piece - len(start)))]
        parts += [z.compress(bytes(piece)) for _ in range(total // piece - 1)]
        return b"".join(parts) + z.flush()
    import lz4.frame  # frames of 16 MiB each: one frame of 1 GiB takes seconds to write
    first = lz4.frame.compress(start + bytes(piece - len(start)), store_size=sized, content_checksum=True)
    return first + lz4.frame.compress(bytes(piece), store_size=sized, content_checksum=True) * (total // piece - 1)


def peak_while_refusing(value, headers=None, message=""):
    tracemalloc.start()
    try:
        with pytest.raises(NpyFormatError, match=message):
            kafka_npy.decode(value, headers, max_array_bytes=LIMIT)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


BOMBS = {
    # the NPY header says the truth: 1 GiB, refused as soon as the header is out
    "huge header": (_header("|u1", (GIB,)), None, "1073741824 bytes exceed max_array_bytes=16777216"),
    # the NPY header claims 1 KiB and the payload goes on: refused once the output passes 1 KiB
    "lying header": (_header("|u1", (1024,)), None, "holds more than the 1152 bytes its content promises"),
    # not NPY at all: refused when the first 64 KiB are not an NPY header
    "no header": (b"", None, "decompressed \\w+ payload: input does not start with the NPY magic"),
    # the raw variant: headers promise 1 KiB
    "raw": (b"", [("npy.dtype", b"|u1"), ("npy.shape", b"1024")], "holds more than the 1024 bytes"),
}


@pytest.mark.parametrize("codec,sized", [("gzip", False), ("snappy", False), ("zstd", True), ("zstd", False),
                                         ("lz4", True), ("lz4", False)])  # gzip and snappy never store the size
@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_bombs_are_refused_within_bounded_memory(codec, kind, sized):
    require_codec(codec)
    start, headers, message = BOMBS[kind]
    total = (256 << 20) if codec == "snappy" else GIB
    value = bomb(codec, start, total, sized)
    if headers is not None:
        headers = headers + [("npy.compression", codec.encode())]
    assert len(value) < total // 20
    peak = peak_while_refusing(value, headers, message)
    print("%s bomb, %s, %s: %d-byte value inflating to %d, refused with a peak of %.2f MiB"
          % (codec, kind, "stored size" if sized else "no stored size", len(value), total, peak / 2**20))
    assert peak < 64 << 20


@pytest.mark.parametrize("codec", ["gzip", "zstd", "lz4", "snappy"])
def test_a_tiny_value_promising_the_whole_limit_costs_memory_for_what_it_delivers(codec):
    # the output buffer was allocated at the promised size: 19 bytes of zstd cost a 16 MiB memset
    require_codec(codec)
    value = kafka_npy.encode_raw(np.zeros(10, np.uint8), codec)[0]
    headers = [("npy.dtype", b"|u1"), ("npy.shape", str(LIMIT).encode()), ("npy.compression", codec.encode())]
    assert peak_while_refusing(value, headers, "payload ends after 10 of the") < 4 << 20  # a piece and the first buffer
