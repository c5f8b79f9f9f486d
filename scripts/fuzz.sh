#!/usr/bin/env bash
# Fuzzes kafka-npy's decoders with Jazzer, one target per JVM (Jazzer fuzzes one @FuzzTest per JVM),
# each for SECONDS, under -Xmx256m (profile fuzz), with a 10 s limit per input.
#
#   scripts/fuzz.sh SECONDS [Class#method ...]      no targets = every @FuzzTest in serde/
#
# Findings are written beside the seeds, to serde/src/test/resources/<package>/<Class>Inputs/<method>/,
# where plain `mvn verify` replays them as regression tests. The growing corpus stays in serde/.cifuzz-corpus/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: scripts/fuzz.sh SECONDS [Class#method ...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r file; do
    class=$(basename "$file" .java)
    for method in $(grep -A1 '@FuzzTest' "$file" | grep -oP 'void \K\w+'); do targets+=("$class#$method"); done
  done < <(grep -rl '@FuzzTest' serde/src/test/java)
fi
mvn -B -q -pl serde -am install -DskipTests || exit 2
mkdir -p serde/target/fuzz
status=0
for target in "${targets[@]}"; do
  log="serde/target/fuzz/${target/\#/_}.log"
  echo "=== fuzzing $target for ${seconds}s (log: $log)"
  JAZZER_FUZZ=1 mvn -B -pl serde -Pfuzz surefire:test -Dtest="$target" \
    -Djazzer.max_duration="${seconds}s" -Djazzer.internal.arg.0=x -Djazzer.internal.arg.1=-print_final_stats=1 \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Dsurefire.timeout=$((seconds + 600)) > "$log" 2>&1 || { status=1; echo "    FINDING: see $log"; }
  grep -E '^#[0-9]+\s+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|Test unit written' "$log" | sed 's/^/    /'
done
exit $status
