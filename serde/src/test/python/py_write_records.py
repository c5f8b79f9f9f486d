"""python_records as files, for Java to read without a broker under any numpy version.

    python3 py_write_records.py DIR

Writes each record's value to DIR/N.value and its headers, if any, to DIR/N.headers (one
``name=value`` line each), and prints one line per record: N, key, descr, shape, SHA-256.
"""
import os
import sys

from python_records import records


def main():
    out = sys.argv[1]
    for n, (key, value, headers, line) in enumerate(records()):
        with open(os.path.join(out, "%d.value" % n), "wb") as f:
            f.write(value)
        if headers is not None:
            with open(os.path.join(out, "%d.headers" % n), "wb") as f:
                f.write(b"".join(name.encode("utf-8") + b"=" + v + b"\n" for name, v in headers))
        print("%d\t%s" % (n, line))


if __name__ == "__main__":
    main()
