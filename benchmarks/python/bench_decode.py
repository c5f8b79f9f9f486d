"""Table 5: kafka_npy.decode against np.load(io.BytesIO(value)) on a 2 KiB and a 1 MiB NPY message.

    python3 benchmarks/python/bench_decode.py [--quick]

Both run in the same process, alternating, over several rounds; the table gives the median time
per call of each and their ratio, after checking that both return equal arrays.
"""
import io
import os
import statistics
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))
import kafka_npy  # noqa: E402


def main():
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 11
    rng = np.random.default_rng(5)
    print("numpy %s, Python %s" % (np.__version__, sys.version.split()[0]))
    print()
    print("| message | np.load (µs, median) | kafka_npy.decode (µs, median) | ratio | decode + .copy() (µs) | ratio with copy |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, array in (("2 KiB float32 (512,)", rng.standard_normal(512).astype("<f4")),
                         ("1 MiB float32 (512, 512)", rng.standard_normal((512, 512)).astype("<f4"))):
        buf = io.BytesIO()
        np.save(buf, array)
        value = buf.getvalue()
        ours, theirs = kafka_npy.decode(value), np.load(io.BytesIO(value))
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape and np.array_equal(ours, theirs)
        number = 200 if quick else (20000 if len(value) < 10000 else 2000)
        load, decode, copied = [], [], []
        for _ in range(rounds):
            load.append(timeit.timeit(lambda: np.load(io.BytesIO(value)), number=number) / number)
            decode.append(timeit.timeit(lambda: kafka_npy.decode(value), number=number) / number)
            # np.load returns a writable copy, decode a read-only view: this column compares like with like
            copied.append(timeit.timeit(lambda: kafka_npy.decode(value).copy(), number=number) / number)
        a, b, c = statistics.median(load), statistics.median(decode), statistics.median(copied)
        print("| %s | %.2f | %.2f | %.1f× | %.2f | %.1f× |" % (label, a * 1e6, b * 1e6, a / b, c * 1e6, a / c))


if __name__ == "__main__":
    main()
