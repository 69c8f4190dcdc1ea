"""Bot Framework ``Storage`` on a SQL database (SQLite or PostgreSQL) via SQLModel/SQLAlchemy.

Why: ``MemoryStorage`` loses ConversationState/UserState on every restart and cannot be
shared by several bot processes. This storage keeps one row per state key and uses the
row's ``e_tag`` for optimistic concurrency, so two processes handling the same
conversation cannot silently overwrite each other's state.

Semantics mirror ``botbuilder.core.MemoryStorage`` (the SDK reference implementation):

* an item whose ``e_tag`` is missing, ``None`` or ``"*"`` is written unconditionally
  (last write wins);
* an item carrying any other ``e_tag`` is only written if it equals the stored one,
  otherwise :class:`ETagConflictError` is raised; writing such an item to a key that
  does not exist yet creates it (as ``MemoryStorage`` does);
* an empty ``e_tag`` (``""``) is refused;
* every write stores a fresh ``e_tag``, and ``read`` returns it in the item
  (``item["e_tag"]`` for dicts, ``item.e_tag`` for objects).

Items are serialised with jsonpickle, exactly like the SDK's Cosmos DB and Blob storages,
so dicts, ``StoreItem`` subclasses and the SDK's own objects inside dialog state (e.g.
``DialogState``) come back as the same types. Consequence: the database is trusted input,
since decoding can instantiate arbitrary classes; do not let others write to the table.

Unlike ``MemoryStorage``, one ``write`` call is all-or-nothing: all keys are written in a
single transaction, and an e_tag conflict on any key rolls back the whole call.

Each call is one short synchronous transaction; on PostgreSQL it runs in a worker thread,
so the event loop serves other turns while a commit waits for the WAL flush
(`bot.database.run_database_work`, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import Storage
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from sqlalchemy import Column, DateTime, Engine, String, Table, Text, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

from bot.database import run_database_work

__all__ = ["MAX_KEY_BYTES", "ETagConflictError", "SqlStorage", "StoreItemRow"]

MAX_KEY_BYTES = 1024
"""Longest accepted key, in UTF-8 bytes.

Why bytes and not characters: the key is the primary key, and index entry limits are in
bytes (PostgreSQL B-tree: ~2700). Real botbuilder keys ("<channel>/conversations/<id>")
are a few hundred bytes at most.
"""

_E_TAG_WILDCARD = "*"
_READ_CHUNK = 500  # keys per SELECT ... IN (...); stays far below SQLite's parameter limit
_INSERT_RETRIES = 3  # unconditional write: UPDATE-or-INSERT attempts when racing other writers


class StoreItemRow(SQLModel, table=True):
    """One stored state item; table ``bot_state``.

    Column types are plain ``String``/``Text``/``DateTime`` so the Alembic migration
    generated from ``SQLModel.metadata`` works on SQLite and PostgreSQL alike. The document
    is JSON in a TEXT column (not JSONB) because JSONB rejects ``\\u0000`` in strings and
    we never query inside the document.
    """

    __tablename__ = "bot_state"

    key: str = Field(sa_column=Column("key", String(MAX_KEY_BYTES), primary_key=True))
    document: str = Field(sa_column=Column("document", Text, nullable=False))
    e_tag: str = Field(sa_column=Column("e_tag", String(64), nullable=False))
    updated_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        sa_column=Column("updated_at", DateTime(timezone=True), nullable=False),
    )


_TABLE: Table = StoreItemRow.__table__  # type: ignore[attr-defined]
_COLS = _TABLE.c


class ETagConflictError(Exception):
    """A write carried an e_tag that no longer matches the stored one.

    Why a dedicated type: callers (e.g. a turn-level retry) can catch exactly the
    optimistic-concurrency failure without swallowing database errors.
    """

    def __init__(self, key: str, expected: str, actual: str | None) -> None:
        self.key = key
        self.expected = expected
        self.actual = actual
        current = "item no longer exists" if actual is None else f"stored e_tag is {actual!r}"
        super().__init__(
            f"SqlStorage.write(): e_tag conflict for key {key!r}: the item carries e_tag "
            f"{expected!r} but {current}; it was changed by someone else since it was read"
        )


@dataclass(frozen=True, slots=True)
class _PendingWrite:
    """A validated change, serialised before the transaction starts (keeps it short)."""

    key: str
    document: str
    expected_e_tag: str | None  # None = unconditional write


class SqlStorage(Storage):
    """botbuilder ``Storage`` persisting items in the ``bot_state`` table.

    Why an ``Engine`` and not a session: each call runs its own short transaction, so the
    storage can be shared by all turns of a process, and several processes can share one
    database; concurrency is handled with conditional UPDATEs, not in-process locks.
    The table must exist (created by the Alembic migration, or ``SQLModel.metadata``).
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine

    async def read(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the stored items for ``keys``; unknown keys are simply absent."""
        if keys is None:
            raise ValueError("Keys are required when reading")
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        return await run_database_work(self._engine, self._read, wanted)

    def _read(self, wanted: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted, _READ_CHUNK):
                rows = conn.execute(
                    select(_COLS.key, _COLS.document, _COLS.e_tag).where(_COLS.key.in_(chunk))
                ).all()
                for key, document, e_tag in rows:
                    result[key] = _decode(document, e_tag)
        return result

    async def write(self, changes: Mapping[str, object]) -> None:
        """Store ``changes`` atomically, enforcing e_tags; raises ETagConflictError."""
        if changes is None:
            raise ValueError("Changes are required when writing")
        if not changes:
            return
        # Validate and serialise everything first: nothing is written if any item is
        # invalid. Sorted so that concurrent multi-key writes lock rows in the same order
        # (no deadlocks on PostgreSQL).
        pending = [_prepare(key, changes[key]) for key in sorted(changes)]
        await run_database_work(self._engine, self._write, pending)

    def _write(self, pending: list[_PendingWrite]) -> None:
        with self._engine.begin() as conn:
            for item in pending:
                if item.expected_e_tag is None:
                    _write_unconditionally(conn, item)
                else:
                    _write_if_e_tag_matches(conn, item, item.expected_e_tag)

    async def delete(self, keys: Iterable[str]) -> None:
        """Remove ``keys``; unknown keys are ignored (as in MemoryStorage)."""
        if keys is None:
            raise ValueError("Keys are required when deleting")
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return
        await run_database_work(self._engine, self._delete, wanted)

    def _delete(self, wanted: list[str]) -> None:
        with self._engine.begin() as conn:
            for chunk in _chunks(wanted, _READ_CHUNK):
                conn.execute(delete(_TABLE).where(_COLS.key.in_(chunk)))


def _prepare(key: str, item: object) -> _PendingWrite:
    """Check key and e_tag and serialise the item (the e_tag lives in its own column)."""
    if not isinstance(key, str):
        raise TypeError(f"SqlStorage.write(): keys must be str, got {type(key).__name__}")
    if "\x00" in key:
        raise ValueError(f"SqlStorage.write(): key {key!r} contains a NUL character")
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise ValueError(
            f"SqlStorage.write(): key is longer than {MAX_KEY_BYTES} UTF-8 bytes "
            f"(starts with {key[:80]!r})"
        )
    e_tag = _e_tag_of(item)
    if e_tag == "":
        raise ValueError(f"SqlStorage.write(): etag missing for key {key!r} (empty e_tag)")
    if e_tag is not None and not isinstance(e_tag, str):
        raise TypeError(f"SqlStorage.write(): e_tag of key {key!r} must be a str or None")
    expected = None if e_tag in (None, _E_TAG_WILDCARD) else e_tag
    return _PendingWrite(key=key, document=_encode(item), expected_e_tag=expected)


def _e_tag_of(item: object) -> object:
    """Find the item's e_tag the way MemoryStorage does (dict key or attribute)."""
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _encode(item: object) -> str:
    """jsonpickle-flatten the item (like the SDK's Cosmos storage) without its e_tag."""
    flat = Pickler().flatten(item)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


def _decode(document: str, e_tag: str) -> Any:
    """Rebuild the item and hand back the current e_tag for the next write."""
    flat = json.loads(document)
    if isinstance(flat, dict):
        flat["e_tag"] = e_tag
    return Unpickler().restore(flat)


def _new_values(item: _PendingWrite) -> dict[str, Any]:
    """Column values for a write; every write gets a fresh e_tag."""
    return {
        "document": item.document,
        "e_tag": uuid.uuid4().hex,
        "updated_at": datetime.now(UTC),
    }


def _write_unconditionally(conn: Connection, item: _PendingWrite) -> None:
    """Last write wins: UPDATE, else INSERT; if another process inserted first, UPDATE again."""
    for _ in range(_INSERT_RETRIES):
        values = _new_values(item)
        updated = conn.execute(update(_TABLE).where(_COLS.key == item.key).values(**values))
        if updated.rowcount == 1:
            return
        if _try_insert(conn, item.key, values):
            return
    raise RuntimeError(
        f"SqlStorage.write(): could not write key {item.key!r}: it kept being inserted and "
        "deleted concurrently"
    )


def _write_if_e_tag_matches(conn: Connection, item: _PendingWrite, expected: str) -> None:
    """Compare-and-swap on the e_tag in one UPDATE, so the check is atomic across processes."""
    values = _new_values(item)
    updated = conn.execute(
        update(_TABLE).where(_COLS.key == item.key, _COLS.e_tag == expected).values(**values)
    )
    if updated.rowcount == 1:
        return
    # No row with that e_tag: either the key does not exist (MemoryStorage then simply
    # stores the item) or it holds another e_tag. The INSERT tells which, race-free.
    if _try_insert(conn, item.key, values):
        return
    actual = conn.execute(select(_COLS.e_tag).where(_COLS.key == item.key)).scalar_one_or_none()
    raise ETagConflictError(item.key, expected, actual)


def _try_insert(conn: Connection, key: str, values: dict[str, Any]) -> bool:
    """INSERT the row; False if the key already exists (e.g. another process won the race).

    Runs in a SAVEPOINT so a duplicate-key error does not abort the surrounding
    transaction on PostgreSQL. The caller has always executed an UPDATE first in the same
    transaction, so pysqlite has already opened it and the SAVEPOINT nests correctly.
    """
    try:
        with conn.begin_nested():
            conn.execute(insert(_TABLE).values(key=key, **values))
    except IntegrityError:
        return False
    return True


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """Split keys so large reads/deletes stay within driver parameter limits."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def forget_state_before(engine: Engine, moment: datetime) -> int:
    """Retention for bot state: drop documents not written since `moment`.

    The state only holds a person's last shown question and language; someone who has not
    used the bot for the whole retention period starts fresh, which loses nothing.
    """
    with engine.begin() as connection:
        result = connection.execute(
            delete(StoreItemRow).where(StoreItemRow.updated_at < moment)  # type: ignore[arg-type]
        )
    return int(result.rowcount or 0)
