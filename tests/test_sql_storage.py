"""Tests for bot.sql_storage.SqlStorage on SQLite and PostgreSQL.

Why both: production runs several bot processes on PostgreSQL, local development uses a
SQLite file; the SDK's own StorageBaseTests suite and the multi-process e_tag guarantees
must hold on both. PostgreSQL tests fail (never skip) when the server is unreachable.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botbuilder.core import ConversationState, StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.testing import StorageBaseTests
from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from bot.sql_storage import ETagConflictError, SqlStorage, StoreItemRow

PG_URL = os.environ.get(
    "BREEDBEELD_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

EngineFactory = Callable[[], Engine]

# Every static test of the SDK suite, discovered so that new SDK tests are not missed.
SDK_BASE_TESTS = sorted(
    name
    for name, member in vars(StorageBaseTests).items()
    if isinstance(member, staticmethod) and not name.startswith("_")
)


class CounterItem(StoreItem):
    """An object-style store item, as bots and the SDK's own tests use them."""

    def __init__(self, counter: int = 1, e_tag: str | None = "*") -> None:
        super().__init__()
        self.counter = counter
        self.e_tag = e_tag


def _create_table(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine, tables=[StoreItemRow.__table__])  # type: ignore[attr-defined]


@contextmanager
def _sqlite_engines(db_file: Path) -> Iterator[EngineFactory]:
    """Yield a factory of engines on one SQLite file (one engine = one 'process')."""
    engines: list[Engine] = []

    def make() -> Engine:
        engine = create_engine(f"sqlite:///{db_file}")
        engines.append(engine)
        return engine

    _create_table(make())
    try:
        yield make
    finally:
        for engine in engines:
            engine.dispose()


@contextmanager
def _postgres_engines() -> Iterator[EngineFactory]:
    """Yield a factory of engines on a fresh schema, dropped afterwards (test isolation)."""
    schema = f"bbtest_{uuid.uuid4().hex}"
    admin = create_engine(PG_URL, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.fail(f"PostgreSQL at {PG_URL} is required for these tests but unreachable: {error}")
    engines: list[Engine] = []

    def make() -> Engine:
        engine = create_engine(
            PG_URL, connect_args={"connect_timeout": 5, "options": f"-csearch_path={schema}"}
        )
        engines.append(engine)
        return engine

    try:
        _create_table(make())
        yield make
    finally:
        for engine in engines:
            engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def make_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EngineFactory]:
    """Engines on one database; several engines simulate several bot processes."""
    if request.param == "sqlite":
        with _sqlite_engines(tmp_path / "state.db") as make:
            yield make
    else:
        with _postgres_engines() as make:
            yield make


@pytest.fixture
def make_pg_engine() -> Iterator[EngineFactory]:
    """PostgreSQL only: for races SQLite cannot have (it serialises writers)."""
    with _postgres_engines() as make:
        yield make


@pytest.fixture
def storage(make_engine: EngineFactory) -> SqlStorage:
    return SqlStorage(make_engine())


# --- the SDK's own storage test suite -------------------------------------------------


def test_sdk_suite_is_discovered() -> None:
    assert {
        "return_empty_object_when_reading_unknown_key",
        "handle_null_keys_when_reading",
        "handle_null_keys_when_writing",
        "does_not_raise_when_writing_no_items",
        "create_object",
        "handle_crazy_keys",
        "update_object",
        "delete_object",
        "delete_unknown_object",
        "perform_batch_operations",
        "proceeds_through_waterfall",
    } <= set(SDK_BASE_TESTS)


@pytest.mark.parametrize("test_name", SDK_BASE_TESTS)
async def test_sdk_storage_base_tests(storage: SqlStorage, test_name: str) -> None:
    assert await getattr(StorageBaseTests, test_name)(storage) is True


# --- SDK-compatible edge cases ----------------------------------------------------------


async def test_null_keys_raise_clear_errors(storage: SqlStorage) -> None:
    with pytest.raises(Exception, match=r"^Keys are required when reading$"):
        await storage.read(None)  # type: ignore[arg-type]
    with pytest.raises(Exception, match=r"^Changes are required when writing$"):
        await storage.write(None)  # type: ignore[arg-type]
    with pytest.raises(Exception, match=r"^Keys are required when deleting$"):
        await storage.delete(None)  # type: ignore[arg-type]
    assert await storage.read([]) == {}
    await storage.delete([])


async def test_store_item_objects_round_trip_with_e_tag(storage: SqlStorage) -> None:
    await storage.write({"user": CounterItem(counter=3)})

    item = (await storage.read(["user"]))["user"]

    assert isinstance(item, CounterItem)
    assert item.counter == 3
    assert item.e_tag not in (None, "", "*")


async def test_every_write_returns_a_new_e_tag(storage: SqlStorage) -> None:
    await storage.write({"k": {"n": 1}})
    first = (await storage.read(["k"]))["k"]
    await storage.write({"k": first})
    second = (await storage.read(["k"]))["k"]

    assert first["e_tag"] != second["e_tag"]


async def test_write_does_not_modify_the_callers_item(storage: SqlStorage) -> None:
    item = {"n": 1, "e_tag": "*"}
    await storage.write({"k": item})
    assert item == {"n": 1, "e_tag": "*"}


async def test_object_with_stale_e_tag_is_refused(storage: SqlStorage) -> None:
    await storage.write({"user": CounterItem(counter=1)})
    stale = (await storage.read(["user"]))["user"]
    await storage.write({"user": CounterItem(counter=2, e_tag=stale.e_tag)})

    stale.counter = 99
    with pytest.raises(ETagConflictError, match="e_tag conflict for key 'user'"):
        await storage.write({"user": stale})

    assert (await storage.read(["user"]))["user"].counter == 2


async def test_wildcard_and_missing_e_tag_overwrite(storage: SqlStorage) -> None:
    await storage.write({"user": CounterItem(counter=1, e_tag="1")})
    await storage.write({"user": CounterItem(counter=10, e_tag="*")})
    assert (await storage.read(["user"]))["user"].counter == 10
    await storage.write({"user": CounterItem(counter=11, e_tag=None)})
    assert (await storage.read(["user"]))["user"].counter == 11


async def test_e_tag_on_a_new_key_creates_it_like_memory_storage(storage: SqlStorage) -> None:
    await storage.write({"new": {"n": 1, "e_tag": "some-old-e-tag"}})
    assert (await storage.read(["new"]))["new"]["n"] == 1


async def test_failed_write_changes_nothing(storage: SqlStorage) -> None:
    """One write call is one transaction: a conflict on one key keeps the other keys."""
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    loaded = await storage.read(["a", "b"])
    await storage.write({"b": {"n": 2}})  # b's e_tag in `loaded` is now stale

    loaded["a"]["n"] = 100
    loaded["b"]["n"] = 100
    with pytest.raises(ETagConflictError):
        await storage.write({"0-new": {"n": 1}, **loaded})  # "0-new" is inserted first
    with pytest.raises(ValueError, match="etag missing"):
        await storage.write({"a": {"n": 200}, "b": {"n": 200, "e_tag": ""}})

    current = await storage.read(["0-new", "a", "b"])
    assert "0-new" not in current
    assert (current["a"]["n"], current["b"]["n"]) == (1, 2)


async def test_long_and_unusual_keys(storage: SqlStorage) -> None:
    keys = ["x" * 1024, "teams/conversations/19:été🙂;messageid=1 'quoted' \"x\" %_\\"]
    await storage.write({key: {"key": key} for key in keys})
    read = await storage.read(keys)
    assert {key: read[key]["key"] for key in keys} == {key: key for key in keys}

    with pytest.raises(ValueError, match="longer than 1024"):
        await storage.write({"y" * 1025: {}})
    with pytest.raises(ValueError, match="NUL"):
        await storage.write({"a\x00b": {}})


async def test_many_keys_in_one_call(storage: SqlStorage) -> None:
    keys = [f"k{i}" for i in range(1200)]
    await storage.write({key: {"i": i} for i, key in enumerate(keys)})
    assert len(await storage.read(keys)) == 1200
    await storage.delete(keys)
    assert await storage.read(keys) == {}


# --- several processes on one database ----------------------------------------------------


async def test_state_survives_restart(make_engine: EngineFactory) -> None:
    first = make_engine()
    await SqlStorage(first).write({"conv": {"step": 2}, "user": CounterItem(counter=7)})
    first.dispose()

    restarted = await SqlStorage(make_engine()).read(["conv", "user"])

    assert restarted["conv"]["step"] == 2
    assert restarted["user"].counter == 7


async def test_conversation_state_survives_restart(make_engine: EngineFactory) -> None:
    async def run_turn(storage: SqlStorage) -> int:
        conversation_state = ConversationState(storage)
        turns = conversation_state.create_property("turns")
        seen: list[int] = []

        async def logic(turn_context: TurnContext) -> None:
            count = (await turns.get(turn_context) or 0) + 1
            await turns.set(turn_context, count)
            seen.append(count)
            await conversation_state.save_changes(turn_context)

        await TestAdapter(logic).send("hello")
        return seen[-1]

    assert await run_turn(SqlStorage(make_engine())) == 1
    assert await run_turn(SqlStorage(make_engine())) == 2  # a new "process"


async def test_stale_e_tag_from_second_instance_is_refused(make_engine: EngineFactory) -> None:
    one, two = SqlStorage(make_engine()), SqlStorage(make_engine())
    await one.write({"conv": {"count": 1}})
    seen_by_two = (await two.read(["conv"]))["conv"]

    current = (await one.read(["conv"]))["conv"]
    current["count"] = 2
    await one.write({"conv": current})

    seen_by_two["count"] = 20
    with pytest.raises(ETagConflictError) as error:
        await two.write({"conv": seen_by_two})

    assert error.value.expected == seen_by_two["e_tag"]
    assert (await two.read(["conv"]))["conv"]["count"] == 2


async def test_concurrent_conditional_writes_exactly_one_wins(
    make_engine: EngineFactory,
) -> None:
    one, two = SqlStorage(make_engine()), SqlStorage(make_engine())
    await one.write({"conv": {"owner": None}})
    old_e_tag = (await one.read(["conv"]))["conv"]["e_tag"]

    results = await asyncio.gather(
        one.write({"conv": {"owner": "one", "e_tag": old_e_tag}}),
        two.write({"conv": {"owner": "two", "e_tag": old_e_tag}}),
        return_exceptions=True,
    )

    assert sum(result is None for result in results) == 1
    assert sum(isinstance(result, ETagConflictError) for result in results) == 1
    winner = "one" if results[0] is None else "two"
    assert (await two.read(["conv"]))["conv"]["owner"] == winner


async def test_conditional_writes_racing_in_threads_exactly_one_wins(
    make_engine: EngineFactory,
) -> None:
    """Real parallelism: the e_tag check must be atomic in the database, not in Python."""
    writers = [SqlStorage(make_engine()) for _ in range(4)]
    await writers[0].write({"conv": {"owner": None}})
    old_e_tag = (await writers[0].read(["conv"]))["conv"]["e_tag"]
    start = threading.Barrier(len(writers))
    outcomes: list[Any] = [None] * len(writers)

    def attempt(index: int) -> None:
        start.wait()
        try:
            asyncio.run(writers[index].write({"conv": {"owner": index, "e_tag": old_e_tag}}))
            outcomes[index] = "won"
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("won") == 1, outcomes
    assert all(isinstance(o, ETagConflictError) for o in outcomes if o != "won"), outcomes
    stored = (await writers[0].read(["conv"]))["conv"]["owner"]
    assert stored == outcomes.index("won")


@contextmanager
def _competitor_inserts_first(engine: Engine, competitor: Engine, key: str) -> Iterator[None]:
    """Another process commits a row for `key` right before `engine` INSERTs it."""
    fired = False

    def before_insert(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        nonlocal fired
        if fired or not statement.lstrip().upper().startswith("INSERT INTO BOT_STATE"):
            return
        fired = True
        with competitor.begin() as other:
            other.execute(
                insert(StoreItemRow.__table__).values(  # type: ignore[attr-defined]
                    key=key,
                    document='{"owner":"competitor"}',
                    e_tag="competitor",
                    updated_at=datetime.now(UTC),
                )
            )

    event.listen(engine, "before_cursor_execute", before_insert)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before_insert)
    assert fired


async def test_insert_race_without_e_tag_last_write_wins(make_pg_engine: EngineFactory) -> None:
    engine, competitor = make_pg_engine(), make_pg_engine()
    storage = SqlStorage(engine)

    with _competitor_inserts_first(engine, competitor, "conv"):
        await storage.write({"conv": {"owner": "me"}})

    stored = (await storage.read(["conv"]))["conv"]
    assert stored["owner"] == "me"
    assert stored["e_tag"] != "competitor"


async def test_insert_race_with_e_tag_is_a_conflict(make_pg_engine: EngineFactory) -> None:
    engine, competitor = make_pg_engine(), make_pg_engine()
    storage = SqlStorage(engine)

    with (
        _competitor_inserts_first(engine, competitor, "conv"),
        pytest.raises(ETagConflictError, match="stored e_tag is 'competitor'"),
    ):
        # "before" sorts first, so it is written before the conflict and must be rolled back
        await storage.write({"before": {"n": 1}, "conv": {"owner": "me", "e_tag": "mine"}})

    assert await storage.read(["before", "conv"]) == {
        "conv": {"owner": "competitor", "e_tag": "competitor"}
    }


async def test_updated_at_is_recorded(make_engine: EngineFactory) -> None:
    engine = make_engine()
    await SqlStorage(engine).write({"k": {}})
    with engine.connect() as conn:
        updated_at = conn.execute(select(StoreItemRow.__table__.c.updated_at)).scalar_one()  # type: ignore[attr-defined]
    assert updated_at is not None
