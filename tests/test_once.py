"""Issue 17, item 3: once means once, also when the reply fails or the process dies.

Black-box over /api/messages on SQLite and PostgreSQL. Teams' redelivery is the same
activity posted again; a process that dies before it can release a claim is played by a
claim whose `release` does nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.delivery_claims import DeliveryClaim
from bot.storage.outbox import BACKOFF
from domain.rounds import Rounds
from tests.conftest import Clock
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA = User("Anna de Vries")
QUIET = {"REMINDER_CHECK_SECONDS": "0", "OUTBOX_CHECK_SECONDS": "0"}


@pytest.fixture
async def teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings=QUIET)
    await harness.start()
    yield harness
    await harness.stop()


def answers(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM answer")).scalar_one())


async def first_answer(teams: TeamsHarness) -> dict[str, Any]:
    """A started project and the answer submit to its first question (not posted yet)."""
    await teams.say(ANNA, "start Fietspad")
    data = submit_data(last_card(await teams.say(ANNA, "volgende")))
    data["text"] = "Meer kinderen fietsen."
    data["effect"], data["certainty"] = "positive", "likely"
    return teams.activity(ANNA, value=data)


@pytest.mark.parametrize("status", [403, 503])
async def test_a_failed_reply_after_the_answer_does_not_store_it_twice(
    teams: TeamsHarness, engine: Engine, clock: Clock, status: int
) -> None:
    activity = await first_answer(teams)
    teams.connector.fail_next(status)  # the confirmation and next question
    first, _ = await teams.post(activity)
    assert first == 201
    assert answers(engine) == 1
    again, replies = await teams.post(activity)  # Teams redelivers
    assert again == 201 and replies == []  # dropped: no second answer, no "Bijgewerkt"
    assert answers(engine) == 1
    assert teams.components is not None
    clock.advance(seconds=BACKOFF[0].total_seconds())
    await teams.components.outbox.run_due()
    texts = [c.text for c in teams.connector.calls]
    assert not any("Bijgewerkt" in t for t in texts)
    if status == 503:  # refused for now: the confirmation comes from the outbox, once
        assert len([t for t in texts if "Opgeslagen" in t]) == 1


async def test_a_command_whose_work_did_not_commit_runs_again_on_redelivery(
    teams: TeamsHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The process "dies" in the turn: its work fails and it cannot release anything.
    monkeypatch.setattr(DeliveryClaim, "release", lambda self: None)
    original = Rounds.start
    calls = {"n": 0}

    def start_that_dies_once(self: Rounds, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("killed before the work committed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Rounds, "start", start_that_dies_once)
    activity = teams.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")
    await teams.post(activity)
    assert teams.components is not None
    assert teams.components.service.find.running(CHANNEL) is None
    status, replies = await teams.post(activity)  # Teams redelivers
    assert status == 201
    assert teams.components.service.find.running(CHANNEL) is not None
    assert "Nieuw project: Fietspad" in last_card(replies)["body"][0]["inlines"][0]["text"]
    # A third delivery finds the claim that came with the work.
    status, replies = await teams.post(activity)
    assert status == 201 and replies == []
