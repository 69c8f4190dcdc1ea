"""All settings in one typed place, read from the environment and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite:///breedbeeld.db"


class Settings(BaseSettings):
    """Deployment settings; every field is an environment variable (see README)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    microsoft_app_id: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID")
    )
    microsoft_app_password: str = Field(
        default="",
        validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD"),
    )
    microsoft_app_type: str = Field(
        default="SingleTenant",
        validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE"),
    )
    microsoft_app_tenant_id: str = Field(
        default="",
        validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID"),
    )
    # Where Bot Framework's token signing keys are published; only changed for sovereign
    # clouds or tests (empty = the SDK's public cloud default).
    bot_openid_metadata_url: str = Field(
        default="", validation_alias=AliasChoices("BOT_OPENID_METADATA_URL")
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL, validation_alias=AliasChoices("DATABASE_URL")
    )
    question_bank: Path | None = Field(default=None, validation_alias=AliasChoices("QUESTION_BANK"))
    # The folder with the council paragraph's templates (paragraaf.nl.j2, paragraph.en.j2);
    # None: the ones shipped beside the packaged question bank (questions/paragraph).
    paragraph_templates: Path | None = Field(
        default=None, validation_alias=AliasChoices("PARAGRAPH_TEMPLATES")
    )
    # Closed assessments are deleted this many months after closing (0 = keep them).
    retention_months: int = Field(
        default=24, ge=0, validation_alias=AliasChoices("RETENTION_MONTHS")
    )
    # How often each process looks for due reminders (seconds); 0 = this process sends
    # none (another process on the same database does).
    reminder_check_seconds: int = Field(
        default=60, ge=0, validation_alias=AliasChoices("REMINDER_CHECK_SECONDS")
    )
    # The team's progress card is updated at most once per this many seconds per
    # assessment; answers in between show in one refresh at the end (0 = every answer).
    progress_card_seconds: float = Field(
        default=3.0, ge=0, le=3600, validation_alias=AliasChoices("PROGRESS_CARD_SECONDS")
    )
    # A turn's calls to the Bot Connector (replies, member lookups) get this many seconds
    # in all; what is not sent by then goes to the outbox, so Teams (which redelivers
    # after 15 s) always gets its answer in time.
    connector_turn_seconds: float = Field(
        default=8.0, gt=0, le=14, validation_alias=AliasChoices("CONNECTOR_TURN_SECONDS")
    )
    # Timeout of one connector call outside a turn (outbox, reminders, card refresh).
    connector_timeout_seconds: float = Field(
        default=20.0, gt=0, le=120, validation_alias=AliasChoices("CONNECTOR_TIMEOUT_SECONDS")
    )
    # How often each process looks for outbox messages due for another try (seconds);
    # 0 = this process sends none (another process on the same database does).
    outbox_check_seconds: float = Field(
        default=5.0, ge=0, validation_alias=AliasChoices("OUTBOX_CHECK_SECONDS")
    )
    port: int = Field(default=3978, validation_alias=AliasChoices("PORT"))
    host: str = Field(default="0.0.0.0", validation_alias=AliasChoices("HOST"))
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL"))
    # Slack: both the signing secret and the bot token, or neither (Slack off).
    slack_signing_secret: str = Field(
        default="", validation_alias=AliasChoices("SLACK_SIGNING_SECRET")
    )
    slack_bot_token: str = Field(default="", validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    # The Slack Web API base URL; only changed to point tests or staging elsewhere.
    slack_api_url: str = Field(
        default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL")
    )
    # The https address the bot is reached at, e.g. https://breedbeeld.gemeente.nl; used
    # for the Teams app package (valid domain and default developer pages).
    public_url: str = Field(default="", validation_alias=AliasChoices("PUBLIC_URL"))
    # Where people reach this bot from outside, e.g. https://breedbeeld.assen.nl. Summary
    # cards link to the report and show the impact picture only when this (or, failing
    # that, PUBLIC_URL) is set.
    public_base_url: str = Field(default="", validation_alias=AliasChoices("PUBLIC_BASE_URL"))

    @property
    def report_base_url(self) -> str:
        """The address report links and pictures start with ("" = no links in cards)."""
        return (self.public_base_url.strip() or self.public_url.strip()).rstrip("/")

    @property
    def local_mode(self) -> bool:
        """No app id: requests are not authenticated (for local testing only)."""
        return not self.microsoft_app_id

    @property
    def slack_enabled(self) -> bool:
        """Slack is served only when both its secret and its token are set."""
        return bool(self.slack_signing_secret and self.slack_bot_token)

    @field_validator("database_url")
    @classmethod
    def _empty_means_default(cls, value: str) -> str:
        """`DATABASE_URL=` (set but empty, as in a copied .env) means the default SQLite."""
        return value.strip() or DEFAULT_DATABASE_URL

    def database_problem(self) -> str | None:
        """Why DATABASE_URL cannot be a database address, in words; None when it can."""
        try:
            make_url(self.database_url)
        except ArgumentError:
            return (
                "DATABASE_URL is not a database address; use for example "
                "postgresql+psycopg://user:password@host/breedbeeld or sqlite:///breedbeeld.db"
            )
        return None

    def problems(self) -> list[str]:
        """Settings that cannot work together, named so an administrator can fix them."""
        found = [problem] if (problem := self.database_problem()) else []
        app_type = self.microsoft_app_type.lower()
        if app_type not in ("singletenant", "multitenant", "userassignedmsi"):
            found.append("MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI")
        if self.microsoft_app_id:
            if app_type != "userassignedmsi" and not self.microsoft_app_password:
                found.append("MicrosoftAppPassword is required when MicrosoftAppId is set")
            if app_type in ("singletenant", "userassignedmsi") and not self.microsoft_app_tenant_id:
                found.append(f"MicrosoftAppTenantId is required for {self.microsoft_app_type}")
        if bool(self.slack_signing_secret) != bool(self.slack_bot_token):
            found.append(
                "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN go together: set both to serve "
                "Slack, or neither"
            )
        if self.slack_bot_token and not self.slack_bot_token.startswith("xoxb-"):
            found.append("SLACK_BOT_TOKEN must be the app's bot token (it starts with xoxb-)")
        if not self.slack_api_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            found.append("SLACK_API_URL must be an https address")
        if self.public_url and not self.public_url.startswith("https://"):
            found.append("PUBLIC_URL must start with https://")
        base = self.public_base_url.strip()
        parsed = urlsplit(base)
        if base and (parsed.scheme not in ("http", "https") or not parsed.netloc):
            found.append("PUBLIC_BASE_URL must be an address such as https://breedbeeld.example.nl")
        elif base and (parsed.query or parsed.fragment):
            found.append("PUBLIC_BASE_URL must not have a query (?...) or fragment (#...)")
        return found
