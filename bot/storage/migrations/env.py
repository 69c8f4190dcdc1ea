"""Alembic environment: runs migrations on the engine the application hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.storage.delivery_claims
import bot.storage.outbox
import bot.storage.user_memory  # noqa: F401  (registers the user_memory table)
import domain.models  # noqa: F401  (registers the domain tables)

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Online migrations only: the app always has an engine."""
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
