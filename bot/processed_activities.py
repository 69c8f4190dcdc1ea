"""Each delivered activity is applied once, even when the channel delivers it again.

Teams re-sends an activity it did not see acknowledged in time. The (channel, conversation,
activity id) triple is claimed in the database before the turn runs; a second delivery
finds it claimed and is dropped (the HTTP response is still a success, so the channel stops
retrying). A turn that fails releases its claim, so a genuine retry can still succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import sqlalchemy as sa
from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import ActivityTypes
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from bot.database import run_database_work

log = logging.getLogger(__name__)


class ProcessedActivity(SQLModel, table=True):
    """An activity that has been (or is being) handled."""

    __tablename__ = "processed_activity"

    channel_id: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    conversation_id: str = Field(sa_column=sa.Column(sa.String(512), primary_key=True))
    activity_id: str = Field(sa_column=sa.Column(sa.String(256), primary_key=True))
    received_at: datetime = Field(
        sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True)
    )


_CLAIM = sa.insert(ProcessedActivity)  # built once; the key comes as parameters


class ApplyOnce(Middleware):
    """Botbuilder middleware that drops repeated deliveries of a message activity."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        """Claim the activity, run the turn, and release the claim if the turn fails."""
        activity = context.activity
        key = _key_of(activity)
        # Messages and conversation updates (the welcome) change things; others do not.
        kinds = (ActivityTypes.message, ActivityTypes.conversation_update)
        if activity.type not in kinds or key is None:
            await logic()
            return
        if not await run_database_work(self._engine, self._claim, key):
            log.info(
                "repeated delivery dropped",
                extra={"event": "duplicate_activity", "activity": key[2]},
            )
            return
        try:
            await logic()
        except BaseException:
            await run_database_work(self._engine, self._release, key)
            raise

    def _claim(self, key: tuple[str, str, str]) -> bool:
        values = {
            "channel_id": key[0],
            "conversation_id": key[1],
            "activity_id": key[2],
            "received_at": self._clock(),
        }
        try:
            with self._engine.begin() as connection:
                connection.execute(_CLAIM, values)
        except IntegrityError:
            return False
        return True

    def _release(self, key: tuple[str, str, str]) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                sa.delete(ProcessedActivity).where(
                    ProcessedActivity.channel_id == key[0],  # type: ignore[arg-type]
                    ProcessedActivity.conversation_id == key[1],  # type: ignore[arg-type]
                    ProcessedActivity.activity_id == key[2],  # type: ignore[arg-type]
                )
            )


def forget_processed_before(engine: Engine, moment: datetime) -> int:
    """Drop claims older than `moment` (channels retry for minutes, not days)."""
    with engine.begin() as connection:
        result = connection.execute(
            sa.delete(ProcessedActivity).where(
                ProcessedActivity.received_at < moment  # type: ignore[arg-type]
            )
        )
    return int(result.rowcount or 0)


def _key_of(activity: object) -> tuple[str, str, str] | None:
    channel = getattr(activity, "channel_id", None)
    conversation = getattr(activity, "conversation", None)
    activity_id = getattr(activity, "id", None)
    conversation_id = getattr(conversation, "id", None)
    if not (channel and conversation_id and activity_id):
        return None
    return str(channel)[:32], str(conversation_id)[:512], str(activity_id)[:256]
