"""The answer turn's one read (domain.answer_context): what it returns must equal a fresh read.

`Answering.answer` reads everything the reply needs in one statement and then
applies its own writes in memory. These tests replay mixed team work (answers, changed
answers, skips, assignments, invited teammates known only by their account id) and after
every answer compare the turn's next question and team progress with what the separate,
plain reads (`next_question`, `progress`) find in the database. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.storage.engine import migrate
from domain.answering import choose_next
from domain.answers import AnswerInput, InvalidAnswer
from domain.assessment import (
    AnsweredTurn,
    AssessmentClosed,
    ConversationRef,
    NotHere,
)
from domain.models import Assessment, Skip
from domain.parts import QUESTION, SECTION, Part
from domain.records import Person
from domain.services import Assessments
from domain.team import TeamService
from questions.loader import load_bank
from questions.model import LocalText
from tests.conftest import Clock
from tests.test_assessment_service import sample_answer

BANK = load_bank()
WHERE = ConversationRef("msteams", "19:abc@thread.tacv2", "19:abc@thread.tacv2", "https://x/")
ANNA = Person("aad-anna", "Anna de Vries", "29:anna")
BRAM = Person("aad-bram", "Bram Jansen", "29:bram")
CHRIS = Person("aad-chris", "Chris Bakker", "29:chris")


def anywhere(*_: object) -> bool:
    """Any conversation may act: these tests are about the data, not about access."""
    return True


@pytest.fixture
def services(engine: Engine, clock: Clock) -> tuple[Assessments, TeamService]:
    migrate(engine)
    service = Assessments(engine, BANK, clock)
    return service, service.team


def _answer(
    service: Assessments, assessment: Assessment, person: Person, question_id: str
) -> AnsweredTurn:
    question = BANK.question(question_id)
    assert question is not None
    return service.answering.answer(
        assessment.public_id,
        question_id,
        person,
        sample_answer(question, note=f"{person.name} {random.random()}"),
        "nl",
        may_act=lambda *_: True,
    )


def _same_as_a_fresh_read(
    service: Assessments, assessment: Assessment, person: Person, turn: AnsweredTurn
) -> None:
    fresh_next = service.answering.next_question(assessment, person)
    assert turn.upcoming == fresh_next
    fresh = service.answering.progress(assessment)
    got = turn.progress
    assert got.sections == fresh.sections
    assert got.participants == fresh.participants
    assert got.answer_counts == fresh.answer_counts
    assert (got.answered, got.total) == (fresh.answered, fresh.total)
    # next_question and progress share the turn's query; check against plain ORM reads too.
    answers = service.find.answers(assessment)
    assert got.participants == tuple(service.find.participants(assessment))
    assert got.answer_counts == dict(Counter(a.author_id for a in answers))
    anyone = {a.question_id for a in answers}
    assert got.answered == len(anyone)
    with Session(service.engine) as session:
        skipped = session.exec(
            select(Skip.question_id)
            .where(Skip.assessment_id == assessment.id, Skip.user_id == person.user_id)
            .order_by(col(Skip.skipped_at))
        ).all()
    expected = choose_next(
        BANK,
        person,
        mine={a.question_id for a in answers if a.author_id == person.user_id},
        anyone=anyone,
        skipped=list(skipped),
        assignees=service.find.assignees(assessment),
    )
    assert turn.upcoming == expected


def test_the_turns_next_question_and_progress_equal_fresh_reads(
    services: tuple[Assessments, TeamService], clock: Clock
) -> None:
    service, team = services
    assessment = service.rounds.start(WHERE, "Fietspad", ANNA, "nl")
    # Chris is invited by @mention: known by his account id only until he first acts.
    team.add_participants(assessment, [Person("29:chris", "Chris Bakker", "29:chris")])
    team.assign(assessment, Part(SECTION + "later", LocalText("Later", "Later")), BRAM)
    theme = BANK.sections[1].questions[2]
    team.assign(assessment, Part(QUESTION + theme.id, LocalText("x", "x")), CHRIS)
    rng = random.Random(7)
    people = [ANNA, BRAM, CHRIS]
    for step in range(120):
        clock.advance(seconds=1)
        person = rng.choice(people)
        upcoming = service.answering.next_question(assessment, person)
        if upcoming.question is None:
            continue
        question_id = upcoming.question.id
        if rng.random() < 0.15:
            service.answering.skip(assessment, question_id, person)
            continue
        if rng.random() < 0.15:  # change an earlier answer instead
            mine = [
                a.question_id
                for a in service.find.answers(assessment)
                if a.author_id == person.user_id
            ]
            question_id = rng.choice(mine) if mine else question_id
        turn = _answer(service, assessment, person, question_id)
        _same_as_a_fresh_read(service, assessment, person, turn)
        assert turn.assessment.public_id == assessment.public_id, step
    participants = service.find.participants(assessment)
    chris = next(p for p in participants if p.display_name == "Chris Bakker")
    assert chris.user_id == CHRIS.user_id  # his row learned his stable id when he answered
    assert len(participants) == 3


def test_the_answer_remembers_the_language_the_person_used(
    services: tuple[Assessments, TeamService],
) -> None:
    service, _ = services
    assessment = service.rounds.start(WHERE, "Fietspad", ANNA, "nl")
    question = BANK.questions[0]
    service.answering.answer(
        assessment.public_id, question.id, BRAM, sample_answer(question), "en", anywhere
    )
    languages = {p.user_id: p.language for p in service.find.participants(assessment)}
    assert languages == {ANNA.user_id: "nl", BRAM.user_id: "en"}
    service.answering.answer(
        assessment.public_id, question.id, ANNA, sample_answer(question), "en", anywhere
    )
    assert {p.user_id: p.language for p in service.find.participants(assessment)}[
        ANNA.user_id
    ] == "en"


def test_an_answer_elsewhere_closed_or_invalid_is_refused_and_changes_nothing(
    services: tuple[Assessments, TeamService],
) -> None:
    service, _ = services
    assessment = service.rounds.start(WHERE, "Fietspad", ANNA, "nl")
    effect = next(q for q in BANK.questions if q.type.value == "effect")
    given = sample_answer(effect)
    with pytest.raises(NotHere):
        service.answering.answer("0" * 32, effect.id, ANNA, given, "nl", anywhere)
    with pytest.raises(NotHere):
        service.answering.answer(
            assessment.public_id, effect.id, ANNA, given, "nl", lambda *_: False
        )
    with pytest.raises(InvalidAnswer):
        service.answering.answer(
            assessment.public_id,
            effect.id,
            ANNA,
            AnswerInput(effect="nonsense"),
            "nl",
            anywhere,
        )
    service.rounds.close(assessment)
    with pytest.raises(AssessmentClosed):
        service.answering.answer(assessment.public_id, effect.id, ANNA, given, "nl", anywhere)
    assert service.find.answers(assessment) == []


def test_may_act_sees_the_assessment_and_its_participants(
    services: tuple[Assessments, TeamService],
) -> None:
    service, _ = services
    assessment = service.rounds.start(WHERE, "Fietspad", ANNA, "nl")
    seen = []

    def may_act(found: Assessment, participants: object) -> bool:
        seen.append((found.public_id, [p.user_id for p in participants]))  # type: ignore[attr-defined]
        return True

    question = BANK.questions[0]
    service.answering.answer(
        assessment.public_id, question.id, BRAM, sample_answer(question), "nl", may_act
    )
    assert seen == [(assessment.public_id, [ANNA.user_id])]
