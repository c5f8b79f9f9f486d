"""Writes and checks the Python side of the JSON envelope interop tests, with json, base64 and numpy alone.

    python3 json_envelopes.py write OUTDIR    # NAME.npy (np.save) and NAME.FORM.json for every array and form
    python3 json_envelopes.py verify OUTDIR   # decode every NAME.java.json and compare it with NAME.npy

`write` makes arrays of every supported dtype in both byte orders, 0-d, empty, 1-d, 2-d in C and
Fortran order, with special values (NaN, infinities, signed zero, integer extremes), saves each
with np.save as NAME.npy and writes its envelope in each form, listing `name<TAB>form` in cases.tsv:

    object   json.dumps({"dtype": a.dtype.str, "shape": a.shape, "order": "C" or "F", "data": b64encode(bytes in that order)})
    wrapped  keys in another order, "order" left out for C arrays, an unknown key, indent=2, and
             data as base64.encodebytes writes it (lines of 76 characters)
    lists    {"shape": .., "data": a.tolist(), "dtype": str(a.dtype)}, NaN and infinities as json writes them (not complex)
    triple   json.dumps([str(a.dtype), base64.b64encode(a.tobytes()).decode(), a.shape])

`verify` decodes every NAME.java.json Java wrote with json, base64 and numpy, compares it with
NAME.npy (dtype, shape, order, bytes), checks that its text is exactly what json.dumps writes for
the same envelope, prints one line per array and exits non-zero at the first mismatch.
"""
import base64
import json
import os
import sys

import numpy as np

KINDS = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]
SHAPES = [((), "C"), ((0,), "C"), ((7,), "C"), ((3, 4), "C"), ((3, 4), "F"), ((2, 0, 3), "C")]


def values(dtype, count):
    if dtype.kind == "b":
        base = [True, False, False]
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        base = [int(info.min), int(info.max), 0, 1, int(info.max) - 1, int(info.min) + 1, 7]
    else:
        finfo = np.finfo(dtype)
        base = [0.5, -0.0, np.nan, np.inf, -np.inf, 0.1, float(finfo.max), float(finfo.tiny), -2.75, 1e-3]
    flat = [base[i % len(base)] for i in range(count)]
    if dtype.kind == "c":
        return np.array([complex(v, -v) if v == v else complex(v, 1.0) for v in flat], dtype=dtype)
    return np.array(flat, dtype=dtype)


def arrays():
    for kind in KINDS:
        for order_char in ["<", ">"] if kind[1:] != "1" else ["|"]:
            dtype = np.dtype(order_char + kind)
            for shape, order in SHAPES:
                count = int(np.prod(shape, dtype=np.int64))
                a = values(dtype, count).reshape(shape)
                a = np.asfortranarray(a) if order == "F" else np.ascontiguousarray(a)
                dims = "x".join(str(d) for d in shape) or "0d"
                yield "%s%s_%s_%s" % ({"<": "le", ">": "be", "|": "na"}[order_char], kind, dims, order), a


def memory_order(a):
    return "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"


def envelope(a):
    order = memory_order(a)
    data = base64.b64encode(a.tobytes(order=order)).decode()
    return json.dumps({"dtype": a.dtype.str, "shape": list(a.shape), "order": order, "data": data})


def forms(a):
    order = memory_order(a)
    yield "object", envelope(a)
    wrapped = {"data": base64.encodebytes(a.tobytes(order=order)).decode(), "comment": {"written by": ["python", 3]},
               "shape": a.shape, "dtype": a.dtype.str}
    if order == "F":
        wrapped["order"] = "F"
    yield "wrapped", json.dumps(wrapped, indent=2)
    if a.dtype.kind != "c":
        yield "lists", json.dumps({"shape": a.shape, "data": a.tolist(), "dtype": str(a.dtype)})
    yield "triple", json.dumps([str(a.dtype), base64.b64encode(a.tobytes()).decode(), a.shape])


def write(out):
    with open(os.path.join(out, "cases.tsv"), "w") as cases:
        for name, a in arrays():
            np.save(os.path.join(out, name + ".npy"), a)
            for form, text in forms(a):
                with open(os.path.join(out, "%s.%s.json" % (name, form)), "w") as f:
                    f.write(text)
                cases.write("%s\t%s\n" % (name, form))


def verify(out):
    for name, _ in arrays():
        expected = np.load(os.path.join(out, name + ".npy"))
        with open(os.path.join(out, name + ".java.json")) as f:
            text = f.read()
        e = json.loads(text)
        got = np.frombuffer(base64.b64decode(e["data"]), dtype=np.dtype(e["dtype"])).reshape(e["shape"], order=e["order"])
        problems = []
        if got.dtype != expected.dtype or got.dtype.str != expected.dtype.str:
            problems.append("dtype %s, not %s" % (got.dtype.str, expected.dtype.str))
        if got.shape != expected.shape:
            problems.append("shape %s, not %s" % (got.shape, expected.shape))
        elif got.tobytes() != expected.tobytes():
            problems.append("other element bytes")
        if e["order"] != memory_order(expected):
            problems.append("order %s, not %s" % (e["order"], memory_order(expected)))
        if text != envelope(expected):
            problems.append("text %r, not json.dumps's %r" % (text[:120], envelope(expected)[:120]))
        if problems:
            sys.exit("%s.java.json: %s" % (name, "; ".join(problems)))
        print("ok", name)


if __name__ == "__main__":
    {"write": write, "verify": verify}[sys.argv[1]](sys.argv[2])
