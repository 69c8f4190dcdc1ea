"""The Slack `ChannelSender`: views as Block Kit messages, sent with slack_sdk.

A view becomes one or more Slack messages ({text, blocks}: a long summary is several),
posted with `chat.postMessage` into a thread; `update` is `chat.update`, and a 1:1 chat
is the direct message `conversations.open` gives. A conversation id "C123;thread_ts=1700.1"
means that thread of the channel (how an assessment's thread is addressed from outside a
turn). Members of a conversation come from `conversations.members`. Plain text is sent
escaped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery.channel import Membership
from bot.delivery.outbox import classify_common, retry_after
from bot.rendering import block_kit
from bot.rendering.slack_text import cut, mrkdwn
from bot.slack.directory import SlackDirectory
from bot.storage.outbox import Failure
from dialogs.views import Address, View
from domain.records import Person

log = logging.getLogger(__name__)

SLACK_CHANNEL = "slack"
# Slack's answers for someone who is no longer there.
_SLACK_GONE = frozenset({"user_not_found", "user_disabled", "account_inactive", "user_not_visible"})

# One rendered view: the Slack messages ({text, blocks}) it is posted as.
SlackMessages = list[dict[str, Any]]


def classify(error: BaseException) -> Failure:
    """Whether an error from Slack's Web API is worth another try, and when."""
    if isinstance(error, SlackApiError):
        response: Any = error.response
        status = int(getattr(response, "status_code", 0) or 0)
        code = str(response.get("error") if hasattr(response, "get") else "")
        if status == 429 or code == "ratelimited" or status >= 500:
            headers = getattr(response, "headers", None) or {}
            return Failure(True, retry_after(headers), reason=f"slack {status} {code}")
        return Failure(False, gone=code in _SLACK_GONE, reason=f"slack {code}")
    return classify_common(error)


def slack_messages(view: View) -> SlackMessages:
    """The Slack messages ({text, blocks}) a view is posted as."""
    return [message.as_content() for message in block_kit.render_messages(view)]


def split_address(conversation_id: str) -> tuple[str, str | None]:
    """Channel and thread of a conversation id ("C123;thread_ts=1700.1")."""
    channel, _, thread = conversation_id.partition(";thread_ts=")
    return channel, thread or None


class SlackSender:
    """Block Kit through the Web API; members and names through the directory."""

    def __init__(self, client: AsyncWebClient, directory: SlackDirectory | None = None) -> None:
        self._client = client
        self._directory = directory

    # -- ChannelSender ----------------------------------------------------------------

    def render(self, views: Sequence[View], *, together: bool = False) -> list[SlackMessages]:
        """The Slack messages of each view (Slack has no text above a card to join)."""
        return [slack_messages(v) for v in views]

    def encode(self, message: SlackMessages) -> dict[str, Any]:
        """As the outbox keeps it: an activity-shaped object, one attachment per message."""
        return {
            "type": "message",
            "attachments": [{"contentType": block_kit.CONTENT_TYPE, "content": m} for m in message],
        }

    def decode(self, data: dict[str, Any]) -> SlackMessages:
        """The messages the outbox kept (plain text when it kept no Block Kit)."""
        found = [
            dict(a["content"])
            for a in data.get("attachments") or []
            if isinstance(a, Mapping)
            and a.get("contentType") == block_kit.CONTENT_TYPE
            and isinstance(a.get("content"), Mapping)
        ]
        if not found:
            text = cut(mrkdwn(str(data.get("text") or "")), block_kit.MAX_TEXT) or " "
            found = [{"text": text, "blocks": []}]
        return found

    def classify(self, error: BaseException) -> Failure:
        """See `classify`."""
        return classify(error)

    async def post(self, address: Address, messages: Sequence[SlackMessages]) -> str | None:
        """Post in the channel (and thread) of `address`; the first ts of the last view."""
        channel, thread = split_address(address.conversation_id)
        ts = None
        for message in messages:
            ts = await self.post_in(channel, thread, message)
        return ts

    async def post_in(self, channel: str, thread: str | None, message: SlackMessages) -> str:
        """Post one view's messages in a channel's thread (or outside any); the first ts."""
        ts = ""
        for part in message:
            response = await self._client.chat_postMessage(
                channel=channel,
                thread_ts=thread,
                text=part["text"],
                blocks=part["blocks"] or None,
                unfurl_links=False,
                unfurl_media=False,
            )
            ts = ts or str(response.get("ts") or "")
        return ts

    async def update(self, address: Address, message_id: str, message: SlackMessages) -> None:
        """Replace a message the bot posted (its ts); with the view's first message."""
        channel, _ = split_address(address.conversation_id)
        first = message[0]
        await self._client.chat_update(
            channel=channel, ts=message_id, text=first["text"], blocks=first["blocks"]
        )

    async def direct(
        self, address: Address, account_id: str, messages: Sequence[SlackMessages]
    ) -> None:
        """The direct message with the person (conversations.open), outside any thread."""
        response = await self._client.conversations_open(users=[account_id])
        channel = (response.get("channel") or {}).get("id")
        if not isinstance(channel, str):
            raise ValueError("Slack opened no direct message")
        for message in messages:
            await self.post_in(channel, None, message)

    async def membership(self, address: Address, account_id: str) -> Membership:
        """Whether the person is in the channel of `address` (a direct message: yes)."""
        channel, _ = split_address(address.conversation_id)
        if channel.startswith("D"):
            return Membership.MEMBER  # a direct message: the person and the bot
        members = await self.members(channel)
        if members is None:
            return Membership.UNKNOWN
        return Membership.MEMBER if account_id in members else Membership.NOT_MEMBER

    # -- members ----------------------------------------------------------------------

    async def members(self, channel: str) -> set[str] | None:
        """The user ids in a Slack conversation (None when Slack won't say)."""
        try:
            return set(await self.member_ids(channel))
        except Exception:
            log.warning(
                "slack members failed", exc_info=True, extra={"event": "slack_members_failed"}
            )
            return None

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
