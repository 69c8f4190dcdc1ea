"""The kill -9 check runs in CI: every confirmed answer survives a crash, on both databases."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import POSTGRES_URL


def run_kill9(database_url: str, seed: int) -> dict[str, object]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.kill9",
            "--users",
            "20",
            "--questions",
            "8",
            "--seed",
            str(seed),
            "--database-url",
            database_url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    print(numbers)  # shown with -s; the closing note quotes these
    return numbers


def check(numbers: dict[str, object]) -> None:
    assert numbers["confirmed_but_missing"] == 0
    assert numbers["continued_after_restart"] is True
    assert 0 < numbers["confirmed"] <= numbers["stored"] <= numbers["answers_sent"]


def test_kill9_on_sqlite(tmp_path: Path) -> None:
    check(run_kill9(f"sqlite:///{tmp_path / 'kill9.db'}", seed=11))


def test_kill9_on_postgresql() -> None:
    schema = f"bbkill_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        check(run_kill9(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", seed=12))
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
