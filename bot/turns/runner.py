"""The turn, on any channel: run the conversation, keep the memory, deliver the replies.

An edge (bot/teams/, bot/slack/, bot/console/) hands over a `Turn` and an `Answer`; this
runs `dialogs.conversation.Conversation` off the event loop, keeps the person's memory
and the delivery's claim, and delivers every kind of reply (views here, a private view,
an invitation in a 1:1 chat, the progress card) through the answer and the messenger.
What the channel looks like is the edge's business; what was said is the dialogs'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from bot.delivery.channel import Delivery
from bot.delivery.messenger import Messenger
from bot.storage.engine import run_database_work
from bot.storage.outbox import OutboxKind, Outgoing
from bot.storage.user_memory import UserMemory, owner_key
from bot.turns.card_refresh import CardRefresh
from bot.turns.turn import Answer, Turn
from dialogs.conversation import Conversation, Incoming
from dialogs.messages import text
from dialogs.views import (
    DirectMessage,
    PrivateView,
    ProgressCard,
    Replace,
    Reply,
    RosterNeeded,
    TextView,
    View,
    WakeScheduler,
)
from domain.models import utcnow
from domain.records import Person

log = logging.getLogger(__name__)


def _grouped(replies: list[Reply]) -> list[Reply | list[View]]:
    """The replies in order, with consecutive views for this conversation in one group."""
    groups: list[Reply | list[View]] = []
    for reply in replies:
        if not isinstance(reply, View):  # private, direct, progress card, signals
            groups.append(reply)
        elif groups and isinstance(groups[-1], list):
            groups[-1].append(reply)
        else:
            groups.append([reply])
    return groups


def shown_in_place(replies: list[Reply]) -> tuple[Replace | None, list[Reply]]:
    """The turn's `Replace` (for the edge to show in the clicked card), and the rest."""
    shown = next((r for r in replies if isinstance(r, Replace)), None)
    return shown, [r for r in replies if not isinstance(r, Replace)]


class Breedbeeld:
    """The bot's turn logic, the same for every channel."""

    def __init__(
        self,
        conversation: Conversation,
        messenger: Messenger | None = None,
        *,
        database: Engine | None = None,
        card_interval: timedelta = timedelta(0),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._database = database  # where the conversation's state lives
        self.conversation = conversation
        self._clock = clock
        self.messenger = messenger or Messenger()
        # An answer's progress card refresh waits while the card changed recently.
        self.card_refresh = CardRefresh(card_interval, clock, self._refresh_card)
        # Set by the reminder scheduler: called when a reminder was planned for now.
        self.wake_scheduler: Callable[[], None] = lambda: None

    # -- turns ------------------------------------------------------------------------

    async def message(
        self, turn: Turn, answer: Answer, show: Callable[[Replace], None] | None = None
    ) -> None:
        """One message or card submit; delivers the replies.

        For a turn `in_place`, the `Replace` is not sent but handed to `show` (before the
        other replies go out), for the edge to show in the clicked message or modal.
        """
        mentions, outsiders = (
            await answer.resolve(turn.mentions) if turn.mentions else ((), frozenset[str]())
        )
        incoming = self.incoming(turn, mentions=mentions, outsiders=outsiders)
        replies = await self.run(turn, incoming, answer)
        if turn.in_place:
            shown, replies = shown_in_place(replies)
            if shown is not None and show is not None:
                show(shown)
        await self.send(replies, turn, answer)

    @staticmethod
    def incoming(
        turn: Turn,
        mentions: tuple[Person, ...] = (),
        outsiders: frozenset[str] = frozenset(),
    ) -> Incoming:
        """What the conversation gets of a turn."""
        return Incoming(
            person=turn.person,
            where=turn.where,
            text=turn.text,
            markup_removed=turn.markup_removed,
            value=turn.value,
            locale=turn.locale,
            mentions=mentions,
            personal=turn.personal,
            outsiders=outsiders,
            in_place=turn.in_place,
        )

    async def run(self, turn: Turn, incoming: Incoming, answer: Answer) -> list[Reply]:
        """Run the conversation on one turn (off the event loop) and keep the memory."""
        memory = self._memory_of(turn)
        # An answer on a card writes the ApplyOnce claim in its own transaction.
        claim = turn.claim
        # Off the event loop on PostgreSQL: other turns go on while a commit is flushed.
        replies = await run_database_work(
            self._database,
            self.conversation.handle,
            incoming,
            memory,
            (claim,) if claim is not None else (),
        )
        if any(isinstance(r, RosterNeeded) for r in replies):
            # `deelnemers iedereen`: look the members up, then the same turn again.
            roster = await answer.roster()
            replies = await run_database_work(
                self._database, self.conversation.handle, replace(incoming, roster=roster), memory
            )
        if isinstance(memory, UserMemory) and memory.changed:
            await run_database_work(self._database, memory.save)
        if claim is not None and not claim.taken:  # no answer stored: claim before replying
            await run_database_work(self._database, claim.take)
        return replies

    async def welcome(self, turn: Turn, answer: Answer) -> None:
        """The bot itself was added to a team, channel or chat: introduce itself."""
        for view in self.conversation.welcome(turn.locale):
            await self._deliver(view, turn, answer)

    # -- delivering -------------------------------------------------------------------

    async def send(self, replies: list[Reply], turn: Turn, answer: Answer) -> None:
        """Deliver a turn's replies; views for this conversation in one call where possible."""
        for group in _grouped(replies):
            if isinstance(group, list):  # views for this conversation: one call where possible
                await self.reply_here(turn, answer, answer.sender.render(group, together=True))
            else:
                await self._deliver(group, turn, answer)

    async def reply_here(
        self,
        turn: Turn,
        answer: Answer,
        messages: Sequence[Any],
        project: str | None = None,
    ) -> str | None:
        """Send in this turn's conversation, one message at a time; the last one's id.

        What fails for now (timeout, the turn's time spent, 429, 503, a closed connection)
        is kept in the outbox with everything after it, and the turn goes on: the user gets
        it a little later instead of never (issue 17). Any other failure is raised.
        """
        said = None
        sender = answer.sender
        for index, message in enumerate(messages):
            try:
                said = await answer.say(message)
            except Exception as error:
                failure = sender.classify(error)
                if not failure.retryable:
                    raise
                lang = "en" if (turn.locale or "").lower()[:2] == "en" else "nl"
                lost = sender.render([TextView(text("outbox.reply_lost", lang))])[0]
                rest = Outgoing(
                    OutboxKind.SEND,
                    turn.here,
                    tuple(sender.encode(m) for m in messages[index:]),
                    notice=sender.encode(lost),
                    project=project,
                )
                if not await self.messenger.keep(rest, failure):
                    raise
                return None
        return said

    async def _deliver(self, reply: Reply, turn: Turn, answer: Answer) -> None:
        """Send one reply the way its kind asks for."""
        if isinstance(reply, PrivateView):
            await self._send_privately(reply, turn, answer)
        elif isinstance(reply, DirectMessage):
            await self._send_direct(reply, turn, answer)
        elif isinstance(reply, ProgressCard):
            await self._progress_card(reply, turn, answer)
        elif isinstance(reply, WakeScheduler):
            self.wake_scheduler()
        elif isinstance(reply, Replace):  # a message turn cannot replace: post it
            await self.reply_here(turn, answer, answer.sender.render([reply.view]))
        elif not isinstance(reply, RosterNeeded):
            await self.reply_here(turn, answer, answer.sender.render([reply]))

    async def _send_privately(self, private: PrivateView, turn: Turn, answer: Answer) -> None:
        """Send views to the sender alone: here in a 1:1 chat, else in a new 1:1 chat."""
        sender = answer.sender
        if answer.private_here:
            await self.reply_here(turn, answer, sender.render(private.views))
            return
        sent = await self.messenger.send_direct(
            turn.here,
            turn.person.account_id,
            private.views,
            via=sender,
            notice=TextView(private.failed),
        )
        said = private.notice if sent in (Delivery.SENT, Delivery.QUEUED) else private.failed
        await self.reply_here(turn, answer, sender.render([TextView(said)]))

    async def _send_direct(self, message: DirectMessage, turn: Turn, answer: Answer) -> None:
        """An invitation to a teammate, in a 1:1 chat; say so here when that fails."""
        same_channel = message.address.channel == turn.where.channel
        sent = await self.messenger.send_direct(
            message.address,
            message.recipient.account_id,
            message.views,
            via=answer.sender if same_channel else None,
            notice=message.failed,
        )
        if sent not in (Delivery.SENT, Delivery.QUEUED):  # queued: said if it never arrives
            await self.reply_here(turn, answer, answer.sender.render([message.failed]))

    async def _progress_card(self, card: ProgressCard, turn: Turn, answer: Answer) -> None:
        """Post the assessment's card once (remembering its id), then update it in place."""
        if (
            card.activity_id is not None
            and card.can_wait
            and not self.card_refresh.may_update_now(card.public_id)
        ):
            return  # refreshed from a fresh read when the interval is over
        address = card.address
        view = card.shown()
        here = turn.where.thread_id == address.conversation_id
        via = answer.sender if address.channel == turn.where.channel else None
        if card.activity_id is not None:
            await self.messenger.update(
                address, card.activity_id, view, via=via, project=card.public_id
            )
            self.card_refresh.updated(card.public_id)
            return
        if here:
            messages = answer.sender.render([view])
            posted = await self.reply_here(turn, answer, messages, project=card.public_id)
        else:
            posted = await self.messenger.post(address, view, via=via, project=card.public_id)
        if posted:
            self.conversation.progress_card_posted(card.public_id, address.conversation_id, posted)

    async def _refresh_card(self, public_id: str) -> None:
        """The card of an assessment whose refresh waited: read it again and update it."""
        card = await run_database_work(self._database, self.conversation.current_card, public_id)
        if card is None or card.activity_id is None:
            return
        await self.messenger.update(card.address, card.activity_id, card.shown(), project=public_id)

    def _memory_of(self, turn: Turn) -> MutableMapping[str, Any]:
        """The sender's memory (pending question, language), read entry by entry as needed.

        Without a database (tests of the bot alone) it lives for the turn only.
        """
        if self._database is None:
            return {}
        owner = owner_key(turn.where.channel, turn.person.account_id)
        return UserMemory(self._database, owner, self._clock)
