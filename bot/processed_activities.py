"""Each delivered activity is applied once, even when the channel delivers it again.

Teams re-sends an activity it did not see acknowledged in time. The (channel, conversation,
activity id) triple is claimed in the database before the turn runs; a second delivery
finds it claimed and is dropped (the HTTP response is still a success, so the channel stops
retrying). A turn that fails releases its claim, so a genuine retry can still succeed.

An answer on a card (nine turns in ten) writes its claim in the answer's own transaction
instead: one commit less per turn, and a failed answer takes its claim back with it
(`DeliveryClaim`, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import ActivityTypes
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel

from bot.database import run_database_work
from domain.direct_sql import DirectStatement

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


_TABLE: sa.Table = ProcessedActivity.__table__  # type: ignore[attr-defined]
# In a transaction that does more, a repeat must not raise mid-way: nothing is inserted,
# and nothing is returned (rowcount is no help: psycopg reports -1 here). On PostgreSQL a
# second delivery waits for the first one's commit.
# Run on the driver's cursor: it is one of the answer turn's four statements.
_KEY = ("channel_id", "conversation_id", "activity_id")
_CLAIM_IF_NEW = DirectStatement(
    lambda dialect: (
        (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
        .on_conflict_do_nothing()
        .returning(_TABLE.c.activity_id)
    ),
    keys=(*_KEY, "received_at"),
)
CLAIM_IN_TURN = "breedbeeld.claim_in_turn"  # turn_state key of a claim the turn writes itself


class RepeatedDelivery(Exception):
    """This activity was claimed by an earlier delivery: the turn is dropped."""


class DeliveryClaim:
    """One delivery's claim: taken by `take` in a transaction of its own before the turn,
    or (an answer on a card) by `write_with` in the answer's transaction (`KeptWithAnswer`),
    else by `take` before the turn replies (a refused answer, an unknown project)."""

    def __init__(self, engine: Engine, key: tuple[str, str, str], moment: datetime) -> None:
        self._engine = engine
        self._values = {
            "channel_id": key[0],
            "conversation_id": key[1],
            "activity_id": key[2],
            "received_at": moment,
        }
        self.taken = False

    @property
    def activity_id(self) -> str:
        """The claimed activity's id (for the log)."""
        return str(self._values["activity_id"])

    def write_with(self, connection: Connection) -> None:
        """Claim within the caller's transaction; RepeatedDelivery rolls all of it back."""
        if not _CLAIM_IF_NEW.rows(connection, self._values):
            raise RepeatedDelivery(self._values["activity_id"])

    def written(self) -> None:
        """The transaction with `write_with` committed."""
        self.taken = True

    def take(self) -> None:
        """Claim in a transaction of its own, if the turn's work did not claim already."""
        if self.taken:
            return
        with self._engine.begin() as connection:
            self.write_with(connection)
        self.written()

    def release(self) -> None:
        """The turn failed after its claim committed: a retry may run it again."""
        if not self.taken:
            return
        with self._engine.begin() as connection:
            connection.execute(
                sa.delete(_TABLE).where(*(_TABLE.c[name] == self._values[name] for name in _KEY))
            )
        self.taken = False


class ApplyOnce(Middleware):
    """Botbuilder middleware that drops repeated deliveries of a message activity."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime],
        claims_itself: Callable[[Any], bool] = lambda _value: False,
    ) -> None:
        """`claims_itself(activity.value)`: the turn writes its claim in its own transaction
        (an answer on a card); the bot finds a `DeliveryClaim` in the turn state."""
        self._engine = engine
        self._clock = clock
        self._claims_itself = claims_itself

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        """Claim the activity, run the turn, and release the claim if the turn fails."""
        activity = context.activity
        key = _key_of(activity)
        # Messages and conversation updates (the welcome) change things; others do not.
        kinds = (ActivityTypes.message, ActivityTypes.conversation_update)
        if activity.type not in kinds or key is None:
            await logic()
            return
        claim = DeliveryClaim(self._engine, key, self._clock())
        try:
            if activity.type == ActivityTypes.message and self._claims_itself(activity.value):
                context.turn_state[CLAIM_IN_TURN] = claim  # the answer's transaction takes it
            else:
                await run_database_work(self._engine, claim.take)
            await logic()
            if not claim.taken:  # was to claim itself, but neither stored nor replied
                await run_database_work(self._engine, claim.take)
        except RepeatedDelivery:
            log.info(
                "repeated delivery dropped",
                extra={"event": "duplicate_activity", "activity": claim.activity_id},
            )
        except BaseException:
            await run_database_work(self._engine, claim.release)
            raise


def forget_processed_before(engine: Engine, moment: datetime) -> int:
    """Drop claims older than `moment` (channels retry for minutes, not days)."""
    with engine.begin() as connection:
        result = connection.execute(
            sa.delete(ProcessedActivity).where(
                ProcessedActivity.received_at < moment  # type: ignore[arg-type]
            )
        )
    return int(result.rowcount or 0)


def delivery_key(channel: str, conversation_id: str, activity_id: str) -> tuple[str, str, str]:
    """The key a delivery is claimed under (what the table's columns hold)."""
    return channel[:32], conversation_id[:512], activity_id[:256]


def is_claimed(engine: Engine, key: tuple[str, str, str]) -> bool:
    """True when a delivery with this key was handled (or is being handled) already.

    A read only, for an edge that can tell a repeat before building the activity (Slack:
    before looking the sender up); the claim itself is still taken by `ApplyOnce`.
    """
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(_TABLE.c.activity_id).where(
                *(_TABLE.c[name] == value for name, value in zip(_KEY, key, strict=True))
            )
        ).first()
    return found is not None


def _key_of(activity: object) -> tuple[str, str, str] | None:
    channel = getattr(activity, "channel_id", None)
    conversation = getattr(activity, "conversation", None)
    activity_id = getattr(activity, "id", None)
    conversation_id = getattr(conversation, "id", None)
    if not (channel and conversation_id and activity_id):
        return None
    return delivery_key(str(channel), str(conversation_id), str(activity_id))
