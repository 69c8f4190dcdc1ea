"""Issue 17, items 3 and 6: what the connector refuses for now is sent later, once.

Black-box over /api/messages (and /api/slack) on SQLite and PostgreSQL, with a fake
connector that answers 429/503 (with or without Retry-After) on demand and a fake clock:
the outbox is driven by calling `run_due` after moving the clock, never by waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.outbox import BACKOFF, MAX_ATTEMPTS, Outbox
from domain.models import DeliveryStatus, ReminderDelivery
from tests.conftest import Clock
from tests.slack_harness import SlackHarness, SlackUser
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card
from tests.test_teams_flow import answer_for

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
QUIET = {"REMINDER_CHECK_SECONDS": "0", "OUTBOX_CHECK_SECONDS": "0"}


@pytest.fixture
async def teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings=QUIET)
    await harness.start()
    yield harness
    await harness.stop()


def outbox_of(harness: TeamsHarness | SlackHarness) -> Outbox:
    assert harness.components is not None
    outbox = harness.components.bot.messenger.outbox
    assert outbox is not None
    return outbox


def in_thread(teams: TeamsHarness, thread: str) -> list[str]:
    return [c.text or c.card_text() for c in teams.connector.calls if c.conversation_id == thread]


async def test_a_throttled_reply_waits_for_retry_after_and_arrives_once(
    teams: TeamsHarness, clock: Clock
) -> None:
    teams.connector.fail_next(429, retry_after="30")
    status, replies = await teams.post(teams.activity(ANNA, text="<at>Breedbeeld</at> help"))
    assert status == 201 and replies == []
    assert outbox_of(teams).waiting() == 1
    health = await teams.client.get("/healthz")  # type: ignore[union-attr]
    assert health.status == 200 and (await health.json())["outbox"] == 1
    assert teams.components is not None
    worker = teams.components.outbox
    clock.advance(seconds=29)
    assert (await worker.run_due()).sent == 0  # Retry-After: 30 is honoured
    clock.advance(seconds=1)
    assert (await worker.run_due()).sent == 1
    help_cards = [c for c in teams.connector.calls if "Zo werkt Breedbeeld" in c.card_text()]
    assert len(help_cards) == 1
    clock.advance(minutes=30)
    assert (await worker.run_due()).sent == 0 and outbox_of(teams).waiting() == 0


async def test_a_503_without_retry_after_backs_off_and_tries_again(
    teams: TeamsHarness, clock: Clock
) -> None:
    teams.connector.fail_next(503, times=2)
    status, _ = await teams.post(teams.activity(ANNA, text="<at>Breedbeeld</at> help"))
    assert status == 201
    assert teams.components is not None
    worker = teams.components.outbox
    clock.advance(seconds=BACKOFF[0].total_seconds())
    assert (await worker.run_due()).retried == 1  # the second 503
    clock.advance(seconds=BACKOFF[1].total_seconds() - 1)
    assert (await worker.run_due()).sent == 0  # not yet: the second step waits longer
    clock.advance(seconds=1)
    assert (await worker.run_due()).sent == 1


async def test_each_message_is_sent_once_by_two_bot_processes(
    teams: TeamsHarness, engine: Engine, clock: Clock
) -> None:
    other = TeamsHarness(engine, clock, settings=QUIET)
    await other.start()
    try:
        for _ in range(5):
            teams.connector.fail_next(503)
            await teams.post(teams.activity(ANNA, text="<at>Breedbeeld</at> help"))
        assert outbox_of(teams).waiting() == 5
        clock.advance(seconds=BACKOFF[0].total_seconds())
        assert teams.components is not None and other.components is not None
        first, second = await asyncio.gather(
            teams.components.outbox.run_due(), other.components.outbox.run_due()
        )
        assert first.sent + second.sent == 5
        help_cards = [c for c in teams.connector.calls if "Zo werkt Breedbeeld" in c.card_text()]
        assert len(help_cards) == 5
        assert outbox_of(teams).waiting() == 0
    finally:
        await other.stop()


async def test_a_brief_429_on_a_reminder_is_not_a_failure(
    teams: TeamsHarness, clock: Clock, engine: Engine
) -> None:
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    thread = teams.components.service.find.running(CHANNEL).thread_id  # type: ignore[union-attr]
    await teams.say(ANNA, "herinner")
    teams.connector.fail_next(429, retry_after="5", times=2)  # both 1:1 chats, once each
    assert teams.components is not None
    report = await teams.components.scheduler.run_due(clock())
    assert report.failed == [] and len(report.sent) == 2
    with engine.connect() as connection:
        statuses = connection.execute(sa.select(ReminderDelivery.status)).scalars().all()
    assert set(statuses) == {DeliveryStatus.SENT}
    assert not any("geen herinnering sturen" in t for t in in_thread(teams, thread))
    clock.advance(seconds=5)
    assert (await teams.components.outbox.run_due()).sent == 2
    reminders = [c for c in teams.connector.calls if "Herinnering" in c.card_text()]
    assert len(reminders) == 2
    assert not any("geen herinnering sturen" in t for t in in_thread(teams, thread))


async def test_after_the_last_try_the_starter_is_told_in_plain_words(
    teams: TeamsHarness, clock: Clock
) -> None:
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    thread = teams.components.service.find.running(CHANNEL).thread_id  # type: ignore[union-attr]
    await teams.say(ANNA, "herinner")
    assert teams.components is not None
    # Bram's 1:1 chat answers 503 every time; Anna's reminder goes through.
    teams.connector.fail_next(503, times=MAX_ATTEMPTS, where=BRAM.id)
    report = await teams.components.scheduler.run_due(clock())
    assert report.failed == []
    worker = teams.components.outbox
    for step in BACKOFF:
        assert not any("geen herinnering sturen" in t for t in in_thread(teams, thread))
        clock.advance(seconds=step.total_seconds())
        await worker.run_due()
    told = [t for t in in_thread(teams, thread) if "geen herinnering sturen" in t]
    assert len(told) == 1 and told[0].startswith("Anna de Vries, ik kon Bram Bakker geen")
    assert outbox_of(teams).waiting() == 0


async def test_a_slack_reply_refused_for_now_is_sent_later(engine: Engine, clock: Clock) -> None:
    harness = SlackHarness(engine, clock)
    await harness.start(**QUIET)
    try:
        anna = SlackUser("Anna de Vries")
        harness.add_users(anna)
        harness.slack.unavailable["chat.postMessage"] = 1
        await harness.mention(anna, "help")
        assert not [c for c in harness.slack.posted()]
        assert outbox_of(harness).waiting() == 1
        assert harness.components is not None
        clock.advance(seconds=BACKOFF[0].total_seconds())
        assert (await harness.components.outbox.run_due()).sent == 1
        assert len(harness.slack.posted()) == 1
        assert outbox_of(harness).waiting() == 0
    finally:
        await harness.stop()


async def test_a_waiting_card_update_is_replaced_by_a_newer_one(
    teams: TeamsHarness, clock: Clock
) -> None:
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    card_thread = teams.components.service.find.running(CHANNEL)  # type: ignore[union-attr]
    assert card_thread is not None and card_thread.progress_activity_id
    replies = await teams.say(BRAM, "volgende")
    for _ in range(2):  # two answers, each card update refused for now
        teams.connector.fail_next(503, where=card_thread.progress_conversation_id or "")
        replies = await teams.submit(BRAM, answer_for(BRAM, last_card(replies)))
    assert not teams.connector.failures
    assert teams.components is not None
    updates_before = len(teams.connector.updates())
    clock.advance(minutes=1)
    await teams.components.outbox.run_due()
    assert len(teams.connector.updates()) - updates_before == 1  # only the newest card


async def test_a_reply_that_never_arrives_is_followed_by_a_plain_notice(
    teams: TeamsHarness, clock: Clock
) -> None:
    teams.connector.fail_next(503, times=MAX_ATTEMPTS)
    status, _ = await teams.post(teams.activity(ANNA, text="<at>Breedbeeld</at> help"))
    assert status == 201
    assert teams.components is not None
    for step in BACKOFF:
        clock.advance(seconds=step.total_seconds())
        await teams.components.outbox.run_due()
    texts = [c.text for c in teams.connector.calls]
    assert texts == [
        "Ik kon je eerder een bericht niet sturen. Wat je invulde is wel bewaard. "
        "Typ **volgende** om verder te gaan."
    ]
    assert outbox_of(teams).waiting() == 0
