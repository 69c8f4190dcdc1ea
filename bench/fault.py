"""The fault part of the benchmark (issue 17): a slow Bot Connector, side by side.

One Breedbeeld process (SQLite), three comparisons in one run:

1. A healthy team alone, then the same healthy team while another team's connector
   answers every message after 10 s. Target: the healthy team's answer p99 within 2× its
   p99 without the slow team. The slow team's turns are timed too: each must still answer
   HTTP inside Teams' 15 s (its replies then come from the outbox).
2. Many conversations at once with a fast connector, then with a connector that answers
   every message after 1 s. Target: at least half the fast throughput. A conversation's
   turns wait for their replies, so each of its turns takes a second or two (a reply, and
   now and then the team card): by Little's law 320 conversations could not give more than
   about 160 turns/s however fast the bot. The comparison is made with enough
   conversations (16 per `--conversations`) that the bot, not the connector's second, is
   the limit, and counted over a window after a warm-up (a conversation's first turns,
   `start` and `volgende`, make several calls each). A bot that parks a thread on every
   slow call (six threads: six calls a second) cannot get there at any number of
   conversations.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from bench.load import LoadGenerator, Tally, run_conversations
from bench.report import percentile

SLOW_TEAM_SECONDS = 10.0
SLOW_EVERYWHERE_SECONDS = 1.0
MAX_SLOWDOWN = 2.0  # healthy p99 with a slow neighbour / without
MIN_SLOW_SHARE = 0.5  # throughput with a 1 s connector / with a fast one
TEAMS_REDELIVERS_AFTER = 15.0


@dataclass(frozen=True)
class Figures:
    """Answer turns per second and answer p99 of one load generator in one phase."""

    label: str
    elapsed: float
    answers: int
    turns: int
    answer_p99_ms: float
    turn_max_s: float
    errors: int

    @property
    def answers_per_second(self) -> float:
        """Answer turns per second."""
        return self.answers / self.elapsed if self.elapsed else 0.0


def figures(label: str, tally: Tally, elapsed: float) -> Figures:
    """The figures of a tally."""
    every = [t for kind in tally.latencies.values() for t in kind]
    return Figures(
        label,
        elapsed,
        len(tally.latencies["answer"]),
        tally.turns,
        percentile(tally.latencies["answer"], 99) * 1000,
        max(every) if every else 0.0,
        len(tally.errors),
    )


def table(rows: list[Figures]) -> str:
    """The figures side by side."""
    lines = [
        f"  {'phase':<48} {'answers/s':>9} {'answer p99':>11} {'slowest turn':>13} {'turns':>6}"
    ]
    for r in rows:
        p99 = f"{r.answer_p99_ms:>8.0f} ms" if r.answers else f"{'-':>11}"
        lines.append(
            f"  {r.label:<48} {r.answers_per_second:>9.1f} {p99} "
            f"{r.turn_max_s:>11.1f} s {r.turns:>6}"
        )
    return "\n".join(lines)


async def timed(
    generator: LoadGenerator,
    conversations: int,
    *,
    team_size: int,
    duration: float,
    prefix: str,
) -> float:
    """Run the conversations; the elapsed wall time."""
    return await run_conversations(
        generator, conversations, team_size=team_size, duration=duration, channel_prefix=prefix
    )


async def steady(
    generator: LoadGenerator,
    conversations: int,
    *,
    team_size: int,
    warm_up: float,
    window: float,
    prefix: str,
    label: str,
) -> Figures:
    """Figures of a window after a warm-up: the first turns of every conversation (start,
    next: several connector calls each) do not count, only the steady state does."""
    running = asyncio.create_task(
        timed(
            generator, conversations, team_size=team_size, duration=warm_up + window, prefix=prefix
        )
    )
    await asyncio.sleep(warm_up)
    answers = generator.tally.latencies["answer"]
    before, turns_before, started = len(answers), generator.tally.turns, now()
    await asyncio.sleep(window)
    after, turns_after, elapsed = len(answers), generator.tally.turns, now() - started
    await running
    seen = answers[before:after]
    every = [t for kind in generator.tally.latencies.values() for t in kind]
    return Figures(
        label,
        elapsed,
        after - before,
        turns_after - turns_before,
        percentile(seen, 99) * 1000,
        max(every) if every else 0.0,
        len(generator.tally.errors),
    )


def now() -> float:
    """Wall time, for the phases that run two generators side by side."""
    return time.perf_counter()
