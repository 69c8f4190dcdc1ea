"""The database engine and its schema, migrated with Alembic on start-up."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str) -> Engine:
    """An engine tuned for short transactions from one event loop and several processes."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


async def run_database_work(
    engine: Engine | None, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run synchronous database work for a coroutine: off the event loop where that pays.

    PostgreSQL: in a worker thread. A commit waits about a millisecond for the WAL flush,
    and the event loop serves other turns meanwhile (one process: 97 → 135 turns/s).
    SQLite: right here. Its work is CPU in this process, and a thread only adds hand-offs
    of the GIL (15–25 % fewer turns/s measured). See docs/PERFORMANCE.md.
    """
    if engine is None or engine.dialect.name == "sqlite":
        return work(*args, **kwargs)
    return await asyncio.to_thread(work, *args, **kwargs)


async def run_off_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run synchronous database work in a worker thread, on every database.

    For work that is not a chat turn (a report page, a reminder round): it is rare, so
    the hand-off costs nothing that matters, and an event loop that waits on a database
    (a lock, a slow disk, a lost connection) stalls every team's turns meanwhile.
    """
    return await asyncio.to_thread(work, *args, **kwargs)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers work while one writer commits; foreign keys make deletes cascade."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs our packaged migrations on `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


# Any constant bigint: the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK = 7_245_113_901
_MIGRATING = threading.Lock()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version (creates it on first start).

    Several bot processes starting at once on PostgreSQL would otherwise each see an empty
    database and race to create the same tables; an advisory lock lets one migrate while
    the others wait, and those then find the schema up to date. Within one process (tests,
    the benchmark) a thread lock does the same.
    """
    with _MIGRATING:
        _migrate_locked(engine)


def _migrate_locked(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":  # SQLite serves one process
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as lock:
        lock.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            lock.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            lock.commit()
    log.info("database schema up to date", extra={"event": "db_migrated"})
