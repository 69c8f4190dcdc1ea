"""Botbuilder middleware that applies each Teams delivery once (bot/storage/delivery_claims.py).

Teams re-sends an activity it did not see acknowledged in time; the claim on (channel,
conversation, activity id) drops the repeat. A message turn gets its claim in the turn
state (`CLAIM_IN_TURN`) and writes it with its work; a conversation update (the welcome)
claims before it runs; other activities (invokes) are not claimed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes
from sqlalchemy.engine import Engine

from bot.storage.delivery_claims import DeliveryClaim, apply_once, delivery_key

CLAIM_IN_TURN = "breedbeeld.claim_in_turn"  # turn_state key of a claim the turn writes itself


class ApplyOnce(Middleware):
    """Drops repeated deliveries of a message activity or conversation update."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        """Claim the activity with the turn's work, or before it replies; see the module."""
        activity = context.activity
        # Messages and conversation updates (the welcome) change things; others do not.
        if activity.type not in (ActivityTypes.message, ActivityTypes.conversation_update):
            await logic()
            return
        key = key_of(activity)
        if key is None:
            await logic()
            return

        async def work(claim: DeliveryClaim | None) -> None:
            if claim is not None:
                context.turn_state[CLAIM_IN_TURN] = claim  # the bot claims before replying
            await logic()

        await apply_once(
            self._engine,
            key,
            self._clock(),
            work,
            claimed_in_turn=activity.type == ActivityTypes.message,
        )


def key_of(activity: Activity) -> tuple[str, str, str] | None:
    """The claim key of an activity: channel, conversation and activity id."""
    channel = getattr(activity, "channel_id", None)
    conversation = getattr(activity, "conversation", None)
    activity_id = getattr(activity, "id", None)
    conversation_id = getattr(conversation, "id", None)
    if not (channel and conversation_id and activity_id):
        return None
    return delivery_key(str(channel), str(conversation_id), str(activity_id))
