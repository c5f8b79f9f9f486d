"""Writes and checks the numpy side of kafka-npy's NPZ interop tests.

    python3 npz_corpus.py write OUTDIR    # np.savez / np.savez_compressed a corpus of archives
    python3 npz_corpus.py verify OUTDIR   # np.load every NAME.java-*.npz and compare with NAME.npz

`write` saves each archive twice, as NAME_stored.npz (np.savez) and NAME_deflated.npz
(np.savez_compressed): every supported numeric dtype in both byte orders and both layouts, 0-d
metadata entries, fixed-width strings (S and U), an empty archive, unicode names, names with
'/', positional arrays, many entries. A few more are written with zipfile directly (zip64 forced
on every header, a zip64 end record, an archive comment), each only after checking that np.load
opens it. What np.load then reports goes to two files:

    archives.tsv   archive  entry_count  has_string_entries(0/1)
    entries.tsv    archive  key  descr  shape(comma-separated)  fortran_order(0/1)  sha256 of the data bytes

`verify` loads, for every NAME.npz, NAME.java-stored.npz and NAME.java-deflated.npz and compares
names (in order), dtypes, shapes, layouts and bytes with the original's.
"""
import hashlib
import io
import os
import struct
import sys
import zipfile

import numpy as np

KINDS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]


def numeric_arrays():
    rng = np.random.default_rng(10)
    out = {}
    for kind in KINDS:
        for order, tag in (("<", "le"), (">", "be")):
            dtype = np.dtype(order + kind)
            base = (rng.standard_normal(24) * 50).astype(dtype) if kind != "b1" else rng.integers(0, 2, 24).astype(bool)
            c = base.reshape(2, 3, 4).astype(dtype)
            out["%s_%s_c" % (kind, tag)] = c
            out["%s_%s_f" % (kind, tag)] = np.asfortranarray(c)
    out["scalar"] = np.array(7, dtype="<i8")
    out["empty"] = np.zeros((0, 3), dtype="<f4")
    return out


def archives():
    """(name, positional arrays, named arrays) of every archive np.savez writes for the corpus."""
    yield "dtypes", [], numeric_arrays()
    yield "metadata", [], {"author": "Emma", "age": 1.5}
    yield "strings", [], {"s": np.array([b"ab", b"", b"cde"], dtype="S5"), "u": np.array(["x", "\u00e9t\u00e9"], dtype="<U10"),
                          "u_be": np.array([["a", "bc"], ["\U0001f600", ""]], dtype=">U3"), "u_0d": np.array("solo")}
    yield "empty", [], {}
    yield "unicode_names", [], {"temp\u00e9rature": np.arange(3, dtype="<f8"), "\u6570\u636e": np.arange(4, dtype="<i2"),
                                "\U0001f600": np.array(True)}
    yield "slashes", [], {"a/b": np.arange(2, dtype="<u4"), "dir/sub/c": np.ones((2, 2), dtype=">f4")}
    yield "positional", [np.arange(5, dtype="<i4"), np.eye(2, dtype="<f8")], {"named": np.array(-1, dtype="<i1")}
    yield "many", [], {"e%04d" % i: np.arange(i % 7, dtype="<i4") for i in range(1500)}
    yield "big_entry", [], {"big": np.arange(300_000, dtype="<f8"), "small": np.arange(3, dtype="<u1")}


def npy(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def zipfile_variants():
    """Archives written with zipfile directly: headers numpy's savez does not all write, but np.load opens."""
    arrays = {"x": np.arange(6, dtype="<f4").reshape(2, 3), "y": np.array([1, 2], dtype=">i8")}
    for method, tag in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=method, allowZip64=True) as z:
            for key, value in arrays.items():
                with z.open(key + ".npy", "w", force_zip64=True) as f:
                    f.write(npy(value))
        yield "zipfile_force_zip64_" + tag, buf.getvalue()
        yield "zip64_end_record_" + tag, with_zip64_end_record(buf.getvalue())
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=method) as z:
            z.comment = b"written by npz_corpus.py"
            for key, value in arrays.items():
                z.writestr(key + ".npy", npy(value))
        yield "comment_" + tag, buf.getvalue()


def with_zip64_end_record(data):
    """The archive with a zip64 end record and locator before its end record, whose fields then say 0xffff..."""
    end = data.rindex(b"PK\x05\x06")
    (_, _, _, _, count, size, offset, _) = struct.unpack("<IHHHHIIH", data[end:end + 22])
    record = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, end, 1)
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:end] + record + locator + tail


def describe(array):
    header = np.lib.format.header_data_from_array_1_0(array)
    fortran = header["fortran_order"]
    data = array.tobytes(order="F" if fortran else "C")
    return header["descr"], ",".join(str(d) for d in array.shape), "1" if fortran else "0", hashlib.sha256(data).hexdigest()


def write(out):
    os.makedirs(out, exist_ok=True)
    files = {}
    for name, positional, named in archives():
        for save, tag in ((np.savez, "stored"), (np.savez_compressed, "deflated")):
            buf = io.BytesIO()
            save(buf, *positional, **dict(named))
            files[name + "_" + tag] = buf.getvalue()
    files.update(zipfile_variants())
    archive_lines, entry_lines = [], []
    for name, data in files.items():
        with open(os.path.join(out, name + ".npz"), "wb") as f:
            f.write(data)
        with np.load(io.BytesIO(data)) as loaded:
            strings = False
            for key in loaded.files:
                array = loaded[key]
                strings = strings or array.dtype.kind in "SU"
                entry_lines.append("\t".join((name, key) + describe(array)))
            archive_lines.append("%s\t%d\t%d" % (name, len(loaded.files), strings))
    with open(os.path.join(out, "archives.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in archive_lines))
    with open(os.path.join(out, "entries.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in entry_lines))
    print("wrote %d archives, %d entries with numpy %s" % (len(files), len(entry_lines), np.__version__))


def differences(original, rewritten):
    with np.load(original) as a, np.load(rewritten) as b:
        if a.files != b.files:
            return ["names %s != %s" % (a.files[:5], b.files[:5])]
        return [key for key in a.files if describe(a[key]) != describe(b[key])]


def verify(out):
    checked, failures = 0, []
    for file in sorted(os.listdir(out)):
        if not file.endswith(".npz") or ".java-" in file:
            continue
        name = file[:-4]
        for variant in ("stored", "deflated"):
            rewritten = os.path.join(out, "%s.java-%s.npz" % (name, variant))
            if not os.path.exists(rewritten):
                continue
            checked += 1
            diff = differences(os.path.join(out, file), rewritten)
            if diff:
                failures.append("%s.java-%s: %s" % (name, variant, diff[:5]))
    print("np.load checked %d archives written by Java, %d differ: %s" % (checked, len(failures), " ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    modes = {"write": write, "verify": verify}
    if len(sys.argv) != 3 or sys.argv[1] not in modes:
        sys.exit("usage: npz_corpus.py write|verify DIR")
    sys.exit(modes[sys.argv[1]](sys.argv[2]))
