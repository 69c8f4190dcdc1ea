"""One answer turn against the database: one read, only the writes that change something.

An answer is nine turns in ten. Its reply needs the assessment (the card's), what the answer
replaces (an earlier answer, a skip), the author's participant row, the next question for
the author (their answers and skips, the team's answers, the assignments) and the team's
progress card (answers per person, participants). All of it comes from one statement
(`read_answer_context`) instead of the nine reads this took before (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import col

from domain.assessment_rows import (
    ASSESSMENT_TABLE,
    WIDTH,
    assessment_from_row,
    convert,
    converters,
)
from domain.direct_sql import DirectStatement
from domain.models import Answer, Assessment, Assignment, Participant, Skip, as_utc
from domain.parts import AssignedPart
from domain.records import ParticipantRecord

_TEXT = sa.String()
_WHEN = sa.DateTime(timezone=True)


@dataclass
class AnswerContext:
    """Everything an answer turn reads, as plain values; changed in place as it writes."""

    assessment: Assessment
    answer_counts: dict[str, int] = field(default_factory=dict)  # author id -> answers
    answered_by: dict[str, list[str]] = field(default_factory=dict)  # author -> questions
    anyone: set[str] = field(default_factory=set)  # questions with at least one answer
    mine: set[str] = field(default_factory=set)  # questions the author answered
    skipped: list[str] = field(default_factory=list)  # the author's, oldest first
    participants: list[tuple[int, ParticipantRecord]] = field(default_factory=list)  # (id, …)
    assignments: list[AssignedPart] = field(default_factory=list)  # oldest first


def _branch(kind: str, **columns: Any) -> sa.Select[Any]:
    """One part of the UNION ALL, with every column present and typed the same way."""
    typed: dict[str, sa.types.TypeEngine[Any]] = {
        "a": _TEXT,
        "b": _TEXT,
        "c": _TEXT,
        "d": _TEXT,
        "n": sa.Integer(),
        "at": _WHEN,
        "flag": sa.Boolean(),
        "gone_at": _WHEN,
    }
    # Literal SQL, not bound values: a bound literal makes SQLAlchemy rewrite the statement's
    # text on every execution.
    return sa.select(
        sa.literal_column(f"'{kind}'", _TEXT).label("kind"),
        # A bare NULL would be text to PostgreSQL, which refuses to unite it with a time.
        *(
            (
                sa.type_coerce(columns[name], type_)
                if name in columns
                else sa.cast(sa.null(), type_)
            ).label(name)
            for name, type_ in typed.items()
        ),
    )


def _joined(column: Any, dialect: str) -> Any:
    """ "a,b,c" of a group's values: group_concat on SQLite, string_agg on PostgreSQL.

    (SQLAlchemy's aggregate_strings does both, but binds its separator as a literal value,
    which makes it rewrite the statement's text on every execution.)
    """
    separator = sa.literal_column("','", _TEXT)
    if dialect == "postgresql":
        return sa.func.string_agg(column, separator, type_=_TEXT)
    return sa.func.group_concat(column, separator, type_=_TEXT)


def _answer_context_query(dialect: str) -> sa.Select[Any]:
    public_id = sa.bindparam("public_id", type_=_TEXT)
    user_id = sa.bindparam("user_id", type_=_TEXT)
    target = (
        sa.select(col(Assessment.id)).where(col(Assessment.public_id) == public_id)
    ).scalar_subquery()
    # Per author one row with the questions they answered ("q1,q2,…"; question ids hold
    # no commas): the counts, the team's answered questions and the author's own, in a
    # handful of rows however many answers there are.
    answered = (
        _branch(
            "answers",
            a=col(Answer.author_id),
            b=_joined(col(Answer.question_id), dialect),
        )
        .where(col(Answer.assessment_id) == target, col(Answer.current).is_(True))
        .group_by(col(Answer.author_id))
    )
    skipped = _branch("skip", a=col(Skip.question_id), at=col(Skip.skipped_at)).where(
        col(Skip.assessment_id) == target, col(Skip.user_id) == user_id
    )
    people = _branch(
        "participant",
        a=col(Participant.user_id),
        b=col(Participant.account_id),
        c=col(Participant.display_name),
        d=col(Participant.language),
        n=col(Participant.id),
        at=col(Participant.joined_at),
        flag=col(Participant.reminders_paused),
        gone_at=col(Participant.left_at),
    ).where(col(Participant.assessment_id) == target)
    assigned = _branch(
        "assignment",
        a=col(Assignment.part),
        b=col(Assignment.user_id),
        c=col(Assignment.account_id),
        d=col(Assignment.display_name),
        at=col(Assignment.assigned_at),
    ).where(col(Assignment.assessment_id) == target)
    context = sa.union_all(answered, skipped, people, assigned).subquery("ctx")
    # The assessment's columns repeat on each context row (a row per author, participant,
    # skip and assignment); a LEFT JOIN keeps the assessment when there are none.
    return (
        sa.select(ASSESSMENT_TABLE, context)
        .select_from(ASSESSMENT_TABLE)
        .outerjoin(context, sa.true())
        .where(col(Assessment.public_id) == public_id)
    )


# Run on the driver's cursor (domain/direct_sql.py): on every execution SQLAlchemy would
# also walk this statement whole (four SELECTs in a UNION, 31 columns) for its cache key,
# which cost more CPU than the database spent running it.
_CONTEXT_QUERY = DirectStatement(_answer_context_query)


def read_answer_context(
    connection: Connection, public_id: str, user_id: str
) -> AnswerContext | None:
    """The card's assessment and the author's and team's standing; None if it is gone."""
    # SQLAlchemy would convert every column of every row; the assessment's columns repeat
    # on each row. They are converted once, from the first row; of the other columns only
    # the times and the flag are. (Profile: a third of the read's CPU went to converting.)
    found = converters(connection.dialect)
    rows = _CONTEXT_QUERY.rows(connection, {"public_id": public_id, "user_id": user_id})
    if not rows:
        return None
    context = AnswerContext(assessment_from_row(rows[0], found))
    skipped: list[tuple[datetime, str]] = []
    assigned: list[tuple[datetime, AssignedPart]] = []
    when, flag = found.when, found.flag
    for row in rows:
        kind, a, b, c, d, n, at, flagged, gone_at = row[WIDTH:]
        if kind == "answers":
            questions = b.split(",")
            context.answer_counts[a] = len(questions)
            context.answered_by[a] = questions
            context.anyone.update(questions)
            if a == user_id:
                context.mine.update(questions)
        elif kind == "skip":
            skipped.append((as_utc(convert(at, when)), a))
        elif kind == "participant":
            record = ParticipantRecord(
                a,
                c,
                as_utc(convert(at, when)),
                account_id=b or "",
                language=d,
                paused=bool(convert(flagged, flag)),
                left=gone_at is not None,
            )
            context.participants.append((int(n), record))
        elif kind == "assignment":
            assigned.append((as_utc(convert(at, when)), AssignedPart(a, {b, c} - {"", None}, d)))
    context.skipped = [question for _, question in sorted(skipped)]
    context.assignments = [part for _, part in sorted(assigned, key=lambda item: item[0])]
    context.participants.sort(key=lambda pair: pair[0])
    return context
