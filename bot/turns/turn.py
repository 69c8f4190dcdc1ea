"""One turn as every channel gives it: who, where, what was said or clicked, and how to
answer. A channel's edge translates its own input into a `Turn` and implements `Answer`;
the turn logic (bot/turns/runner.py) needs nothing else of the channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.delivery.channel import ChannelSender
from bot.storage.delivery_claims import DeliveryClaim
from dialogs.views import Address
from domain.assessment import ConversationRef
from domain.records import Person


@dataclass(frozen=True)
class Turn:
    """A message, a click or an invoke, reduced to what the conversation needs."""

    person: Person  # who; `account_id` is the channel's account (to open a 1:1 chat)
    where: ConversationRef  # the conversation, with the thread it was posted in
    text: str = ""  # plain text: the edge removed its channel's markup and the bot's mention
    markup_removed: bool = False  # the edge dropped formatting (bold, a list) from `text`
    value: Mapping[str, Any] | None = None  # card data of a click (`bb` is the action)
    locale: str | None = None  # the channel's language for the person, a hint
    mentions: tuple[Person, ...] = ()  # colleagues @mentioned (not the bot)
    personal: bool = False  # a 1:1 chat with the bot
    # The answer replaces the clicked card or modal (no new message): the edge shows the
    # turn's `Replace` itself.
    in_place: bool = False
    # The delivery's claim (bot/storage/delivery_claims.py) when the turn writes it
    # itself: an answer in its own transaction, any other turn before replying.
    claim: DeliveryClaim | None = None

    @property
    def here(self) -> Address:
        """The turn's own conversation (its thread), as an address to post to."""
        where = self.where
        return Address(where.channel, where.service_url, where.tenant_id, where.thread_id)


class Answer(Protocol):
    """How a turn answers in its channel; the edge implements it for one turn."""

    @property
    def sender(self) -> ChannelSender:
        """The channel's sender, bound to this turn (used for this channel's sends)."""
        ...

    @property
    def private_here(self) -> bool:
        """Views for the sender alone may be shown here (a 1:1 chat, the terminal)."""
        ...

    async def say(self, message: Any) -> str | None:
        """Send one of the sender's rendered messages in the turn's conversation; its id.

        Raises the channel's error (the turn keeps what failed for now in the outbox).
        """
        ...

    async def resolve(
        self, mentions: tuple[Person, ...]
    ) -> tuple[tuple[Person, ...], frozenset[str]]:
        """Mentioned people with their stable ids where the channel tells, and the account
        ids of those who are not in the conversation."""
        ...

    async def roster(self) -> tuple[Person, ...]:
        """Everyone in the conversation, without the bot; () when the channel won't say."""
        ...
