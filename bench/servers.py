"""Start the bots under test as real processes on 127.0.0.1, and read their CPU and memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import sqlalchemy as sa

POSTGRES_URL = os.environ.get(
    "BREEDBEELD_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One bot process under test."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        """Where its /api/messages lives."""
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS

    def run_seconds(self) -> float:
        """CPU time all its threads have run so far, to the nanosecond.

        From the scheduler's per-thread run time (/proc/PID/task/*/schedstat), not the
        10 ms ticks of `cpu_seconds`: precise enough for one turn of about a millisecond.
        A thread that ended in between is not counted (the bots end none while serving).
        """
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError):
                total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9

    def rss_mb(self) -> float:
        """Resident set size now, in MB."""
        pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        return pages * _PAGE_SIZE / 1024 / 1024

    def stop(self) -> None:
        """Terminate the process and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / _CLOCK_TICKS, sum(fields) / _CLOCK_TICKS


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by the PostgreSQL processes running now (server, backends)."""
    used = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        if "(postgres)" in text:
            fields = text.rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    return used


def _environment(**extra: str) -> dict[str, str]:
    """The caller's environment without Azure credentials: local mode, nothing leaves."""
    env = {k: v for k, v in os.environ.items() if not k.lower().startswith("microsoft")}
    env.update(extra)
    return env


def start_bot(name: str, database_url: str, workdir: Path, source: Path | None = None) -> Server:
    """`breedbeeld serve` on a free port of 127.0.0.1 with this database.

    `source`: a checkout of another commit to run the bot from (for before/after numbers).
    """
    port = free_port()
    log = workdir / f"{name}.log"
    extra = {"PYTHONPATH": str(source.resolve())} if source else {}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_environment(DATABASE_URL=database_url, **extra),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        cwd=workdir,
    )
    return Server(name, port, process, log)


def start_echo(name: str, workdir: Path, *, stock: bool) -> Server:
    """The bare SDK echo bot (`bench.echo_bot`), with or without the SDK fix."""
    port = free_port()
    log = workdir / f"{name}.log"
    command = [sys.executable, "-m", "bench.echo_bot", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--stock"] if stock else command,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        cwd=workdir,
    )
    return Server(name, port, process, log)


async def wait_until_ready(session: aiohttp.ClientSession, server: Server) -> None:
    """Poll /healthz until the server answers (start-up migrates the database first)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {server.log}")
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(f"{server.url}/healthz") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.05)
    raise RuntimeError(f"{server.name} did not start within 60 s; see {server.log}")


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database; yields a DATABASE_URL that uses it."""
    schema = f"bbbench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def count_answer_rows(database_url: str) -> tuple[int, int]:
    """(current answers, distinct (assessment, question, author) among them) in a database."""
    from bot.storage.engine import normalise_url

    engine = sa.create_engine(normalise_url(database_url))
    try:
        with engine.connect() as connection:
            rows, distinct = connection.execute(
                sa.text(
                    "SELECT COUNT(*), COUNT(DISTINCT assessment_id || '/' || question_id || '/'"
                    " || author_id) FROM answer WHERE current"
                )
            ).one()
    finally:
        engine.dispose()
    return int(rows), int(distinct)
