"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import bot.storage.delivery_claims
import bot.storage.user_memory  # noqa: F401  (registers the user_memory table)
import domain.models  # noqa: F401  (registers the domain tables)
from bot.storage.engine import migrate


def test_migrations_match_the_models(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
