"""Blosc as Python users know it, next to kafka-npy's filters, on the same arrays in one run (BENCHMARKS.md table 3d).

    java -cp benchmarks/target/benchmarks.jar io.github.kafkanpy.benchmarks.FilterReport --export DIR
    python benchmarks/python/blosc_compare.py DIR

Needs numpy, zstandard, blosc2 (``pip install blosc2``; the machine's wheel index has it) and kafka_npy.
Ratio is the array's bytes over the payload's; speeds are MB/s of array bytes, the median of nine
timed runs. Blosc runs with one thread (``nthreads=1``), as kafka-npy's codecs do; its default
uses every core.
"""
import os
import statistics
import sys
import time

import blosc2
import numpy as np

import kafka_npy


def speed(nbytes, work):
    """MB/s of ``nbytes`` per call of ``work``: the median of nine runs of about 0.1 s each, after a warm-up."""
    reps = 1
    while True:
        start = time.perf_counter()
        for _ in range(reps):
            work()
        if time.perf_counter() - start > 0.1:
            break
        reps *= 2
    runs = []
    for _ in range(9):
        start = time.perf_counter()
        for _ in range(reps):
            work()
        runs.append(nbytes * reps / (time.perf_counter() - start) / 1e6)
    return statistics.median(runs)


def blosc(filters, codec=blosc2.Codec.ZSTD, clevel=3):
    def make(a):
        cparams = blosc2.CParams(codec=codec, clevel=clevel, typesize=a.dtype.itemsize, nthreads=1,
                                 filters=filters, filters_meta=[0] * len(filters))
        dparams = blosc2.DParams(nthreads=1)
        value = blosc2.compress2(np.ascontiguousarray(a), cparams=cparams)
        return value, (lambda: blosc2.compress2(a, cparams=cparams)), (lambda: blosc2.decompress2(value, dparams=dparams))
    return make


def ours(filter, codec="zstd", level=3):
    def make(a):
        value = kafka_npy.encode(a, codec, level, filter=filter)
        return value, (lambda: kafka_npy.encode(a, codec, level, filter=filter)), (lambda: kafka_npy.decode(value))
    return make


WRITERS = [
    ("kafka-npy zstd 3", ours(None)),
    ("kafka-npy shuffle + zstd 3", ours("shuffle")),
    ("kafka-npy delta-shuffle + zstd 3", ours("delta-shuffle")),
    ("blosc2 zstd 3, no filter", blosc([blosc2.Filter.NOFILTER])),
    ("blosc2 zstd 3, shuffle", blosc([blosc2.Filter.SHUFFLE])),
    ("blosc2 zstd 3, bitshuffle", blosc([blosc2.Filter.BITSHUFFLE])),
    ("blosc2 zstd 3, shuffle + bytedelta", blosc([blosc2.Filter.SHUFFLE, blosc2.Filter.BYTEDELTA])),
    ("blosc2 lz4 5, shuffle", blosc([blosc2.Filter.SHUFFLE], blosc2.Codec.LZ4, 5)),
]


def main():
    directory = sys.argv[1]
    print("numpy %s, blosc2 %s (C-Blosc2 %s), one thread" % (np.__version__, blosc2.__version__, blosc2.VERSION_STRING))
    print()
    print("| data set | writer | ratio | ratio / kafka-npy zstd 3 | encode MB/s | decode MB/s |")
    print("|---|---|---:|---:|---:|---:|")
    for name in ["sensor4096x8", "adc4096x4", "image224x224x3", "embeddings32x512"]:
        a = np.load(os.path.join(directory, name + ".npy"))
        base = None
        for label, make in WRITERS:
            value, encode, decode = make(a)
            ratio = a.nbytes / len(value)
            base = base or ratio
            print("| %s | %s | %.3f | %.2f× | %.0f | %.0f |" % (name, label, ratio, ratio / base,
                                                                speed(a.nbytes, encode), speed(a.nbytes, decode)))


if __name__ == "__main__":
    main()
