"""NumPy arrays through Apache Kafka: the Python half of kafka-npy.

Reads and writes both record variants of the Java library, with every codec it uses::

    import kafka_npy
    value = kafka_npy.encode(array, "zstd")            # NPY variant: identical to np.save uncompressed
    value = kafka_npy.encode(array, "zstd", filter="shuffle")  # byte planes first: Java's npy.compression.filter
    value, headers = kafka_npy.encode_raw(array)       # raw variant: the bytes, metadata in headers
    array = kafka_npy.decode(value, headers)           # either variant, any codec, read-only
    value = kafka_npy.encode_npz({"ids": ids, "label": np.array("cat")})  # what np.savez writes
    arrays = kafka_npy.decode(value)                   # a dict for NPZ values
    text = kafka_npy.encode_json(array)                # {"dtype", "shape", "order", "data": base64}

Every refusal of bad input is an :class:`NpyFormatError` (a ``ValueError``), as every refusal
in Java is an ``NpyFormatException``. Client integrations: :class:`NpySerializer`,
:class:`RawArraySerializer` and :class:`NpyDeserializer` for confluent-kafka,
:func:`value_serializer` and :func:`value_deserializer` for kafka-python; on the command line,
``python -m kafka_npy consume --bootstrap-server HOST:PORT --topic TOPIC``.
"""
from ._codecs import CodecUnavailableError
from ._format import NpyFormatError
from ._serde import NpyDeserializer, NpySerializer, RawArraySerializer, value_deserializer, value_serializer
from ._json import encode_json
from ._npz import encode_npz
from ._variants import DEFAULT_MAX_ARRAY_BYTES, decode, encode, encode_raw

__all__ = [
    "CodecUnavailableError",
    "DEFAULT_MAX_ARRAY_BYTES",
    "NpyDeserializer",
    "NpyFormatError",
    "NpySerializer",
    "RawArraySerializer",
    "decode",
    "encode",
    "encode_json",
    "encode_npz",
    "encode_raw",
    "value_deserializer",
    "value_serializer",
]
__version__ = "0.1.0"
