"""The two record variants Java writes: NPY values, and raw values described by record headers.

An NPY value is an NPY file, plain or compressed as one standard frame that :func:`decode`
recognises by its magic bytes. A raw value is the array's bytes in memory order, described by
the record headers ``npy.dtype``, ``npy.shape``, ``npy.order`` and, when compressed,
``npy.compression`` (``key.``-prefixed for record keys), values UTF-8 text.
"""
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union, overload

import numpy as np

from . import _codecs, _filters, _format, _json, _npz
from ._format import Buffer, NpyFormatError

#: Java's ``npy.max.array.bytes`` default: 256 MiB.
DEFAULT_MAX_ARRAY_BYTES = 268435456
DTYPE, SHAPE, ORDER, COMPRESSION = "npy.dtype", "npy.shape", "npy.order", "npy.compression"
_SHAPE = re.compile(r"(?:[0-9]{1,19}(?:,[0-9]{1,19})*)?")

#: What the Kafka clients give as record headers: a list of (name, value) pairs, a dict, or None.
Headers = Union[Iterable[Tuple[str, Any]], Mapping[str, Any], None]


@overload
def decode(value: None, headers: Headers = None, *, max_array_bytes: int = ..., key: bool = ...) -> None: ...


@overload
def decode(value: Buffer, headers: Headers = None, *, max_array_bytes: int = ...,
           key: bool = ...) -> Union[np.ndarray, Dict[str, np.ndarray]]: ...


def decode(value: Optional[Buffer], headers: Headers = None, *, max_array_bytes: int = DEFAULT_MAX_ARRAY_BYTES,
           key: bool = False) -> Union[np.ndarray, Dict[str, np.ndarray], None]:
    """The numpy array in a record value (or key, with ``key=True``), of either variant and any codec.

    ``headers`` is what the Kafka client gives: a list of ``(name, value)`` pairs, a dict, or
    None. A record whose headers carry ``npy.dtype`` is of the raw variant. Any other value is
    told by its first bytes, after decompression when it is a codec's frame (and after unfiltering
    when it is a filter frame, which Java writes for ``npy.compression.filter``): an NPY file gives
    its array; an NPZ archive (stored or deflated entries, as ``np.savez`` and
    ``np.savez_compressed`` write) a ``dict`` of its arrays in archive order; a JSON envelope
    (see :func:`encode_json`) its array. Arrays are read-only: views of ``value`` where no copy
    was needed, read-only arrays over the decoded bytes otherwise (``.copy()`` one to write).
    ``max_array_bytes`` bounds each array, and an NPZ archive's arrays together.
    ``None`` (a tombstone) gives ``None``.

    >>> import numpy as np, kafka_npy
    >>> kafka_npy.decode(kafka_npy.encode(np.arange(3, dtype="<i4"), "gzip"))
    array([0, 1, 2], dtype=int32)
    >>> value, headers = kafka_npy.encode_raw(np.eye(2, dtype="<f4"))
    >>> kafka_npy.decode(value, headers)
    array([[1., 0.],
           [0., 1.]], dtype=float32)

    Raises :class:`NpyFormatError` for every refusal: malformed, truncated or trailing bytes,
    unsupported dtypes, arrays over ``max_array_bytes``, bad headers, hostile archives
    (duplicate, absolute or ``..`` names, encrypted or non-``.npy`` entries, more than 65535
    entries, sizes that disagree, deflate bombs), malformed JSON; its subclass
    :class:`CodecUnavailableError` when the payload's codec module is not installed.
    """
    if value is None:
        return None
    data = value if type(value) is bytes else _readonly(value)
    if headers:
        raw = _raw_headers(headers, "key." if key else "")
        if raw is not None:
            return _decode_raw(data, raw, "key." if key else "", max_array_bytes)
    codec = _codecs.detect(data) if data[:6] != _format.MAGIC else None
    if _filters.is_frame(data):
        data = _filters.decode(data, max_array_bytes + _npz.ARCHIVE_ALLOWANCE, lambda start: _length(start, max_array_bytes))
    elif codec is not None:
        data = _codecs.decompress(data, codec, max_array_bytes + _npz.ARCHIVE_ALLOWANCE,
                                  lambda start: _length(start, max_array_bytes))
    if data[:6] == _format.MAGIC:
        return _format.read_array(data, max_array_bytes)
    if _npz.is_npz(data):
        return _npz.read_npz(data, max_array_bytes)
    if _json.is_json(data):
        return _json.read_json(data, max_array_bytes)
    return _format.read_array(data, max_array_bytes)


def encode(array: Any, compression: Optional[str] = None, level: Optional[int] = None, *,
           filter: Optional[str] = None) -> bytes:
    """The NPY bytes of an array: identical to ``np.save``'s when uncompressed, else one standard frame of them.

    ``compression`` is ``None`` (or ``"none"``), ``"gzip"``, ``"zstd"``, ``"lz4"`` or
    ``"snappy"``, ``level`` the codec's level (Java's ranges and defaults: gzip 1-9, 6; zstd
    -7-22, 3; lz4 1-17, 1; snappy has none). ``filter`` (``"shuffle"`` or ``"delta-shuffle"``,
    with a codec) rearranges the data before the codec as Java's ``npy.compression.filter`` does,
    in the same filter frame. Java's ``NpyDeserializer`` reads every one.

    >>> import io, numpy as np, kafka_npy
    >>> a = np.arange(6, dtype="<f8").reshape(2, 3)
    >>> buf = io.BytesIO(); np.save(buf, a)
    >>> kafka_npy.encode(a) == buf.getvalue()
    True
    """
    codec, level = _codecs.check(compression, level)
    filter = _filters.check(filter, codec)
    a, data, fortran = _ordered(array)
    header = _format.header_bytes(a.dtype, fortran, a.shape)
    npy = b"".join((header, data))  # type: ignore[arg-type]  # a buffer
    return npy if codec is None else _compress(npy, len(header), a, fortran, codec, level, filter)


def _compress(content: bytes, prefix: int, a: np.ndarray, fortran: bool, codec: str, level: int,
              filter: Optional[str]) -> bytes:
    """The content in one codec frame, or in a filter frame where a filter is asked for and changes anything."""
    layout = None if filter is None else _filters.layout(a.dtype, a.shape, fortran, filter)
    if layout is None:
        return _codecs.compress(content, codec, level)
    width, distance, big_endian = layout
    return _filters.encode(content, prefix, filter, width, distance, big_endian, codec, level)  # type: ignore[arg-type]


def encode_raw(array: Any, compression: Optional[str] = None, level: Optional[int] = None, *,
               filter: Optional[str] = None, key: bool = False) -> Tuple[bytes, List[Tuple[str, bytes]]]:
    """The raw variant of an array: its bytes in memory order, and the headers Java's ``RawArraySerializer`` writes.

    A Fortran-ordered array goes out in Fortran order (``npy.order`` F), any other in C order;
    ``key=True`` prefixes the header names with ``key.``. Compression and filter as for :func:`encode`.

    >>> import numpy as np, kafka_npy
    >>> kafka_npy.encode_raw(np.zeros((2, 3), dtype="<f4"), "zstd")[1]
    [('npy.dtype', b'<f4'), ('npy.shape', b'2,3'), ('npy.order', b'C'), ('npy.compression', b'zstd')]

    With confluent-kafka: ``producer.produce(topic, value, headers=headers)``.
    """
    codec, level = _codecs.check(compression, level)
    filter = _filters.check(filter, codec)
    a, data, fortran = _ordered(array)
    problem = _format.dtype_problem(a.dtype)
    if problem:
        raise NpyFormatError(problem)
    value = data.tobytes()
    if codec is not None:
        value = _compress(value, 0, a, fortran, codec, level, filter)
    prefix = "key." if key else ""
    headers = [(prefix + DTYPE, a.dtype.str.encode("ascii")),
               (prefix + SHAPE, ",".join(map(str, a.shape)).encode("ascii")),
               (prefix + ORDER, b"F" if fortran else b"C")]
    if codec is not None:
        headers.append((prefix + COMPRESSION, codec.encode("ascii")))
    return value, headers


def _ordered(array: Any) -> Tuple[np.ndarray, np.ndarray, bool]:
    """The array, its data as a C-contiguous array in the order it goes out, and whether that is Fortran order.

    As ``np.save`` decides: Fortran order for an array that is Fortran- but not C-contiguous.
    """
    a = array if type(array) is np.ndarray else np.asarray(array)
    flags = a.flags
    if flags.c_contiguous:
        return a, a, False
    if flags.f_contiguous:
        return a, a.T, True
    return a, np.ascontiguousarray(a), False


def _readonly(value: Buffer) -> memoryview:
    """A read-only, flat, byte-wise view of any bytes-like value (copied only when it is not contiguous)."""
    try:
        view = memoryview(value)
    except TypeError:
        raise TypeError("value must be bytes, bytearray or memoryview, not %s" % type(value).__name__) from None
    if not view.c_contiguous:
        view = memoryview(view.tobytes())
    elif view.ndim != 1 or view.format != "B":
        view = view.cast("B")
    return view.toreadonly()


def _length(start: bytes, max_array_bytes: int) -> Optional[int]:
    """The whole length of the NPY bytes that begin with ``start`` (an oversized array is refused here), or None for
    an NPZ archive or a JSON envelope, which only the limit bounds while decompressing."""
    if start[:6] != _format.MAGIC and (_npz.is_npz(start) or _json.is_json(start)):
        return None
    header = _format.read_header(start)
    _format.check_size(header.nbytes, max_array_bytes)
    return header.data_offset + header.nbytes


def _raw_headers(headers: Union[Iterable[Tuple[str, Any]], Mapping[str, Any]], prefix: str) -> Optional[Dict[str, str]]:
    """The raw variant's headers (the last of each name, prefix removed), or None when there is no ``npy.dtype``."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    found: Dict[str, str] = {}
    for name, text in items:
        if not isinstance(name, str):
            raise NpyFormatError("header name %r is not text: Kafka clients give header names as str" % (name,))
        if name.startswith(prefix + "npy.") and text is not None:
            try:
                found[name[len(prefix):]] = text if isinstance(text, str) else bytes(text).decode("utf-8")
            except UnicodeDecodeError:
                raise NpyFormatError("header %s is not UTF-8 text" % name) from None
    return found if DTYPE in found else None


def _decode_raw(data: Buffer, h: Dict[str, str], prefix: str, max_array_bytes: int) -> np.ndarray:
    """A raw-variant value, checked as Java's ``RawArrayDeserializer`` checks it."""
    dtype = _format.parse_dtype(h[DTYPE])
    text = h.get(SHAPE)
    if text is None:
        raise NpyFormatError("record has a %s%s header but no %s%s header" % (prefix, DTYPE, prefix, SHAPE))
    if not _SHAPE.fullmatch(text):
        raise NpyFormatError("header %s%s is %r, not comma-separated decimal dimensions" % (prefix, SHAPE, text))
    shape = tuple(int(d) for d in text.split(",")) if text else ()
    text = h.get(ORDER, "C")
    if text not in ("C", "F"):
        raise NpyFormatError("header %s%s is %r, not C or F" % (prefix, ORDER, text))
    order: _format.Order = "F" if text == "F" else "C"
    codec = h.get(COMPRESSION, "none")
    if codec != "none" and codec not in _codecs.CODECS:
        raise NpyFormatError("header %s%s is %r, not one of gzip, zstd, lz4, snappy" % (prefix, COMPRESSION, codec))
    count, nbytes = _format.layout(dtype, shape)
    _format.check_size(nbytes, max_array_bytes)
    if codec != "none" and _filters.is_frame(data):
        inner = _filters.read_header(data).codec
        if inner != codec:
            raise NpyFormatError("value is a %s frame, but its %s%s header says %s" % (inner, prefix, COMPRESSION, codec), 20)
        data = _filters.decode(data, max_array_bytes, nbytes)
    elif codec != "none":
        data = _codecs.decompress(data, codec, max_array_bytes, nbytes)
    elif len(data) != nbytes:
        raise NpyFormatError("value has %d bytes, but %s of shape %r needs %d"
                             % (len(data), dtype.str, shape, nbytes), min(len(data), nbytes))
    return np.frombuffer(data, dtype, count).reshape(shape, order=order)
