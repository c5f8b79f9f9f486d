"""NPZ and JSON records between Java and Python through the broker, with both Python clients.

    python3 archive_records.py produce CLIENT BOOTSTRAP TOPIC
    python3 archive_records.py consume CLIENT BOOTSTRAP TOPIC COUNT

CLIENT is ``confluent`` (confluent-kafka) or ``kafka-python``. ``produce`` sends
``kafka_npy.encode_npz`` archives (every codec) and ``kafka_npy.encode_json`` envelopes; ``consume``
reads COUNT records and decodes them with ``kafka_npy.decode`` and, where numpy can, ``np.load``
alone. Both print one line per array: key, entry name (``-`` for a single array), descr, shape and
the SHA-256 of the C-order little-endian values.
"""
import io
import sys

import kafka_npy
import numpy as np
from checksums import canonical_sha256


def archive():
    rng = np.random.default_rng(10)
    return {
        "embedding": rng.standard_normal(64).astype("<f4"),
        "ids": np.arange(12, dtype="<i8").reshape(3, 4),
        "label": np.array("cat"),
        "names": np.array([["ab", "\U0001F600"], ["", "xyz"]], dtype=">U3"),
        "raw/bytes": np.array([b"a\x00b", b""], dtype="S3"),
        "half": np.asfortranarray(np.arange(6, dtype="<f2").reshape(2, 3)),
        "empty": np.zeros((0, 3), dtype="<u2"),
        "\u00fcn\u00efcode name": np.array([np.nan, -np.inf]),
    }


def singles():
    rng = np.random.default_rng(11)
    return {
        "f4": rng.standard_normal((3, 5)).astype("<f4"),
        "u8-fortran": np.asfortranarray(np.arange(6, dtype="<u8").reshape(2, 3) * (2 ** 60)),
        "c16-scalar": np.array(1.5 - 2j),
        "i2-bigendian": np.arange(-4, 4, dtype=">i2"),
        "b1-empty": np.zeros((2, 0), dtype="?"),
        "u5-strings": np.array(["na\u00efve", "\U0001F600", ""]),
    }


def line(key, name, array):
    return "\t".join([key, name, array.dtype.str, ",".join(map(str, array.shape)), canonical_sha256(array)])


def records():
    """(key, value, the lines to compare) for every record Python writes."""
    entries = archive()
    for codec in ["none", "gzip", "zstd", "lz4", "snappy"]:
        key = "npz/" + codec
        value = kafka_npy.encode_npz(entries, None if codec == "none" else codec)
        yield key, value, [line(key, name, a) for name, a in entries.items()]
    for name, array in singles().items():
        key = "json/" + name
        yield key, kafka_npy.encode_json(array).encode("utf-8"), [line(key, "-", array)]


def produce(client, bootstrap, topic):
    if client == "confluent":
        from confluent_kafka import Producer
        producer = Producer({"bootstrap.servers": bootstrap})
        for key, value, lines in records():
            producer.produce(topic, key=key, value=value)
            print("\n".join(lines))
        if producer.flush(60) != 0:
            sys.exit("records still unsent after 60 s")
    else:
        from kafka import KafkaProducer
        producer = KafkaProducer(bootstrap_servers=bootstrap, api_version_auto_timeout_ms=30000)
        for key, value, lines in records():
            producer.send(topic, key=key.encode("utf-8"), value=value).get(timeout=60)
            print("\n".join(lines))
        producer.close()


def messages(client, bootstrap, topic, count):
    """(key, value) of the first COUNT records of the topic."""
    if client == "confluent":
        from confluent_kafka import Consumer
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": topic, "auto.offset.reset": "earliest",
                             "enable.auto.commit": False})
        consumer.subscribe([topic])
        seen = 0
        while seen < count:
            msg = consumer.poll(120)
            if msg is None:
                sys.exit("confluent-kafka read %d of %d records" % (seen, count))
            if msg.error():
                continue
            seen += 1
            yield msg.key().decode("utf-8"), msg.value()
        consumer.close()
    else:
        from kafka import KafkaConsumer
        consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                 enable_auto_commit=False, consumer_timeout_ms=120000, api_version_auto_timeout_ms=30000)
        seen = 0
        for record in consumer:
            seen += 1
            yield record.key.decode("utf-8"), record.value
            if seen == count:
                break
        consumer.close()
        if seen < count:
            sys.exit("kafka-python read %d of %d records" % (seen, count))


def consume(client, bootstrap, topic, count):
    for key, value in messages(client, bootstrap, topic, count):
        decoded = kafka_npy.decode(value)
        if isinstance(decoded, dict):
            if key.endswith(("/none", "/gzip")):
                with np.load(io.BytesIO(value), allow_pickle=False) as npz:
                    alone = {name: npz[name] for name in npz.files}
                check(list(alone) == list(decoded), key, "np.load names differ: %s" % list(alone))
                for name, array in alone.items():
                    check(line(key, name, array) == line(key, name, decoded[name]), key, "np.load differs on " + name)
            for name, array in decoded.items():
                print(line(key, name, array))
        else:
            print(line(key, "-", decoded))


def check(ok, key, problem):
    if not ok:
        sys.exit("%s: %s" % (key, problem))


def main():
    mode, client, bootstrap, topic = sys.argv[1:5]
    if mode == "produce":
        produce(client, bootstrap, topic)
    else:
        consume(client, bootstrap, topic, int(sys.argv[5]))


if __name__ == "__main__":
    main()
