"""Reaching people and conversations outside the turn at hand, on every channel alike.

One path for everything the bot sends that is not a reply in the current conversation:
a 1:1 chat with a teammate (invitations, reminders, `mijn gegevens`), and posting or
updating the progress card in an assessment's thread from any turn or from the
reminder scheduler. Each channel's room registers its `ChannelSender`
(bot/delivery/channel.py), which renders the views and does the channel's part:

- Teams (bot/teams/sender.py): `create_conversation` through the Bot Connector for a
  1:1 chat, `continue_conversation` for the thread; members through `TeamsInfo`.
- Slack (bot/slack/sender.py): `conversations.open` for the direct message,
  `chat.postMessage` and `chat.update` for the thread (the conversation id carries
  `;thread_ts=`); members through `conversations.members`.
- The terminal (bot/console/chat.py): printed.

Nothing here raises to the caller: an outcome says what happened, so one teammate who
cannot be reached never stops the others or the assessment. A send that failed for now
(timeout, closed connection, 429/503 with or without Retry-After) is kept in the outbox
(bot/delivery/outbox.py) and sent again later; the outcome is then QUEUED.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bot.delivery.channel import ChannelSender, Delivery, Membership
from bot.delivery.outbox import classify_common
from bot.storage.engine import run_database_work
from bot.storage.outbox import Failure, Outbox, OutboxKind, Outgoing
from dialogs.views import Address, View

log = logging.getLogger(__name__)


class Messenger:
    """Proactive sends, updates and member lookups, by channel."""

    def __init__(self, outbox: Outbox | None = None) -> None:
        self._senders: dict[str, ChannelSender] = {}
        self._default: ChannelSender | None = None
        self.outbox = outbox  # None: a failed send is only logged (tests of parts alone)

    def register(self, channel: str | None, sender: ChannelSender) -> None:
        """The sender for a channel; `None` registers the one for all other channels."""
        if channel is None:
            self._default = sender
        else:
            self._senders[channel] = sender

    def sender(self, channel: str, via: ChannelSender | None = None) -> ChannelSender:
        """The channel's own sender; else `via` (the turn's), else the default one."""
        sender = self._senders.get(channel) or via or self._default
        if sender is None:
            raise LookupError(f"no sender for channel {channel}")
        return sender

    # -- 1:1 chats --------------------------------------------------------------------

    async def send_direct(
        self,
        address: Address,
        account_id: str,
        views: Sequence[View],
        *,
        via: ChannelSender | None = None,
        notice: View | None = None,
        project: str | None = None,
    ) -> Delivery:
        """Open (or reuse) the 1:1 chat with a person and send the views there.

        A failure for now goes to the outbox (QUEUED); `notice` is posted in `address`
        if the outbox finally cannot deliver it.
        """
        sender: ChannelSender | None = None
        messages: list[Any] = []
        try:
            sender = self.sender(address.channel, via)
            messages = sender.render(views)
            await sender.direct(address, account_id, messages)
        except Exception as error:
            failure = self._classify(address.channel, error, via)
            if failure.retryable and sender is not None:
                outgoing = Outgoing(
                    OutboxKind.DIRECT,
                    address,
                    tuple(sender.encode(m) for m in messages),
                    target=account_id,
                    notice=self._encoded_notice(sender, notice),
                    project=project,
                )
                if await self.keep(outgoing, failure):
                    return Delivery.QUEUED
            outcome = Delivery.LEFT if failure.gone else Delivery.UNREACHABLE
            log.warning(
                "private chat could not be opened",
                exc_info=error,
                extra={"event": "private_chat_failed", "outcome": outcome.value},
            )
            return outcome
        return Delivery.SENT

    # -- the outbox ---------------------------------------------------------------------

    async def keep(self, outgoing: Outgoing, failure: Failure, attempts: int = 1) -> bool:
        """Put a message that failed for now in the outbox; False when there is none."""
        if self.outbox is None:
            return False
        try:
            return await run_database_work(
                self.outbox.engine, self.outbox.add, outgoing, failure, attempts
            )
        except Exception:
            log.exception("outbox unavailable", extra={"event": "outbox_add_failed"})
            return False

    async def send_now(self, outgoing: Outgoing) -> None:
        """Send an outbox row's message now; the channel's error is raised."""
        address = outgoing.address
        sender = self.sender(address.channel)
        messages = [sender.decode(m) for m in outgoing.messages]
        if outgoing.kind is OutboxKind.DIRECT:
            await sender.direct(address, outgoing.target or "", messages)
        elif outgoing.kind is OutboxKind.UPDATE:
            await sender.update(address, outgoing.target or "", messages[0])
        else:
            await sender.post(address, messages)

    async def tell(self, address: Address, notice: dict[str, Any], project: str | None) -> None:
        """Post a notice in the thread (the starter hears a message did not arrive)."""
        try:
            sender = self.sender(address.channel)
            message = sender.decode(notice)
        except Exception:
            log.warning("notice unreadable", exc_info=True, extra={"event": "post_failed"})
            return
        await self._post(sender, address, [message], project)

    def classify(self, channel: str, error: BaseException) -> Failure:
        """Whether a channel's error is worth another try (for the outbox worker)."""
        return self._classify(channel, error, None)

    def _classify(self, channel: str, error: BaseException, via: ChannelSender | None) -> Failure:
        try:
            return self.sender(channel, via).classify(error)
        except LookupError:
            return classify_common(error)

    # -- the assessment's thread ------------------------------------------------------

    async def post(
        self,
        address: Address,
        view: View,
        *,
        via: ChannelSender | None = None,
        project: str | None = None,
    ) -> str | None:
        """Post a view in the conversation (thread) of `address`; the new message's id.

        None when it failed; a failure for now is kept in the outbox and posted later.
        """
        try:
            sender = self.sender(address.channel, via)
            messages = sender.render([view])
        except Exception:
            log.warning("post failed", exc_info=True, extra={"event": "post_failed"})
            return None
        return await self._post(sender, address, messages, project)

    async def _post(
        self, sender: ChannelSender, address: Address, messages: list[Any], project: str | None
    ) -> str | None:
        try:
            return await sender.post(address, messages) or None
        except Exception as error:
            failure = sender.classify(error)
            if failure.retryable:
                outgoing = Outgoing(
                    OutboxKind.SEND,
                    address,
                    tuple(sender.encode(m) for m in messages),
                    project=project,
                )
                if await self.keep(outgoing, failure):
                    return None
            log.warning("post failed", exc_info=True, extra={"event": "post_failed"})
            return None

    async def update(
        self,
        address: Address,
        message_id: str,
        view: View,
        *,
        via: ChannelSender | None = None,
        project: str | None = None,
    ) -> bool:
        """Replace a message the bot posted; False (logged) when the channel refused.

        A failure for now is kept in the outbox and tried again later (also False).
        """
        sender: ChannelSender | None = None
        message: Any = None
        try:
            sender = self.sender(address.channel, via)
            [message] = sender.render([view])
            await sender.update(address, message_id, message)
        except Exception as error:
            failure = self._classify(address.channel, error, via)
            if failure.retryable and sender is not None:
                outgoing = Outgoing(
                    OutboxKind.UPDATE,
                    address,
                    (sender.encode(message),),
                    target=message_id,
                    project=project,
                )
                if await self.keep(outgoing, failure):
                    return False
            log.warning("update failed", exc_info=True, extra={"event": "update_failed"})
            return False
        return True

    # -- members ----------------------------------------------------------------------

    async def membership(
        self, address: Address, account_id: str, *, via: ChannelSender | None = None
    ) -> Membership:
        """Whether the person is (still) in the assessment's conversation."""
        try:
            return await self.sender(address.channel, via).membership(address, account_id)
        except Exception:
            log.warning("member lookup failed", exc_info=True, extra={"event": "member_failed"})
            return Membership.UNKNOWN

    def _encoded_notice(self, sender: ChannelSender, notice: View | None) -> dict[str, Any] | None:
        if notice is None:
            return None
        return sender.encode(sender.render([notice])[0])
