"""python -m kafka_npy consume: the line for each record, and the loop around a client, without a broker."""
import subprocess
import sys

import numpy as np
import pytest

import kafka_npy
from kafka_npy import __main__ as cli


def test_summary_numbers():
    assert cli.summary(np.arange(10, dtype="<i4").reshape(2, 5)) == "<i4 (2, 5) C [0 1 2 ... 7 8 9] min=0 max=9 mean=4.5"
    assert cli.summary(np.asfortranarray(np.ones((2, 2), dtype="<f4"))) == "<f4 (2, 2) F [1. 1. 1. 1.] min=1.0 max=1.0 mean=1"
    assert cli.summary(np.array(2.5, dtype=">f8")) == ">f8 () C [2.5] min=2.5 max=2.5 mean=2.5"
    assert cli.summary(np.zeros((0, 3), dtype="|u1")) == "|u1 (0, 3) C []"
    assert cli.summary(np.array([True, False])) == "|b1 (2,) C [ True False] min=False max=True mean=0.5"


def test_summary_other_kinds_have_no_statistics():
    assert cli.summary(np.array([1 + 2j], dtype="<c8")) == "<c8 (1,) C [1.+2.j]"
    assert cli.summary(np.array([b"ab", b"c"])) == "|S2 (2,) C [b'ab' b'c']"


def test_one_line_per_record_of_either_variant():
    array = np.arange(4, dtype="<f4")
    value, headers = kafka_npy.encode_raw(array, "gzip")
    assert cli.format_record(0, 5, b"cam-1", kafka_npy.encode(array), None) == \
        "0 5 key=cam-1 <f4 (4,) C [0. 1. 2. 3.] min=0.0 max=3.0 mean=1.5"
    assert cli.format_record(1, 6, None, value, headers) == \
        "1 6 key=null <f4 (4,) C [0. 1. 2. 3.] min=0.0 max=3.0 mean=1.5"


def test_tombstones_and_errors_stay_on_their_line():
    assert cli.format_record(0, 7, b"k", None, []) == "0 7 key=k null"
    line = cli.format_record(0, 8, b"\xff\x00", b"garbage", [])
    assert line.startswith("0 8 key=b'\\xff\\x00' error: input is too short") and "\n" not in line
    assert "exceed max_array_bytes=4" in cli.format_record(0, 9, None, kafka_npy.encode(np.zeros(2)), None, 4)


def test_array_keys_are_summarised():
    key, key_headers = kafka_npy.encode_raw(np.arange(2, dtype="|u1"), key=True)
    line = cli.format_record(0, 1, key, kafka_npy.encode(np.zeros(1)), key_headers)
    assert line.startswith("0 1 key=[|u1 (2,) C [0 1] min=0 max=1 mean=0.5] <f8 (1,)")
    assert cli.format_record(0, 2, kafka_npy.encode(np.ones(1, "|u1")), None, None) == \
        "0 2 key=[|u1 (1,) C [1] min=1 max=1 mean=1] null"


def fake_client(records):
    def records_for(args):
        def generate():
            yield None  # an idle poll first
            yield from records
            while True:
                yield None
        return generate()
    return records_for


def test_main_prints_count_records_and_exits(monkeypatch, capsys):
    records = [(0, i, None, kafka_npy.encode(np.full(2, i, dtype="|i1")), None) for i in range(5)]
    monkeypatch.setattr(cli, "_records", fake_client(records))
    assert cli.main(["consume", "--bootstrap-server", "x:1", "--topic", "t", "--count", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "0 0 key=null |i1 (2,) C [0 0] min=0 max=0 mean=0",
        "0 1 key=null |i1 (2,) C [1 1] min=1 max=1 mean=1",
        "0 2 key=null |i1 (2,) C [2 2] min=2 max=2 mean=2"]


def test_main_times_out_with_status_1(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_records", fake_client([]))
    assert cli.main(["consume", "--bootstrap-server", "x:1", "--topic", "t", "--count", "1", "--timeout", "0.05"]) == 1
    assert "timed out after 0 records" in capsys.readouterr().err


def test_without_a_client_it_says_what_to_install(monkeypatch):
    for name in ("confluent_kafka", "kafka"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(SystemExit, match=r"pip install 'kafka-npy\[confluent\]'"):
        cli.main(["consume", "--bootstrap-server", "x:1", "--topic", "t"])


def test_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "kafka_npy", "consume", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--from-beginning" in out.stdout and "--bootstrap-server" in out.stdout


def test_an_npz_value_is_one_line_of_name_summary_entries():
    value = kafka_npy.encode_npz({"ids": np.arange(3, dtype="<i4"), "device name": np.array("cam-1"),
                                  "mean": np.array(0.5, dtype="<f4")}, "gzip")
    assert cli.format_record(0, 3, b"k", value, None) == \
        "0 3 key=k npz[3] ids=<i4 (3,) C [0 1 2] min=0 max=2 mean=1; 'device name'=<U5 () C ['cam-1']; " \
        "mean=<f4 () C [0.5] min=0.5 max=0.5 mean=0.5"
    assert cli.format_record(0, 4, None, kafka_npy.encode_npz({}), None) == "0 4 key=null npz[0]"


def test_a_json_value_is_summarised_as_an_npy_one():
    array = np.asfortranarray(np.arange(4, dtype="<f4").reshape(2, 2))
    assert cli.format_record(0, 5, None, kafka_npy.encode_json(array).encode(), None) == \
        cli.format_record(0, 5, None, kafka_npy.encode(array), None) == \
        "0 5 key=null <f4 (2, 2) F [0. 1. 2. 3.] min=0.0 max=3.0 mean=1.5"
