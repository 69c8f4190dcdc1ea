"""SQLModel tables: assessments, participants, answers (with history), skips, report links,
assignments and reminders.

Answers live in their own rows rather than in bot conversation state, so that
teammates answering at the same moment never collide on one document's e_tag.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC, so make that explicit."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AssessmentStatus:
    """The life cycle of an assessment (plain strings in the database)."""

    OPEN = "open"
    CLOSED = "closed"


class Assessment(SQLModel, table=True):
    """One run of the framework for one project in one conversation."""

    __tablename__ = "assessment"
    __table_args__ = (
        sa.UniqueConstraint("conversation_key", "running_name", name="ux_assessment_running_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    # The conversation without Teams' ";messageid=..." thread suffix: one key per channel.
    conversation_key: str = Field(sa_column=sa.Column(sa.String(512), nullable=False, index=True))
    # The project name in lower case while the assessment runs, cleared when it closes.
    # A conversation may run several assessments, but not two of the same name: the unique
    # index on (conversation_key, running_name) keeps that true even when two people type
    # the same `start` at the same moment in several bot processes.
    running_name: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(200), nullable=True)
    )
    thread_id: str = Field(sa_column=sa.Column(sa.String(512), nullable=False))
    service_url: str = Field(sa_column=sa.Column(sa.String(512), nullable=False))
    tenant_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(128)))
    project_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    status: str = Field(default=AssessmentStatus.OPEN, sa_column=sa.Column(sa.String(16)))
    starter_id: str = Field(sa_column=sa.Column(sa.String(256), nullable=False))
    # The starter's channel account id, so ownership also matches where only that is known.
    starter_account_id: str = Field(
        default="", sa_column=sa.Column(sa.String(256), nullable=False, server_default="")
    )
    starter_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    language: str = Field(default="nl", sa_column=sa.Column(sa.String(8), nullable=False))
    bank_version: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    created_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    closed_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    # A re-assessment ("herhaal") points at the round before it, so the summary can say
    # what changed; deleting the earlier round keeps the later one (the link goes empty).
    previous_assessment_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("assessment.id", ondelete="SET NULL"), nullable=True
        ),
    )
    # The one progress card in the channel, updated in place: where it was posted and
    # the id the channel gave it (Teams activity id, Slack ts). None until it is posted.
    progress_conversation_id: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(512), nullable=True)
    )
    progress_activity_id: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(256), nullable=True)
    )
    # The day answers are due (a date in Europe/Amsterdam); reminders are planned from it.
    deadline: date | None = Field(default=None, sa_column=sa.Column(sa.Date, nullable=True))
    # An owner paused all reminders of this assessment (`pauze team`).
    reminders_paused: bool = Field(
        default=False,
        sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()),
    )


class Participant(SQLModel, table=True):
    """Someone who answered (or started) an assessment."""

    __tablename__ = "participant"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False
        )
    )
    # Teams: the AAD object id when present, else the channel account id; Slack: user id.
    user_id: str = Field(sa_column=sa.Column(sa.String(256), nullable=False))
    # The channel account id (Teams "29:…", Slack "U…"): what a 1:1 chat is opened with,
    # and how a teammate named by @mention is recognised when they first act.
    account_id: str = Field(
        default="", sa_column=sa.Column(sa.String(256), nullable=False, server_default="")
    )
    display_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    joined_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    # The language this person last used with the bot; reminders are written in it.
    language: str | None = Field(default=None, sa_column=sa.Column(sa.String(8), nullable=True))
    # The person paused their own reminders for this assessment (`pauze`).
    reminders_paused: bool = Field(
        default=False,
        sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()),
    )
    # Set when the person turned out to have left the team: no more reminders to them.
    left_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class Answer(SQLModel, table=True):
    """One answer by one person to one question; earlier versions stay with current=False."""

    __tablename__ = "answer"
    __table_args__ = (
        # At most one current answer per person per question, enforced by the database.
        sa.Index(
            "ux_answer_current",
            "assessment_id",
            "question_id",
            "author_id",
            unique=True,
            sqlite_where=sa.text("current"),
            postgresql_where=sa.text("current"),
        ),
        sa.Index("ix_answer_assessment", "assessment_id", "current"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False
        )
    )
    question_id: str = Field(sa_column=sa.Column(sa.String(128), nullable=False))
    author_id: str = Field(sa_column=sa.Column(sa.String(256), nullable=False))
    author_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    effect: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    certainty: str | None = Field(default=None, sa_column=sa.Column(sa.String(16)))
    explanation: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    text: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    # Option ids of CHOICE/GROUPS answers, comma separated (ids never contain commas).
    choices: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    answered_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    current: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))


class Skip(SQLModel, table=True):
    """A question someone chose to skip for now; `volgende` passes it by."""

    __tablename__ = "skip"

    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    user_id: str = Field(sa_column=sa.Column(sa.String(256), primary_key=True))
    question_id: str = Field(sa_column=sa.Column(sa.String(128), primary_key=True))
    # Skipped questions come back, least recently skipped first, once the rest is done.
    skipped_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class CoOwner(SQLModel, table=True):
    """Someone the starter named as co-owner: may close, delete, assign and revoke too."""

    __tablename__ = "co_owner"

    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    # The channel account id (Teams "29:…", Slack "U…"): what an @mention carries.
    account_id: str = Field(sa_column=sa.Column(sa.String(256), primary_key=True))
    display_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    added_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class ReportLink(SQLModel, table=True):
    """An unguessable link to the report of one assessment; only its sha256 is stored.

    Whoever holds the token can read the report, so the token itself never touches the
    database: a leaked database dump does not open any report. Revoked links stay as rows
    (with revoked_at) so that a revoke is visible afterwards.
    """

    __tablename__ = "report_link"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), unique=True, nullable=False))
    # The report opens in the language of the summary the link came with.
    language: str = Field(default="nl", sa_column=sa.Column(sa.String(8), nullable=False))
    created_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class Assignment(SQLModel, table=True):
    """A part of the bank (a section or one theme) the starter gave to a teammate.

    Assigned parts are offered to their assignees only; unassigned parts stay open to all.
    """

    __tablename__ = "assignment"

    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("assessment.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    # "section:<section id>" or "question:<question id>" (a theme is one question).
    part: str = Field(sa_column=sa.Column(sa.String(160), primary_key=True))
    user_id: str = Field(sa_column=sa.Column(sa.String(256), primary_key=True))
    account_id: str = Field(
        default="", sa_column=sa.Column(sa.String(256), nullable=False, server_default="")
    )
    display_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    assigned_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class ReminderStatus:
    """A planned reminder: pending until due, then expanded into one delivery per person."""

    PENDING = "pending"
    EXPANDED = "expanded"
    CANCELLED = "cancelled"


class DeliveryStatus:
    """One reminder message to one person.

    pending → sending (claimed by one process) → sent | failed | skipped. A delivery
    left in `sending` by a process that died is never sent again (`uncertain`): a
    reminder is sent at most once, see domain/reminders.py.
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNCERTAIN = "uncertain"


class Reminder(SQLModel, table=True):
    """A reminder planned in the database, sent by whichever bot process claims it first."""

    __tablename__ = "reminder"
    __table_args__ = (sa.Index("ix_reminder_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False
        )
    )
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))  # before|deadline|manual
    due_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    status: str = Field(
        default=ReminderStatus.PENDING, sa_column=sa.Column(sa.String(16), nullable=False)
    )
    created_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    claimed_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class ReminderDelivery(SQLModel, table=True):
    """The reminder message for one participant; claimed, then recorded as sent."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (
        sa.UniqueConstraint("reminder_id", "user_id", name="ux_delivery_person"),
        sa.Index("ix_delivery_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("reminder.id", ondelete="CASCADE"), nullable=False
        )
    )
    assessment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False
        )
    )
    user_id: str = Field(sa_column=sa.Column(sa.String(256), nullable=False))
    status: str = Field(
        default=DeliveryStatus.PENDING, sa_column=sa.Column(sa.String(16), nullable=False)
    )
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    claimed_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    finished_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    # Why it was not sent (not_installed, left, no_open_questions, paused, ...); no content.
    outcome: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
