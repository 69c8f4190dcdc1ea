"""Teamwork around an assessment: participants, assignments, deadline, pausing, the card.

Each method is one short transaction, like the assessment service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.models import Assessment, AssessmentStatus, Assignment, Participant, utcnow
from domain.parts import Part
from domain.records import Person


@dataclass(frozen=True)
class Added:
    """One person named as participant, and whether they were new."""

    person: Person
    new: bool


class TeamService:
    """Who takes part, who does which part, and when reminders go out."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    def _session(self) -> Session:
        return Session(self._engine, expire_on_commit=False)

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

    def set_deadline(self, assessment: Assessment, deadline: date | None) -> None:
        """Set (or with None remove) the day answers are due."""
        self._update_assessment(assessment, deadline=deadline)

    def pause_team(self, assessment: Assessment, paused: bool) -> bool:
        """Pause or resume all reminders of the assessment; False when nothing changed.

        Refused for a closed assessment (AssessmentClosed is raised by the caller's check).
        """
        return self._update_assessment(assessment, reminders_paused=paused, only_if_changed=True)

    def pause_person(self, assessment: Assessment, person: Person, paused: bool) -> bool | None:
        """Pause or resume one person's reminders; None when they do not take part."""
        ids = [i for i in (person.user_id, person.account_id) if i]
        with self._session() as session:
            row = session.exec(
                select(Participant).where(
                    Participant.assessment_id == assessment.id,
                    sa.or_(col(Participant.user_id).in_(ids), col(Participant.account_id).in_(ids)),
                )
            ).first()
            if row is None:
                return None
            changed = row.reminders_paused != paused
            row.reminders_paused = paused
            session.add(row)
            session.commit()
        return changed

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

    def _update_assessment(
        self, assessment: Assessment, *, only_if_changed: bool = False, **values: Any
    ) -> bool:
        conditions = [col(Assessment.id) == assessment.id]
        conditions.append(col(Assessment.status) == AssessmentStatus.OPEN)
        if only_if_changed:
            for name, value in values.items():
                conditions.append(getattr(Assessment, name) != value)
        with self._session() as session:
            result = session.execute(sa.update(Assessment).where(*conditions).values(**values))
            session.commit()
        changed = bool(cast(CursorResult[Any], result).rowcount)
        if changed:
            for name, value in values.items():
                setattr(assessment, name, value)
        return changed
