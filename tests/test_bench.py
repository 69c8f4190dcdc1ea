"""The benchmark's own parts: its script drives a whole assessment, its echo bot echoes."""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
from aiohttp.test_utils import TestServer

from bench.echo_bot import create_echo_app
from bench.load import LoadGenerator, Tally, run_conversations
from bench.report import PhaseResult, cpu_table, percentile, ratio_table
from tests.teams_harness import CHANNEL, TeamsHarness


def generator_of(
    teams: TeamsHarness,
    session: aiohttp.ClientSession,
    cpu_clock: Callable[[], float] | None = None,
) -> LoadGenerator:
    """The benchmark's load generator, driving the harness's bot the way Teams does."""
    assert teams.client is not None and teams.components is not None
    return LoadGenerator(
        session,
        teams.connector,
        teams.service_url,
        [str(teams.client.make_url("")).rstrip("/")],
        teams.components.bank,
        ours=True,
        cpu_clock=cpu_clock,
    )


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0


async def test_the_script_runs_a_whole_assessment_without_errors(teams: TeamsHarness) -> None:
    async with aiohttp.ClientSession() as session:
        generator = generator_of(teams, session)
        await run_conversations(generator, 2, team_size=2, assessments=2)
    tally = generator.tally
    assert tally.errors == []
    assert tally.completed_assessments == 2
    assert teams.components is not None
    questions = len(teams.components.bank.questions)
    team_questions = 9  # answered once per team (see test_teams_flow)
    assert tally.confirmed_answers == 2 * (questions + questions - team_questions)
    assert len(tally.latencies["summary"]) == len(tally.latencies["finish"]) == 2
    assert teams.components.service.find.running(CHANNEL) is None
    # Answers are Action.Execute invokes: no message posted; the progress card is updated
    # (at once here: PROGRESS_CARD_SECONDS=0 in the harness).
    assert tally.answer_posts == 0
    assert 0 < tally.answer_card_updates <= tally.confirmed_answers
    assert 0 < tally.connector_calls_per_answer <= 1


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
    assert generator.tally.per_answer(generator.tally.answer_posts) == 1.0


def test_a_turn_kind_only_one_bot_reached_has_no_ratio() -> None:
    """The stock echo bot may not reach the summary in a short run; no division by zero."""

    def phase(label: str, summaries: int) -> PhaseResult:
        tally = Tally()
        tally.latencies["answer"].extend([0.01] * 10)
        tally.latencies["summary"].extend([0.05] * summaries)
        return PhaseResult(label, 1.0, tally, 0.1, 0.0, 0.0, 0.0, 0.0)

    table = ratio_table(phase("ours", 2), phase("echo", 0))
    assert "summary" not in table
    assert table.splitlines()[1].split()[:2] == ["answer", "1.00"]
    assert table.splitlines()[-1].split() == ["all", "1.20"]


async def test_one_conversation_at_a_time_the_cpu_of_each_turn_is_kept_by_kind(
    teams: TeamsHarness,
) -> None:
    """With a CPU clock, each turn's CPU goes to its kind (here a clock that counts reads)."""
    reads = iter(range(1_000_000))
    async with aiohttp.ClientSession() as session:
        # +1 "second" from before to after a turn
        generator = generator_of(teams, session, cpu_clock=lambda: float(next(reads)))
        await run_conversations(generator, 1, team_size=1, assessments=1)
    tally = generator.tally
    assert tally.errors == []
    for kind in ("start", "next", "answer", "status", "summary", "finish"):
        assert tally.cpu[kind] == len(tally.latencies[kind]) > 0
        assert tally.cpu_ms(kind) == 1000.0


def test_the_cpu_table_shows_each_bots_cpu_per_turn_kind() -> None:
    def phase(label: str, answer_cpu: float, summary_cpu: float) -> PhaseResult:
        tally = Tally()
        tally.latencies["answer"].extend([0.01] * 10)
        tally.latencies["summary"].extend([0.05] * 2)
        tally.cpu = {"answer": answer_cpu, "summary": summary_cpu}
        return PhaseResult(label, 1.0, tally, 0.1, 0.0, 0.0, 0.0, 0.0)

    unmeasured = PhaseResult("loaded", 1.0, Tally(), 0.1, 0.0, 0.0, 0.0, 0.0)
    lines = cpu_table([phase("ours", 0.012, 0.016), unmeasured, phase("echo", 0.01, 0.002)])
    rows = {line.split()[0]: line.split()[1:] for line in lines.splitlines()[2:]}
    assert "loaded" not in lines  # only phases with per-turn CPU get a column
    assert rows["answer"] == ["1.20", "1.00"]
    assert rows["summary"] == ["8.00", "1.00"]
    assert rows["all"] == [f"{28 / 12:.2f}", "1.00"]  # the mix: all CPU over all turns
    assert "status" not in rows  # a kind nobody ran has no row
    assert cpu_table([unmeasured]) == ""
