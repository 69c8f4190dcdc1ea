"""Sending again what the outbox (bot/storage/outbox.py) keeps: one worker per process.

The worker claims due rows, hands each to the `Sender` (the messenger, which asks the
row's channel), deletes a row once it was sent, and plans the next try otherwise; after
the last try the row's notice is posted in the assessment's thread. Which error is worth
another try is the channel sender's call; `classify_common` knows the errors of any
channel (a timeout, a closed connection) and `retry_after` reads a throttled answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from bot.runtime.background import running_until_asked_to_stop
from bot.storage.engine import run_database_work
from bot.storage.outbox import MAX_RETRY_AFTER, Claimed, Failure, Outbox, Outgoing
from dialogs.views import Address

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

CHECK_INTERVAL = timedelta(seconds=5)
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def classify_common(error: BaseException) -> Failure:
    """Whether an error any channel may raise (a timeout, a closed connection) is worth
    another try; each channel's sender adds its SDK's errors (`ChannelSender.classify`)."""
    import aiohttp  # here: `breedbeeld chat` never sends over HTTP and never loads aiohttp

    if isinstance(error, (TimeoutError, aiohttp.ClientError, ConnectionError)):
        return Failure(True, reason=type(error).__name__)
    return Failure(False, reason=type(error).__name__)


def retry_after(headers: Any) -> timedelta | None:
    """The Retry-After header: seconds, or an HTTP date; None when absent or unreadable.

    For a channel sender's `classify` of a throttled answer (429, 503)."""
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


class Sender(Protocol):
    """What the worker needs of the messenger: send a message now, raising on failure."""

    async def send_now(self, outgoing: Outgoing) -> None:
        """Send, or raise the channel's error."""
        ...

    async def tell(self, address: Address, notice: dict[str, Any], project: str | None) -> None:
        """Post a notice in the thread (kept in the outbox itself if that fails)."""
        ...

    def classify(self, channel: str, error: BaseException) -> Failure:
        """Whether the channel's error is worth another try, and when."""
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
            failure = self._sender.classify(claimed.outgoing.address.channel, error)
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
            async with running_until_asked_to_stop(self._loop(), self._stop, 10):
                yield

        return run

    def _stop(self) -> None:
        """Finish the message at hand, then leave the loop."""
        self._stopping = True
        if self._wake is not None:
            self._wake.set()

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
