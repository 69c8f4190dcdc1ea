"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import bot.storage.delivery_claims
import bot.storage.user_memory  # noqa: F401  (registers the user_memory table)
import domain.models  # noqa: F401  (registers the domain tables)
from bot.storage.engine import HEAD_REVISION, alembic_config, migrate, schema_version


def test_migrations_match_the_models(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_the_head_the_start_checks_is_alembics_head(engine: Engine) -> None:
    """A start skips Alembic when the database is at HEAD_REVISION: it must be the newest
    migration, or a new migration would never run."""
    assert schema_version(engine) is None  # a new database: migrate runs Alembic
    assert ScriptDirectory.from_config(alembic_config(engine)).get_heads() == [HEAD_REVISION]
    migrate(engine)
    assert schema_version(engine) == HEAD_REVISION
    migrate(engine)  # at the head: nothing to do, nothing breaks
    assert schema_version(engine) == HEAD_REVISION
