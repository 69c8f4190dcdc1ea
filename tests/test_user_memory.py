"""A person's memory between turns (bot/storage/user_memory.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from bench.roundtrips import DatabaseCounter
from bot.storage.engine import alembic_config, migrate
from bot.storage.user_memory import UserMemory, forget_memory_before, owner_key
from tests.conftest import Clock

OWNER = owner_key("msteams", "29:anna")


def test_entries_are_read_when_asked_and_written_when_changed(engine: Engine) -> None:
    migrate(engine)
    first = UserMemory(engine, OWNER)
    with DatabaseCounter(engine) as setting:
        first["language"] = "en"
        first["pending:19:abc"] = {"a": "p1", "q": "nu.wonen"}
        first.save()
    assert not any(s.startswith("SELECT") for s in setting.statements)  # blind writes
    assert len(setting.statements) == 2
    again = UserMemory(engine, OWNER)
    assert again.get("language") == "en"
    assert again["pending:19:abc"] == {"a": "p1", "q": "nu.wonen"}
    assert again.get("choose:19:abc") is None
    assert sorted(again) == ["language", "pending:19:abc"]
    again["pending:19:abc"] = None  # forgetting is a write too
    again.save()
    assert UserMemory(engine, OWNER).get("pending:19:abc") is None
    assert UserMemory(engine, owner_key("msteams", "29:bram")).get("language") is None


def test_a_turn_that_changes_nothing_writes_nothing(engine: Engine) -> None:
    migrate(engine)
    memory = UserMemory(engine, OWNER)
    with DatabaseCounter(engine) as counter:
        assert memory.get("language") is None
        memory.save()
    assert len(counter.statements) == 1 and not memory.changed


def test_two_turns_of_one_person_both_save_and_the_last_wins(engine: Engine) -> None:
    """A double click: both turns read nothing and write the same entry; no conflict."""
    migrate(engine)
    one, two = UserMemory(engine, OWNER), UserMemory(engine, OWNER)
    one["pending:19:abc"] = {"a": "p1", "q": "first"}
    two["pending:19:abc"] = {"a": "p1", "q": "second"}
    one.save()
    two.save()
    assert UserMemory(engine, OWNER)["pending:19:abc"]["q"] == "second"


def test_retention_forgets_entries_not_written_since(engine: Engine, clock: Clock) -> None:
    migrate(engine)
    old = UserMemory(engine, OWNER, clock)
    old["language"] = "en"
    old.save()
    clock.advance(days=40)
    recent = UserMemory(engine, owner_key("msteams", "29:bram"), clock)
    recent["language"] = "nl"
    recent.save()
    assert forget_memory_before(engine, clock() - timedelta(days=30)) == 1
    assert UserMemory(engine, OWNER).get("language") is None
    assert UserMemory(engine, owner_key("msteams", "29:bram")).get("language") == "nl"


def test_the_upgrade_keeps_what_user_state_documents_remembered(engine: Engine) -> None:
    """Migration 0005 copies language, pending questions and waiting commands."""
    command.upgrade(alembic_config(engine), "0004_teamwork")
    document = {
        "memory": {
            "language": "en",
            "pending": {"19:abc": {"a": "p1", "q": "nu.wonen"}, "19:def": {"a": "p2", "q": "x"}},
            "choose": {"19:abc": {"cmd": "status", "arg": "", "m": [], "out": []}},
        }
    }
    with engine.begin() as connection:
        for key, body in (
            (OWNER, json.dumps(document)),
            ("msteams/conversations/19:abc", json.dumps({"memory": {"language": "nl"}})),
            (owner_key("msteams", "29:kapot"), "{not json"),
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO bot_state (key, document, e_tag, updated_at)"
                    " VALUES (:key, :document, 'e1', :now)"
                    # typed, so SQLAlchemy converts the time (sqlite3's own adapter is
                    # deprecated since Python 3.12 and warns)
                ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
                {"key": key, "document": body, "now": datetime.now(UTC)},
            )
    migrate(engine)
    memory = UserMemory(engine, OWNER)
    assert memory.get("language") == "en"
    assert memory["pending:19:abc"] == {"a": "p1", "q": "nu.wonen"}
    assert memory["pending:19:def"] == {"a": "p2", "q": "x"}
    assert memory["choose:19:abc"]["cmd"] == "status"
    assert len(memory) == 4  # the conversation's document and the broken one add nothing
    assert len(UserMemory(engine, owner_key("msteams", "29:kapot"))) == 0


def test_changes_written_in_the_callers_transaction_count_once_committed(engine: Engine) -> None:
    """The answer turn writes the memory in its own transaction: nothing left for save()."""
    migrate(engine)
    memory = UserMemory(engine, OWNER)
    memory["pending:19:abc"] = {"a": "p1", "q": "nu.wonen"}
    with engine.connect() as connection:  # a transaction that rolls back: nothing stored
        memory.write_with(connection)
        connection.rollback()
    assert memory.changed and UserMemory(engine, OWNER).get("pending:19:abc") is None
    with engine.begin() as connection:
        memory.write_with(connection)
    memory.written()
    memory["pending:19:abc"] = {"a": "p1", "q": "nu.wonen"}  # the same again: no new write
    assert not memory.changed
    assert UserMemory(engine, OWNER)["pending:19:abc"]["q"] == "nu.wonen"
