"""A BotAdapter for Slack: runs the bot on an activity and posts its replies to Slack.

Replies are Block Kit messages (rendered by `to_activity` for the "slack" channel, one
attachment per Slack message) sent with `chat.postMessage` into the thread of the
message that started the turn; `update_activity` is `chat.update`, `delete_activity`
`chat.delete`, and `create_conversation` (for messages meant for one person only, such as
`mijn gegevens`, invitations and reminders) opens the direct message with
`conversations.open`. A conversation id "C123;thread_ts=1700.1" means that thread of the
channel (how an assessment's thread is addressed from outside a turn). Members of a
conversation come from `conversations.members`. Plain text activities (from the SDK
itself) are sent escaped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    ResourceResponse,
)
from botframework.connector.auth import AppCredentials
from slack_sdk.web.async_client import AsyncWebClient

from bot.rendering import block_kit
from bot.rendering.slack_text import cut, mrkdwn
from bot.slack.directory import SlackDirectory
from bot.teams.edge import REPLACED
from domain.records import Person

log = logging.getLogger(__name__)


class SlackAdapter(BotAdapter):
    """Turns in, chat.postMessage/chat.update out."""

    def __init__(
        self,
        client: AsyncWebClient,
        on_turn_error: Callable[[TurnContext, Exception], Awaitable[None]] | None = None,
        directory: SlackDirectory | None = None,
    ) -> None:
        super().__init__(on_turn_error)
        self._client = client
        self._directory = directory

    async def member_ids(self, channel: str) -> list[str]:
        """Everyone in a Slack conversation (conversations.members, page by page)."""
        members: list[str] = []
        cursor = None
        while True:
            response = await self._client.conversations_members(
                channel=channel, limit=200, cursor=cursor
            )
            members += [str(m) for m in response.get("members") or []]
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return members

    async def member_people(self, channel: str) -> list[Person]:
        """The members with their names (users.info, cached by the directory)."""
        people = []
        for user in await self.member_ids(channel):
            name = user
            if self._directory is not None:
                name = (await self._directory.person(user)).name
            people.append(Person(user_id=user, name=name, account_id=user))
        return people

    async def process(
        self, activity: Activity, logic: Callable[[TurnContext], Awaitable[None]]
    ) -> Any:
        """Run one turn of the bot on an activity built from a Slack payload.

        Returns what the turn left to show in place of the clicked message or modal (the
        bot's `Replace`, see bot/teams/edge.py), or None.
        """
        context = TurnContext(self, activity)
        await self.run_pipeline(context, logic)
        return context.turn_state.get(REPLACED)

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Post each message activity, in order, in the thread of the incoming message."""
        responses = []
        for activity in activities:
            if activity.type not in (None, ActivityTypes.message):
                responses.append(ResourceResponse(id=""))  # typing etc.: nothing to show
                continue
            channel, thread_ts = _where(context, activity)
            ts = ""
            for message in slack_messages(activity):
                response = await self._client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread_ts,
                    text=message["text"],
                    blocks=message["blocks"] or None,
                    unfurl_links=False,
                    unfurl_media=False,
                )
                ts = ts or str(response.get("ts") or "")
            responses.append(ResourceResponse(id=ts))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        """Replace a message the bot posted (its ts is the activity id); one message only."""
        channel, _ = _where(context, activity)
        message = slack_messages(activity)[0]
        response = await self._client.chat_update(
            channel=channel, ts=activity.id, text=message["text"], blocks=message["blocks"]
        )
        return ResourceResponse(id=str(response.get("ts") or activity.id))

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Delete a message the bot posted."""
        await self._client.chat_delete(channel=reference.conversation.id, ts=reference.activity_id)

    async def create_conversation(
        self,
        reference: ConversationReference,
        logic: Callable[[TurnContext], Awaitable[None]] | None = None,
        conversation_parameters: ConversationParameters | None = None,
        channel_id: str | None = None,
        service_url: str | None = None,
        credentials: AppCredentials | None = None,
    ) -> None:
        """Run `logic` in the direct message with the (one) member; errors reach the caller.

        The bot calls this in CloudAdapter's argument order (app id first); only the
        member and the logic matter here.
        """
        members = conversation_parameters.members if conversation_parameters else None
        if not members or logic is None:
            raise ValueError("a direct message needs one member and something to send")
        response = await self._client.conversations_open(users=[members[0].id])
        channel = (response.get("channel") or {}).get("id")
        if not isinstance(channel, str):
            raise ValueError("Slack opened no direct message")
        activity = Activity(
            type=ActivityTypes.message,
            channel_id=channel_id,
            service_url=service_url,
            conversation=ConversationAccount(id=channel, conversation_type="personal"),
            from_property=members[0],
            recipient=conversation_parameters.bot if conversation_parameters else None,
            channel_data={"thread_ts": None},
        )
        await logic(TurnContext(self, activity))


def slack_messages(activity: Activity) -> list[dict[str, Any]]:
    """The Slack messages ({text, blocks}) an outgoing activity stands for."""
    messages = [
        dict(attachment.content)
        for attachment in activity.attachments or []
        if attachment.content_type == block_kit.CONTENT_TYPE
        and isinstance(attachment.content, Mapping)
    ]
    if not messages:
        text = cut(mrkdwn(activity.text or ""), block_kit.MAX_TEXT) or " "
        messages = [{"text": text, "blocks": []}]
    return messages


def _where(context: TurnContext, activity: Activity) -> tuple[str, str | None]:
    """Channel and thread for a reply: the outgoing activity's, else the incoming one's."""
    incoming = context.activity
    conversation = activity.conversation or incoming.conversation
    channel, _, addressed_thread = str(conversation.id).partition(";thread_ts=")
    own = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
    theirs = incoming.channel_data if isinstance(incoming.channel_data, Mapping) else {}
    thread_ts = own.get("thread_ts") or addressed_thread or theirs.get("thread_ts")
    return channel, thread_ts if isinstance(thread_ts, str) and thread_ts else None
