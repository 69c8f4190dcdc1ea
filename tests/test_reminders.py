"""Black-box: reminders over /api/messages, sent by the scheduler at an injected time.

Only people with open questions get one, by 1:1 message; nothing at night, at weekends
or on Dutch public holidays; two bot processes on one PostgreSQL database send each due
reminder exactly once; a restart neither loses nor repeats them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.app import build_components
from bot.config import Settings
from domain.models import DeliveryStatus
from domain.working_time import AMSTERDAM
from tests.conftest import Clock
from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User
from tests.test_teams_flow import answer_everything

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")
NO_LOOP = {"REMINDER_CHECK_SECONDS": "0"}  # tests call run_due themselves


def amsterdam(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(UTC)  # type: ignore[misc]


@pytest.fixture
async def quiet_teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(engine, clock, settings=NO_LOOP)
    await harness.start()
    yield harness
    await harness.stop()


def reminders_to(calls: list[Recorded]) -> list[str]:
    """The account ids the bot opened a 1:1 chat with to send a reminder."""
    posted = {c.conversation_id: c for c in calls if c.method == "POST"}
    found = []
    for call in calls:
        sent = posted.get(call.created_id or "") if call.method == "CREATE" else None
        if sent is not None and "Herinnering" in sent.card_text():
            found.append(call.body["members"][0]["id"])
    return found


async def run_due(teams: TeamsHarness, moment: datetime) -> list[str]:
    before = len(teams.connector.calls)
    await teams.components.scheduler.run_due(moment)
    return reminders_to(teams.connector.calls[before:])


async def test_reminders_only_to_the_one_with_open_questions_and_never_at_night(
    quiet_teams: TeamsHarness, clock: Clock
) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM, CHRIS)
    await teams.say(
        ANNA,
        "start Fietspad <at>Bram Bakker</at> <at>Chris Jansen</at>",
        mentions=(BRAM, CHRIS),
    )
    # Anna and Bram answer everything; Chris answers nothing.
    await answer_everything(teams, ANNA)
    await answer_everything(teams, BRAM)
    # Tuesday 24 November; the deadline is Friday 4 December.
    set_deadline = await teams.say(ANNA, "deadline 4 december")
    assert set_deadline[0].text == (
        "De deadline van **Fietspad** is nu vrijdag 4 december 2026. Herinneringen gaan uit "
        "op woensdag 2 december 2026 om 09:00 en vrijdag 4 december 2026 om 09:00, alleen "
        "naar wie nog vragen open heeft."
    )
    # Not yet due; then due, but it is night (Wednesday 23:00) and early morning.
    assert await run_due(teams, amsterdam(2026, 12, 1, 10, 0)) == []
    assert await run_due(teams, amsterdam(2026, 12, 2, 7, 59)) == []
    assert await run_due(teams, amsterdam(2026, 12, 2, 9, 0)) == [CHRIS.id]
    sent = [c for c in teams.connector.calls if "Herinnering: Fietspad" in c.card_text()]
    assert "Je hebt nog 26 vragen open voor **Fietspad**." in sent[0].card_text()
    assert "De deadline is vrijdag 4 december 2026." in sent[0].card_text()
    # Sent once: later rounds the same day send nothing more.
    assert await run_due(teams, amsterdam(2026, 12, 2, 9, 1)) == []
    # The deadline-morning reminder.
    assert await run_due(teams, amsterdam(2026, 12, 4, 9, 0)) == [CHRIS.id]


async def test_no_reminders_at_weekends_a_restart_loses_and_repeats_none(
    quiet_teams: TeamsHarness, clock: Clock
) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM, CHRIS)
    clock.now = amsterdam(2026, 11, 27, 17, 30)  # a Friday, half past five
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    asked = await teams.say(ANNA, "herinner")
    assert asked[0].text.startswith("Ik stuur nu een herinnering aan wie nog vragen open heeft")
    # The process "stops" before it sent anything; the weekend is quiet.
    await teams.restart_bot()
    assert await run_due(teams, amsterdam(2026, 11, 28, 10, 0)) == []  # Saturday
    assert await run_due(teams, amsterdam(2026, 11, 29, 12, 0)) == []  # Sunday
    assert await run_due(teams, amsterdam(2026, 11, 30, 7, 0)) == []  # Monday, too early
    assert sorted(await run_due(teams, amsterdam(2026, 11, 30, 8, 0))) == sorted([ANNA.id, BRAM.id])
    await teams.restart_bot()
    assert await run_due(teams, amsterdam(2026, 11, 30, 8, 5)) == []  # not again
    # A herinner at night is planned for the next working morning; pausing skips you.
    clock.now = amsterdam(2026, 11, 30, 22, 0)
    later = await teams.say(ANNA, "herinner")
    assert later[0].text.startswith("Ik stuur een herinnering op dinsdag 1 december 2026 om 08:00")
    paused = await teams.say(BRAM, "pauze")
    assert paused[0].text.startswith("Je krijgt geen herinneringen meer voor **Plein**.")
    assert await run_due(teams, amsterdam(2026, 12, 1, 8, 0)) == [ANNA.id]


async def test_christmas_is_no_working_day(quiet_teams: TeamsHarness, clock: Clock) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM)
    clock.now = amsterdam(2026, 12, 14, 10, 0)
    await teams.say(ANNA, "start Kerstmarkt <at>Bram Bakker</at>", mentions=(BRAM,))
    said = await teams.say(ANNA, "deadline 28-12-2026")  # a Monday after Christmas
    # Two working days before: not the 25th (Christmas), 26th, 27th (weekend), 24th is
    # one, the 23rd is two.
    assert "woensdag 23 december 2026 om 09:00 en maandag 28 december 2026" in said[0].text
    assert await run_due(teams, amsterdam(2026, 12, 25, 10, 0)) == []


async def test_bad_input_for_reminders(quiet_teams: TeamsHarness, clock: Clock) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    past = await teams.say(ANNA, "herinner 1-1-2020 09:00")
    assert past[0].text.startswith("Dat moment is al voorbij.")
    past = await teams.say(ANNA, "deadline 1-11-2026")
    assert past[0].text == "Die datum is al voorbij. Kies een datum in de toekomst."
    unreadable = await teams.say(ANNA, "deadline ooit")
    assert unreadable[0].text.startswith("Ik begrijp die datum niet: ooit.")
    not_owner = await teams.say(BRAM, "herinner")
    assert not_owner[0].text.startswith("Dat kan alleen Anna de Vries")
    not_owner = await teams.say(BRAM, "pauze team")
    assert not_owner[0].text.startswith("Dat kan alleen Anna de Vries")
    team = await teams.say(ANNA, "pauze team")
    assert team[0].text.startswith("Alle herinneringen voor **Plein** staan op pauze.")
    assert (await teams.say(ANNA, "herinner"))[0].text.startswith(
        "De herinneringen voor **Plein** staan op pauze."
    )
    await teams.say(ANNA, "hervat team")
    await teams.say(ANNA, "afronden ja")
    closed = await teams.say(ANNA, "pauze")
    assert closed[0].text == (
        "Het project **Plein** is al afgerond. Er gaan geen herinneringen meer voor uit."
    )


async def test_unreachable_and_departed_teammates_are_told_to_the_starter(
    quiet_teams: TeamsHarness, clock: Clock
) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM, CHRIS)
    await teams.say(
        ANNA, "start Plein <at>Bram Bakker</at> <at>Chris Jansen</at>", mentions=(BRAM, CHRIS)
    )
    thread = teams.components.service.find.running(CHANNEL).thread_id
    await teams.say(ANNA, "herinner")
    teams.connector.refuse_members = {BRAM.id}  # Bram has not installed the app
    teams.set_roster(ANNA, BRAM)  # Chris left the team
    assert await run_due(teams, clock()) == [ANNA.id]
    notes = [c.text for c in teams.connector.calls if c.conversation_id == thread and c.text]
    assert any(
        t.startswith("Anna de Vries, ik kon Bram Bakker geen herinnering sturen") for t in notes
    )
    assert any(
        t.startswith("Anna de Vries, Chris Jansen zit niet meer in het team.") for t in notes
    )
    people = {
        p.display_name: p
        for p in teams.components.service.find.participants(
            teams.components.service.find.running(CHANNEL)
        )
    }
    assert people[CHRIS.name].left and not people[BRAM.name].left
    # The assessment keeps going.
    shown = await teams.say(BRAM, "volgende")
    assert "Plein · vraag" in shown[-1].card_text()


async def test_the_scheduler_loop_runs_inside_the_app(teams: TeamsHarness) -> None:
    """Wired once: `herinner` wakes the loop, which sends without the test calling it."""
    teams.set_roster(ANNA, BRAM)
    await teams.say(ANNA, "start Plein <at>Bram Bakker</at>", mentions=(BRAM,))
    scheduler = teams.components.scheduler
    finished = scheduler.round_finished
    assert finished is not None
    await teams.say(ANNA, "herinner")

    async def rounds_until_both_are_reminded() -> None:
        # A round that `start` woke may end after `herinner`, before the reminders are
        # due: wait for rounds until one sent them. Checking and clearing run without an
        # await between them, so no round can end unseen in between.
        while len(reminders_to(teams.connector.calls)) < 2:
            finished.clear()
            await finished.wait()

    await asyncio.wait_for(rounds_until_both_are_reminded(), 10)
    assert sorted(reminders_to(teams.connector.calls)) == sorted([ANNA.id, BRAM.id])


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
async def test_two_bot_processes_send_each_due_reminder_exactly_once(
    quiet_teams: TeamsHarness, engine: Engine, clock: Clock
) -> None:
    teams = quiet_teams
    team = [User(f"Collega {n}") for n in range(8)]
    teams.set_roster(ANNA, *team)
    for number in range(3):  # three assessments, each with the whole team named
        thread = (await teams.say(ANNA, f"start Project {number}"))[0].conversation_id
        for command in ("deelnemers iedereen", "herinner", "deadline 4 december"):
            reply = await teams.say(ANNA, command, conversation=thread)
            assert "Welk project" not in reply[0].card_text()
    # A second process: its own components and engine, the same database.
    with engine.connect() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    other_engine = sa.create_engine(
        engine.url.render_as_string(hide_password=False),
        connect_args={"options": f"-csearch_path={schema}"},
    )
    settings = Settings(DATABASE_URL="sqlite://", **NO_LOOP)  # type: ignore[arg-type]
    other = build_components(settings, engine=other_engine, clock=clock)
    processes = [teams.components, other]
    barrier = threading.Barrier(len(processes))
    before = len(teams.connector.calls)

    def run(components: object, moment: datetime) -> None:
        barrier.wait()  # both start claiming at the same moment
        asyncio.run(components.scheduler.run_due(moment))  # type: ignore[attr-defined]

    now = clock()
    await asyncio.gather(*(asyncio.to_thread(run, p, now) for p in processes))
    sent = reminders_to(teams.connector.calls[before:])
    people = [ANNA.id] + [u.id for u in team]
    assert sorted(sent) == sorted(people * 3)  # every person once per assessment
    # The deadline reminders, due later, each once too.
    barrier.reset()
    before = len(teams.connector.calls)
    later = amsterdam(2026, 12, 2, 9, 0)
    await asyncio.gather(*(asyncio.to_thread(run, p, later) for p in processes))
    assert sorted(reminders_to(teams.connector.calls[before:])) == sorted(people * 3)
    service = teams.components.service
    reminders = teams.components.scheduler._reminders
    deliveries = [d for a in service.find.all_in(CHANNEL) for d in reminders.deliveries(a)]
    assert len(deliveries) == 2 * 3 * len(people)
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    other_engine.dispose()
