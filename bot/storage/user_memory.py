"""A person's small memory between turns: an entry per thing remembered, read when needed.

What the conversation remembers of a person: the language they chose, and per conversation
the question last shown to them (for a typed answer) and a command waiting for "which
project?". It used to be one botbuilder `UserState` document, read and written whole on
every turn: two statements and a commit, and jsonpickle, on nine turns in ten that need
none of it (an answer on a card carries its own language and question). Here each entry
is a row: a turn reads only the entries it asks for, and writes only the ones it changed,
blind (an upsert), so two turns of one person never conflict (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel

from domain.direct_sql import DirectStatement
from domain.models import utcnow


class MemoryEntry(SQLModel, table=True):
    """One remembered thing of one person (owner: channel and the person's account id)."""

    __tablename__ = "user_memory"

    owner: str = Field(sa_column=sa.Column(sa.String(512), primary_key=True))
    entry: str = Field(sa_column=sa.Column(sa.String(600), primary_key=True))
    value: str = Field(sa_column=sa.Column(sa.Text, nullable=False))  # JSON
    updated_at: datetime = Field(
        sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True)
    )


_TABLE: sa.Table = MemoryEntry.__table__  # type: ignore[attr-defined]
_COLUMNS = _TABLE.c
_READ_ONE = sa.select(_COLUMNS.value).where(
    _COLUMNS.owner == sa.bindparam("owner"), _COLUMNS.entry == sa.bindparam("entry")
)
_READ_ALL = sa.select(_COLUMNS.entry, _COLUMNS.value).where(_COLUMNS.owner == sa.bindparam("owner"))
_FORGET = sa.delete(_TABLE).where(
    _COLUMNS.owner == sa.bindparam("owner"), _COLUMNS.entry == sa.bindparam("entry")
)


def _upsert(dialect: str) -> sa.Insert:
    """INSERT … ON CONFLICT DO UPDATE: the last write of an entry wins, without a read."""
    insert = postgresql.insert(_TABLE) if dialect == "postgresql" else sqlite.insert(_TABLE)
    return insert.on_conflict_do_update(
        index_elements=[_COLUMNS.owner, _COLUMNS.entry],
        set_={"value": insert.excluded.value, "updated_at": insert.excluded.updated_at},
    )


# Run on the driver's cursor: the upsert is one of the answer turn's statements, and a
# typed command reads an entry or two (through SQLAlchemy's execution each cost ~0.2 ms).
_UPSERT = DirectStatement(_upsert, keys=("owner", "entry", "value", "updated_at"))
_READ_ONE_DIRECT = DirectStatement(lambda _dialect: _READ_ONE)
_FORGET_DIRECT = DirectStatement(lambda _dialect: _FORGET)


def owner_key(channel_id: str | None, account_id: str) -> str:
    """Whose memory: the same key botbuilder's UserState used, so nothing was lost."""
    return f"{channel_id or 'unknown'}/users/{account_id}"


class UserMemory(MutableMapping[str, Any]):
    """One person's memory during one turn; `save()` writes what the turn changed.

    A mapping of entry -> JSON value. Setting None forgets the entry.
    """

    def __init__(self, engine: Engine, owner: str, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._owner = owner
        self._clock = clock
        self._read: dict[str, Any] = {}  # entry -> value as read (None: not stored)
        self._changed: dict[str, Any] = {}  # entry -> new value (None: forget)

    def __getitem__(self, entry: str) -> Any:
        if entry in self._changed:
            value = self._changed[entry]
        else:
            if entry not in self._read:
                self._read[entry] = self._load(entry)
            value = self._read[entry]
        if value is None:
            raise KeyError(entry)
        return value

    def __setitem__(self, entry: str, value: Any) -> None:
        if entry not in self._changed and entry in self._read and self._read[entry] == value:
            return  # what is stored already: nothing to write
        self._changed[entry] = value

    def __delitem__(self, entry: str) -> None:
        self[entry]  # KeyError when there is nothing to forget, as a dict does
        self._changed[entry] = None

    def __iter__(self) -> Iterator[str]:
        with self._engine.connect() as connection:
            rows = connection.execute(_READ_ALL, {"owner": self._owner}).all()
        stored = {str(entry): str(value) for entry, value in rows}
        entries = {entry: json.loads(value) for entry, value in stored.items()} | self._changed
        return iter([entry for entry, value in entries.items() if value is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def changed(self) -> bool:
        """True when `save()` has something to write."""
        return bool(self._changed)

    def save(self) -> None:
        """Write the changed entries in one transaction (nothing when nothing changed)."""
        if not self._changed:
            return
        with self._engine.begin() as connection:
            self.write_with(connection)
        self.written()

    def write_with(self, connection: Connection) -> None:
        """Write the changed entries in the caller's transaction (the answer's: one commit
        for both); call `written()` once it is committed."""
        now = self._clock()
        for entry, value in sorted(self._changed.items()):  # sorted: same lock order
            if value is None:
                _FORGET_DIRECT.rows(connection, {"owner": self._owner, "entry": entry})
            else:
                _UPSERT.rows(
                    connection,
                    {
                        "owner": self._owner,
                        "entry": entry,
                        "value": json.dumps(value, ensure_ascii=False, separators=(",", ":")),
                        "updated_at": now,
                    },
                )

    def written(self) -> None:
        """The transaction with `write_with` committed: the changes are stored."""
        self._read.update(self._changed)
        self._changed.clear()

    def _load(self, entry: str) -> Any:
        with self._engine.connect() as connection:
            rows = _READ_ONE_DIRECT.rows(connection, {"owner": self._owner, "entry": entry})
        return json.loads(rows[0][0]) if rows else None


def forget_memory_before(engine: Engine, moment: datetime) -> int:
    """Retention: drop entries not written since `moment` (the person starts fresh)."""
    with engine.begin() as connection:
        result = connection.execute(sa.delete(_TABLE).where(_COLUMNS.updated_at < moment))
    return int(result.rowcount or 0)


def forget_projects(connection: Connection, public_ids: Sequence[str]) -> int:
    """A deleted project: drop every entry whose value names one of its rounds.

    The question last shown (`pending`) points at a round by its public id; after a
    delete nothing may point at it. Runs in the delete's transaction (Rounds's
    `forget`). The LIKE finds candidates; the JSON decides, so only a real pointer goes.
    """
    wanted = {p for p in public_ids if p}
    if not wanted:
        return 0
    rows = connection.execute(
        sa.select(_COLUMNS.owner, _COLUMNS.entry, _COLUMNS.value).where(
            sa.or_(*(_COLUMNS.value.contains(p, autoescape=True) for p in sorted(wanted)))
        )
    ).all()
    gone = 0
    for owner, entry, value in rows:
        try:
            remembered = json.loads(value)
        except ValueError:
            continue
        if _names_any(remembered, wanted):
            connection.execute(_FORGET, {"owner": owner, "entry": entry})
            gone += 1
    return gone


def _names_any(value: Any, ids: set[str]) -> bool:
    """True when one of `ids` is a string anywhere in this JSON value."""
    if isinstance(value, str):
        return value in ids
    if isinstance(value, dict):
        return any(_names_any(v, ids) for v in value.values())
    if isinstance(value, list):
        return any(_names_any(v, ids) for v in value)
    return False
