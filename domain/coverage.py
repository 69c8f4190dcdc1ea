"""How much of what the team was asked has been answered: answers given out of answers asked.

A question counts as answered only for the people who answered it. "100 % answered"
while a colleague left 16 of his questions open would tell the college something the
team did not do, so the summary, `status` and `afronden` count this way:

- a question for each participant ("scope: each") is asked once per participant it is
  offered to (an assigned part only to its assignees);
- a team question ("scope: team", the intake facts) is asked once, and is given as soon
  as anyone answered it;
- someone who left the team is asked only what they answered before they left.

Pure domain code: no SDK, no database, no language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.parts import offered_to
from domain.records import AnswerRecord, ParticipantRecord, Person
from questions.model import LocalText, QuestionBank, Scope


@dataclass(frozen=True)
class OpenPart:
    """A section in which one person still has questions open."""

    section_id: str
    title: LocalText
    open: int


@dataclass(frozen=True)
class PersonCoverage:
    """One participant's own questions: how many they answered out of how many they got."""

    user_id: str
    name: str
    given: int
    asked: int
    open_parts: tuple[OpenPart, ...]  # sections with open questions, in bank order
    team_given: int = 0  # team questions this person answered (counted for the team)

    @property
    def open(self) -> int:
        """Questions still open for this person."""
        return self.asked - self.given


@dataclass(frozen=True)
class SectionCoverage:
    """Answers given out of answers asked in one section, for the whole team."""

    section_id: str
    given: int
    asked: int


@dataclass(frozen=True)
class Coverage:
    """Answers given out of answers asked, for the team and per person."""

    given: int
    asked: int
    team_given: int  # team questions answered by anyone
    team_asked: int  # team questions (each asked once)
    people: tuple[PersonCoverage, ...]  # in the order they joined
    sections: tuple[SectionCoverage, ...] = ()  # in bank order

    @property
    def open(self) -> int:
        """Answers still open in the whole team."""
        return self.asked - self.given

    @property
    def share(self) -> float:
        """given / asked, 0..1 (0 when nothing was asked)."""
        return self.given / self.asked if self.asked else 0.0

    @property
    def complete(self) -> bool:
        """Everything asked has an answer (and something was asked)."""
        return self.asked > 0 and self.given >= self.asked

    @property
    def with_open(self) -> tuple[PersonCoverage, ...]:
        """The people who still have questions open, most open first (then join order)."""
        busy = [p for p in self.people if p.open > 0]
        return tuple(sorted(busy, key=lambda p: -p.open))


def answered_ids(answers: Iterable[AnswerRecord]) -> dict[str, set[str]]:
    """Author id -> the question ids they answered (current answers)."""
    found: dict[str, set[str]] = {}
    for answer in answers:
        found.setdefault(answer.author_id, set()).add(answer.question_id)
    return found


def coverage(
    bank: QuestionBank,
    by_author: Mapping[str, Iterable[str]],
    participants: Sequence[ParticipantRecord],
    assignees: Mapping[str, set[str]] | None = None,
) -> Coverage:
    """Count answers given out of answers asked (see the module docstring for the rules).

    `by_author`: author id -> the questions they answered (current answers that count,
    see `answered_ids`); `assignees`: question id -> the ids it is assigned to.
    """
    assigned = assignees or {}
    anyone = {qid for ids in by_author.values() for qid in ids}
    team_questions = [q for q in bank.questions if q.scope is Scope.TEAM]
    each_questions = [q for q in bank.questions if q.scope is not Scope.TEAM]
    team_given = sum(1 for q in team_questions if q.id in anyone)
    asked_in: dict[str, int] = {}
    given_in: dict[str, int] = {}
    for question in team_questions:
        asked_in[question.section_id] = asked_in.get(question.section_id, 0) + 1
        given_in[question.section_id] = given_in.get(question.section_id, 0) + (
            question.id in anyone
        )

    people = []
    for participant in participants:
        mine: set[str] = set()
        for identity in participant.ids():
            mine.update(by_author.get(identity, ()))
        person = Person(participant.user_id, participant.display_name, participant.account_id)
        if participant.left:
            asked_ids = [q for q in each_questions if q.id in mine]
        else:
            asked_ids = [q for q in each_questions if offered_to(q.id, person, assigned)]
        open_by_section: dict[str, int] = {}
        for question in asked_ids:
            section_id = question.section_id
            asked_in[section_id] = asked_in.get(section_id, 0) + 1
            if question.id in mine:
                given_in[section_id] = given_in.get(section_id, 0) + 1
            else:
                open_by_section[section_id] = open_by_section.get(section_id, 0) + 1
        open_parts = tuple(
            OpenPart(section.id, section.title, open_by_section[section.id])
            for section in bank.sections
            if section.id in open_by_section
        )
        given = sum(1 for q in asked_ids if q.id in mine)
        people.append(
            PersonCoverage(
                user_id=participant.user_id,
                name=participant.display_name or participant.user_id,
                given=given,
                asked=len(asked_ids),
                open_parts=open_parts,
                team_given=sum(1 for q in team_questions if q.id in mine),
            )
        )
    return Coverage(
        given=team_given + sum(p.given for p in people),
        asked=len(team_questions) + sum(p.asked for p in people),
        team_given=team_given,
        team_asked=len(team_questions),
        people=tuple(people),
        sections=tuple(
            SectionCoverage(s.id, given_in.get(s.id, 0), asked_in.get(s.id, 0))
            for s in bank.sections
        ),
    )
