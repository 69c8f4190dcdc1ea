"""The botbuilder edge: an activity in, a channel-neutral turn, rendered activities out.

Everything SDK-specific about a turn lives here: the activity becomes a `Turn`
(bot/turns/turn.py) with the Teams markup removed, `TeamsAnswer` sends in the turn's
conversation, and an invoke is answered in its HTTP response. The turn itself is in
bot/turns/runner.py; the conversation in `dialogs/`.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import Activity, ChannelAccount

from bot.rendering import adaptive_cards
from bot.rendering.plain_text import render_text
from bot.teams.apply_once import CLAIM_IN_TURN
from bot.teams.invoke_response import respond
from bot.teams.markup import clean_text, has_markup
from bot.teams.sender import TeamsSender, resolve_mentions, roster_of
from bot.turns.runner import Breedbeeld, shown_in_place
from bot.turns.turn import Turn
from dialogs.messages import text
from dialogs.views import InfoView, Replace
from domain.assessment import ConversationRef
from domain.records import Person

log = logging.getLogger(__name__)


def conversation_key(conversation_id: str) -> str:
    """Teams gives every channel thread its own id ("…;messageid=…"); key on the channel."""
    return conversation_id.split(";messageid=", 1)[0]


def person_of(activity: Activity) -> Person:
    """The sender: AAD object id in Teams when present (stable across bots), else the id."""
    sender = activity.from_property
    user_id = (getattr(sender, "aad_object_id", None) or sender.id) if sender else "unknown"
    name = (sender.name if sender and sender.name else None) or user_id
    return Person(user_id=user_id, name=name, account_id=sender.id if sender else "")


def mentions_of(activity: Activity) -> tuple[Person, ...]:
    """Colleagues @mentioned in a message, without the bot itself."""
    bot_id = activity.recipient.id if activity.recipient else None
    found: dict[str, Person] = {}
    for entity in activity.entities or []:
        # The SDK deserialises entities as plain Entity objects: the mention's fields
        # are in additional_properties, not on a Mention.
        extra = getattr(entity, "additional_properties", None) or {}
        account = extra.get("mentioned")
        if entity.type != "mention" or not isinstance(account, dict):
            continue
        account_id = str(account.get("id") or "")
        if not account_id or account_id == bot_id:
            continue
        found[account_id] = Person(
            user_id=str(account.get("aadObjectId") or account_id),
            name=str(account.get("name") or account_id),
            account_id=account_id,
        )
    return tuple(found.values())


def where_of(activity: Activity) -> ConversationRef:
    """The conversation an activity came from, with the thread it was posted in."""
    conversation = activity.conversation
    tenant = getattr(conversation, "tenant_id", None)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = tenant or (channel_data.get("tenant") or {}).get("id")
    # Teams puts the thread in the conversation id.
    return ConversationRef(
        channel=activity.channel_id or "unknown",
        conversation_key=conversation_key(conversation.id),
        thread_id=conversation.id,
        service_url=activity.service_url or "",
        tenant_id=tenant,
    )


ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
TASK_FETCH = "task/fetch"
TASK_SUBMIT = "task/submit"
INVOKES = frozenset({ADAPTIVE_CARD_ACTION, TASK_FETCH, TASK_SUBMIT})
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def invoke_data(name: str, value: object) -> dict[str, Any]:
    """The card data of an invoke, shaped like a card submit (`bb` is the action).

    Action.Execute sends {"action": {"verb", "data"}}: the verb is the action, whatever the
    data says. A dialog sends {"data": {...}} with Teams' own `msteams` entry. Anything
    malformed gives data without an action, which the dialogs answer with a card saying so.
    """
    raw = _mapping(value)
    if name == ADAPTIVE_CARD_ACTION:
        action = _mapping(raw.get("action"))
        verb = action.get("verb")
        return {
            **_mapping(action.get("data")),
            "bb": verb if isinstance(verb, str) and verb else None,
        }
    data = _mapping(raw.get("data"))
    return {k: v for k, v in data.items() if k != "msteams"} or {"bb": None}


def _mapping(value: object) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def invoke_answer(shown: Replace | None, dialog: bool) -> dict[str, Any] | None:
    """The body of an invoke response: the replacing card, or the dialog's next step.

    None closes a dialog (task/submit answered without a body).
    """
    if not dialog:
        if shown is None:  # nothing to replace the card with: leave it, say nothing new
            return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": ""}
        card = adaptive_cards.replacement_card(shown.view)
        return {"statusCode": 200, "type": adaptive_cards.CONTENT_TYPE, "value": card}
    if shown is None:
        return None
    if shown.close:  # the end, or "Later verder": close the dialog with its last words
        notice = getattr(shown.view, "notice", "")
        said = render_text(shown.view)
        said = f"{notice}\n\n{said}" if notice else said
        return {"task": {"type": "message", "value": said[:MAX_DIALOG_MESSAGE]}}
    card = adaptive_cards.replacement_card(shown.view, dialog=True)
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": "Breedbeeld",
                "width": "medium",
                "height": "large",
                "card": {"contentType": adaptive_cards.CONTENT_TYPE, "content": card},
            },
        }
    }


MAX_DIALOG_MESSAGE = 1000


class TeamsAnswer:
    """How a Teams turn answers: in the turn's conversation, through its adapter."""

    def __init__(self, context: TurnContext, sender: TeamsSender) -> None:
        self._context = context
        self.sender = sender
        conversation = context.activity.conversation
        self.private_here = getattr(conversation, "conversation_type", None) == "personal"

    async def say(self, message: Activity) -> str | None:
        """Send one activity in the turn's conversation; its id."""
        response = await self._context.send_activity(message)
        return response.id if response is not None else None

    async def resolve(
        self, mentions: tuple[Person, ...]
    ) -> tuple[tuple[Person, ...], frozenset[str]]:
        """The mentioned people with their AAD ids, and who is not in the conversation."""
        return await resolve_mentions(self._context, mentions)

    async def roster(self) -> tuple[Person, ...]:
        """The team's (or chat's) members."""
        return await roster_of(self._context)


class BreedbeeldBot(ActivityHandler):
    """Translates Teams activities into turns for the bot (bot/turns/runner.py)."""

    def __init__(self, bot: Breedbeeld, sender: TeamsSender) -> None:
        self.bot = bot
        self._sender = sender  # the Teams sender; each turn's is bound to its adapter

    def _answer(self, turn_context: TurnContext) -> TeamsAnswer:
        return TeamsAnswer(turn_context, self._sender.bound_to(turn_context))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """One user message or card submit."""
        activity = turn_context.activity
        if not (activity.conversation and activity.conversation.id and activity.from_property):
            log.info(
                "activity without conversation or sender ignored",
                extra={"event": "activity_ignored"},
            )
            return
        turn = Turn(
            person=person_of(activity),
            where=where_of(activity),
            text=clean_text(activity.text),
            markup_removed=has_markup(activity.text),
            value=activity.value if isinstance(activity.value, dict) else None,
            locale=activity.locale,
            mentions=mentions_of(activity),
            personal=activity.conversation.conversation_type == "personal",
            claim=turn_context.turn_state.get(CLAIM_IN_TURN),
        )
        await self.bot.message(turn, self._answer(turn_context))

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """When the bot itself is added to a team, channel or chat: introduce itself."""
        activity = turn_context.activity
        bot = activity.recipient
        if bot is None or not any(m.id == bot.id for m in members_added):
            return
        await self.bot.welcome(_welcome_turn(activity), self._answer(turn_context))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """A click that expects its answer in the HTTP response, not as a message.

        `adaptiveCard/action` (Action.Execute on a question card): the answer is the card
        that replaces the clicked one. `task/fetch` and `task/submit` (the dialog opened
        from the project's card in a channel): the answer is the dialog's next step. Every
        answer is HTTP 200 with a card or dialog, also for bad input (Teams shows any other
        status as a failure). Other invokes get a plain 200, so a channel probing or
        retrying one never sees a server error from us.
        """
        activity = turn_context.activity
        name = activity.name
        if name not in INVOKES or not (
            activity.conversation and activity.conversation.id and activity.from_property
        ):
            log.info("invoke ignored", extra={"event": "invoke_ignored", "invoke": name})
            return respond(turn_context, InvokeResponse(status=200))
        dialog = name != ADAPTIVE_CARD_ACTION
        turn = Turn(
            person=person_of(activity),
            where=where_of(activity),
            value=invoke_data(name, activity.value),
            locale=activity.locale,
            personal=activity.conversation.conversation_type == "personal",
            in_place=True,
        )
        answer = self._answer(turn_context)
        try:
            replies = await self.bot.run(turn, Breedbeeld.incoming(turn), answer)
        except Exception:  # Teams shows any answer but 200 with a card as a failed click
            log.exception("invoke failed", extra={"event": "turn_failed", "invoke": name})
            lang = "en" if (activity.locale or "").lower().startswith("en") else "nl"
            sorry = InfoView(title="Breedbeeld", paragraphs=(text("problem.internal", lang),))
            body = invoke_answer(Replace(sorry), dialog)
            return respond(turn_context, InvokeResponse(status=200, body=body))
        shown, rest = shown_in_place(replies)
        await self.bot.send(rest, turn, answer)
        return respond(turn_context, InvokeResponse(status=200, body=invoke_answer(shown, dialog)))


def _welcome_turn(activity: Activity) -> Turn:
    """The turn of a conversation update: only where it happened and the language count."""
    sender = activity.from_property or activity.recipient
    return Turn(
        person=Person(user_id=sender.id or "unknown", name=sender.name or sender.id or "?"),
        where=where_of(activity),
        locale=activity.locale,
        personal=getattr(activity.conversation, "conversation_type", None) == "personal",
    )
