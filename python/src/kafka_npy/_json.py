"""The JSON envelope: one array as ``{"dtype": "<f4", "shape": [2, 3], "order": "C", "data": "<base64>"}``.

For pipelines that carry only text (REST proxies, JSON connectors, browsers). Reading accepts
what Java's ``JsonArrayDeserializer`` accepts: the object in any key order and whitespace,
``order`` absent (C), base64 wrapped in lines, ``dtype`` in any numpy spelling, ``data`` as
nested lists of numbers (``arr.tolist()``, with ``NaN`` and ``Infinity`` as Python's ``json``
writes them), and the list ``[str(a.dtype), base64, shape]``. Unknown keys are ignored;
duplicate keys are refused. Sizes are checked from ``dtype`` and ``shape`` before the data is
decoded.
"""
import base64
import json
import re
from typing import Any, Dict, List, Tuple

import numpy as np

from . import _format
from ._format import Buffer, NpyFormatError

_SPACE = re.compile(r"[ \t\r\n]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def is_json(data: Buffer) -> bool:
    """Whether ``data`` starts, after an optional UTF-8 byte order mark and whitespace, with ``{`` or ``[``."""
    at = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    while at < len(data) and data[at] in b" \t\r\n":
        at += 1
    return at < len(data) and data[at] in b"{["


def encode_json(array: Any) -> str:
    """The JSON envelope of an array: dtype, shape, memory order and the base64 of its bytes in that order.

    Order is ``"F"`` for an array that is Fortran- but not C-contiguous (its bytes go out in
    Fortran order, as ``np.save`` writes them); any other array, non-contiguous ones included,
    goes out in C order. Returns text; ``.encode()`` it for a Kafka value.

    >>> import numpy as np, kafka_npy
    >>> kafka_npy.encode_json(np.arange(3, dtype="<i2"))
    '{"dtype": "<i2", "shape": [3], "order": "C", "data": "AAABAAIA"}'
    """
    a = array if type(array) is np.ndarray else np.asarray(array)
    problem = _format.dtype_problem(a.dtype)
    if problem:
        raise NpyFormatError(problem)
    fortran = a.flags.f_contiguous and not a.flags.c_contiguous
    data = a.tobytes("F" if fortran else "C")
    return json.dumps({"dtype": a.dtype.str, "shape": list(a.shape), "order": "F" if fortran else "C",
                       "data": base64.b64encode(data).decode("ascii")})


def read_json(data: Buffer, max_array_bytes: int) -> np.ndarray:
    """The array in a JSON envelope; a read-only array. Refuses with :class:`NpyFormatError` what it cannot read."""
    raw = bytes(data)
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise NpyFormatError("JSON envelope is not UTF-8 text", bom + e.start) from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise NpyFormatError("malformed JSON: %s" % e.msg, bom + len(text[:e.pos].encode("utf-8"))) from None
    except _Duplicate as e:
        raise NpyFormatError("JSON object has the key %r twice" % e.args[0], 0) from None
    except (RecursionError, ValueError) as e:
        raise NpyFormatError("JSON envelope cannot be read: %s" % e, 0) from None
    if isinstance(value, dict):
        for needed in ("dtype", "shape", "data"):
            if needed not in value:
                raise NpyFormatError("JSON envelope has no %r key" % needed, 0)
        dtype_text, shape_value, payload = value["dtype"], value["shape"], value["data"]
        order = value.get("order", "C")
    elif isinstance(value, list) and len(value) == 3:
        dtype_text, payload, shape_value = value
        order = "C"
    else:
        raise NpyFormatError("JSON envelope is neither an object with dtype, shape and data nor a list "
                             "[dtype, base64 data, shape]", 0)
    if not isinstance(dtype_text, str):
        raise NpyFormatError("JSON dtype is not a string: %s" % _short(dtype_text), 0)
    dtype = _format.parse_dtype(dtype_text, 0)
    shape = _shape(shape_value)
    if order not in ("C", "F"):
        raise NpyFormatError("JSON order is %s, not \"C\" or \"F\"" % _short(order), 0)
    count, nbytes = _format.layout(dtype, shape, 0)
    _format.check_size(nbytes, max_array_bytes)
    if isinstance(payload, str):
        array = _from_base64(payload, dtype, shape, order, count, nbytes)
    elif isinstance(payload, list) or (not shape and _is_number(payload)):
        array = _from_lists(payload, dtype, shape)
    else:
        raise NpyFormatError("JSON data is neither a base64 string nor nested lists of numbers: %s"
                             % _short(payload), 0)
    array.flags.writeable = False
    return array


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _shape(value: Any) -> Tuple[int, ...]:
    if not isinstance(value, list) or not all(type(d) is int for d in value):
        raise NpyFormatError("JSON shape is not a list of integers: %s" % _short(value), 0)
    if len(value) > _format.MAX_DIMS:
        raise NpyFormatError("JSON shape has %d dimensions; numpy %s allows at most %d"
                             % (len(value), np.__version__, _format.MAX_DIMS), 0)
    return tuple(value)


def _from_base64(text: str, dtype: np.dtype, shape: Tuple[int, ...], order: str, count: int,
                 nbytes: int) -> np.ndarray:
    """Standard base64, possibly wrapped in lines; its length is checked against the shape before decoding."""
    compact = _SPACE.sub("", text)
    if len(compact) != 4 * ((nbytes + 2) // 3):
        raise NpyFormatError("JSON data has %d base64 characters, but %s of shape %r needs %d bytes, which are %d"
                             % (len(compact), dtype.str, shape, nbytes, 4 * ((nbytes + 2) // 3)), 0)
    if not _BASE64.fullmatch(compact):
        raise NpyFormatError("JSON data is not standard base64", 0)
    raw = base64.b64decode(compact, validate=True)  # cannot fail: the length and alphabet are checked above
    if len(raw) != nbytes:
        raise NpyFormatError("JSON data holds %d bytes, but %s of shape %r needs %d"
                             % (len(raw), dtype.str, shape, nbytes), 0)
    return np.frombuffer(raw, dtype, count).reshape(shape, order=order)  # type: ignore[call-overload]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def _from_lists(data: Any, dtype: np.dtype, shape: Tuple[int, ...]) -> np.ndarray:
    """Nested lists whose nesting is exactly ``shape``, of numbers that fit ``dtype``, checked before any array exists."""
    if dtype.kind not in "biuf":
        raise NpyFormatError("JSON data for %s must be base64: lists are read for booleans and numbers only"
                             % dtype.str, 0)
    level = [data]
    for depth, dim in enumerate(shape):
        below: List[Any] = []
        for item in level:
            if not isinstance(item, list) or len(item) != dim:
                raise NpyFormatError("JSON data does not have shape %r: at depth %d found %s where a list of %d "
                                     "belongs" % (shape, depth, _short(item), dim), 0)
            below.extend(item)
        level = below
    kinds = {bool: "b", int: "i", float: "f"}
    allowed = {"b": "b", "i": "bi", "u": "bi", "f": "bif"}[dtype.kind]
    for item in level:
        kind = kinds.get(type(item))
        if kind is None:
            raise NpyFormatError("JSON data does not have shape %r: found %s where a number belongs"
                                 % (shape, _short(item)), 0)
        if kind not in allowed:
            raise NpyFormatError("JSON data holds %s, which is not a %s value" % (_short(item), dtype), 0)
    if dtype.kind in "iu" and level:
        info = np.iinfo(dtype)
        low, high = min(level), max(level)
        if low < info.min or high > info.max:
            raise NpyFormatError("JSON data holds %d, out of the range of %s" % (low if low < info.min else high, dtype), 0)
    try:
        return np.array(data if shape else level[0], dtype=dtype).reshape(shape)
    except (OverflowError, ValueError) as e:
        raise NpyFormatError("JSON data does not fit %s: %s" % (dtype, e), 0) from None


def _short(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

