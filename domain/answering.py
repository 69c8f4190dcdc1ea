"""Answering: what a person does with the questions, one turn at a time.

Answer, put a question aside, go back or change an earlier answer, get the next question,
and see where the team stands. Its own part because the answer turn is the hot path (nine
turns in ten, benchmarked by `breedbeeld bench --parts throughput`): one read
(domain/answer_context.py), then only the writes that change something, in one
transaction. Keep it that way: no extra statement or commit in `answer`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from domain.answer_context import AnswerContext, read_answer_context
from domain.answers import AnswerInput, ValidAnswer, validate_answer
from domain.assessment import (
    AnsweredTurn,
    AssessmentClosed,
    NextQuestion,
    NotHere,
    NotNext,
    Progress,
    SavedAnswer,
    SectionCount,
)
from domain.coverage import Coverage, answered_ids, coverage
from domain.direct_sql import DirectStatement
from domain.models import Answer, Assessment, AssessmentStatus, Participant, Skip, utcnow
from domain.navigation import previous_on_walk, walk
from domain.parts import AssignedPart, assigned_in_section, assignees_by_question, offered_to
from domain.records import AnswerRecord, ParticipantRecord, Person
from domain.store import ANSWER_TABLE, Lookups, Store, answer_record, participant_rows
from questions.model import Question, QuestionBank, Scope


class Answering:
    """Answer, skip, back and change, the next question, and the team's progress."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._engine = store.engine
        self.bank = store.bank
        self._clock = store.clock
        self._find = Lookups(store)

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
        question = self._store.question(question_id)
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

        return self._store.write_core(store)

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
        self._store.question(question_id)
        assert assessment.id is not None
        now = self._clock()
        assessment_id = assessment.id

        def store(session: Session) -> None:
            self._store.lock_open(session, assessment)
            session.merge(
                Skip(
                    assessment_id=assessment_id,
                    user_id=person.user_id,
                    question_id=question_id,
                    skipped_at=now,
                )
            )
            self._join(session, assessment_id, person, now)

        self._store.write(store)

    def next_question(self, assessment: Assessment, person: Person) -> NextQuestion:
        """The first question this person has not answered and not skipped; then skipped ones.

        Team questions (intake facts) count as done once anyone answered them.
        """
        return self._next_from(self._store.context(assessment, person.user_id), person)

    def question_for(
        self, assessment: Assessment, person: Person, question_id: str
    ) -> NextQuestion:
        """Take the person to one question (`wijzig`, a card's "Vorige"): the question,
        where they stand, and the answer it now has, to show it prefilled.

        That answer is their own; for a team question someone else answered, the team's
        latest. A new answer replaces their own; the earlier one stays in the history.
        Raises UnknownQuestion.
        """
        question = self._store.question(question_id)
        context = self._store.context(assessment, person.user_id)
        return self._at(context, person, question)

    def previous_question(
        self, assessment: Assessment, person: Person, current_id: str | None
    ) -> NextQuestion | None:
        """The question before `current_id` on this person's way through the bank (`vorige`).

        `current_id` None: before the question they would get next, or their last one when
        nothing is open. None when there is nothing before it.
        """
        context = self._store.context(assessment, person.user_id)
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
                sa.select(ANSWER_TABLE)
                .where(
                    ANSWER_TABLE.c.assessment_id == assessment.id,
                    ANSWER_TABLE.c.question_id == question_id,
                    ANSWER_TABLE.c.current.is_(True),
                )
                .order_by(ANSWER_TABLE.c.id)
            ).all()
        return [answer_record(r) for r in rows]

    def progress(self, assessment: Assessment, person: Person | None = None) -> Progress:
        """Per section how many questions have an answer, and who answered how much.

        One read (the answer turn's context query); the assessment in the result is the
        one just read, so it carries the card's current id.
        """
        context = self._store.context(assessment, person.user_id if person else "")
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

    def coverage(self, assessment: Assessment) -> Coverage:
        """Answers given out of answers asked, for the team and per person (domain.coverage)."""
        return coverage(
            self.bank,
            answered_ids(self._find.answers(assessment)),
            self._find.participants(assessment),
            self._find.assignees(assessment),
        )

    def open_counts(self, assessment: Assessment) -> dict[str, int]:
        """Participant user id -> how many questions are still open for them."""
        answers = self._find.answers(assessment)
        anyone = {a.question_id for a in answers}
        assignees = self._find.assignees(assessment)
        counts = {}
        for participant in self._find.participants(assessment):
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
            participant_rows(connection, assessment_id),
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
            ANSWER_TABLE.c.effect,
            ANSWER_TABLE.c.certainty,
            ANSWER_TABLE.c.explanation,
            ANSWER_TABLE.c.text,
            ANSWER_TABLE.c.choices,
        ).where(
            ANSWER_TABLE.c.assessment_id == assessment.id,
            ANSWER_TABLE.c.question_id == question_id,
            ANSWER_TABLE.c.author_id == author.user_id,
            ANSWER_TABLE.c.current.is_(True),
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
