"""SQLModel tables: assessments, participants, answers (with history), skips, report links.

Answers live in their own rows rather than in bot conversation state, so that
teammates answering at the same moment never collide on one document's e_tag.
"""

from __future__ import annotations

from datetime import UTC, datetime

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

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    # The conversation without Teams' ";messageid=..." thread suffix: one key per channel.
    conversation_key: str = Field(sa_column=sa.Column(sa.String(512), nullable=False, index=True))
    # Set to conversation_key while the assessment runs and cleared when it closes: the
    # unique constraint makes "one running assessment per conversation" hold even when two
    # people type `start` at the same moment in several bot processes.
    running_key: str | None = Field(
        default=None, sa_column=sa.Column(sa.String(512), unique=True, nullable=True)
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
    display_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    joined_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


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
