"""Slack deliveries already seen, in the database, so a retried event is handled once.

Slack retries an event (same `event_id`, with `X-Slack-Retry-Num`) when it did not get a
quick 200, and a delivery may reach any of several bot processes or a restarted one. The
first process to insert the key wins; every other attempt sees the unique key and skips.
Keys are kept for an hour: Slack's retries stop within minutes, and a replayed request
older than the 5-minute signature window is refused before it gets here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel

log = logging.getLogger(__name__)

KEEP_FOR = timedelta(hours=1)


class SlackDelivery(SQLModel, table=True):
    """One Slack event or interaction that a bot process has taken on."""

    __tablename__ = "slack_delivery"

    key: str = Field(sa_column=sa.Column(sa.String(255), primary_key=True))
    received_at: datetime = Field(
        sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True)
    )


_TABLE: sa.Table = SlackDelivery.__table__  # type: ignore[attr-defined]


class DeliveryLog:
    """Claims delivery keys; a key can be claimed once, by one process."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    def claim(self, key: str) -> bool:
        """True for the first delivery of `key`, False for a retry or replay of it."""
        now = self._clock()
        try:
            with self._engine.begin() as connection:
                connection.execute(sa.insert(_TABLE).values(key=key[:255], received_at=now))
        except IntegrityError:
            return False
        self._forget_before(now - KEEP_FOR)
        return True

    def _forget_before(self, moment: datetime) -> None:
        """Delete old keys (an indexed range delete, cheap enough to run on each claim)."""
        with self._engine.begin() as connection:
            removed = connection.execute(
                sa.delete(_TABLE).where(_TABLE.c.received_at < moment)
            ).rowcount
        if removed:
            log.debug("old slack deliveries removed", extra={"event": "slack_deliveries_pruned"})
