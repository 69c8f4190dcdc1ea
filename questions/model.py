"""The question bank as immutable data: sections, questions, texts in Dutch and English."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

LANGUAGES: tuple[str, ...] = ("nl", "en")


class AnswerType(StrEnum):
    """How a question is answered; decides the input shown and the validation applied.

    Part of the bank (a question says how it is answered), so it lives here and not beside
    the effect and certainty scales in domain/scale.py: questions/ imports nothing of
    domain/, which builds on the bank.
    """

    EFFECT = "effect"  # direction and strength on the effect scale, certainty, explanation
    TEXT = "text"  # free text
    CHOICE = "choice"  # one option out of a list
    GROUPS = "groups"  # several options out of a list (groups of people)


@dataclass(frozen=True)
class LocalText:
    """A user-visible text in Dutch and English."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang`, Dutch for anything that is not English."""
        return self.en if lang == "en" else self.nl


class Dimension(StrEnum):
    """The four dimensions of brede welvaart that effect questions belong to."""

    NOW = "now"  # hier en nu
    LATER = "later"  # future generations (the four capitals)
    ELSEWHERE = "elsewhere"  # other places
    DISTRIBUTION = "distribution"  # groups of people


class Role(StrEnum):
    """Questions whose answers the summary uses in a special place.

    A deployment may rewrite its bank freely; the summary finds these answers by role,
    not by question id.
    """

    DESCRIPTION = "description"  # the intervention in one or two sentences
    STREEFBEELD = "streefbeeld"  # the target picture
    GROUPS_GAIN = "groups_gain"  # groups that gain (GROUPS question)
    GROUPS_LOSE = "groups_lose"  # groups that lose (GROUPS question)
    KNOWLEDGE_GAPS = "knowledge_gaps"  # what the team does not know yet
    ACCEPTED_TRADE_OFFS = "accepted_trade_offs"  # trade-offs the team accepts and why
    MITIGATION = "mitigation"  # what mitigates negative effects
    ADVICE = "advice"  # the team's advice
    AREA = "area"  # the area the project is for (intake)
    TARGET_GROUPS = "target_groups"  # the groups the project is meant for (GROUPS, intake)
    TIME_HORIZON = "time_horizon"  # when the project should deliver (CHOICE, intake)
    OWNER = "owner"  # who owns the project and who is on the team (intake)
    SPILLOVER = "spillover"  # afwenteling: a burden shifted onto others elsewhere or later
    SYNERGIES = "synergies"  # samenhang: effects that reinforce each other
    CONFLICTS = "conflicts"  # samenhang: effects that clash
    SOURCES = "sources"  # kennis: data, experts, residents and partners to involve
    MONITORING = "monitoring"  # kennis: how the effects will be followed


class Scope(StrEnum):
    """Who is asked a question."""

    EACH = "each"  # every participant gives their own answer (effect questions)
    TEAM = "team"  # one answer for the team is enough (intake facts); others may add theirs


@dataclass(frozen=True)
class Choice:
    """One option of a CHOICE or GROUPS question."""

    id: str
    label: LocalText


@dataclass(frozen=True)
class Question:
    """One question of the bank, identified by a stable id such as `nu.gezondheid`."""

    id: str
    section_id: str
    type: AnswerType
    text: LocalText
    help: LocalText
    scope: Scope = Scope.EACH
    theme: LocalText | None = None  # short theme label for the summary ("Gezondheid")
    dimension: Dimension | None = None  # for EFFECT questions
    role: Role | None = None
    choices: tuple[Choice, ...] = ()

    def choice(self, choice_id: str) -> Choice | None:
        """The option with this id, if the question has it."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Section:
    """A part of the framework (intake, hier en nu, later, ...), in the order it is asked."""

    id: str
    title: LocalText
    intro: LocalText
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuestionBank:
    """All sections of one bank version; questions are looked up by id in O(1)."""

    version: str
    sections: tuple[Section, ...]
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)
    _questions: tuple[Question, ...] = field(init=False, repr=False, compare=False)
    _positions: dict[str, int] = field(init=False, repr=False, compare=False)
    _ids: frozenset[str] = field(init=False, repr=False, compare=False)
    _sections: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built once: every answer turn walks the questions (docs/PERFORMANCE.md).
        questions = tuple(q for s in self.sections for q in s.questions)
        object.__setattr__(self, "_questions", questions)
        object.__setattr__(self, "_by_id", {q.id: q for q in questions})
        object.__setattr__(self, "_positions", {q.id: i for i, q in enumerate(questions, 1)})
        object.__setattr__(self, "_ids", frozenset(q.id for q in questions))
        object.__setattr__(self, "_sections", {s.id: s for s in self.sections})

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order it is asked."""
        return self._questions

    @property
    def question_ids(self) -> frozenset[str]:
        """The ids of every question."""
        return self._ids

    def position(self, question_id: str) -> int:
        """1-based place of a question in the bank (0 when it is not in it)."""
        return self._positions.get(question_id, 0)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None if the bank does not have it."""
        return self._by_id.get(question_id)

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or None."""
        return self._sections.get(section_id)

    def by_role(self, role: Role) -> tuple[Question, ...]:
        """Questions that play `role` in the summary."""
        return tuple(q for q in self.questions if q.role == role)
