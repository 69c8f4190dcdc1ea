"""Each delivered activity is applied once, even when the channel delivers it again.

Teams re-sends an activity it did not see acknowledged in time. The (channel, conversation,
activity id) triple is claimed in the database; a second delivery finds it claimed and is
dropped (the HTTP response is still a success, so the channel stops retrying).

The claim commits with the turn's work, never before it (issue 17):
- An answer on a card (nine turns in ten) writes it in the answer's own transaction.
- Any other turn writes it in the first transaction of the turn that changes something
  (`_claim_with_first_write`, a hook on the engine's commit), so a crash before the work
  committed leaves no claim and Teams' redelivery does the work; a crash after leaves
  both, and the redelivery is dropped.
- A turn that changed nothing claims in a transaction of its own before it replies.
A claim that committed with work is never released: a reply that fails after it does not
make the redelivery store the answer twice (and say "Bijgewerkt"). Only a claim taken on
its own (no work) is released when the turn fails, so a genuine retry can still succeed.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import weakref
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel

from bot.storage.engine import run_database_work
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


class RepeatedDelivery(Exception):
    """This activity was claimed by an earlier delivery: the turn is dropped."""


class DeliveryClaim:
    """One delivery's claim: written with the turn's first change (`write_with`, by the
    answer itself or by the commit hook), else by `take` before the turn replies."""

    def __init__(self, engine: Engine, key: tuple[str, str, str], moment: datetime) -> None:
        self._engine = engine
        self._values = {
            "channel_id": key[0],
            "conversation_id": key[1],
            "activity_id": key[2],
            "received_at": moment,
        }
        self.taken = False
        self.with_work = False  # committed with the turn's work: never released
        self.tried = False  # written in some transaction (maybe not committed yet)

    @property
    def activity_id(self) -> str:
        """The claimed activity's id (for the log)."""
        return str(self._values["activity_id"])

    def write_with(self, connection: Connection) -> None:
        """Claim within the caller's transaction; RepeatedDelivery rolls all of it back."""
        self.tried = True
        if not _CLAIM_IF_NEW.rows(connection, self._values):
            raise RepeatedDelivery(self._values["activity_id"])

    def written(self) -> None:
        """The transaction with `write_with` (and the turn's work) committed."""
        self.taken = True
        self.with_work = True

    def take(self) -> None:
        """Claim in a transaction of its own, if the turn's work did not claim already."""
        if self.taken:
            return
        with self._engine.begin() as connection:
            self.write_with(connection)
        self.taken = True

    def release(self) -> None:
        """The turn failed after a claim of its own (no work): a retry may run it again.

        A claim written with the turn's work stays: that work is done.
        """
        if not self.taken or self.with_work:
            return
        with self._engine.begin() as connection:
            connection.execute(
                sa.delete(_TABLE).where(*(_TABLE.c[name] == self._values[name] for name in _KEY))
            )
        self.taken = False


async def apply_once(
    engine: Engine,
    key: tuple[str, str, str] | None,
    moment: datetime,
    work: Callable[[DeliveryClaim | None], Awaitable[None]],
    *,
    claimed_in_turn: bool,
) -> None:
    """Run a delivery's turn once: claim it with the turn's work, or before it replies.

    `claimed_in_turn`: the turn gets its `DeliveryClaim` and writes it itself (a message:
    an answer in its own transaction, any other turn before replying); else the claim is
    taken before the work (the welcome). Without a key nothing is claimed. A repeat is
    dropped (logged); any other failure releases a claim taken on its own and is raised.
    Each edge calls this for its channel's deliveries (Teams: `bot/teams/apply_once.py`).
    """
    if key is None:
        await work(None)
        return
    _claim_with_first_write(engine)
    claim = DeliveryClaim(engine, key, moment)
    token = _PENDING.set(claim)
    try:
        if not claimed_in_turn:
            await run_database_work(engine, claim.take)
        await work(claim if claimed_in_turn else None)
        if not claim.taken:  # neither stored nor replied
            await run_database_work(engine, claim.take)
    except RepeatedDelivery:
        log.info(
            "repeated delivery dropped",
            extra={"event": "duplicate_activity", "activity": claim.activity_id},
        )
    except BaseException:
        try:
            await run_database_work(engine, claim.release)
        except Exception:  # the database itself may be what failed
            log.warning("claim not released", extra={"event": "claim_release_failed"})
        raise
    finally:
        _PENDING.reset(token)


# The claim of the turn in progress that has not been written yet (see the module).
_PENDING: contextvars.ContextVar[DeliveryClaim | None] = contextvars.ContextVar(
    "breedbeeld_pending_claim", default=None
)
_HOOKED: weakref.WeakSet[Engine] = weakref.WeakSet()
_HOOKING = threading.Lock()
_WRITES = ("INSERT", "UPDATE", "DELETE")


def _claim_with_first_write(engine: Engine) -> None:
    """Hook the engine once: the first transaction of a turn that writes carries its claim."""
    if engine in _HOOKED:
        return
    with _HOOKING:
        if engine in _HOOKED:
            return
        sa.event.listen(engine, "before_cursor_execute", _note_write)
        sa.event.listen(engine, "commit", _write_claim)
        sa.event.listen(engine, "rollback", _forget_write)
        _HOOKED.add(engine)


def _note_write(
    connection: Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    if _PENDING.get() is not None and statement.lstrip()[:6].upper() in _WRITES:
        connection.info["bb_wrote"] = True


def _forget_write(connection: Connection) -> None:
    if not connection.invalidated:  # a lost connection's info is gone with it
        connection.info.pop("bb_wrote", None)


def _write_claim(connection: Connection) -> None:
    """Before a turn's writing transaction commits: write the claim in it (once)."""
    if not connection.info.pop("bb_wrote", False):
        return
    claim = _PENDING.get()
    if claim is None or claim.taken or claim.tried:  # the answer writes its own
        return
    claim.write_with(connection)  # RepeatedDelivery: this transaction does not commit
    # Whether the commit itself succeeds is not known here: either way the claim must not
    # be released (if it failed, there is nothing to release).
    claim.written()


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

    A read only, for an edge that can tell a repeat before building the turn (Slack:
    before looking the sender up); the claim itself is still taken by `apply_once`.
    """
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(_TABLE.c.activity_id).where(
                *(_TABLE.c[name] == value for name, value in zip(_KEY, key, strict=True))
            )
        ).first()
    return found is not None
