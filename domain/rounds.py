"""Starting and closing: a project's rounds from `start` to `afronden` and `verwijder`.

Start an assessment (refused when one of that name runs here), start a new round of a
closed one (`herhaal`), close it, count and delete a project with every round, and the
retention that deletes old closed rounds. Its own part because these are the moments a
round's life changes; each is one transaction, and a delete clears the stores outside the
domain that name the project (`forget`) in that same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.assessment import (
    AlreadyRunning,
    AssessmentClosed,
    ConversationRef,
    StillRunning,
    new_public_id,
    normalise_project_name,
)
from domain.deletion import DeletedProject, Forget, ProjectSize, delete_rounds, round_ids, size_of
from domain.models import Assessment, AssessmentStatus, CoOwner, Participant
from domain.records import Person
from domain.store import Lookups, Store


class Rounds:
    """Start, re-assess, close and delete; which round of its project an assessment is."""

    def __init__(self, store: Store, forget: Sequence[Forget] = ()) -> None:
        """`forget`: stores outside the domain that name assessments by public id (a
        person's memory); a delete clears them in its own transaction."""
        self._store = store
        self._engine = store.engine
        self.bank = store.bank
        self._clock = store.clock
        self._forget = tuple(forget)
        self._find = Lookups(store)

    def previous_round(self, assessment: Assessment) -> Assessment | None:
        """The round this one re-assesses, if any."""
        if assessment.previous_assessment_id is None:
            return None
        with self._store.session() as session:
            return session.get(Assessment, assessment.previous_assessment_id)

    def round_number(self, assessment: Assessment) -> int:
        """1 for a first assessment, 2 for its first re-assessment, and so on."""
        number, seen = 1, {assessment.id}
        current = self.previous_round(assessment)
        while current is not None and current.id not in seen:  # a cycle cannot happen; be safe
            number += 1
            seen.add(current.id)
            current = self.previous_round(current)
        return number

    # -- changing ---------------------------------------------------------------------

    def reassess(
        self, where: ConversationRef, previous: Assessment, starter: Person, language: str
    ) -> Assessment:
        """Start a new round of a closed assessment's project, linked to that round."""
        if previous.status != AssessmentStatus.CLOSED:
            raise StillRunning(previous)
        return self.start(where, previous.project_name, starter, language, previous_id=previous.id)

    def start(
        self,
        where: ConversationRef,
        project_name: str,
        starter: Person,
        language: str,
        *,
        previous_id: int | None = None,
    ) -> Assessment:
        """Start an assessment; refuse when one of that name runs here (also under a race)."""
        name = normalise_project_name(project_name)
        now = self._clock()
        assessment = Assessment(
            public_id=new_public_id(),
            channel=where.channel,
            conversation_key=where.conversation_key,
            running_name=name.lower(),
            thread_id=where.thread_id,
            service_url=where.service_url,
            tenant_id=where.tenant_id,
            project_name=name,
            starter_id=starter.user_id,
            starter_account_id=starter.account_id,
            starter_name=starter.name,
            language=language,
            bank_version=self.bank.version,
            created_at=now,
            previous_assessment_id=previous_id,
        )
        with self._store.session() as session:
            session.add(assessment)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                existing = next(
                    (
                        a
                        for a in self._find.running_all(where.conversation_key)
                        if a.running_name == name.lower()
                    ),
                    None,
                )
                if existing is None:  # closed in between: let the user simply try again
                    raise
                raise AlreadyRunning(existing) from None
            assert assessment.id is not None
            session.add(
                Participant(
                    assessment_id=assessment.id,
                    user_id=starter.user_id,
                    account_id=starter.account_id,
                    display_name=starter.name,
                    joined_at=now,
                    language=language,
                )
            )
            if previous_id is not None:
                _carry_owners(session, previous_id, assessment.id, starter, now)
            session.commit()
        return assessment

    def close(self, assessment: Assessment) -> Assessment:
        """Close the assessment; answers are kept, new ones are refused."""
        assert assessment.id is not None
        with self._store.session() as session:
            fresh = session.get(Assessment, assessment.id)
            if fresh is None or fresh.status == AssessmentStatus.CLOSED:
                raise AssessmentClosed(fresh or assessment)
            fresh.status = AssessmentStatus.CLOSED
            fresh.running_name = None
            fresh.closed_at = self._clock()
            session.add(fresh)
            session.commit()
            return fresh

    def project_size(self, assessment: Assessment) -> ProjectSize:
        """Rounds, current answers and people of the whole project, for `verwijder`."""
        assert assessment.id is not None
        with self._engine.connect() as connection:
            return size_of(connection, round_ids(connection, assessment.id))

    def delete(self, assessment: Assessment) -> DeletedProject:
        """Delete the project: every round, and every row that names one, in one transaction.

        The rounds are found again inside the transaction (locked on PostgreSQL), so a
        round started a moment ago goes too, or waits and then finds its project gone.
        """
        assert assessment.id is not None
        with self._engine.begin() as connection:
            ids = round_ids(connection, assessment.id)
            if connection.dialect.name == "postgresql" and ids:
                connection.execute(
                    sa.select(col(Assessment.id))
                    .where(col(Assessment.id).in_(ids))
                    .with_for_update()
                )
                ids = round_ids(connection, assessment.id)
            size = size_of(connection, ids)
            rows = delete_rounds(connection, ids, self._forget)
        return DeletedProject(size, rows)

    def delete_closed_before(self, moment: datetime) -> int:
        """Retention: delete assessments closed before `moment`; returns how many.

        Round by round (a later round that is still young stays), each with every row
        that names it, as `delete` does.
        """
        with self._engine.begin() as connection:
            closed = connection.execute(
                sa.select(col(Assessment.id)).where(
                    col(Assessment.status) == AssessmentStatus.CLOSED,
                    col(Assessment.closed_at) < moment,
                )
            ).scalars()
            ids = [i for i in closed if i is not None]
            removed = delete_rounds(connection, ids, self._forget)
        return removed.get(Assessment.__tablename__, 0)

    # -- reading ----------------------------------------------------------------------


def _carry_owners(
    session: Session, previous_id: int, assessment_id: int, starter: Person, now: datetime
) -> None:
    """A new round keeps who may decide over the project: the last round's starter and
    co-owners become co-owners of this one (its own starter is owner already)."""
    previous = session.get(Assessment, previous_id)
    if previous is None:
        return
    owners = {
        row.account_id: row.display_name
        for row in session.exec(select(CoOwner).where(CoOwner.assessment_id == previous_id))
    }
    earlier_starter = previous.starter_account_id or previous.starter_id
    owners.setdefault(earlier_starter, previous.starter_name)
    for account_id, name in owners.items():
        if starter.is_one_of({account_id}):
            continue
        session.add(
            CoOwner(
                assessment_id=assessment_id,
                account_id=account_id,
                display_name=name,
                added_at=now,
            )
        )
