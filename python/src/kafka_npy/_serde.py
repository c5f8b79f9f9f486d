"""Serializers and deserializers for the Python Kafka clients.

confluent-kafka: :class:`NpySerializer` and :class:`RawArraySerializer` are its ``Serializer``
subclasses, :class:`NpyDeserializer` its ``Deserializer`` for either variant::

    from confluent_kafka import SerializingProducer, DeserializingConsumer
    producer = SerializingProducer({"bootstrap.servers": ..., "value.serializer": NpySerializer("zstd")})
    producer.produce("features", value=array)
    consumer = DeserializingConsumer({..., "value.deserializer": NpyDeserializer()})
    array = consumer.poll(1.0).value()

confluent-kafka 2.x hands record headers to (de)serializers, 1.x does not. The NPY variant
needs none. The raw variant does: with 2.x, pass a list to ``produce(..., headers=[])`` and
:class:`RawArraySerializer` adds its headers to it; with 1.x (or without ``headers``), write
``value, headers = encode_raw(array)`` and ``producer.produce(topic, value, headers=headers)``,
and read with a plain ``Consumer``: ``decode(msg.value(), msg.headers())``.

kafka-python's serializers see only the value: ``KafkaProducer(value_serializer=value_serializer)``
and ``KafkaConsumer(value_deserializer=value_deserializer)`` for the NPY variant
(``lambda a: encode(a, "zstd")`` to compress); for the raw variant, ``send(topic, value,
headers=headers)`` with :func:`encode_raw` and ``decode(record.value, record.headers)``.
"""
from typing import Any, Dict, List, MutableMapping, Optional, Union

import numpy as np

from ._codecs import check
from ._variants import COMPRESSION, DEFAULT_MAX_ARRAY_BYTES, DTYPE, ORDER, SHAPE, decode, encode, encode_raw

try:
    from confluent_kafka.serialization import Deserializer as _Deserializer
    from confluent_kafka.serialization import MessageField as _MessageField
    from confluent_kafka.serialization import Serializer as _Serializer
except ImportError:  # confluent-kafka is optional: the classes are plain callables then
    _Serializer = _Deserializer = object
    _MessageField = None


def _is_key(ctx: Any) -> bool:
    return _MessageField is not None and getattr(ctx, "field", None) == _MessageField.KEY


class NpySerializer(_Serializer):  # type: ignore[misc]
    """confluent-kafka ``Serializer`` writing the NPY variant, as Java's ``NpySerializer``.

    >>> serializer = NpySerializer("zstd", 3)  # or NpySerializer() for plain NPY
    """

    def __init__(self, compression: Optional[str] = None, level: Optional[int] = None) -> None:
        self.compression, self.level = check(compression, level)

    def __call__(self, obj: Any, ctx: Any = None) -> Optional[bytes]:
        return None if obj is None else encode(obj, self.compression, self.level)


class RawArraySerializer(_Serializer):  # type: ignore[misc]
    """confluent-kafka (2.x) ``Serializer`` writing the raw variant: the value, plus headers set in place.

    The record's headers must be a list or dict given to ``produce(..., headers=[])``; the raw
    variant's headers already in it are replaced, so a record re-sent says what it holds.
    """

    def __init__(self, compression: Optional[str] = None, level: Optional[int] = None) -> None:
        self.compression, self.level = check(compression, level)

    def __call__(self, obj: Any, ctx: Any = None) -> Optional[bytes]:
        if obj is None:
            return None
        headers: Union[List[Any], MutableMapping[str, Any], None] = getattr(ctx, "headers", None)
        if not isinstance(headers, (list, dict)):
            raise ValueError("the raw variant writes dtype, shape and order into record headers, and this producer "
                             "passes the serializer no header list: with confluent-kafka 2.x call "
                             "produce(..., headers=[]); with 1.x use kafka_npy.encode_raw and "
                             "producer.produce(topic, value, headers=headers)")
        key = _is_key(ctx)
        value, written = encode_raw(obj, self.compression, self.level, key=key)
        names = {("key." if key else "") + name for name in (DTYPE, SHAPE, ORDER, COMPRESSION)}
        if isinstance(headers, dict):
            for name in names:
                headers.pop(name, None)
            headers.update(written)
        else:
            headers[:] = [h for h in headers if h[0] not in names] + written
        return value


class NpyDeserializer(_Deserializer):  # type: ignore[misc]
    """confluent-kafka ``Deserializer`` for keys or values of either variant (the raw one needs confluent-kafka 2.x),
    NPZ (a ``dict`` of arrays) and JSON envelopes, as :func:`decode` reads them.

    >>> deserializer = NpyDeserializer(max_array_bytes=1 << 20)
    """

    def __init__(self, max_array_bytes: int = DEFAULT_MAX_ARRAY_BYTES) -> None:
        self.max_array_bytes = max_array_bytes

    def __call__(self, value: Optional[bytes], ctx: Any = None) -> Union[np.ndarray, Dict[str, np.ndarray], None]:
        return decode(value, getattr(ctx, "headers", None), max_array_bytes=self.max_array_bytes, key=_is_key(ctx))


def value_serializer(array: Any) -> Optional[bytes]:
    """kafka-python ``value_serializer`` (or ``key_serializer``) for the NPY variant, uncompressed."""
    return None if array is None else encode(array)


def value_deserializer(value: Optional[bytes]) -> Union[np.ndarray, Dict[str, np.ndarray], None]:
    """kafka-python ``value_deserializer`` (or ``key_deserializer``) for the NPY variant, any codec, NPZ and JSON."""
    return decode(value)
