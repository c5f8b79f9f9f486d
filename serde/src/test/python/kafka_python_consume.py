"""kafka-python reads kafka-npy records: NPY values through kafka_npy.value_deserializer, raw ones
through kafka_npy.decode(record.value, record.headers).

    python3 kafka_python_consume.py BOOTSTRAP NPY_TOPIC RAW_TOPIC COUNT_EACH

Prints one line per record: key, descr, shape, SHA-256 of the C-order little-endian values.
"""
import sys

import kafka_npy
from checksums import canonical_sha256


def read(bootstrap, topic, count, value_deserializer, decode):
    from kafka import KafkaConsumer
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=120000,
                             # the broker shares a JVM and 2 cores with the tests: 2 s (the default)
                             # for the version probe is too short under load
                             api_version_auto_timeout_ms=30000,
                             value_deserializer=value_deserializer, key_deserializer=lambda k: k.decode("utf-8"))
    seen = 0
    for record in consumer:
        array = decode(record)
        print("\t".join([record.key, array.dtype.str, ",".join(map(str, array.shape)), canonical_sha256(array)]))
        seen += 1
        if seen == count:
            break
    consumer.close()
    if seen < count:
        sys.exit("kafka-python read %d of %d records from %s" % (seen, count, topic))


def main():
    bootstrap, npy_topic, raw_topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    read(bootstrap, npy_topic, count, kafka_npy.value_deserializer, lambda r: r.value)
    read(bootstrap, raw_topic, count, None, lambda r: kafka_npy.decode(r.value, r.headers))


if __name__ == "__main__":
    main()
