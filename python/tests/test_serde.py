"""Client integrations: confluent-kafka (1.x and 2.x contexts) and kafka-python, without a broker."""
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import npy

import kafka_npy
from kafka_npy import NpyDeserializer, NpySerializer, RawArraySerializer

ARRAY = np.arange(6, dtype="<i8").reshape(2, 3)
try:
    from confluent_kafka.serialization import MessageField, SerializationContext
    from confluent_kafka.serialization import Serializer, Deserializer
except ImportError:
    MessageField = SerializationContext = Serializer = Deserializer = None


def context(field="value", headers=None):
    """What confluent-kafka 2.x passes: topic, field and the record's headers."""
    if MessageField is None:
        pytest.skip("confluent-kafka is not installed")
    return SimpleNamespace(topic="t", field=MessageField.KEY if field == "key" else MessageField.VALUE, headers=headers)


def test_confluent_base_classes():
    if Serializer is None:
        pytest.skip("confluent-kafka is not installed")
    assert issubclass(NpySerializer, Serializer) and issubclass(RawArraySerializer, Serializer)
    assert issubclass(NpyDeserializer, Deserializer)


def test_npy_serializer():
    assert NpySerializer()(ARRAY) == npy(ARRAY)
    assert NpySerializer()(None) is None
    assert np.array_equal(kafka_npy.decode(NpySerializer("gzip", 9)(ARRAY, None)), ARRAY)
    with pytest.raises(ValueError, match="gzip levels run from 1 to 9, not 10"):
        NpySerializer("gzip", 10)


def test_raw_serializer_adds_its_headers_to_the_record():
    headers = [("trace", b"1")]
    value = RawArraySerializer()(ARRAY, context(headers=headers))
    assert value == ARRAY.tobytes()
    assert headers == [("trace", b"1"), ("npy.dtype", b"<i8"), ("npy.shape", b"2,3"), ("npy.order", b"C")]
    assert np.array_equal(NpyDeserializer()(value, context(headers=headers)), ARRAY)


def test_raw_serializer_replaces_stale_headers_of_a_resent_record():
    headers = []
    RawArraySerializer("gzip")(ARRAY, context(headers=headers))
    RawArraySerializer()(ARRAY.T, context(headers=headers))
    assert headers == [("npy.dtype", b"<i8"), ("npy.shape", b"3,2"), ("npy.order", b"F")]
    as_dict = {"npy.compression": b"gzip", "other": b"x"}
    RawArraySerializer()(ARRAY, context(headers=as_dict))
    assert as_dict == {"other": b"x", "npy.dtype": b"<i8", "npy.shape": b"2,3", "npy.order": b"C"}


def test_keys_get_prefixed_headers():
    headers = []
    key = RawArraySerializer()(np.arange(2, dtype="<u2"), context("key", headers))
    assert [name for name, _ in headers] == ["key.npy.dtype", "key.npy.shape", "key.npy.order"]
    assert np.array_equal(NpyDeserializer()(key, context("key", headers)), np.arange(2, dtype="<u2"))


def test_raw_serializer_without_headers_says_what_to_do():
    ctx = SerializationContext("t", MessageField.VALUE) if SerializationContext else None  # 1.x: no headers
    with pytest.raises(ValueError, match="encode_raw"):
        RawArraySerializer()(ARRAY, ctx)
    assert RawArraySerializer()(None, ctx) is None


def test_deserializer_with_a_1x_context_reads_the_npy_variant():
    ctx = SerializationContext("t", MessageField.VALUE) if SerializationContext else None
    assert np.array_equal(NpyDeserializer()(npy(ARRAY), ctx), ARRAY)
    assert NpyDeserializer()(None, ctx) is None
    with pytest.raises(kafka_npy.NpyFormatError, match="exceed max_array_bytes=8"):
        NpyDeserializer(max_array_bytes=8)(npy(ARRAY), ctx)


def test_kafka_python_functions():
    assert kafka_npy.value_serializer(ARRAY) == npy(ARRAY)
    assert kafka_npy.value_serializer(None) is None
    assert np.array_equal(kafka_npy.value_deserializer(npy(ARRAY)), ARRAY)
    assert kafka_npy.value_deserializer(None) is None

