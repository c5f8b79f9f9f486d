"""Speed of the kafka_npy package against numpy's own np.load / np.save, and of each codec's decoder.

    pip install './python[all]'                      # or Debian's python3 with --system-site-packages
    python benchmarks/python/bench.py [--quick]

Everything is measured in one process, in one run: each pair alternates over several rounds,
and the tables give the median time per call of each and their ratio, after checking that both
sides agree (equal arrays; byte-identical NPY files for encode). Codec decode speed is the
array's bytes over the median time to decode a 16 MiB array of small integers (compressible
about 3:1) from one value; codecs whose modules are not installed are left out.
"""
import io
import statistics
import sys
import timeit

import numpy as np

import kafka_npy


def median_seconds(fn, number, rounds):
    return statistics.median(timeit.timeit(fn, number=number) / number for _ in range(rounds))


def race(a, b, number, rounds):
    """Medians of two callables, alternating round by round so both see the same machine."""
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(timeit.timeit(a, number=number) / number)
        times_b.append(timeit.timeit(b, number=number) / number)
    return statistics.median(times_a), statistics.median(times_b)


def saved(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def main():
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 11
    rng = np.random.default_rng(5)
    arrays = [("2 KiB float32 (512,)", rng.standard_normal(512).astype("<f4")),
              ("1 MiB float32 (512, 512)", rng.standard_normal((512, 512)).astype("<f4"))]
    print("kafka_npy %s, numpy %s, Python %s" % (kafka_npy.__version__, np.__version__, sys.version.split()[0]))

    print("\n| decode | np.load(BytesIO) µs | kafka_npy.decode µs | ratio | decode + .copy() µs | ratio with copy |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, array in arrays:
        value = saved(array)
        assert np.array_equal(kafka_npy.decode(value), np.load(io.BytesIO(value)))
        number = 200 if quick else (20000 if len(value) < 10000 else 2000)
        load, decode = race(lambda: np.load(io.BytesIO(value)), lambda: kafka_npy.decode(value), number, rounds)
        copied = median_seconds(lambda: kafka_npy.decode(value).copy(), number, rounds)
        print("| %s | %.2f | %.2f | %.1f× | %.2f | %.1f× |"
              % (label, load * 1e6, decode * 1e6, load / decode, copied * 1e6, load / copied))

    print("\n| encode | np.save(BytesIO) µs | kafka_npy.encode µs | ratio | identical bytes |")
    print("|---|---:|---:|---:|---|")
    for label, array in arrays:
        identical = kafka_npy.encode(array) == saved(array)
        assert identical
        number = 200 if quick else (20000 if array.nbytes < 10000 else 2000)
        save, encode = race(lambda: saved(array), lambda: kafka_npy.encode(array), number, rounds)
        print("| %s | %.2f | %.2f | %.1f× | %s |" % (label, save * 1e6, encode * 1e6, save / encode, identical))

    big = rng.integers(0, 100, 4 << 20, dtype="<i4")  # 16 MiB
    print("\n| codec (16 MiB int32 in [0, 100)) | compressed MiB | encode MB/s | decode MB/s |")
    print("|---|---:|---:|---:|")
    for codec in ("gzip", "zstd", "lz4", "snappy"):
        try:
            value = kafka_npy.encode(big, codec)
        except kafka_npy.CodecUnavailableError as e:
            print("| %s | not installed: %s | | |" % (codec, e))
            continue
        assert np.array_equal(kafka_npy.decode(value), big)
        number, codec_rounds = (1, 3) if quick else (3, 7)
        encode = median_seconds(lambda: kafka_npy.encode(big, codec), number, codec_rounds)
        decode = median_seconds(lambda: kafka_npy.decode(value), number, codec_rounds)
        print("| %s | %.2f | %.0f | %.0f |" % (codec, len(value) / 2**20, big.nbytes / encode / 1e6, big.nbytes / decode / 1e6))


if __name__ == "__main__":
    main()
