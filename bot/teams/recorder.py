"""A Teams conversation without a connector: the demo's teammates talk to the real bot.

Activities go through the same handler, middleware and turn logic as in Teams; whatever
the bot sends (messages, updates, an invoke's answer) is recorded instead of posted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from bot.rendering.adaptive_cards import CONTENT_TYPE
from bot.teams.edge import ADAPTIVE_CARD_ACTION, BreedbeeldBot

CHANNEL = "msteams"


@dataclass(frozen=True)
class Recorded:
    """One thing the bot sent: its text and the Adaptive Card it carried, if any."""

    text: str
    card: dict[str, Any] | None


class TeamsRecorder(BotAdapter):
    """Feeds activities to the bot as Teams would and keeps everything the bot sends."""

    def __init__(self, handler: BreedbeeldBot, conversation: str) -> None:
        super().__init__()
        self._handler = handler
        self._conversation = conversation
        self.sent: list[Activity] = []

    async def turn(
        self,
        user_id: str,
        name: str,
        locale: str,
        *,
        text: str | None = None,
        value: dict[str, Any] | None = None,
        execute: bool = False,
    ) -> list[Recorded]:
        """One message or card submit by a teammate; returns the bot's replies.

        `execute`: the click is an Action.Execute, sent as Teams does (an adaptiveCard/action
        invoke); the card that replaces the clicked one is among the replies (invokeResponse).
        """
        before = len(self.sent)
        if execute and value is not None:
            value = {"action": {"type": "Action.Execute", "verb": value.get("bb"), "data": value}}
        activity = Activity(
            type=ActivityTypes.invoke if execute else ActivityTypes.message,
            name=ADAPTIVE_CARD_ACTION if execute else None,
            id=str(uuid.uuid4()),
            channel_id=CHANNEL,
            service_url="https://demo.invalid/",
            conversation=ConversationAccount(id=self._conversation, conversation_type="channel"),
            from_property=ChannelAccount(id=user_id, name=name),
            recipient=ChannelAccount(id="breedbeeld", name="Breedbeeld"),
            text=text,
            value=value,
            locale=locale,
        )
        await self.run_pipeline(TurnContext(self, activity), self._handler.on_turn)
        return [Recorded(a.text or "", card_of(a)) for a in self.sent[before:]]

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Record the replies."""
        self.sent.extend(activities)
        return [ResourceResponse(id=str(uuid.uuid4())) for _ in activities]

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        """Updates are recorded like new messages."""
        self.sent.append(activity)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Nothing to delete."""


def card_of(activity: Activity) -> dict[str, Any] | None:
    """The Adaptive Card an activity carries (or an invoke answered with), if any."""
    if activity.type == ActivityTypes.invoke_response:
        body = getattr(activity.value, "body", None)
        card = body.get("value") if isinstance(body, dict) else None
        return card if isinstance(card, dict) and card.get("type") == "AdaptiveCard" else None
    for attachment in activity.attachments or []:
        if attachment.content_type == CONTENT_TYPE and isinstance(attachment.content, dict):
            return attachment.content
    return None
