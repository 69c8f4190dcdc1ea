"""A task that runs beside the web app for as long as the app runs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from typing import Any


@contextlib.asynccontextmanager
async def running_beside(work: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    """Run `work` as a task inside the `with`; cancel it and wait for it on the way out.

    Why one helper: housekeeping and the card refresh are loops that must stop with the app,
    and a task that is not awaited after its cancel logs "Task was destroyed" at exit.
    """
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
