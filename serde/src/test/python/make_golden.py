"""Writes the golden files that keep DType.parse, repr and float16 covered where Python is missing.

    python3 make_golden.py serde/src/test/resources/io/github/kafkanpy/npy/golden

Run it with numpy 2 (the reference for spellings and repr; numpy 1.24 prints some floats
differently). Each text file's first line names the numpy that wrote it. GoldenFilesTest reads
them in the unit tier; the live-numpy tests in NumpyInteropTest stay as well.

dtypes.tsv   spelling (tabs as \\t) and np.dtype(spelling).str, or ERR
repr.npz     arrays, and repr.tsv their repr (hex of UTF-8)
float16.npz  every float16 bit pattern with its float32 bits; float32 and float64 bit patterns
             (random, plus the ranges around float16's smallest subnormal, smallest normal and
             largest value) with numpy's float16 rounding of each
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from npy_corpus import string_cases, write_dtype_verdicts  # noqa: E402


def repr_cases():
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
    }
    for name, a in string_cases():
        cases["text_" + name] = a
    return cases


def write(out):
    os.makedirs(out, exist_ok=True)
    stamp = "# numpy %s\n" % np.__version__

    with open(os.path.join(out, "dtypes.tsv"), "w") as f:
        f.write(stamp)
        write_dtype_verdicts(f)

    cases = repr_cases()
    np.savez_compressed(os.path.join(out, "repr.npz"), **cases)
    with open(os.path.join(out, "repr.tsv"), "w") as f:
        f.write(stamp)
        for name, a in cases.items():
            f.write("%s\t%s\n" % (name, repr(a).encode("utf-8").hex()))

    rng = np.random.default_rng(2026)
    singles = np.concatenate([rng.integers(0, 2**32, 10000, dtype=np.uint64).astype(np.uint32),
                              np.arange(0x33000000 - 2048, 0x33000000 + 2048, dtype=np.uint32),
                              np.arange(0x38800000 - 2048, 0x38800000 + 2048, dtype=np.uint32),
                              np.arange(0x477fe000 - 2048, 0x477fe000 + 8192, dtype=np.uint32)])
    doubles = rng.integers(0, 2**64, 10000, dtype=np.uint64)
    with np.errstate(all="ignore"):
        singles = singles[np.isfinite(singles.view(np.float32))]
        doubles = doubles[np.isfinite(doubles.view(np.float64))]
        halves = np.arange(2**16, dtype=np.uint32).astype(np.uint16)
        np.savez_compressed(
            os.path.join(out, "float16.npz"),
            half_bits=halves,
            half_as_single=halves.view(np.float16).astype(np.float32).view(np.uint32),
            single_bits=singles,
            single_as_half=singles.view(np.float32).astype(np.float16).view(np.uint16),
            double_bits=doubles,
            double_as_half=doubles.view(np.float64).astype(np.float16).view(np.uint16))
    print("golden files for numpy %s in %s" % (np.__version__, out))


if __name__ == "__main__":
    write(sys.argv[1])
