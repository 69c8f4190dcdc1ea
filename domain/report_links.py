"""Report links: unguessable tokens that open an assessment's report, and their revocation.

A token is `secrets.token_urlsafe(32)` (256 bits). Only its sha256 is stored, so the
database alone opens no report. A link never expires on its own; `intrekken` revokes
every link of the conversation's rounds, and a revoked or unknown token finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Session, col, select

from domain.models import Assessment, ReportLink, utcnow

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything far off that is not one of ours.
_TOKEN_LENGTHS = range(40, 48)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OpenedLink:
    """What a valid token opens: the assessment, in the language the link was made in."""

    assessment: Assessment
    language: str


class ReportLinks:
    """Creates, resolves and revokes report links; each call is one short transaction."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    def create(self, assessment: Assessment, language: str) -> str:
        """A new token for this assessment's report; returned once, stored only hashed."""
        assert assessment.id is not None
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with Session(self._engine) as session:
            session.add(
                ReportLink(
                    assessment_id=assessment.id,
                    token_hash=hash_token(token),
                    language="en" if language == "en" else "nl",
                    created_at=self._clock(),
                )
            )
            session.commit()
        return token

    def open(self, token: str) -> OpenedLink | None:
        """The assessment behind a live token; None for unknown, malformed or revoked."""
        if len(token) not in _TOKEN_LENGTHS:
            return None
        with Session(self._engine, expire_on_commit=False) as session:
            row = session.exec(
                select(ReportLink, Assessment)
                .join(Assessment, col(Assessment.id) == col(ReportLink.assessment_id))
                .where(
                    col(ReportLink.token_hash) == hash_token(token),
                    col(ReportLink.revoked_at).is_(None),
                )
            ).first()
        if row is None:
            return None
        link, assessment = row
        return OpenedLink(assessment, link.language)

    def revoke_conversation(self, conversation_key: str) -> int:
        """Revoke every live link to any round of this conversation; returns how many."""
        rounds = sa.select(col(Assessment.id)).where(
            col(Assessment.conversation_key) == conversation_key
        )
        with Session(self._engine) as session:
            result = session.execute(
                sa.update(ReportLink)
                .where(
                    col(ReportLink.assessment_id).in_(rounds),
                    col(ReportLink.revoked_at).is_(None),
                )
                .values(revoked_at=self._clock())
            )
            session.commit()
        return int(cast(CursorResult[Any], result).rowcount)
