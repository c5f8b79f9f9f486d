"""Python side of the reverse end-to-end test: python_records produced with confluent-kafka.

    python3 py_produce.py BOOTSTRAP TOPIC

Prints one line per record: key, descr, shape, SHA-256 of the C-order little-endian values.
"""
import sys

from python_records import records


def main():
    bootstrap, topic = sys.argv[1], sys.argv[2]
    from confluent_kafka import Producer
    producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 8_000_000})
    failures = []
    for key, value, headers, line in records():
        producer.produce(topic, key=key, value=value, headers=headers,
                         on_delivery=lambda err, msg: err and failures.append(err))
        print(line)
    if producer.flush(60) != 0:
        sys.exit("records still unsent after 60 s")
    if failures:
        sys.exit("delivery failed: %s" % failures)


if __name__ == "__main__":
    main()
