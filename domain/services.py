"""The assessment domain's parts, built once on one engine, bank and clock.

A caller holds one `Assessments` and asks the part for what the user does: `find` (which
assessment, its records), `rounds` (starting and closing), `answering`, `team` (teamwork
and the owner guard) and `reminders`. It forwards nothing itself: each part is its own
module with its own reason (see their docstrings), and they share domain/store.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.engine import Engine

from domain.answering import Answering
from domain.deletion import Forget
from domain.models import utcnow
from domain.reminders import ReminderService
from domain.rounds import Rounds
from domain.store import Lookups, Store
from domain.team import TeamService
from questions.model import QuestionBank


class Assessments:
    """The parts of the assessment domain, sharing one store."""

    def __init__(
        self,
        engine: Engine,
        bank: QuestionBank,
        clock: Callable[[], datetime] = utcnow,
        forget: Sequence[Forget] = (),
    ) -> None:
        """`forget`: stores outside the domain that name assessments by public id (a
        person's memory); a project's delete clears them in its own transaction."""
        store = Store(engine, bank, clock)
        self.engine = engine
        self.bank = bank
        self.find = Lookups(store)
        self.rounds = Rounds(store, forget)
        self.answering = Answering(store)
        self.team = TeamService(store)
        self.reminders = ReminderService(store, self.answering)
