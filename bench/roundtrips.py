"""Count what one turn asks of the database, with SQLAlchemy events (no timing involved)."""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
import sqlalchemy as sa
from aiohttp.test_utils import TestServer
from sqlalchemy.engine import Engine

from bench.fake_connector import FakeConnector, Recorded
from bench.load import LoadGenerator, run_conversations
from bot.app import build_components, create_app
from bot.config import Settings
from questions.loader import load_bank


class DatabaseCounter:
    """Statements sent, transactions committed and pool checkouts, while inside `with`.

    A statement is one round trip to the database server. On PostgreSQL every checkout also
    costs a ping (`pool_pre_ping`), and psycopg sends BEGIN and COMMIT as round trips of
    their own; the three counts together show all of it.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.statements: list[str] = []
        self.commits = 0
        self.checkouts = 0

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def _commit(self, _conn: Any) -> None:
        self.commits += 1

    def _checkout(self, *_args: Any) -> None:
        self.checkouts += 1

    def __enter__(self) -> DatabaseCounter:
        sa.event.listen(self._engine, "before_cursor_execute", self._statement)
        sa.event.listen(self._engine, "commit", self._commit)
        sa.event.listen(self._engine.pool, "checkout", self._checkout)
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        sa.event.remove(self._engine, "before_cursor_execute", self._statement)
        sa.event.remove(self._engine, "commit", self._commit)
        sa.event.remove(self._engine.pool, "checkout", self._checkout)


@dataclass(frozen=True)
class TurnCounts:
    """Per answer turn: the most and the mean of each count."""

    turns: int
    usual_statements: int  # the most common count: an answer by someone already taking part
    max_statements: int  # a newcomer's first answer writes the participant row too
    mean_statements: float
    mean_commits: float
    mean_checkouts: float


async def count_answer_turns(team_size: int = 3) -> TurnCounts:
    """Answer turns over HTTP against an in-process bot on SQLite, each one counted."""
    bank = load_bank()
    connector = FakeConnector(keep_history=False)
    service_url = await connector.start()
    with tempfile.TemporaryDirectory(prefix="breedbeeld-roundtrips-") as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'count.db'}")
        components = build_components(settings)
        server = TestServer(create_app(components), host="127.0.0.1")
        await server.start_server()
        per_turn: list[DatabaseCounter] = []
        async with aiohttp.ClientSession() as session:
            generator = LoadGenerator(
                session,
                connector,
                service_url,
                [str(server.make_url("")).rstrip("/")],
                bank,
                ours=True,
            )
            original = generator.turn

            async def counted(kind: str, *args: Any, **kwargs: Any) -> list[Recorded]:
                if kind != "answer":
                    return await original(kind, *args, **kwargs)
                with DatabaseCounter(components.engine) as counter:
                    replies = await original(kind, *args, **kwargs)
                per_turn.append(counter)
                return replies

            generator.turn = counted  # type: ignore[method-assign]
            await run_conversations(generator, 1, team_size=team_size, assessments=1)
        await server.close()
        components.engine.dispose()
    await connector.close()
    if generator.tally.errors:
        raise RuntimeError(f"answer turns failed: {generator.tally.errors[:3]}")
    return TurnCounts(
        turns=len(per_turn),
        usual_statements=statistics.mode(len(c.statements) for c in per_turn),
        max_statements=max(len(c.statements) for c in per_turn),
        mean_statements=statistics.mean(len(c.statements) for c in per_turn),
        mean_commits=statistics.mean(c.commits for c in per_turn),
        mean_checkouts=statistics.mean(c.checkouts for c in per_turn),
    )
