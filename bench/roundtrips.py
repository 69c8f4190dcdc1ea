"""Count what one turn asks of the database, with SQLAlchemy events (no timing involved)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine


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
