"""Decode kafka-npy record values with numpy alone, plus the codec module a value needs.

    import kafka_npy
    array = kafka_npy.decode(value, headers)      # any variant, any codec

Values of the NPY variant (NpySerializer) are NPY files, plain or compressed as one standard
frame: gzip, zstd (module ``zstandard``), LZ4 frame (``lz4.frame``) or snappy framing format
(``snappy``). The codec is recognised from the payload's magic bytes. Values of the raw variant
(RawArraySerializer) are the array's bytes, described by the record headers ``npy.dtype``,
``npy.shape``, ``npy.order`` and, when compressed, ``npy.compression`` (``key.``-prefixed for
keys).

With confluent-kafka, any version::

    msg = consumer.poll(1.0)
    array = kafka_npy.decode(msg.value(), msg.headers())

or as a deserializer (confluent-kafka 2.x passes headers to it; 1.x only the value, which is
enough for the NPY variant)::

    consumer = DeserializingConsumer({..., "value.deserializer": kafka_npy.NpyDeserializer()})

With kafka-python (its deserializers see only the value, so pass headers yourself for the raw
variant)::

    consumer = KafkaConsumer("topic", value_deserializer=kafka_npy.value_deserializer)   # NPY variant
    array = kafka_npy.decode(record.value, record.headers)                              # either variant
"""
import gzip
import io
import re
import struct

import numpy as np

NPY_MAGIC = b"\x93NUMPY"
MAGIC = {
    "gzip": b"\x1f\x8b",
    "zstd": b"\x28\xb5\x2f\xfd",
    "lz4": b"\x04\x22\x4d\x18",
    "snappy": b"\xff\x06\x00\x00sNaPpY",
}
DTYPE, SHAPE, ORDER, COMPRESSION = "npy.dtype", "npy.shape", "npy.order", "npy.compression"


def detect(value):
    """The codec that compressed an NPY-variant value: 'gzip', 'zstd', 'lz4', 'snappy' or 'none'."""
    head = bytes(value[:10])
    for name, magic in MAGIC.items():
        if head.startswith(magic):
            return name
    return "none"


def decompress(value, codec):
    """Inflate one payload written by kafka-npy's codec ``codec``."""
    if codec == "none":
        return value
    if codec == "gzip":
        return gzip.decompress(value)
    if codec == "zstd":
        import zstandard
        return zstandard.ZstdDecompressor().decompress(value)
    if codec == "lz4":
        import lz4.frame
        return lz4.frame.decompress(value)
    if codec == "snappy":
        return _snappy_framed(value)
    raise ValueError("unknown compression %r" % codec)


def decode(value, headers=None, key=False):
    """The numpy array in a record value (or key, with key=True), of either variant and any codec.

    ``headers`` is what the Kafka client gives: a list of (name, bytes) pairs, a dict, or None.
    The array is a read-only view of the value's bytes where it can be (``.copy()`` it to write),
    as ``np.frombuffer`` returns; ``np.load`` would return a writable copy.
    """
    if value is None:
        return None
    if not headers and value[:6] == NPY_MAGIC:
        return load_npy(value)
    h = _headers(headers, "key." if key else "")
    if DTYPE in h:
        data = decompress(bytes(value), h.get(COMPRESSION, "none"))
        shape = tuple(int(d) for d in h.get(SHAPE, "").split(",") if d.strip())
        return np.frombuffer(data, dtype=np.dtype(h[DTYPE])).reshape(shape, order=h.get(ORDER, "C"))
    return load_npy(decompress(bytes(value), detect(value)))


# The header np.save (and kafka-npy) writes: fixed key order, repr spacing, padding to 64 bytes.
_DIM = rb"(?:0|[1-9]\d*)"
_SAVED_HEADER = re.compile(rb"\{'descr': '([<>|][a-z]\d{1,2})', 'fortran_order': (True|False), "
                           rb"'shape': \((|" + _DIM + rb",|" + _DIM + rb"(?:, " + _DIM + rb")+)\), \} *\n")
_DTYPES = {}
_LAYOUTS = {}  # header bytes -> (dtype, shape, count, order): a stream of one shape parses its header once
_MAX_HEADER = 10000  # np.load's default max_header_size


def load_npy(data):
    """``np.load(io.BytesIO(data), allow_pickle=False)``, faster for the headers np.save writes.

    np.load spends most of a small message parsing its header with ``ast.literal_eval``; the
    header np.save writes is matched here with one regular expression instead, and the array is a
    read-only ``np.frombuffer`` view of ``data`` (``.copy()`` it to write). Anything else (other
    versions, hand-written headers, truncated data) goes to np.load itself.
    """
    if data[:8] == NPY_MAGIC + b"\x01\x00" and len(data) >= 10:
        end = 10 + (data[8] | data[9] << 8)
        layout = _LAYOUTS.get(data[10:end])
        if layout is not None:
            dtype, shape, count, order = layout
            if len(data) - end >= count * dtype.itemsize:
                return np.frombuffer(data, dtype=dtype, count=count, offset=end).reshape(shape, order=order)
        match = _SAVED_HEADER.fullmatch(data, 10, end) if end - 10 <= _MAX_HEADER else None
        if match:
            descr, fortran, dims = match.groups()
            dtype = _DTYPES.get(descr)
            if dtype is None:
                try:
                    dtype = _DTYPES.setdefault(descr, np.dtype(descr.decode("ascii")))
                except TypeError:
                    return np.load(io.BytesIO(data), allow_pickle=False)
            shape = tuple(int(d) for d in dims.split(b",") if d.strip())
            count = 1
            for d in shape:
                count *= d
            order = "F" if fortran == b"True" else "C"
            if len(_LAYOUTS) < 256:
                _LAYOUTS[bytes(data[10:end])] = (dtype, shape, count, order)
            if len(data) - end >= count * dtype.itemsize:
                return np.frombuffer(data, dtype=dtype, count=count, offset=end).reshape(shape, order=order)
    return np.load(io.BytesIO(data), allow_pickle=False)


def value_deserializer(value):
    """kafka-python ``value_deserializer`` for the NPY variant (kafka-python passes no headers)."""
    return decode(value)


def _headers(headers, prefix):
    if not headers:
        return {}
    items = headers.items() if isinstance(headers, dict) else headers
    out = {}
    for name, raw in items:
        if name.startswith(prefix) and raw is not None:
            out[name[len(prefix):]] = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else str(raw)
    return out


try:
    from confluent_kafka.serialization import Deserializer as _Deserializer, MessageField as _MessageField
except ImportError:  # confluent-kafka is optional
    _Deserializer, _MessageField = object, None


class NpyDeserializer(_Deserializer):
    """confluent-kafka ``Deserializer`` for keys or values of either kafka-npy variant."""

    def __call__(self, value, ctx=None):
        is_key = ctx is not None and _MessageField is not None and ctx.field == _MessageField.KEY
        # SerializationContext carries headers from confluent-kafka 2.x on; older ones see only
        # the value, which is enough for the NPY variant
        return decode(value, getattr(ctx, "headers", None), key=is_key)


# ---------------------------------------------------------------- snappy framing format

def _snappy_framed(value):
    """Decode the snappy framing format, checking each chunk's masked CRC-32C.

    python-snappy's own StreamDecompressor fails on Python 3.10+ in some builds (Debian's 0.5.3:
    "SystemError: PY_SSIZE_T_CLEAN macro must be defined"), while its block ``uncompress`` works,
    so the frames are walked here.
    """
    import snappy
    data = memoryview(value)
    out = bytearray()
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise ValueError("snappy frame: truncated chunk header at byte %d" % pos)
        kind = data[pos]
        length = data[pos + 1] | data[pos + 2] << 8 | data[pos + 3] << 16
        body = data[pos + 4:pos + 4 + length]
        if len(body) != length:
            raise ValueError("snappy frame: truncated chunk at byte %d" % pos)
        if kind == 0xFF:
            if bytes(body) != b"sNaPpY":
                raise ValueError("snappy frame: bad stream identifier at byte %d" % pos)
        elif kind in (0x00, 0x01):
            crc = struct.unpack("<I", body[:4])[0]
            chunk = snappy.uncompress(bytes(body[4:])) if kind == 0x00 else bytes(body[4:])
            if _masked_crc32c(chunk) != crc:
                raise ValueError("snappy frame: CRC mismatch in the chunk at byte %d" % pos)
            out += chunk
        elif 0x02 <= kind <= 0x7F:
            raise ValueError("snappy frame: unskippable chunk type 0x%02x at byte %d" % (kind, pos))
        pos += 4 + length
    return bytes(out)


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C = _crc32c_table()


def _masked_crc32c(data):
    crc = 0xFFFFFFFF
    table = _CRC32C
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF
