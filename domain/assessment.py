"""What the parts of the assessment domain share with their callers: the refusals the
dialogs explain, and the values the parts return.

The parts themselves live by what a user does: starting and closing (domain/rounds.py),
answering (domain/answering.py), teamwork (domain/team.py) and reminders
(domain/reminders.py), with their shared plumbing and lookups in domain/store.py and
all of them held together by domain/services.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from domain.answers import MAX_PROJECT_NAME_LENGTH
from domain.coverage import Coverage
from domain.models import Assessment
from domain.names import has_letters, without_hidden
from domain.records import AnswerRecord, ParticipantRecord
from questions.model import Question, Section


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


class NotOwner(AssessmentError):
    """Only the starter or a co-owner may do this (domain/team.py's owner guard).

    `ask` is the round whose starter to ask: the assessment itself, or for a whole
    project the first round the person does not own.
    """

    def __init__(self, ask: Assessment) -> None:
        super().__init__(ask.project_name)
        self.ask = ask


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
        card to a refresh a few seconds later (bot/turns/card_refresh.py) and never need it."""
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
