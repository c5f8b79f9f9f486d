"""The ``kcat`` of arrays: ``python -m kafka_npy consume`` prints one line per record.

    python -m kafka_npy consume --bootstrap-server 127.0.0.1:9092 --topic features [--count 10]
        [--from-beginning] [--group G] [--timeout SECONDS] [--max-array-bytes N]

Each line gives partition, offset, key, then dtype, shape, memory order and a short summary of
the array (first and last values; min, max and mean of numbers), for either variant, any codec
and JSON envelopes; an NPZ value gives ``npz[N]`` and ``name=summary`` for each entry, on the
same line. A tombstone prints ``null``; a record that cannot be decoded prints its error on its
line, and consuming goes on. Uses confluent-kafka, or kafka-python when that is what is
installed. Exits 0 once ``--count`` records are printed (or on Ctrl-C), 1 when ``--timeout``
passes first.
"""
import argparse
import os
import sys
import time
from typing import Any, Generator, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import _format
from ._format import NpyFormatError
from ._variants import DEFAULT_MAX_ARRAY_BYTES, Headers, decode

#: partition, offset, key, value, headers: what both clients give for a record.
Record = Tuple[int, int, Optional[bytes], Optional[bytes], Headers]
#: Records as they arrive, and None whenever a poll found nothing, so the caller can check its deadline.
Records = Generator[Optional[Record], None, None]


def summary(array: np.ndarray) -> str:
    """``dtype shape order values [min= max= mean=]``: one line, whatever the array's size.

    >>> import numpy as np
    >>> summary(np.arange(10, dtype="<i4").reshape(2, 5))
    '<i4 (2, 5) C [0 1 2 ... 7 8 9] min=0 max=9 mean=4.5'
    """
    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
    values = np.array2string(array.reshape(-1), threshold=6, edgeitems=3, precision=4, max_line_width=1 << 30)
    text = "%s %r %s %s" % (array.dtype.str, array.shape, order, values)
    if array.dtype.kind in "biuf" and array.size:
        text += " min=%s max=%s mean=%.6g" % (array.min(), array.max(), array.mean(dtype=np.float64))
    return text


def npz_summary(arrays: Mapping[str, np.ndarray]) -> str:
    """An NPZ value on one line: ``npz[N] name=<summary>; name=<summary>``, entries in archive order
    (names with spaces, ``;`` or ``=`` quoted as Python strings).

    >>> import numpy as np
    >>> npz_summary({"ids": np.arange(3, dtype="<i4"), "label": np.array("cat")})
    "npz[2] ids=<i4 (3,) C [0 1 2] min=0 max=2 mean=1; label=<U3 () C ['cat']"
    """
    entries = "; ".join("%s=%s" % (_name(name), summary(a)) for name, a in arrays.items())
    return "npz[%d] %s" % (len(arrays), entries) if arrays else "npz[0]"


def _name(name: str) -> str:
    """An entry's name as it is, or its repr when it holds what would blur the line: spaces, ``;``, ``=``, controls."""
    plain = name and name.isprintable() and not any(c in name for c in " ;=")
    return name if plain else repr(name)


def format_record(partition: int, offset: int, key: Optional[bytes], value: Optional[bytes], headers: Headers,
                  max_array_bytes: int = DEFAULT_MAX_ARRAY_BYTES) -> str:
    """The line for one record: ``partition offset key=… <summary>``, ``null`` for a tombstone, or ``error: …``."""
    try:
        decoded = None if value is None else decode(value, headers, max_array_bytes=max_array_bytes)
        body = "null" if decoded is None else npz_summary(decoded) if isinstance(decoded, dict) else summary(decoded)
    except NpyFormatError as e:
        body = "error: %s" % e
    return "%d %d key=%s %s" % (partition, offset, _key(key, headers, max_array_bytes), body)


def _key(key: Optional[bytes], headers: Headers, max_array_bytes: int) -> str:
    """A key as text: ``null``, an array in brackets when it is one, its UTF-8 text, or its bytes' repr."""
    if key is None:
        return "null"
    if key[:6] == _format.MAGIC or any(name == "key.npy.dtype" for name, _ in _items(headers)):
        try:
            array = decode(key, headers, max_array_bytes=max_array_bytes, key=True)
            return "[%s]" % (npz_summary(array) if isinstance(array, dict) else summary(array))
        except NpyFormatError as e:
            return "[error: %s]" % e
    try:
        return key.decode("utf-8")
    except UnicodeDecodeError:
        return repr(key)


def _items(headers: Headers) -> List[Tuple[str, Any]]:
    if not headers:
        return []
    return list(headers.items() if isinstance(headers, Mapping) else headers)


def _confluent(args: argparse.Namespace) -> Records:
    from confluent_kafka import Consumer

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_server,
        "group.id": args.group or "kafka-npy-consume-%d" % os.getpid(),
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        "enable.auto.commit": bool(args.group),
    })
    consumer.subscribe(args.topic)
    try:
        while True:
            msg = consumer.poll(0.5)
            if msg is None:
                yield None
            elif msg.error():
                print("consumer error: %s" % msg.error(), file=sys.stderr, flush=True)
            else:
                yield msg.partition(), msg.offset(), msg.key(), msg.value(), msg.headers()
    finally:
        consumer.close()


def _kafka_python(args: argparse.Namespace) -> Records:
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(*args.topic, bootstrap_servers=args.bootstrap_server.split(","),
                             group_id=args.group or "kafka-npy-consume-%d" % os.getpid(),
                             auto_offset_reset="earliest" if args.from_beginning else "latest",
                             enable_auto_commit=bool(args.group))
    try:
        while True:
            batches = consumer.poll(timeout_ms=500)
            if not batches:
                yield None
            for records in batches.values():
                for r in records:
                    yield r.partition, r.offset, r.key, r.value, r.headers
    finally:
        consumer.close()


def _records(args: argparse.Namespace) -> Records:
    try:
        import confluent_kafka  # noqa: F401
        return _confluent(args)
    except ImportError:
        pass
    try:
        import kafka  # noqa: F401
        return _kafka_python(args)
    except ImportError:
        raise SystemExit("kafka_npy consume needs a Kafka client: pip install 'kafka-npy[confluent]' "
                         "(or 'kafka-npy[kafka-python]')") from None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kafka_npy", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    consume = commands.add_parser("consume", help="print one line per record of a topic")
    consume.add_argument("--bootstrap-server", required=True, help="HOST:PORT[,HOST:PORT...]")
    consume.add_argument("--topic", action="append", required=True, help="a topic; repeat for several")
    consume.add_argument("--count", type=int, help="exit after this many records")
    consume.add_argument("--from-beginning", action="store_true", help="start at the earliest offset")
    consume.add_argument("--group", help="consumer group, whose offsets are committed (default: a new one)")
    consume.add_argument("--timeout", type=float, help="exit with status 1 after this many seconds")
    consume.add_argument("--max-array-bytes", type=int, default=DEFAULT_MAX_ARRAY_BYTES)
    args = parser.parse_args(argv)

    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    seen = 0
    records = _records(args)
    try:
        for record in records:
            if record is not None:
                print(format_record(*record, max_array_bytes=args.max_array_bytes), flush=True)
                seen += 1
            if args.count is not None and seen >= args.count:
                return 0
            if deadline is not None and time.monotonic() > deadline:
                print("timed out after %d records" % seen, file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        return 0
    finally:
        records.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
