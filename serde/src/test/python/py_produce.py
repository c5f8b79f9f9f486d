"""Python side of the reverse end-to-end test: np.save arrays and produce them with confluent-kafka.

    python3 py_produce.py BOOTSTRAP TOPIC

Produces, keyed by name, np.save bytes of several arrays, plain and compressed with Python's own
gzip, zstandard, lz4.frame and (hand-framed) snappy, plus one raw-variant record with headers.
Prints one line per record: key, descr, shape, SHA-256 of the C-order little-endian values.
"""
import gzip
import io
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "examples", "python"))
import kafka_npy  # noqa: E402
from consumer import canonical_sha256  # noqa: E402


def snappy_framed(data):
    import snappy
    out = bytearray(kafka_npy.MAGIC["snappy"])
    for i in range(0, len(data), 65536):
        chunk = data[i:i + 65536]
        body = struct.pack("<I", kafka_npy._masked_crc32c(chunk)) + snappy.compress(chunk)
        out += bytes([0]) + struct.pack("<I", len(body))[:3] + body
    return bytes(out)


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
    codecs = {
        "none": lambda b: b,
        "gzip": gzip.compress,
        "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
        "lz4": lz4.frame.compress,
        "snappy": snappy_framed,
    }
    producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 8_000_000})
    failures = []

    def send(key, value, headers=None):
        producer.produce(topic, key=key, value=value, headers=headers,
                         on_delivery=lambda err, msg: err and failures.append(err))

    for codec, compress in codecs.items():
        for name, array in arrays.items():
            buf = io.BytesIO()
            np.save(buf, array)
            key = "%s/%s" % (codec, name)
            send(key, compress(buf.getvalue()))
            print("\t".join([key, array.dtype.str, ",".join(map(str, array.shape)), canonical_sha256(array)]))
    raw = arrays["u1-image"]
    send("raw/u1-image", zstandard.ZstdCompressor().compress(raw.tobytes()),
         [("npy.dtype", b"|u1"), ("npy.shape", b"28,28,3"), ("npy.order", b"C"), ("npy.compression", b"zstd")])
    print("\t".join(["raw/u1-image", raw.dtype.str, "28,28,3", canonical_sha256(raw)]))
    if producer.flush(60) != 0:
        sys.exit("records still unsent after 60 s")
    if failures:
        sys.exit("delivery failed: %s" % failures)


if __name__ == "__main__":
    main()
