"""The checksum both languages compute for an array in the end-to-end tests."""
import hashlib

import numpy as np


def canonical_sha256(array):
    """SHA-256 of the array's values in C order, little-endian: equal arrays hash equal whatever their layout."""
    little = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
    return hashlib.sha256(np.ascontiguousarray(little).tobytes()).hexdigest()
