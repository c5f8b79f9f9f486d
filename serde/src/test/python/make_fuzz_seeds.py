"""Writes the seed inputs of the fuzz tests: real numpy files, plain and in every codec's frames.

    /usr/bin/python3 make_fuzz_seeds.py ../resources

(Debian's python3 has numpy plus zstandard, lz4 and snappy.) The seeds are committed; run this
again only to change them.
"""
import gzip
import io
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "examples", "python"))
from py_produce import snappy_framed  # noqa: E402


def arrays():
    rng = np.random.default_rng(3)
    yield "f4_2x3", np.arange(6, dtype="<f4").reshape(2, 3)
    yield "f8_be_fortran", np.asfortranarray(rng.standard_normal((3, 4)).astype(">f8"))
    yield "u1_image", rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
    yield "i2_scalar", np.array(-7, dtype="<i2")
    yield "c8_empty", np.zeros((0, 3), dtype=np.complex64)
    yield "b1", np.array([True, False, True])
    yield "f2_special", np.array([np.nan, np.inf, -0.0, 65504], dtype=np.float16)
    yield "u8_big", np.arange(5000, dtype="<u8")


def npy(array, version=None):
    buf = io.BytesIO()
    if version:
        np.lib.format.write_array(buf, array, version=version)
    else:
        np.save(buf, array)
    return buf.getvalue()


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def npz_seeds(resources):
    """Archives np.savez and np.savez_compressed write, for NpzFuzzTest."""
    npz_dir = os.path.join(resources, "io/github/kafkanpy/npy/NpzFuzzTestInputs/readEitherReturnsArraysOrRefusesTheInput")
    named = {name: array for name, array in arrays() if array.nbytes < 1000}
    for save, tag in ((np.savez, "stored"), (np.savez_compressed, "deflated")):
        for name, kwargs in (("arrays", named), ("metadata", {"age": 1.5, "dir/n\u00e9": np.arange(3)}), ("empty", {})):
            buf = io.BytesIO()
            save(buf, **kwargs)
            write(npz_dir, "%s_%s.npz" % (name, tag), buf.getvalue())


def main(resources):
    import lz4.frame
    import zstandard
    codecs = {
        "gzip": gzip.compress,
        "zstd": lambda b: zstandard.ZstdCompressor(write_checksum=True).compress(b),
        "lz4": lz4.frame.compress,
        "snappy": snappy_framed,
    }
    npy_dir = os.path.join(resources, "io/github/kafkanpy/npy/NpyFuzzTestInputs/readEitherReturnsAnArrayOrRefusesTheInput")
    deser_dir = os.path.join(resources, "io/github/kafkanpy/serde/DeserializerFuzzTestInputs/"
                                        "npyDeserializerReturnsAnArrayOrASerializationException")
    comp_dir = os.path.join(resources, "io/github/kafkanpy/compress/DecompressorFuzzTestInputs")
    for name, array in arrays():
        plain = npy(array)
        write(npy_dir, name + ".npy", plain)
        write(deser_dir, name + ".npy", plain)
        for codec, compress in codecs.items():
            write(deser_dir, name + ".npy." + codec, compress(plain))
            write(os.path.join(comp_dir, codec), name + ".npy." + codec, compress(plain))
    write(npy_dir, "v2.npy", npy(np.arange(4, dtype="<i4"), (2, 0)))
    write(npy_dir, "v3.npy", npy(np.arange(4, dtype=">i4"), (3, 0)))
    linked = lz4.frame.compress(npy(np.arange(40000, dtype="<f4")), block_size=lz4.frame.BLOCKSIZE_MAX64KB,
                                block_linked=True, content_checksum=True, block_checksum=True)
    write(os.path.join(comp_dir, "lz4"), "linked_blocks_with_checksums.lz4", linked)
    npz_seeds(resources)
    print("seeds written under", resources)


if __name__ == "__main__":
    main(sys.argv[1])
