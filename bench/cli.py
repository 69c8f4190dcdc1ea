"""`python -m bench` / `breedbeeld bench`: the whole benchmark, printed as tables.

Everything runs on 127.0.0.1: the bots as real processes (`breedbeeld serve`, and the
bare SDK echo bot), the fake Bot Connector and the load generator in this process, and
PostgreSQL on 127.0.0.1:5432 (database `test`, a fresh schema per bot set-up).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench import fault, roundtrips, summary_cost
from bench.fake_connector import FakeConnector
from bench.load import LoadGenerator, run_conversations
from bench.report import PhaseResult, cpu_table, median_of, phase_table, ratio_table
from bench.servers import (
    Server,
    count_answer_rows,
    machine_cpu_seconds,
    postgres_cpu_seconds,
    postgres_schema,
    start_bot,
    start_echo,
    wait_until_ready,
)
from questions.loader import load_bank
from questions.model import QuestionBank

# The targets of issues 7 and 14, checked at the end of every run. Since issue 14 an answer
# is an Action.Execute invoke answered in its HTTP response: no outbound connector call in
# the turn, where the echo bot's turn makes one.
MIN_RATIO_FIXED_ECHO = 1.0
MIN_RATIO_STOCK_ECHO = 1.5
MAX_UNLOADED_ANSWER_P99_MS = 10.0
MAX_MESSAGES_PER_ANSWER = 0
MAX_SUMMARY_12_MS = 50.0
MAX_RSS_GROWTH_MB = 30.0
MAX_STATEMENTS_PER_ANSWER = 6
MIN_TWO_PROCESS_GAIN = 1.3
DISTURBED_SHARE = 0.10  # other processes' share of the CPUs above which numbers are suspect


PARTS = ("throughput", "roundtrips", "summary", "memory", "postgres", "fault")


@dataclass(frozen=True)
class Options:
    """How big and how long; `--full` is what docs/PERFORMANCE.md reports."""

    conversations: int
    duration: float
    unloaded: float
    runs: int
    team_size: int
    assessments: int
    parts: frozenset[str]
    profile: Path | None
    profile_format: str
    bot_source: Path | None


def parse(argv: Sequence[str] | None) -> Options:
    """Command-line flags (defaults: a quick run of about a minute and a half)."""
    parser = argparse.ArgumentParser(prog="breedbeeld bench", description=__doc__)
    parser.add_argument("--conversations", type=int, default=20, help="at once (20)")
    parser.add_argument("--duration", type=float, help="seconds per loaded run (4; full 8)")
    parser.add_argument("--unloaded", type=float, help="seconds one-at-a-time (3; full 5)")
    parser.add_argument("--runs", type=int, help="runs per measurement, median (1; full 3)")
    parser.add_argument("--team-size", type=int, default=3, help="teammates per assessment (3)")
    parser.add_argument(
        "--assessments", type=int, help="completed assessments for memory (200; full 1000)"
    )
    parser.add_argument("--full", action="store_true", help="the settings of PERFORMANCE.md")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default all: {','.join(PARTS)})",
    )
    parser.add_argument(
        "--profile", type=Path, help="write py-spy flame graphs of the loaded runs here"
    )
    parser.add_argument(
        "--profile-format",
        choices=("flamegraph", "raw"),
        default="flamegraph",
        help="flame graphs (.svg), or collapsed stacks to grep and sum (.txt)",
    )
    parser.add_argument(
        "--bot-source", type=Path, help="run the bot from this checkout (before/after numbers)"
    )
    args = parser.parse_args(argv)
    unknown = set(args.parts.split(",")) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    return Options(
        conversations=args.conversations,
        duration=args.duration or (8.0 if args.full else 4.0),
        unloaded=args.unloaded or (5.0 if args.full else 3.0),
        runs=args.runs or (3 if args.full else 1),
        team_size=args.team_size,
        assessments=args.assessments or (1000 if args.full else 200),
        parts=frozenset(p.strip() for p in args.parts.split(",") if p.strip()),
        profile=args.profile,
        profile_format=args.profile_format,
        bot_source=args.bot_source,
    )


@dataclass
class Verdicts:
    """Each target with its measured value, printed together at the end."""

    lines: list[tuple[bool, str]] = field(default_factory=list)

    def check(self, passed: bool, text: str) -> None:
        """Record one target."""
        self.lines.append((passed, text))

    @property
    def all_passed(self) -> bool:
        """Whether every target was met."""
        return all(passed for passed, _ in self.lines)


@dataclass(frozen=True)
class Setup:
    """One bot set-up under test: its processes and how to drive them."""

    label: str
    servers: list[Server]
    ours: bool
    tag: str  # keeps the channel names of set-ups and runs apart


@dataclass(frozen=True)
class Measured:
    """One set-up's unloaded phase, its median loaded run, and all loaded runs."""

    unloaded: PhaseResult
    loaded: PhaseResult
    runs: list[PhaseResult]

    @property
    def errors(self) -> list[str]:
        """Failed turns of every phase."""
        return [e for r in (self.unloaded, *self.runs) for e in r.tally.errors]


class Bench:
    """Shared parts of one benchmark run: HTTP client, fake connector, bank, temp dir."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        connector: FakeConnector,
        service_url: str,
        workdir: Path,
        options: Options,
    ) -> None:
        self.session = session
        self.connector = connector
        self.service_url = service_url
        self.workdir = workdir
        self.options = options
        self.bank: QuestionBank = load_bank()
        self.verdicts = Verdicts()
        self.phases: list[PhaseResult] = []

    @contextlib.asynccontextmanager
    async def running(self, *servers: Server) -> AsyncIterator[list[Server]]:
        """Wait for the servers, hand them over, stop them afterwards."""
        try:
            for server in servers:
                await wait_until_ready(self.session, server)
            yield list(servers)
        finally:
            for server in servers:
                server.stop()

    async def phase(
        self,
        label: str,
        servers: list[Server],
        *,
        ours: bool,
        conversations: int,
        duration: float | None = None,
        assessments: int | None = None,
        team_size: int | None = None,
        prefix: str,
    ) -> PhaseResult:
        """One timed run of the conversation script against these servers."""
        generator = LoadGenerator(
            self.session,
            self.connector,
            self.service_url,
            [s.url for s in servers],
            self.bank,
            ours=ours,
            # One conversation against one bot: each turn's CPU is that bot's only work.
            cpu_clock=servers[0].run_seconds if conversations == 1 and len(servers) == 1 else None,
        )
        cpu_before = sum(s.cpu_seconds() for s in servers)
        client_before = time.process_time()
        postgres_before = postgres_cpu_seconds()
        busy_before, total_before = machine_cpu_seconds()
        elapsed = await run_conversations(
            generator,
            conversations,
            team_size=team_size or self.options.team_size,
            duration=duration,
            assessments=assessments,
            channel_prefix=prefix,
        )
        cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        client = time.process_time() - client_before
        busy, total = machine_cpu_seconds()
        result = PhaseResult(
            label,
            elapsed,
            generator.tally,
            cpu,
            client,
            postgres_cpu_seconds() - postgres_before,
            busy - busy_before,
            total - total_before,
        )
        self.phases.append(result)
        return result

    async def interleaved(self, setups: list[Setup]) -> dict[str, Measured]:
        """Each set-up one conversation at a time (also the warm-up), then N at once.

        The loaded runs take turns (run 1 of every set-up, then run 2, ...), so a slow
        moment of a shared machine falls on all of them alike; the median run is kept.
        """
        o = self.options
        unloaded = {
            s.label: await self.phase(
                f"{s.label} ×1",
                s.servers,
                ours=s.ours,
                conversations=1,
                duration=o.unloaded,
                prefix=f"{s.tag}u",
            )
            for s in setups
        }
        runs: dict[str, list[PhaseResult]] = {s.label: [] for s in setups}
        for run in range(o.runs):
            for s in setups:
                with self._profiling(s.servers, f"{s.tag}-run{run + 1}"):
                    runs[s.label].append(
                        await self.phase(
                            f"{s.label} ×{o.conversations}",
                            s.servers,
                            ours=s.ours,
                            conversations=o.conversations,
                            duration=o.duration,
                            prefix=f"{s.tag}l{run}",
                        )
                    )
        return {
            s.label: Measured(unloaded[s.label], median_of(runs[s.label]), runs[s.label])
            for s in setups
        }

    @contextlib.contextmanager
    def _profiling(self, servers: list[Server], name: str) -> Iterator[None]:
        """py-spy flame graphs (GIL holders only) of the servers, if asked for."""
        if self.options.profile is None:
            yield
            return
        self.options.profile.mkdir(parents=True, exist_ok=True)
        suffix = "svg" if self.options.profile_format == "flamegraph" else "txt"
        spies = [
            subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(s.process.pid),
                    "--rate",
                    "250",
                    "--gil",
                    "--nonblocking",
                    "--format",
                    self.options.profile_format,
                    "--output",
                    str(self.options.profile / f"{name}-{s.name}.{suffix}"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for s in servers
        ]
        try:
            yield
        finally:
            for spy in spies:
                spy.send_signal(2)  # SIGINT: py-spy writes the graph and exits
                spy.wait(timeout=60)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


async def _throughput(bench: Bench) -> dict[str, Measured]:
    """Echo bot stock and fixed, and Breedbeeld on SQLite; one process each, interleaved."""
    w = bench.workdir
    servers = [
        start_echo("echo-stock", w, stock=True),
        start_echo("echo-fixed", w, stock=False),
        start_bot("bot-sqlite", f"sqlite:///{w / 'bench.db'}", w, bench.options.bot_source),
    ]
    async with bench.running(*servers):
        results = await bench.interleaved(
            [
                Setup("echo, stock SDK", servers[0:1], False, "c0"),
                Setup("echo, fixed SDK", servers[1:2], False, "c1"),
                Setup("breedbeeld, SQLite", servers[2:3], True, "c2"),
            ]
        )
    for label, measured in results.items():
        if measured.errors:
            raise RuntimeError(
                f"{label}: {len(measured.errors)} turns failed: {measured.errors[:3]}"
            )
    _say(phase_table([r for m in results.values() for r in (m.unloaded, m.loaded)]))
    _say()
    _say(cpu_table([m.unloaded for m in results.values()]))
    return results


def _ratios(bench: Bench, results: dict[str, Measured]) -> None:
    ours = results["breedbeeld, SQLite"]
    for echo, minimum in (("echo, fixed SDK", MIN_RATIO_FIXED_ECHO),
                          ("echo, stock SDK", MIN_RATIO_STOCK_ECHO)):  # fmt: skip
        _say()
        _say(ratio_table(ours.loaded, results[echo].loaded))
        ratio = ours.loaded.throughput("answer") / results[echo].loaded.throughput("answer")
        bench.verdicts.check(
            ratio >= minimum,
            f"answer turns/s at {bench.options.conversations} conversations: "
            f"{ratio:.2f}× {echo} (target ≥ {minimum})",
        )
    _say()
    _say(
        f"{'per answer turn':<36}{'connector calls':>16}{'messages posted':>16}"
        f"{'answer p50 ms':>14}{'answer p99 ms':>14}"
    )
    for label, measured in results.items():
        tally = measured.loaded.tally
        _say(
            f"{label + ' ×' + str(bench.options.conversations):<36}"
            f"{tally.connector_calls_per_answer:>16.2f}"
            f"{tally.per_answer(tally.answer_posts):>16.2f}"
            f"{measured.loaded.latency_ms('answer', 50):>14.1f}"
            f"{measured.loaded.latency_ms('answer', 99):>14.1f}"
        )
    posted = ours.loaded.tally.per_answer(ours.loaded.tally.answer_posts)
    bench.verdicts.check(
        posted <= MAX_MESSAGES_PER_ANSWER,
        f"messages posted per answer in a channel: {posted:.2f} (target {MAX_MESSAGES_PER_ANSWER})",
    )
    p99 = ours.unloaded.latency_ms("answer", 99)
    bench.verdicts.check(
        p99 <= MAX_UNLOADED_ANSWER_P99_MS,
        f"answer p99 one at a time: {p99:.1f} ms (target ≤ {MAX_UNLOADED_ANSWER_P99_MS:.0f})",
    )


async def _round_trips(bench: Bench) -> None:
    counts = await roundtrips.count_answer_turns(bench.options.team_size)
    _say(
        f"\nDatabase per answer turn ({counts.turns} turns, SQLite, SQLAlchemy events): "
        f"statements usually {counts.usual_statements}, mean {counts.mean_statements:.2f}, "
        f"max {counts.max_statements} (a newcomer's first answer); "
        f"commits {counts.mean_commits:.1f}; pool checkouts {counts.mean_checkouts:.1f}"
    )
    bench.verdicts.check(
        counts.usual_statements <= MAX_STATEMENTS_PER_ANSWER,
        f"statements per answer turn: {counts.usual_statements}, a newcomer's first "
        f"{counts.max_statements} (target ≤ {MAX_STATEMENTS_PER_ANSWER})",
    )


def _summary(bench: Bench) -> None:
    costs = summary_cost.measure()
    _say("\nSummary (median of 15): respondents, answers, DB read, analysis, card, analysis+card")
    for c in costs:
        _say(
            f"  {c.respondents:>3} {c.answers:>6} {c.read_ms:>8.2f} ms {c.analysis_ms:>7.2f} ms "
            f"{c.card_ms:>7.2f} ms {c.analysis_and_card_ms:>7.2f} ms "
            f"({c.analysis_and_card_ms / c.answers * 1000:.1f} µs per answer)"
        )
    twelve = next(c for c in costs if c.respondents == 12)
    bench.verdicts.check(
        twelve.analysis_and_card_ms < MAX_SUMMARY_12_MS,
        f"summary of 12 respondents: {twelve.analysis_and_card_ms:.1f} ms analysis + card "
        f"(target < {MAX_SUMMARY_12_MS:.0f})",
    )


async def _memory(bench: Bench) -> None:
    o = bench.options
    server = start_bot(
        "bot-memory", f"sqlite:///{bench.workdir / 'memory.db'}", bench.workdir, o.bot_source
    )
    async with bench.running(server) as servers:
        started = server.rss_mb()
        await bench.phase(
            "memory warm-up",
            servers,
            ours=True,
            conversations=o.conversations,
            assessments=20,
            team_size=1,
            prefix="mw",
        )
        warm = server.rss_mb()
        result = await bench.phase(
            "memory",
            servers,
            ours=True,
            conversations=o.conversations,
            assessments=o.assessments,
            team_size=1,
            prefix="mm",
        )
        end = server.rss_mb()
    growth = end - warm
    _say(
        f"\nMemory: RSS {started:.1f} MB at start, {warm:.1f} MB after 20 assessments, "
        f"{end:.1f} MB after {result.tally.completed_assessments} more completed assessments "
        f"({result.tally.turns} turns, {result.throughput():.0f} turns/s): "
        f"growth {growth:+.1f} MB"
    )
    bench.verdicts.check(
        growth < MAX_RSS_GROWTH_MB and not result.tally.errors,
        f"RSS growth over {result.tally.completed_assessments} completed assessments: "
        f"{growth:+.1f} MB (target < {MAX_RSS_GROWTH_MB:.0f})",
    )


async def _postgres(bench: Bench) -> None:
    """One process, and two behind a round-robin, each on a fresh schema; interleaved."""
    source, w = bench.options.bot_source, bench.workdir
    with postgres_schema() as one_url, postgres_schema() as two_url:
        servers = []
        # Each process starts when the one before answers: a fresh schema is migrated once.
        try:
            for name, url in (("bot-pg1", one_url), ("bot-pg2-0", two_url), ("bot-pg2-1", two_url)):
                servers.append(start_bot(name, url, w, source))
                await wait_until_ready(bench.session, servers[-1])
        except BaseException:
            for server in servers:
                server.stop()
            raise
        async with bench.running(*servers):
            results = await bench.interleaved(
                [
                    Setup("breedbeeld, PostgreSQL, 1 proc", servers[0:1], True, "pg1"),
                    Setup("breedbeeld, PostgreSQL, 2 proc", servers[1:3], True, "pg2"),
                ]
            )
        for (label, measured), url in zip(results.items(), (one_url, two_url), strict=True):
            confirmed = sum(r.tally.confirmed_answers for r in (measured.unloaded, *measured.runs))
            rows, distinct = count_answer_rows(url)
            errors = measured.errors
            _say(
                f"\n{label}: {confirmed} answers confirmed, {rows} current answer rows, "
                f"{distinct} distinct; {len(errors)} failed turns"
                + (f", e.g. {errors[:2]}" if errors else "")
            )
            bench.verdicts.check(
                rows == confirmed == distinct and not errors,
                f"{label}: no lost or duplicated answers ({confirmed} confirmed, {rows} stored)",
            )
    _say(phase_table([r for m in results.values() for r in (m.unloaded, m.loaded)]))
    one, two = (m.loaded.throughput() for m in results.values())
    bench.verdicts.check(
        two / one >= MIN_TWO_PROCESS_GAIN,
        f"PostgreSQL 2 processes vs 1: {two / one:.2f}× turns/s (target ≥ {MIN_TWO_PROCESS_GAIN})",
    )


async def _fault(bench: Bench) -> None:
    """A slow Bot Connector beside a healthy one, and everywhere (bench/fault.py)."""
    o = bench.options
    server = start_bot("bot-fault", f"sqlite:///{bench.workdir / 'fault.db'}", bench.workdir)
    long = 3 * fault.SLOW_TEAM_SECONDS  # several of the slow team's turns fit in
    # With a 1 s connector a conversation's turn takes seconds: enough conversations that
    # the bot is the limit, and long enough that the first turns (start, next) weigh little.
    healthy, slow, many = max(2, o.conversations // 2), 4, 16 * o.conversations
    warm_up = 10.0

    def generator() -> LoadGenerator:
        return LoadGenerator(
            bench.session, bench.connector, bench.service_url, [server.url], bench.bank, ours=True
        )

    async with bench.running(server):
        alone = generator()
        elapsed = await fault.timed(
            alone, healthy, team_size=o.team_size, duration=long, prefix="fa"
        )
        rows = [fault.figures(f"healthy team ×{healthy}, alone", alone.tally, elapsed)]
        bench.connector.slow["19:fs"] = fault.SLOW_TEAM_SECONDS
        beside, slowed = generator(), generator()
        started = fault.now()
        elapsed, _ = await asyncio.gather(
            fault.timed(beside, healthy, team_size=o.team_size, duration=long, prefix="fb"),
            fault.timed(slowed, slow, team_size=o.team_size, duration=long, prefix="fs"),
        )
        rows.append(
            fault.figures(f"healthy team ×{healthy}, slow team beside", beside.tally, elapsed)
        )
        rows.append(
            fault.figures(
                f"slow team ×{slow} (connector {fault.SLOW_TEAM_SECONDS:.0f} s)",
                slowed.tally,
                fault.now() - started,
            )
        )
        bench.connector.slow.clear()
        rows.append(
            await fault.steady(
                generator(),
                many,
                team_size=o.team_size,
                warm_up=warm_up,
                window=long,
                prefix="fc",
                label=f"×{many}, fast connector",
            )
        )
        bench.connector.slow["19:fd"] = fault.SLOW_EVERYWHERE_SECONDS
        rows.append(
            await fault.steady(
                generator(),
                many,
                team_size=o.team_size,
                warm_up=warm_up,
                window=long,
                prefix="fd",
                label=f"×{many}, connector {fault.SLOW_EVERYWHERE_SECONDS:.0f} s",
            )
        )
        bench.connector.slow.clear()
    _say("\nFault: a slow Bot Connector (one bot process, SQLite)")
    _say(fault.table(rows))
    base, neighbour, slow_team, quick, slow_all = rows
    errors, many_errors = base.errors + neighbour.errors, quick.errors + slow_all.errors
    if errors or many_errors:
        _say(f"  failed turns: healthy team {errors}, many conversations {many_errors}")
    bench.verdicts.check(
        neighbour.answer_p99_ms <= fault.MAX_SLOWDOWN * base.answer_p99_ms and not errors,
        f"healthy team's answer p99 beside a {fault.SLOW_TEAM_SECONDS:.0f} s connector: "
        f"{neighbour.answer_p99_ms:.0f} ms, alone {base.answer_p99_ms:.0f} ms "
        f"({neighbour.answer_p99_ms / base.answer_p99_ms:.2f}×, target ≤ {fault.MAX_SLOWDOWN})",
    )
    bench.verdicts.check(
        slow_team.turn_max_s < fault.TEAMS_REDELIVERS_AFTER,
        f"slow team's slowest HTTP answer: {slow_team.turn_max_s:.1f} s "
        f"(target < {fault.TEAMS_REDELIVERS_AFTER:.0f}, when Teams redelivers)",
    )
    share = slow_all.answers_per_second / quick.answers_per_second
    bench.verdicts.check(
        share >= fault.MIN_SLOW_SHARE and not many_errors,
        f"answer turns/s with a {fault.SLOW_EVERYWHERE_SECONDS:.0f} s connector everywhere: "
        f"{slow_all.answers_per_second:.1f}, fast {quick.answers_per_second:.1f} "
        f"({share:.2f}, target ≥ {fault.MIN_SLOW_SHARE})",
    )


async def _run(options: Options) -> int:
    logging.disable(logging.WARNING)  # in-process parts: no local-mode warning in the table
    _say(f"Breedbeeld benchmark on {_machine()}")
    load = os.getloadavg()[0]
    if load > 0.5:
        _say(f"Note: load average {load:.1f} before the start; other work skews the numbers.")
    _say(
        f"{options.conversations} conversations at once, teams of {options.team_size}, "
        f"{options.duration:.0f} s per loaded run, median of {options.runs} run(s)\n"
    )
    connector = FakeConnector(keep_history=False)
    service_url = await connector.start()
    with tempfile.TemporaryDirectory(prefix="breedbeeld-bench-") as tmp:
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=60)
        ) as session:
            bench = Bench(session, connector, service_url, Path(tmp), options)
            if "throughput" in options.parts:
                _ratios(bench, await _throughput(bench))
            if "roundtrips" in options.parts:
                await _round_trips(bench)
            if "summary" in options.parts:
                _summary(bench)
            if "memory" in options.parts:
                await _memory(bench)
            if "postgres" in options.parts:
                await _postgres(bench)
            if "fault" in options.parts:
                await _fault(bench)
    await connector.close()
    disturbed = [p for p in bench.phases if p.others_share > DISTURBED_SHARE]
    if disturbed:
        _say(
            f"\nOther work used more than {DISTURBED_SHARE:.0%} of the CPUs during "
            f"{len(disturbed)} of {len(bench.phases)} phases (most: "
            f"{max(p.others_share for p in disturbed):.0%}); run again on a quiet machine."
        )
    _say("\nTargets:")
    for passed, text in bench.verdicts.lines:
        _say(f"  {'PASS' if passed else 'FAIL'}  {text}")
    return 0 if bench.verdicts.all_passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables; exit 1 if a target was missed."""
    return asyncio.run(_run(parse(argv)))
