"""Reminders planned in the database and handed out to bot processes exactly once.

The default rhythm, from the deadline: a reminder two working days before it and one on
the deadline morning, both at 09:00 Dutch time, and only to participants who still have
open questions. The starter can add one (`herinner`), now or at a set moment. Nothing is
sent outside working hours (see working_time); a reminder that falls due then waits for
the next working morning, and one for a deadline already passed is dropped.

How "exactly once" holds with several processes on one database:

1. A due reminder is *expanded*: one process claims its row (PostgreSQL: `SELECT … FOR
   UPDATE SKIP LOCKED`, so others pass it by instead of waiting; SQLite has one writer,
   and the conditional `UPDATE … WHERE status = 'pending'` below is the claim on both)
   and, in the same transaction, writes one delivery row per person to remind.
2. Each delivery is claimed the same way (pending → sending) and committed *before* the
   message is sent, then marked sent (or failed/skipped) after.

A restart loses nothing: planned reminders and unsent deliveries are rows, picked up by
whichever process runs next. A process that dies between claiming a delivery and
recording it leaves it in `sending`; after LEASE it is marked `uncertain` and never sent
again. That is the one choice to make, and we choose at most once: the message may or
may not have gone out, and a second copy of a reminder annoys more than a missing one
(the next reminder, the progress card and `status` still tell people what is open).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from domain.answering import Answering
from domain.models import (
    Assessment,
    AssessmentStatus,
    DeliveryStatus,
    Participant,
    Reminder,
    ReminderDelivery,
    ReminderStatus,
    as_utc,
)
from domain.records import ParticipantRecord, Person
from domain.store import Lookups, Store
from domain.working_time import (
    REMINDER_TIME,
    at,
    end_of,
    last_working_day,
    next_send_moment,
    working_days_before,
)

log = logging.getLogger(__name__)

BEFORE = "before"  # two working days before the deadline
DEADLINE = "deadline"  # on the deadline morning
MANUAL = "manual"  # `herinner` by an owner
# The default rhythm: (kind, working days before the deadline).
DEFAULT_RHYTHM = ((BEFORE, 2), (DEADLINE, 0))
LEASE = timedelta(minutes=10)  # a delivery still "sending" after this is given up


class ReminderInPast(Exception):
    """A reminder moment or deadline that has already passed."""


@dataclass(frozen=True)
class DeliveryJob:
    """One reminder message to send now, with what it needs to say."""

    delivery_id: int
    kind: str
    assessment: Assessment
    participant: ParticipantRecord
    open_count: int


class ReminderService:
    """The deadline, pausing and resuming, planned reminders, and their delivery.

    Its own part because reminders are the one thing the bot does unasked: what a
    deadline or a pause changes is read again by the background loop, in another process
    maybe, at the moment a reminder falls due.
    """

    def __init__(self, store: Store, answering: Answering) -> None:
        self._store = store
        self._answering = answering
        self._find = Lookups(store)
        self._clock = store.clock

    def _session(self) -> Session:
        return self._store.session()

    # -- deadline and pausing ---------------------------------------------------------

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

    # -- planning ---------------------------------------------------------------------

    def plan_deadline(self, assessment: Assessment, deadline: date | None) -> list[datetime]:
        """Replace the planned rhythm with one for `deadline`; returns the planned moments.

        A deadline before today raises ReminderInPast; None only removes the plan.
        """
        now = self._clock()
        if deadline is not None and end_of(deadline) <= now:
            raise ReminderInPast()
        moments = []
        if deadline is not None:
            for kind, days in DEFAULT_RHYTHM:
                day = working_days_before(deadline, days) if days else last_working_day(deadline)
                moment = at(day, REMINDER_TIME)
                if moment > now:
                    moments.append((kind, moment))
        with self._session() as session:
            session.execute(
                sa.update(Reminder)
                .where(
                    col(Reminder.assessment_id) == assessment.id,
                    col(Reminder.status) == ReminderStatus.PENDING,
                    col(Reminder.kind).in_((BEFORE, DEADLINE)),
                )
                .values(status=ReminderStatus.CANCELLED)
            )
            for kind, moment in moments:
                session.add(self._row(assessment, kind, moment, now))
            session.commit()
        return [m for _, m in moments]

    def plan_manual(self, assessment: Assessment, moment: datetime | None = None) -> datetime:
        """An extra reminder now (or at `moment`), moved into working hours if needed."""
        now = self._clock()
        if moment is not None and moment <= now:
            raise ReminderInPast()
        due = next_send_moment(moment or now)
        with self._session() as session:
            session.add(self._row(assessment, MANUAL, due, now))
            session.commit()
        return due

    def cancel_pending(self, assessment: Assessment) -> None:
        """Drop planned reminders, e.g. when the assessment closes."""
        with self._session() as session:
            session.execute(
                sa.update(Reminder)
                .where(
                    col(Reminder.assessment_id) == assessment.id,
                    col(Reminder.status) == ReminderStatus.PENDING,
                )
                .values(status=ReminderStatus.CANCELLED)
            )
            session.commit()

    def planned(self, assessment: Assessment) -> list[datetime]:
        """The moments reminders are still planned for, earliest first."""
        with self._session() as session:
            rows = session.exec(
                select(Reminder.due_at)
                .where(
                    Reminder.assessment_id == assessment.id,
                    Reminder.status == ReminderStatus.PENDING,
                )
                .order_by(col(Reminder.due_at))
            ).all()
        return [as_utc(r) for r in rows]

    # -- handing out ------------------------------------------------------------------

    def expand_due(self, now: datetime, worker: str) -> int:
        """Turn each due reminder into deliveries, one reminder per transaction."""
        expanded = 0
        while True:
            with self._session() as session:
                reminder = session.exec(
                    select(Reminder)
                    .where(
                        Reminder.status == ReminderStatus.PENDING,
                        col(Reminder.due_at) <= now,
                    )
                    .order_by(col(Reminder.due_at), col(Reminder.id))
                    .limit(1)
                    .with_for_update(skip_locked=True)
                ).first()
                if reminder is None:
                    return expanded
                if not _claimed(
                    session,
                    sa.update(Reminder).where(
                        col(Reminder.id) == reminder.id,
                        col(Reminder.status) == ReminderStatus.PENDING,
                    ),
                    status=ReminderStatus.EXPANDED,
                    claimed_by=worker,
                    claimed_at=now,
                ):
                    session.rollback()  # another process was first (SQLite): next one
                    continue
                recipients = self._recipients(session, reminder, now)
                for user_id in recipients:
                    assert reminder.id is not None
                    session.add(
                        ReminderDelivery(
                            reminder_id=reminder.id,
                            assessment_id=reminder.assessment_id,
                            user_id=user_id,
                        )
                    )
                session.commit()
                expanded += 1
                log.info(
                    "reminder expanded",
                    extra={
                        "event": "reminder_expanded",
                        "reminder": reminder.id,
                        "recipients": len(recipients),
                    },
                )

    def claim_delivery(self, now: datetime, worker: str) -> DeliveryJob | None:
        """Claim the next pending delivery for this process; None when there is none.

        Deliveries that no longer make sense (the person answered everything, paused,
        left; the assessment closed or paused) are marked skipped on the way.
        """
        while True:
            with self._session() as session:
                delivery = session.exec(
                    select(ReminderDelivery)
                    .where(ReminderDelivery.status == DeliveryStatus.PENDING)
                    .order_by(col(ReminderDelivery.id))
                    .limit(1)
                    .with_for_update(skip_locked=True)
                ).first()
                if delivery is None:
                    return None
                if not _claimed(
                    session,
                    sa.update(ReminderDelivery).where(
                        col(ReminderDelivery.id) == delivery.id,
                        col(ReminderDelivery.status) == DeliveryStatus.PENDING,
                    ),
                    status=DeliveryStatus.SENDING,
                    claimed_by=worker,
                    claimed_at=now,
                ):
                    session.rollback()
                    continue
                session.commit()
            assert delivery.id is not None
            job, reason = self._job(delivery)
            if job is not None:
                return job
            self.finish(delivery.id, DeliveryStatus.SKIPPED, reason)

    def finish(self, delivery_id: int, status: str, outcome: str | None = None) -> None:
        """Record how a claimed delivery ended."""
        with self._session() as session:
            session.execute(
                sa.update(ReminderDelivery)
                .where(col(ReminderDelivery.id) == delivery_id)
                .values(status=status, outcome=outcome, finished_at=self._clock())
            )
            session.commit()

    def expire_stuck(self, now: datetime) -> int:
        """Deliveries a dead process left in `sending`: never sent again (at most once)."""
        with self._session() as session:
            result = session.execute(
                sa.update(ReminderDelivery)
                .where(
                    col(ReminderDelivery.status) == DeliveryStatus.SENDING,
                    col(ReminderDelivery.claimed_at) < now - LEASE,
                )
                .values(status=DeliveryStatus.UNCERTAIN, finished_at=now)
            )
            session.commit()
        count = int(cast(CursorResult[Any], result).rowcount or 0)
        if count:
            log.warning(
                "reminders left unfinished by a stopped process are not sent again",
                extra={"event": "reminder_uncertain", "count": count},
            )
        return count

    def deliveries(self, assessment: Assessment) -> list[ReminderDelivery]:
        """Every delivery of an assessment's reminders (for tests and support)."""
        with self._session() as session:
            return list(
                session.exec(
                    select(ReminderDelivery)
                    .where(ReminderDelivery.assessment_id == assessment.id)
                    .order_by(col(ReminderDelivery.id))
                ).all()
            )

    # -- helpers ----------------------------------------------------------------------

    def _row(self, assessment: Assessment, kind: str, due: datetime, now: datetime) -> Reminder:
        assert assessment.id is not None
        return Reminder(assessment_id=assessment.id, kind=kind, due_at=due, created_at=now)

    def _recipients(self, session: Session, reminder: Reminder, now: datetime) -> list[str]:
        """Who gets this reminder: participants with open questions, not paused or gone."""
        assessment = session.get(Assessment, reminder.assessment_id)
        if assessment is None or assessment.status != AssessmentStatus.OPEN:
            return []
        if assessment.reminders_paused:
            return []
        late = assessment.deadline is not None and now >= end_of(assessment.deadline)
        if reminder.kind != MANUAL and late:
            return []
        open_counts = self._answering.open_counts(assessment)
        return [
            p.user_id
            for p in self._find.participants(assessment)
            if not p.paused and not p.left and open_counts.get(p.user_id, 0) > 0
        ]

    def _job(self, delivery: ReminderDelivery) -> tuple[DeliveryJob | None, str]:
        with self._session() as session:
            assessment = session.get(Assessment, delivery.assessment_id)
            reminder = session.get(Reminder, delivery.reminder_id)
        if assessment is None or reminder is None:
            return None, "deleted"
        if assessment.status != AssessmentStatus.OPEN:
            return None, "closed"
        if assessment.reminders_paused:
            return None, "team_paused"
        participants = self._find.participants(assessment)
        participant = next((p for p in participants if p.user_id == delivery.user_id), None)
        if participant is None or participant.left:
            return None, "left"
        if participant.paused:
            return None, "paused"
        open_count = self._answering.open_counts(assessment).get(participant.user_id, 0)
        if open_count == 0:
            return None, "nothing_open"
        assert delivery.id is not None
        return DeliveryJob(delivery.id, reminder.kind, assessment, participant, open_count), ""

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


def _claimed(session: Session, update: Any, **values: Any) -> bool:
    """Run a conditional UPDATE (the claim); True when this transaction changed the row."""
    result = session.execute(update.values(**values))
    return bool(cast(CursorResult[Any], result).rowcount)
