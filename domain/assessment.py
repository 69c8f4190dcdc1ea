"""The assessment service: start, answer, skip, next question, progress and close.

Each public method is one short transaction, so several bot processes can share one
database and an answer is committed before anyone is told it was saved.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.answering import AnswerContext, read_answer_context
from domain.answers import (
    MAX_PROJECT_NAME_LENGTH,
    AnswerInput,
    ValidAnswer,
    validate_answer,
)
from domain.coverage import Coverage, answered_ids, coverage
from domain.deletion import DeletedProject, Forget, ProjectSize, delete_rounds, round_ids, size_of
from domain.direct_sql import DirectStatement
from domain.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Assignment,
    CoOwner,
    Participant,
    Skip,
    as_utc,
    utcnow,
)
from domain.names import has_letters, without_hidden
from domain.navigation import previous_on_walk, walk
from domain.parts import AssignedPart, assigned_in_section, assignees_by_question, offered_to
from domain.records import AnswerRecord, ParticipantRecord, Person
from domain.scale import Certainty, Effect
from questions.model import Question, QuestionBank, Scope, Section

T = TypeVar("T")
_WRITE_ATTEMPTS = 3


class AssessmentError(Exception):
    """Base for refusals the dialogs explain to the user; nothing was changed."""


class AlreadyRunning(AssessmentError):
    """`start` while this conversation already runs an assessment of that name."""

    def __init__(self, existing: Assessment) -> None:
        super().__init__(existing.project_name)
        self.existing = existing


class InvalidProjectName(AssessmentError):
    """An empty or too long project name, or one without a letter or digit."""

    def __init__(self, too_long: bool, no_letters: bool = False) -> None:
        super().__init__("too long" if too_long else "no letters" if no_letters else "empty")
        self.too_long = too_long
        self.no_letters = no_letters  # only emoji, markup signs or invisible characters
        self.limit = MAX_PROJECT_NAME_LENGTH


class AssessmentClosed(AssessmentError):
    """An answer or skip for an assessment that has been closed."""

    def __init__(self, assessment: Assessment) -> None:
        super().__init__(assessment.project_name)
        self.assessment = assessment


class StillRunning(AssessmentError):
    """`herhaal` while the previous round is still open: close it first."""

    def __init__(self, running: Assessment) -> None:
        super().__init__(running.project_name)
        self.running = running


class UnknownQuestion(AssessmentError):
    """A question id that is not in the bank."""


class NotNext(AssessmentError):
    """An answer from a card that is out of date: the question is not the person's next
    one (they answered it already, on this card or another). Nothing was stored."""

    def __init__(self, assessment: Assessment, upcoming: NextQuestion) -> None:
        super().__init__(assessment.public_id)
        self.assessment = assessment
        self.upcoming = upcoming


class NotHere(AssessmentError):
    """A card names an assessment that is gone, or that this conversation may not act on."""


@dataclass(frozen=True)
class ConversationRef:
    """Where an assessment lives: channel, conversation and how to reach it."""

    channel: str
    conversation_key: str
    thread_id: str
    service_url: str
    tenant_id: str | None = None


@dataclass(frozen=True)
class SavedAnswer:
    """A stored answer, whether it replaced an earlier one, and the author's next question."""

    record: AnswerRecord
    replaced: bool


@dataclass(frozen=True)
class NextQuestion:
    """The question to show someone next, and where they stand."""

    question: Question | None
    section: Section | None
    number: int  # 1-based position of the question in the bank
    total: int
    open_count: int  # questions still open for this person (including skipped ones)
    skipped_count: int
    previous: AnswerRecord | None  # this person's current answer, when revisiting


@dataclass(frozen=True)
class AnsweredTurn:
    """What the reply to an answer needs: the answer, the author's next question and the
    team's progress, all from the turn's one read."""

    assessment: Assessment
    saved: SavedAnswer
    upcoming: NextQuestion
    progress_of: Callable[[], Progress] = field(repr=False, compare=False)

    @cached_property
    def progress(self) -> Progress:
        """The team's progress, worked out when asked for: most answers leave the team's
        card to a refresh a few seconds later (bot/teams/card_refresh.py) and never need it."""
        return self.progress_of()


@dataclass(frozen=True)
class SectionCount:
    """How far the team is with one section, and who it (or a theme in it) is assigned to."""

    section: Section
    total: int
    answered: int  # questions with at least one answer
    assigned: tuple[tuple[str, str], ...] = ()  # (name, theme or "" for the whole section)


@dataclass(frozen=True)
class Progress:
    """Team progress of an assessment, plus the open count for the person asking."""

    assessment: Assessment
    sections: tuple[SectionCount, ...]
    participants: tuple[ParticipantRecord, ...]
    answer_counts: dict[str, int]  # user_id -> number of questions answered
    my_open: int
    total: int
    answered: int
    coverage: Coverage | None = None  # answers given out of answers asked, per person


def new_public_id() -> str:
    """An unguessable id for card payloads and links (128 bits)."""
    return secrets.token_hex(16)


def normalise_project_name(raw: str) -> str:
    """Remove hidden characters, collapse whitespace, check the length and that there is
    something to read (domain/names.py); raise InvalidProjectName."""
    visible, _ = without_hidden(raw)
    name = " ".join(visible.split())
    if not name:
        raise InvalidProjectName(too_long=False, no_letters=bool(raw.strip()))
    if not has_letters(name):
        raise InvalidProjectName(too_long=False, no_letters=True)
    if len(name) > MAX_PROJECT_NAME_LENGTH:
        raise InvalidProjectName(too_long=True)
    return name


class AssessmentService:
    """All state changes of assessments go through here."""

    def __init__(
        self,
        engine: Engine,
        bank: QuestionBank,
        clock: Callable[[], datetime] = utcnow,
        forget: Sequence[Forget] = (),
    ) -> None:
        """`forget`: stores outside the domain that name assessments by public id (a
        person's memory); a delete clears them in its own transaction."""
        self._engine = engine
        self.bank = bank
        self._clock = clock
        self._forget = tuple(forget)

    def _session(self) -> Session:
        return Session(self._engine, expire_on_commit=False)

    # -- finding ----------------------------------------------------------------------

    def running(self, conversation_key: str) -> Assessment | None:
        """The most recently started running assessment of a conversation, if any."""
        found = self.running_all(conversation_key)
        return found[-1] if found else None

    def running_all(self, conversation_key: str) -> list[Assessment]:
        """Every running assessment of a conversation, oldest first."""
        with self._session() as session:
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
        assessment of the conversation, oldest first."""
        with self._session() as session:
            found = session.exec(
                select(Assessment)
                .where(
                    Assessment.conversation_key == conversation_key,
                    sa.or_(
                        col(Assessment.thread_id) == thread_id,
                        col(Assessment.running_name).is_not(None),
                    ),
                )
                .order_by(col(Assessment.id))
            ).all()
        started_here = [a for a in found if a.thread_id == thread_id]
        running = [a for a in found if a.running_name is not None]
        return (started_here[-1] if started_here else None), running

    def all_in(self, conversation_key: str) -> list[Assessment]:
        """Every assessment of a conversation, running and closed, oldest first."""
        with self._session() as session:
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
        with self._session() as session:
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

    def is_participant(self, assessment: Assessment, person: Person) -> bool:
        """True when the person takes part (named or answered) in the assessment."""
        return any(person.is_one_of(p.ids()) for p in self.participants(assessment))

    def latest(self, conversation_key: str) -> Assessment | None:
        """The most recently started assessment of a conversation (running or closed)."""
        with self._session() as session:
            return session.exec(
                select(Assessment)
                .where(Assessment.conversation_key == conversation_key)
                .order_by(col(Assessment.id).desc())
            ).first()

    def by_public_id(self, public_id: str) -> Assessment | None:
        """The assessment a card refers to."""
        with self._session() as session:
            return session.exec(select(Assessment).where(Assessment.public_id == public_id)).first()

    def previous_round(self, assessment: Assessment) -> Assessment | None:
        """The round this one re-assesses, if any."""
        if assessment.previous_assessment_id is None:
            return None
        with self._session() as session:
            return session.get(Assessment, assessment.previous_assessment_id)

    def round_number(self, assessment: Assessment) -> int:
        """1 for a first assessment, 2 for its first re-assessment, and so on."""
        number, seen = 1, {assessment.id}
        current = self.previous_round(assessment)
        while current is not None and current.id not in seen:  # a cycle cannot happen; be safe
            number += 1
            seen.add(current.id)
            current = self.previous_round(current)
        return number

    # -- changing ---------------------------------------------------------------------

    def reassess(
        self, where: ConversationRef, previous: Assessment, starter: Person, language: str
    ) -> Assessment:
        """Start a new round of a closed assessment's project, linked to that round."""
        if previous.status != AssessmentStatus.CLOSED:
            raise StillRunning(previous)
        return self.start(where, previous.project_name, starter, language, previous_id=previous.id)

    def start(
        self,
        where: ConversationRef,
        project_name: str,
        starter: Person,
        language: str,
        *,
        previous_id: int | None = None,
    ) -> Assessment:
        """Start an assessment; refuse when one of that name runs here (also under a race)."""
        name = normalise_project_name(project_name)
        now = self._clock()
        assessment = Assessment(
            public_id=new_public_id(),
            channel=where.channel,
            conversation_key=where.conversation_key,
            running_name=name.lower(),
            thread_id=where.thread_id,
            service_url=where.service_url,
            tenant_id=where.tenant_id,
            project_name=name,
            starter_id=starter.user_id,
            starter_account_id=starter.account_id,
            starter_name=starter.name,
            language=language,
            bank_version=self.bank.version,
            created_at=now,
            previous_assessment_id=previous_id,
        )
        with self._session() as session:
            session.add(assessment)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                existing = next(
                    (
                        a
                        for a in self.running_all(where.conversation_key)
                        if a.running_name == name.lower()
                    ),
                    None,
                )
                if existing is None:  # closed in between: let the user simply try again
                    raise
                raise AlreadyRunning(existing) from None
            assert assessment.id is not None
            session.add(
                Participant(
                    assessment_id=assessment.id,
                    user_id=starter.user_id,
                    account_id=starter.account_id,
                    display_name=starter.name,
                    joined_at=now,
                    language=language,
                )
            )
            if previous_id is not None:
                _carry_owners(session, previous_id, assessment.id, starter, now)
            session.commit()
        return assessment

    def record_answer(
        self, assessment: Assessment, question_id: str, author: Person, given: AnswerInput
    ) -> SavedAnswer:
        """Validate and store an answer; the author's earlier answer becomes history."""
        turn = self.answer(
            assessment.public_id, question_id, author, given, None, may_act=lambda *_: True
        )
        return turn.saved

    def answer(
        self,
        public_id: str,
        question_id: str,
        author: Person,
        given: AnswerInput,
        language: str | None,
        may_act: Callable[[Assessment, Sequence[ParticipantRecord]], bool],
        also: Callable[[Connection, AnsweredTurn], None] | None = None,
        only_next: bool = False,
        change: bool = False,
    ) -> AnsweredTurn:
        """Store an answer and say what comes next: one read, then only the needed writes.

        `may_act` tells whether this conversation may act on the assessment the card names
        (given the assessment and its participants). The author's earlier answer becomes
        history, a skip of the question is dropped, the author joins (or their row learns
        their ids and, unless None, the language they use). `also` writes what the caller
        keeps of the turn in the same transaction (it may run again if the transaction is
        retried). `only_next`: the answer comes from a card that moves on in place, so it
        is only stored if the question is still the author's next one (a second click, or
        a click on an old copy of the card, stores nothing); with `change` (the card of an
        earlier question, shown by "Vorige") also an answer that differs from the person's
        current one to it. Raises NotHere,
        AssessmentClosed, NotNext, InvalidAnswer.
        """
        question = self._question(question_id)
        now = self._clock()

        def store(connection: Connection) -> AnsweredTurn:
            # Two turns of one person at once may both see no earlier answer: `_write_core`
            # runs the loser again (unique index), and its new read sees the first one.
            context = read_answer_context(connection, public_id, author.user_id)
            if context is None or not may_act(
                context.assessment, [p for _, p in context.participants]
            ):
                raise NotHere(public_id)
            assessment = context.assessment
            if assessment.status != AssessmentStatus.OPEN:
                raise AssessmentClosed(assessment)
            now_next = self._next_from(context, author) if only_next else None
            is_next = now_next is not None and (
                now_next.question is not None and now_next.question.id == question_id
            )
            if now_next is not None and not is_next and not change:
                raise NotNext(assessment, now_next)
            valid = validate_answer(question, given)
            if (
                now_next is not None
                and not is_next
                and question_id in context.mine
                and _unchanged(connection, assessment, question_id, author, valid)
            ):
                raise NotNext(assessment, now_next)  # the same change again: stored already
            assert assessment.id is not None
            values = _answer_values(assessment.id, question_id, author, valid, now)
            replaced = question_id in context.mine
            if replaced:
                connection.execute(
                    sa.update(Answer)
                    .where(
                        col(Answer.assessment_id) == assessment.id,
                        col(Answer.question_id) == question_id,
                        col(Answer.author_id) == author.user_id,
                        col(Answer.current).is_(True),
                    )
                    .values(current=False)
                )
            _INSERT_ANSWER.rows(connection, values)
            if question_id in context.skipped:
                connection.execute(
                    sa.delete(Skip).where(
                        col(Skip.assessment_id) == assessment.id,
                        col(Skip.user_id) == author.user_id,
                        col(Skip.question_id) == question_id,
                    )
                )
            context.participants = _join_known(
                connection, assessment.id, context.participants, author, language, now
            )
            record = AnswerRecord(
                question_id=question_id,
                author_id=author.user_id,
                author_name=author.name,
                answered_at=now,
                effect=valid.effect,
                certainty=valid.certainty,
                explanation=valid.explanation,
                text=valid.text,
                choices=tuple(valid.choices),
            )
            turn = self._advanced(context, SavedAnswer(record, replaced=replaced), author)
            if also is not None:
                also(connection, turn)
            return turn

        return self._write_core(store)

    def _advanced(self, context: AnswerContext, saved: SavedAnswer, author: Person) -> AnsweredTurn:
        """The turn's read plus its own writes: what the database holds now, no second read."""
        question_id = saved.record.question_id
        if not saved.replaced:
            counts = context.answer_counts
            counts[author.user_id] = counts.get(author.user_id, 0) + 1
            context.answered_by.setdefault(author.user_id, []).append(question_id)
        context.mine.add(question_id)
        context.anyone.add(question_id)
        context.skipped = [q for q in context.skipped if q != question_id]
        upcoming = self._next_from(context, author)
        return AnsweredTurn(
            context.assessment, saved, upcoming, lambda: self._progress_from(context, None)
        )

    def skip(self, assessment: Assessment, question_id: str, person: Person) -> None:
        """Put a question aside for this person; it comes back after the others."""
        self._question(question_id)
        assert assessment.id is not None
        now = self._clock()
        assessment_id = assessment.id

        def store(session: Session) -> None:
            self._lock_open(session, assessment)
            session.merge(
                Skip(
                    assessment_id=assessment_id,
                    user_id=person.user_id,
                    question_id=question_id,
                    skipped_at=now,
                )
            )
            self._join(session, assessment_id, person, now)

        self._write(store)

    def close(self, assessment: Assessment) -> Assessment:
        """Close the assessment; answers are kept, new ones are refused."""
        assert assessment.id is not None
        with self._session() as session:
            fresh = session.get(Assessment, assessment.id)
            if fresh is None or fresh.status == AssessmentStatus.CLOSED:
                raise AssessmentClosed(fresh or assessment)
            fresh.status = AssessmentStatus.CLOSED
            fresh.running_name = None
            fresh.closed_at = self._clock()
            session.add(fresh)
            session.commit()
            return fresh

    def add_co_owner(self, assessment: Assessment, account_id: str, name: str) -> bool:
        """Name a co-owner; False when they already were one."""
        assert assessment.id is not None
        with self._session() as session:
            if session.get(CoOwner, (assessment.id, account_id)) is not None:
                return False
            session.add(
                CoOwner(
                    assessment_id=assessment.id,
                    account_id=account_id,
                    display_name=name,
                    added_at=self._clock(),
                )
            )
            try:
                session.commit()
            except IntegrityError:  # named twice at the same moment: once is enough
                return False
        return True

    def project_rounds(self, assessment: Assessment) -> list[Assessment]:
        """Every round of this assessment's project (linked by `herhaal`), oldest first."""
        assert assessment.id is not None
        with self._session() as session:
            ids = round_ids(session.connection(), assessment.id)
            return list(
                session.exec(
                    select(Assessment)
                    .where(col(Assessment.id).in_(ids))
                    .order_by(col(Assessment.id))
                ).all()
            )

    def project_size(self, assessment: Assessment) -> ProjectSize:
        """Rounds, current answers and people of the whole project, for `verwijder`."""
        assert assessment.id is not None
        with self._engine.connect() as connection:
            return size_of(connection, round_ids(connection, assessment.id))

    def delete(self, assessment: Assessment) -> DeletedProject:
        """Delete the project: every round, and every row that names one, in one transaction.

        The rounds are found again inside the transaction (locked on PostgreSQL), so a
        round started a moment ago goes too, or waits and then finds its project gone.
        """
        assert assessment.id is not None
        with self._engine.begin() as connection:
            ids = round_ids(connection, assessment.id)
            if connection.dialect.name == "postgresql" and ids:
                connection.execute(
                    sa.select(col(Assessment.id))
                    .where(col(Assessment.id).in_(ids))
                    .with_for_update()
                )
                ids = round_ids(connection, assessment.id)
            size = size_of(connection, ids)
            rows = delete_rounds(connection, ids, self._forget)
        return DeletedProject(size, rows)

    def delete_closed_before(self, moment: datetime) -> int:
        """Retention: delete assessments closed before `moment`; returns how many.

        Round by round (a later round that is still young stays), each with every row
        that names it, as `delete` does.
        """
        with self._engine.begin() as connection:
            closed = connection.execute(
                sa.select(col(Assessment.id)).where(
                    col(Assessment.status) == AssessmentStatus.CLOSED,
                    col(Assessment.closed_at) < moment,
                )
            ).scalars()
            ids = [i for i in closed if i is not None]
            removed = delete_rounds(connection, ids, self._forget)
        return removed.get(Assessment.__tablename__, 0)

    # -- reading ----------------------------------------------------------------------

    def is_owner(self, assessment: Assessment, person: Person) -> bool:
        """The starter and the co-owners they named may close, delete and hand out roles."""
        starter_ids = {assessment.starter_id, assessment.starter_account_id} - {""}
        if person.is_one_of(starter_ids):
            return True
        with self._session() as session:
            owners = session.exec(
                select(CoOwner.account_id).where(CoOwner.assessment_id == assessment.id)
            ).all()
        return person.is_one_of(set(owners))

    def owns_project(self, assessment: Assessment, person: Person) -> Assessment | None:
        """None when the person owns every round of the project; else a round they do not
        own (its starter is the one to ask)."""
        for round_ in self.project_rounds(assessment):
            if not self.is_owner(round_, person):
                return round_
        return None

    def personal_data(self, person: Person) -> list[tuple[Assessment, list[AnswerRecord]]]:
        """Everything stored under this person's id: every answer, history included."""
        with self._session() as session:
            rows = session.exec(
                select(Answer, Assessment)
                .join(Assessment, col(Assessment.id) == col(Answer.assessment_id))
                .where(Answer.author_id == person.user_id)
                .order_by(col(Assessment.id), col(Answer.id))
            ).all()
        grouped: dict[int, tuple[Assessment, list[AnswerRecord]]] = {}
        for answer, assessment in rows:
            assert assessment.id is not None
            grouped.setdefault(assessment.id, (assessment, []))[1].append(_record(answer))
        return list(grouped.values())

    # -- reading (answers) ------------------------------------------------------------

    def answers(self, assessment: Assessment) -> list[AnswerRecord]:
        """Everyone's current answers, oldest first.

        Plain rows, not ORM objects: the summary reads a hundred answers per respondent, and
        building an `Answer` per row took most of the read (profile of `afronden`).
        """
        with self._engine.connect() as connection:
            rows = connection.execute(_CURRENT_ANSWERS, {"assessment_id": assessment.id}).all()
        return [_record(r) for r in rows]

    def history(
        self, assessment: Assessment, question_id: str, author_id: str
    ) -> list[AnswerRecord]:
        """Every answer one person gave to one question, oldest first (current last)."""
        with self._session() as session:
            rows = session.exec(
                select(Answer)
                .where(
                    Answer.assessment_id == assessment.id,
                    Answer.question_id == question_id,
                    Answer.author_id == author_id,
                )
                .order_by(col(Answer.id))
            ).all()
        return [_record(r) for r in rows]

    def participants(self, assessment: Assessment) -> list[ParticipantRecord]:
        """Who took part, in the order they joined."""
        assert assessment.id is not None
        with self._engine.connect() as connection:
            return [record for _, record in _participant_rows(connection, assessment.id)]

    def assignees(self, assessment: Assessment) -> dict[str, set[str]]:
        """Question id -> the ids (user and account) of the people it is assigned to."""
        with self._session() as session:
            rows = session.exec(
                select(Assignment).where(Assignment.assessment_id == assessment.id)
            ).all()
        return assignees_by_question(
            self.bank, [(r.part, {r.user_id, r.account_id} - {""}) for r in rows]
        )

    def next_question(self, assessment: Assessment, person: Person) -> NextQuestion:
        """The first question this person has not answered and not skipped; then skipped ones.

        Team questions (intake facts) count as done once anyone answered them.
        """
        return self._next_from(self._context(assessment, person.user_id), person)

    def question_for(
        self, assessment: Assessment, person: Person, question_id: str
    ) -> NextQuestion:
        """Take the person to one question (`wijzig`, a card's "Vorige"): the question,
        where they stand, and the answer it now has, to show it prefilled.

        That answer is their own; for a team question someone else answered, the team's
        latest. A new answer replaces their own; the earlier one stays in the history.
        Raises UnknownQuestion.
        """
        question = self._question(question_id)
        context = self._context(assessment, person.user_id)
        return self._at(context, person, question)

    def previous_question(
        self, assessment: Assessment, person: Person, current_id: str | None
    ) -> NextQuestion | None:
        """The question before `current_id` on this person's way through the bank (`vorige`).

        `current_id` None: before the question they would get next, or their last one when
        nothing is open. None when there is nothing before it.
        """
        context = self._context(assessment, person.user_id)
        assignees = assignees_by_question(self.bank, [(a.part, a.ids) for a in context.assignments])
        if current_id is None or self.bank.question(current_id) is None:
            upcoming = self._next_from(context, person).question
            current_id = upcoming.id if upcoming else None
        walked = walk(
            self.bank, person, mine=context.mine, anyone=context.anyone, assignees=assignees
        )
        before = previous_on_walk(walked, self.bank, current_id)
        return None if before is None else self._at(context, person, before)

    def _at(self, context: AnswerContext, person: Person, question: Question) -> NextQuestion:
        """`NextQuestion` for a question the person asked to see, with its current answer."""
        standing = self._next_from(context, person)
        current = self._current_answers(context.assessment, question.id)
        own = [a for a in current if person.is_one_of({a.author_id})]
        shown = own[-1] if own else None
        if shown is None and question.scope is Scope.TEAM and current:
            shown = current[-1]
        return replace(
            standing,
            question=question,
            section=self.bank.section(question.section_id),
            number=self.bank.position(question.id),
            previous=shown,
        )

    def _current_answers(self, assessment: Assessment, question_id: str) -> list[AnswerRecord]:
        """Everyone's current answer to one question, oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                sa.select(_ANSWERS)
                .where(
                    _ANSWERS.c.assessment_id == assessment.id,
                    _ANSWERS.c.question_id == question_id,
                    _ANSWERS.c.current.is_(True),
                )
                .order_by(_ANSWERS.c.id)
            ).all()
        return [_record(r) for r in rows]

    def progress(self, assessment: Assessment, person: Person | None = None) -> Progress:
        """Per section how many questions have an answer, and who answered how much.

        One read (the answer turn's context query); the assessment in the result is the
        one just read, so it carries the card's current id.
        """
        context = self._context(assessment, person.user_id if person else "")
        return self._progress_from(context, person)

    def progress_of(self, public_id: str) -> Progress | None:
        """The team's progress of the assessment a card names, in one read (None: gone)."""
        with self._engine.connect() as connection:
            context = read_answer_context(connection, public_id, "")
        return None if context is None else self._progress_from(context, None)

    def _next_from(self, context: AnswerContext, person: Person) -> NextQuestion:
        return choose_next(
            self.bank,
            person,
            mine=context.mine,
            anyone=context.anyone,
            skipped=context.skipped,
            assignees=assignees_by_question(
                self.bank, [(a.part, a.ids) for a in context.assignments]
            ),
        )

    def _progress_from(self, context: AnswerContext, person: Person | None) -> Progress:
        return team_progress(
            self.bank,
            context.assessment,
            participants=tuple(p for _, p in context.participants),
            answer_counts=context.answer_counts,
            anyone=context.anyone,
            assignments=context.assignments,
            asker=(person, context.mine) if person is not None else None,
            answered_by=context.answered_by,
        )

    # -- helpers ----------------------------------------------------------------------

    def _context(self, assessment: Assessment, user_id: str) -> AnswerContext:
        """The answer turn's one read, outside a write (empty if the assessment is gone)."""
        with self._engine.connect() as connection:
            context = read_answer_context(connection, assessment.public_id, user_id)
        return context or AnswerContext(assessment)

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction and commit it.

        Two turns of the same person at the same moment (a double click, two devices) can
        both find no current answer and both insert one; the database's unique index then
        refuses the second. Running that transaction again sees the first one's row and
        turns it into history, so both saves succeed in order.
        """
        for attempt in range(_WRITE_ATTEMPTS):
            with self._session() as session:
                try:
                    result = work(session)
                    session.commit()
                    return result
                except IntegrityError:
                    session.rollback()
                    if attempt == _WRITE_ATTEMPTS - 1:
                        raise
        raise AssertionError("unreachable")

    def _write_core(self, work: Callable[[Connection], T]) -> T:
        """`_write` without the ORM session, for the answer turn (a session costs ~0.1 ms)."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._engine.begin() as connection:
                    return work(connection)
            except IntegrityError:
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _question(self, question_id: str) -> Question:
        question = self.bank.question(question_id)
        if question is None:
            raise UnknownQuestion(question_id)
        return question

    def _lock_open(self, session: Session, assessment: Assessment) -> None:
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

    def coverage(self, assessment: Assessment) -> Coverage:
        """Answers given out of answers asked, for the team and per person (domain.coverage)."""
        return coverage(
            self.bank,
            answered_ids(self.answers(assessment)),
            self.participants(assessment),
            self.assignees(assessment),
        )

    def open_counts(self, assessment: Assessment) -> dict[str, int]:
        """Participant user id -> how many questions are still open for them."""
        answers = self.answers(assessment)
        anyone = {a.question_id for a in answers}
        assignees = self.assignees(assessment)
        counts = {}
        for participant in self.participants(assessment):
            ids = participant.ids()
            mine = {a.question_id for a in answers if a.author_id in ids}
            person = Person(participant.user_id, participant.display_name, participant.account_id)
            counts[participant.user_id] = sum(
                1
                for q in self.bank.questions
                if _open_for(q, mine, anyone) and offered_to(q.id, person, assignees)
            )
        return counts

    def _join(self, session: Session, assessment_id: int, person: Person, now: datetime) -> None:
        """Add the person as participant the first time they act (see `_join_known`)."""
        connection = session.connection()
        _join_known(
            connection,
            assessment_id,
            _participant_rows(connection, assessment_id),
            person,
            None,
            now,
        )


def choose_next(
    bank: QuestionBank,
    person: Person,
    *,
    mine: set[str],
    anyone: set[str],
    skipped: list[str],
    assignees: Mapping[str, set[str]],
) -> NextQuestion:
    """The first open question not put aside, else the first one put aside (in that order).

    Pure, so the answer turn can pick the next question from what it already read.
    `skipped` is in the order the person put the questions aside.
    """
    open_ids = [
        q.id
        for q in bank.questions
        if _open_for(q, mine, anyone) and offered_to(q.id, person, assignees)
    ]
    put_aside = set(skipped)
    first_fresh = next((q for q in open_ids if q not in put_aside), None)
    open_set = set(open_ids)
    skipped_open = [q for q in skipped if q in open_set]
    chosen = first_fresh or (skipped_open[0] if skipped_open else None)
    question = bank.question(chosen) if chosen else None
    return NextQuestion(
        question=question,
        section=bank.section(question.section_id) if question else None,
        number=bank.position(question.id) if question else 0,
        total=len(bank.questions),
        open_count=len(open_ids),
        skipped_count=len(skipped_open),
        previous=None,
    )


def team_progress(
    bank: QuestionBank,
    assessment: Assessment,
    *,
    participants: tuple[ParticipantRecord, ...],
    answer_counts: dict[str, int],
    anyone: set[str],
    assignments: list[AssignedPart],
    asker: tuple[Person, set[str]] | None = None,
    answered_by: Mapping[str, Iterable[str]] | None = None,
) -> Progress:
    """The team's progress from counts already read; with `asker` (person, their answered
    questions) also how many are still open for them. `assignments` oldest first."""
    assignees = assignees_by_question(bank, [(a.part, a.ids) for a in assignments])
    named = [(a.part, a.name) for a in assignments]
    sections = tuple(
        SectionCount(
            s,
            len(s.questions),
            sum(1 for q in s.questions if q.id in anyone),
            assigned_in_section(bank, s, named),
        )
        for s in bank.sections
    )
    my_open = 0
    if asker is not None:
        person, mine = asker
        my_open = sum(
            1
            for q in bank.questions
            if _open_for(q, mine, anyone) and offered_to(q.id, person, assignees)
        )
    return Progress(
        assessment=assessment,
        sections=sections,
        participants=participants,
        answer_counts=answer_counts,
        my_open=my_open,
        total=len(bank.questions),
        answered=len(anyone & bank.question_ids),
        coverage=coverage(bank, answered_by, participants, assignees)
        if answered_by is not None
        else None,
    )


def _participant_rows(
    connection: Connection, assessment_id: int
) -> list[tuple[int, ParticipantRecord]]:
    """The participants with their row ids, in the order they joined."""
    rows = connection.execute(
        sa.select(_PARTICIPANTS)
        .where(_PARTICIPANTS.c.assessment_id == assessment_id)
        .order_by(_PARTICIPANTS.c.id)
    ).all()
    return [
        (
            r.id,
            ParticipantRecord(
                r.user_id,
                r.display_name,
                as_utc(r.joined_at),
                account_id=r.account_id,
                language=r.language,
                paused=r.reminders_paused,
                left=r.left_at is not None,
            ),
        )
        for r in rows
    ]


def _join_known(
    connection: Connection,
    assessment_id: int,
    participants: list[tuple[int, ParticipantRecord]],
    person: Person,
    language: str | None,
    now: datetime,
) -> list[tuple[int, ParticipantRecord]]:
    """Add the person as participant the first time they act, or fix what their row lacks.

    A teammate named by @mention may be known only by their channel account id; when they
    first act, their row is matched on that id and takes their stable user id. With a
    language, it keeps the one the person last used (reminders are written in it).
    `participants` are the rows as read; returns them as they are after the write.
    """
    ids = {person.user_id, person.account_id} - {""}
    matches = [(i, p) for i, p in participants if p.ids() & ids]
    if not matches:
        result = connection.execute(
            sa.insert(Participant).values(
                assessment_id=assessment_id,
                user_id=person.user_id,
                account_id=person.account_id,
                display_name=person.name,
                joined_at=now,
                language=language,
            )
        )
        key = result.inserted_primary_key
        record = ParticipantRecord(
            person.user_id, person.name, now, account_id=person.account_id, language=language
        )
        return [*participants, (int(key[0]) if key else 0, record)]
    row_id, row = next(((i, p) for i, p in matches if p.user_id == person.user_id), matches[0])
    changes: dict[str, str] = {}
    if row.user_id != person.user_id and len(matches) == 1:
        changes["user_id"] = person.user_id
    if person.account_id and not row.account_id:
        changes["account_id"] = person.account_id
    if language is not None and row.language != language:
        changes["language"] = language
    if not changes:
        return participants
    connection.execute(
        sa.update(Participant).where(col(Participant.id) == row_id).values(**changes)
    )
    updated = replace(
        row,
        user_id=changes.get("user_id", row.user_id),
        account_id=changes.get("account_id", row.account_id),
        language=changes.get("language", row.language),
    )
    return [(i, updated if i == row_id else p) for i, p in participants]


# Run on the driver's cursor: it is one of the answer turn's four statements. Every column
# but the id is a value (`_answer_values`).
_INSERT_ANSWER = DirectStatement(
    lambda _dialect: sa.insert(Answer),
    keys=[c.name for c in Answer.__table__.columns if not c.primary_key],  # type: ignore[attr-defined]
)
_PARTICIPANTS: sa.Table = Participant.__table__  # type: ignore[attr-defined]  # built once; its values come as parameters


def _open_for(question: Question, mine: Iterable[str] | set[str], anyone: set[str]) -> bool:
    if question.id in mine:
        return False
    return not (question.scope is Scope.TEAM and question.id in anyone)


def _unchanged(
    connection: Connection,
    assessment: Assessment,
    question_id: str,
    author: Person,
    valid: ValidAnswer,
) -> bool:
    """True when the author's current answer to the question is exactly `valid`."""
    row = connection.execute(
        sa.select(
            _ANSWERS.c.effect,
            _ANSWERS.c.certainty,
            _ANSWERS.c.explanation,
            _ANSWERS.c.text,
            _ANSWERS.c.choices,
        ).where(
            _ANSWERS.c.assessment_id == assessment.id,
            _ANSWERS.c.question_id == question_id,
            _ANSWERS.c.author_id == author.user_id,
            _ANSWERS.c.current.is_(True),
        )
    ).first()
    if row is None:
        return False
    given = _answer_values(assessment.id or 0, question_id, author, valid, utcnow())
    return tuple(row) == tuple(
        given[k] for k in ("effect", "certainty", "explanation", "text", "choices")
    )


def _answer_values(
    assessment_id: int, question_id: str, author: Person, valid: ValidAnswer, now: datetime
) -> dict[str, Any]:
    """The answer's columns as parameters (an Answer model would validate them: ~50 µs)."""
    return dict(
        assessment_id=assessment_id,
        question_id=question_id,
        author_id=author.user_id,
        author_name=author.name,
        effect=valid.effect.value if valid.effect else None,
        certainty=valid.certainty.value if valid.certainty else None,
        explanation=valid.explanation,
        text=valid.text,
        choices=",".join(valid.choices),
        answered_at=now,
        current=True,
    )


_ANSWERS: sa.Table = Answer.__table__  # type: ignore[attr-defined]
_CURRENT_ANSWERS = (
    sa.select(_ANSWERS)
    .where(_ANSWERS.c.assessment_id == sa.bindparam("assessment_id"), _ANSWERS.c.current.is_(True))
    .order_by(_ANSWERS.c.id)
)


def _record(row: Answer | sa.Row[Any]) -> AnswerRecord:
    """An answer as a record, from an `Answer` or a plain row of the answer table."""
    return AnswerRecord(
        question_id=row.question_id,
        author_id=row.author_id,
        author_name=row.author_name,
        answered_at=as_utc(row.answered_at),
        effect=Effect(row.effect) if row.effect else None,
        certainty=Certainty(row.certainty) if row.certainty else None,
        explanation=row.explanation,
        text=row.text,
        choices=tuple(c for c in row.choices.split(",") if c),
        current=row.current,
    )


def _carry_owners(
    session: Session, previous_id: int, assessment_id: int, starter: Person, now: datetime
) -> None:
    """A new round keeps who may decide over the project: the last round's starter and
    co-owners become co-owners of this one (its own starter is owner already)."""
    previous = session.get(Assessment, previous_id)
    if previous is None:
        return
    owners = {
        row.account_id: row.display_name
        for row in session.exec(select(CoOwner).where(CoOwner.assessment_id == previous_id))
    }
    earlier_starter = previous.starter_account_id or previous.starter_id
    owners.setdefault(earlier_starter, previous.starter_name)
    for account_id, name in owners.items():
        if starter.is_one_of({account_id}):
            continue
        session.add(
            CoOwner(
                assessment_id=assessment_id,
                account_id=account_id,
                display_name=name,
                added_at=now,
            )
        )
