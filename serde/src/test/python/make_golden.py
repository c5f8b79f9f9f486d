"""Writes the golden files that keep DType.parse, repr and float16 covered where Python is missing.

    python3 make_golden.py serde/src/test/resources/io/github/kafkanpy/npy/golden

Run it with numpy 2, the reference: numpy 1.24 writes 21 of the reprs otherwise (no shape=(...)
in a summary, the type name instead of '>u2' for big-endian, 1000. where numpy 2 switches float16
and float32 to 1.e+03). Its output is the same on every run. Each text file's first line names the
numpy that wrote it. GoldenFilesTest reads them in the unit tier; the live-numpy tests
(DTypeSpellingTest, ReprTest, NumpyInteropTest) stay as well.

dtypes.tsv   a spelling as hex of its UTF-8 (so control characters and white space fit), then
             np.dtype(spelling).str and .itemsize (or ERR and -), then the spelling as Python
             writes it, for readers
repr.npz     arrays, and repr.tsv their repr (hex of UTF-8)
float16.npz  the float32 bits of every float16 bit pattern (its index); float32 and float64 bit
             patterns (random; the ranges around float16's smallest subnormal, smallest normal
             and largest value; the midpoints between neighbouring float16 values and the values
             just either side; infinities and NaNs, quiet and signalling) with numpy's float16
             rounding of each
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from npy_corpus import SPELLINGS, string_cases  # noqa: E402


# names numpy 1 knew and numpy 2 dropped, and names of types kafka-npy does not support
OLD_AND_UNSUPPORTED_NAMES = [
    "float_", "cfloat", "complex_", "singlecomplex", "longcomplex", "clongfloat", "longfloat", "bool8",
    "int0", "uint0", "object0", "string_", "unicode_", "void0", "str0", "bytes0", "Int32", "UInt8",
    "Complex64", "float96", "float128", "complex256", "datetime64[ns]", "timedelta64", "V", "M", "m",
]
# white space that Python's str.strip removes, and characters that look like it but are not
SPACES = [" ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u2028", "\u3000",
          "\x00", "\u200b"]
SIZES = ["0", "1", "2", "3", "4", "8", "16", "04", "0004", "+4", "+04", "-4", "+ 4", " 4", "+03", "4294967300",
         "536870912", "2147483647", "1e1", "4.0", "\u0664"]


def spellings():
    """The corpus's spellings and many more: numpy's names, every one-character spelling
    (numpy's type characters, and its type numbers as characters) bare and after each
    byte-order mark, each kind with odd sizes, white space in every place, and the '()' prefix."""
    out = list(SPELLINGS)
    out += sorted(k for k in np.sctypeDict if isinstance(k, str)) + OLD_AND_UNSUPPORTED_NAMES
    out += ["<" + n for n in ("float32", "int64", "bool", "str", "bytes")]
    for c in [chr(i) for i in range(0x80)] + ["\x85", "\xa0", "\u3000", "\u00e9"]:
        out += [c] + [order + c for order in "<>=|"]
    for kind in "?biufcSUVaOMm":
        out += [kind + size for size in SIZES] + [">" + kind + size for size in ("2", "4", "8", "16", "+03")]
    for base in ["f4", "f8", "c16", "u1", "?", "S5", "U3", "float32"]:
        for space in SPACES:
            out += [space + base, base + space, base[0] + space + base[1:], "<" + space + base,
                    "()" + space + base, "()" + base + space]
    for t in ["f4", "<f4", ">f4", "=f4", "|f4", "float32", "<float32", "?", "n", "bool_", "S5", ">U3", "f 4"]:
        out += ["()" + t] + [order + "()" + t for order in "<>=|"]
    out += ["()", "( )f4", "(2,)f4", "(0,)f4", "(1,)f4", "(2)f4", "() ()f4", "()()f4", "<()=f4", "<()<f4",
            "() \tf4", "()  f4", "() >f4", "f4,", "1f4", "f4,f4", "(f4)", "[f4]", "<f\n+0004", ">U\n+03",
            "f+ 4", "f 4 ", "S5 ", "U-1", "|U7", "<U7", ">U7", "()f4 \n", "()f4 \t "]
    return list(dict.fromkeys(out))


def write_dtypes(f):
    """One line per spelling: hex of its UTF-8, np.dtype's str and itemsize (or ERR and -), ascii()."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in spellings():
            try:
                d = np.dtype(s)
                verdict = "%s\t%d" % (d.str, d.itemsize)
            except Exception:
                verdict = "ERR\t-"
            f.write("%s\t%s\t%s\n" % (s.encode("utf-8").hex(), verdict, ascii(s)))


def random_bits(rng, dtype, shape, order="C"):
    """An array of arbitrary bits (bools 0 or 1): NaNs, infinities, subnormals and extremes."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape))
    bits = rng.integers(0, 256, n * dtype.itemsize, dtype=np.uint8)
    if dtype.kind == "b":
        bits &= 1
    return np.reshape(bits.view(dtype), shape, order=order)


def repr_cases():
    rng = np.random.default_rng(11)
    hidden = np.full(1500, 0.25)
    hidden[700] = 1e30
    cases = {
        "f4_2x2": np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32),
        "f8_summary": np.arange(2000, dtype=np.float64),
        "i2_3d": np.arange(24, dtype=np.int16).reshape(2, 3, 4),
        "f8_mixed": np.array([1e-5, 1.5, 1e3]),
        "f8_specials": np.array([0.1, -2.5, np.nan, np.inf, -np.inf, -0.0]),
        "b1": np.array([True, False]),
        "b1_0d": np.array(True),
        "f2_0d": np.array(3.25, dtype=np.float16),
        "u1_empty_2d": np.zeros((0, 3), dtype=np.uint8),
        "f4_empty": np.array([], dtype=np.float32),
        "f8_thirds": np.arange(40, dtype=np.float64) / 3,
        "c8": np.array([1 + 2j, 3 - 1j], dtype=np.complex64),
        "c16_specials": np.array([complex(np.nan, -np.inf), 1e-310 + 0j]),
        "u8_extremes": np.array([2**64 - 1, 0], dtype=np.uint64),
        "i8_extremes": np.array([-2**63, 2**63 - 1]),
        "f8_big_endian_2x3": np.arange(6, dtype=">f8").reshape(2, 3),
        "f8_linspace": np.linspace(0, 1e10, 5),
        "f2_mixed": np.array([1.0, 5472, 3.576e-07], dtype=np.float16),
        "f2_cutoff_999": np.array([999], dtype=np.float16),
        "f2_cutoff_1000": np.array([1000], dtype=np.float16),
        "f2_max": np.array(-65504, dtype=np.float16),
        "f4_cutoff_999999": np.array([999999, 2], dtype=np.float32),
        "f4_cutoff_1e6": np.array([1e6], dtype=np.float32),
        "f8_cutoff_1e8": np.array([1e8]),
        "f8_fortran_3x4": np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7),
        "i4_fortran_summary": np.asfortranarray(np.arange(3000, dtype=np.int32).reshape(30, 100)),
        "f4_f2_wide": np.array([7, 5472, 3.576e-3, 1], dtype=np.float16),
        "c8_cutoff_1e6": np.array([1e6 + 1j], dtype=np.complex64),
        "f8_cutoff_99999999": np.array([99999999.0]),
        "f8_hidden_middle_F": np.reshape(hidden, (30, 50), order="F"),
        "U9_escapes_F": np.asfortranarray(np.array([
            "", "it's", 'say "hi"', "both ' \"", "tab\t\n\\", "\0mid\0x", "\x7f\x80\xa0\xe9",
            "\u200b\u2028\u3000\ue000", "\U0001f600\U0001f972", "\u0378\xad", "x" * 9, "\0"]).reshape(3, 4)),
        "u1_bits_2000": random_bits(rng, "u1", (2000,)),
        "i1_bits_5x6": random_bits(rng, "i1", (5, 6)),
        "u2_bits_4x5_F": random_bits(rng, ">u2", (4, 5), "F"),
        "i4_bits_3x7": random_bits(rng, "<i4", (3, 7)),
        "u4_bits_6x2_F": random_bits(rng, ">u4", (6, 2), "F"),
        "i8_bits_2x3x2x2": random_bits(rng, "<i8", (2, 3, 2, 2)),
        "u8_bits_1001_F": random_bits(rng, "<u8", (7, 143), "F"),
        "i2_bits_7x8x9x3_F": random_bits(rng, "<i2", (7, 8, 9, 3), "F"),
        "b1_bits_30x40_F": random_bits(rng, "?", (30, 40), "F"),
        "f2_bits_3x500_F": random_bits(rng, "<f2", (3, 500), "F"),
        "f2_bits_4x5": random_bits(rng, ">f2", (4, 5)),
        "f4_bits_11x10x10_F": random_bits(rng, "<f4", (11, 10, 10), "F"),
        "f4_bits_5x6": random_bits(rng, "<f4", (5, 6)),
        "f8_bits_4x5x3_F": random_bits(rng, "<f8", (4, 5, 3), "F"),
        "f8be_bits_20x51_F": random_bits(rng, ">f8", (20, 51), "F"),
        "c8_bits_26x40_F": random_bits(rng, "<c8", (26, 40), "F"),
        "c16_bits_3x4": random_bits(rng, ">c16", (3, 4)),
    }
    for name, a in string_cases():
        cases["text_" + name] = a
    return cases


def float16_cases(rng):
    """float32 and float64 bit patterns whose float16 rounding the golden table records."""
    halves = np.unique(np.append(np.arange(0, 0x7c00, 23), [0x03ff, 0x0400, 0x3c00, 0x7bff])).astype(np.uint16)
    below = halves.view(np.float16).astype(np.float64)
    above = np.where(halves == 0x7bff, 65536.0, (halves + 1).view(np.float16).astype(np.float64))
    # the ties between neighbouring float16 values, half of them negative; each fits a float32
    middles = (below + above) / 2 * np.where(np.arange(halves.size) % 2, -1.0, 1.0)
    m32 = middles.astype(np.float32)
    quarter = np.spacing(np.abs(m32)).astype(np.float64) / 4
    specials32 = [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff, 0xff7fffff,
                  0x7fc00000, 0xffc00000, 0x7fc00001, 0x7fc02000, 0x7fffe000, 0x7fffffff, 0xffffffff,
                  0x7f800001, 0xff800001, 0x7f801fff, 0x7f802000, 0x7fa00000, 0x7fbfffff]
    specials64 = [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 1, 0x7fefffffffffffff,
                  0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000000001, 0x7ff8040000000000,
                  0x7fffffffffffffff, 0x7ff0000000000001, 0xfff0000000000001, 0x7ff003ffffffffff,
                  0x7ff0040000000000, 0x7ff4000000000000]
    singles = np.concatenate([
        rng.integers(0, 2**32, 10000, dtype=np.uint64).astype(np.uint32),
        np.arange(0x33000000 - 2048, 0x33000000 + 2048, dtype=np.uint32),
        np.arange(0x38800000 - 2048, 0x38800000 + 2048, dtype=np.uint32),
        np.arange(0x477fe000 - 2048, 0x477fe000 + 8192, dtype=np.uint32),
        np.stack([m32, np.nextafter(m32, np.float32(np.inf)), np.nextafter(m32, np.float32(-np.inf))])
        .reshape(-1).view(np.uint32),
        np.array(specials32, dtype=np.uint32)])
    # a double just off a tie whose float32 rounding lands on the tie: narrowing through float
    # rounds twice and gets these wrong
    doubles = np.concatenate([
        rng.integers(0, 2**64, 5000, dtype=np.uint64),
        np.stack([middles, np.nextafter(middles, np.inf), np.nextafter(middles, -np.inf),
                  middles + quarter, middles - quarter]).reshape(-1).view(np.uint64),
        np.array(specials64, dtype=np.uint64)])
    return singles, doubles


def write(out):
    os.makedirs(out, exist_ok=True)
    stamp = "# numpy %s\n" % np.__version__

    with open(os.path.join(out, "dtypes.tsv"), "w", encoding="ascii") as f:
        f.write(stamp)
        write_dtypes(f)

    cases = repr_cases()
    np.savez_compressed(os.path.join(out, "repr.npz"), **cases)
    with open(os.path.join(out, "repr.tsv"), "w") as f:
        f.write(stamp)
        for name, a in cases.items():
            f.write("%s\t%s\n" % (name, repr(a).encode("utf-8").hex()))

    singles, doubles = float16_cases(np.random.default_rng(2026))
    with np.errstate(all="ignore"):
        np.savez_compressed(
            os.path.join(out, "float16.npz"),
            half_as_single=np.arange(2**16, dtype=np.uint32).astype(np.uint16).view(np.float16)
            .astype(np.float32).view(np.uint32),
            single_bits=singles,
            single_as_half=singles.view(np.float32).astype(np.float16).view(np.uint16),
            double_bits=doubles,
            double_as_half=doubles.view(np.float64).astype(np.float16).view(np.uint16))
    print("golden files for numpy %s in %s" % (np.__version__, out))


if __name__ == "__main__":
    write(sys.argv[1])
