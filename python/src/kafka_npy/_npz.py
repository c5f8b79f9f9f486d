"""NPZ values: several named arrays in one ZIP archive, as ``np.savez`` and ``np.savez_compressed`` write it.

Writing goes through :mod:`zipfile` exactly as numpy does, so the archive is the one
``np.savez`` (stored entries) or ``np.savez_compressed`` (deflated entries) writes for the
same arrays. Reading does not trust :mod:`zipfile` to bound memory: the end records and the
central directory are walked here, every size is checked before anything is allocated, each
local header must agree with its central directory entry, entries may not overlap, and
deflated entries are inflated in pieces into an output that refuses every byte past the size
the central directory states. Stored entries come back as read-only views of the value.
"""
import io
import re
import zipfile
import zlib
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

import numpy as np

from . import _codecs, _format
from ._format import Buffer, NpyFormatError

#: The largest number of entries an archive may hold; more is refused before any entry is read.
MAX_ENTRIES = 65535
#: What an archive may hold beyond the arrays' data: ZIP records and NPY headers.
ARCHIVE_ALLOWANCE = 1 << 20
LOCAL_MAGIC, EMPTY_MAGIC = b"PK\x03\x04", b"PK\x05\x06"
_CENTRAL, _LOCAL, _END, _END64, _LOCATOR64 = 0x02014B50, 0x04034B50, 0x06054B50, 0x06064B50, 0x07064B50
_FFFF, _FFFFFFFF = 0xFFFF, 0xFFFFFFFF
_DRIVE = re.compile(r"[A-Za-z]:")


def is_npz(data: Buffer) -> bool:
    """Whether ``data`` starts as a ZIP archive does: a local header, or the end record of an empty archive."""
    return bytes(data[:4]) in (LOCAL_MAGIC, EMPTY_MAGIC)


def encode_npz(mapping: Mapping[str, Any], compression: Optional[str] = None, level: Optional[int] = None) -> bytes:
    """The NPZ bytes of named arrays: what ``np.savez`` writes, or ``np.savez_compressed`` with ``"gzip"``.

    Entries keep the mapping's order and are named ``name + ".npy"``, as numpy names them.
    ``compression`` ``"gzip"`` (or ``"deflate"``) deflates each entry, so ``np.load`` still
    opens the value alone; ``"zstd"``, ``"lz4"`` and ``"snappy"`` wrap the stored archive in
    that codec's standard frame, as :func:`kafka_npy.encode` wraps an NPY value. ``level`` is
    the codec's level, as for :func:`kafka_npy.encode`.

    >>> import io, numpy as np, kafka_npy
    >>> value = kafka_npy.encode_npz({"ids": np.arange(3), "label": np.array("cat")})
    >>> dict(np.load(io.BytesIO(value)))["label"]
    array('cat', dtype='<U3')
    """
    codec, level = _codecs.check("gzip" if compression == "deflate" else compression, level)
    deflate = codec == "gzip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED,
                         compresslevel=level if deflate else None) as archive:
        for name, array in mapping.items():
            if not isinstance(name, str):
                raise TypeError("NPZ names must be str, not %s" % type(name).__name__)
            problem = name_problem(name + ".npy")
            if problem:
                raise NpyFormatError(problem)
            a = array if type(array) is np.ndarray else np.asarray(array)
            fortran = a.flags.f_contiguous and not a.flags.c_contiguous
            data = a.T if fortran else np.ascontiguousarray(a)
            with archive.open(name + ".npy", "w", force_zip64=True) as entry:
                entry.write(_format.header_bytes(a.dtype, fortran, a.shape))
                if data.size:
                    entry.write(data.reshape(-1).view(np.uint8))
    value = buf.getvalue()
    return value if codec is None or deflate else _codecs.compress(value, codec, level)


def name_problem(name: str) -> Optional[str]:
    """Why an entry name is refused (a NUL, absolute, a ``..`` segment, not ``.npy``), or None; a ``/`` inside is fine."""
    if "\0" in name:
        return "entry name %r has a NUL character, where zipfile would cut it short" % name
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "entry name %r is an absolute path" % name
    if ".." in re.split(r"[/\\]", name):
        return "entry name %r has a '..' segment" % name
    if not name.endswith(".npy"):
        return "entry %r is not an .npy file; an NPZ archive holds only arrays" % name
    return None


class _Entry(NamedTuple):
    key: str
    method: int
    flags: int
    crc: int
    csize: int
    usize: int
    offset: int
    name: bytes
    at: int  # where the central directory entry is, for messages


def read_npz(data: Buffer, max_array_bytes: int) -> Dict[str, np.ndarray]:
    """The arrays of the NPZ archive ``data``, in archive order; everything is checked before it is allocated.

    ``max_array_bytes`` bounds the arrays' data together; the entries together may hold
    :data:`ARCHIVE_ALLOWANCE` more for their NPY headers.
    """
    view = memoryview(data)
    entries, data_end = _central_directory(view)
    total = sum(e.usize for e in entries)
    if total > max_array_bytes + ARCHIVE_ALLOWANCE:
        raise NpyFormatError("archive entries hold %d bytes together, over max_array_bytes=%d (plus %d for headers)"
                             % (total, max_array_bytes, ARCHIVE_ALLOWANCE), 0)
    ranges = sorted((e.offset, i) for i, e in enumerate(entries))
    starts: List[int] = [0] * len(entries)
    previous_end = 0
    for offset, i in ranges:
        if offset < previous_end:
            raise NpyFormatError("entry %r overlaps the entry before it" % entries[i].key, offset)
        starts[i] = _local_header(view, entries[i], data_end)
        previous_end = starts[i] + entries[i].csize
    arrays: Dict[str, np.ndarray] = {}
    used = 0
    for entry, start in zip(entries, starts):
        body = view[start:start + entry.csize]
        stored = entry.method == zipfile.ZIP_STORED
        npy = body if stored else _inflate(body, entry, start)
        if zlib.crc32(npy) != entry.crc:
            raise NpyFormatError("entry %r fails its CRC-32 check" % entry.key, start)
        try:
            array = _format.read_array(npy, max_array_bytes)
        except NpyFormatError as e:
            # a stored entry's offsets are the value's; of a deflated one, only where the entry starts is
            at = start + (e.offset or 0) if stored else start
            raise NpyFormatError("entry %r: %s" % (entry.key, e.problem), at) from None
        used += array.nbytes
        if used > max_array_bytes:
            raise NpyFormatError("entry %r brings the archive's arrays to %d bytes, over max_array_bytes=%d"
                                 % (entry.key, used, max_array_bytes), start)
        arrays[entry.key] = array
    return arrays


def _u(view: memoryview, at: int, size: int) -> int:
    return int.from_bytes(view[at:at + size], "little")


def _central_directory(view: memoryview) -> Tuple[List[_Entry], int]:
    """The central directory's entries, and where the entries' data must end (the directory's start)."""
    n = len(view)
    end = bytes(view[max(0, n - 22 - _FFFF):n]).rfind(b"PK\x05\x06")
    end = -1 if end < 0 else end + max(0, n - 22 - _FFFF)
    while end >= 0 and end + 22 + _u(view, end + 20, 2) != n:
        end = bytes(view[max(0, n - 22 - _FFFF):end]).rfind(b"PK\x05\x06")
        end = -1 if end < 0 else end + max(0, n - 22 - _FFFF)
    if end < 0:
        raise NpyFormatError("ZIP archive has no end of central directory record (it is truncated or not a ZIP)", n)
    if _u(view, end + 4, 2) or _u(view, end + 6, 2):
        raise NpyFormatError("ZIP archive spans several disks", end)
    count, size, offset = _u(view, end + 10, 2), _u(view, end + 12, 4), _u(view, end + 16, 4)
    directory_end = end
    if end >= 20 and _u(view, end - 20, 4) == _LOCATOR64:
        at = _u(view, end - 12, 8)
        if at + 56 > end - 20 or _u(view, at, 4) != _END64:
            raise NpyFormatError("zip64 end of central directory locator points at no zip64 record", end - 20)
        count, size, offset = _u(view, at + 32, 8), _u(view, at + 40, 8), _u(view, at + 48, 8)
        directory_end = at
    if count > MAX_ENTRIES:
        raise NpyFormatError("archive has %d entries; kafka-npy reads at most %d" % (count, MAX_ENTRIES), end)
    if offset + size != directory_end:
        raise NpyFormatError("central directory of %d bytes at %d does not end where the end record starts (%d)"
                             % (size, offset, directory_end), end)
    entries: List[_Entry] = []
    keys = set()
    at = offset
    while at < directory_end:
        if len(entries) == count:
            raise NpyFormatError("central directory holds more entries than the %d its end record states" % count, at)
        if at + 46 > directory_end or _u(view, at, 4) != _CENTRAL:
            raise NpyFormatError("central directory entry %d is malformed" % len(entries), at)
        entry = _central_entry(view, at, directory_end)
        if entry.key in keys:
            raise NpyFormatError("archive holds the name %r twice" % entry.key, at)
        keys.add(entry.key)
        entries.append(entry)
        at += 46 + _u(view, at + 28, 2) + _u(view, at + 30, 2) + _u(view, at + 32, 2)
    if len(entries) != count:
        raise NpyFormatError("central directory holds %d entries, its end record states %d" % (len(entries), count), at)
    return entries, offset


def _central_entry(view: memoryview, at: int, directory_end: int) -> _Entry:
    flags, method = _u(view, at + 8, 2), _u(view, at + 10, 2)
    crc, csize, usize = _u(view, at + 16, 4), _u(view, at + 20, 4), _u(view, at + 24, 4)
    name_length, extra_length, comment_length = _u(view, at + 28, 2), _u(view, at + 30, 2), _u(view, at + 32, 2)
    disk, offset = _u(view, at + 34, 2), _u(view, at + 42, 4)
    if at + 46 + name_length + extra_length + comment_length > directory_end:
        raise NpyFormatError("central directory entry runs past the directory's end", at)
    raw = bytes(view[at + 46:at + 46 + name_length])
    try:
        name = raw.decode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeDecodeError:
        raise NpyFormatError("entry name %r is flagged UTF-8 but is not" % raw, at + 46) from None
    if flags & 0x41:
        raise NpyFormatError("entry %r is encrypted" % name, at)
    if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NpyFormatError("entry %r uses compression method %d; NPZ entries are stored or deflated" % (name, method), at)
    problem = name_problem(name)
    if problem:
        raise NpyFormatError(problem, at)
    extra = view[at + 46 + name_length:at + 46 + name_length + extra_length]
    wide = [field for field, value in (("usize", usize), ("csize", csize), ("offset", offset), ("disk", disk))
            if value == (_FFFF if field == "disk" else _FFFFFFFF)]
    values = _zip64(extra, wide, at)
    usize, csize, offset = values.get("usize", usize), values.get("csize", csize), values.get("offset", offset)
    if values.get("disk", disk):
        raise NpyFormatError("entry %r is on another disk" % name, at)
    if method == zipfile.ZIP_STORED and csize != usize:
        raise NpyFormatError("stored entry %r has a compressed size %d unlike its size %d" % (name, csize, usize), at)
    return _Entry(name[:-4], method, flags, crc, csize, usize, offset, raw, at)


def _zip64(extra: memoryview, wide: List[str], at: int) -> Dict[str, int]:
    """The values of the zip64 extra field for the fields that say 0xFFFFFFFF (0xFFFF for the disk), in ZIP's order."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = _u(extra, pos, 2), _u(extra, pos + 2, 2)
        if tag == 1:
            body = extra[pos + 4:pos + 4 + length]
            values: Dict[str, int] = {}
            field_at = 0
            for field in wide:
                width = 4 if field == "disk" else 8
                if field_at + width > len(body):
                    raise NpyFormatError("zip64 extra field is too short for the sizes it must hold", at)
                values[field] = _u(body, field_at, width)
                field_at += width
            return values
        pos += 4 + length
    if wide:
        raise NpyFormatError("entry sizes say zip64 but the entry has no zip64 extra field", at)
    return {}


def _local_header(view: memoryview, entry: _Entry, data_end: int) -> int:
    """Where the entry's data starts, once its local header is checked against the central directory."""
    at = entry.offset
    if at + 30 > data_end or _u(view, at, 4) != _LOCAL:
        raise NpyFormatError("entry %r has no local header where the central directory says" % entry.key, at)
    flags, method = _u(view, at + 6, 2), _u(view, at + 8, 2)
    crc, csize, usize = _u(view, at + 14, 4), _u(view, at + 18, 4), _u(view, at + 22, 4)
    name_length, extra_length = _u(view, at + 26, 2), _u(view, at + 28, 2)
    start = at + 30 + name_length + extra_length
    if bytes(view[at + 30:at + 30 + name_length]) != entry.name:
        raise NpyFormatError("entry %r has another name in its local header" % entry.key, at)
    if method != entry.method or (flags ^ entry.flags) & 0x41:
        raise NpyFormatError("entry %r has another method or encryption in its local header" % entry.key, at)
    if not flags & 0x08:  # sizes are in the local header unless a data descriptor follows the data
        wide = [field for field, value in (("usize", usize), ("csize", csize)) if value == _FFFFFFFF]
        values = _zip64(view[at + 30 + name_length:start], wide, at)
        if (crc, values.get("csize", csize), values.get("usize", usize)) != (entry.crc, entry.csize, entry.usize):
            raise NpyFormatError("entry %r has sizes or CRC in its local header that disagree with the central "
                                 "directory" % entry.key, at)
    if start + entry.csize > data_end:
        raise NpyFormatError("entry %r runs past the start of the central directory" % entry.key, start)
    return start


def _inflate(body: memoryview, entry: _Entry, start: int) -> memoryview:
    """A deflated entry, inflated in pieces; refused as soon as it passes the size the central directory states."""
    out = _codecs.Output("deflate", entry.usize, entry.usize)
    inflater = zlib.decompressobj(-15)
    fed = 0
    tail: Buffer = b""
    try:
        while not inflater.eof:
            if not tail:
                tail = body[fed:fed + _codecs.PIECE]
                fed += len(tail)
            piece = inflater.decompress(tail, out.room())
            if not piece and len(inflater.unconsumed_tail) == len(tail):
                raise NpyFormatError("deflated entry %r is truncated" % entry.key, start + len(body))
            tail = inflater.unconsumed_tail
            out.offset = start + fed - len(tail)
            out.write(piece)
    except zlib.error as e:
        raise NpyFormatError("deflated entry %r is corrupt: %s" % (entry.key, e), start) from None
    except NpyFormatError as e:
        raise NpyFormatError("entry %r: %s" % (entry.key, e.problem), e.offset) from None
    if fed - len(inflater.unused_data) != len(body):
        raise NpyFormatError("deflated entry %r ends before its compressed size" % entry.key, start + fed)
    return out.finish()
