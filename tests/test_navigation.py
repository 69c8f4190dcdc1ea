"""Going back to change an answer: domain.navigation and the service's two entry points.

The pure functions run against the packaged bank; the service tests on SQLite and
PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.storage.engine import migrate
from domain.answers import AnswerInput
from domain.assessment import ConversationRef, UnknownQuestion
from domain.models import Assessment
from domain.navigation import find_questions, previous_on_walk, walk
from domain.parts import assignees_by_question
from domain.records import Person
from domain.scale import Effect
from domain.services import Assessments
from questions.loader import load_bank
from questions.model import Question
from tests.conftest import Clock

BANK = load_bank()
IDS = [q.id for q in BANK.questions]
INTAKE = [q.id for q in BANK.sections[0].questions]
WHERE = ConversationRef("msteams", "19:nav@thread.tacv2", "19:nav;messageid=1", "https://x/")
ANNA = Person("aad-anna", "Anna de Vries")
BRAM = Person("aad-bram", "Bram Bakker")


def ids(found: list[Question]) -> list[str]:
    return [q.id for q in found]


# -- the walk and the question before ---------------------------------------------------


def test_walk_is_every_question_for_the_first_person() -> None:
    walked = walk(BANK, ANNA, mine=set(), anyone=set(), assignees={})
    assert ids(walked) == IDS


def test_team_questions_someone_else_answered_are_not_on_the_walk() -> None:
    walked = walk(BANK, BRAM, mine=set(), anyone=set(INTAKE), assignees={})
    assert ids(walked) == IDS[len(INTAKE) :]


def test_a_team_question_answered_by_the_person_stays_on_their_walk() -> None:
    walked = walk(BANK, BRAM, mine={INTAKE[1]}, anyone=set(INTAKE), assignees={})
    assert ids(walked)[0] == INTAKE[1]


def test_questions_assigned_to_someone_else_are_not_on_the_walk() -> None:
    assignees = assignees_by_question(BANK, [("section:nu", {"aad-anna"})])
    walked = walk(BANK, BRAM, mine=set(), anyone=set(), assignees=assignees)
    assert not any(q.startswith("nu.") for q in ids(walked))
    assert any(
        q.startswith("nu.")
        for q in ids(walk(BANK, ANNA, mine=set(), anyone=set(), assignees=assignees))
    )


def test_previous_is_the_one_before_on_the_walk() -> None:
    walked = walk(BANK, BRAM, mine=set(), anyone=set(INTAKE), assignees={})
    before = previous_on_walk(walked, BANK, IDS[len(INTAKE) + 1])
    assert before is not None and before.id == IDS[len(INTAKE)]


def test_no_previous_at_the_start_of_the_walk() -> None:
    walked = walk(BANK, BRAM, mine=set(), anyone=set(INTAKE), assignees={})
    assert previous_on_walk(walked, BANK, IDS[len(INTAKE)]) is None


def test_with_nothing_open_previous_is_the_last_question() -> None:
    walked = walk(BANK, ANNA, mine=set(IDS), anyone=set(IDS), assignees={})
    last = previous_on_walk(walked, BANK, None)
    assert last is not None and last.id == IDS[-1]


# -- finding a question by what is typed ------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("gezondheid", "nu.gezondheid"),
        ("Gezondheid", "nu.gezondheid"),
        ("health", "nu.gezondheid"),
        ("materiele welvaart", "nu.materiele_welvaart"),
        ("materiële welvaart", "nu.materiele_welvaart"),
        ("streefbeeld", "intake.streefbeeld"),
        ("doelgroepen", "intake.doelgroepen"),
        ("nu.milieu", "nu.milieu"),
        ("1", IDS[0]),
        ("vraag 12", IDS[11]),
        ("question 12", IDS[11]),
        ("Hier en nu", "nu.welzijn"),
    ],
)
def test_find_one_question(typed: str, expected: str) -> None:
    assert BANK.question(expected) is not None
    assert ids(find_questions(BANK, typed)) == [expected]


@pytest.mark.parametrize("typed", ["", "   ", "0", "999", "xyzzy bestaat niet"])
def test_find_nothing(typed: str) -> None:
    assert find_questions(BANK, typed) == []


def test_a_word_in_several_names_finds_each_of_them() -> None:
    found = ids(find_questions(BANK, "kapitaal"))
    assert len(found) > 1 and all(q.startswith("later.") for q in found)


# -- the service ------------------------------------------------------------------------


@pytest.fixture
def service(engine: Engine, clock: Clock) -> Assessments:
    migrate(engine)
    return Assessments(engine, BANK, clock)


@pytest.fixture
def running(service: Assessments) -> Assessment:
    return service.rounds.start(WHERE, "Fietspad", ANNA, "nl")


def effect(value: str, why: str = "") -> AnswerInput:
    return AnswerInput(effect=value, certainty="likely", explanation=why)


def test_previous_question_carries_the_current_answer(
    service: Assessments, running: Assessment
) -> None:
    service.answering.record_answer(running, "nu.welzijn", ANNA, effect("positive", "eerst"))
    shown = service.answering.previous_question(running, ANNA, "nu.materiele_welvaart")
    assert shown is not None and shown.question is not None
    assert shown.question.id == "nu.welzijn"
    assert shown.number == BANK.position("nu.welzijn")
    assert shown.previous is not None and shown.previous.explanation == "eerst"


def test_previous_without_a_current_question_goes_before_the_next_open_one(
    service: Assessments, running: Assessment
) -> None:
    for question_id in ("intake.omschrijving", "intake.streefbeeld", "intake.gebied"):
        service.answering.record_answer(running, question_id, ANNA, AnswerInput(text="x"))
    assert IDS[:3] == ["intake.omschrijving", "intake.streefbeeld", "intake.gebied"]
    shown = service.answering.previous_question(running, ANNA, None)
    assert shown is not None and shown.question is not None
    assert shown.question.id == IDS[2]


def test_previous_at_the_first_question_is_none(service: Assessments, running: Assessment) -> None:
    assert service.answering.previous_question(running, ANNA, IDS[0]) is None


def test_changing_an_answer_keeps_the_earlier_one_in_the_history(
    service: Assessments, running: Assessment
) -> None:
    service.answering.record_answer(running, "nu.gezondheid", ANNA, effect("positive", "eerst"))
    shown = service.answering.question_for(running, ANNA, "nu.gezondheid")
    assert shown.previous is not None and shown.previous.effect is Effect.POSITIVE
    saved = service.answering.record_answer(
        running, "nu.gezondheid", ANNA, effect("negative", "later")
    )
    assert saved.replaced
    history = service.find.history(running, "nu.gezondheid", ANNA.user_id)
    assert [(a.effect, a.current) for a in history] == [
        (Effect.POSITIVE, False),
        (Effect.NEGATIVE, True),
    ]
    again = service.answering.question_for(running, ANNA, "nu.gezondheid")
    assert again.previous is not None and again.previous.effect is Effect.NEGATIVE


def test_a_team_question_shows_the_teams_answer_to_someone_else(
    service: Assessments, running: Assessment
) -> None:
    service.answering.record_answer(
        running, "intake.streefbeeld", ANNA, AnswerInput(text="Meer fietsers")
    )
    shown = service.answering.question_for(running, BRAM, "intake.streefbeeld")
    assert shown.previous is not None
    assert shown.previous.author_id == ANNA.user_id and shown.previous.text == "Meer fietsers"
    # An effect question shows only the person's own answer.
    service.answering.record_answer(running, "nu.milieu", ANNA, effect("positive"))
    assert service.answering.question_for(running, BRAM, "nu.milieu").previous is None


def test_question_for_an_unknown_id_is_refused(service: Assessments, running: Assessment) -> None:
    with pytest.raises(UnknownQuestion):
        service.answering.question_for(running, ANNA, "nu.bestaat_niet")


@pytest.mark.parametrize("typed", ["de weg door het dorp", "het bestemmingsplan", "weg"])
def test_prose_after_wijzig_finds_no_question(typed: str) -> None:
    """ "Wijzig de weg door het dorp" typed as an answer is not a command."""
    assert find_questions(BANK, typed) == []
