"""The aiohttp application: `/api/messages` (Teams), `/api/slack` (Slack) and `/healthz`."""

from __future__ import annotations

import logging
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
from bot.connector import create_adapter
from bot.database import create_db_engine, migrate
from bot.json_body import UnreadableJson, parse_json
from bot.maintenance import maintenance_context
from bot.messenger import Messenger
from bot.processed_activities import ApplyOnce
from bot.reports import add_report_routes
from bot.scheduler import ReminderScheduler
from bot.slack_edge import SlackEdge
from bot.sql_storage import SqlStorage
from bot.teams_bot import BreedbeeldBot, to_activity
from bot.user_memory import forget_projects
from dialogs.conversation import Conversation, stores_an_answer
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
    storage: SqlStorage
    links: ReportLinks
    clock: Callable[[], datetime]
    scheduler: ReminderScheduler
    paragraphs: ParagraphTemplates  # the checked templates of the council paragraph
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
    storage = SqlStorage(engine)
    messenger = Messenger(settings.microsoft_app_id)
    bot = BreedbeeldBot(
        conversation,
        settings.microsoft_app_id,
        messenger,
        database=engine,
        card_interval=timedelta(seconds=settings.progress_card_seconds),
        clock=clock,
    )
    adapter = create_adapter(settings, credentials_factory=credentials_factory)
    adapter.on_turn_error = _on_turn_error
    adapter.use(ApplyOnce(engine, clock, claims_itself=stores_an_answer))
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
        storage,
        links,
        clock,
        scheduler,
        paragraphs,
        slack,
    )


async def _on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    """Log the failure (ids only) and tell the user kindly; never show a stack trace."""
    activity = turn_context.activity
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
        # The same text the SDK reads again below, so what passes here parses there too.
        body = parse_json(await request.text())
    except (UnreadableJson, UnicodeDecodeError, LookupError):  # LookupError: bad charset
        return web.json_response({"error": "malformed JSON"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return web.json_response({"error": "not an activity"}, status=400)
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        # No address to reply to; the SDK would otherwise try a default host for seconds.
        return web.json_response({"error": "serviceUrl missing"}, status=400)
    try:
        response = await components.adapter.process(request, components.bot)
    except INCOMING_PARSE_ERRORS:
        # The SDK's Activity.deserialize raises on wrong field types ("recipient": []);
        # errors inside a turn never get here, on_turn_error handles those.
        return web.json_response({"error": "not a valid activity"}, status=400)
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
    try:
        with components.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok", "bank": components.bank.version})


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
    add_report_routes(app, APP_KEY)
    if components.settings.reminder_check_seconds:
        app.cleanup_ctx.append(components.scheduler.context())
    return app
