"""Reaching people and conversations outside the turn at hand, on Teams and Slack alike.

One path for everything the bot sends that is not a reply in the current conversation:
a 1:1 chat with a teammate (invitations, reminders, `mijn gegevens`), and posting or
updating the progress card in an assessment's thread from any turn or from the
reminder scheduler. Each channel's adapter does the channel's part:

- Teams (CloudAdapter): `create_conversation` through the Bot Connector for a 1:1 chat,
  `continue_conversation` for the thread; members through `TeamsInfo`.
- Slack (SlackAdapter): `conversations.open` for the direct message, `chat.postMessage`
  and `chat.update` for the thread (the conversation id carries `;thread_ts=`);
  members through `conversations.members`.

Nothing here raises to the caller: an outcome says what happened, so one teammate who
cannot be reached never stops the others or the assessment. A send that failed for now
(timeout, closed connection, 429/503 with or without Retry-After) is kept in the outbox
(bot/outbox.py) and sent again later; the outcome is then QUEUED.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any, TypeVar

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from msrest.exceptions import HttpOperationError
from slack_sdk.errors import SlackApiError

from bot.outbox import Failure, Outbox, OutboxKind, Outgoing, classify
from bot.storage.engine import run_database_work
from dialogs.views import Address
from domain.records import Person

log = logging.getLogger(__name__)

T = TypeVar("T")
SLACK_CHANNEL = "slack"
# Slack's answers to conversations.open for someone who is no longer there.
_SLACK_GONE = frozenset({"user_not_found", "user_disabled", "account_inactive", "user_not_visible"})


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


class Messenger:
    """Proactive sends, updates and member lookups, by channel."""

    def __init__(self, app_id: str, outbox: Outbox | None = None) -> None:
        self._app_id = app_id
        self._adapters: dict[str, BotAdapter] = {}
        self._default: BotAdapter | None = None
        self.outbox = outbox  # None: a failed send is only logged (tests of parts alone)

    def register(self, channel: str | None, adapter: BotAdapter) -> None:
        """The adapter for a channel; `None` registers the one for all other channels."""
        if channel is None:
            self._default = adapter
        else:
            self._adapters[channel] = adapter

    def _adapter(self, channel: str, fallback: BotAdapter | None) -> BotAdapter:
        adapter = self._adapters.get(channel) or fallback or self._default
        if adapter is None:
            raise LookupError(f"no adapter for channel {channel}")
        return adapter

    # -- 1:1 chats --------------------------------------------------------------------

    async def send_direct(
        self,
        address: Address,
        account_id: str,
        activities: list[Activity],
        *,
        bot: ChannelAccount | None = None,
        via: BotAdapter | None = None,
        notice: Activity | None = None,
        project: str | None = None,
    ) -> Delivery:
        """Open (or reuse) the 1:1 chat with a person and send the activities there.

        A failure for now goes to the outbox (QUEUED); `notice` is posted in `address`
        if the outbox finally cannot deliver it.
        """
        try:
            await self._direct(address, account_id, activities, bot, via)
        except Exception as error:
            failure = classify(error)
            if failure.retryable:
                outgoing = Outgoing(
                    OutboxKind.DIRECT,
                    address,
                    tuple(activities),
                    target=account_id,
                    notice=notice,
                    project=project,
                )
                if await self.keep(outgoing, failure):
                    return Delivery.QUEUED
            outcome = Delivery.LEFT if _gone(error) else Delivery.UNREACHABLE
            log.warning(
                "private chat could not be opened",
                exc_info=error,
                extra={"event": "private_chat_failed", "outcome": outcome.value},
            )
            return outcome
        return Delivery.SENT

    async def _direct(
        self,
        address: Address,
        account_id: str,
        activities: list[Activity],
        bot: ChannelAccount | None,
        via: BotAdapter | None,
    ) -> None:
        """Open the 1:1 chat and send; the channel's error is raised."""
        tenant = address.tenant_id
        parameters = ConversationParameters(
            is_group=False,
            bot=bot or self._bot_account(address.channel),
            members=[ChannelAccount(id=account_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}} if tenant else None,
        )
        failure: list[BaseException] = []

        async def deliver(context: TurnContext) -> None:
            try:
                await context.send_activities(activities)
            except Exception as error:
                failure.append(error)

        adapter = self._adapter(address.channel, via)
        await adapter.create_conversation(  # type: ignore[call-arg]
            self._app_id, deliver, parameters, address.channel, address.service_url
        )
        if failure:
            raise failure[0]

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
        activities = list(outgoing.activities)
        address = outgoing.address
        if outgoing.kind is OutboxKind.DIRECT:
            await self._direct(address, outgoing.target or "", activities, None, None)
        elif outgoing.kind is OutboxKind.UPDATE:
            activity = activities[0]
            activity.id = outgoing.target

            async def replace(context: TurnContext) -> Any:
                return await context.update_activity(activity)

            await self._within(address, replace, None)
        else:

            async def send(context: TurnContext) -> Any:
                return await context.send_activities(activities)

            await self._within(address, send, None)

    async def tell(self, address: Address, notice: Activity, project: str | None) -> None:
        """Post a notice in the thread (the starter hears a message did not arrive)."""
        await self.post(address, notice, project=project)

    # -- the assessment's thread ------------------------------------------------------

    async def post(
        self,
        address: Address,
        activity: Activity,
        *,
        via: BotAdapter | None = None,
        project: str | None = None,
    ) -> str | None:
        """Post in the conversation (thread) of `address`; the new message's id.

        None when it failed; a failure for now is kept in the outbox and posted later.
        """
        try:
            response = await self._within(address, lambda c: c.send_activity(activity), via)
        except Exception as error:
            failure = classify(error)
            if failure.retryable:
                outgoing = Outgoing(OutboxKind.SEND, address, (activity,), project=project)
                if await self.keep(outgoing, failure):
                    return None
            log.warning("post failed", exc_info=True, extra={"event": "post_failed"})
            return None
        return response.id if response is not None and response.id else None

    async def update(
        self,
        address: Address,
        activity_id: str,
        activity: Activity,
        *,
        via: BotAdapter | None = None,
        project: str | None = None,
    ) -> bool:
        """Replace a message the bot posted; False (logged) when the channel refused.

        A failure for now is kept in the outbox and tried again later (also False).
        """
        activity.id = activity_id

        async def work(context: TurnContext) -> Any:
            return await context.update_activity(activity)

        try:
            await self._within(address, work, via)
        except Exception as error:
            failure = classify(error)
            if failure.retryable:
                outgoing = Outgoing(
                    OutboxKind.UPDATE, address, (activity,), target=activity_id, project=project
                )
                if await self.keep(outgoing, failure):
                    return False
            log.warning("update failed", exc_info=True, extra={"event": "update_failed"})
            return False
        return True

    # -- members ----------------------------------------------------------------------

    async def membership(
        self, address: Address, account_id: str, *, via: BotAdapter | None = None
    ) -> Membership:
        """Whether the person is (still) in the assessment's conversation."""

        async def work(context: TurnContext) -> Membership:
            return await member_of(context, account_id)

        try:
            return await self._within(address, work, via)
        except Exception:
            log.warning("member lookup failed", exc_info=True, extra={"event": "member_failed"})
            return Membership.UNKNOWN

    # -- helpers ----------------------------------------------------------------------

    async def _within(
        self,
        address: Address,
        work: Callable[[TurnContext], Awaitable[T]],
        via: BotAdapter | None,
    ) -> T:
        """Run `work` in a turn context for the address's conversation; errors come back.

        The adapters hand errors inside a turn to on_turn_error (which would tell the
        conversation "something went wrong"); here they are caught and raised to the caller.
        """
        adapter = self._adapter(address.channel, via)
        reference = ConversationReference(
            channel_id=address.channel,
            service_url=address.service_url,
            conversation=ConversationAccount(
                id=address.conversation_id, tenant_id=address.tenant_id
            ),
            bot=self._bot_account(address.channel),
        )
        outcome: list[Any] = []
        failure: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            if context.activity.channel_data is None and address.tenant_id:
                context.activity.channel_data = {"tenant": {"id": address.tenant_id}}
            try:
                outcome.append(await work(context))
            except Exception as error:
                failure.append(error)

        await adapter.continue_conversation(reference, callback, self._app_id)
        if failure:
            raise failure[0]
        if not outcome:
            raise RuntimeError("the adapter did not run the turn")
        return outcome[0]  # type: ignore[no-any-return]

    def _bot_account(self, channel: str) -> ChannelAccount | None:
        if channel == SLACK_CHANNEL or not self._app_id:
            return None
        return ChannelAccount(id=f"28:{self._app_id}")


async def member_of(context: TurnContext, account_id: str) -> Membership:
    """Whether `account_id` is a member of the context's conversation."""
    channel = context.activity.channel_id
    if channel == SLACK_CHANNEL:
        if _slack_channel(context).startswith("D"):
            return Membership.MEMBER  # a direct message: the person and the bot
        members = await slack_members(context)
        if members is None:
            return Membership.UNKNOWN
        return Membership.MEMBER if account_id in members else Membership.NOT_MEMBER
    try:
        await TeamsInfo.get_member(context, account_id)
    except HttpOperationError as error:
        status = getattr(error.response, "status_code", None)
        if status == 404:
            return Membership.NOT_MEMBER
        log.warning("member lookup failed", extra={"event": "member_failed", "status": status})
        return Membership.UNKNOWN
    return Membership.MEMBER


async def resolve_mentions(
    context: TurnContext, mentions: tuple[Person, ...]
) -> tuple[tuple[Person, ...], frozenset[str]]:
    """Mentioned people with their stable ids where the channel tells, and who is no member.

    Teams mentions carry only the channel account id ("29:…"); `TeamsInfo.get_member`
    gives the AAD object id, under which answers are stored. Someone not found in the
    conversation is an outsider (a lookup that fails otherwise gives the benefit of doubt).
    """
    if not mentions:
        return mentions, frozenset()
    if context.activity.channel_id == SLACK_CHANNEL:
        members = await slack_members(context)
        return mentions, frozenset(
            m.account_id for m in mentions if members is not None and m.account_id not in members
        )
    resolved = []
    outsiders: set[str] = set()
    for mention in mentions:
        try:
            member = await TeamsInfo.get_member(context, mention.account_id)
        except HttpOperationError as error:
            if getattr(error.response, "status_code", None) == 404:
                outsiders.add(mention.account_id)
            resolved.append(mention)
            continue
        except Exception:  # not a Teams conversation (terminal), or no connector
            resolved.append(mention)
            continue
        resolved.append(
            Person(
                user_id=getattr(member, "aad_object_id", None) or mention.user_id,
                name=member.name or mention.name,
                account_id=mention.account_id,
            )
        )
    return tuple(resolved), frozenset(outsiders)


async def roster_of(context: TurnContext) -> tuple[Person, ...]:
    """Everyone in the conversation (Teams: the team when in a channel); () when unknown."""
    bot_id = context.activity.recipient.id if context.activity.recipient else None
    try:
        if context.activity.channel_id == SLACK_CHANNEL:
            adapter: Any = context.adapter
            people = await adapter.member_people(_slack_channel(context))
        else:
            people = await _teams_roster(context)
    except Exception:
        log.warning("roster lookup failed", exc_info=True, extra={"event": "roster_failed"})
        return ()
    return tuple(p for p in people if p.account_id != bot_id)


async def _teams_roster(context: TurnContext) -> list[Person]:
    people = []
    token = None
    while True:
        page = await TeamsInfo.get_paged_members(context, token, 500)
        for member in page.members or []:
            people.append(
                Person(
                    user_id=member.aad_object_id or member.id,
                    name=member.name or member.id,
                    account_id=member.id,
                )
            )
        token = page.continuation_token
        if not token:
            return people


async def slack_members(context: TurnContext) -> set[str] | None:
    """The user ids in the Slack conversation of the context (None when Slack won't say)."""
    adapter: Any = context.adapter
    try:
        return set(await adapter.member_ids(_slack_channel(context)))
    except Exception:
        log.warning("slack members failed", exc_info=True, extra={"event": "slack_members_failed"})
        return None


def _slack_channel(context: TurnContext) -> str:
    return str(context.activity.conversation.id).split(";", 1)[0]


def _gone(error: BaseException) -> bool:
    """Whether a failed 1:1 chat means the person is no longer there."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error")) in _SLACK_GONE
    if isinstance(error, HttpOperationError):
        return getattr(error.response, "status_code", None) == 404
    return False
