"""The team's progress card changes at most once per interval; the last change always lands.

Why: a teammate answering question after question would otherwise edit the card in the
channel on every answer. Teams and Slack rate-limit edits per conversation (HTTP 429), and
each edit is a call to the channel, the largest cost of an answer turn after the database
(docs/PERFORMANCE.md). So an answer updates the card at once when it was last updated
`interval` ago or longer; otherwise the card is refreshed once when the interval is over,
from a fresh read, so it shows every answer given in between.

Commands that change what the card says in another way (close, pause, deadline) update it
at once, as before. The refresh happens in this process; a crash loses at most the pending
refresh, and the next answer brings the card up to date again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.runtime.background import running_beside

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000  # assessments whose last update time is kept; older ones are dropped


class CardRefresh:
    """Decides per assessment whether its card is updated now or a little later."""

    def __init__(
        self,
        interval: timedelta,
        clock: Callable[[], datetime],
        refresh: Callable[[str], Awaitable[None]],
    ) -> None:
        """`refresh(public_id)` reads the assessment again and updates its card."""
        self._interval = interval
        self._clock = clock
        self._refresh = refresh
        self._last: dict[str, datetime] = {}  # public id -> when its card was last updated
        self._pending: dict[str, datetime] = {}  # public id -> when to refresh it
        self._wake: asyncio.Event | None = None

    def updated(self, public_id: str) -> None:
        """The card was just updated (or posted) by a turn."""
        self._remember(public_id, self._clock())

    def may_update_now(self, public_id: str) -> bool:
        """True: update the card now. False: a refresh is planned for the end of the interval."""
        if self._interval <= timedelta(0):
            return True
        now = self._clock()
        last = self._last.get(public_id)
        if public_id not in self._pending and (last is None or now - last >= self._interval):
            self._remember(public_id, now)
            return True
        if public_id not in self._pending:
            self._pending[public_id] = (last or now) + self._interval
            if self._wake is not None:
                self._wake.set()
        return False

    @property
    def remembered(self) -> int:
        """How many assessments' last update times are kept (bounded)."""
        return len(self._last)

    @property
    def pending(self) -> int:
        """How many cards wait for their refresh."""
        return len(self._pending)

    async def refresh_due(self) -> int:
        """Refresh every card whose interval is over; returns how many were refreshed."""
        now = self._clock()
        due = [public_id for public_id, when in self._pending.items() if when <= now]
        for public_id in due:
            del self._pending[public_id]
            self._remember(public_id, now)
            try:
                await self._refresh(public_id)
            except Exception:  # one card that cannot be refreshed must not stop the others
                log.warning(
                    "progress card refresh failed",
                    exc_info=True,
                    extra={"event": "card_refresh_failed", "assessment": public_id},
                )
        return len(due)

    def _remember(self, public_id: str, now: datetime) -> None:
        self._last[public_id] = now
        if len(self._last) > MAX_REMEMBERED:  # keep memory bounded: forget settled cards
            settled = [p for p, when in self._last.items() if now - when >= self._interval]
            for old in settled:
                del self._last[old]

    def context(
        self,
    ) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
        """An aiohttp cleanup context that refreshes pending cards while the app runs."""

        @contextlib.asynccontextmanager
        async def run(_app: web.Application) -> AsyncIterator[None]:
            self._wake = asyncio.Event()
            async with running_beside(self._loop(self._wake)):
                yield
            with contextlib.suppress(Exception):  # the last changes still reach the card
                self._pending = dict.fromkeys(self._pending, self._clock())
                await self.refresh_due()

        return run

    async def _loop(self, wake: asyncio.Event) -> None:
        while True:
            if not self._pending:
                await wake.wait()
            wake.clear()
            first = min(self._pending.values(), default=self._clock())
            wait = max((first - self._clock()).total_seconds(), 0.0)
            with contextlib.suppress(TimeoutError):
                # Woken early by a new pending card: recompute the first due time.
                await asyncio.wait_for(wake.wait(), timeout=wait or 0.001)
                continue
            await self.refresh_due()
