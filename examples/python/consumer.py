"""Consume kafka-npy records with confluent-kafka and decode them with the kafka_npy package.

    pip install ./python                  # once; the demo uses scripts/python-env.sh instead
    python3 consumer.py --bootstrap-server 127.0.0.1:9092 --topic features [--topic ...] --count 10

Prints each record as it arrives (``--format human``, the default: key, dtype, shape and a numpy
repr) or as tab-separated lines for tests (``--format tsv``: topic, partition, offset, entry, key,
descr, shape, order, SHA-256 of the array's C-order little-endian bytes), and exits 0 once
``--count`` records were decoded, or 1 on a timeout.

A record holding several named arrays (the Streams app's window statistics: an NPZ archive with
deflated entries) is opened with ``np.load`` alone, and gives one line per entry, ``entry`` being
the array's name; single arrays (NPY, or the raw variant described by record headers) go through
``kafka_npy.decode`` and have an empty ``entry``.
"""
import argparse
import hashlib
import io
import os
import sys
import time

import kafka_npy
import numpy as np


def canonical_sha256(array):
    """SHA-256 of the array's values in C order, little-endian: equal arrays hash equal whatever their layout."""
    little = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
    return hashlib.sha256(np.ascontiguousarray(little).tobytes()).hexdigest()


def arrays_of(value, headers):
    """The record's arrays by name: an NPZ archive's entries, or one array under the name ''."""
    if value[:2] == b"PK":
        with np.load(io.BytesIO(value), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    return {"": kafka_npy.decode(value, headers)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-server", required=True)
    parser.add_argument("--topic", action="append", required=True)
    parser.add_argument("--count", type=int, required=True, help="records to read before exiting")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for them")
    parser.add_argument("--group", default="kafka-npy-python-%d" % os.getpid())
    parser.add_argument("--format", choices=["human", "tsv"], default="human")
    args = parser.parse_args()

    # A plain Consumer plus kafka_npy.decode(value, headers) works with every confluent-kafka
    # version; DeserializingConsumer only passes headers to deserializers from 2.x on.
    from confluent_kafka import Consumer
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_server,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe(args.topic)
    seen = 0
    deadline = time.monotonic() + args.timeout
    try:
        while seen < args.count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                print("error: %s" % msg.error(), file=sys.stderr)
                continue
            arrays = arrays_of(msg.value(), msg.headers())
            key = msg.key().decode("utf-8") if msg.key() is not None else ""
            seen += 1
            for entry, array in arrays.items():
                if args.format == "tsv":
                    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
                    print("\t".join([msg.topic(), str(msg.partition()), str(msg.offset()), entry, key, array.dtype.str,
                                     ",".join(map(str, array.shape)), order, canonical_sha256(array)]), flush=True)
                else:
                    text = np.array2string(array, precision=3, threshold=12, edgeitems=2)
                    name = " " + entry if entry else ""
                    print("%s key=%s%s %s %s\n  %s" % (msg.topic(), key, name, array.dtype, array.shape,
                                                        text.replace("\n", "\n  ")), flush=True)
    finally:
        consumer.close()
    if seen < args.count:
        print("timed out after %d of %d records" % (seen, args.count), file=sys.stderr)
        return 1
    print("python consumer: decoded %d records with numpy %s" % (seen, np.__version__), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
