#!/usr/bin/env bash
# Runs the Python package's pytest suite under both interpreters: python3 (numpy 2.x) and
# Debian's /usr/bin/python3 (numpy 1.24), each in its own virtual environment (scripts/python-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for env in numpy2 debian; do
  python=$(scripts/python-env.sh "$env")
  echo "=== pytest under $env: $("$python" -c 'import sys, numpy; print("Python", sys.version.split()[0], "numpy", numpy.__version__)')"
  (cd python && "$python" -m pytest -q -p no:cacheprovider tests) || status=1
done
exit $status
