"""Python side of the reverse end-to-end test: arrays produced with confluent-kafka for Java to read.

    python3 py_produce.py BOOTSTRAP TOPIC

Produces, keyed by writer, codec and name:
- ``encode/CODEC/NAME``: ``kafka_npy.encode(array, CODEC)``, the NPY variant, every codec;
- ``encode_raw/CODEC/NAME``: ``kafka_npy.encode_raw(array, CODEC)``, the raw variant with its headers;
- ``np.save/CODEC/NAME``: ``np.save`` bytes compressed by Python's own gzip, zstandard and lz4.frame
  modules (writers other than kafka_npy: lz4.frame links its blocks, which lz4-java alone cannot read,
  and a streaming zstd compressor leaves the content size out).
Prints one line per record: key, descr, shape, SHA-256 of the C-order little-endian values.
"""
import gzip
import io
import sys

import kafka_npy
import numpy as np
from checksums import canonical_sha256


def zstd_without_content_size(zstandard, data):
    """What streaming zstd writers produce: a frame that does not state its content size."""
    compressor = zstandard.ZstdCompressor().compressobj()
    return compressor.compress(data) + compressor.flush()


def main():
    bootstrap, topic = sys.argv[1], sys.argv[2]
    import lz4.frame
    import zstandard
    from confluent_kafka import Producer
    rng = np.random.default_rng(5)
    arrays = {
        "f4-embedding": rng.standard_normal(512).astype("<f4"),
        "u1-image": rng.integers(0, 256, (28, 28, 3), dtype=np.uint8),
        "f8-fortran": np.asfortranarray(rng.standard_normal((3, 5))),
        "i2-bigendian": np.arange(-6, 6, dtype=">i2").reshape(3, 4),
        "c8-scalar": np.array(1 - 2j, dtype=np.complex64),
        "f2-nan": np.array([np.nan, -0.0, np.inf, 65504], dtype=np.float16),
        # over 64 KiB: Python's lz4.frame links its blocks by default, which lz4-java alone cannot read
        "f4-large": np.cumsum(rng.standard_normal(100_000)).astype("<f4").reshape(1000, 100),
    }
    foreign = {
        "none": lambda b: b,
        "gzip": gzip.compress,
        "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
        "lz4": lz4.frame.compress,
        "zstd-stream": lambda b: zstd_without_content_size(zstandard, b),
    }
    producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 8_000_000})
    failures = []

    def send(key, value, headers=None):
        producer.produce(topic, key=key, value=value, headers=headers,
                         on_delivery=lambda err, msg: err and failures.append(err))

    def record(key, array, value, headers=None):
        send(key, value, headers)
        print("\t".join([key, array.dtype.str, ",".join(map(str, array.shape)), canonical_sha256(array)]))

    for name, array in arrays.items():
        for codec in ["none", "gzip", "zstd", "lz4", "snappy"]:
            compression = None if codec == "none" else codec
            record("encode/%s/%s" % (codec, name), array, kafka_npy.encode(array, compression))
            value, headers = kafka_npy.encode_raw(array, compression)
            record("encode_raw/%s/%s" % (codec, name), array, value, headers)
        for codec, compress in foreign.items():
            buf = io.BytesIO()
            np.save(buf, array)
            record("np.save/%s/%s" % (codec, name), array, compress(buf.getvalue()))
    if producer.flush(60) != 0:
        sys.exit("records still unsent after 60 s")
    if failures:
        sys.exit("delivery failed: %s" % failures)


if __name__ == "__main__":
    main()
