"""Plain, storage-free views of stored answers: what the analysis and the views consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.names import without_hidden
from domain.scale import Certainty, Effect


@dataclass(frozen=True)
class AnswerRecord:
    """One participant's current answer to one question.

    EFFECT questions fill `effect` (and usually `certainty`); TEXT questions fill `text`;
    CHOICE and GROUPS questions fill `choices` (option ids). `explanation` is free text
    for every type.
    """

    question_id: str
    author_id: str
    author_name: str
    answered_at: datetime
    effect: Effect | None = None
    certainty: Certainty | None = None
    explanation: str = ""
    text: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)
    current: bool = True  # False for an earlier answer the author has since replaced


@dataclass(frozen=True)
class ParticipantRecord:
    """Someone who took part in an assessment."""

    user_id: str
    display_name: str
    joined_at: datetime
    account_id: str = ""  # the channel account id, for 1:1 chats and @mentions
    language: str | None = None  # the language they last used with the bot
    paused: bool = False  # paused their own reminders
    left: bool = False  # turned out to have left the team

    def ids(self) -> set[str]:
        """Every id this participant is known by."""
        return {self.user_id, self.account_id} - {""}


@dataclass(frozen=True)
class Person:
    """Who is acting: a stable id from the channel and a display name."""

    user_id: str  # stable identity: Teams AAD object id, Slack user id
    name: str
    account_id: str = ""  # the channel's own account id (Teams "29:…"), used by @mentions

    def __post_init__(self) -> None:
        # A display name comes from the directory, not from the person typing: characters
        # that turn text around or hide it are dropped silently (domain/names.py), so no
        # name reads differently in a card, the summary or the report.
        visible, changed = without_hidden(self.name)
        if changed:
            object.__setattr__(self, "name", " ".join(visible.split()) or self.user_id)

    def is_one_of(self, ids: set[str]) -> bool:
        """True when this person's user id or account id is among `ids`."""
        return self.user_id in ids or (bool(self.account_id) and self.account_id in ids)
