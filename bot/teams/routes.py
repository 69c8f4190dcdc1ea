"""`POST /api/messages`: the Teams room wired up, for bot/app.py to add to the web app.

`TeamsRoom` builds the CloudAdapter (authentication, the connector's HTTP, the invoke
body fix), the `ApplyOnce` middleware and the activity handler, registers the Teams
sender with the messenger, and adds its route. Malformed requests get 400 instead of the
SDK's 500; a turn that lost the database answers 503 so Teams delivers it again.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msrest.exceptions
from aiohttp import web
from azure.core.exceptions import DeserializationError as AzureDeserializationError
from botbuilder.core import TurnContext
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery.messenger import Messenger
from bot.teams.apply_once import ApplyOnce
from bot.teams.connector import create_adapter
from bot.teams.connector_http import ConnectorHttp, turn_budget
from bot.teams.edge import BreedbeeldBot
from bot.teams.invoke_response import ACTIVITY_JSON
from bot.teams.sender import TeamsSender, to_activity
from bot.turns.failures import database_down, failure_notice
from bot.turns.runner import Breedbeeld
from bot.web.json_body import UnreadableJson, parse_json

log = logging.getLogger(__name__)

INCOMING_PARSE_ERRORS = (msrest.exceptions.DeserializationError, AzureDeserializationError)

# Set by `messages` for the turn it runs: on_turn_error asks there for a redelivery.
_TURN_OUTCOME: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar(
    "breedbeeld_turn_outcome", default=None
)


async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    """Log the failure (ids only) and tell the user kindly; never show a stack trace.

    A lost database connection (still lost after bot/storage/engine.py retried) makes the HTTP
    answer a 503, so Teams delivers the activity again; the user hears it once.
    """
    activity = turn_context.activity
    down = database_down(error)
    if down:
        outcome = _TURN_OUTCOME.get()
        if outcome is not None:
            outcome["redeliver"] = True
    # Keyed per adapter too: one process may run several bots (tests, the benchmark).
    conversation = activity.conversation.id if activity.conversation else ""
    delivery = f"{id(turn_context.adapter)}/{conversation}/{activity.id}"
    notice = failure_notice(error, activity.locale, delivery, activity.id)
    if notice is None:
        return
    try:
        await turn_context.send_activity(to_activity(notice))
    except Exception:  # the connector itself may be what failed
        if down:
            log.warning("could not say the database is down", extra={"event": "db_notice_failed"})
        else:
            log.exception(
                "could not tell the user about a failed turn",
                extra={"event": "turn_error_reply_failed"},
            )


class TeamsRoom:
    """The Teams edge of one bot process: adapter, activity handler and route."""

    def __init__(
        self,
        settings: Settings,
        bot: Breedbeeld,
        messenger: Messenger,
        engine: Engine,
        clock: Callable[[], datetime],
        credentials_factory: Any = None,
    ) -> None:
        """`credentials_factory`: the SDK's ServiceClientCredentialsFactory (tests)."""
        self._settings = settings
        self.http = ConnectorHttp(settings.connector_timeout_seconds)
        self.adapter = create_adapter(
            settings, credentials_factory=credentials_factory, http=self.http
        )
        self.adapter.on_turn_error = on_turn_error
        self.adapter.use(ApplyOnce(engine, clock))
        sender = TeamsSender(self.adapter, settings.microsoft_app_id)
        messenger.register(None, sender)  # Teams, and any other Bot Framework channel
        self.handler = BreedbeeldBot(bot, sender)

    def add_routes(self, app: web.Application) -> None:
        """`POST /api/messages`, and closing the connector's HTTP session at the end."""
        app.router.add_post("/api/messages", self.messages)

        async def close_http(_app: web.Application) -> None:
            await self.http.close()

        app.on_cleanup.append(close_http)

    async def messages(self, request: web.Request) -> web.StreamResponse:
        """Bot Framework activities; malformed requests get 400 instead of the SDK's 500."""
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            # The adapter deserializes this same JSON (ACTIVITY_JSON): what passes here is
            # what the SDK reads.
            body = parse_json(await request.text())
        except (UnreadableJson, UnicodeDecodeError, LookupError):  # LookupError: bad charset
            return web.json_response({"error": "malformed JSON"}, status=400)
        if not isinstance(body, dict) or not isinstance(body.get("type"), str):
            return web.json_response({"error": "not an activity"}, status=400)
        service_url = body.get("serviceUrl")
        if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
            # No address to reply to; the SDK would otherwise try a default host for seconds.
            return web.json_response({"error": "serviceUrl missing"}, status=400)
        request[ACTIVITY_JSON] = body  # the adapter takes it from here, not parsing it again
        outcome: dict[str, bool] = {}
        token = _TURN_OUTCOME.set(outcome)
        try:
            # Every connector call of the turn shares this budget: the turn answers in time
            # even when its connector hangs (the rest goes to the outbox).
            with turn_budget(self._settings.connector_turn_seconds):
                response = await self.adapter.process(request, self.handler)
        except INCOMING_PARSE_ERRORS:
            # The SDK's Activity.deserialize raises on wrong field types ("recipient": []);
            # errors inside a turn never get here, on_turn_error handles those.
            return web.json_response({"error": "not a valid activity"}, status=400)
        finally:
            _TURN_OUTCOME.reset(token)
        if outcome.get("redeliver"):
            # Nothing of this turn was stored: Teams sends the activity again.
            return web.json_response({"error": "database unavailable, try again"}, status=503)
        return response or web.Response(status=201)
