"""Database work leaves the event loop for PostgreSQL only (docs/PERFORMANCE.md)."""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine

from bot.storage.engine import run_database_work


async def test_work_runs_in_a_worker_thread_only_for_a_server_database(engine: Engine) -> None:
    here = threading.get_ident()
    there = await run_database_work(engine, threading.get_ident)
    assert (there == here) == (engine.dialect.name == "sqlite")


async def test_work_gets_its_arguments_and_gives_its_result(engine: Engine) -> None:
    assert await run_database_work(engine, divmod, 7, 2) == (3, 1)
    assert await run_database_work(None, sorted, [3, 1], reverse=True) == [3, 1]
