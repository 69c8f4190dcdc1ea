"""Issue 17, item 4: a dropped database connection loses no acknowledged answer.

Black-box over /api/messages on SQLite and PostgreSQL. On PostgreSQL the connection is
really ended (`pg_terminate_backend`, from inside the statement or from outside for the
whole pool); SQLite has no server to lose, so its driver reports the closed database it
would. A transaction lost before anything committed is retried; when retrying does not
help, Teams gets a 503 (so it redelivers) and the user one plain message, not two.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.engine import DB_RETRIES
from tests.conftest import POSTGRES_URL, Clock
from tests.teams_harness import TeamsHarness, User, last_card, submit_data

ANNA = User("Anna de Vries")
QUIET = {"REMINDER_CHECK_SECONDS": "0", "OUTBOX_CHECK_SECONDS": "0"}
CANNOT_SAVE = "Ik kan je bericht nu niet opslaan"


@pytest.fixture
async def teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings=QUIET)
    await harness.start()
    yield harness
    await harness.stop()


def answers(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM answer")).scalar_one())


def drop_connections(engine: Engine, statements: int) -> Callable[[], None]:
    """The next `statements` statements lose their connection; returns the undo."""
    left = [statements]

    def lose(_conn: Any, cursor: Any, *_args: Any) -> None:
        if left[0] <= 0:
            return
        left[0] -= 1
        if engine.dialect.name == "postgresql":  # the server ends this very backend
            cursor.connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    sa.event.listen(engine, "before_cursor_execute", lose)
    return lambda: sa.event.remove(engine, "before_cursor_execute", lose)


async def answer_activity(teams: TeamsHarness) -> dict[str, Any]:
    await teams.say(ANNA, "start Fietspad")
    data = submit_data(last_card(await teams.say(ANNA, "volgende")))
    data["text"] = "Meer kinderen fietsen."
    data["effect"], data["certainty"] = "positive", "likely"
    return teams.activity(ANNA, value=data)


async def test_an_answer_whose_connection_dropped_is_retried_and_stored(
    teams: TeamsHarness, engine: Engine
) -> None:
    activity = await answer_activity(teams)
    undo = drop_connections(engine, DB_RETRIES)
    try:
        status, replies = await teams.post(activity)
    finally:
        undo()
    assert status == 201
    assert [r.text for r in replies if "Opgeslagen" in r.text]
    assert not any(CANNOT_SAVE in r.text for r in replies)
    assert answers(engine) == 1


async def test_a_command_whose_connection_dropped_is_retried(
    teams: TeamsHarness, engine: Engine
) -> None:
    undo = drop_connections(engine, 1)
    try:
        replies = await teams.say(ANNA, "start Fietspad")
    finally:
        undo()
    assert "Nieuw project: Fietspad" in last_card(replies)["body"][0]["inlines"][0]["text"]


async def test_when_retrying_does_not_help_teams_redelivers_and_the_user_hears_it_once(
    teams: TeamsHarness, engine: Engine
) -> None:
    activity = await answer_activity(teams)
    undo = drop_connections(engine, 1_000)
    try:
        first, replies = await teams.post(activity)
        again, more = await teams.post(activity)  # Teams redelivers: still down
    finally:
        undo()
    assert first == 503 and again == 503
    told = [r.text for r in replies + more if CANNOT_SAVE in r.text]
    assert len(told) == 1  # one clear message, not one per delivery
    assert not any("Er ging bij mij iets mis" in r.text for r in replies + more)
    status, replies = await teams.post(activity)  # the database is back
    assert status == 201
    assert [r.text for r in replies if "Opgeslagen" in r.text]
    assert answers(engine) == 1


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # the server's own kill
async def test_pg_terminate_backend_of_the_whole_pool_loses_no_answer(
    teams: TeamsHarness, engine: Engine
) -> None:
    assert engine.dialect.name == "postgresql"
    activity = await answer_activity(teams)
    held = [engine.connect() for _ in range(3)]  # the pooled connections the bot will use
    pids = [c.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() for c in held]
    for connection in held:
        connection.close()
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.connect() as connection:
            for pid in pids:
                connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()
    status, replies = await teams.post(activity)
    assert status == 201
    assert [r.text for r in replies if "Opgeslagen" in r.text]
    assert answers(engine) == 1
