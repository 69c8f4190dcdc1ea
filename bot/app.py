"""The aiohttp application: `/api/messages` (Teams), `/api/slack` (Slack) and `/healthz`."""

from __future__ import annotations

import contextvars
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import msrest.exceptions
import sqlalchemy as sa
from aiohttp import web
from azure.core.exceptions import DeserializationError as AzureDeserializationError
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import ServiceClientCredentialsFactory
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.jobs.maintenance import maintenance_context
from bot.jobs.scheduler import ReminderScheduler
from bot.messenger import Messenger
from bot.outbox import Outbox, OutboxWorker
from bot.slack.edge import SlackEdge
from bot.storage.delivery_claims import ApplyOnce
from bot.storage.engine import DatabaseUnavailable, create_db_engine, migrate
from bot.storage.user_memory import forget_projects
from bot.teams.connector import create_adapter
from bot.teams.connector_http import ConnectorHttp, turn_budget
from bot.teams.edge import BreedbeeldBot, to_activity
from bot.teams.invoke_response import ACTIVITY_JSON
from bot.web.json_body import UnreadableJson, parse_json
from bot.web.reports import add_report_routes
from dialogs.conversation import Conversation
from dialogs.messages import text
from dialogs.paragraph_views import sample_contexts
from dialogs.views import TextView
from domain.assessment import AssessmentService
from domain.models import utcnow
from domain.reminders import ReminderService
from domain.report_links import ReportLinks
from domain.team import TeamService
from questions.loader import load_bank
from questions.model import QuestionBank
from questions.paragraph_template import ParagraphTemplates, load_paragraph_templates

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("breedbeeld", object)
INCOMING_PARSE_ERRORS = (msrest.exceptions.DeserializationError, AzureDeserializationError)


@dataclass
class Components:
    """The wired-up parts of one bot process, for the CLI and for tests."""

    settings: Settings
    engine: Engine
    bank: QuestionBank
    service: AssessmentService
    conversation: Conversation
    adapter: CloudAdapter
    bot: BreedbeeldBot
    links: ReportLinks
    clock: Callable[[], datetime]
    scheduler: ReminderScheduler
    paragraphs: ParagraphTemplates  # the checked templates of the council paragraph
    outbox: OutboxWorker
    http: ConnectorHttp
    slack: SlackEdge | None = None  # None when Slack is not configured


def build_components(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utcnow,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
) -> Components:
    """Load the bank and the paragraph templates, migrate the database and wire the bot;
    fail fast on a broken bank or template."""
    bank = load_bank(settings.question_bank)
    paragraphs = load_paragraph_templates(settings.paragraph_templates, sample_contexts())
    engine = engine or create_db_engine(settings.database_url)
    migrate(engine)
    service = AssessmentService(engine, bank, clock, forget=(forget_projects,))
    links = ReportLinks(engine, clock)
    team = TeamService(engine, clock)
    reminders = ReminderService(engine, service, clock)
    conversation = Conversation(
        service,
        team,
        reminders,
        links,
        settings.report_base_url,
        clock=clock,
        paragraphs=paragraphs,
    )
    messenger = Messenger(settings.microsoft_app_id, Outbox(engine, clock))
    assert messenger.outbox is not None
    outbox = OutboxWorker(
        messenger.outbox, messenger, clock, timedelta(seconds=settings.outbox_check_seconds)
    )
    http = ConnectorHttp(settings.connector_timeout_seconds)
    bot = BreedbeeldBot(
        conversation,
        settings.microsoft_app_id,
        messenger,
        database=engine,
        card_interval=timedelta(seconds=settings.progress_card_seconds),
        clock=clock,
    )
    adapter = create_adapter(settings, credentials_factory=credentials_factory, http=http)
    adapter.on_turn_error = _on_turn_error
    adapter.use(ApplyOnce(engine, clock))
    messenger.register(None, adapter)  # Teams, and any other Bot Framework channel
    scheduler = ReminderScheduler(
        reminders, team, messenger, clock, timedelta(seconds=settings.reminder_check_seconds)
    )
    bot.wake_scheduler = scheduler.wake
    if settings.local_mode:
        log.warning(
            "MicrosoftAppId is empty: local mode, requests are not authenticated",
            extra={"event": "local_mode"},
        )
    slack = None
    if settings.slack_enabled:
        slack = SlackEdge(settings, bot, engine, clock, _on_turn_error)
        messenger.register("slack", slack.adapter)
        log.info("Slack is on: /api/slack", extra={"event": "slack_enabled"})
    else:
        log.info(
            "Slack is off (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set)",
            extra={"event": "slack_disabled"},
        )
    return Components(
        settings,
        engine,
        bank,
        service,
        conversation,
        adapter,
        bot,
        links,
        clock,
        scheduler,
        paragraphs,
        outbox,
        http,
        slack,
    )


# Set by `messages` for the turn it runs: on_turn_error asks there for a redelivery.
_TURN_OUTCOME: contextvars.ContextVar[dict[str, bool] | None] = contextvars.ContextVar(
    "breedbeeld_turn_outcome", default=None
)
_TOLD_DATABASE_DOWN: OrderedDict[str, None] = OrderedDict()  # activity ids, bounded


def _database_down(error: BaseException) -> bool:
    """Whether the turn failed because the database connection was lost (after retries)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DatabaseUnavailable):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _first_time_told(activity_id: str) -> bool:
    """True once per activity id: Teams' redeliveries get no second "cannot save"."""
    if activity_id in _TOLD_DATABASE_DOWN:
        return False
    _TOLD_DATABASE_DOWN[activity_id] = None
    if len(_TOLD_DATABASE_DOWN) > 10_000:
        _TOLD_DATABASE_DOWN.popitem(last=False)
    return True


async def _on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    """Log the failure (ids only) and tell the user kindly; never show a stack trace.

    A lost database connection (still lost after bot/storage/engine.py retried) makes the HTTP
    answer a 503, so Teams delivers the activity again; the user hears it once.
    """
    activity = turn_context.activity
    if _database_down(error):
        outcome = _TURN_OUTCOME.get()
        if outcome is not None:
            outcome["redeliver"] = True
        log.warning(
            "turn failed: database unavailable",
            extra={"event": "turn_db_unavailable", "activity": activity.id},
        )
        # Keyed per adapter too: one process may run several bots (tests, the benchmark).
        conversation = activity.conversation.id if activity.conversation else ""
        if not _first_time_told(f"{id(turn_context.adapter)}/{conversation}/{activity.id}"):
            return
        lang = "en" if (activity.locale or "").lower().startswith("en") else "nl"
        try:
            await turn_context.send_activity(
                to_activity(TextView(text("problem.database", lang)), activity.channel_id)
            )
        except Exception:
            log.warning("could not say the database is down", extra={"event": "db_notice_failed"})
        return
    log.exception(
        "turn failed", exc_info=error, extra={"event": "turn_failed", "activity": activity.id}
    )
    lang = "en" if (activity.locale or "").lower().startswith("en") else "nl"
    try:
        await turn_context.send_activity(
            to_activity(TextView(text("problem.internal", lang)), activity.channel_id)
        )
    except Exception:  # the connector itself may be what failed
        log.exception(
            "could not tell the user about a failed turn",
            extra={"event": "turn_error_reply_failed"},
        )


async def messages(request: web.Request) -> web.StreamResponse:
    """Bot Framework activities; malformed requests get 400 instead of the SDK's 500."""
    components: Components = request.app[APP_KEY]  # type: ignore[assignment]
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    try:
        # The adapter deserializes this same JSON (ACTIVITY_JSON): what passes here is what
        # the SDK reads.
        body = parse_json(await request.text())
    except (UnreadableJson, UnicodeDecodeError, LookupError):  # LookupError: bad charset
        return web.json_response({"error": "malformed JSON"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return web.json_response({"error": "not an activity"}, status=400)
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        # No address to reply to; the SDK would otherwise try a default host for seconds.
        return web.json_response({"error": "serviceUrl missing"}, status=400)
    request[ACTIVITY_JSON] = body  # the adapter takes it from here instead of parsing again
    outcome: dict[str, bool] = {}
    token = _TURN_OUTCOME.set(outcome)
    try:
        # Every connector call of the turn shares this budget: the turn answers in time
        # even when its connector hangs (the rest goes to the outbox).
        with turn_budget(components.settings.connector_turn_seconds):
            response = await components.adapter.process(request, components.bot)
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


async def slack(request: web.Request) -> web.Response:
    """Slack Events API and interactivity; 404 with the reason when Slack is off."""
    components: Components = request.app[APP_KEY]  # type: ignore[assignment]
    if components.slack is None:
        return web.json_response(
            {"error": "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN"},
            status=404,
        )
    return await components.slack.handle(request)


async def healthz(request: web.Request) -> web.Response:
    """Liveness and database reachability, for load balancers and the Docker healthcheck."""
    components: Components = request.app[APP_KEY]  # type: ignore[assignment]
    outbox = components.bot.messenger.outbox
    try:
        # The outbox's backlog answers "SELECT 1" too: messages the connector has not
        # taken yet (a slow or throttling connector shows here, the process stays healthy).
        waiting = outbox.waiting() if outbox is not None else 0
    except sa.exc.SQLAlchemyError:
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok", "bank": components.bank.version, "outbox": waiting})


def create_app(components: Components) -> web.Application:
    """The web application serving one set of components."""
    app = web.Application(client_max_size=1024 * 1024)
    app[APP_KEY] = components
    app.router.add_post("/api/messages", messages)
    app.router.add_post("/api/slack", slack)
    if components.slack is not None:
        app.on_startup.append(components.slack.start)
        app.on_shutdown.append(components.slack.stop)
    app.router.add_get("/healthz", healthz)
    app.cleanup_ctx.append(
        maintenance_context(
            components.service,
            components.engine,
            components.settings.retention_months,
            components.clock,
        )
    )
    app.cleanup_ctx.append(components.bot.card_refresh.context())
    if components.settings.outbox_check_seconds:
        app.cleanup_ctx.append(components.outbox.context())

    async def close_http(_app: web.Application) -> None:
        await components.http.close()

    app.on_cleanup.append(close_http)
    add_report_routes(app, APP_KEY)
    if components.settings.reminder_check_seconds:
        app.cleanup_ctx.append(components.scheduler.context())
    return app
