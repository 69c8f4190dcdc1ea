"""Black-box: report pages and reminder rounds query the database off the event loop.

One event loop serves every team's turns; a report opened or a reminder round run while
the database waits (a lock, a slow disk) must not stop them meanwhile. Every statement
these run is recorded with the thread it ran on: none may run on the event loop's.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.conftest import Clock
from tests.teams_harness import TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")


class OnTheLoop:
    """The statements run on the thread that runs the event loop (this test's)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.loop_thread = threading.get_ident()
        self.statements: list[str] = []
        self.elsewhere = 0

    def __call__(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if threading.get_ident() == self.loop_thread:
            self.statements.append(statement.split("\n")[0][:80])
        else:
            self.elsewhere += 1


@pytest.fixture
def on_the_loop(engine: Engine) -> Iterator[OnTheLoop]:
    recorder = OnTheLoop(engine)
    yield recorder
    if sa.event.contains(engine, "before_cursor_execute", recorder):
        sa.event.remove(engine, "before_cursor_execute", recorder)


def recording(recorder: OnTheLoop) -> None:
    sa.event.listen(recorder.engine, "before_cursor_execute", recorder)


@pytest.fixture
async def quiet_teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    """No reminder loop: the test runs the round itself (and nothing else runs meanwhile)."""
    harness = TeamsHarness(engine, clock, settings={"REMINDER_CHECK_SECONDS": "0"})
    await harness.start()
    yield harness
    await harness.stop()


async def test_report_pages_read_off_the_event_loop(
    quiet_teams: TeamsHarness, on_the_loop: OnTheLoop
) -> None:
    teams = quiet_teams
    await teams.say(ANNA, "start Fietspad")
    card = last_card(await teams.say(ANNA, "volgende"))
    await teams.submit(ANNA, submit_data(card) | {"text": "Een fietspad"})
    summary = last_card(await teams.say(ANNA, "samenvatting"))
    link = next(a["url"] for a in summary["actions"] if a["type"] == "Action.OpenUrl")
    recording(on_the_loop)
    for url, status in (
        (link, 200),
        (link + "/impact.png", 200),
        (link + "/export.csv", 200),
        (link[:-4] + "AAAA", 404),
    ):
        assert (await teams.get(url))[0] == status, url
    assert on_the_loop.statements == []
    assert on_the_loop.elsewhere > 0  # the recorder saw the reads


async def test_a_reminder_round_queries_off_the_event_loop(
    quiet_teams: TeamsHarness, clock: Clock, on_the_loop: OnTheLoop
) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Fietspad <at>Bram Bakker</at>", mentions=(BRAM,))
    await teams.say(ANNA, "herinner")
    recording(on_the_loop)
    report = await teams.components.scheduler.run_due(clock())
    assert sorted(report.sent) == sorted([ANNA.aad, BRAM.aad])
    assert on_the_loop.statements == []
    assert on_the_loop.elsewhere > 0
