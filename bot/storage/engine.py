"""The database engine and its schema, migrated with Alembic on start-up."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

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
        # LIFO: the connection used last is handed out again. A SQLite connection drops its
        # whole page cache when it finds that another connection wrote since its last
        # transaction; with the pool's default order (oldest first) two or three pooled
        # connections took turns, and each answer read its pages from the file again
        # (answer turn -9 % CPU with LIFO, ~10 % more turns/s under load; PERFORMANCE.md).
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_use_lifo=True
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


DB_RETRIES = 2  # a transaction lost with its connection is tried this many times more
_POOLS: dict[int, ThreadPoolExecutor] = {}  # by size
_OFF_LOOP = ThreadPoolExecutor(4, thread_name_prefix="bb-offloop")  # reports, reminder rounds
_POOLS_LOCK = threading.Lock()
_TRACKED: weakref.WeakSet[Engine] = weakref.WeakSet()
# Commits made by the database work in progress (one counter per `run_database_work`).
_COMMITS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "breedbeeld_commits", default=None
)


class DatabaseUnavailable(Exception):
    """The database connection dropped and retrying did not help: the turn is redelivered."""


async def run_database_work(
    engine: Engine | None, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run synchronous database work for a coroutine: off the event loop where that pays.

    PostgreSQL: in a thread pool of the engine's own, as large as its connection pool (a
    thread never waits for a connection). Not asyncio's default pool: the SDK's blocking
    calls used that one, and a slow Bot Connector held every thread (issue 17). A commit
    waits about a millisecond for the WAL flush, and the event loop serves other turns
    meanwhile (one process: 97 → 135 turns/s).
    SQLite: right here. Its work is CPU in this process, and a thread only adds hand-offs
    of the GIL (15–25 % fewer turns/s measured). See docs/PERFORMANCE.md.

    Work that fails on a dropped connection before anything committed is run again (at
    most DB_RETRIES more times, on a fresh connection); if it still fails, or something
    had committed, DatabaseUnavailable says so.
    """
    if engine is None:
        return work(*args, **kwargs)
    _track_commits(engine)
    attempt = 0
    while True:
        commits = [0]
        try:
            if engine.dialect.name == "sqlite":
                token = _COMMITS.set(commits)
                try:
                    return work(*args, **kwargs)
                finally:
                    _COMMITS.reset(token)
            context = contextvars.copy_context()
            context.run(_COMMITS.set, commits)
            call = functools.partial(context.run, work, *args, **kwargs)
            return await asyncio.get_running_loop().run_in_executor(_pool_of(engine), call)
        except sa.exc.DBAPIError as error:
            if not error.connection_invalidated:
                raise
            if commits[0] or attempt >= DB_RETRIES:
                log.warning(
                    "database connection lost",
                    extra={"event": "db_lost", "attempts": attempt + 1, "committed": commits[0]},
                )
                raise DatabaseUnavailable(str(error.orig)) from error
            attempt += 1
            # Its siblings in the pool are likely gone too (a restarted or failed-over
            # server): start from fresh connections. Work in progress keeps its own.
            engine.dispose(close=False)
            log.info("database connection lost: retrying", extra={"event": "db_retry"})


def _pool_of(engine: Engine) -> ThreadPoolExecutor:
    """The database's own threads: as many as the engine has connections (pool + overflow).

    One pool per size for the life of the process (a process has one engine; tests and the
    benchmark make many of the same size): no threads started and ended per engine.
    """
    size = getattr(engine.pool, "size", lambda: 5)()
    size = max(2, size + max(0, getattr(engine.pool, "_max_overflow", 0)))
    with _POOLS_LOCK:
        pool = _POOLS.get(size)
        if pool is None:
            pool = ThreadPoolExecutor(size, thread_name_prefix=f"bb-db{size}")
            _POOLS[size] = pool
        return pool


def _track_commits(engine: Engine) -> None:
    """Count each commit against the database work that made it (see run_database_work)."""
    if engine in _TRACKED:
        return
    with _POOLS_LOCK:
        if engine not in _TRACKED:
            sa.event.listen(engine, "commit", _count_commit)
            _TRACKED.add(engine)


def _count_commit(_connection: object) -> None:
    commits = _COMMITS.get()
    if commits is not None:
        commits[0] += 1


async def run_off_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run synchronous database work in a worker thread, on every database.

    For work that is not a chat turn (a report page, a reminder round): it is rare, so
    the hand-off costs nothing that matters, and an event loop that waits on a database
    (a lock, a slow disk, a lost connection) stalls every team's turns meanwhile. In a
    pool of its own, like the turns' database work (not asyncio's default pool).
    """
    call = functools.partial(contextvars.copy_context().run, work, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_OFF_LOOP, call)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers work while one writer commits; foreign keys make deletes cascade."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# The newest migration in migrations/versions (tests/test_migrations.py holds it to
# Alembic's own head). A start whose database already has it needs no Alembic at all:
# importing Alembic and its dialects was a quarter of `breedbeeld chat`'s start.
HEAD_REVISION = "0007_i18_drop_bot_state"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs our packaged migrations on `engine`."""
    from alembic.config import Config

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
        if schema_version(engine) == HEAD_REVISION:
            log.info("database schema up to date", extra={"event": "db_migrated"})
            return
        _migrate_locked(engine)


def schema_version(engine: Engine) -> str | None:
    """The migration the database is at; None for a new (or not yet migrated) database."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            found = versions.scalars().all()
    except sa.exc.DBAPIError:  # no alembic_version table yet
        return None
    return str(found[0]) if len(found) == 1 else None


def _migrate_locked(engine: Engine) -> None:
    from alembic import command

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
