"""The channel-neutral bot put together from the settings: bank, database, conversation.

Every way of running the bot starts here: `bot/app.py` adds the channel rooms, the
reminders and the outbox for `breedbeeld serve`; `breedbeeld chat` needs nothing more,
so the terminal starts without loading the Bot Framework or Slack SDKs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery.messenger import Messenger
from bot.storage.engine import create_db_engine, migrate
from bot.storage.outbox import Outbox
from bot.storage.user_memory import forget_projects
from bot.turns.runner import Breedbeeld
from dialogs.conversation import Conversation
from dialogs.paragraph_views import sample_contexts
from domain.models import utcnow
from domain.report_links import ReportLinks
from domain.services import Assessments
from questions.loader import load_bank
from questions.model import QuestionBank
from questions.paragraph_template import ParagraphTemplates, load_paragraph_templates


@dataclass
class Core:
    """The parts every channel shares."""

    settings: Settings
    engine: Engine
    bank: QuestionBank
    service: Assessments
    conversation: Conversation
    bot: Breedbeeld  # the turn logic, the same for every channel
    links: ReportLinks
    clock: Callable[[], datetime]
    paragraphs: ParagraphTemplates  # the checked templates of the council paragraph


def build_core(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> Core:
    """Load the bank and the paragraph templates, migrate the database and wire the bot;
    fail fast on a broken bank or template."""
    bank = load_bank(settings.question_bank)
    paragraphs = load_paragraph_templates(settings.paragraph_templates, sample_contexts())
    engine = engine or create_db_engine(settings.database_url)
    migrate(engine)
    service = Assessments(engine, bank, clock, forget=(forget_projects,))
    links = ReportLinks(engine, clock)
    conversation = Conversation(
        service,
        links,
        settings.report_base_url,
        clock=clock,
        paragraphs=paragraphs,
    )
    bot = Breedbeeld(
        conversation,
        Messenger(Outbox(engine, clock)),
        database=engine,
        card_interval=timedelta(seconds=settings.progress_card_seconds),
        clock=clock,
    )
    return Core(settings, engine, bank, service, conversation, bot, links, clock, paragraphs)
