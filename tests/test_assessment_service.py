"""Tests for the assessment domain's parts (domain.services.Assessments) on SQLite and PostgreSQL.

Every test runs on both backends (the `engine` fixture) with the packaged question bank,
and moves a controllable clock instead of sleeping.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.storage.engine import create_db_engine, migrate
from domain.answers import AnswerInput, AnswerProblem, InvalidAnswer
from domain.assessment import (
    AlreadyRunning,
    AssessmentClosed,
    ConversationRef,
    InvalidProjectName,
    NotOwner,
    SavedAnswer,
    UnknownQuestion,
)
from domain.models import Assessment, AssessmentStatus, as_utc
from domain.records import Person
from domain.scale import Certainty, Effect
from domain.services import Assessments
from questions.loader import load_bank
from questions.model import AnswerType, Question, Scope
from tests.conftest import Clock

BANK = load_bank()
QUESTIONS = BANK.questions
TOTAL = len(QUESTIONS)
INTAKE_IDS = [q.id for q in BANK.sections[0].questions]
WHERE = ConversationRef(
    channel="msteams",
    conversation_key="19:abc@thread.tacv2",
    thread_id="19:abc@thread.tacv2;messageid=1700000000000",
    service_url="https://smba.trafficmanager.net/emea/",
    tenant_id="tenant-1",
)
OTHER_CHANNEL = ConversationRef("msteams", "19:other@thread.tacv2", "19:other", "https://x/")
ANNA = Person("aad-anna", "Anna de Vries")
BRAM = Person("aad-bram", "Bram Jansen")
CHRIS = Person("aad-chris", "Chris Bakker")


@pytest.fixture
def service(engine: Engine, clock: Clock) -> Assessments:
    migrate(engine)
    return Assessments(engine, BANK, clock)


@pytest.fixture
def running(service: Assessments) -> Assessment:
    return service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")


def sample_answer(question: Question, note: str = "") -> AnswerInput:
    """A valid answer of the right type for any question of the bank."""
    if question.type is AnswerType.EFFECT:
        return AnswerInput(effect="positive", certainty="likely", explanation=note)
    if question.type is AnswerType.TEXT:
        return AnswerInput(text=note or f"antwoord op {question.id}")
    return AnswerInput(choices=(question.choices[0].id,), explanation=note)


def answer(
    service: Assessments, assessment: Assessment, person: Person, question_id: str
) -> SavedAnswer:
    """Give `person`'s sample answer to one question."""
    question = service.bank.question(question_id)
    assert question is not None, question_id
    return service.answering.record_answer(assessment, question_id, person, sample_answer(question))


def answer_all_except(
    service: Assessments, assessment: Assessment, person: Person, *skip: str
) -> None:
    """Answer every question of the bank except `skip`, in bank order."""
    for question in service.bank.questions:
        if question.id not in skip:
            answer(service, assessment, person, question.id)


def next_id(service: Assessments, assessment: Assessment, person: Person) -> str | None:
    """The id of the next question for `person` (None when everything is done)."""
    question = service.answering.next_question(assessment, person).question
    return question.id if question else None


def test_the_bank_is_what_these_tests_assume() -> None:
    assert TOTAL == 35
    assert len(INTAKE_IDS) == 6
    assert all(BANK.question(q).scope is Scope.TEAM for q in INTAKE_IDS)  # type: ignore[union-attr]
    assert QUESTIONS[0].id == "intake.omschrijving"
    assert QUESTIONS[6].id == "nu.welzijn"
    assert BANK.question("nu.welzijn").scope is Scope.EACH  # type: ignore[union-attr]


# -- start ---------------------------------------------------------------------------


def test_start_creates_a_running_assessment(service: Assessments, clock: Clock) -> None:
    started = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "en")

    assert started.id is not None
    assert len(started.public_id) == 32
    assert started.project_name == "Fietspad Assen-Zuid"
    assert started.status == AssessmentStatus.OPEN
    assert started.running_name == "fietspad assen-zuid"
    assert (started.starter_id, started.starter_name) == (ANNA.user_id, ANNA.name)
    assert started.language == "en"
    assert started.bank_version == BANK.version
    assert started.tenant_id == "tenant-1"

    found = service.find.running(WHERE.conversation_key)
    assert found is not None and found.id == started.id
    assert as_utc(found.created_at) == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert found.closed_at is None
    by_id = service.find.by_public_id(started.public_id)
    assert by_id is not None and by_id.id == started.id
    assert [(p.user_id, p.display_name) for p in service.find.participants(started)] == [
        (ANNA.user_id, ANNA.name)
    ]


def test_start_of_the_same_name_in_the_same_conversation_is_refused(
    service: Assessments,
) -> None:
    first = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")

    with pytest.raises(AlreadyRunning) as refused:
        service.rounds.start(WHERE, "fietspad  ASSEN-zuid", BRAM, "nl")

    assert refused.value.existing.id == first.id
    assert refused.value.existing.project_name == "Fietspad Assen-Zuid"
    latest = service.find.latest(WHERE.conversation_key)
    assert latest is not None and latest.id == first.id
    # The refused starter did not become a participant of the running assessment.
    assert [p.user_id for p in service.find.participants(first)] == [ANNA.user_id]


def test_a_conversation_can_run_several_assessments(service: Assessments) -> None:
    first = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    second = service.rounds.start(WHERE, "Bibliotheek", BRAM, "nl")
    assert [a.id for a in service.find.running_all(WHERE.conversation_key)] == [first.id, second.id]
    assert service.find.running(WHERE.conversation_key).id == second.id  # type: ignore[union-attr]
    service.rounds.close(second)
    assert [a.id for a in service.find.running_all(WHERE.conversation_key)] == [first.id]
    # Once closed, its name is free again.
    again = service.rounds.start(WHERE, "Bibliotheek", BRAM, "nl")
    assert again.id != second.id


def test_one_read_finds_the_threads_assessment_and_the_running_ones(
    service: Assessments,
) -> None:
    """`in_thread_and_running` answers what `all_in` and `running_all` answer apart."""
    elsewhere = replace(WHERE, thread_id=WHERE.conversation_key + ";messageid=1700000009999")
    first = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    second = service.rounds.start(elsewhere, "Bibliotheek", BRAM, "nl")
    key = WHERE.conversation_key

    def both(thread_id: str) -> tuple[int | None, list[int | None]]:
        in_thread, running = service.find.in_thread_and_running(key, thread_id)
        return (in_thread.id if in_thread else None), [a.id for a in running]

    def apart(thread_id: str) -> tuple[int | None, list[int | None]]:
        started_here = [a.id for a in service.find.all_in(key) if a.thread_id == thread_id]
        newest = started_here[-1] if started_here else None
        return newest, [a.id for a in service.find.running_all(key)]

    assert both(WHERE.thread_id) == apart(WHERE.thread_id) == (first.id, [first.id, second.id])
    service.rounds.close(first)  # closed: still the thread's, no longer running
    assert both(WHERE.thread_id) == apart(WHERE.thread_id) == (first.id, [second.id])
    assert both("19:other;messageid=1") == apart("19:other;messageid=1") == (None, [second.id])


def test_an_assessment_read_on_the_cursor_is_the_one_the_orm_reads(
    service: Assessments, clock: Clock, engine: Engine
) -> None:
    """Every value the same as the ORM's, and it behaves like an
    ORM-loaded one: it can be changed, and a session takes it as the stored row."""
    started = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    direct, running = service.find.in_thread_and_running(WHERE.conversation_key, WHERE.thread_id)
    by_orm = service.find.by_public_id(started.public_id)
    assert direct is not None and by_orm is not None and running == [direct]
    assert direct.model_dump() == by_orm.model_dump()
    assert direct.created_at == by_orm.created_at  # (naive on SQLite for both: as_utc)
    deadline = clock().date() + timedelta(days=7)
    service.reminders.set_deadline(direct, deadline)  # changes it in place
    assert direct.deadline == deadline
    with Session(engine) as session:
        merged = session.merge(direct)  # the stored row, not a new one
        assert merged.id == started.id and not session.new
    assert service.find.by_public_id(started.public_id).deadline == deadline  # type: ignore[union-attr]


def test_a_fresh_process_finds_a_project_before_anything_else_used_the_orm(
    tmp_path: Path,
) -> None:
    """The first turn of a new process may be a typed command: its lookup builds the
    assessment itself, before the ORM has set up its mappers (it crashed then)."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    engine = create_db_engine(url)
    migrate(engine)
    service = Assessments(engine, load_bank())
    started = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    child = f"""
from bot.storage.engine import create_db_engine
from domain.store import Lookups, Store
from questions.loader import load_bank
found, running = Lookups(Store(create_db_engine({url!r}), load_bank())).in_thread_and_running(
    {WHERE.conversation_key!r}, {WHERE.thread_id!r}
)
found.deadline = None  # it can be changed, as the ORM's can
print(found.public_id, len(running))
"""
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [started.public_id, "1"]


def test_another_conversation_can_start_its_own(service: Assessments) -> None:
    first = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    other = service.rounds.start(OTHER_CHANNEL, "Bibliotheek", BRAM, "nl")
    assert other.id != first.id
    assert service.find.running(OTHER_CHANNEL.conversation_key).id == other.id  # type: ignore[union-attr]
    assert service.find.running(WHERE.conversation_key).id == first.id  # type: ignore[union-attr]


def test_start_after_close_works(service: Assessments, clock: Clock) -> None:
    first = service.rounds.start(WHERE, "Fietspad Assen-Zuid", ANNA, "nl")
    clock.advance(days=2)
    closed = service.rounds.close(first)
    assert closed.status == AssessmentStatus.CLOSED
    assert closed.running_name is None
    assert as_utc(closed.closed_at) == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # type: ignore[arg-type]
    assert service.find.running(WHERE.conversation_key) is None

    second = service.rounds.start(WHERE, "Fietspad fase 2", BRAM, "nl")

    assert second.id != first.id
    assert service.find.running(WHERE.conversation_key).id == second.id  # type: ignore[union-attr]
    assert service.find.latest(WHERE.conversation_key).id == second.id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "too_long"),
    [("", False), ("   ", False), ("\t\n ", False), ("x" * 121, True), ("a " + "b" * 119, True)],
)
def test_invalid_project_name(service: Assessments, name: str, too_long: bool) -> None:
    with pytest.raises(InvalidProjectName) as refused:
        service.rounds.start(WHERE, name, ANNA, "nl")
    assert refused.value.too_long is too_long
    assert refused.value.limit == 120
    assert service.find.latest(WHERE.conversation_key) is None


def test_project_name_of_exactly_120_characters(service: Assessments) -> None:
    name = "P" * 120
    assert service.rounds.start(WHERE, name, ANNA, "nl").project_name == name


def test_project_name_whitespace_is_collapsed(service: Assessments) -> None:
    # 115 characters once collapsed, 142 as typed.
    raw = "  Fietspad \t Assen-Zuid  " + "  ".join(["x"] * 48) + "\n"
    assert len(raw) > 120
    started = service.rounds.start(WHERE, raw, ANNA, "nl")
    assert started.project_name == "Fietspad Assen-Zuid " + " ".join(["x"] * 48)
    assert len(started.project_name) == 115
    assert service.find.running(WHERE.conversation_key).project_name == started.project_name  # type: ignore[union-attr]


# -- answers -------------------------------------------------------------------------


def test_record_answer_replaces_and_keeps_history(
    service: Assessments, running: Assessment, clock: Clock
) -> None:
    first = service.answering.record_answer(
        running, "nu.gezondheid", BRAM, AnswerInput(effect="positive", explanation="meer fietsen")
    )
    clock.advance(minutes=5)
    second = service.answering.record_answer(
        running,
        "nu.gezondheid",
        BRAM,
        AnswerInput(effect="strongly_negative", certainty="uncertain", explanation="fijnstof"),
    )

    assert first.replaced is False
    assert second.replaced is True
    assert second.record.effect is Effect.STRONGLY_NEGATIVE
    assert second.record.certainty is Certainty.UNCERTAIN

    history = service.find.history(running, "nu.gezondheid", BRAM.user_id)
    assert [(h.effect, h.explanation) for h in history] == [
        (Effect.POSITIVE, "meer fietsen"),
        (Effect.STRONGLY_NEGATIVE, "fijnstof"),
    ]
    assert [h.answered_at for h in history] == [
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 9, 5, tzinfo=UTC),
    ]

    current = service.find.answers(running)
    assert len(current) == 1
    assert (current[0].question_id, current[0].author_id, current[0].effect) == (
        "nu.gezondheid",
        BRAM.user_id,
        Effect.STRONGLY_NEGATIVE,
    )
    assert current[0].author_name == BRAM.name


def test_a_third_answer_keeps_all_three_in_history(
    service: Assessments, running: Assessment
) -> None:
    for effect in ("positive", "neutral", "negative"):
        service.answering.record_answer(running, "nu.wonen", ANNA, AnswerInput(effect=effect))
    history = service.find.history(running, "nu.wonen", ANNA.user_id)
    assert [h.effect for h in history] == [Effect.POSITIVE, Effect.NEUTRAL, Effect.NEGATIVE]
    assert [a.effect for a in service.find.answers(running)] == [Effect.NEGATIVE]


def test_someone_elses_answer_is_not_replaced(service: Assessments, running: Assessment) -> None:
    service.answering.record_answer(running, "nu.wonen", ANNA, AnswerInput(effect="positive"))
    saved = service.answering.record_answer(
        running, "nu.wonen", BRAM, AnswerInput(effect="negative")
    )
    assert saved.replaced is False
    assert sorted((a.author_id, a.effect) for a in service.find.answers(running)) == [
        (ANNA.user_id, Effect.POSITIVE),
        (BRAM.user_id, Effect.NEGATIVE),
    ]


def test_answers_of_each_type_round_trip(service: Assessments, running: Assessment) -> None:
    service.answering.record_answer(
        running, "intake.gebied", ANNA, AnswerInput(text=" Assen-Zuid ")
    )
    service.answering.record_answer(
        running, "intake.doelgroepen", ANNA, AnswerInput(choices=("ouderen", "huurders"))
    )
    service.answering.record_answer(
        running, "intake.termijn", ANNA, AnswerInput(choices=("jaar_1_tot_4",))
    )
    service.answering.record_answer(running, "nu.milieu", ANNA, AnswerInput(effect="unknown"))
    by_question = {a.question_id: a for a in service.find.answers(running)}
    assert by_question["intake.gebied"].text == "Assen-Zuid"
    assert by_question["intake.doelgroepen"].choices == ("ouderen", "huurders")
    assert by_question["intake.termijn"].choices == ("jaar_1_tot_4",)
    assert (by_question["nu.milieu"].effect, by_question["nu.milieu"].certainty) == (
        Effect.UNKNOWN,
        None,
    )


def test_answers_are_oldest_first_and_only_this_assessment(
    service: Assessments, running: Assessment
) -> None:
    other = service.rounds.start(OTHER_CHANNEL, "Bibliotheek", CHRIS, "nl")
    answer(service, running, BRAM, "nu.wonen")
    answer(service, other, CHRIS, "nu.wonen")
    answer(service, running, ANNA, "nu.milieu")
    answer(service, running, BRAM, "nu.welzijn")
    assert [(a.author_id, a.question_id) for a in service.find.answers(running)] == [
        (BRAM.user_id, "nu.wonen"),
        (ANNA.user_id, "nu.milieu"),
        (BRAM.user_id, "nu.welzijn"),
    ]
    assert [a.author_id for a in service.find.answers(other)] == [CHRIS.user_id]


def test_invalid_answer_stores_nothing(service: Assessments, running: Assessment) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        service.answering.record_answer(running, "nu.wonen", BRAM, AnswerInput(effect="heel goed"))
    assert refused.value.problem is AnswerProblem.UNKNOWN_EFFECT
    assert service.find.answers(running) == []
    assert [p.user_id for p in service.find.participants(running)] == [ANNA.user_id]


def test_unknown_question(service: Assessments, running: Assessment) -> None:
    with pytest.raises(UnknownQuestion):
        service.answering.record_answer(
            running, "nu.bestaat_niet", ANNA, AnswerInput(effect="positive")
        )
    with pytest.raises(UnknownQuestion):
        service.answering.skip(running, "nu.bestaat_niet", ANNA)
    assert service.find.answers(running) == []


# -- closing -------------------------------------------------------------------------


def test_closed_assessment_refuses_answers_skips_and_a_second_close(
    service: Assessments, running: Assessment
) -> None:
    answer(service, running, BRAM, "nu.wonen")
    service.rounds.close(running)

    with pytest.raises(AssessmentClosed):
        service.answering.record_answer(running, "nu.milieu", BRAM, AnswerInput(effect="positive"))
    with pytest.raises(AssessmentClosed):
        service.answering.record_answer(running, "nu.wonen", BRAM, AnswerInput(effect="negative"))
    with pytest.raises(AssessmentClosed):
        service.answering.skip(running, "nu.milieu", BRAM)
    with pytest.raises(AssessmentClosed) as twice:
        service.rounds.close(running)
    assert twice.value.assessment.project_name == "Fietspad Assen-Zuid"

    # Answers are kept; nothing new was stored and nobody new joined.
    assert [(a.question_id, a.effect) for a in service.find.answers(running)] == [
        ("nu.wonen", Effect.POSITIVE)
    ]
    assert len(service.find.history(running, "nu.wonen", BRAM.user_id)) == 1
    assert service.answering.next_question(running, BRAM).skipped_count == 0


def test_closing_a_stale_copy_is_refused(service: Assessments, running: Assessment) -> None:
    stale = service.find.by_public_id(running.public_id)
    assert stale is not None
    service.rounds.close(running)
    with pytest.raises(AssessmentClosed):
        service.rounds.close(stale)
    with pytest.raises(AssessmentClosed):
        service.answering.record_answer(stale, "nu.wonen", ANNA, AnswerInput(effect="positive"))


# -- next question -------------------------------------------------------------------


def test_first_question_for_a_newcomer(service: Assessments, running: Assessment) -> None:
    nxt = service.answering.next_question(running, BRAM)
    assert nxt.question is not None and nxt.question.id == "intake.omschrijving"
    assert nxt.section is not None and nxt.section.id == "intake"
    assert (nxt.number, nxt.total, nxt.open_count, nxt.skipped_count) == (1, TOTAL, TOTAL, 0)
    assert nxt.previous is None


def test_team_questions_are_done_for_everyone_once_anyone_answered(
    service: Assessments, running: Assessment
) -> None:
    answer(service, running, ANNA, "intake.omschrijving")
    assert next_id(service, running, BRAM) == "intake.streefbeeld"
    assert service.answering.next_question(running, BRAM).open_count == TOTAL - 1

    for question_id in INTAKE_IDS:
        answer(service, running, ANNA, question_id)

    for person in (ANNA, BRAM, CHRIS):
        nxt = service.answering.next_question(running, person)
        assert nxt.question is not None and nxt.question.id == "nu.welzijn"
        assert nxt.number == 7
        assert nxt.open_count == TOTAL - len(INTAKE_IDS)


def test_each_scope_questions_stay_open_per_person(
    service: Assessments, running: Assessment
) -> None:
    for question_id in INTAKE_IDS:
        answer(service, running, ANNA, question_id)
    answer(service, running, ANNA, "nu.welzijn")

    assert next_id(service, running, ANNA) == "nu.materiele_welvaart"
    assert next_id(service, running, BRAM) == "nu.welzijn"
    anna_open = service.answering.next_question(running, ANNA).open_count
    bram_open = service.answering.next_question(running, BRAM).open_count
    assert bram_open == anna_open + 1 == TOTAL - len(INTAKE_IDS)


def test_skipped_questions_come_back_least_recently_skipped_first(
    service: Assessments, running: Assessment, clock: Clock
) -> None:
    # Skip a later question first, so bank order and skip order disagree.
    service.answering.skip(running, "nu.gezondheid", BRAM)
    clock.advance(minutes=1)
    service.answering.skip(running, "later.natuurlijk_kapitaal", BRAM)
    clock.advance(minutes=1)
    service.answering.skip(running, "nu.welzijn", BRAM)

    nxt = service.answering.next_question(running, BRAM)
    assert nxt.question is not None and nxt.question.id == "intake.omschrijving"
    assert (nxt.open_count, nxt.skipped_count) == (TOTAL, 3)

    clock.advance(minutes=1)
    answer_all_except(
        service, running, BRAM, "nu.gezondheid", "later.natuurlijk_kapitaal", "nu.welzijn"
    )
    nxt = service.answering.next_question(running, BRAM)
    assert nxt.question is not None and nxt.question.id == "nu.gezondheid"
    assert nxt.number == 9
    assert (nxt.open_count, nxt.skipped_count) == (3, 3)

    # Skipping it again sends it to the back of the line.
    clock.advance(minutes=1)
    service.answering.skip(running, "nu.gezondheid", BRAM)
    assert next_id(service, running, BRAM) == "later.natuurlijk_kapitaal"

    answer(service, running, BRAM, "later.natuurlijk_kapitaal")
    nxt = service.answering.next_question(running, BRAM)
    assert nxt.question is not None and nxt.question.id == "nu.welzijn"
    assert (nxt.open_count, nxt.skipped_count) == (2, 2)

    answer(service, running, BRAM, "nu.welzijn")
    assert next_id(service, running, BRAM) == "nu.gezondheid"

    answer(service, running, BRAM, "nu.gezondheid")
    done = service.answering.next_question(running, BRAM)
    assert done.question is None and done.section is None
    assert (done.number, done.total, done.open_count, done.skipped_count) == (0, TOTAL, 0, 0)


def test_skips_are_per_person(service: Assessments, running: Assessment) -> None:
    service.answering.skip(running, "intake.omschrijving", BRAM)
    assert next_id(service, running, BRAM) == "intake.streefbeeld"
    assert next_id(service, running, CHRIS) == "intake.omschrijving"
    assert service.answering.next_question(running, CHRIS).skipped_count == 0


def test_answering_a_skipped_question_removes_the_skip(
    service: Assessments, running: Assessment
) -> None:
    service.answering.skip(running, "intake.omschrijving", BRAM)
    service.answering.skip(running, "intake.streefbeeld", BRAM)
    assert service.answering.next_question(running, BRAM).skipped_count == 2

    answer(service, running, BRAM, "intake.omschrijving")
    nxt = service.answering.next_question(running, BRAM)
    assert (nxt.open_count, nxt.skipped_count) == (TOTAL - 1, 1)
    assert nxt.question is not None and nxt.question.id == "intake.gebied"


def test_skipped_team_question_answered_by_someone_else_is_no_longer_open(
    service: Assessments, running: Assessment
) -> None:
    service.answering.skip(running, "intake.omschrijving", BRAM)
    assert service.answering.next_question(running, BRAM).skipped_count == 1

    answer(service, running, ANNA, "intake.omschrijving")

    nxt = service.answering.next_question(running, BRAM)
    assert (nxt.open_count, nxt.skipped_count) == (TOTAL - 1, 0)


def test_a_skipped_each_question_answered_by_someone_else_stays_open(
    service: Assessments, running: Assessment
) -> None:
    service.answering.skip(running, "nu.welzijn", BRAM)
    answer(service, running, ANNA, "nu.welzijn")
    nxt = service.answering.next_question(running, BRAM)
    assert (nxt.open_count, nxt.skipped_count) == (TOTAL, 1)


# -- progress and participants -------------------------------------------------------


def test_progress_counts_sections_people_and_my_open(
    service: Assessments, running: Assessment
) -> None:
    answer(service, running, ANNA, "intake.omschrijving")
    answer(service, running, ANNA, "nu.welzijn")
    answer(service, running, BRAM, "nu.welzijn")
    answer(service, running, BRAM, "nu.gezondheid")
    answer(service, running, BRAM, "nu.gezondheid")  # a replacement counts once
    service.answering.skip(running, "nu.wonen", CHRIS)

    progress = service.answering.progress(running, BRAM)

    assert progress.assessment.id == running.id
    assert {s.section.id: (s.answered, s.total) for s in progress.sections} == {
        "intake": (1, 6),
        "nu": (2, 10),
        "later": (0, 4),
        "elders": (0, 4),
        "verdeling": (0, 3),
        "samenhang": (0, 2),
        "kennis": (0, 3),
        "afweging": (0, 3),
    }
    assert [s.section.id for s in progress.sections] == [s.id for s in BANK.sections]
    assert progress.answer_counts == {ANNA.user_id: 2, BRAM.user_id: 2}
    assert (progress.total, progress.answered) == (TOTAL, 3)
    # Bram: his 2 answers plus the team question Anna answered.
    assert progress.my_open == TOTAL - 3
    assert service.answering.progress(running, ANNA).my_open == TOTAL - 2
    # Chris only skipped: everything but the answered team question is open for him.
    assert service.answering.progress(running, CHRIS).my_open == TOTAL - 1
    assert service.answering.progress(running).my_open == 0
    assert [p.user_id for p in progress.participants] == [
        ANNA.user_id,
        BRAM.user_id,
        CHRIS.user_id,
    ]


def test_progress_of_a_fresh_assessment(service: Assessments, running: Assessment) -> None:
    progress = service.answering.progress(running, ANNA)
    assert all(s.answered == 0 for s in progress.sections)
    assert sum(s.total for s in progress.sections) == TOTAL
    assert progress.answer_counts == {}
    assert (progress.answered, progress.my_open) == (0, TOTAL)


def test_participants_in_join_order(
    service: Assessments, running: Assessment, clock: Clock
) -> None:
    clock.advance(minutes=10)
    answer(service, running, CHRIS, "nu.welzijn")
    clock.advance(minutes=10)
    service.answering.skip(running, "nu.welzijn", BRAM)  # only skips, still takes part
    clock.advance(minutes=10)
    answer(service, running, CHRIS, "nu.wonen")  # no second row for Chris
    answer(service, running, ANNA, "nu.wonen")

    participants = service.find.participants(running)

    assert [(p.user_id, p.display_name) for p in participants] == [
        (ANNA.user_id, ANNA.name),
        (CHRIS.user_id, CHRIS.name),
        (BRAM.user_id, BRAM.name),
    ]
    assert [p.joined_at for p in participants] == [
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 9, 10, tzinfo=UTC),
        datetime(2026, 11, 24, 9, 20, tzinfo=UTC),
    ]


def test_person_who_only_skips_becomes_a_participant(
    service: Assessments, running: Assessment
) -> None:
    service.answering.skip(running, "intake.omschrijving", BRAM)
    service.answering.skip(running, "intake.streefbeeld", BRAM)
    assert [p.user_id for p in service.find.participants(running)] == [ANNA.user_id, BRAM.user_id]
    assert service.find.answers(running) == []


# -- concurrency ---------------------------------------------------------------------


def test_twenty_people_answer_the_same_question_at_once(
    service: Assessments, running: Assessment
) -> None:
    people = [Person(f"aad-{i:02d}", f"Collega {i}") for i in range(20)]
    all_ready = threading.Barrier(len(people), timeout=30)

    def give(person: Person) -> SavedAnswer:
        all_ready.wait()  # release all twenty at the same moment
        return service.answering.record_answer(
            running, "nu.gezondheid", person, AnswerInput(effect="positive", certainty="certain")
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        saved = list(pool.map(give, people))

    assert [s.replaced for s in saved] == [False] * 20
    current = service.find.answers(running)
    assert sorted(a.author_id for a in current) == sorted(p.user_id for p in people)
    assert {a.question_id for a in current} == {"nu.gezondheid"}
    participants = service.find.participants(running)
    assert len(participants) == 21
    assert {p.user_id for p in participants} == {ANNA.user_id} | {p.user_id for p in people}
    assert service.answering.progress(running).answer_counts == {p.user_id: 1 for p in people}


def test_one_person_saving_twice_at_once_keeps_one_current_answer(
    service: Assessments, running: Assessment
) -> None:
    """A double click on "Opslaan" (or a channel retry) sends the same answer twice at once.

    Both saves must succeed: one stores the answer, the other replaces it; the database's
    "one current answer per person and question" rule must never surface as an error.
    """
    rounds = 5
    for _ in range(rounds):
        both_ready = threading.Barrier(2, timeout=30)

        def save(effect: str, ready: threading.Barrier = both_ready) -> SavedAnswer:
            ready.wait()
            return service.answering.record_answer(
                running, "nu.wonen", BRAM, AnswerInput(effect=effect)
            )

        with ThreadPoolExecutor(max_workers=2) as pool:
            saved = list(pool.map(save, ["positive", "negative"]))
        assert len(saved) == 2

    current = [a for a in service.find.answers(running) if a.author_id == BRAM.user_id]
    assert len(current) == 1
    assert len(service.find.history(running, "nu.wonen", BRAM.user_id)) == 2 * rounds


# -- the owner guard -------------------------------------------------------------------


def test_the_owner_guard_lets_the_starter_and_co_owners_act(
    service: Assessments, running: Assessment
) -> None:
    service.team.add_co_owner(running, BRAM.user_id, BRAM.name)
    service.team.check_owner(running, ANNA)
    service.team.check_owner(running, BRAM)
    with pytest.raises(NotOwner) as refused:
        service.team.check_owner(running, CHRIS)
    assert refused.value.ask == running  # ask its starter


def test_the_owner_guard_refuses_a_closed_round_unless_told_otherwise(
    service: Assessments, running: Assessment
) -> None:
    closed = service.rounds.close(running)
    with pytest.raises(AssessmentClosed):
        service.team.check_owner(closed, ANNA)
    service.team.check_owner(closed, ANNA, while_open=False)
    with pytest.raises(NotOwner):  # someone else hears "ask the starter", not "closed"
        service.team.check_owner(closed, CHRIS)


def test_the_owner_guard_for_a_whole_project_names_the_round_not_owned(
    service: Assessments, running: Assessment
) -> None:
    first = service.rounds.close(running)
    second = service.rounds.reassess(WHERE, first, BRAM, "nl")  # Anna is co-owner of it
    service.team.check_owner(second, ANNA, whole_project=True)
    with pytest.raises(NotOwner) as refused:
        service.team.check_owner(second, BRAM, whole_project=True, while_open=False)
    assert refused.value.ask.id == first.id
