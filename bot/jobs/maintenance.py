"""Housekeeping inside the bot process: retention of closed assessments, old delivery ids.

Runs once at start-up and then every hour. Each step is a single DELETE, so running it in
several processes at once is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from bot.runtime.background import running_beside
from bot.storage.delivery_claims import forget_processed_before
from bot.storage.engine import run_off_loop
from bot.storage.user_memory import forget_memory_before
from domain.services import Assessments

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

INTERVAL = timedelta(hours=1)
DELIVERY_MEMORY = timedelta(days=2)  # channels retry within minutes; two days is ample
DAYS_PER_MONTH = 30.44


def run_maintenance(
    service: Assessments, engine: Engine, retention_months: int, now: datetime
) -> dict[str, int]:
    """Delete what is past its time; returns how much of each kind went."""
    deleted = {"assessments": 0, "deliveries": 0, "user_states": 0}
    if retention_months > 0:
        cutoff = now - timedelta(days=retention_months * DAYS_PER_MONTH)
        deleted["assessments"] = service.rounds.delete_closed_before(cutoff)
        deleted["user_states"] = forget_memory_before(engine, cutoff)
    deleted["deliveries"] = forget_processed_before(engine, now - DELIVERY_MEMORY)
    log.info("maintenance done", extra={"event": "maintenance", **deleted})
    return deleted


def maintenance_context(
    service: Assessments,
    engine: Engine,
    retention_months: int,
    clock: Callable[[], datetime],
) -> Callable[[web.Application], contextlib.AbstractAsyncContextManager[None]]:
    """An aiohttp cleanup context that runs maintenance now and then every INTERVAL."""

    @contextlib.asynccontextmanager
    async def context(_app: web.Application) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                try:  # in a thread: deleting old rows must not hold up the chat turns
                    await run_off_loop(run_maintenance, service, engine, retention_months, clock())
                except Exception:  # a failed round must not stop the next one
                    log.exception("maintenance failed", extra={"event": "maintenance_failed"})
                await asyncio.sleep(INTERVAL.total_seconds())

        async with running_beside(loop()):
            yield

    return context
