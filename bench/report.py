"""Numbers of a phase, and the tables the benchmark prints."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench.load import KINDS, Tally


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of the values; NaN for none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class PhaseResult:
    """One timed phase against one bot (or a round-robin of bots)."""

    label: str
    elapsed: float
    tally: Tally
    server_cpu: float  # CPU seconds the bot process(es) used during the phase
    client_cpu: float  # CPU seconds of this process: load generator and fake connector
    postgres_cpu: float  # CPU seconds of the PostgreSQL processes
    machine_busy: float  # CPU seconds used on the whole machine, by anyone
    machine_total: float  # CPU seconds the machine had (elapsed × cores)

    @property
    def others_share(self) -> float:
        """Share of the machine's CPUs used by other work during the phase."""
        if not self.machine_total:
            return 0.0
        ours = self.server_cpu + self.client_cpu + self.postgres_cpu
        return max(0.0, self.machine_busy - ours) / self.machine_total

    def cpu_line(self) -> str:
        """Who used the machine's CPUs during the phase (the rest is other work)."""
        if not self.machine_total:
            return ""
        share = {
            "bots": self.server_cpu,
            "load generator": self.client_cpu,
            "postgres": self.postgres_cpu,
        }
        others = max(0.0, self.machine_busy - sum(share.values()))
        parts = ", ".join(f"{k} {v / self.machine_total:.0%}" for k, v in share.items() if v)
        return (
            f"CPUs {self.machine_busy / self.machine_total:.0%} busy: {parts}, "
            f"other processes {others / self.machine_total:.0%}"
        )

    def throughput(self, kind: str | None = None) -> float:
        """Turns per second (of one kind, or all)."""
        count = self.tally.turns if kind is None else len(self.tally.latencies[kind])
        return count / self.elapsed if self.elapsed else math.nan

    def latency_ms(self, kind: str, p: float) -> float:
        """A latency percentile in milliseconds."""
        return percentile(self.tally.latencies[kind], p) * 1000

    def cpu_ms_per_turn(self, seconds: float | None = None) -> float:
        """Bot CPU per turn (or other CPU seconds per turn), all kinds together."""
        used = self.server_cpu if seconds is None else seconds
        return used / self.tally.turns * 1000 if self.tally.turns else math.nan


def median_of(results: Sequence[PhaseResult]) -> PhaseResult:
    """The run with the median throughput (its latencies belong to that same run)."""
    ordered = sorted(results, key=lambda r: r.throughput())
    return ordered[(len(ordered) - 1) // 2]


def phase_table(results: Sequence[PhaseResult]) -> str:
    """Per bot and turn kind: count, turns/s, p50/p95/p99 in ms."""
    lines = [
        f"{'bot':<36}{'kind':<9}{'turns':>7}{'turns/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    ]
    for result in results:
        for kind in KINDS:
            if not result.tally.latencies[kind]:
                continue
            lines.append(
                f"{result.label:<36}{kind:<9}{len(result.tally.latencies[kind]):>7}"
                f"{result.throughput(kind):>9.1f}{result.latency_ms(kind, 50):>8.1f}"
                f"{result.latency_ms(kind, 95):>8.1f}{result.latency_ms(kind, 99):>8.1f}"
            )
        lines.append(
            f"{result.label:<36}{'all':<9}{result.tally.turns:>7}{result.throughput():>9.1f}"
            f"{'':>8}{'':>8}{'':>8}   CPU ms/turn: bot {result.cpu_ms_per_turn():.2f},"
            f" load generator {result.cpu_ms_per_turn(result.client_cpu):.2f};"
            f" errors {len(result.tally.errors)}"
        )
        lines.append(f"{'':<45}{result.cpu_line()}")
    return "\n".join(lines)


def cpu_table(results: Sequence[PhaseResult]) -> str:
    """Bot CPU per turn kind in ms, one column per bot, from the one-at-a-time phases.

    Only there is a turn's CPU the bot's alone; under load it is not split by kind. The
    last row weighs the kinds as the script mixes them (all CPU over all turns measured).
    """
    measured = [r for r in results if r.tally.cpu]
    if not measured:
        return ""
    width = max(len(r.label) for r in measured) + 2
    lines = [
        "Bot CPU per turn in ms, one conversation at a time (the kernel's run time of its threads)",
        f"{'kind':<9}" + "".join(f"{r.label:>{width}}" for r in measured),
    ]
    for kind in KINDS:
        if not any(r.tally.latencies[kind] for r in measured):
            continue
        cells = "".join(f"{r.tally.cpu_ms(kind):>{width}.2f}" for r in measured)
        lines.append(f"{kind:<9}{cells}")
    mixed = [sum(r.tally.cpu.values()) / r.tally.turns * 1000 for r in measured]
    lines.append(f"{'all':<9}" + "".join(f"{m:>{width}.2f}" for m in mixed))
    return "\n".join(lines)


def ratio_table(ours: PhaseResult, echo: PhaseResult) -> str:
    """ours/echo per turn kind: throughput and p50/p99 latency."""
    lines = [f"{'kind':<9}{'turns/s':>9}{'p50':>7}{'p99':>7}   ({ours.label} / {echo.label})"]
    for kind in (*KINDS, None):
        name = kind or "all"
        # A kind only one of them reached in the time (the slow stock echo bot may never get
        # to the summary) has no ratio.
        if kind and not (ours.tally.latencies[kind] and echo.tally.latencies[kind]):
            continue
        throughput = ours.throughput(kind) / echo.throughput(kind)
        if kind is None:
            lines.append(f"{name:<9}{throughput:>9.2f}")
            continue
        p50 = ours.latency_ms(kind, 50) / echo.latency_ms(kind, 50)
        p99 = ours.latency_ms(kind, 99) / echo.latency_ms(kind, 99)
        lines.append(f"{name:<9}{throughput:>9.2f}{p50:>7.2f}{p99:>7.2f}")
    return "\n".join(lines)


def spread(values: Sequence[float]) -> str:
    """A median with the range of the runs, for the printed summary."""
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.median(values):.1f} (runs {min(values):.1f}–{max(values):.1f})"
