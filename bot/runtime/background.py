"""Tasks that run beside the web app for as long as the app runs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
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


@contextlib.asynccontextmanager
async def running_until_asked_to_stop(
    work: Coroutine[Any, Any, None],
    stop: Callable[[], None],
    grace_seconds: float,
    cut_off: Callable[[], None] = lambda: None,
) -> AsyncIterator[None]:
    """Run `work` as a task inside the `with`; on the way out call `stop` and give the task
    `grace_seconds` to finish what it holds, then cancel it (and call `cut_off`).

    Why not `running_beside`: the outbox and the reminder scheduler hold claimed messages
    mid-send; a cancel would leave them to the next claim timeout, a stop lets the round end.
    """
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        stop()
        try:
            await asyncio.wait_for(task, grace_seconds)
        except TimeoutError:
            cut_off()
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the app itself is being cancelled: let it be
            # else the task was cancelled from elsewhere: it has stopped, all we asked for
