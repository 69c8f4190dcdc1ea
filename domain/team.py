"""Teamwork: who takes part, who does which part, who may decide, and the team's card.

Its own part because these are the owners' tools (add people, assign parts, name
co-owners) and the one owner guard they all pass (`check_owner`: only the starter or a
co-owner, only while the round is open), so that the rule is written once. Each method is
one short transaction (domain/store.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.assessment import AssessmentClosed, NotOwner
from domain.models import Assessment, AssessmentStatus, Assignment, CoOwner, Participant
from domain.parts import Part
from domain.records import Person
from domain.store import Lookups, Store


@dataclass(frozen=True)
class Added:
    """One person named as participant, and whether they were new."""

    person: Person
    new: bool


class TeamService:
    """Who takes part, who does which part, who owns the assessment."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._clock = store.clock
        self._find = Lookups(store)

    def _session(self) -> Session:
        return self._store.session()

    # -- who may decide -------------------------------------------------------------------

    def check_owner(
        self,
        assessment: Assessment,
        person: Person,
        *,
        while_open: bool = True,
        whole_project: bool = False,
    ) -> None:
        """The owner guard every owner action passes, and the one place it is written.

        Only the starter or a co-owner they named may act; with `whole_project` (deleting
        takes every round) only someone who owns each round of the project; with
        `while_open` only while the round is open. Raises NotOwner (first) or
        AssessmentClosed; it reads, and changes nothing.
        """
        if whole_project:
            not_owned = self.owns_project(assessment, person)
            if not_owned is not None:
                raise NotOwner(not_owned)
        elif not self.is_owner(assessment, person):
            raise NotOwner(assessment)
        if while_open and assessment.status != AssessmentStatus.OPEN:
            raise AssessmentClosed(assessment)

    def is_owner(self, assessment: Assessment, person: Person) -> bool:
        """The starter and the co-owners they named may close, delete and hand out roles."""
        starter_ids = {assessment.starter_id, assessment.starter_account_id} - {""}
        if person.is_one_of(starter_ids):
            return True
        with self._store.session() as session:
            owners = session.exec(
                select(CoOwner.account_id).where(CoOwner.assessment_id == assessment.id)
            ).all()
        return person.is_one_of(set(owners))

    def owns_project(self, assessment: Assessment, person: Person) -> Assessment | None:
        """None when the person owns every round of the project; else a round they do not
        own (its starter is the one to ask)."""
        for round_ in self._find.project_rounds(assessment):
            if not self.is_owner(round_, person):
                return round_
        return None

    def add_co_owner(self, assessment: Assessment, account_id: str, name: str) -> bool:
        """Name a co-owner; False when they already were one."""
        assert assessment.id is not None
        with self._store.session() as session:
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

    # -- who takes part -------------------------------------------------------------------

    def is_participant(self, assessment: Assessment, person: Person) -> bool:
        """True when the person takes part (named or answered) in the assessment."""
        return any(person.is_one_of(p.ids()) for p in self._find.participants(assessment))

    def add_participants(self, assessment: Assessment, people: Iterable[Person]) -> list[Added]:
        """Name people as participants; someone who had left and is named again is back."""
        assert assessment.id is not None
        now = self._clock()
        result = []
        with self._session() as session:
            for person in people:
                ids = [i for i in (person.user_id, person.account_id) if i]
                row = session.exec(
                    select(Participant).where(
                        Participant.assessment_id == assessment.id,
                        sa.or_(
                            col(Participant.user_id).in_(ids), col(Participant.account_id).in_(ids)
                        ),
                    )
                ).first()
                if row is None:
                    session.add(
                        Participant(
                            assessment_id=assessment.id,
                            user_id=person.user_id,
                            account_id=person.account_id,
                            display_name=person.name,
                            joined_at=now,
                        )
                    )
                    result.append(Added(person, new=True))
                    continue
                if row.user_id == row.account_id and person.user_id != person.account_id:
                    row.user_id = person.user_id  # the AAD id is known now
                row.left_at = None
                session.add(row)
                result.append(Added(person, new=False))
            session.commit()
        return result

    def assign(self, assessment: Assessment, part: Part, person: Person) -> bool:
        """Give a part to a person (a participant already); False when it already was theirs."""
        assert assessment.id is not None
        with self._session() as session:
            session.add(
                Assignment(
                    assessment_id=assessment.id,
                    part=part.key,
                    user_id=person.user_id,
                    account_id=person.account_id,
                    display_name=person.name,
                    assigned_at=self._clock(),
                )
            )
            try:
                session.commit()
            except IntegrityError:
                return False
        return True

    def mark_left(self, assessment_id: int, user_id: str) -> None:
        """The person left the team: keep their answers, stop reminding them."""
        with self._session() as session:
            session.execute(
                sa.update(Participant)
                .where(
                    col(Participant.assessment_id) == assessment_id,
                    col(Participant.user_id) == user_id,
                )
                .values(left_at=self._clock())
            )
            session.commit()

    def record_progress_card(self, public_id: str, conversation_id: str, activity_id: str) -> None:
        """Remember the progress card the bot posted, to update it in place later."""
        with self._session() as session:
            session.execute(
                sa.update(Assessment)
                .where(col(Assessment.public_id) == public_id)
                .values(progress_conversation_id=conversation_id, progress_activity_id=activity_id)
            )
            session.commit()
