"""Writes and checks the numpy side of kafka-npy's interop tests.

    python3 npy_corpus.py write OUTDIR    # np.save a corpus of arrays plus expectations
    python3 npy_corpus.py verify OUTDIR   # np.load every NAME.java.npy and compare with NAME.npy

`write` creates, for every supported dtype in both byte orders, a set of shapes (0-d, empty,
1-d, C and Fortran order, up to 32 dimensions) filled with deterministic values and special
values (NaN payloads, signed zeros, infinities, subnormals, integer extremes). Each array is
saved with np.save as NAME.npy and described by one line of cases.tsv:

    name  descr  shape(comma-separated)  fortran_order(0/1)  element bits in C order (hex)

Complex elements are listed as real and imaginary parts. Headers numpy can read but does not
write (other versions, key orders, quoting, Python 2 long suffixes, 16-byte alignment) are
written as well, only after checking that np.load accepts each.

dtypes.tsv gives np.dtype(spelling).str (or ERR) for many spellings; float16.tsv gives numpy's
float16 rounding of float32 and float64 bit patterns.

String arrays (S and U, both byte orders for U) are saved as NAME.npy too and described in
strings.tsv instead (name, descr, shape, fortran_order, elements in C order separated by ','
with each element's characters as hex code points or bytes separated by '.'), with their repr
as hex of its UTF-8 in strings_repr.tsv.
"""
import os
import struct
import sys

import numpy as np

NUMPY2 = int(np.__version__.split(".")[0]) >= 2
KINDS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]
SHAPES = [
    ((), "C"), ((0,), "C"), ((7,), "C"), ((3, 4), "C"), ((3, 4), "F"), ((2, 3, 4), "C"),
    ((2, 3, 4), "F"), ((4, 0, 2), "C"), ((4, 0, 2), "F"), ((1, 5), "F"), ((2, 1, 3), "F"),
    ((5, 1), "F"), ((1,) * 32, "C"), ((2,) + (1,) * 30 + (3,), "F"),
]
SPELLINGS = [
    "<f4", ">f4", "=f4", "|f4", "f4", "float32", "single", "f", "<f", ">f", "e", "f2", "half", "float16",
    "d", "f8", "float", "double", "float64", ">f8", "?", "b1", "|b1", "<b1", ">b1", "bool", "bool_",
    "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "p", "P", "i1", "|i1", "<i1", "u1", "|u1", ">u1",
    "i2", "u2", "<i2", ">u2", "i4", "u4", "i8", "u8", ">i8", "int8", "int16", "int32", "int64", "uint8",
    "uint16", "uint32", "uint64", "byte", "ubyte", "short", "ushort", "intc", "uintc", "int", "int_",
    "long", "longlong", "ulonglong", "intp", "uintp", "uint", "F", "D", "c8", "c16", "<c8", ">c16",
    "complex64", "complex128", "complex", "csingle", "cdouble", "<c", "n", "N", "<n", "clongdouble", "<float32", "Float32", "f8 ", " f8", "u", "i0", "f3",
    "g", "G", "f16", "c32", "longdouble", "O", "|O", "object", "S5", "U3", "V8", "M8", "m8[s]", "",
    "f04", "f+4", "<f 4", ">f 8", "c016", "u+1", "b+1", "f-4", "f 4 ", "()f4", ">()f8", "<()<f4", "|()<f4",
    "() >f4", "()bool_", "()n", "()?", ">()float32", "<()float32",
]


def special_values(kind, dtype):
    if kind == "b1":
        return [True, False]
    if kind[0] in "iu":
        info = np.iinfo(dtype)
        return [info.min, info.max, 0, 1, info.max - 1] + ([-1] if kind[0] == "i" else [])
    if kind[0] == "f":
        info = np.finfo(dtype)
        # the first three are NaNs whose exact bits make_array sets afterwards
        return [np.nan, np.nan, np.nan, np.inf, -np.inf, 0.0, -0.0, info.smallest_subnormal,
                -info.smallest_subnormal, info.max, info.min, info.tiny, 1.0, 0.1]
    part = np.float32 if kind == "c8" else np.float64
    vals = special_values("f4" if kind == "c8" else "f8", part)
    return [complex(a, b) for a, b in zip(vals, reversed(vals))]


def make_array(kind, order, shape, layout, seed):
    dtype = np.dtype(order + kind)
    n = int(np.prod(shape, dtype=np.int64))
    rng = np.random.default_rng(seed)
    if kind == "b1":
        flat = rng.integers(0, 2, n).astype(bool)
    elif kind[0] in "iu":
        info = np.iinfo(dtype)
        flat = rng.integers(info.min, info.max, n, dtype=dtype.newbyteorder("="), endpoint=True)
    elif kind[0] == "f":
        flat = (rng.standard_normal(n) * 100).astype(dtype.newbyteorder("="))
    else:
        flat = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dtype.newbyteorder("="))
    flat = flat.astype(dtype)
    specials = special_values(kind, dtype.newbyteorder("="))
    for i, v in enumerate(specials[:n]):
        flat[i] = v
    if kind[0] == "f":
        # NaNs with chosen sign and payload, which assignment through Python floats would lose
        ubits = np.dtype("u%d" % dtype.itemsize).newbyteorder(dtype.byteorder)
        for i, b in enumerate(_nan_bits(kind)[:n]):
            flat.view(ubits)[i] = b
    return np.reshape(flat, shape, order=layout)


def _nan_bits(kind):
    return {"f2": [0x7e00, 0xfe00, 0x7e01], "f4": [0x7fc00000, 0xffc00000, 0x7fc00001],
            "f8": [0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000000001]}[kind]


def element_bits(a):
    """Element bit patterns in C order as hex; complex as real and imaginary parts."""
    flat = np.ascontiguousarray(a).reshape(-1)
    kind = a.dtype.kind
    if kind == "c":
        width = a.dtype.itemsize // 2
        flat = flat.view(a.dtype.byteorder.replace("|", "=") + "f%d" % width) if a.size else flat.real
    else:
        width = a.dtype.itemsize
    native = flat.astype(flat.dtype.newbyteorder("="))
    ints = native.view("u%d" % width)
    return [format(int(x), "x") for x in ints.tolist()]


def string_cases():
    """(name, array) pairs of S and U arrays: every shape and layout, odd characters, many widths."""
    texts = ["", "a", "Zo\u00eb", "\U0001f600x", "a\x00b", "tail\x00\x00", "\x00lead", "it's", 'say "hi"',
             "tab\t\nnew\\", "\x7f\x80\xa0\u200b\u20ac", "\U0010fffd\U00020000", "\ud7ff\ue000\uffff"]
    raw = [b"", b"a", b"\x00\x01\xff", b"mid\x00dle", b"tail\x00", b"it's", b'say "hi"', b"\\\t\n\r\x7f\x80"]
    cases = []
    for order in "<>":
        tag = {"<": "le", ">": "be"}[order]
        cases += [
            ("U_%s_1d" % tag, np.array(texts, dtype=order + "U12")),
            ("U_%s_0d" % tag, np.array("Emma", dtype=order + "U4")),
            ("U_%s_0d_empty" % tag, np.array("", dtype=order + "U1")),
            ("U_%s_0x3" % tag, np.zeros((0,), dtype=order + "U3")),
            ("U_%s_4x0x2_F" % tag, np.asfortranarray(np.zeros((4, 0, 2), dtype=order + "U2"))),
            ("U_%s_3x4_F" % tag, np.asfortranarray(np.array(texts[:12], dtype=order + "U6").reshape(3, 4))),
            ("U_%s_2x3x2_C" % tag, np.array(texts[:12], dtype=order + "U5").reshape(2, 3, 2)),
        ]
    cases += [
        ("S_1d", np.array(raw, dtype="S10")),
        ("S_0d", np.array(b"xyz")),
        ("S_0x2", np.zeros((0,), dtype="S2")),
        ("S_4x0x2_F", np.asfortranarray(np.zeros((4, 0, 2), dtype="S2"))),
        ("S_2x4_F", np.asfortranarray(np.array(raw, dtype="S9").reshape(2, 4))),
        ("S_2x2x2_C", np.array(raw, dtype="S9").reshape(2, 2, 2)),
        ("U1_1d", np.array(list("ab\u00ff\U0001f642"), dtype="<U1")),
        ("S1_1d", np.array([b"a", b"", b"\xff"], dtype="S1")),
        ("U300_1d", np.array(["x" * 300, "\U0001f642" * 299, ""], dtype="<U300")),
        ("S300_1d", np.array([b"y" * 300, b"\x00" * 299 + b"z"], dtype="S300")),
        ("U_le_2000", np.array(["w%d" % i for i in range(2000)])),
    ]
    return cases


def string_elements(a):
    """Each element of a string array in C order as hex characters joined by '.'."""
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind == "S":
        return [".".join("%x" % b for b in x) for x in flat.tolist()]
    return [".".join("%x" % ord(c) for c in x) for x in flat.tolist()]


def write_dtype_verdicts(f):
    """One line per spelling: the spelling (tabs as \\t) and np.dtype(spelling).str, or ERR."""
    for s in SPELLINGS:
        try:
            result = np.dtype(s).str
        except Exception:
            result = "ERR"
        f.write("%s\t%s\n" % (s.replace("\t", "\\t"), result))


def write_strings(out):
    with open(os.path.join(out, "strings.tsv"), "w") as f, open(os.path.join(out, "strings_repr.tsv"), "w") as r:
        for name, a in string_cases():
            np.save(os.path.join(out, name + ".npy"), a)
            fortran = a.flags.f_contiguous and not a.flags.c_contiguous
            f.write("\t".join([name, a.dtype.str, ",".join(str(d) for d in a.shape), "1" if fortran else "0",
                               ",".join(string_elements(a))]) + "\n")
            r.write("%s\t%s\n" % (name, repr(a).encode("utf-8").hex()))


def header_variants():
    """Headers np.load accepts but np.save does not write: (name, version, text, data, alignment)."""
    data = np.arange(6, dtype="<f4").tobytes()
    be = np.arange(6, dtype=">i2").tobytes()
    return [
        ("hdr_reordered_keys", (1, 0), "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}", data, 64),
        ("hdr_double_quotes", (1, 0), '{"descr": "<f4", "fortran_order": False, "shape": (2, 3)}', data, 64),
        ("hdr_spacing", (1, 0), "{ 'descr' :'<f4' ,\t'fortran_order':False,'shape':( 2 ,3 ) ,}", data, 64),
        ("hdr_python2_long", (1, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", data, 64),
        ("hdr_align16", (1, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data, 16),
        ("hdr_version2", (2, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data, 64),
        ("hdr_version3", (3, 0), "{'descr': '>i2', 'fortran_order': False, 'shape': (2, 3), }", be, 64),
        ("hdr_fortran_1d", (1, 0), "{'descr': '<f4', 'fortran_order': True, 'shape': (6,), }", data, 64),
        ("hdr_typecode", (1, 0), "{'descr': 'f', 'fortran_order': False, 'shape': (2, 3), }", data, 64),
        ("hdr_name", (1, 0), "{'descr': 'float32', 'fortran_order': False, 'shape': (2, 3), }", data, 64),
        ("hdr_hex_dims", (1, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': (0x2, 3), }", data, 64),
        ("hdr_nested_parens", (1, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': ((2), (3)), }", data, 64),
        ("hdr_string_concat", (1, 0), "{'descr': '<' 'f4', 'fortran_order': False, 'shape': (2, 3), }", data, 64),
        ("hdr_no_padding_newline", (1, 0), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", data, 0),
    ]


def wrap(version, text, alignment):
    encoded = text.encode("utf8" if version == (3, 0) else "latin1")
    if alignment:
        length_size = 2 if version == (1, 0) else 4
        used = 8 + length_size + len(encoded) + 1
        encoded += b" " * ((alignment - used % alignment) % alignment) + b"\n"
    fmt = "<H" if version == (1, 0) else "<I"
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(encoded)) + encoded


def write(out):
    lines = []

    def add(name, array):
        np.save(os.path.join(out, name + ".npy"), array)
        record(name, array)

    def record(name, array):
        fortran = array.flags.f_contiguous and not array.flags.c_contiguous
        lines.append("\t".join([name, array.dtype.str, ",".join(str(d) for d in array.shape),
                                "1" if fortran else "0", " ".join(element_bits(array))]))

    seed = 0
    for kind in KINDS:
        orders = ["|"] if kind in ("b1", "i1", "u1") else ["<", ">"]
        for order in orders:
            for shape, layout in SHAPES:
                seed += 1
                name = "%s_%s_%s_%s" % (kind, {"<": "le", ">": "be", "|": "na"}[order],
                                        "x".join(map(str, shape)) if len(shape) < 5 else "%dd" % len(shape), layout)
                add(name, make_array(kind, order, shape, layout, seed))
    if NUMPY2:
        add("f4_le_64d_C", np.arange(2, dtype="<f4").reshape((2,) + (1,) * 63))
    for version in [(2, 0), (3, 0)]:
        a = make_array("f8", ">", (3, 4), "F", 999)
        name = "f8_be_version%d" % version[0]
        with open(os.path.join(out, name + ".npy"), "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        record(name, a)
    for name, version, text, data, alignment in header_variants():
        raw = wrap(version, text, alignment) + data
        path = os.path.join(out, name + ".npy")
        with open(path, "wb") as f:
            f.write(raw)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loaded = np.load(path, allow_pickle=False)
        record(name, loaded)
    write_strings(out)
    with open(os.path.join(out, "cases.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "repr.tsv"), "w") as f:
        examples = [np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), np.arange(2000, dtype=np.float64),
                    np.arange(24, dtype=np.int16).reshape(2, 3, 4), np.array([1e-5, 1.5, 1e3]),
                    np.array([0.1, -2.5, np.nan, np.inf]), np.array([True, False]), np.array(3.25, dtype=np.float16),
                    np.zeros((0, 3), dtype=np.uint8), np.array([], dtype=np.float32), np.arange(40, dtype=np.float64) / 3,
                    np.array([1 + 2j, 3 - 1j], dtype=np.complex64), np.array([2**64 - 1, 0], dtype=np.uint64),
                    np.arange(6, dtype=">f8").reshape(2, 3), np.linspace(0, 1e10, 5),
                    np.array([1.0, 5472, 3.576e-07], dtype=np.float16), np.array(True), np.array([0.0, 1e-5, 3.3]),
                    np.array([1e10, 0.0, -2.5e-3]), np.array([7, 5472, 3.576e-3, 1], dtype=np.float16)]
        for i, a in enumerate(examples):
            name = "repr_%d" % i
            np.save(os.path.join(out, name + ".npy"), a)
            f.write("%s\t%s\n" % (name, repr(a).replace("\n", "\\n")))

    with open(os.path.join(out, "dtypes.tsv"), "w") as f:
        write_dtype_verdicts(f)

    rng = np.random.default_rng(16)
    f32 = np.concatenate([rng.integers(0, 2**32, 200000, dtype=np.uint64).astype(np.uint32),
                          np.arange(0x33000000, 0x33000000 + 4096, dtype=np.uint32),  # around float16's smallest subnormal
                          np.arange(0x477fe000, 0x477fe000 + 8192, dtype=np.uint32),  # around 65504, float16's max
                          np.arange(0x38800000 - 4096, 0x38800000 + 4096, dtype=np.uint32)])  # around the smallest normal
    f64 = rng.integers(0, 2**63, 100000, dtype=np.uint64)
    f64 = np.concatenate([f64, f64 | np.uint64(1 << 63),
                          (rng.standard_normal(50000) * 1000).view(np.uint64)])
    with open(os.path.join(out, "float16.tsv"), "w") as f:
        for name, bits, float_type in (("f4", f32, np.float32), ("f8", f64, np.float64)):
            values = bits.view(float_type)
            with np.errstate(all="ignore"):
                halves = values.astype(np.float16).view(np.uint16)
            finite = np.isfinite(values)
            for b, h in zip(bits[finite].tolist(), halves[finite].tolist()):
                f.write("%s\t%x\t%x\n" % (name, b, h))
    print("wrote %d arrays with numpy %s" % (len(lines), np.__version__))


def verify(out):
    checked, failures = 0, []
    for entry in sorted(os.listdir(out)):
        if not entry.endswith(".java.npy"):
            continue
        name = entry[:-len(".java.npy")]
        ours = np.load(os.path.join(out, entry), allow_pickle=False)
        theirs = np.load(os.path.join(out, name + ".npy"), allow_pickle=False)
        same = (ours.dtype == theirs.dtype and ours.dtype.str == theirs.dtype.str and ours.shape == theirs.shape
                and ours.flags.f_contiguous == theirs.flags.f_contiguous
                and ours.flags.c_contiguous == theirs.flags.c_contiguous
                and ours.tobytes(order="A") == theirs.tobytes(order="A"))
        checked += 1
        if not same:
            failures.append(name)
    print("np.load checked %d arrays written by Java, %d differ: %s" % (checked, len(failures), " ".join(failures)))
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "write":
        write(directory)
    elif mode == "verify":
        sys.exit(verify(directory))
    else:
        sys.exit("usage: npy_corpus.py write|verify DIR")
