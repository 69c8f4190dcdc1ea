"""Coverage: answers given out of answers asked, for the team and per person.

Issue 16's rule: a question counts as answered once *someone* answered it only for team
questions (intake facts); every other question is asked of each participant it is offered
to (not assigned to someone else). So "78 van 93 antwoorden; Chris 10 van 29", never
"100 %" while a colleague still has questions open. `afronden` asks before closing while
answers are open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.parts import offered_to
from domain.records import AnswerRecord, ParticipantRecord, Person
from questions.model import QuestionBank, Scope


@dataclass(frozen=True)
class PersonCoverage:
    """One participant: how many answers were asked of them and how many they gave."""

    user_id: str
    name: str
    asked: int
    given: int

    @property
    def open(self) -> int:
        """Answers still open for this person."""
        return self.asked - self.given


@dataclass(frozen=True)
class Coverage:
    """The team's answers given out of answers asked; team questions counted once."""

    asked: int
    given: int
    people: tuple[PersonCoverage, ...]  # in the order they joined

    @property
    def open(self) -> int:
        """Answers still open in the whole team."""
        return self.asked - self.given

    def with_open(self) -> list[PersonCoverage]:
        """The people with answers open, most open first (then in the order they joined)."""
        return sorted((p for p in self.people if p.open > 0), key=lambda p: -p.open)


def coverage(
    bank: QuestionBank,
    participants: Sequence[ParticipantRecord],
    answers: Iterable[AnswerRecord],
    assignees: Mapping[str, set[str]],
) -> Coverage:
    """Coverage from current answers; people who left the team are not counted.

    A team question is asked of everyone it is offered to until someone answers it; then
    it counts once, for the team, and is no longer open for the others.
    """
    current = [a for a in answers if a.current]
    answered_by_anyone = {a.question_id for a in current}
    people = []
    each_asked = each_given = 0
    team_offered: set[str] = set()
    for participant in participants:
        if participant.left:
            continue
        ids = participant.ids()
        person = Person(participant.user_id, participant.display_name, participant.account_id)
        mine = {a.question_id for a in current if a.author_id in ids}
        offered = [q for q in bank.questions if offered_to(q.id, person, assignees)]
        # A team question someone else answered is no longer asked of this person.
        asked = [
            q
            for q in offered
            if not (q.scope is Scope.TEAM and q.id in answered_by_anyone and q.id not in mine)
        ]
        people.append(
            PersonCoverage(
                participant.user_id,
                participant.display_name,
                asked=len(asked),
                given=sum(1 for q in asked if q.id in mine),
            )
        )
        each = [q for q in offered if q.scope is not Scope.TEAM]
        each_asked += len(each)
        each_given += sum(1 for q in each if q.id in mine)
        team_offered |= {q.id for q in offered if q.scope is Scope.TEAM}
    team_asked = team_offered | {
        q.id for q in bank.questions if q.scope is Scope.TEAM and q.id in answered_by_anyone
    }
    return Coverage(
        asked=each_asked + len(team_asked),
        given=each_given + len(team_asked & answered_by_anyone),
        people=tuple(people),
    )
