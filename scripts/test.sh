#!/usr/bin/env bash
# Set up and run every check: lint, types, and the tests on SQLite and PostgreSQL.
# PostgreSQL: 127.0.0.1:5432, database "test" (BREEDBEELD_TEST_DATABASE_URL overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check .
.venv/bin/ruff format --check bot dialogs domain questions tests bench
.venv/bin/mypy bot dialogs domain questions bench
.venv/bin/python -m pytest "$@"
