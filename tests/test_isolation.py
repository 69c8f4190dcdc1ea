"""Issue 17, item 1: no team's Bot Connector can delay another team's turn.

Black-box over /api/messages on SQLite and PostgreSQL: a connector that holds its answers
(an `asyncio.Event` the test sets, no sleeps) for more conversations than asyncio's default
thread pool has workers, while a healthy team starts a project and answers; and a turn whose
connector never answers still answers Teams within its budget, its reply kept in the outbox.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import Engine

from bot.storage.outbox import BACKOFF
from tests.conftest import Clock
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
QUIET = {"REMINDER_CHECK_SECONDS": "0", "OUTBOX_CHECK_SECONDS": "0"}
HELD_TEAMS = 8  # more than asyncio's default pool on 2 cores (6), where msrest used to wait


@pytest.fixture
async def teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings=QUIET)
    await harness.start()
    yield harness
    await harness.stop()


async def until(condition: object, what: str) -> None:
    """Yield to the event loop until `condition()` holds (bounded, so a bug fails)."""

    async def wait() -> None:
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0)

    try:
        await asyncio.wait_for(wait(), 10)
    except TimeoutError:
        pytest.fail(f"never happened: {what}")


async def test_held_connectors_of_other_teams_do_not_delay_a_healthy_team(
    teams: TeamsHarness,
) -> None:
    gate = asyncio.Event()
    held = [f"19:held{n}@thread.tacv2" for n in range(HELD_TEAMS)]
    for conversation in held:
        teams.connector.held[conversation] = gate
    waiting = [
        asyncio.create_task(
            teams.post(teams.activity(BRAM, text="<at>Breedbeeld</at> help", conversation=c))
        )
        for c in held
    ]
    await until(lambda: teams.connector.waiting >= HELD_TEAMS, "every held team waits")
    # The healthy team: a start (database work) and an answer, while the others hang.
    started = await asyncio.wait_for(teams.say(ANNA, "start Fietspad"), 10)
    assert "Nieuw project: Fietspad" in last_card(started).get("body")[0]["inlines"][0]["text"]
    question = await asyncio.wait_for(teams.say(ANNA, "volgende"), 10)
    data = submit_data(last_card(question))
    data["text"] = "Meer kinderen fietsen."
    data["effect"], data["certainty"] = "positive", "likely"
    answered = await asyncio.wait_for(teams.submit(ANNA, data), 10)
    assert any("Opgeslagen" in r.text for r in answered)
    assert not any(task.done() for task in waiting), "the held teams were not held"
    gate.set()
    for status, _replies in await asyncio.gather(*waiting):
        assert status < 300
    for conversation in held:  # each held team got its help, once
        assert len([c for c in teams.connector.calls if c.conversation_id == conversation]) == 1


async def test_a_hanging_connector_costs_its_turn_no_more_than_the_budget(
    engine: Engine, clock: Clock
) -> None:
    harness = TeamsHarness(engine, clock, settings={**QUIET, "CONNECTOR_TURN_SECONDS": "0.3"})
    await harness.start()
    try:
        gate = asyncio.Event()
        harness.connector.held[CHANNEL] = gate  # every thread of the channel hangs
        status, replies = await harness.post(
            harness.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")
        )
        assert status == 201 and replies == []  # answered in time, nothing sent yet
        assert harness.components is not None
        outbox = harness.components.outbox
        assert harness.components.bot.messenger.outbox is not None
        assert harness.components.bot.messenger.outbox.waiting() == 1
        # The project was stored: the answer turn did its work.
        assert harness.components.service.find.running(CHANNEL) is not None
        gate.set()
        clock.advance(seconds=BACKOFF[0].total_seconds())
        report = await outbox.run_due()
        assert report.sent == 1
        cards = [c for c in harness.connector.calls if c.card is not None]
        assert len(cards) == 1 and "Fietspad" in cards[0].card_text()
        assert harness.components.bot.messenger.outbox.waiting() == 0
    finally:
        await harness.stop()
