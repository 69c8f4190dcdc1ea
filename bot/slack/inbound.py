"""Slack events and button clicks as channel-neutral turns (bot/turns/turn.py).

The same bot and dialogs serve Slack and Teams, so a Slack `app_mention`, a direct message
(`message.im`) or a click on a question's Save button becomes a `Turn`: plain text with
the bot's mention removed, or `value` with the card's submit data and the inputs read
from the message's `state.values`.

Where replies go: the conversation is the Slack channel (as a Teams channel; a project is
found by its thread); the turn's thread is "C123;thread_ts=…" so replies land in that
thread. In a direct message, a message outside a thread gets its replies outside a
thread too.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.slack.directory import SlackDirectory
from bot.slack.sender import SLACK_CHANNEL
from bot.storage.delivery_claims import delivery_key
from bot.turns.turn import Turn
from bot.web.json_body import UnreadableJson, parse_json
from domain.assessment import ConversationRef
from domain.records import Person

log = logging.getLogger(__name__)

# The inputs of a question message (and the welcome's project name): block_id ==
# action_id == the submit field name.
INPUT_FIELDS = ("effect", "certainty", "explanation", "text", "choices", "project")
BUTTON_PREFIX = "bb_"  # action_id of every button the bot renders
# Message subtypes that are still someone typing to the bot; others (edits, deletions,
# joins, bot messages) are not turns.
_TYPED_SUBTYPES = (None, "thread_broadcast", "file_share")

# Asked with a delivery's claim key before anyone is looked up: False drops the delivery
# (Slack's retry or a replay of one that is handled already), before it costs users.info.
Fresh = Callable[[tuple[str, str, str]], Awaitable[bool]]

_TOKEN = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True)
class SlackTurn:
    """A Slack request as a turn, with what the edge needs to run it once."""

    turn: Turn
    key: tuple[str, str, str] | None  # the delivery's claim (None: nothing to claim)
    thread_ts: str | None  # where replies go in the channel (None: outside a thread)
    bot_id: str  # the bot's user id (left out of the roster)
    joined: bool = False  # the bot itself was added to the channel: the welcome


_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned_users(text: str, bot_user_ids: Iterable[str]) -> list[str]:
    """The user ids @mentioned in a Slack message, in order, without the bot."""
    bots = set(bot_user_ids)
    found = [m.group(1) for m in _USER_MENTION.finditer(text)]
    return [u for i, u in enumerate(found) if u not in bots and u not in found[:i]]


def plain_text(
    text: str, bot_user_ids: Iterable[str], names: Mapping[str, str] | None = None
) -> str:
    """Slack message text with the bot's mentions removed and Slack's `<…>` tokens as text.

    Slack escapes &, < and > in what people type; the result keeps that escaping, and
    `typed_text` unescapes it, so a typed "<b>" stays visible text. Other mentions become
    "@name" (`names` maps user ids to display names), links their label or address.
    """
    bots = set(bot_user_ids)
    names = names or {}
    if not bots:  # no authorizations in the payload: the leading mention is ours
        text = re.sub(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>", " ", text)

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            return " " if user in bots else "@" + (names.get(user) or label or user)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            name = label or target[1:].split("^", 1)[0]
            return name if name.startswith("@") else "@" + name
        return label or target

    return _TOKEN.sub(token, text)


def typed_text(text: str) -> str:
    """The plain text of `plain_text`'s result: Slack's escaping undone, whitespace
    collapsed (&nbsp; included). Slack sends no markup to strip: formatting is `*bold*`."""
    return " ".join(html.unescape(text).split())


def submit_from_state(values: Mapping[str, Any]) -> dict[str, str]:
    """The question inputs from a block_actions `state.values`, as Adaptive Card submit data.

    Radio buttons and selects give their option value, text inputs their text, checkboxes
    and multi-selects their option values joined by commas (as Teams' multi-select does).
    Anything unexpected is left out, which the dialogs answer like an empty input.
    """
    found: dict[str, str] = {}
    for block in values.values():
        if not isinstance(block, Mapping):
            continue
        for action_id, state in block.items():
            if action_id in INPUT_FIELDS and isinstance(state, Mapping):
                value = _input_value(state)
                if value is not None:
                    found[action_id] = value
    return found


def _input_value(state: Mapping[str, Any]) -> str | None:
    kind = state.get("type")
    if kind in ("radio_buttons", "static_select"):
        option = state.get("selected_option")
        return option.get("value") if isinstance(option, Mapping) else ""
    if kind in ("checkboxes", "multi_static_select"):
        options = state.get("selected_options") or []
        return ",".join(o["value"] for o in options if isinstance(o, Mapping) and "value" in o)
    if kind == "plain_text_input":
        value = state.get("value")
        return value if isinstance(value, str) else ""
    return None


class SlackInbound:
    """Builds activities from Slack payloads; looks up who is talking."""

    def __init__(self, directory: SlackDirectory, service_url: str) -> None:
        self._directory = directory
        self._service_url = service_url

    async def from_event(self, envelope: Mapping[str, Any], fresh: Fresh) -> SlackTurn | None:
        """The turn for an Events API callback, or None when it is not a turn (or a
        repeat: `fresh` said no)."""
        event = envelope.get("event")
        if not isinstance(event, Mapping):
            return None
        channel = event.get("channel")
        user = event.get("user")
        if not isinstance(channel, str) or not isinstance(user, str):
            return None
        if event.get("type") == "member_joined_channel":
            return self._bot_joined(envelope, channel, user)
        if not _is_turn(event, channel):
            return None
        direct = _is_direct(channel)
        bots = _bot_user_ids(envelope)
        ts = str(event.get("ts") or "")
        if not await fresh(delivery_key(SLACK_CHANNEL, channel, ts)):
            return None
        thread = event.get("thread_ts") or (None if direct else ts)
        raw = str(event.get("text") or "")
        # Colleagues mentioned (e.g. `mede-eigenaar @Bram`) become mention entities, as
        # Teams sends them, with the names Slack knows.
        colleagues = [await self._directory.person(u) for u in mentioned_users(raw, bots)]
        names = {c.user_id: c.name for c in colleagues if c.name != c.user_id}
        bot_id = next(iter(bots), "") or "breedbeeld"
        return await self._turn(
            user=user,
            channel=channel,
            ts=ts,
            thread_ts=thread if isinstance(thread, str) else None,
            bot_id=bot_id,
            text=typed_text(plain_text(raw, bots, names)),
            mentions=tuple(
                Person(user_id=c.user_id, name=c.name, account_id=c.user_id)
                for c in colleagues
                if c.user_id != bot_id
            ),
        )

    def _bot_joined(self, envelope: Mapping[str, Any], channel: str, user: str) -> SlackTurn | None:
        """The bot was added to a channel: it introduces itself there."""
        bots = _bot_user_ids(envelope)
        if user not in bots:
            return None  # someone else joined a channel the bot is in: not our business
        event_id = str(envelope.get("event_id") or "")
        return SlackTurn(
            turn=Turn(
                person=Person(user_id=user, name="Breedbeeld", account_id=user),
                where=self._where(channel, None),
            ),
            key=delivery_key(SLACK_CHANNEL, channel, event_id) if event_id else None,
            thread_ts=None,
            bot_id=user,
            joined=True,
        )

    async def from_block_actions(
        self, payload: Mapping[str, Any], fresh: Fresh, in_place: bool = False
    ) -> SlackTurn | None:
        """The turn for a click on one of the bot's buttons, or None for other actions
        (or a repeat: `fresh` said no).

        `in_place`: the edge shows the turn's answer in the clicked message or modal. A
        click inside a modal knows its channel from the modal's `private_metadata`.
        """
        actions = [
            a
            for a in payload.get("actions") or []
            if isinstance(a, Mapping) and str(a.get("action_id", "")).startswith(BUTTON_PREFIX)
        ]
        user = _object(payload.get("user")).get("id")
        container = _object(payload.get("container"))
        opened_in = modal_metadata(payload.get("view"))
        channel = (
            _object(payload.get("channel")).get("id")
            or container.get("channel_id")
            or opened_in.get("c")
        )
        if not actions or not isinstance(user, str) or not isinstance(channel, str):
            return None
        action = actions[0]
        raw = action.get("value")
        try:
            data = parse_json(raw) if isinstance(raw, str) else None
        except UnreadableJson:
            data = None
        # A button value the bot did not write: the dialogs answer "could not read this card".
        value: dict[str, Any] = dict(data) if isinstance(data, dict) else {"bb": None}
        state = _object(payload.get("state")).get("values") or {}
        if isinstance(state, Mapping):
            value.update(submit_from_state(state))
        view_state = _object(_object(payload.get("view")).get("state")).get("values") or {}
        if isinstance(view_state, Mapping):  # a click in a modal: the modal's inputs
            value.update(submit_from_state(view_state))
        message = _object(payload.get("message"))
        ts = str(message.get("ts") or container.get("message_ts") or "")
        click_ts = str(action.get("action_ts") or ts)
        if not await fresh(delivery_key(SLACK_CHANNEL, channel, click_ts)):
            return None
        thread = (
            message.get("thread_ts")
            or container.get("thread_ts")
            or opened_in.get("t")
            or (None if _is_direct(channel) else ts)
        )
        return await self._turn(
            user=user,
            channel=channel,
            ts=click_ts,
            thread_ts=thread if isinstance(thread, str) else None,
            bot_id=str(message.get("user") or "") or "breedbeeld",
            value=value,
            in_place=in_place,
        )

    async def from_view_submission(self, payload: Mapping[str, Any]) -> SlackTurn | None:
        """The turn for a modal's Save: the question's data from `private_metadata`
        (written by the bot, where the modal was opened included) plus its inputs."""
        view = _object(payload.get("view"))
        user = _object(payload.get("user")).get("id")
        opened_in = modal_metadata(view)
        channel = opened_in.get("c")
        if not isinstance(user, str) or not isinstance(channel, str):
            return None
        value: dict[str, Any] = {
            k: v for k, v in opened_in.items() if k not in ("c", "t") and isinstance(v, str)
        } or {"bb": None}
        state = _object(view.get("state")).get("values") or {}
        if isinstance(state, Mapping):
            value.update(submit_from_state(state))
        thread = opened_in.get("t")
        # Each submission is its own delivery (ApplyOnce): the view's id and its hash,
        # which Slack changes with every update of the modal.
        delivery = f"{view.get('id', '')}:{view.get('hash', '')}"
        return await self._turn(
            user=user,
            channel=channel,
            ts=delivery,
            thread_ts=thread if isinstance(thread, str) else None,
            bot_id="breedbeeld",
            value=value,
            in_place=True,
        )

    async def _turn(
        self,
        *,
        user: str,
        channel: str,
        ts: str,
        thread_ts: str | None,
        bot_id: str,
        text: str = "",
        value: dict[str, Any] | None = None,
        mentions: tuple[Person, ...] = (),
        in_place: bool = False,
    ) -> SlackTurn:
        person = await self._directory.person(user)
        turn = Turn(
            person=Person(user_id=user, name=person.name or user, account_id=user),
            where=self._where(channel, thread_ts),
            text=text,
            value=value,
            locale=person.locale,
            mentions=mentions,
            personal=_is_direct(channel),
            in_place=value is not None and in_place,
        )
        key = delivery_key(SLACK_CHANNEL, channel, ts) if ts else None
        return SlackTurn(turn=turn, key=key, thread_ts=thread_ts, bot_id=bot_id)

    def _where(self, channel: str, thread_ts: str | None) -> ConversationRef:
        """The channel, and the thread the turn is in (the project's thread)."""
        return ConversationRef(
            channel=SLACK_CHANNEL,
            conversation_key=channel,
            thread_id=f"{channel};thread_ts={thread_ts}" if thread_ts else channel,
            service_url=self._service_url,
        )


def modal_metadata(view: object) -> dict[str, Any]:
    """The bot's data in a modal's `private_metadata` ({} when there is none)."""
    raw = view.get("private_metadata") if isinstance(view, Mapping) else None
    try:
        data = parse_json(raw) if isinstance(raw, str) and raw else {}
    except UnreadableJson:
        return {}
    return dict(data) if isinstance(data, dict) else {}


def _object(value: Any) -> Mapping[str, Any]:
    """A part of a payload that should be an object; empty when it is something else, so
    a payload of the wrong shape is answered as "not a turn" instead of crashing."""
    return value if isinstance(value, Mapping) else {}


def _is_turn(event: Mapping[str, Any], channel: str) -> bool:
    """A mention in a channel, or a message typed in a direct message; nothing else.

    Not: the bot's own replies, edits and other housekeeping subtypes, and a mention in a
    direct message (it also arrives as message.im, and is handled once, as that).
    """
    if event.get("bot_id") or event.get("subtype") not in _TYPED_SUBTYPES:
        return False
    if event.get("type") == "app_mention":
        return not _is_direct(channel)
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and (_is_direct(channel))
    )


def _is_direct(channel: str) -> bool:
    """Direct message channels have ids starting with D."""
    return channel.startswith("D")


def _bot_user_ids(envelope: Mapping[str, Any]) -> list[str]:
    authorizations = envelope.get("authorizations") or []
    return [
        a["user_id"]
        for a in authorizations
        if isinstance(a, Mapping) and a.get("is_bot") and isinstance(a.get("user_id"), str)
    ]
