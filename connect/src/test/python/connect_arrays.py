"""The numpy side of ConnectPipelineTest.

``write FILE`` writes one JSON envelope per line, made with numpy, base64 and json.dumps alone, for
arrays that a trip through double or a lossy schema would change. ``check DIR`` opens the records
the test copied out of the topic (DIR/record-N.npy.gz, gzip NPY as the converter wrote them) with
gzip and np.load, and compares each, bytes included, with the array of line N.
"""
import base64
import gzip
import json
import os
import sys

import numpy as np


def arrays():
    i8 = np.iinfo(np.int64)
    return [
        np.array([i8.min, -1, i8.max], dtype=np.int64),
        np.array([np.iinfo(np.uint64).max, 2 ** 63], dtype=np.uint64),
        # float16 quiet NaN with a payload, a signalling-pattern NaN and -inf, as bit patterns
        np.array([0x7E01, 0x7C01, 0xFC00, 0x0001], dtype=np.uint16).view(np.float16),
        np.array([complex(1.5, -0.0), complex(np.nan, 1e-310)], dtype=np.complex128),
        np.array([[1 + 2j, 3 - 4j]], dtype=np.complex64),
        np.array(['sensor-\u03b1', '\U0001F600'], dtype='<U8'),
        np.array([b'ab', b'xyz'], dtype='S3'),
        np.array([True, False, True]),
        np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        np.array([np.e, -0.0], dtype='>f8'),
        np.array([7, -8], dtype=np.int8),
        np.array(np.pi),
        np.zeros((0, 4), dtype=np.float32),
    ]


def order(a):
    return 'F' if a.flags.f_contiguous and not a.flags.c_contiguous else 'C'


def envelope(a):
    data = base64.b64encode(a.tobytes(order='A')).decode('ascii')
    return json.dumps({'dtype': a.dtype.str, 'shape': list(a.shape), 'order': order(a), 'data': data})


def write(path):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for a in arrays():
            f.write(envelope(a) + '\n')
    print(f'numpy {np.__version__}: {len(arrays())} envelopes')


def check(directory):
    expected = arrays()
    for n, want in enumerate(expected):
        with gzip.open(os.path.join(directory, f'record-{n}.npy.gz'), 'rb') as f:
            got = np.load(f, allow_pickle=False)
        same = (got.dtype.str == want.dtype.str and got.shape == want.shape and order(got) == order(want)
                and got.tobytes(order='A') == want.tobytes(order='A'))
        if not same:
            sys.exit(f'record {n}: np.load gives {got.dtype.str} {got.shape} {order(got)} {got!r}, not {want!r}')
        print(f'record {n}: np.load -> {got.dtype.str} {got.shape} order {order(got)}, bytes equal to line {n + 1}')
    if os.path.exists(os.path.join(directory, f'record-{len(expected)}.npy.gz')):
        sys.exit('the topic holds more records than the source file has lines')


if __name__ == '__main__':
    {'write': write, 'check': check}[sys.argv[1]](sys.argv[2])
