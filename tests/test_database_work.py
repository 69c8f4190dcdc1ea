"""Database work leaves the event loop for PostgreSQL only (docs/PERFORMANCE.md)."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.storage.engine import create_db_engine, run_database_work


async def test_work_runs_in_a_worker_thread_only_for_a_server_database(engine: Engine) -> None:
    here = threading.get_ident()
    there = await run_database_work(engine, threading.get_ident)
    assert (there == here) == (engine.dialect.name == "sqlite")


async def test_work_gets_its_arguments_and_gives_its_result(engine: Engine) -> None:
    assert await run_database_work(engine, divmod, 7, 2) == (3, 1)
    assert await run_database_work(None, sorted, [3, 1], reverse=True) == [3, 1]


def test_a_sqlite_file_hands_out_the_connection_used_last(tmp_path: Path) -> None:
    """A SQLite connection that finds another one wrote drops its page cache: the pool
    gives back the connection used last, so sequential turns keep one warm cache."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'lifo.db'}")
    try:
        with engine.connect() as first, engine.connect() as second:
            used = [first.connection.dbapi_connection, second.connection.dbapi_connection]
        # `second` went back to the pool first, `first` last.
        for _ in range(3):
            with engine.begin() as again:
                assert again.connection.dbapi_connection is used[0]
                again.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    finally:
        engine.dispose()
