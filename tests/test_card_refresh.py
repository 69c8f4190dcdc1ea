"""The team card is updated at most once per interval; the last change always lands.

Black-box over HTTP with the default behaviour switched on (PROGRESS_CARD_SECONDS=3; the
other tests update on every answer), and the refresher's own rules as plain unit tests.
Time is the tests' clock: nothing sleeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.turns.card_refresh import MAX_REMEMBERED, CardRefresh
from tests.conftest import Clock
from tests.teams_harness import TeamsHarness, User, last_card
from tests.test_teams_flow import answer_for

ANNA = User("Anna de Vries")


@pytest.fixture
async def throttled(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings={"PROGRESS_CARD_SECONDS": "3"})
    await harness.start()
    yield harness
    await harness.stop()


async def _answer(teams: TeamsHarness, card: dict) -> dict:  # type: ignore[type-arg]
    replies = await teams.submit(ANNA, answer_for(ANNA, card))
    assert replies[0].text.startswith("Opgeslagen"), replies[0].text
    return last_card(replies)


async def test_quick_answers_update_the_card_once_and_the_rest_shows_after_the_interval(
    throttled: TeamsHarness, clock: Clock
) -> None:
    teams = throttled
    await teams.say(ANNA, "start Fietspad")
    card = last_card(await teams.say(ANNA, "volgende"))
    for _ in range(3):
        card = await _answer(teams, card)
    updates = teams.connector.updates()
    assert len(updates) == 1  # the first answer at once; the next two wait
    # The card counts answers given out of answers asked; the first answer (a question
    # for the whole team) is counted at once.
    assert "Het team gaf 1 van de 35 antwoorden." in updates[0].card_text()
    assert teams.components is not None
    refresh = teams.components.bot.card_refresh
    assert refresh.pending == 1
    clock.advance(seconds=2)
    assert await refresh.refresh_due() == 0  # the interval is not over yet
    clock.advance(seconds=1)
    assert await refresh.refresh_due() == 1
    updates = teams.connector.updates()
    assert len(updates) == 2
    assert {u.activity_id for u in updates} == {updates[0].activity_id}  # the same card
    # Read again: all three.
    assert "Het team gaf 3 van de 35 antwoorden." in updates[-1].card_text()
    clock.advance(seconds=3)
    await _answer(teams, card)  # the card settled: the next answer updates it at once
    assert len(teams.connector.updates()) == 3
    assert refresh.pending == 0


async def test_closing_updates_the_card_at_once_even_right_after_an_answer(
    throttled: TeamsHarness,
) -> None:
    teams = throttled
    await teams.say(ANNA, "start Fietspad")
    card = last_card(await teams.say(ANNA, "volgende"))
    await _answer(teams, card)
    await teams.say(ANNA, "afronden ja")
    updates = teams.connector.updates()
    assert len(updates) == 2
    assert "Dit project is afgerond op" in updates[-1].card_text()


class _Now:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_every_answer_updates_at_once_when_the_interval_is_zero() -> None:
    async def refresh(_public_id: str) -> None:
        raise AssertionError("nothing waits, so nothing is refreshed later")

    cards = CardRefresh(timedelta(0), _Now(), refresh)
    assert all(cards.may_update_now("a") for _ in range(5))
    assert cards.pending == 0


async def test_one_failed_refresh_does_not_stop_the_others() -> None:
    now, refreshed = _Now(), []

    async def refresh(public_id: str) -> None:
        if public_id == "broken":
            raise RuntimeError("the channel refused")
        refreshed.append(public_id)

    cards = CardRefresh(timedelta(seconds=3), now, refresh)
    for public_id in ("broken", "fine"):
        assert cards.may_update_now(public_id)
        assert not cards.may_update_now(public_id)
    now.now += timedelta(seconds=3)
    assert await cards.refresh_due() == 2
    assert refreshed == ["fine"] and cards.pending == 0


def test_the_remembered_update_times_stay_bounded() -> None:
    now = _Now()

    async def refresh(_public_id: str) -> None:
        return None

    cards = CardRefresh(timedelta(seconds=3), now, refresh)
    for number in range(MAX_REMEMBERED + 50):
        now.now += timedelta(seconds=1)
        cards.updated(f"assessment-{number}")
    assert cards.remembered <= MAX_REMEMBERED


async def test_the_running_app_refreshes_a_waiting_card_by_itself() -> None:
    """The background task of `context()`: woken by a waiting card, it refreshes it once due."""
    import asyncio

    from aiohttp import web

    now, done, refreshed = _Now(), asyncio.Event(), []

    async def refresh(public_id: str) -> None:
        refreshed.append(public_id)
        done.set()

    cards = CardRefresh(timedelta(seconds=3), now, refresh)
    async with cards.context()(web.Application()):
        assert cards.may_update_now("a")
        assert not cards.may_update_now("a")  # waits for t+3 s; the task sleeps until then
        now.now += timedelta(seconds=5)
        # Another card that starts waiting wakes the task, which finds "a" due.
        assert cards.may_update_now("b") and not cards.may_update_now("b")
        await asyncio.wait_for(done.wait(), timeout=10)
        assert refreshed == ["a"] and cards.pending == 1  # "b" waits for its own interval
    assert refreshed == ["a", "b"]  # at shutdown the waiting card is refreshed at once


async def test_in_slack_the_waiting_card_is_refreshed_with_chat_update(
    engine: Engine, clock: Clock
) -> None:
    """The same rule in Slack, where the card is a message kept current with chat.update."""
    from tests.slack_harness import CHANNEL, SlackHarness, SlackUser, posted, replaced

    anna, bram = SlackUser("Anna de Vries"), SlackUser("Bram Bakker")
    slack = SlackHarness(engine, clock)
    await slack.start(PROGRESS_CARD_SECONDS="3")
    try:
        slack.add_users(anna, bram)
        calls = await slack.mention(anna, f"start Fietspad <@{bram.id}>")
        invitation = next(c for c in posted(calls) if c.channel == bram.dm)
        question = posted(await slack.click(bram, invitation, button="Eerste vraag"))[-1]
        updates = []
        for text in ("Een fietspad", "Veilig naar school"):
            answered = await slack.click(bram, question, inputs={"text": text})
            assert posted(answered) == []  # the question moved on in place
            question = replaced(answered, question)
            assert "Opgeslagen" in question.all_text()
            updates += [c for c in answered if c.method == "chat.update" and c.channel == CHANNEL]
        assert len(updates) == 1
        assert "Het team gaf 1 van de 61 antwoorden." in updates[0].all_text()
        clock.advance(seconds=3)
        assert slack.components is not None
        assert await slack.components.bot.card_refresh.refresh_due() == 1
        refreshed = [c for c in slack.slack.calls if c.method == "chat.update"][-1]
        assert refreshed.channel == CHANNEL and refreshed.args["ts"] == updates[0].args["ts"]
        assert "Het team gaf 2 van de 61 antwoorden." in refreshed.all_text()
    finally:
        await slack.stop()
