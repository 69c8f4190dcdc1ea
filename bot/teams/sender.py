"""The Teams `ChannelSender`: views as Bot Framework activities, sent through an adapter.

Teams (and any other Bot Framework channel) gets an Adaptive Card per view, or markdown
text for a plain text view. Outside a turn the adapter reaches a conversation with
`continue_conversation` (the thread) or `create_conversation` (a 1:1 chat); members come
from `TeamsInfo`. A turn's own sender (`bound_to`) uses the turn's adapter and bot account.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from botbuilder.core import BotAdapter, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import (
    Activity,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    TextFormatTypes,
)
from msrest.exceptions import HttpOperationError

from bot.delivery.channel import Membership
from bot.delivery.outbox import RETRYABLE_STATUS, classify_common, retry_after
from bot.rendering import adaptive_cards
from bot.rendering.plain_text import render_text
from bot.storage.outbox import Failure
from dialogs.views import Address, View
from domain.records import Person

log = logging.getLogger(__name__)

T = TypeVar("T")


def to_activity(view: View) -> Activity:
    """A message activity for a view: an Adaptive Card, or markdown text."""
    card = adaptive_cards.render_card(view)
    if card is None:
        message = MessageFactory.text(render_text(view))
        message.text_format = TextFormatTypes.markdown
        return message
    return MessageFactory.attachment(
        Attachment(content_type=adaptive_cards.CONTENT_TYPE, content=card)
    )


def to_activities(views: Sequence[View]) -> list[Activity]:
    """The messages for a turn's views: a text just before a card goes out with that card.

    Why: every message is a call to the Bot Connector, the largest cost of a turn after
    the database (docs/PERFORMANCE.md). "Saved: …" followed by the next question is one
    message in Teams (text above the card) instead of two, and costs one call.
    """
    messages: list[Activity] = []
    for view in views:
        message = to_activity(view)
        previous = messages[-1] if messages else None
        if message.attachments and previous is not None and not previous.attachments:
            message.text = previous.text
            message.text_format = previous.text_format
            messages[-1] = message
        else:
            messages.append(message)
    return messages


def classify(error: BaseException) -> Failure:
    """Whether an error from the Bot Connector is worth another try, and when."""
    if isinstance(error, HttpOperationError):
        answer: Any = error.response
        status = int(getattr(answer, "status_code", 0) or 0)
        if status in RETRYABLE_STATUS:
            headers = getattr(answer, "headers", None) or {}
            return Failure(True, retry_after(headers), reason=f"http {status}")
        return Failure(False, gone=status == 404, reason=f"http {status}")
    return classify_common(error)


class TeamsSender:
    """Sends activities through a Bot Framework adapter (CloudAdapter in production)."""

    def __init__(self, adapter: BotAdapter, app_id: str, bot: ChannelAccount | None = None) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._bot = bot  # the turn's bot account, for a 1:1 chat opened in a turn

    def bound_to(self, context: TurnContext) -> TeamsSender:
        """The sender for sends a turn makes: its adapter, its bot account."""
        return TeamsSender(context.adapter, self._app_id, context.activity.recipient)

    # -- ChannelSender ----------------------------------------------------------------

    def render(self, views: Sequence[View], *, together: bool = False) -> list[Activity]:
        """One activity per view; `together`: a text rides along with the card after it."""
        return to_activities(views) if together else [to_activity(v) for v in views]

    def encode(self, message: Activity) -> dict[str, Any]:
        """The activity as the connector gets it; a card (a dict subclass, which msrest
        would turn into its repr) stays the JSON it is."""
        data: dict[str, Any] = message.serialize()
        for index, attachment in enumerate(message.attachments or []):
            if isinstance(attachment.content, dict):
                data["attachments"][index]["content"] = attachment.content
        return data

    def decode(self, data: dict[str, Any]) -> Activity:
        """An activity the outbox kept."""
        return Activity.deserialize(data)

    def classify(self, error: BaseException) -> Failure:
        """See `classify`."""
        return classify(error)

    async def post(self, address: Address, messages: Sequence[Activity]) -> str | None:
        """Post in the conversation of `address` (continue_conversation); the last id."""

        async def send(context: TurnContext) -> Any:
            return await context.send_activities(list(messages))

        responses = await self._within(address, send)
        last = responses[-1] if responses else None
        return last.id if last is not None and last.id else None

    async def update(self, address: Address, message_id: str, message: Activity) -> None:
        """Replace the activity `message_id` with `message`."""
        message.id = message_id

        async def work(context: TurnContext) -> Any:
            return await context.update_activity(message)

        await self._within(address, work)

    async def direct(self, address: Address, account_id: str, messages: Sequence[Activity]) -> None:
        """Open the 1:1 chat (create_conversation) and send; the channel's error is raised."""
        tenant = address.tenant_id
        parameters = ConversationParameters(
            is_group=False,
            bot=self._bot or self._bot_account(),
            members=[ChannelAccount(id=account_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}} if tenant else None,
        )
        failure: list[BaseException] = []

        async def deliver(context: TurnContext) -> None:
            try:
                await context.send_activities(list(messages))
            except Exception as error:
                failure.append(error)

        await self._adapter.create_conversation(  # type: ignore[call-arg]
            self._app_id, deliver, parameters, address.channel, address.service_url
        )
        if failure:
            raise failure[0]

    async def membership(self, address: Address, account_id: str) -> Membership:
        """Whether `account_id` is a member of the conversation of `address`."""

        async def work(context: TurnContext) -> Membership:
            return await member_of(context, account_id)

        return await self._within(address, work)

    # -- helpers ----------------------------------------------------------------------

    async def _within(self, address: Address, work: Callable[[TurnContext], Awaitable[T]]) -> T:
        """Run `work` in a turn context for the address's conversation; errors come back.

        The adapters hand errors inside a turn to on_turn_error (which would tell the
        conversation "something went wrong"); here they are caught and raised to the caller.
        """
        reference = ConversationReference(
            channel_id=address.channel,
            service_url=address.service_url,
            conversation=ConversationAccount(
                id=address.conversation_id, tenant_id=address.tenant_id
            ),
            bot=self._bot_account(),
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

        await self._adapter.continue_conversation(reference, callback, self._app_id)
        if failure:
            raise failure[0]
        if not outcome:
            raise RuntimeError("the adapter did not run the turn")
        return outcome[0]  # type: ignore[no-any-return]

    def _bot_account(self) -> ChannelAccount | None:
        return ChannelAccount(id=f"28:{self._app_id}") if self._app_id else None


async def member_of(context: TurnContext, account_id: str) -> Membership:
    """Whether `account_id` is a member of the context's conversation."""
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
    """Mentioned people with their stable ids, and who is no member.

    Teams mentions carry only the channel account id ("29:…"); `TeamsInfo.get_member`
    gives the AAD object id, under which answers are stored. Someone not found in the
    conversation is an outsider (a lookup that fails otherwise gives the benefit of doubt).
    """
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
        except Exception:  # no connector to ask
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
    """Everyone in the conversation (the team when in a channel), without the bot; ()
    when unknown."""
    bot_id = context.activity.recipient.id if context.activity.recipient else None
    try:
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
