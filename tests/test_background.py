"""Loops beside the app stop with it: cancelled (housekeeping) or asked to finish (outbox)."""

from __future__ import annotations

import asyncio

from bot.runtime.background import running_beside, running_until_asked_to_stop


async def test_a_loop_beside_the_app_is_cancelled_and_awaited() -> None:
    started, ended = asyncio.Event(), []

    async def loop() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            ended.append("cancelled")

    async with running_beside(loop()):
        await started.wait()
    assert ended == ["cancelled"]


async def test_a_loop_asked_to_stop_finishes_the_work_at_hand() -> None:
    stop, done, cut = asyncio.Event(), [], []

    async def loop() -> None:
        await stop.wait()
        done.append("finished the message at hand")

    async with running_until_asked_to_stop(loop(), stop.set, 10, cut_off=lambda: cut.append(1)):
        pass
    assert done == ["finished the message at hand"]
    assert cut == []


async def test_a_loop_that_does_not_stop_in_time_is_cut_off() -> None:
    cancelled, cut = [], []

    async def stuck() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async with running_until_asked_to_stop(stuck(), lambda: None, 0.01, lambda: cut.append(1)):
        pass
    assert cancelled == [True]
    assert cut == [1]


async def test_a_loop_cancelled_from_elsewhere_still_lets_the_app_stop() -> None:
    started = asyncio.Event()

    async def loop() -> None:
        started.set()
        await asyncio.Event().wait()

    async with running_until_asked_to_stop(loop(), lambda: None, 10):
        await started.wait()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()
