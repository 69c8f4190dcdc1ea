"""The benchmark's own parts: its script drives a whole assessment, its echo bot echoes."""

from __future__ import annotations

import aiohttp
from aiohttp.test_utils import TestServer

from bench.echo_bot import create_echo_app
from bench.load import LoadGenerator, run_conversations
from bench.report import percentile
from tests.teams_harness import CHANNEL, TeamsHarness


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0


async def test_the_script_runs_a_whole_assessment_without_errors(teams: TeamsHarness) -> None:
    assert teams.client is not None and teams.components is not None
    async with aiohttp.ClientSession() as session:
        generator = LoadGenerator(
            session,
            teams.connector,
            teams.service_url,
            [str(teams.client.make_url("")).rstrip("/")],
            teams.components.bank,
            ours=True,
        )
        await run_conversations(generator, 2, team_size=2, assessments=2)
    tally = generator.tally
    assert tally.errors == []
    assert tally.completed_assessments == 2
    questions = len(teams.components.bank.questions)
    team_questions = 9  # answered once per team (see test_teams_flow)
    assert tally.confirmed_answers == 2 * (questions + questions - team_questions)
    assert len(tally.latencies["summary"]) == len(tally.latencies["finish"]) == 2
    assert teams.components.service.running(CHANNEL) is None


async def test_the_echo_bot_answers_every_turn_once(teams: TeamsHarness) -> None:
    server = TestServer(create_echo_app(), host="127.0.0.1")
    await server.start_server()
    assert teams.components is not None
    async with aiohttp.ClientSession() as session:
        generator = LoadGenerator(
            session,
            teams.connector,
            teams.service_url,
            [str(server.make_url("")).rstrip("/")],
            teams.components.bank,
            ours=False,
        )
        await run_conversations(generator, 1, team_size=1, assessments=1)
    await server.close()
    assert generator.tally.errors == []
    assert len(generator.tally.latencies["answer"]) == len(teams.components.bank.questions)
    assert all(c.text.startswith("Echo:") for c in teams.connector.calls)
