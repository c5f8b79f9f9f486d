"""Shared helpers: codec availability (skip, or fail under KAFKANPY_REQUIRE_CODECS=1) and payload builders."""
import importlib
import io
import os

import numpy as np
import pytest

CODECS = ["gzip", "zstd", "lz4", "snappy"]
#: The modules each codec needs; snappy needs a block codec and a CRC-32C, each from one of two modules.
_MODULES = {"gzip": [["zlib"]], "zstd": [["zstandard"]], "lz4": [["lz4.frame"]],
            "snappy": [["cramjam", "snappy"], ["google_crc32c", "crc32c"]]}


def _importable(name):
    try:
        importlib.import_module(name)
        return True
    except ImportError:
        return False


def missing(message):
    """Skips the calling test for a missing codec module; fails it instead under KAFKANPY_REQUIRE_CODECS=1."""
    if os.environ.get("KAFKANPY_REQUIRE_CODECS") == "1":
        pytest.fail(message + " (KAFKANPY_REQUIRE_CODECS=1)")
    pytest.skip(message)


def require(*modules):
    """Goes on only when one of ``modules`` imports; see :func:`missing`."""
    if not any(_importable(m) for m in modules):
        missing("needs one of the modules %s" % ", ".join(modules))


def require_codec(codec):
    for alternatives in _MODULES[codec]:
        require(*alternatives)


@pytest.fixture(params=CODECS)
def codec(request):
    """Each codec in turn, skipped (or failed, for CI) when its modules are missing."""
    require_codec(request.param)
    return request.param


@pytest.fixture(params=[None] + CODECS)
def compression(request):
    """No compression, then each codec in turn."""
    if request.param is not None:
        require_codec(request.param)
    return request.param


def npy(array):
    """What np.save writes."""
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()
