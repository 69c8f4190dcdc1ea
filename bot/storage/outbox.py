"""The outbox table: what the bot could not send yet, kept in SQL to be sent again later.

A reply the connector refused for now (429 or 503, often with Retry-After), that timed out
or whose turn ran out of time, and every proactive message that failed the same way
(reminder, invitation, progress card, summary) becomes a row here. Each bot process runs
an `OutboxWorker` (bot/delivery/outbox.py): it claims due rows with a conditional UPDATE
(the way reminders are claimed, domain/reminders.py), sends them, and deletes a row once
it was sent. A row is claimed by one process at a time, for a lease longer than any call
can take, so with several processes a message still goes out once. A process that dies
after sending and before deleting leaves the row to be sent again when its lease ends:
the one case where a message can arrive twice.

The next try waits for the connector's Retry-After when it gave one, else for the next
step of `BACKOFF`. After MAX_ATTEMPTS the row is dropped and its notice (if any: the
starter's "could not reach …") is posted in the assessment's thread.

A row keeps the channel's own messages as JSON (each channel's sender encodes and decodes
them: a Bot Framework activity for Teams, Block Kit for Slack), so this module knows no
channel SDK.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Field, SQLModel

from dialogs.views import Address

log = logging.getLogger(__name__)

BACKOFF = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=15),
)
MAX_ATTEMPTS = len(BACKOFF) + 1  # the first try and one per step of BACKOFF
MAX_RETRY_AFTER = timedelta(hours=1)  # a longer Retry-After is taken as one hour
LEASE = timedelta(minutes=5)  # longer than any send of a row can take
BATCH = 32  # rows claimed per round


class OutboxKind(StrEnum):
    """How a row is sent."""

    SEND = "send"  # messages posted in a conversation (a thread, a chat)
    DIRECT = "direct"  # messages in a 1:1 chat with `target` (an account id)
    UPDATE = "update"  # the message `target` replaced by the (one) message


class OutboxMessage(SQLModel, table=True):
    """A message waiting to be sent again. `project` names the assessment it is about
    (when known): deleting the assessment deletes its rows (foreign key, cascade)."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    project: str | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.String(32),
            sa.ForeignKey("assessment.public_id", ondelete="CASCADE"),
            nullable=True,
            index=True,
        ),
    )
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    service_url: str = Field(sa_column=sa.Column(sa.String(512), nullable=False))
    tenant_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(128)))
    conversation_id: str = Field(sa_column=sa.Column(sa.String(512), nullable=False))
    target: str | None = Field(default=None, sa_column=sa.Column(sa.String(512)))
    body: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    notice: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    attempts: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    next_at: datetime = Field(
        sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True)
    )
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(80)))
    claimed_until: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True))
    )
    created_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.String(200)))


_TABLE: sa.Table = OutboxMessage.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Outgoing:
    """One message to send (again): where, how, and what to say if it never arrives."""

    kind: OutboxKind
    address: Address
    messages: tuple[dict[str, Any], ...]  # the channel's messages, as its sender encodes them
    target: str | None = None  # DIRECT: the account id; UPDATE: the message id
    notice: dict[str, Any] | None = None  # posted in `address` when it could not be delivered
    project: str | None = None  # the assessment's public id, when the message is about one


@dataclass(frozen=True)
class Failure:
    """Why a send failed, as far as the retry is concerned."""

    retryable: bool
    retry_after: timedelta | None = None
    gone: bool = False  # the person is no longer there (404, Slack user_not_found)
    reason: str = ""


def next_try(attempts: int, failure: Failure, now: datetime) -> datetime | None:
    """When to try again after `attempts` tries; None when that was the last one."""
    if attempts >= MAX_ATTEMPTS:
        return None
    wait = failure.retry_after
    if wait is None:
        wait = BACKOFF[min(attempts, len(BACKOFF)) - 1] if attempts > 0 else BACKOFF[0]
    return now + wait


@dataclass(frozen=True)
class Claimed:
    """A row this process claimed: send it, then `sent` or `failed`."""

    id: int
    attempts: int  # including this try
    outgoing: Outgoing


class Outbox:
    """The outbox table: add, claim, finish. Synchronous; callers use run_database_work."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self._clock = clock

    def add(self, outgoing: Outgoing, failure: Failure, attempts: int = 1) -> bool:
        """Keep a message that failed `attempts` times; False when no try is left."""
        now = self._clock()
        when = next_try(attempts, failure, now)
        if when is None:
            return False
        values = {
            "project": outgoing.project,
            "kind": outgoing.kind.value,
            "channel": outgoing.address.channel,
            "service_url": outgoing.address.service_url,
            "tenant_id": outgoing.address.tenant_id,
            "conversation_id": outgoing.address.conversation_id,
            "target": outgoing.target,
            "body": json.dumps(list(outgoing.messages)),
            "notice": json.dumps(outgoing.notice) if outgoing.notice else None,
            "attempts": attempts,
            "next_at": when,
            "created_at": now,
            "last_error": failure.reason[:200],
        }
        try:
            with self.engine.begin() as connection:
                if outgoing.kind is OutboxKind.UPDATE:  # a newer card replaces a waiting one
                    connection.execute(
                        sa.delete(_TABLE).where(
                            _TABLE.c.kind == OutboxKind.UPDATE.value,
                            _TABLE.c.conversation_id == outgoing.address.conversation_id,
                            _TABLE.c.target == outgoing.target,
                            sa.or_(_TABLE.c.claimed_until.is_(None), _TABLE.c.claimed_until < now),
                        )
                    )
                connection.execute(sa.insert(_TABLE).values(**values))
        except sa.exc.IntegrityError:  # its project was deleted meanwhile: nothing to send
            log.info("outbox row for a deleted project dropped", extra={"event": "outbox_orphan"})
            return True
        log.info(
            "message kept in the outbox",
            extra={"event": "outbox_added", "kind": outgoing.kind.value, "why": failure.reason},
        )
        return True

    def claim_due(self, worker: str, limit: int = BATCH) -> list[Claimed]:
        """Claim up to `limit` rows that are due and not claimed by a live process."""
        now = self._clock()
        free = sa.or_(_TABLE.c.claimed_until.is_(None), _TABLE.c.claimed_until < now)
        with self.engine.connect() as connection:
            ids = list(
                connection.execute(
                    sa.select(_TABLE.c.id)
                    .where(_TABLE.c.next_at <= now, free)
                    .order_by(_TABLE.c.next_at)
                    .limit(limit)
                ).scalars()
            )
        claimed = []
        for row_id in ids:
            with self.engine.begin() as connection:
                result = connection.execute(
                    sa.update(_TABLE)
                    .where(_TABLE.c.id == row_id, _TABLE.c.next_at <= now, free)
                    .values(
                        claimed_by=worker,
                        claimed_until=now + LEASE,
                        attempts=_TABLE.c.attempts + 1,
                    )
                )
                if not cast(CursorResult[Any], result).rowcount:
                    continue  # another process was first
                row = connection.execute(sa.select(_TABLE).where(_TABLE.c.id == row_id)).one()
            claimed.append(Claimed(row_id, int(row.attempts), _outgoing(row)))
        return claimed

    def sent(self, row_id: int, worker: str) -> None:
        """The row's message went out: it is done."""
        with self.engine.begin() as connection:
            connection.execute(
                sa.delete(_TABLE).where(_TABLE.c.id == row_id, _TABLE.c.claimed_by == worker)
            )

    def failed(self, claimed: Claimed, failure: Failure, worker: str) -> bool:
        """Plan the next try (unclaimed); False when none is left and the row is gone."""
        when = next_try(claimed.attempts, failure, self._clock()) if failure.retryable else None
        mine = (_TABLE.c.id == claimed.id, _TABLE.c.claimed_by == worker)
        with self.engine.begin() as connection:
            if when is None:
                connection.execute(sa.delete(_TABLE).where(*mine))
                return False
            connection.execute(
                sa.update(_TABLE)
                .where(*mine)
                .values(
                    next_at=when,
                    claimed_by=None,
                    claimed_until=None,
                    last_error=failure.reason[:200],
                )
            )
        return True

    def waiting(self) -> int:
        """Rows not sent yet (for tests and /healthz)."""
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(_TABLE)).scalar_one()
            )


def _outgoing(row: Any) -> Outgoing:
    """The message a row keeps."""
    notice = json.loads(row.notice) if row.notice else None
    return Outgoing(
        kind=OutboxKind(row.kind),
        address=Address(row.channel, row.service_url, row.tenant_id, row.conversation_id),
        messages=tuple(json.loads(row.body)),
        target=row.target,
        notice=notice,
        project=row.project,
    )
