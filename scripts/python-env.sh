#!/usr/bin/env bash
# Prints the path of a Python interpreter with the kafka_npy package installed from ./python,
# making its virtual environment under python/target/ on first use and reinstalling the package
# whenever python/ changed since:
#
#   scripts/python-env.sh numpy2   python3 (numpy 2.x): a venv with kafka-npy[all,test] from the package index
#   scripts/python-env.sh debian   /usr/bin/python3 (Debian's numpy 1.24, confluent-kafka, kafka-python, codecs):
#                                  a venv with --system-site-packages, so the package uses Debian's modules
#
# Everything it prints but the interpreter's path goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/python-env.sh numpy2|debian}
case "$name" in
  numpy2) base=${KAFKANPY_PYTHON:-python3}; venv_opts=(); package="./python[all,test]" ;;
  debian) base=/usr/bin/python3; venv_opts=(--system-site-packages); package="./python" ;;
  *) echo "unknown environment '$name': use numpy2 or debian" >&2; exit 2 ;;
esac
venv=python/target/venv-$name
stamp=$venv/.installed
mkdir -p python/target
exec 9>python/target/.lock
flock 9
# a venv left half made (an interrupted run, or no python3-venv at the time) is made anew
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  "$base" -m venv "${venv_opts[@]}" "$venv" >&2
fi
if [ ! -f "$stamp" ] || [ -n "$(find python/pyproject.toml python/src -newer "$stamp" \( -name '*.py' -o -name '*.toml' -o -name py.typed \) -print -quit)" ]; then
  # one retry, not pip's five with back-off, for an index this machine cannot reach: pip then goes on to the others
  "$venv/bin/python" -m pip install -q --retries "${PIP_RETRIES:-1}" "$package" >&2
  touch "$stamp"
fi
echo "$PWD/$venv/bin/python"
