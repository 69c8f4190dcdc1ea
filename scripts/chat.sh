#!/usr/bin/env bash
# Set up and talk to the bot in this terminal (SQLite file breedbeeld.db, no accounts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/breedbeeld chat "$@"
