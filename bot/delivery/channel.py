"""What a channel's room gives the rest of the bot to send with: the `ChannelSender`.

The turn logic (bot/turns/), the messenger, the outbox and the reminder scheduler speak
in view models (dialogs/views.py) and addresses; each channel's room renders the views in
its own format and talks to its own API (bot/teams/: Adaptive Cards through the Bot
Connector; bot/slack/: Block Kit through slack_sdk; bot/console/: text on the terminal).
A channel's messages are opaque here: the sender renders them, sends them, and encodes
them as JSON for the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol

from bot.storage.outbox import Failure
from dialogs.views import Address, View


class Delivery(StrEnum):
    """How a message to one person went."""

    SENT = "sent"
    UNREACHABLE = "unreachable"  # no 1:1 chat could be opened (app not installed, refused)
    LEFT = "left"  # the person is no longer in the organisation or team
    QUEUED = "queued"  # failed for now: the outbox sends it again later


class Membership(StrEnum):
    """Whether someone is in a conversation, as far as the channel will say."""

    MEMBER = "member"
    NOT_MEMBER = "not_member"
    UNKNOWN = "unknown"  # the lookup failed; treated as a member


class ChannelSender(Protocol):
    """One channel's way to send views and look members up; every call may raise the
    channel's own error, which `classify` judges (the messenger never lets it through)."""

    def render(self, views: Sequence[View], *, together: bool = False) -> list[Any]:
        """The channel's messages for the views, one per message sent.

        `together`: the views answer a turn in its own conversation, so the channel may
        join them where that saves a call (Teams: a text just before a card rides along).
        """
        ...

    def encode(self, message: Any) -> dict[str, Any]:
        """A message as JSON, for the outbox."""
        ...

    def decode(self, data: dict[str, Any]) -> Any:
        """A message the outbox kept, as `encode` wrote it."""
        ...

    async def post(self, address: Address, messages: Sequence[Any]) -> str | None:
        """Post the messages in the conversation (thread) of `address`, in order; the
        id of the last one (None when the channel gives none)."""
        ...

    async def update(self, address: Address, message_id: str, message: Any) -> None:
        """Replace a message the bot posted."""
        ...

    async def direct(self, address: Address, account_id: str, messages: Sequence[Any]) -> None:
        """Open (or reuse) the 1:1 chat with a person and send the messages there."""
        ...

    async def membership(self, address: Address, account_id: str) -> Membership:
        """Whether the person is in the conversation of `address`."""
        ...

    def classify(self, error: BaseException) -> Failure:
        """Whether an error of this channel is worth another try, and when."""
        ...
