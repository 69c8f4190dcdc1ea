"""Shared fixtures: a database per test on SQLite and on PostgreSQL, and a Teams harness.

Every test that asks for `database_url` runs twice: once on a SQLite file, once on the
PostgreSQL server at 127.0.0.1:5432 (database `test`) in a schema of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.engine import create_db_engine

POSTGRES_URL = os.environ.get(
    "BREEDBEELD_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty database (not yet migrated) on each backend."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path / 'breedbeeld.db'}")
        yield engine
        engine.dispose()
        return
    schema = f"bbtest_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = sa.create_engine(
        POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"}, pool_size=20
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Clock:
    """A controllable clock: tests move time instead of sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    """The bot app over real HTTP with a recording fake connector, as Teams drives it."""
    harness = TeamsHarness(engine, clock)
    await harness.start()
    yield harness
    await harness.stop()
    assert not harness.connector.invalid_cards, harness.connector.invalid_cards


from tests.teams_harness import TeamsHarness  # noqa: E402  (fixture type above)


@pytest.fixture
async def slack(engine: Engine, clock: Clock) -> AsyncIterator[SlackHarness]:
    """The bot app over real HTTP with a recording fake Slack Web API, as Slack drives it."""
    harness = SlackHarness(engine, clock)
    await harness.start()
    yield harness
    await harness.stop()


from tests.slack_harness import SlackHarness  # noqa: E402  (fixture type above)
