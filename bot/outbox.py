"""The outbox: what the bot could not send yet, kept in SQL and sent again later.

A reply the connector refused for now (429 or 503, often with Retry-After), that timed out
or whose turn ran out of time, and every proactive message that failed the same way
(reminder, invitation, progress card, summary) becomes a row here. Each bot process runs
an `OutboxWorker`: it claims due rows with a conditional UPDATE (the way reminders are
claimed, domain/reminders.py), sends them, and deletes a row once it was sent. A row is
claimed by one process at a time, for a lease longer than any call can take, so with
several processes a message still goes out once. A process that dies after sending and
before deleting leaves the row to be sent again when its lease ends: the one case where
a message can arrive twice.

The next try waits for the connector's Retry-After when it gave one, else for the next
step of `BACKOFF`. After MAX_ATTEMPTS the row is dropped and its notice (if any: the
starter's "could not reach …") is posted in the assessment's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, cast

import aiohttp
import sqlalchemy as sa
from aiohttp import web
from botbuilder.schema import Activity
from msrest.exceptions import HttpOperationError
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Field, SQLModel

from bot.storage.engine import run_database_work
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
CHECK_INTERVAL = timedelta(seconds=5)
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class OutboxKind(StrEnum):
    """How a row is sent."""

    SEND = "send"  # activities posted in a conversation (a thread, a chat)
    DIRECT = "direct"  # activities in a 1:1 chat with `target` (an account id)
    UPDATE = "update"  # the activity `target` replaced by the (one) activity


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
    activities: tuple[Activity, ...]
    target: str | None = None  # DIRECT: the account id; UPDATE: the activity id
    notice: Activity | None = None  # posted in `address` when it could not be delivered
    project: str | None = None  # the assessment's public id, when the message is about one


@dataclass(frozen=True)
class Failure:
    """Why a send failed, as far as the retry is concerned."""

    retryable: bool
    retry_after: timedelta | None = None
    gone: bool = False  # the person is no longer there (404, Slack user_not_found)
    reason: str = ""


_SLACK_GONE = frozenset({"user_not_found", "user_disabled", "account_inactive", "user_not_visible"})


def classify(error: BaseException) -> Failure:
    """Whether an error from the connector (or Slack) is worth another try, and when."""
    if isinstance(error, SlackApiError):
        response: Any = error.response
        status = int(getattr(response, "status_code", 0) or 0)
        code = str(response.get("error") if hasattr(response, "get") else "")
        if status == 429 or code == "ratelimited" or status >= 500:
            headers = getattr(response, "headers", None) or {}
            return Failure(True, _retry_after(headers), reason=f"slack {status} {code}")
        return Failure(False, gone=code in _SLACK_GONE, reason=f"slack {code}")
    if isinstance(error, HttpOperationError):
        answer: Any = error.response
        status = int(getattr(answer, "status_code", 0) or 0)
        if status in RETRYABLE_STATUS:
            headers = getattr(answer, "headers", None) or {}
            return Failure(True, _retry_after(headers), reason=f"http {status}")
        return Failure(False, gone=status == 404, reason=f"http {status}")
    if isinstance(error, (TimeoutError, aiohttp.ClientError, ConnectionError)):
        return Failure(True, reason=type(error).__name__)
    return Failure(False, reason=type(error).__name__)


def _retry_after(headers: Any) -> timedelta | None:
    """The Retry-After header: seconds, or an HTTP date; None when absent or unreadable."""
    value = None
    with contextlib.suppress(Exception):
        value = headers.get("Retry-After") or headers.get("retry-after")
    if not value:
        return None
    text = str(value).strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = (moment - datetime.now(UTC)).total_seconds()
    return min(timedelta(seconds=max(0.0, seconds)), MAX_RETRY_AFTER)


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
            "body": json.dumps([_as_json(a) for a in outgoing.activities]),
            "notice": json.dumps(_as_json(outgoing.notice)) if outgoing.notice else None,
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


def _as_json(activity: Activity) -> dict[str, Any]:
    """The activity as the connector gets it; a card (a dict subclass, which msrest would
    turn into its repr) stays the JSON it is."""
    data: dict[str, Any] = activity.serialize()
    for index, attachment in enumerate(activity.attachments or []):
        if isinstance(attachment.content, dict):
            data["attachments"][index]["content"] = attachment.content
    return data


def _outgoing(row: Any) -> Outgoing:
    """The message a row keeps."""
    notice = json.loads(row.notice) if row.notice else None
    return Outgoing(
        kind=OutboxKind(row.kind),
        address=Address(row.channel, row.service_url, row.tenant_id, row.conversation_id),
        activities=tuple(Activity.deserialize(a) for a in json.loads(row.body)),
        target=row.target,
        notice=Activity.deserialize(notice) if notice else None,
        project=row.project,
    )


class Sender(Protocol):
    """What the worker needs of the messenger: send a message now, raising on failure."""

    async def send_now(self, outgoing: Outgoing) -> None:
        """Send, or raise the channel's error."""
        ...

    async def tell(self, address: Address, notice: Activity, project: str | None) -> None:
        """Post a notice in the thread (kept in the outbox itself if that fails)."""
        ...


@dataclass
class RoundReport:
    """What one outbox round did (tests)."""

    sent: int = 0
    retried: int = 0
    given_up: int = 0


class OutboxWorker:
    """Sends due outbox rows; one per process, sharing the rows through the database."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        clock: Callable[[], datetime],
        interval: timedelta = CHECK_INTERVAL,
        concurrency: int = 16,
    ) -> None:
        self._outbox = outbox
        self._sender = sender
        self._clock = clock
        self._interval = interval
        self._concurrency = concurrency
        self.worker = f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._stopping = False
        self._wake: asyncio.Event | None = None

    def wake(self) -> None:
        """Look for due rows now."""
        if self._wake is not None:
            self._wake.set()

    async def run_due(self) -> RoundReport:
        """Send every row due now that this process can claim (at most BATCH at a time)."""
        report = RoundReport()
        engine = self._outbox.engine
        while not self._stopping:
            batch = await run_database_work(engine, self._outbox.claim_due, self.worker)
            if not batch:
                break
            limit = asyncio.Semaphore(self._concurrency)
            await asyncio.gather(*(self._limited(limit, c, report) for c in batch))
        return report

    async def _limited(
        self, limit: asyncio.Semaphore, claimed: Claimed, report: RoundReport
    ) -> None:
        async with limit:
            await self._send(claimed, report)

    async def _send(self, claimed: Claimed, report: RoundReport) -> None:
        engine = self._outbox.engine
        try:
            await self._sender.send_now(claimed.outgoing)
        except Exception as error:
            failure = classify(error)
            kept = await run_database_work(
                engine, self._outbox.failed, claimed, failure, self.worker
            )
            if kept:
                report.retried += 1
                return
            report.given_up += 1
            log.warning(
                "outbox message given up",
                extra={
                    "event": "outbox_given_up",
                    "attempts": claimed.attempts,
                    "why": failure.reason,
                },
            )
            outgoing = claimed.outgoing
            if outgoing.notice is not None:
                await self._sender.tell(outgoing.address, outgoing.notice, outgoing.project)
            return
        await run_database_work(engine, self._outbox.sent, claimed.id, self.worker)
        report.sent += 1

    def context(
        self,
    ) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
        """An aiohttp cleanup context running the worker for the app's lifetime."""

        @contextlib.asynccontextmanager
        async def run(_app: web.Application) -> AsyncIterator[None]:
            self._wake = asyncio.Event()
            self._stopping = False
            task = asyncio.create_task(self._loop())
            try:
                yield
            finally:
                self._stopping = True
                self._wake.set()
                with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(task, 10)

        return run

    async def _loop(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            try:
                await self.run_due()
            except Exception:  # a failed round must not stop the next one
                log.exception("outbox round failed", extra={"event": "outbox_failed"})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval.total_seconds())
            self._wake.clear()
