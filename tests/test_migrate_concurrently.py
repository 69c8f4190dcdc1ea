"""Several bot processes starting at once on an empty PostgreSQL database all come up."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.engine import migrate
from tests.conftest import POSTGRES_URL


def test_simultaneous_migrations_all_succeed(engine: Engine) -> None:
    starters = 4
    barrier = threading.Barrier(starters)
    failures: list[BaseException] = []

    def start_process() -> None:
        barrier.wait()
        try:
            migrate(engine)
        except BaseException as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=start_process) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    with engine.connect() as connection:
        versions = connection.execute(sa.text("SELECT count(*) FROM alembic_version"))
        assert versions.scalar_one() == 1


def test_simultaneous_processes_on_postgresql_all_come_up() -> None:
    """Separate processes, as in a deployment: only the database can make them take turns."""
    schema = f"bbmigrate_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    code = (
        "import sys; from bot.storage.engine import create_db_engine, migrate; "
        "migrate(create_db_engine(sys.argv[1]))"
    )
    try:
        processes = [
            subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
        assert all(status == 0 for status, _ in results), results
        with admin.connect() as connection:
            versions = connection.execute(
                sa.text(f'SELECT count(*) FROM "{schema}".alembic_version')
            )
            assert versions.scalar_one() == 1
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
