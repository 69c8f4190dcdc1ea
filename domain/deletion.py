"""Deleting a project: every round of it, and every row that names one of them.

A project is all the rounds linked by `previous_assessment_id` (`herhaal` starts the next
round). `verwijder` promises the team that the project is gone, so every round goes, with
every row in any table that points at one of them, in one transaction: nothing is left
half deleted when a process dies in between.

Which tables: every table in the metadata with a foreign key to `assessment`, found at run
time, so a new table that names an assessment is deleted from without a change here. What
lives outside the domain and names an assessment by its public id (a person's memory of
the question last shown, bot/storage/user_memory.py) is handed in as a `Forget` function that runs
in the same transaction. tests/test_delete_everything.py checks every table of the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from domain.models import Answer, Assessment, Participant

# Rows removed from a store outside the domain that names assessments by public id.
Forget = Callable[[Connection, Sequence[str]], int]

_ASSESSMENT: sa.Table = Assessment.__table__  # type: ignore[attr-defined]
_ANSWER: sa.Table = Answer.__table__  # type: ignore[attr-defined]
_PARTICIPANT: sa.Table = Participant.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ProjectSize:
    """What deleting a project takes away, counted over all its rounds."""

    rounds: int
    answers: int  # current answers (earlier versions go too, uncounted)
    people: int  # different people who took part in any round


@dataclass(frozen=True)
class DeletedProject:
    """What a delete removed: the counts the user is told, and rows per table (the log)."""

    size: ProjectSize
    rows: dict[str, int] = field(default_factory=dict)


def round_ids(connection: Connection, assessment_id: int) -> list[int]:
    """Every round of the project this assessment belongs to, oldest first.

    Follows the links both ways (earlier rounds and later ones), so deleting any round
    finds them all; a few statements for a chain of a few rounds.
    """
    found = {assessment_id}
    frontier = {assessment_id}
    table = _ASSESSMENT.c
    while frontier:
        rows = connection.execute(
            sa.select(table.id, table.previous_assessment_id).where(
                sa.or_(table.id.in_(frontier), table.previous_assessment_id.in_(frontier))
            )
        ).all()
        linked = {int(i) for row in rows for i in row if i is not None}
        frontier = linked - found
        found |= linked
    existing = connection.execute(
        sa.select(table.id).where(table.id.in_(found)).order_by(table.id)
    ).scalars()
    return [int(i) for i in existing]


def size_of(connection: Connection, ids: Sequence[int]) -> ProjectSize:
    """How many rounds, current answers and people these rounds hold."""
    answers = connection.execute(
        sa.select(sa.func.count())
        .select_from(_ANSWER)
        .where(_ANSWER.c.assessment_id.in_(ids), _ANSWER.c.current.is_(True))
    ).scalar_one()
    people = connection.execute(
        sa.select(sa.func.count(sa.distinct(_PARTICIPANT.c.user_id))).where(
            _PARTICIPANT.c.assessment_id.in_(ids)
        )
    ).scalar_one()
    return ProjectSize(rounds=len(ids), answers=int(answers), people=int(people))


def delete_rounds(
    connection: Connection, ids: Sequence[int], forget: Iterable[Forget] = ()
) -> dict[str, int]:
    """Delete these rounds and every row naming them, in the caller's transaction.

    Explicit deletes (not only ON DELETE CASCADE), children before parents: the result
    does not depend on SQLite's foreign key pragma, and the log can say what went.
    """
    if not ids:
        return {}
    rounds = (
        connection.execute(sa.select(_ASSESSMENT).where(_ASSESSMENT.c.id.in_(ids))).mappings().all()
    )
    public_ids = [str(r["public_id"]) for r in rounds]
    removed: dict[str, int] = {}
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table is _ASSESSMENT:
            continue
        # A foreign key may name a round by any of its columns (row id, public id).
        naming = [
            key.parent.in_([r[key.column.name] for r in rounds])
            for key in table.foreign_keys
            if key.column.table.name == _ASSESSMENT.name
        ]
        if naming:
            result = connection.execute(sa.delete(table).where(sa.or_(*naming)))
            removed[table.name] = int(result.rowcount or 0)
    result = connection.execute(sa.delete(_ASSESSMENT).where(_ASSESSMENT.c.id.in_(ids)))
    removed[_ASSESSMENT.name] = int(result.rowcount or 0)
    for each in forget:
        name = getattr(each, "__name__", "forget")
        removed[name] = removed.get(name, 0) + each(connection, public_ids)
    return removed
