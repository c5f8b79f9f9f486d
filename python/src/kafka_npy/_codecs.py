"""Per-message compression: gzip, zstd, lz4 and snappy, as standard frames Java writes and reads.

Every codec writes its standard self-describing frame (a gzip member, a zstd frame with content
size and checksum, an LZ4 frame with content size and checksum, the snappy framing format with
masked CRC-32C), so :func:`detect` tells them apart by their magic bytes, as Java's
``Compression.detect`` does. Decompression is bounded: output goes to an :class:`Output` that
refuses anything past a limit as it arrives, learns the exact length from the first bytes (for
NPY, from the header) and refuses any byte beyond it, so a decompression bomb costs a bounded
amount of work and memory. Frames are walked here, so bytes after the last frame and truncated
frames are refused, with the byte offset.

The codec modules are optional (extras ``zstd``, ``lz4``, ``snappy``; ``all`` for every one);
a codec whose module is missing raises :class:`CodecUnavailableError` naming the extra.
"""
import importlib
import zlib
from types import ModuleType
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple, Type, Union

from ._format import Buffer, NpyFormatError

#: Output is produced in pieces of at most this size, so a refusal comes within one piece of the limit.
PIECE = 1 << 20
#: The first output buffer when the length is known up front; it doubles from there as output arrives.
_FIRST_BUFFER = 1 << 20
#: How much output is inflated before the caller is asked how long the whole output is (Java's PROBE_BYTES).
PROBE_BYTES = 64 * 1024
_SNAPPY_IDENTIFIER = b"\xff\x06\x00\x00sNaPpY"
_SNAPPY_MAX_CHUNK = 65536


class CodecUnavailableError(NpyFormatError, ImportError):
    """A codec's Python module is not installed: an :class:`NpyFormatError` and an ``ImportError``.

    A payload compressed with a codec whose module is missing cannot be read here, whatever its
    bytes; the message names the pip extra that installs the module.
    """


class Codec(NamedTuple):
    name: str
    magic: bytes
    levels: Optional[Tuple[int, int, int]]  # lowest, highest, default; None for codecs without levels


CODECS: Dict[str, Codec] = {c.name: c for c in (
    Codec("gzip", b"\x1f\x8b", (1, 9, 6)),
    Codec("zstd", b"\x28\xb5\x2f\xfd", (-7, 22, 3)),
    Codec("lz4", b"\x04\x22\x4d\x18", (1, 17, 1)),
    Codec("snappy", _SNAPPY_IDENTIFIER, None),
)}


def detect(data: Buffer) -> Optional[str]:
    """The codec whose magic bytes start ``data``, or None for an uncompressed payload."""
    for codec in CODECS.values():
        if data[:len(codec.magic)] == codec.magic:
            return codec.name
    return None


def check(compression: Optional[str], level: Optional[int]) -> Tuple[Optional[str], int]:
    """The codec (None for none) and its level (the codec's default when None; 0 without levels), or ValueError.

    As Java checks them: a codec without levels takes any level.
    """
    if compression is None or compression == "none":
        return None, 0
    codec = CODECS.get(compression)
    if codec is None:
        raise ValueError("unknown compression %r; use one of none, gzip, zstd, lz4, snappy" % (compression,))
    if codec.levels is None:
        return codec.name, 0
    low, high, default = codec.levels
    if level is None:
        return codec.name, default
    if type(level) is not int or not low <= level <= high:
        raise ValueError("%s levels run from %d to %d, not %r" % (codec.name, low, high, level))
    return codec.name, level


def compress(data: Buffer, compression: str, level: int) -> bytes:
    """One standard frame of ``data``; ``compression`` and ``level`` as :func:`check` returns them."""
    if compression == "gzip":
        z = zlib.compressobj(level, zlib.DEFLATED, 31)
        return z.compress(data) + z.flush()
    if compression == "zstd":
        zstd = _module("zstandard", "zstd")
        frame: bytes = zstd.ZstdCompressor(level=level, write_checksum=True, write_content_size=True).compress(data)
        return frame
    if compression == "lz4":
        # Java's level 1 is LZ4's fast compressor, 2 to 17 its high-compression one, which lz4.frame caps at 16
        frame = _module("lz4.frame", "lz4").compress(data, compression_level=0 if level == 1 else min(level, 16),
                                                     content_checksum=True, store_size=True)
        return frame
    return _snappy_compress(data)


def decompress(data: Buffer, compression: str, limit: int,
               expected: Union[int, Callable[[bytes], Optional[int]]]) -> memoryview:
    """Every frame of ``data`` decompressed, refused past ``limit`` bytes or past the expected length.

    ``expected`` is the exact output length, or a function that reads it from the first
    :data:`PROBE_BYTES` of output (all of it when shorter), or None when only ``limit`` bounds
    it (an NPZ archive or a JSON envelope). Returns a read-only view.
    """
    out = Output(compression, limit, expected)
    inflate = {"gzip": _gzip_inflate, "zstd": _zstd_inflate, "lz4": _lz4_inflate, "snappy": _snappy_inflate}
    inflate[compression](memoryview(data), out)
    return out.finish()


class Output:
    """Where a decompressor writes: refuses output past the limit, and past the length learnt from its start."""

    def __init__(self, codec: str, limit: int, expected: Union[int, Callable[[bytes], Optional[int]]]) -> None:
        self.codec = codec
        self.limit = limit
        self.offset = 0  # where in the compressed input the decompressor is, for messages
        self.size = 0
        if isinstance(expected, int):
            self.expected: Optional[int] = expected
            self.learn: Optional[Callable[[bytes], Optional[int]]] = None
            # grown as output arrives, never sized by a promise alone: a 19-byte value may promise 256 MiB
            self.buf = bytearray(min(expected, _FIRST_BUFFER))
        else:
            self.expected = None
            self.learn = expected
            self.buf = bytearray()

    def room(self) -> int:
        """How much output to ask for next: one byte past what is accepted, so an overflow shows."""
        cap = self.limit if self.expected is None else self.expected
        return min(PIECE, cap - self.size + 1)

    def write(self, piece: Buffer) -> None:
        n = len(piece)
        if self.expected is None:
            self.buf += piece
            self.size += n
            if self.size > self.limit:
                raise self._error("%s payload inflates past the limit of %d bytes" % (self.codec, self.limit))
            if self.size >= PROBE_BYTES and self.learn is not None:
                self._learn()
        elif self.size + n > self.expected:
            raise self._error("%s payload holds more than the %d bytes its content promises"
                              % (self.codec, self.expected))
        else:
            if self.size + n > len(self.buf):
                self._grow(self.size + n)
            self.buf[self.size:self.size + n] = piece
            self.size += n

    def _grow(self, needed: int) -> None:
        """Doubles the buffer (at least to ``needed``, at most to the expected length)."""
        assert self.expected is not None
        grown = bytearray(min(self.expected, max(needed, 2 * len(self.buf))))
        grown[:self.size] = memoryview(self.buf)[:self.size]
        self.buf = grown

    def _learn(self) -> Optional[int]:
        """The whole length, learnt from the output so far; None when the limit alone bounds it."""
        if self.learn is None:
            return None
        try:
            expected = self.learn(bytes(self.buf))
        except NpyFormatError as e:
            raise NpyFormatError("decompressed %s payload: %s" % (self.codec, e)) from None
        if expected is None:
            self.learn = None
            return None
        if expected > self.limit:
            raise self._error("%s payload holds %d bytes, more than the limit of %d" % (self.codec, expected, self.limit))
        if self.size > expected:
            raise self._error("%s payload holds more than the %d bytes its content promises" % (self.codec, expected))
        self.expected = expected
        return expected

    def finish(self) -> memoryview:
        expected = self._learn() if self.expected is None else self.expected
        if expected is not None and self.size < expected:
            raise self._error("%s payload ends after %d of the %d bytes its content promises"
                              % (self.codec, self.size, expected))
        return memoryview(self.buf).toreadonly()

    def _error(self, problem: str) -> NpyFormatError:
        return NpyFormatError(problem, self.offset)


def _module(name: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise CodecUnavailableError("%s needs the Python module %s, which is not installed: pip install 'kafka-npy[%s]'"
                                    % (extra, name.split(".")[0], extra)) from e


def _frames(data: memoryview, out: Output, magic: int, codec: str,
            frame: Callable[[memoryview, int, Output], int]) -> None:
    """Walks zstd or lz4 frames: ``frame`` decompresses the one at a position and returns its end; skippable frames
    (which both formats share) are skipped; anything else after a frame is refused."""
    pos = 0
    while pos < len(data):
        out.offset = pos
        head = int.from_bytes(data[pos:pos + 4], "little") if len(data) - pos >= 8 else None
        if head == magic:
            pos = frame(data, pos, out)
        elif head is not None and head & 0xFFFFFFF0 == 0x184D2A50:
            end = pos + 8 + int.from_bytes(data[pos + 4:pos + 8], "little")
            if end > len(data):
                raise NpyFormatError("skippable frame runs past the end", pos)
            pos = end
        else:
            raise NpyFormatError("%s frame followed by bytes that are not another %s frame" % (codec, codec), pos)


# ---------------------------------------------------------------- gzip

def _gzip_inflate(data: memoryview, out: Output) -> None:
    """Every gzip member, CRC-32 and length checked by zlib; anything after a member must be another member."""
    pos = 0
    while pos < len(data):
        out.offset = pos
        if bytes(data[pos:pos + 2]) != b"\x1f\x8b":
            raise NpyFormatError("gzip member followed by bytes that are not another gzip member", pos)
        member = zlib.decompressobj(31)
        fed = pos  # the input handed to zlib ends here; it gets at most a piece at a time
        tail: Buffer = b""
        try:
            while not member.eof:
                if not tail:
                    tail = data[fed:fed + PIECE]
                    fed += len(tail)
                piece = member.decompress(tail, out.room())
                if not piece and len(member.unconsumed_tail) == len(tail):
                    raise NpyFormatError("gzip member is truncated", len(data))
                tail = member.unconsumed_tail
                out.offset = fed - len(tail)
                out.write(piece)
        except zlib.error as e:
            raise NpyFormatError("corrupt gzip member: %s" % e, pos) from None
        pos = fed - len(member.unused_data)


# ---------------------------------------------------------------- zstd

_ZSTD_MAGIC = 0xFD2FB528


def _zstd_inflate(data: memoryview, out: Output) -> None:
    """Every zstd frame, fed to zstandard block by block: a block inflates to at most 128 KiB."""
    zstd = _module("zstandard", "zstd")
    _frames(data, out, _ZSTD_MAGIC, "zstd", lambda d, pos, o: _zstd_frame(zstd, d, pos, o))


def _zstd_frame(zstd: ModuleType, data: memoryview, pos: int, out: Output) -> int:
    """Decompresses the frame at ``pos`` (RFC 8878 section 3.1.1) and returns where it ends."""
    n = len(data)
    if n - pos < 6:
        raise NpyFormatError("zstd frame ends inside its header", n)
    descriptor = data[pos + 4]
    if descriptor & 0x08:
        raise NpyFormatError("zstd frame header sets its reserved bit", pos + 4)
    single_segment = descriptor >> 5 & 1
    p = (pos + 5 + (1 - single_segment) + (0, 1, 2, 4)[descriptor & 3]
         + (single_segment, 2, 4, 8)[descriptor >> 6])
    frame = zstd.ZstdDecompressor().decompressobj()
    fed = pos
    last = 0
    while not last:
        if n - p < 3:
            raise NpyFormatError("zstd frame ends inside a block header", n)
        block = data[p] | data[p + 1] << 8 | data[p + 2] << 16
        last, kind, size = block & 1, block >> 1 & 3, block >> 3
        if kind == 3:
            raise NpyFormatError("zstd block has the reserved type 3", p)
        end = p + 3 + (1 if kind == 1 else size) + (4 if last and descriptor & 0x04 else 0)
        if end > n:
            raise NpyFormatError("zstd frame is truncated inside a block", n)
        out.offset = p
        try:
            out.write(frame.decompress(data[fed:end]))
        except zstd.ZstdError as e:
            raise NpyFormatError("corrupt zstd frame: %s" % e, p) from None
        fed = p = end
    if not frame.eof:
        raise NpyFormatError("zstd frame does not end where its last block says", p)
    return p


# ---------------------------------------------------------------- lz4

_LZ4_MAGIC = 0x184D2204


def _lz4_inflate(data: memoryview, out: Output) -> None:
    """Every LZ4 frame (linked or independent blocks, checksums verified by liblz4), with bounded reads."""
    lz4 = _module("lz4.frame", "lz4")
    _frames(data, out, _LZ4_MAGIC, "lz4", lambda d, pos, o: _lz4_frame(lz4, d, pos, o))


def _lz4_frame(lz4: ModuleType, data: memoryview, pos: int, out: Output) -> int:
    """Decompresses the frame at ``pos``, asking liblz4 for at most what ``out`` accepts; returns where it ends."""
    frame = lz4.LZ4FrameDecompressor()
    fed = pos  # the input handed to lz4 ends here; it gets at most a piece at a time
    try:
        while not frame.eof:
            chunk = data[fed:fed + PIECE] if frame.needs_input else b""
            fed += len(chunk)
            piece = frame.decompress(chunk, max_length=out.room())
            if not piece and not chunk and not frame.eof:
                raise NpyFormatError("lz4 frame is truncated", len(data))
            out.write(piece)
    except RuntimeError as e:
        raise NpyFormatError("corrupt lz4 frame: %s" % e, pos) from None
    return fed - len(frame.unused_data or b"")


# ---------------------------------------------------------------- snappy framing format

def _snappy_inflate(data: memoryview, out: Output) -> None:
    """The snappy framing format, chunk by chunk: each chunk's length checked before it is inflated, its CRC after."""
    _, uncompress, errors = _snappy_block()
    crc32c = _crc32c()
    pos = 0
    identified = False
    while pos < len(data):
        out.offset = pos
        if len(data) - pos < 4:
            raise NpyFormatError("snappy chunk header is truncated", pos)
        kind = data[pos]
        length = data[pos + 1] | data[pos + 2] << 8 | data[pos + 3] << 16
        end = pos + 4 + length
        if end > len(data):
            raise NpyFormatError("snappy chunk of %d bytes runs past the end" % length, pos)
        if kind == 0xFF:
            if data[pos:end] != _SNAPPY_IDENTIFIER:
                raise NpyFormatError("snappy stream identifier is not sNaPpY", pos)
            identified = True
        elif not identified:
            raise NpyFormatError("snappy stream does not start with its identifier", pos)
        elif kind in (0x00, 0x01):
            if length < 4:
                raise NpyFormatError("snappy chunk of %d bytes has no room for its CRC-32C" % length, pos)
            body: Buffer = data[pos + 8:end]
            size = _varint(body) if kind == 0x00 else len(body)
            if size > _SNAPPY_MAX_CHUNK:
                raise NpyFormatError("snappy chunk of %d bytes breaks the format's 64 KiB limit" % size, pos)
            if kind == 0x00:
                try:
                    body = bytes(uncompress(body))
                except errors as e:
                    raise NpyFormatError("corrupt snappy chunk: %s" % e, pos) from None
            if _masked(crc32c(body)) != int.from_bytes(data[pos + 4:pos + 8], "little"):
                raise NpyFormatError("snappy chunk's CRC-32C does not match its data", pos)
            out.write(body)
        elif kind <= 0x7F:
            raise NpyFormatError("snappy chunk type 0x%02x is reserved and unskippable" % kind, pos)
        pos = end


def _snappy_compress(data: Buffer) -> bytes:
    """The snappy framing format: a chunk per 64 KiB, compressed unless that saves less than 1/8."""
    compress, _, _ = _snappy_block()
    crc32c = _crc32c()
    view = memoryview(data).cast("B").toreadonly()
    parts: List[Buffer] = [_SNAPPY_IDENTIFIER]
    for start in range(0, len(view), _SNAPPY_MAX_CHUNK):
        piece = view[start:start + _SNAPPY_MAX_CHUNK]
        packed = bytes(compress(piece))
        kind, body = (0x00, packed) if len(packed) < len(piece) - len(piece) // 8 else (0x01, piece)
        length = len(body) + 4
        parts.append(bytes((kind, length & 0xFF, length >> 8 & 0xFF, length >> 16)))
        parts.append(_masked(crc32c(piece)).to_bytes(4, "little"))
        parts.append(body)
    return b"".join(parts)


def _varint(body: Buffer) -> int:
    """The uncompressed length a snappy block starts with: a little-endian base-128 varint of at most 5 bytes."""
    value = 0
    for i in range(min(5, len(body))):
        value |= (body[i] & 0x7F) << (7 * i)
        if body[i] < 0x80:
            return value
    return 1 << 32  # unterminated: more than any chunk may hold


def _masked(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _snappy_block() -> Tuple[Callable[[Buffer], Buffer], Callable[[Buffer], Buffer], Tuple[Type[Exception], ...]]:
    """Snappy's block compressor, decompressor and errors: from cramjam, else from python-snappy."""
    try:
        import cramjam
        return cramjam.snappy.compress_raw, cramjam.snappy.decompress_raw, (cramjam.DecompressionError,)
    except ImportError:
        pass
    snappy = _module("snappy", "snappy")
    return snappy.compress, snappy.uncompress, (snappy.UncompressError,)


def _crc32c() -> Callable[[Buffer], int]:
    """CRC-32C from google-crc32c (its C build, which takes only bytes), else from crc32c."""
    try:
        import google_crc32c
        if google_crc32c.implementation == "c":
            return lambda data: google_crc32c.value(data if type(data) is bytes else bytes(data))
    except ImportError:
        pass
    crc32c: Callable[[Buffer], int] = _module("crc32c", "snappy").crc32c
    return crc32c
