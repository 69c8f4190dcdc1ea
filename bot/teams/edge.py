"""The botbuilder edge: an activity in, a domain turn, rendered activities out.

Everything SDK-specific about a turn lives here; the conversation itself is in `dialogs/`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, MutableMapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from botbuilder.core import (
    ActivityHandler,
    InvokeResponse,
    MessageFactory,
    TurnContext,
)
from botbuilder.schema import (
    Activity,
    Attachment,
    ChannelAccount,
    ResourceResponse,
    TextFormatTypes,
)
from sqlalchemy.engine import Engine

from bot.messenger import Delivery, Messenger, resolve_mentions, roster_of
from bot.outbox import OutboxKind, Outgoing, classify
from bot.rendering import adaptive_cards, block_kit
from bot.rendering.paragraph_docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from bot.rendering.paragraph_docx import render_docx
from bot.rendering.plain_text import render_text
from bot.storage.delivery_claims import CLAIM_IN_TURN, DeliveryClaim
from bot.storage.engine import run_database_work
from bot.storage.user_memory import UserMemory, owner_key
from bot.teams.card_refresh import CardRefresh
from bot.teams.invoke_response import respond
from dialogs.commands import clean_text, has_markup
from dialogs.conversation import Conversation, Incoming
from dialogs.messages import text
from dialogs.views import (
    Address,
    DirectMessage,
    InfoView,
    ParagraphView,
    PrivateView,
    ProgressCard,
    Replace,
    Reply,
    RosterNeeded,
    TextView,
    View,
    WakeScheduler,
)
from domain.assessment import ConversationRef
from domain.models import utcnow
from domain.records import Person

log = logging.getLogger(__name__)

CONSOLE_CHANNEL = "console"
SLACK_CHANNEL = "slack"


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
    # Teams puts the thread in the conversation id; Slack's edge passes it as thread_ts.
    thread_ts = channel_data.get("thread_ts")
    return ConversationRef(
        channel=activity.channel_id or "unknown",
        conversation_key=conversation_key(conversation.id),
        thread_id=f"{conversation.id};thread_ts={thread_ts}" if thread_ts else conversation.id,
        service_url=activity.service_url or "",
        tenant_id=tenant,
    )


def to_activity(view: View, channel_id: str | None = None) -> Activity:
    """A message activity for a view, in the format of the channel it goes to.

    The one place that picks a renderer: Slack gets Block Kit messages (one attachment
    per Slack message, posted by the Slack adapter), the terminal chat (`console`) plain
    text, and Teams (and any other Bot Framework channel) an Adaptive Card, or markdown
    text for a plain text view.
    """
    if channel_id == SLACK_CHANNEL:
        attachments = [
            Attachment(content_type=block_kit.CONTENT_TYPE, content=message.as_content())
            for message in block_kit.render_messages(view)
        ]
        return MessageFactory.list(attachments)
    card = None if channel_id == CONSOLE_CHANNEL else adaptive_cards.render_card(view)
    if card is None:
        if channel_id == CONSOLE_CHANNEL:
            # A terminal shows Markdown as typed: "**volgende**" must read "volgende".
            message = MessageFactory.text(render_text(view).replace("**", ""))
            message.text_format = TextFormatTypes.plain
            if isinstance(view, ParagraphView):
                # The terminal has no links to click: the console adapter writes this file.
                message.attachments = [saved_file(view)]
            return message
        message = MessageFactory.text(render_text(view))
        message.text_format = TextFormatTypes.markdown
        return message
    return MessageFactory.attachment(
        Attachment(content_type=adaptive_cards.CONTENT_TYPE, content=card)
    )


def saved_file(view: ParagraphView) -> Attachment:
    """The paragraph's Word file for the terminal chat, which writes it to disk.

    `content` holds the bytes and the sentence that says where it went ({path}).
    """
    return Attachment(
        content_type=DOCX_CONTENT_TYPE,
        name=view.file_name,
        content={"data": render_docx(view), "saved_as": view.labels.get("saved_as", "{path}")},
    )


def to_activities(views: list[View], channel_id: str | None = None) -> list[Activity]:
    """The messages for a turn's views: a text just before a card goes out with that card.

    Why: every message is a call to the Bot Connector, the largest cost of a turn after
    the database (docs/PERFORMANCE.md). "Saved: …" followed by the next question is one
    message in Teams (text above the card) instead of two, and costs one call.
    """
    messages: list[Activity] = []
    for view in views:
        message = to_activity(view, channel_id)
        previous = messages[-1] if messages else None
        # (The terminal has no cards: its only attachment is a file to write, not a card.)
        if (
            channel_id != CONSOLE_CHANNEL
            and message.attachments
            and previous is not None
            and not previous.attachments
        ):
            message.text = previous.text
            message.text_format = previous.text_format
            messages[-1] = message
        else:
            messages.append(message)
    return messages


def _here(turn_context: TurnContext) -> Address:
    """The turn's own conversation (its thread) as an address the outbox can post to."""
    activity = turn_context.activity
    where = where_of(activity)
    return Address(
        activity.channel_id or "", activity.service_url or "", where.tenant_id, where.thread_id
    )


ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
TASK_FETCH = "task/fetch"
TASK_SUBMIT = "task/submit"
INVOKES = frozenset({ADAPTIVE_CARD_ACTION, TASK_FETCH, TASK_SUBMIT})
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
# Turn state: the `Replace` of an in-place click that came as a message activity (Slack),
# for the edge to show in the message or modal clicked.
REPLACED = "breedbeeld.replaced"


def _in_place(activity: Activity) -> bool:
    """A Slack click the edge will answer in place (its channel data says so)."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    return activity.channel_id == SLACK_CHANNEL and data.get("in_place") is True


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


class BreedbeeldBot(ActivityHandler):
    """Routes message activities (text and card submits) into the conversation."""

    def __init__(
        self,
        conversation: Conversation,
        app_id: str = "",
        messenger: Messenger | None = None,
        *,
        database: Engine | None = None,
        card_interval: timedelta = timedelta(0),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._app_id = app_id
        self._database = database  # where the conversation's state lives
        self._conversation = conversation
        self._clock = clock
        self.messenger = messenger or Messenger(app_id)
        # An answer's progress card refresh waits while the card changed recently.
        self.card_refresh = CardRefresh(card_interval, clock, self._refresh_card)
        # Set by the reminder scheduler: called when a reminder was planned for now.
        self.wake_scheduler: Callable[[], None] = lambda: None

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """One user message or card submit."""
        activity = turn_context.activity
        if not (activity.conversation and activity.conversation.id and activity.from_property):
            log.info(
                "activity without conversation or sender ignored",
                extra={"event": "activity_ignored"},
            )
            return
        value = activity.value if isinstance(activity.value, dict) else None
        mentions, outsiders = await resolve_mentions(turn_context, mentions_of(activity))
        incoming = Incoming(
            person=person_of(activity),
            where=where_of(activity),
            text=clean_text(activity.text),
            markup_removed=has_markup(activity.text),
            value=value,
            locale=activity.locale,
            mentions=mentions,
            personal=activity.conversation.conversation_type == "personal",
            outsiders=outsiders,
            in_place=value is not None and _in_place(activity),
        )
        replies = await self._turn(turn_context, incoming)
        if incoming.in_place:  # the edge that set it shows the Replace (bot/slack/edge.py)
            shown = next((r for r in replies if isinstance(r, Replace)), None)
            turn_context.turn_state[REPLACED] = shown
            replies = [r for r in replies if not isinstance(r, Replace)]
        await self._send(turn_context, replies)

    async def _turn(self, turn_context: TurnContext, incoming: Incoming) -> list[Reply]:
        """Run the conversation on one turn (off the event loop) and keep the memory."""
        activity = turn_context.activity
        memory = self._memory_of(activity)
        # An answer on a card writes the ApplyOnce claim in its own transaction.
        claim: DeliveryClaim | None = turn_context.turn_state.get(CLAIM_IN_TURN)
        # Off the event loop on PostgreSQL: other turns go on while a commit is flushed.
        replies = await run_database_work(
            self._database,
            self._conversation.handle,
            incoming,
            memory,
            (claim,) if claim is not None else (),
        )
        if any(isinstance(r, RosterNeeded) for r in replies):
            # `deelnemers iedereen`: look the members up, then the same turn again.
            roster = await roster_of(turn_context)
            replies = await run_database_work(
                self._database, self._conversation.handle, replace(incoming, roster=roster), memory
            )
        if isinstance(memory, UserMemory) and memory.changed:
            await run_database_work(self._database, memory.save)
        if claim is not None and not claim.taken:  # no answer stored: claim before replying
            await run_database_work(self._database, claim.take)
        return replies

    async def _send(self, turn_context: TurnContext, replies: list[Reply]) -> None:
        """Deliver a turn's replies; views for this conversation in one call where possible."""
        activity = turn_context.activity
        for group in _grouped(replies):
            if isinstance(group, list):  # views for this conversation: one call where possible
                await self.reply_here(turn_context, to_activities(group, activity.channel_id))
            else:
                await self._deliver(turn_context, group)

    async def reply_here(
        self,
        turn_context: TurnContext,
        activities: list[Activity],
        project: str | None = None,
    ) -> ResourceResponse | None:
        """Send in this turn's conversation, one message at a time; the last one's response.

        What fails for now (timeout, the turn's time spent, 429, 503, a closed connection)
        is kept in the outbox with everything after it, and the turn goes on: the user gets
        it a little later instead of never (issue 17). Any other failure is raised.
        """
        response = None
        for index, activity in enumerate(activities):
            try:
                response = await turn_context.send_activity(activity)
            except Exception as error:
                failure = classify(error)
                if not failure.retryable:
                    raise
                lang = "en" if (turn_context.activity.locale or "").lower()[:2] == "en" else "nl"
                lost = TextView(text("outbox.reply_lost", lang))
                rest = Outgoing(
                    OutboxKind.SEND,
                    _here(turn_context),
                    tuple(activities[index:]),
                    notice=to_activity(lost, turn_context.activity.channel_id),
                    project=project,
                )
                if not await self.messenger.keep(rest, failure):
                    raise
                return None
        return response

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        """When the bot itself is added to a team, channel or chat: introduce itself."""
        bot = turn_context.activity.recipient
        if bot is None or not any(m.id == bot.id for m in members_added):
            return
        for view in self._conversation.welcome(turn_context.activity.locale):
            await self._deliver(turn_context, view)

    async def _deliver(self, turn_context: TurnContext, reply: Reply) -> None:
        """Send one reply the way its kind asks for."""
        channel = turn_context.activity.channel_id
        if isinstance(reply, PrivateView):
            await self._send_privately(turn_context, reply)
        elif isinstance(reply, DirectMessage):
            await self._send_direct(turn_context, reply)
        elif isinstance(reply, ProgressCard):
            await self._progress_card(turn_context, reply)
        elif isinstance(reply, WakeScheduler):
            self.wake_scheduler()
        elif isinstance(reply, Replace):  # a message turn cannot replace: post it
            await self.reply_here(turn_context, [to_activity(reply.view, channel)])
        elif not isinstance(reply, RosterNeeded):
            await self.reply_here(turn_context, [to_activity(reply, channel)])

    async def _send_privately(self, turn_context: TurnContext, private: PrivateView) -> None:
        """Send views to the sender alone: here in a 1:1 chat, else in a new 1:1 chat."""
        activity = turn_context.activity
        channel = activity.channel_id
        activities = [to_activity(v, channel) for v in private.views]
        if channel == CONSOLE_CHANNEL or activity.conversation.conversation_type == "personal":
            await self.reply_here(turn_context, activities)
            return
        sent = await self.messenger.send_direct(
            _here(turn_context),
            activity.from_property.id,
            activities,
            bot=activity.recipient,
            via=turn_context.adapter,
            notice=to_activity(TextView(private.failed), channel),
        )
        said = private.notice if sent in (Delivery.SENT, Delivery.QUEUED) else private.failed
        await self.reply_here(turn_context, [to_activity(TextView(said), channel)])

    async def _send_direct(self, turn_context: TurnContext, message: DirectMessage) -> None:
        """An invitation to a teammate, in a 1:1 chat; say so here when that fails."""
        channel = message.address.channel
        activities = [to_activity(v, channel) for v in message.views]
        same_channel = channel == turn_context.activity.channel_id
        sent = await self.messenger.send_direct(
            message.address,
            message.recipient.account_id,
            activities,
            bot=turn_context.activity.recipient if same_channel else None,
            via=turn_context.adapter if same_channel else None,
            notice=to_activity(message.failed, channel),
        )
        if sent not in (Delivery.SENT, Delivery.QUEUED):  # queued: said if it never arrives
            await self.reply_here(
                turn_context, [to_activity(message.failed, turn_context.activity.channel_id)]
            )

    async def _progress_card(self, turn_context: TurnContext, card: ProgressCard) -> None:
        """Post the assessment's card once (remembering its id), then update it in place."""
        if (
            card.activity_id is not None
            and card.can_wait
            and not self.card_refresh.may_update_now(card.public_id)
        ):
            return  # refreshed from a fresh read when the interval is over
        address = card.address
        activity = to_activity(card.shown(), address.channel)
        here = where_of(turn_context.activity).thread_id == address.conversation_id
        via = turn_context.adapter if address.channel == turn_context.activity.channel_id else None
        if card.activity_id is not None:
            await self.messenger.update(
                address, card.activity_id, activity, via=via, project=card.public_id
            )
            self.card_refresh.updated(card.public_id)
            return
        if here:
            response = await self.reply_here(turn_context, [activity], project=card.public_id)
            posted = response.id if response is not None else None
        else:
            posted = await self.messenger.post(address, activity, via=via, project=card.public_id)
        if posted:
            self._conversation.progress_card_posted(card.public_id, address.conversation_id, posted)

    async def _refresh_card(self, public_id: str) -> None:
        """The card of an assessment whose refresh waited: read it again and update it."""
        card = await run_database_work(self._database, self._conversation.current_card, public_id)
        if card is None or card.activity_id is None:
            return
        activity = to_activity(card.shown(), card.address.channel)
        await self.messenger.update(card.address, card.activity_id, activity, project=public_id)

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
        incoming = Incoming(
            person=person_of(activity),
            where=where_of(activity),
            value=invoke_data(name, activity.value),
            locale=activity.locale,
            personal=activity.conversation.conversation_type == "personal",
            in_place=True,
        )
        try:
            replies = await self._turn(turn_context, incoming)
        except Exception:  # Teams shows any answer but 200 with a card as a failed click
            log.exception("invoke failed", extra={"event": "turn_failed", "invoke": name})
            lang = "en" if (activity.locale or "").lower().startswith("en") else "nl"
            sorry = InfoView(title="Breedbeeld", paragraphs=(text("problem.internal", lang),))
            body = invoke_answer(Replace(sorry), dialog)
            return respond(turn_context, InvokeResponse(status=200, body=body))
        shown = next((r for r in replies if isinstance(r, Replace)), None)
        await self._send(turn_context, [r for r in replies if not isinstance(r, Replace)])
        return respond(turn_context, InvokeResponse(status=200, body=invoke_answer(shown, dialog)))

    def _memory_of(self, activity: Activity) -> MutableMapping[str, Any]:
        """The sender's memory (pending question, language), read entry by entry as needed.

        Without a database (tests of the bot alone) it lives for the turn only.
        """
        if self._database is None:
            return {}
        owner = owner_key(activity.channel_id, activity.from_property.id)
        return UserMemory(self._database, owner, self._clock)
