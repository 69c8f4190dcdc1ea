"""DirectStatement behaves like SQLAlchemy's own execution: same rows, same transaction,
same events, same errors, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.storage.delivery_claims import ProcessedActivity
from bot.storage.engine import migrate
from domain.direct_sql import DirectStatement

_TABLE: sa.Table = ProcessedActivity.__table__  # type: ignore[attr-defined]
_KEYS = ("channel_id", "conversation_id", "activity_id", "received_at")
_INSERT = DirectStatement(lambda _dialect: sa.insert(_TABLE), keys=_KEYS)
_BY_CONVERSATION = DirectStatement(
    lambda _dialect: (
        sa.select(_TABLE.c.activity_id, _TABLE.c.received_at)
        .where(_TABLE.c.conversation_id == sa.bindparam("conversation"))
        .order_by(_TABLE.c.activity_id)
    )
)
_MOMENT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _values(activity: str) -> dict[str, Any]:
    return {
        "channel_id": "msteams",
        "conversation_id": "19:a",
        "activity_id": activity,
        "received_at": _MOMENT,
    }


def _stored(engine: Engine) -> list[tuple[str, datetime]]:
    """What SQLAlchemy itself reads back (its own converters)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(_TABLE.c.activity_id, _TABLE.c.received_at).order_by(_TABLE.c.activity_id)
        ).all()
    return [(a, r if r.tzinfo else r.replace(tzinfo=UTC)) for a, r in rows]


def test_writes_what_sqlalchemy_reads_back_and_reads_with_parameters(engine: Engine) -> None:
    migrate(engine)
    with engine.begin() as connection:
        assert _INSERT.rows(connection, _values("1")) == []
        _INSERT.rows(connection, _values("2"))
    assert _stored(engine) == [("1", _MOMENT), ("2", _MOMENT)]
    with engine.connect() as connection:
        rows = _BY_CONVERSATION.rows(connection, {"conversation": "19:a"})
        assert [row[0] for row in rows] == ["1", "2"]
        assert _BY_CONVERSATION.rows(connection, {"conversation": "19:other"}) == []


def test_rolls_back_with_the_transaction(engine: Engine) -> None:
    migrate(engine)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        _INSERT.rows(connection, _values("1"))
        raise RuntimeError("the turn failed after the write")
    assert _stored(engine) == []


def test_a_driver_error_is_sqlalchemys_integrity_error(engine: Engine) -> None:
    migrate(engine)
    with engine.begin() as connection:
        _INSERT.rows(connection, _values("1"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _INSERT.rows(connection, _values("1"))
    assert _stored(engine) == [("1", _MOMENT)]  # the failed transaction left nothing


def test_cursor_events_fire_so_round_trips_are_counted(engine: Engine) -> None:
    migrate(engine)
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        with engine.begin() as connection:
            _INSERT.rows(connection, _values("1"))
            _BY_CONVERSATION.rows(connection, {"conversation": "19:a"})
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert len(seen) == 2
    assert seen[0].startswith("INSERT INTO processed_activity")
    assert seen[1].startswith("SELECT")


def test_a_statement_with_values_inside_is_refused(engine: Engine) -> None:
    """Only named parameters: a value built into the statement would be silently wrong."""
    migrate(engine)
    inline = DirectStatement(
        lambda _dialect: sa.select(_TABLE.c.activity_id).where(_TABLE.c.channel_id == "msteams")
    )
    with engine.connect() as connection, pytest.raises(ValueError, match="channel_id"):
        inline.rows(connection, {})
