"""Filters before the codec: byte shuffle and delta-shuffle, in Java's self-describing filter frame.

A filtered value is a 20-byte header, integers little-endian, then one or more frames of one codec::

    offset size field
     0     4    magic 93 4E 50 46 ("\\x93NPF")
     4     1    version, 1
     5     1    filter: 1 shuffle, 2 delta-shuffle
     6     1    flags: bit 0 set when the delta reads elements as big-endian; other bits 0
     7     1    0
     8     4    width: bytes per element, 1, 2, 4 or 8
    12     4    distance: elements between the two of a delta (shuffle: 0; delta-shuffle: 1 or more)
    16     4    prefix: leading bytes of the content that are not filtered
    20          frames of gzip, zstd, lz4 or snappy

The frames' contents, concatenated, are ``prefix`` bytes as they were (an NPY value's header),
then the filtered data: of its ``L`` bytes, ``n = L // width`` elements stored as ``width``
planes (plane ``b`` holds byte ``b`` of every element), then the last ``L % width`` bytes as they
were. Delta-shuffle first replaced element ``i >= distance`` by ``e[i] - e[i - distance]``,
unsigned and wrapping, in the flagged byte order.
"""
from typing import Callable, NamedTuple, Optional, Union

import numpy as np

from . import _codecs
from ._format import Buffer, NpyFormatError

MAGIC = b"\x93NPF"
HEADER_BYTES = 20
FILTERS = {"shuffle": 1, "delta-shuffle": 2}
#: A plane this large or larger is compressed as a frame of its own by codecs with an entropy coder, as Java does.
PLANE_FRAME_BYTES = 4096
_NAMES = {code: name for name, code in FILTERS.items()}
_VERSION = 1
_BIG_ENDIAN = 1


class Frame(NamedTuple):
    """What a filter frame's header says, and the codec of the frames after it."""

    filter: str
    width: int
    distance: int
    big_endian: bool
    prefix: int
    codec: str


def is_frame(data: Buffer) -> bool:
    """Whether ``data`` starts with a filter frame's magic bytes."""
    return bytes(data[:4]) == MAGIC


def check(filter: Optional[str], codec: Optional[str]) -> Optional[str]:
    """The filter's name (None for none), or ValueError for an unknown one or one without a codec."""
    if filter is None or filter == "none":
        return None
    if filter not in FILTERS:
        raise ValueError("unknown filter %r; use one of none, shuffle, delta-shuffle" % (filter,))
    if codec is None:
        raise ValueError("the %s filter works with a codec: give compression as well" % filter)
    return filter


def read_header(data: Buffer) -> Frame:
    """The header of the filter frame ``data`` starts with, checked field by field."""
    if len(data) < HEADER_BYTES:
        raise NpyFormatError("filter frame ends inside its 20-byte header", len(data))
    h = bytes(data[:HEADER_BYTES])
    if h[4] != _VERSION:
        raise NpyFormatError("filter frame version %d is not supported; this reader knows 1" % h[4], 4)
    name = _NAMES.get(h[5])
    if name is None:
        raise NpyFormatError("filter frame names filter %d, not 1 (shuffle) or 2 (delta-shuffle)" % h[5], 5)
    if h[6] & ~_BIG_ENDIAN:
        raise NpyFormatError("filter frame sets unknown flags 0x%x" % h[6], 6)
    if h[7]:
        raise NpyFormatError("filter frame's reserved byte is %d, not 0" % h[7], 7)
    width, distance, prefix = (int.from_bytes(h[i:i + 4], "little") for i in (8, 12, 16))
    if width not in (1, 2, 4, 8):
        raise NpyFormatError("filter frame width is %d, not 1, 2, 4 or 8" % width, 8)
    if name == "shuffle" and distance != 0:
        raise NpyFormatError("shuffle frame has a delta distance of %d, not 0" % distance, 12)
    if name == "delta-shuffle" and distance == 0:
        raise NpyFormatError("delta-shuffle frame has a distance of 0, not 1 to 4294967295", 12)
    codec = _codecs.detect(data[HEADER_BYTES:HEADER_BYTES + 16])
    if codec is None:
        raise NpyFormatError("filter frame is not followed by a gzip, zstd, lz4 or snappy frame", HEADER_BYTES)
    return Frame(name, width, distance, bool(h[6] & _BIG_ENDIAN), prefix, codec)


class _ContentError(NpyFormatError):
    """A refusal of the content itself (its NPY header), whose offset counts within the content, not the frame."""


def decode(data: Buffer, limit: int, expected: Union[int, Callable[[bytes], Optional[int]], None]) -> memoryview:
    """The content of a filter frame, decompressed within ``limit`` (and ``expected``, as for codecs) and unfiltered."""
    frame = read_header(data)
    check_length = expected
    if callable(expected):
        probe = expected

        def check_length(start: bytes) -> Optional[int]:
            try:
                return probe(start)
            except NpyFormatError as e:
                raise _ContentError(e.problem, e.offset) from None
    try:
        content = _codecs.decompress(memoryview(data)[HEADER_BYTES:], frame.codec, limit,
                                     None if check_length is None else check_length)  # type: ignore[arg-type]
    except _ContentError as e:
        raise NpyFormatError(e.problem, e.offset) from None
    except NpyFormatError as e:
        raise NpyFormatError(e.problem, None if e.offset is None else e.offset + HEADER_BYTES) from None
    if frame.prefix > len(content):
        raise NpyFormatError("filter frame's prefix of %d bytes is longer than its %d-byte content"
                             % (frame.prefix, len(content)), 16)
    return memoryview(unfilter(content, frame)).toreadonly()


def unfilter(content: Buffer, frame: Frame) -> bytearray:
    """The content with its planes gathered back into elements and, for delta-shuffle, the deltas summed."""
    c = np.frombuffer(content, np.uint8)
    out = bytearray(len(c))
    o = np.frombuffer(out, np.uint8)
    p, w = frame.prefix, frame.width
    n = (len(c) - p) // w
    end = p + n * w
    o[:p] = c[:p]
    o[p:end].reshape(n, w)[...] = c[p:end].reshape(w, n).T
    o[end:] = c[end:]
    d = frame.distance
    if frame.filter == "delta-shuffle" and 0 < d < n:
        dtype = np.dtype("u%d" % w)
        elements = o[p:end].view(dtype.newbyteorder(">" if frame.big_endian else "<"))
        rows = -(-n // d)
        sums = np.zeros(rows * d, dtype)
        sums[:n] = elements
        np.cumsum(sums.reshape(rows, d), axis=0, dtype=dtype, out=sums.reshape(rows, d))
        elements[...] = sums[:n]
    return out


def encode(content: Buffer, prefix: int, filter: str, width: int, distance: int, big_endian: bool,
           codec: str, level: int) -> bytes:
    """A filter frame of ``content``, whose first ``prefix`` bytes stay unfiltered, compressed with ``codec``."""
    c = np.frombuffer(content, np.uint8)
    n = (len(c) - prefix) // width
    end = prefix + n * width
    elements = c[prefix:end]
    if filter == "delta-shuffle":
        values = elements.view(np.dtype("u%d" % width).newbyteorder(">" if big_endian else "<"))
        deltas = values.copy()
        d = min(distance, n)
        deltas[d:] -= values[:n - d]
        elements = deltas.view(np.uint8)
    planes = elements.reshape(n, width).T
    split = width > 1 and n >= PLANE_FRAME_BYTES and codec in ("gzip", "zstd")
    if split:
        chunks = [c[:prefix].tobytes() + planes[0].tobytes()] + [planes[b].tobytes() for b in range(1, width)]
        chunks[-1] += c[end:].tobytes()
    else:
        chunks = [c[:prefix].tobytes() + planes.tobytes() + c[end:].tobytes()]
    header = (MAGIC + bytes((_VERSION, FILTERS[filter], _BIG_ENDIAN if big_endian else 0, 0))
              + b"".join(v.to_bytes(4, "little") for v in (width, distance if filter == "delta-shuffle" else 0, prefix)))
    return header + b"".join(_codecs.compress(chunk, codec, level) for chunk in chunks)


def layout(dtype: np.dtype, shape: tuple, fortran: bool, filter: str) -> Optional[tuple]:
    """Java's choice of ``(width, distance, big_endian)`` for an array, or None where the filter changes nothing.

    Elements are numbers' bytes (a complex number's two parts, a string's characters apart); the
    delta steps one along axis 0: a row of elements in C order, the next element in Fortran order.
    """
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if size == 0 or dtype.itemsize == 0:
        return None
    width = {"c": dtype.itemsize // 2, "U": 4, "S": 1}.get(dtype.kind, dtype.itemsize)
    if filter == "shuffle" and width == 1:
        return None
    distance = 0
    if filter == "delta-shuffle":
        step = 1 if fortran else int(np.prod(shape[1:], dtype=np.int64)) if len(shape) > 1 else 1
        distance = max(1, min(dtype.itemsize // width * step, 0xFFFFFFFF))
    return width, distance, dtype.byteorder == ">"
