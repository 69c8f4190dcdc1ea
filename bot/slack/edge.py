"""`POST /api/slack`: Slack's Events API and interactivity requests, on Slack's own SDK.

Why not botbuilder-adapters-slack 4.17.1: it loses the sender of user messages, credits
button clicks to the bot, fails on selects, checks signatures without a time window or
constant-time compare, works before acknowledging, and needs the retired `slackclient`.

Every request is checked with the signing secret (slack_sdk's SignatureVerifier: within
5 minutes, constant-time compare) before anything is read; a bad one gets 401 and
changes nothing. A good one is acknowledged at once (Slack wants an answer within 3
seconds and retries otherwise); the turn runs afterwards as a task this edge keeps, so
shutdown and tests can wait for it (`drain`).

Slack retries an event it saw no quick answer to, with the same event (same message ts)
and an `X-Slack-Retry-Num` header; a replayed request is the same bytes. The turn is
claimed in the database by (channel "slack", Slack channel, message or action ts) with
the same claim the Teams edge uses (`apply_once`), so a retry or replay is handled
once across restarts and processes, and old claims are cleaned up by the maintenance job.

Each request becomes a channel-neutral turn (bot/slack/inbound.py) that the bot runs
(bot/turns/runner.py); `SlackAnswer` posts its replies with the Slack sender.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery.messenger import Messenger
from bot.rendering import block_kit
from bot.slack.directory import SlackDirectory
from bot.slack.inbound import Fresh, SlackInbound, SlackTurn, modal_metadata
from bot.slack.sender import SLACK_CHANNEL, SlackMessages, SlackSender
from bot.storage.delivery_claims import DeliveryClaim, apply_once, is_claimed
from bot.storage.engine import run_database_work
from bot.turns.failures import failure_notice
from bot.turns.runner import Breedbeeld
from bot.web.json_body import UnreadableJson, parse_json
from dialogs.views import QuestionView, Replace
from domain.records import Person

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 20
_HANDLED_EVENTS = ("app_mention", "message", "member_joined_channel")


class _ClockFor(Clock):
    """slack_sdk's clock interface on top of the bot's (injectable) clock."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock().timestamp()


class SlackAnswer:
    """How a Slack turn answers: in its channel's thread, with the Slack sender."""

    def __init__(self, sender: SlackSender, slack_turn: SlackTurn) -> None:
        self.sender = sender
        self._turn = slack_turn
        self._channel = slack_turn.turn.where.conversation_key
        self.private_here = slack_turn.turn.personal

    async def say(self, message: SlackMessages) -> str | None:
        """Post in the turn's thread (a direct message: where it was typed)."""
        return await self.sender.post_in(self._channel, self._turn.thread_ts, message)

    async def resolve(
        self, mentions: tuple[Person, ...]
    ) -> tuple[tuple[Person, ...], frozenset[str]]:
        """Slack mentions carry the user id already; those not in the channel are outsiders."""
        members = await self.sender.members(self._channel)
        return mentions, frozenset(
            m.account_id for m in mentions if members is not None and m.account_id not in members
        )

    async def roster(self) -> tuple[Person, ...]:
        """The channel's members, without the bot; () when Slack won't say."""
        try:
            people = await self.sender.member_people(self._channel)
        except Exception:
            log.warning("roster lookup failed", exc_info=True, extra={"event": "roster_failed"})
            return ()
        return tuple(p for p in people if p.account_id != self._turn.bot_id)


class SlackEdge:
    """Verifies, acknowledges and dispatches Slack requests; owns the background turns."""

    def __init__(
        self,
        settings: Settings,
        bot: Breedbeeld,
        messenger: Messenger | None,
        engine: Engine,
        clock: Callable[[], datetime],
    ) -> None:
        self._verifier = SignatureVerifier(settings.slack_signing_secret, clock=_ClockFor(clock))
        self.client = AsyncWebClient(
            token=settings.slack_bot_token,
            base_url=settings.slack_api_url,
            timeout=int(settings.connector_timeout_seconds),  # never waits without end
        )
        # chat.postMessage allows about one message a second per channel; a long summary
        # is several messages, so wait as long as Slack's Retry-After says, then go on.
        self.client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
        directory = SlackDirectory(self.client, clock)
        self._inbound = SlackInbound(directory, settings.slack_api_url)
        self.sender = SlackSender(self.client, directory)
        if messenger is not None:
            messenger.register(SLACK_CHANNEL, self.sender)
        self._bot = bot
        self._engine = engine
        self._clock = clock
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[tuple[str, str, str]] = set()  # deliveries being built now

    # -- HTTP -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        """One Slack request: 401 unless signed, else an immediate acknowledgement."""
        body = await request.read()
        if not self._signed(body, request.headers):
            log.info("slack request refused: bad signature", extra={"event": "slack_refused"})
            return web.json_response({"error": "invalid or expired signature"}, status=401)
        payload = _payload(body, request.headers.get("Content-Type", ""))
        if payload is None:
            return web.json_response({"error": "malformed Slack request"}, status=400)
        kind = payload.get("type")
        if kind == "url_verification":
            return web.json_response({"challenge": str(payload.get("challenge", ""))})
        if kind == "event_callback":
            return self._event(payload, request.headers)
        if kind == "block_actions":
            return self._block_actions(payload)
        if kind == "view_submission":
            return await self._view_submission(payload)
        if kind == "view_closed":  # what was saved stays saved; nothing else to do
            log.info("slack modal closed", extra={"event": "slack_modal_closed"})
            return web.Response(status=200)
        log.info("slack request ignored", extra={"event": "slack_ignored", "kind": str(kind)})
        return web.Response(status=200)

    def _signed(self, body: bytes, headers: Mapping[str, str]) -> bool:
        try:
            return self._verifier.is_valid_request(body, dict(headers))
        except (ValueError, UnicodeDecodeError):  # a timestamp that is no number, bad bytes
            return False

    def _event(self, payload: Mapping[str, Any], headers: Mapping[str, str]) -> web.Response:
        event = payload.get("event") or {}
        event_type = event.get("type") if isinstance(event, Mapping) else None
        if event_type not in _HANDLED_EVENTS:
            log.info(
                "slack event ignored",
                extra={"event": "slack_event_ignored", "kind": str(event_type)},
            )
            return web.Response(status=200)
        if headers.get("X-Slack-Retry-Num"):
            log.info(
                "slack retry received",
                extra={
                    "event": "slack_retry",
                    "retry": headers.get("X-Slack-Retry-Num"),
                    "reason": headers.get("X-Slack-Retry-Reason"),
                    "event_id": str(payload.get("event_id")),
                },
            )
        self._spawn(self._turn(lambda fresh: self._inbound.from_event(payload, fresh)))
        return web.Response(status=200)

    def _block_actions(self, payload: Mapping[str, Any]) -> web.Response:
        """A button: acknowledged at once; the turn's answer, if it replaces something,
        goes where the click was (the message, the modal) or into a new modal."""
        show = self._where_to_show(payload)
        in_place = show is not None
        self._spawn(
            self._turn(
                lambda fresh: self._inbound.from_block_actions(payload, fresh, in_place), show
            )
        )
        return web.Response(status=200)

    def _where_to_show(
        self, payload: Mapping[str, Any]
    ) -> Callable[[Replace], Awaitable[None]] | None:
        """How a click's `Replace` is shown, or None for a click answered with messages.

        In a modal: views.update. A project's answer button in a channel: views.open with
        the click's trigger_id (valid for 3 seconds; the turn takes milliseconds). Save,
        Skip or Later on a question message: chat.update of that message.
        """
        actions = payload.get("actions")
        pressed = next(
            (
                str(a.get("action_id", ""))
                for a in (actions if isinstance(actions, list) else [])
                if isinstance(a, Mapping) and str(a.get("action_id", "")).startswith("bb_")
            ),
            "",
        )
        container = _mapping(payload.get("container"))
        view = _mapping(payload.get("view"))
        if container.get("type") == "view":
            view_id = str(container.get("view_id") or view.get("id") or "")
            opened_in = modal_metadata(view)
            return lambda shown: self._update_modal(view_id, shown, opened_in)
        channel = str(
            container.get("channel_id") or _mapping(payload.get("channel")).get("id") or ""
        )
        thread = container.get("thread_ts") or container.get("message_ts")
        trigger = payload.get("trigger_id")
        if pressed.startswith("bb_dialog_") and not channel.startswith("D") and trigger:
            opened_in = {"c": channel, "t": thread}
            return lambda shown: self._open_modal(str(trigger), shown, opened_in)
        if pressed == "bb_save" or pressed.startswith("bb_place_"):
            ts = str(container.get("message_ts") or "")
            return lambda shown: self._update_message(channel, ts, shown)
        return None

    async def _update_message(self, channel: str, ts: str, shown: Replace) -> None:
        """The question message becomes the next question (chat.update): no new message."""
        message = block_kit.render_messages(shown.view)[0]
        await self.client.chat_update(
            channel=channel, ts=ts, text=message.text, blocks=list(message.blocks)
        )

    async def _open_modal(self, trigger: str, shown: Replace, opened_in: dict[str, Any]) -> None:
        await self.client.views_open(trigger_id=trigger, view=_modal(shown, opened_in))

    async def _update_modal(self, view_id: str, shown: Replace, opened_in: dict[str, Any]) -> None:
        await self.client.views_update(view_id=view_id, view=_modal(shown, opened_in))

    async def _view_submission(self, payload: Mapping[str, Any]) -> web.Response:
        """A modal's Save: answered in the HTTP response (Slack waits up to 3 seconds), so
        the turn runs now. The next question replaces the modal's content
        (`response_action: update`); a refused field is marked next to that field
        (`response_action: errors`); an empty answer closes the modal."""
        opened_in = modal_metadata(payload.get("view"))
        try:
            slack_turn = await self._inbound.from_view_submission(payload)
            shown = None if slack_turn is None else await self._run(slack_turn)
        except Exception:  # the user was told the turn failed; the modal closes
            log.exception("slack modal turn failed", extra={"event": "slack_turn_failed"})
            shown = None
        if not isinstance(shown, Replace):
            return web.Response(status=200)
        field = shown.view.problem_field if isinstance(shown.view, QuestionView) else ""
        if field and field in _input_ids(_modal(shown, opened_in)):
            notice = shown.view.notice if isinstance(shown.view, QuestionView) else ""
            return web.json_response({"response_action": "errors", "errors": {field: notice}})
        return web.json_response({"response_action": "update", "view": _modal(shown, opened_in)})

    # -- background turns -------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _turn(
        self,
        build: Callable[[Fresh], Awaitable[SlackTurn | None]],
        show: Callable[[Replace], Awaitable[None]] | None = None,
    ) -> None:
        """Build the turn (looks up the user) and run the bot; never raise.

        A delivery this process is handling, or any process has handled, is dropped before
        the build looks anyone up (`fresh`); `ApplyOnce` still decides under the claim.
        `show`: how the turn's `Replace` is shown (in the clicked message or modal).
        """
        held: list[tuple[str, str, str]] = []

        async def fresh(key: tuple[str, str, str]) -> bool:
            # Marked in flight before the read, so a repeat arriving meanwhile sees it.
            repeat = key in self._in_flight
            if not repeat:
                self._in_flight.add(key)
                held.append(key)
                repeat = await run_database_work(self._engine, is_claimed, self._engine, key)
            if repeat:
                log.info(
                    "slack repeat dropped before lookups",
                    extra={"event": "duplicate_activity", "activity": key[2]},
                )
            return not repeat

        try:
            slack_turn = await build(fresh)
            if slack_turn is None:
                return
            shown = await self._run(slack_turn)
            if show is not None and isinstance(shown, Replace):
                await show(shown)
        except Exception:  # the task has no caller to tell; the user was told
            log.exception("slack turn failed", extra={"event": "slack_turn_failed"})
        finally:
            self._in_flight.difference_update(held)

    async def _run(self, slack_turn: SlackTurn) -> Replace | None:
        """Run one turn once (its delivery claimed); a failure is told in the thread.

        Returns the `Replace` of a click answered in place, for the clicked message or modal.
        """
        answer = SlackAnswer(self.sender, slack_turn)
        turn = slack_turn.turn
        shown: list[Replace] = []

        async def work(claim: DeliveryClaim | None) -> None:
            if slack_turn.joined:
                await self._bot.welcome(turn, answer)
            else:
                await self._bot.message(replace(turn, claim=claim), answer, shown.append)

        try:
            await apply_once(
                self._engine,
                slack_turn.key,
                self._clock(),
                work,
                claimed_in_turn=not slack_turn.joined,
            )
        except Exception as error:
            ts = slack_turn.key[2] if slack_turn.key else None
            delivery = f"{id(self)}/{turn.where.conversation_key}/{ts}"
            notice = failure_notice(error, turn.locale, delivery, ts)
            if notice is not None:
                try:
                    await answer.say(self.sender.render([notice])[0])
                except Exception:  # Slack itself may be what failed
                    log.exception(
                        "could not tell the user about a failed turn",
                        extra={"event": "turn_error_reply_failed"},
                    )
        return shown[0] if shown else None

    async def drain(self) -> None:
        """Wait until every acknowledged request has been handled."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- life cycle -------------------------------------------------------------------

    async def start(self, _app: web.Application) -> None:
        """One HTTP session for all Web API calls of this process."""
        self.client.session = aiohttp.ClientSession()

    async def stop(self, _app: web.Application) -> None:
        """Finish the turns already acknowledged (bounded), then close the session."""
        try:
            await asyncio.wait_for(self.drain(), SHUTDOWN_GRACE_SECONDS)
        except TimeoutError:
            log.warning("slack turns cut off at shutdown", extra={"event": "slack_drain_timeout"})
        if self.client.session is not None:
            await self.client.session.close()
            self.client.session = None


def _modal(shown: Replace, opened_in: Mapping[str, Any]) -> dict[str, Any]:
    """The modal for a view, keeping where it was opened (channel and thread)."""
    view = shown.view
    where = {"c": opened_in.get("c"), "t": opened_in.get("t")}
    data = dict(view.submit) if isinstance(view, QuestionView) else {}
    language = view.language if isinstance(view, QuestionView) else str(opened_in.get("lang", "nl"))
    return block_kit.render_modal(view, {**data, **where, "lang": language}, language)


def _mapping(value: Any) -> Mapping[str, Any]:
    """A part of a payload that should be an object; empty when it is something else."""
    return value if isinstance(value, Mapping) else {}


def _input_ids(modal: Mapping[str, Any]) -> set[str]:
    return {str(b.get("block_id")) for b in modal.get("blocks", []) if b.get("type") == "input"}


def _payload(body: bytes, content_type: str) -> dict[str, Any] | None:
    """The JSON of an Events API request, or the `payload` field of an interaction.

    None for anything unreadable (bad UTF-8, malformed or too deeply nested JSON): 400.
    """
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(text)
            if "payload" not in fields:
                return {"type": "form"}  # e.g. a slash command: not used by this app
            parsed = parse_json(fields["payload"][0])
        else:
            parsed = parse_json(text)
    except (UnicodeDecodeError, UnreadableJson):
        return None
    return parsed if isinstance(parsed, dict) else None


def add_slack_routes(app: web.Application, edge: SlackEdge | None) -> None:
    """`POST /api/slack`: the edge's, or 404 with the reason when Slack is off."""
    if edge is None:

        async def off(_request: web.Request) -> web.Response:
            return web.json_response(
                {"error": "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN"},
                status=404,
            )

        app.router.add_post("/api/slack", off)
        return
    app.router.add_post("/api/slack", edge.handle)
    app.on_startup.append(edge.start)
    app.on_shutdown.append(edge.stop)
