"""What every part of the assessment domain shares: the engine, the bank, the clock, the
transactions, and the lookups (which assessment, its answers, who takes part).

One place for them, so that starting and closing (domain/rounds.py), answering
(domain/answering.py), teamwork (domain/team.py) and reminders (domain/reminders.py) run
their statements the same way: each public method of a part is one short transaction, so
several bot processes can share one database and an answer is committed before anyone is
told it was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.answer_context import AnswerContext, read_answer_context
from domain.assessment import AssessmentClosed, UnknownQuestion
from domain.assessment_rows import ASSESSMENT_TABLE, assessment_from_row, convert, converters
from domain.deletion import round_ids
from domain.direct_sql import DirectStatement
from domain.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Assignment,
    Participant,
    as_utc,
    utcnow,
)
from domain.parts import assignees_by_question
from domain.records import AnswerRecord, ParticipantRecord, Person
from domain.scale import Certainty, Effect
from questions.model import Question, QuestionBank

T = TypeVar("T")
_WRITE_ATTEMPTS = 3


def _in_thread_and_running_query(_dialect: str) -> sa.Select[Any]:
    table = ASSESSMENT_TABLE.c
    return (
        sa.select(ASSESSMENT_TABLE)
        .where(
            table.conversation_key == sa.bindparam("conversation_key", type_=sa.String()),
            sa.or_(
                table.thread_id == sa.bindparam("thread_id", type_=sa.String()),
                table.running_name.is_not(None),
            ),
        )
        .order_by(table.id)
    )


_IN_THREAD_AND_RUNNING = DirectStatement(_in_thread_and_running_query)


class Store:
    """The engine, bank and clock, and how a part runs its transactions."""

    def __init__(
        self, engine: Engine, bank: QuestionBank, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.engine = engine
        self.bank = bank
        self.clock = clock

    def session(self) -> Session:
        """An ORM session whose objects stay readable after the commit."""
        return Session(self.engine, expire_on_commit=False)

    def context(self, assessment: Assessment, user_id: str) -> AnswerContext:
        """The answer turn's one read, outside a write (empty if the assessment is gone)."""
        with self.engine.connect() as connection:
            context = read_answer_context(connection, assessment.public_id, user_id)
        return context or AnswerContext(assessment)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction and commit it.

        Two turns of the same person at the same moment (a double click, two devices) can
        both find no current answer and both insert one; the database's unique index then
        refuses the second. Running that transaction again sees the first one's row and
        turns it into history, so both saves succeed in order.
        """
        for attempt in range(_WRITE_ATTEMPTS):
            with self.session() as session:
                try:
                    result = work(session)
                    session.commit()
                    return result
                except IntegrityError:
                    session.rollback()
                    if attempt == _WRITE_ATTEMPTS - 1:
                        raise
        raise AssertionError("unreachable")

    def write_core(self, work: Callable[[Connection], T]) -> T:
        """`write` without the ORM session, for the answer turn (a session costs ~0.1 ms)."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self.engine.begin() as connection:
                    return work(connection)
            except IntegrityError:
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def question(self, question_id: str) -> Question:
        """The bank's question with this id; raises UnknownQuestion."""
        question = self.bank.question(question_id)
        if question is None:
            raise UnknownQuestion(question_id)
        return question

    def lock_open(self, session: Session, assessment: Assessment) -> None:
        """Refuse changes to a closed assessment, read inside the writing transaction.

        On PostgreSQL the row is locked, so a close and an answer never overlap; SQLite
        has one writer at a time anyway (FOR UPDATE is left out there).
        """
        status = session.execute(
            sa.select(col(Assessment.status))
            .where(col(Assessment.id) == assessment.id)
            .with_for_update()
        ).scalar_one_or_none()
        if status != AssessmentStatus.OPEN:
            raise AssessmentClosed(assessment)


class Lookups:
    """Reads only: which assessment a conversation, card or person means, and its records."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._engine = store.engine
        self.bank = store.bank

    def running(self, conversation_key: str) -> Assessment | None:
        """The most recently started running assessment of a conversation, if any."""
        found = self.running_all(conversation_key)
        return found[-1] if found else None

    def running_all(self, conversation_key: str) -> list[Assessment]:
        """Every running assessment of a conversation, oldest first."""
        with self._store.session() as session:
            return list(
                session.exec(
                    select(Assessment)
                    .where(
                        Assessment.conversation_key == conversation_key,
                        col(Assessment.running_name).is_not(None),
                    )
                    .order_by(col(Assessment.id))
                ).all()
            )

    def in_thread_and_running(
        self, conversation_key: str, thread_id: str
    ) -> tuple[Assessment | None, list[Assessment]]:
        """What a command typed in a thread may mean, in one read: the newest assessment
        started in this thread (a Teams reply chain, a Slack thread), and every running
        assessment of the conversation, oldest first.

        Every typed command asks this, so it runs on the driver's cursor
        (domain/assessment_rows.py): through an ORM session it cost 0.6 ms of CPU.
        """
        with self._engine.connect() as connection:
            found = converters(connection.dialect)
            rows = _IN_THREAD_AND_RUNNING.rows(
                connection, {"conversation_key": conversation_key, "thread_id": thread_id}
            )
        assessments = [assessment_from_row(row, found) for row in rows]
        started_here = [a for a in assessments if a.thread_id == thread_id]
        running = [a for a in assessments if a.running_name is not None]
        return (started_here[-1] if started_here else None), running

    def all_in(self, conversation_key: str) -> list[Assessment]:
        """Every assessment of a conversation, running and closed, oldest first."""
        with self._store.session() as session:
            return list(
                session.exec(
                    select(Assessment)
                    .where(Assessment.conversation_key == conversation_key)
                    .order_by(col(Assessment.id))
                ).all()
            )

    def joined_elsewhere(self, person: Person) -> list[Assessment]:
        """Running assessments in other conversations this person takes part in.

        What a 1:1 chat with the bot can act on, besides its own assessments.
        """
        ids = [i for i in (person.user_id, person.account_id) if i]
        with self._store.session() as session:
            return list(
                session.exec(
                    select(Assessment)
                    .join(Participant, col(Participant.assessment_id) == col(Assessment.id))
                    .where(
                        col(Assessment.running_name).is_not(None),
                        sa.or_(
                            col(Participant.user_id).in_(ids),
                            col(Participant.account_id).in_(ids),
                        ),
                    )
                    .order_by(col(Assessment.id))
                    .distinct()
                ).all()
            )

    def latest(self, conversation_key: str) -> Assessment | None:
        """The most recently started assessment of a conversation (running or closed)."""
        with self._store.session() as session:
            return session.exec(
                select(Assessment)
                .where(Assessment.conversation_key == conversation_key)
                .order_by(col(Assessment.id).desc())
            ).first()

    def by_public_id(self, public_id: str) -> Assessment | None:
        """The assessment a card refers to."""
        with self._store.session() as session:
            return session.exec(select(Assessment).where(Assessment.public_id == public_id)).first()

    def project_rounds(self, assessment: Assessment) -> list[Assessment]:
        """Every round of this assessment's project (linked by `herhaal`), oldest first."""
        assert assessment.id is not None
        with self._store.session() as session:
            ids = round_ids(session.connection(), assessment.id)
            return list(
                session.exec(
                    select(Assessment)
                    .where(col(Assessment.id).in_(ids))
                    .order_by(col(Assessment.id))
                ).all()
            )

    def personal_data(self, person: Person) -> list[tuple[Assessment, list[AnswerRecord]]]:
        """Everything stored under this person's id: every answer, history included."""
        with self._store.session() as session:
            rows = session.exec(
                select(Answer, Assessment)
                .join(Assessment, col(Assessment.id) == col(Answer.assessment_id))
                .where(Answer.author_id == person.user_id)
                .order_by(col(Assessment.id), col(Answer.id))
            ).all()
        grouped: dict[int, tuple[Assessment, list[AnswerRecord]]] = {}
        for answer, assessment in rows:
            assert assessment.id is not None
            grouped.setdefault(assessment.id, (assessment, []))[1].append(answer_record(answer))
        return list(grouped.values())

    # -- reading (answers) ------------------------------------------------------------

    def answers(self, assessment: Assessment) -> list[AnswerRecord]:
        """Everyone's current answers, oldest first.

        Plain values on the driver's cursor, not ORM objects or SQLAlchemy rows: the summary,
        the report and `afronden` read every answer of a round (1,680 for 48 respondents),
        and building an object per row took most of the read.
        """
        with self._engine.connect() as connection:
            when = converters(connection.dialect).when
            rows = _CURRENT_ANSWERS.rows(connection, {"assessment_id": assessment.id})
        return [
            record_of_answer(
                question_id,
                author_id,
                author_name,
                as_utc(convert(answered_at, when)),
                effect,
                certainty,
                explanation,
                text,
                choices,
            )
            for (
                question_id,
                author_id,
                author_name,
                answered_at,
                effect,
                certainty,
                explanation,
                text,
                choices,
            ) in rows
        ]

    def history(
        self, assessment: Assessment, question_id: str, author_id: str
    ) -> list[AnswerRecord]:
        """Every answer one person gave to one question, oldest first (current last)."""
        with self._store.session() as session:
            rows = session.exec(
                select(Answer)
                .where(
                    Answer.assessment_id == assessment.id,
                    Answer.question_id == question_id,
                    Answer.author_id == author_id,
                )
                .order_by(col(Answer.id))
            ).all()
        return [answer_record(r) for r in rows]

    def participants(self, assessment: Assessment) -> list[ParticipantRecord]:
        """Who took part, in the order they joined."""
        assert assessment.id is not None
        with self._engine.connect() as connection:
            return [record for _, record in participant_rows(connection, assessment.id)]

    def assignees(self, assessment: Assessment) -> dict[str, set[str]]:
        """Question id -> the ids (user and account) of the people it is assigned to."""
        with self._engine.connect() as connection:
            rows = _ASSIGNMENTS.rows(connection, {"assessment_id": assessment.id})
        return assignees_by_question(
            self.bank, [(part, {user_id, account_id} - {""}) for part, user_id, account_id in rows]
        )


def _assignments_query(_dialect: str) -> sa.Select[Any]:
    table = ASSIGNMENT_TABLE.c
    return sa.select(table.part, table.user_id, table.account_id).where(
        table.assessment_id == sa.bindparam("assessment_id", type_=sa.Integer())
    )


def _participants_query(_dialect: str) -> sa.Select[Any]:
    table = PARTICIPANT_TABLE.c
    return (
        sa.select(
            table.id,
            table.user_id,
            table.display_name,
            table.joined_at,
            table.account_id,
            table.language,
            table.reminders_paused,
            table.left_at,
        )
        .where(table.assessment_id == sa.bindparam("assessment_id", type_=sa.Integer()))
        .order_by(table.id)
    )


def participant_rows(
    connection: Connection, assessment_id: int
) -> list[tuple[int, ParticipantRecord]]:
    """The participants with their row ids, in the order they joined.

    On the driver's cursor: the summary and `afronden` read them next to every answer.
    """
    found = converters(connection.dialect)
    return [
        (
            row_id,
            ParticipantRecord(
                user_id,
                display_name,
                as_utc(convert(joined_at, found.when)),
                account_id=account_id,
                language=language,
                paused=bool(convert(paused, found.flag)),
                left=left_at is not None,
            ),
        )
        for (
            row_id,
            user_id,
            display_name,
            joined_at,
            account_id,
            language,
            paused,
            left_at,
        ) in _PARTICIPANTS.rows(connection, {"assessment_id": assessment_id})
    ]


ANSWER_TABLE: sa.Table = Answer.__table__  # type: ignore[attr-defined]


def _current_answers_query(_dialect: str) -> sa.Select[Any]:
    table = ANSWER_TABLE.c
    return (
        sa.select(
            table.question_id,
            table.author_id,
            table.author_name,
            table.answered_at,
            table.effect,
            table.certainty,
            table.explanation,
            table.text,
            table.choices,
        )
        .where(
            table.assessment_id == sa.bindparam("assessment_id", type_=sa.Integer()),
            table.current.is_(True),
        )
        .order_by(table.id)
    )


_CURRENT_ANSWERS = DirectStatement(_current_answers_query)


def answer_record(row: Answer | sa.Row[Any]) -> AnswerRecord:
    """An answer as a record, from an `Answer` or a plain row of the answer table."""
    return record_of_answer(
        row.question_id,
        row.author_id,
        row.author_name,
        as_utc(row.answered_at),
        row.effect,
        row.certainty,
        row.explanation,
        row.text,
        row.choices,
        current=row.current,
    )


def record_of_answer(
    question_id: str,
    author_id: str,
    author_name: str,
    answered_at: datetime,
    effect: str | None,
    certainty: str | None,
    explanation: str,
    text: str,
    choices: str,
    *,
    current: bool = True,
) -> AnswerRecord:
    """An answer as a record, from the stored values (choices as "a,b", scales by name)."""
    return AnswerRecord(
        question_id=question_id,
        author_id=author_id,
        author_name=author_name,
        answered_at=answered_at,
        effect=Effect(effect) if effect else None,
        certainty=Certainty(certainty) if certainty else None,
        explanation=explanation,
        text=text,
        choices=tuple(c for c in choices.split(",") if c),
        current=current,
    )


PARTICIPANT_TABLE: sa.Table = Participant.__table__  # type: ignore[attr-defined]
ASSIGNMENT_TABLE: sa.Table = Assignment.__table__  # type: ignore[attr-defined]
_PARTICIPANTS = DirectStatement(_participants_query)
_ASSIGNMENTS = DirectStatement(_assignments_query)
