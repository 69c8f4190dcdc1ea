"""The aiohttp application: `/api/messages` (Teams), `/api/slack` (Slack) and `/healthz`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery.outbox import OutboxWorker
from bot.jobs.maintenance import maintenance_context
from bot.jobs.scheduler import ReminderScheduler
from bot.slack.edge import SlackEdge, add_slack_routes
from bot.teams.routes import TeamsRoom
from bot.turns.assembly import Core, build_core
from bot.web.reports import add_report_routes
from domain.models import utcnow

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("breedbeeld", object)


@dataclass
class Components(Core):
    """The wired-up parts of one bot process (`breedbeeld serve`), for the CLI and for tests:
    the shared core with the channel rooms, the reminders and the outbox around it."""

    scheduler: ReminderScheduler
    outbox: OutboxWorker
    teams: TeamsRoom  # /api/messages
    slack: SlackEdge | None = None  # None when Slack is not configured


def build_components(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utcnow,
    credentials_factory: Any = None,
) -> Components:
    """The shared core (bot/turns/assembly.py) with the channel rooms, the reminders and
    the outbox around it: everything `breedbeeld serve` runs.

    `credentials_factory`: the Bot Framework SDK's, for the Teams room (tests)."""
    core = build_core(settings, engine=engine, clock=clock)
    engine, bot, messenger = core.engine, core.bot, core.bot.messenger
    team, reminders = core.service.team, core.service.reminders
    assert messenger.outbox is not None
    outbox = OutboxWorker(
        messenger.outbox, messenger, clock, timedelta(seconds=settings.outbox_check_seconds)
    )
    teams = TeamsRoom(settings, bot, messenger, engine, clock, credentials_factory)
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
        slack = SlackEdge(settings, bot, messenger, engine, clock)
        log.info("Slack is on: /api/slack", extra={"event": "slack_enabled"})
    else:
        log.info(
            "Slack is off (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN not set)",
            extra={"event": "slack_disabled"},
        )
    shared = {field.name: getattr(core, field.name) for field in fields(core)}
    return Components(**shared, scheduler=scheduler, outbox=outbox, teams=teams, slack=slack)


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
    # Each channel's room adds its own routes: only bot/teams/ knows botbuilder, only
    # bot/slack/ knows slack_sdk.
    components.teams.add_routes(app)
    add_slack_routes(app, components.slack)
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
    add_report_routes(app, APP_KEY)
    if components.settings.reminder_check_seconds:
        app.cleanup_ctx.append(components.scheduler.context())
    return app
