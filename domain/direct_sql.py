"""The answer turn's statements, run on the driver's cursor inside SQLAlchemy's transaction.

Why: an answer turn runs four statements (the claim, the read, the answer, the memory).
SQLAlchemy's execution machinery around each one (execution context, parameter and result
set-up) costs about 140 µs of CPU per statement, four times what SQLite needs to run it
(docs/PERFORMANCE.md). A `DirectStatement` is compiled once per database kind by
SQLAlchemy itself, so the SQL text and the parameter converters are the ones SQLAlchemy
would use, and it runs on the DB-API connection of the caller's `Connection`: it is part of
that connection's transaction, commits and rolls back with it. SQLAlchemy's cursor events
still fire (the round-trip count listens to them), and driver errors come out as
SQLAlchemy's own (an `IntegrityError` is still an `IntegrityError`).

Only for statements whose rows the caller reads as plain tuples; everything else goes
through SQLAlchemy as usual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Converter = Callable[[Any], Any]


@dataclass(frozen=True)
class _Compiled:
    """One statement for one database kind: its SQL and how to build its parameters."""

    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver wants them
    converters: tuple[Converter | None, ...]  # one per name
    positional: bool

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters: converted the way SQLAlchemy converts them."""
        converted = [
            value if convert is None or value is None else convert(value)
            for value, convert in zip(
                (values[name] for name in self.names), self.converters, strict=True
            )
        ]
        if self.positional:
            return tuple(converted)
        return dict(zip(self.names, converted, strict=True))


class DirectStatement:
    """A SQLAlchemy statement compiled once per dialect, run straight on the cursor."""

    def __init__(self, build: Callable[[str], sa.ClauseElement], keys: Sequence[str] = ()) -> None:
        """`build(dialect_name)` makes the statement; `keys`: an INSERT's value columns."""
        self._build = build
        self._keys = list(keys)
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, connection: Connection, values: Mapping[str, Any]) -> list[Any]:
        """Run it in the connection's transaction; the rows as the driver returns them."""
        compiled = self._compiled.get(connection.dialect.name) or self._compile(connection)
        parameters = compiled.parameters(values)
        dialect = connection.dialect
        cursor = connection.connection.cursor()
        try:
            # The same events SQLAlchemy fires around its own cursor calls.
            connection.dispatch.before_cursor_execute(
                connection, cursor, compiled.sql, parameters, None, False
            )
            cursor.execute(compiled.sql, parameters)
            rows: list[Any] = list(cursor.fetchall()) if cursor.description else []
            connection.dispatch.after_cursor_execute(
                connection, cursor, compiled.sql, parameters, None, False
            )
        except dialect.loaded_dbapi.Error as error:
            # As SQLAlchemy does: a lost connection is marked so, and not used again.
            lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
            if lost:
                connection.invalidate(error)
            raise sa.exc.DBAPIError.instance(
                compiled.sql,
                parameters,
                error,
                dialect.loaded_dbapi.Error,
                dialect=dialect,
                connection_invalidated=lost,
            ) from error
        finally:
            with contextlib.suppress(dialect.loaded_dbapi.Error):  # its connection may be gone
                cursor.close()
        return rows

    def _compile(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        statement = self._build(dialect.name)
        compiled: Any = statement.compile(dialect=dialect, column_keys=self._keys or None)
        positional = bool(compiled.positional)
        names = tuple(compiled.positiontup) if positional else tuple(compiled.binds)
        missing = {n for n in names if n not in self._keys} - _named_binds(statement)
        if missing:  # a value built into the statement, or a column default: not supported
            raise ValueError(f"values needed for {sorted(missing)}")
        converters = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        )
        result = _Compiled(compiled.string, names, converters, positional)
        self._compiled[dialect.name] = result
        return result


def _named_binds(statement: sa.ClauseElement) -> set[str]:
    """The names of the `bindparam()`s written into the statement."""
    return {
        bind.key
        for bind in sa.sql.visitors.iterate(statement)
        if isinstance(bind, sa.BindParameter)
    }
