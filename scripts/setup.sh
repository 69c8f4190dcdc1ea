#!/usr/bin/env bash
# Create .venv with Python 3.11, 3.12 or 3.13 and install Breedbeeld into it (with the dev
# tools if called with "dev"). Safe to run again: when pyproject.toml has not changed since
# the last install (a stamp in .venv holds its hash), it does nothing, so a second
# ./scripts/chat.sh starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."

supported='import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'
mode="${1:-plain}"
[ "$mode" = "dev" ] || mode="plain"

# A .venv made with a Python outside 3.11-3.13 (or one whose Python was removed) is made
# again rather than half-used.
if [ -e .venv ] && ! .venv/bin/python -c "$supported" >/dev/null 2>&1; then
  echo "Making .venv again: its Python is missing or not 3.11, 3.12 or 3.13." >&2
  rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
  # The newest supported Python first: 3.13, then 3.12, then 3.11. The whole suite passes
  # on all three, CI runs it on the newest this way, and the Docker image uses 3.13 too.
  # A Python that pyenv installed but did not activate (its shim then refuses to run) is
  # found in pyenv's own folder.
  pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  python=""
  for candidate in python3.13 "$pyenv_root"/versions/3.13*/bin/python3.13 \
                   python3.12 "$pyenv_root"/versions/3.12*/bin/python3.12 \
                   python3.11 "$pyenv_root"/versions/3.11*/bin/python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$supported" 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  if [ -z "$python" ]; then
    echo "Breedbeeld needs Python 3.11, 3.12 or 3.13; none was found on PATH." >&2
    exit 1
  fi
  "$python" -m venv .venv
fi

# The stamp: which extras were installed from which pyproject.toml. "dev" includes "plain".
hash="$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
if [ "$(cat .venv/.breedbeeld-dev 2>/dev/null)" = "$hash" ] ||
   { [ "$mode" = "plain" ] && [ "$(cat .venv/.breedbeeld-plain 2>/dev/null)" = "$hash" ]; }; then
  exit 0
fi

extra=""
[ "$mode" = "dev" ] && extra="[dev]"
.venv/bin/python -m pip install -qq --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -qq --disable-pip-version-check -e ".${extra}"
rm -f .venv/.breedbeeld-dev .venv/.breedbeeld-plain
echo "$hash" > ".venv/.breedbeeld-$mode"
