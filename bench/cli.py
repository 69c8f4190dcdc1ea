"""`python -m bench` / `breedbeeld bench`: the whole benchmark, printed as tables.

Everything runs on 127.0.0.1: the bots as real processes, the fake Bot Connector and the
load generator in this process, PostgreSQL on 127.0.0.1:5432 (database `test`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.fake_connector import FakeConnector
from bench.load import LoadGenerator, run_conversations
from bench.report import PhaseResult, median_of, phase_table, ratio_table
from bench.servers import Server, start_bot, start_echo, wait_until_ready
from questions.loader import load_bank
from questions.model import QuestionBank


@dataclass(frozen=True)
class Options:
    """How big and how long; `--full` is what docs/PERFORMANCE.md reports."""

    conversations: int
    duration: float
    unloaded: float
    runs: int
    team_size: int
    assessments: int
    postgres: bool
    memory: bool


def parse(argv: Sequence[str] | None) -> Options:
    """Command-line flags (defaults: a quick run of about a minute)."""
    parser = argparse.ArgumentParser(prog="breedbeeld bench", description=__doc__)
    parser.add_argument("--conversations", type=int, default=20, help="concurrent (20)")
    parser.add_argument("--duration", type=float, help="seconds per loaded run (5; full 8)")
    parser.add_argument("--unloaded", type=float, help="seconds one-at-a-time (3; full 5)")
    parser.add_argument("--runs", type=int, help="runs per measurement, median shown (1; full 3)")
    parser.add_argument("--team-size", type=int, default=3, help="teammates per assessment (3)")
    parser.add_argument(
        "--assessments", type=int, help="completed assessments for memory (200; full 1000)"
    )
    parser.add_argument("--full", action="store_true", help="the settings of PERFORMANCE.md")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL part")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory part")
    args = parser.parse_args(argv)
    return Options(
        conversations=args.conversations,
        duration=args.duration or (8.0 if args.full else 5.0),
        unloaded=args.unloaded or (5.0 if args.full else 3.0),
        runs=args.runs or (3 if args.full else 1),
        team_size=args.team_size,
        assessments=args.assessments or (1000 if args.full else 200),
        postgres=not args.no_postgres,
        memory=not args.no_memory,
    )


class Bench:
    """Shared parts of one benchmark run: HTTP client, fake connector, bank, temp dir."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        connector: FakeConnector,
        url: str,
        workdir: Path,
        options: Options,
    ) -> None:
        self.session = session
        self.connector = connector
        self.service_url = url
        self.workdir = workdir
        self.options = options
        self.bank: QuestionBank = load_bank()

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
        prefix: str = "bench",
    ) -> PhaseResult:
        """One timed run of the conversation script against these servers."""
        generator = LoadGenerator(
            self.session,
            self.connector,
            self.service_url,
            [s.url for s in servers],
            self.bank,
            ours=ours,
        )
        cpu_before = sum(s.cpu_seconds() for s in servers)
        elapsed = await run_conversations(
            generator,
            conversations,
            team_size=team_size or self.options.team_size,
            duration=duration,
            assessments=assessments,
            channel_prefix=prefix,
        )
        cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
        return PhaseResult(label, elapsed, generator.tally, cpu)

    async def unloaded_and_loaded(
        self, label: str, servers: list[Server], *, ours: bool, tag: str
    ) -> tuple[PhaseResult, PhaseResult]:
        """One conversation at a time (also the warm-up), then N at once, median of runs."""
        o = self.options
        unloaded = await self.phase(
            f"{label} ×1",
            servers,
            ours=ours,
            conversations=1,
            duration=o.unloaded,
            prefix=f"{tag}u",
        )
        loaded = [
            await self.phase(
                f"{label} ×{o.conversations}",
                servers,
                ours=ours,
                conversations=o.conversations,
                duration=o.duration,
                prefix=f"{tag}l{run}",
            )
            for run in range(o.runs)
        ]
        return unloaded, median_of(loaded)


def _say(text: str = "") -> None:
    print(text, flush=True)


async def _run(options: Options) -> int:
    connector = FakeConnector(keep_history=False)
    service_url = await connector.start()
    with tempfile.TemporaryDirectory(prefix="breedbeeld-bench-") as tmp:
        workdir = Path(tmp)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), timeout=timeout
        ) as session:
            bench = Bench(session, connector, service_url, workdir, options)
            await _throughput(bench)
    await connector.close()
    return 0


async def _throughput(bench: Bench) -> None:
    results: dict[str, tuple[PhaseResult, PhaseResult]] = {}
    configs: list[tuple[str, Callable[[], Server], bool]] = [
        ("echo, stock SDK", lambda: start_echo("echo-stock", bench.workdir, stock=True), False),
        ("echo, fixed SDK", lambda: start_echo("echo-fixed", bench.workdir, stock=False), False),
        (
            "breedbeeld, SQLite",
            lambda: start_bot(
                "bot-sqlite", f"sqlite:///{bench.workdir / 'bench.db'}", bench.workdir
            ),
            True,
        ),
    ]
    for n, (label, start, is_ours) in enumerate(configs):
        async with bench.running(start()) as servers:
            results[label] = await bench.unloaded_and_loaded(
                label, servers, ours=is_ours, tag=f"c{n}"
            )
    _say(phase_table([r for pair in results.values() for r in pair]))
    ours = results["breedbeeld, SQLite"]
    for echo in ("echo, fixed SDK", "echo, stock SDK"):
        _say()
        _say(ratio_table(ours[1], results[echo][1]))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    return asyncio.run(_run(parse(argv)))
