"""The reminder scheduler: a task inside each bot process that sends due reminders.

Every CHECK_INTERVAL (or at once when a `herinner` planned one for now) it runs
`run_due(now)`: nothing outside working hours; else it expands due reminders into
deliveries and sends each delivery it manages to claim, by 1:1 message. The claims are
in the database (domain/reminders.py), so with several processes each reminder still
goes out once, and a restart picks up where the last process stopped.

Tests call `run_due` with the time they want instead of waiting for the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.delivery.channel import Delivery, Membership
from bot.delivery.messenger import Messenger
from bot.runtime.background import running_until_asked_to_stop
from bot.storage.engine import run_off_loop
from dialogs import reminder_views
from dialogs.progress_views import address_of
from dialogs.views import TextView
from domain.models import DeliveryStatus
from domain.reminders import DeliveryJob, ReminderService
from domain.team import TeamService
from domain.working_time import may_send

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

CHECK_INTERVAL = timedelta(minutes=1)
STOP_GRACE_SECONDS = 10  # at shutdown, let the message being sent finish


@dataclass
class RunReport:
    """What one round did."""

    quiet_hours: bool = False
    sent: list[str] = field(default_factory=list)  # user ids
    failed: list[str] = field(default_factory=list)


class ReminderScheduler:
    """Sends due reminders; one per process, sharing the work through the database."""

    def __init__(
        self,
        reminders: ReminderService,
        team: TeamService,
        messenger: Messenger,
        clock: Callable[[], datetime],
        interval: timedelta = CHECK_INTERVAL,
    ) -> None:
        self._reminders = reminders
        self._team = team
        self._messenger = messenger
        self._clock = clock
        self._interval = interval
        self.worker = f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self.round_finished: asyncio.Event | None = None  # set after each round (tests)

    def wake(self) -> None:
        """Run a round now instead of at the next interval (a reminder planned for now)."""
        if self._wake is not None:
            self._wake.set()

    async def run_due(self, now: datetime) -> RunReport:
        """Send every reminder due at `now` that this process can claim."""
        report = RunReport()
        if not may_send(now):
            report.quiet_hours = True
            return report
        # Every database call runs in a worker thread: a round that waits on a lock must
        # not hold up the chat turns on the event loop.
        await run_off_loop(self._reminders.expire_stuck, now)
        await run_off_loop(self._reminders.expand_due, now, self.worker)
        while not self._stopping:
            job = await run_off_loop(self._reminders.claim_delivery, now, self.worker)
            if job is None:
                break
            status, outcome = await self._deliver(job)
            await run_off_loop(self._reminders.finish, job.delivery_id, status, outcome)
            (report.sent if status == DeliveryStatus.SENT else report.failed).append(
                job.participant.user_id
            )
        if report.sent or report.failed:
            log.info(
                "reminders sent",
                extra={
                    "event": "reminders_sent",
                    "sent": len(report.sent),
                    "failed": len(report.failed),
                },
            )
        return report

    async def _deliver(self, job: DeliveryJob) -> tuple[str, str | None]:
        """One reminder to one person; the starter hears about it when that fails."""
        assessment, participant = job.assessment, job.participant
        address = address_of(assessment)
        account_id = participant.account_id or participant.user_id
        member = await self._messenger.membership(address, account_id)
        if member is Membership.NOT_MEMBER:
            return await self._left(job)
        view = reminder_views.reminder(assessment, participant, job.open_count)
        not_reached = reminder_views.not_delivered(assessment, participant)
        delivered = await self._messenger.send_direct(
            address,
            account_id,
            [view],
            notice=not_reached,
            project=assessment.public_id,
        )
        if delivered is Delivery.SENT:
            return DeliveryStatus.SENT, None
        if delivered is Delivery.QUEUED:
            # Throttled or slow for now (429, 503, a timeout): the outbox sends it later and
            # tells the starter only if it never arrives. Not a failure (issue 17).
            return DeliveryStatus.SENT, "queued"
        if delivered is Delivery.LEFT:
            return await self._left(job)
        await self._tell_starter(job, not_reached)
        return DeliveryStatus.FAILED, "unreachable"

    async def _left(self, job: DeliveryJob) -> tuple[str, str | None]:
        assert job.assessment.id is not None
        await run_off_loop(self._team.mark_left, job.assessment.id, job.participant.user_id)
        await self._tell_starter(job, reminder_views.left_team(job.assessment, job.participant))
        return DeliveryStatus.FAILED, "left"

    async def _tell_starter(self, job: DeliveryJob, note: TextView) -> None:
        address = address_of(job.assessment)
        await self._messenger.post(address, note, project=job.assessment.public_id)

    def context(
        self,
    ) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
        """An aiohttp cleanup context running the scheduler for the app's lifetime."""

        @contextlib.asynccontextmanager
        async def run(_app: web.Application) -> AsyncIterator[None]:
            self._wake = asyncio.Event()
            self.round_finished = asyncio.Event()
            self._stopping = False
            async with running_until_asked_to_stop(
                self._loop(), self._stop, STOP_GRACE_SECONDS, cut_off=_say_cut_off
            ):
                yield

        return run

    def _stop(self) -> None:
        """Finish the reminder at hand, then leave the loop."""
        self._stopping = True
        if self._wake is not None:
            self._wake.set()

    async def _loop(self) -> None:
        assert self._wake is not None and self.round_finished is not None
        while not self._stopping:
            try:
                await self.run_due(self._clock())
            except Exception:  # a failed round must not stop the next one
                log.exception("reminder round failed", extra={"event": "scheduler_failed"})
            self.round_finished.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval.total_seconds())
            self._wake.clear()


def _say_cut_off() -> None:
    log.warning("reminder round cut off", extra={"event": "scheduler_cut"})
