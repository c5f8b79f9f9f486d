"""Records Python writes for Java to read, keyed by writer, codec and name:

- ``encode/CODEC/NAME``: ``kafka_npy.encode(array, CODEC)``, the NPY variant, every codec;
- ``encode_raw/CODEC/NAME``: ``kafka_npy.encode_raw(array, CODEC)``, the raw variant with its headers;
- ``encode/CODEC+FILTER/NAME``, ``encode_raw/CODEC+FILTER/NAME``: the same with ``filter=FILTER`` (filter frames);
- ``np.save/CODEC/NAME``: ``np.save`` bytes compressed by Python's own gzip, zstandard and lz4.frame
  modules (writers other than kafka_npy: lz4.frame links its blocks, which lz4-java alone cannot read,
  and a streaming zstd compressor leaves the content size out).

Each record comes with the line the test compares: key, descr, shape, SHA-256 of the C-order
little-endian values.
"""
import gzip
import io

import kafka_npy
import lz4.frame
import numpy as np
import zstandard
from checksums import canonical_sha256


def zstd_without_content_size(data):
    """What streaming zstd writers produce: a frame that does not state its content size."""
    compressor = zstandard.ZstdCompressor().compressobj()
    return compressor.compress(data) + compressor.flush()


FOREIGN = {
    "none": lambda b: b,
    "gzip": gzip.compress,
    "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
    "lz4": lz4.frame.compress,
    "zstd-stream": zstd_without_content_size,
}


def arrays():
    rng = np.random.default_rng(5)
    return {
        "f4-embedding": rng.standard_normal(512).astype("<f4"),
        "u1-image": rng.integers(0, 256, (28, 28, 3), dtype=np.uint8),
        "f8-fortran": np.asfortranarray(rng.standard_normal((3, 5))),
        "i2-bigendian": np.arange(-6, 6, dtype=">i2").reshape(3, 4),
        "c8-scalar": np.array(1 - 2j, dtype=np.complex64),
        "f2-nan": np.array([np.nan, -0.0, np.inf, 65504], dtype=np.float16),
        "u8-empty": np.zeros((4, 0), dtype="<u8"),
        # over 64 KiB: Python's lz4.frame links its blocks by default, which lz4-java alone cannot read
        "f4-large": np.cumsum(rng.standard_normal(100_000)).astype("<f4").reshape(1000, 100),
    }


def records():
    """(key, value, headers or None, the line to compare) for every array, writer and codec."""
    for name, array in arrays().items():
        line = "\t".join([array.dtype.str, ",".join(map(str, array.shape)), canonical_sha256(array)])
        for codec in ["none", "gzip", "zstd", "lz4", "snappy"]:
            compression = None if codec == "none" else codec
            key = "encode/%s/%s" % (codec, name)
            yield key, kafka_npy.encode(array, compression), None, key + "\t" + line
            value, headers = kafka_npy.encode_raw(array, compression)
            key = "encode_raw/%s/%s" % (codec, name)
            yield key, value, headers, key + "\t" + line
            for filter in ([] if compression is None else ["shuffle", "delta-shuffle"]):
                key = "encode/%s+%s/%s" % (codec, filter, name)
                yield key, kafka_npy.encode(array, compression, filter=filter), None, key + "\t" + line
                value, headers = kafka_npy.encode_raw(array, compression, filter=filter)
                key = "encode_raw/%s+%s/%s" % (codec, filter, name)
                yield key, value, headers, key + "\t" + line
        for codec, compress in FOREIGN.items():
            buf = io.BytesIO()
            np.save(buf, array)
            key = "np.save/%s/%s" % (codec, name)
            yield key, compress(buf.getvalue()), None, key + "\t" + line
