"""The NPY format: headers read and written exactly as ``numpy.lib.format`` does.

Reading accepts what ``np.load(allow_pickle=False)`` accepts (format versions 1.0, 2.0 and 3.0,
C and Fortran order, 0-d and empty arrays) and refuses more: object and structured dtypes,
headers over numpy's ``max_header_size`` of 10000 characters, more dimensions than numpy allows,
shapes whose bytes no index can address, truncated data and trailing bytes. Sizes are computed
exactly, with Python integers, before anything is allocated. The header ``np.save`` writes is
matched with one regular expression, and the layouts of the headers seen last are remembered,
so a stream of one shape parses its header once; anything else goes through
``ast.literal_eval`` and numpy's own checks, as ``np.load`` does.

Writing produces the bytes ``np.save`` produces for the same array.
"""
import ast
import re
import sys
import warnings
from typing import Dict, Literal, NamedTuple, Optional, Tuple, Union

import numpy as np

Buffer = Union[bytes, bytearray, memoryview]
#: The memory order of an array's bytes, as numpy spells it.
Order = Literal["C", "F"]

MAGIC = b"\x93NUMPY"
#: numpy's ``ARRAY_ALIGN``: the data starts at a multiple of 64 bytes.
ARRAY_ALIGN = 64
#: numpy's ``GROWTH_AXIS_MAX_DIGITS``: room left for the growth axis to grow in place.
GROWTH_AXIS_MAX_DIGITS = 21
#: numpy's default ``max_header_size`` for ``np.load(allow_pickle=False)``.
MAX_HEADER_CHARS = 10000
#: numpy's ``NPY_MAXDIMS``: 64 from numpy 2 on, 32 before.
MAX_DIMS = 64 if int(np.__version__.split(".")[0]) >= 2 else 32

_V1 = MAGIC + b"\x01\x00"
_KEYS = {"descr", "fortran_order", "shape"}
_CACHE_SIZE = 256


class NpyFormatError(ValueError):
    """The input is not an array that kafka-npy accepts; Java's ``NpyFormatException``.

    Every refusal of malformed, truncated, oversized or unsupported input is one of these. The
    message names the problem and, where there is one, ends with the byte offset where it was
    found, which :attr:`offset` also holds (``None`` for problems of record headers).
    """

    def __init__(self, problem: str, offset: Optional[int] = None) -> None:
        super().__init__(problem if offset is None else "%s (at byte %d)" % (problem, offset))
        self.problem = problem
        self.offset = offset


class Header(NamedTuple):
    """What an NPY preamble says: everything needed to view the data without copying it."""

    dtype: np.dtype
    shape: Tuple[int, ...]
    order: "Order"
    size: int
    data_offset: int
    nbytes: int


def dtype_problem(dtype: np.dtype) -> Optional[str]:
    """Why kafka-npy refuses a dtype, or None when it accepts it."""
    if dtype.hasobject:
        return "dtype %s is an object dtype: object arrays need pickle, which kafka-npy never runs" % dtype
    if dtype.kind == "V":
        return "dtype %s is structured or void, which kafka-npy does not support" % dtype
    if dtype.itemsize == 0:
        return "dtype %s has no size" % dtype
    return None


def layout(dtype: np.dtype, shape: Tuple[int, ...], offset: Optional[int] = None) -> Tuple[int, int]:
    """The element and byte counts of an array, exactly, or NpyFormatError for a shape numpy refuses."""
    if len(shape) > MAX_DIMS:
        raise NpyFormatError("shape has %d dimensions; numpy %s allows at most %d"
                             % (len(shape), np.__version__, MAX_DIMS), offset)
    count = 1
    bound = dtype.itemsize
    for i, dim in enumerate(shape):
        if dim < 0:
            raise NpyFormatError("shape %r has a negative dimension %d at index %d" % (shape, dim, i), offset)
        count *= dim
        bound *= max(dim, 1)
    if bound > sys.maxsize:
        raise NpyFormatError("%s of shape %r is too large: its dimensions multiply to more than %d bytes"
                             % (dtype.str, shape, sys.maxsize), offset)
    return count, count * dtype.itemsize


_DIM = rb"(?:0|[1-9][0-9]{0,17})"
_SAVED = re.compile(rb"\{'descr': '([^'\\]+)', 'fortran_order': (True|False), 'shape': \((|%s,|%s(?:, %s)+)\), \} *\n"
                    % (_DIM, _DIM, _DIM))
_LAYOUTS: Dict[bytes, Header] = {}


def read_header(data: Buffer) -> Header:
    """The preamble of the NPY bytes ``data``; only the preamble needs to be there.

    Raises NpyFormatError for anything ``np.load(allow_pickle=False)`` refuses, and for object
    or structured dtypes, too many dimensions or sizes beyond an index.
    """
    end = 10 + (data[8] | data[9] << 8) if len(data) >= 10 else 0
    if data[:8] == _V1 and len(data) >= end:
        text = bytes(data[10:end])
        header = _LAYOUTS.get(text)
        if header is not None:
            return header
        header = _saved_by_numpy(text, end)
        if header is not None:
            if len(_LAYOUTS) < _CACHE_SIZE:
                _LAYOUTS[text] = header
            return header
    return _parsed(data)


def _saved_by_numpy(text: bytes, end: int) -> Optional[Header]:
    """The fast path: the exact header ``np.save`` writes, matched without ``ast``; None for anything else."""
    match = _SAVED.fullmatch(text)
    if match is None:
        return None
    descr, fortran, dims = match.groups()
    try:
        dtype = _dtype(descr.decode("latin1"))
    except (TypeError, ValueError, OverflowError):
        return None
    shape = tuple(int(d) for d in dims.split(b",") if d)
    if dtype_problem(dtype) or len(shape) > MAX_DIMS:
        return None
    count, nbytes = layout(dtype, shape, 10)
    return Header(dtype, shape, "F" if fortran == b"True" else "C", count, end, nbytes)


def _parsed(data: Buffer) -> Header:
    """The general path: any header numpy accepts, through ``ast.literal_eval`` and numpy's checks."""
    n = len(data)
    if n < 10:
        raise NpyFormatError("input is empty, not an NPY array" if n == 0 else
                             "input is too short for an NPY array: %d bytes, the magic string, version and "
                             "header length alone take 10" % n, n)
    if data[:6] != MAGIC:
        raise NpyFormatError("input does not start with the NPY magic string \\x93NUMPY, nor is it an NPZ archive, a "
                             "JSON envelope or a gzip, zstd, lz4 or snappy frame (a raw-variant value needs its record "
                             "headers)", 0)
    major, minor = data[6], data[7]
    if minor != 0 or major not in (1, 2, 3):
        raise NpyFormatError("unsupported NPY format version %d.%d; numpy writes 1.0, 2.0 and 3.0" % (major, minor), 6)
    start = 10 if major == 1 else 12
    if n < start:
        raise NpyFormatError("input ends inside the header length field", n)
    length = int.from_bytes(data[8:start], "little")
    if length > 4 * MAX_HEADER_CHARS:
        raise NpyFormatError("header is %d bytes long; like np.load, kafka-npy refuses headers over %d characters"
                             % (length, MAX_HEADER_CHARS), 8)
    if length > n - start:
        raise NpyFormatError("header length %d runs past the end of the input (%d bytes follow the length field)"
                             % (length, n - start), 8)
    try:
        text = bytes(data[start:start + length]).decode("utf-8" if major == 3 else "latin1")
    except UnicodeDecodeError as e:
        raise NpyFormatError("format 3.0 header is not valid UTF-8", start + e.start) from None
    if len(text) > MAX_HEADER_CHARS:
        raise NpyFormatError("header is %d characters long; like np.load, kafka-npy refuses headers over %d"
                             % (len(text), MAX_HEADER_CHARS), 8)
    d = _literal(text, major, start)
    if not isinstance(d, dict):
        raise NpyFormatError("header is not a dictionary: %s" % _short(d), start)
    if d.keys() != _KEYS:
        raise NpyFormatError("header must have exactly the keys 'descr', 'fortran_order' and 'shape', but has %s"
                             % _short(sorted(map(repr, d))), start)
    shape, fortran, descr = d["shape"], d["fortran_order"], d["descr"]
    if not isinstance(shape, tuple) or not all(type(x) is int for x in shape):
        raise NpyFormatError("shape is not a tuple of integers: %s" % _short(shape), start)
    if not isinstance(fortran, bool):
        raise NpyFormatError("fortran_order is not a valid bool: %s" % _short(fortran), start)
    dtype = _descr(descr, start)
    count, nbytes = layout(dtype, shape, start)
    return Header(dtype, shape, "F" if fortran else "C", count, start + length, nbytes)


def _literal(text: str, major: int, offset: int) -> object:
    """The header's Python literal; headers of versions 1.0 and 2.0 may carry Python 2's ``L`` suffix, as numpy allows.

    What the compiler would only warn about (an invalid escape sequence) is refused too.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                return ast.literal_eval(text)
            except SyntaxError:
                if major > 2:
                    raise
                return ast.literal_eval(re.sub(r"(?<=[0-9])[lL]\b", "", text))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError, Warning) as e:
        raise NpyFormatError("cannot parse the header: %s" % (e.msg if isinstance(e, SyntaxError) else e), offset) from None


def _descr(descr: object, offset: int) -> np.dtype:
    if isinstance(descr, list):
        raise NpyFormatError("descr is a structured dtype (a record array), which kafka-npy does not support", offset)
    if not isinstance(descr, str):
        raise NpyFormatError("descr is not a valid dtype descriptor: %s" % _short(descr), offset)
    return parse_dtype(descr, offset)


def _dtype(text: str) -> np.dtype:
    """``np.dtype(text)`` without the DeprecationWarnings of old aliases (``'a5'``), which would escape decode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return np.dtype(text)


def parse_dtype(text: str, offset: Optional[int] = None) -> np.dtype:
    """The dtype numpy makes of a string, or NpyFormatError when numpy or kafka-npy refuses it."""
    try:
        dtype = _dtype(text)
    except (TypeError, ValueError, OverflowError, SyntaxError) as e:
        raise NpyFormatError("dtype %s is not a dtype numpy knows: %s" % (_short(text), e), offset) from None
    problem = dtype_problem(dtype)
    if problem:
        raise NpyFormatError(problem, offset)
    return dtype


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def read_array(data: Buffer, max_array_bytes: int) -> np.ndarray:
    """The array in the complete NPY bytes ``data``: a read-only view where ``data`` is read-only.

    Refuses data shorter or longer than the header promises, and arrays over ``max_array_bytes``.
    """
    h = read_header(data)
    check_size(h.nbytes, max_array_bytes)
    available = len(data) - h.data_offset
    if available < h.nbytes:
        raise NpyFormatError("data is truncated: the header promises %d bytes of %s data but only %d follow"
                             % (h.nbytes, h.dtype, available), h.data_offset)
    if available > h.nbytes:
        raise NpyFormatError("%d trailing bytes after the %d bytes of data the header promises"
                             % (available - h.nbytes, h.nbytes), h.data_offset + h.nbytes)
    return np.frombuffer(data, h.dtype, h.size, h.data_offset).reshape(h.shape, order=h.order)


def check_size(nbytes: int, max_array_bytes: int) -> None:
    """Refuses an array of ``nbytes`` data bytes over the limit, as Java's ``npy.max.array.bytes`` does."""
    if nbytes > max_array_bytes:
        raise NpyFormatError("the array's %d bytes exceed max_array_bytes=%d" % (nbytes, max_array_bytes), 0)


_HEADERS: Dict[Tuple[np.dtype, bool, Tuple[int, ...]], bytes] = {}


def header_bytes(dtype: np.dtype, fortran: bool, shape: Tuple[int, ...]) -> bytes:
    """The preamble ``np.save`` writes: sorted keys and reprs, room for the growth axis, 64-byte alignment.

    Refuses, with NpyFormatError, the dtypes :func:`dtype_problem` refuses.
    """
    key = (dtype, fortran, shape)
    header = _HEADERS.get(key)
    if header is None:
        problem = dtype_problem(dtype)
        if problem:
            raise NpyFormatError(problem)
        text = "{'descr': %r, 'fortran_order': %r, 'shape': %r, }" % (dtype.str, fortran, shape)
        if shape:
            text += " " * (GROWTH_AXIS_MAX_DIGITS - len(repr(shape[-1 if fortran else 0])))
        length = len(text) + 1
        length += ARRAY_ALIGN - (10 + length) % ARRAY_ALIGN
        header = _V1 + length.to_bytes(2, "little") + text.ljust(length - 1).encode("latin1") + b"\n"
        if len(_HEADERS) < _CACHE_SIZE:
            _HEADERS[key] = header
    return header
