#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md in full and prints its tables (about 65 minutes on 2 cores).
#   benchmarks/run-all.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-benchmarks/target/results}
mkdir -p "$out"
mvn -B -q -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
java -jar "$jar" CodecBenchmark AlternativesBenchmark FilterBenchmark Lz4Benchmark -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1
java -cp "$jar" io.github.kafkanpy.benchmarks.JmhReport "$out/jmh.json" | tee "$out/tables-1-2-3b-3c.md"
java -cp "$jar" io.github.kafkanpy.benchmarks.CompressionReport | tee "$out/table-3.md"
java -cp "$jar" io.github.kafkanpy.benchmarks.FilterReport --export "$out/filter-sets" | tee "$out/table-3b.md"
py=$(scripts/python-env.sh numpy2)
"$py" -m pip install -q blosc2
"$py" benchmarks/python/blosc_compare.py "$out/filter-sets" | tee "$out/table-3d.md"
java -cp "$jar" io.github.kafkanpy.benchmarks.EndToEndReport 2>/dev/null | tee "$out/table-4.md"
for env in numpy2 debian; do "$(scripts/python-env.sh $env)" benchmarks/python/bench.py; done | tee "$out/table-5.md"
java -cp "$jar" io.github.kafkanpy.benchmarks.SoakReport --png "$out/soak.png" 2>/dev/null | tee "$out/table-6.md"
