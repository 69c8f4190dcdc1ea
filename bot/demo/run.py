"""`breedbeeld demo`: a complete scripted assessment, and the summary it produces.

Five teammates answer every question of "Fietspad Assen-Zuid" through the real bot (the
same BreedbeeldBot, dialogs, SQL storage and renderers as in Teams; only the connector
is replaced by a recorder), one of them closes it, and the demo writes what a team and
its decision makers would see: the summary card, the impact picture, the report page
with its exports, the paragraph for the council proposal (Word and plain text) and,
where Chromium is installed, a screenshot of the report.
"""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from bot.app import Components, build_components, create_app
from bot.config import Settings
from bot.demo import browser
from bot.demo.script import (
    CHOICES,
    EFFECTS,
    GROUPS,
    PROJECT,
    TEAM,
    TEXTS,
    UNKNOWNS,
    Teammate,
    skips_for,
)
from bot.rendering.adaptive_cards import CONTENT_TYPE
from bot.rendering.report_html import ReportAssets, render_report_html, report_stylesheet
from bot.teams.edge import CONSOLE_CHANNEL
from dialogs.messages import text
from dialogs.report_views import build_report
from dialogs.summary_views import load_round

CONVERSATION = "19:demo-fietspad@thread.tacv2"
WORDS = {
    "nl": {"next": "volgende", "finish": "afronden", "summary": "samenvatting", "yes": "ja"},
    "en": {"next": "next", "finish": "finish", "summary": "summary", "yes": "yes"},
}


class DemoClock:
    """Time for the demo: the team works over a week, a few minutes per answer."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class RecordingAdapter(BotAdapter):
    """Feeds activities to the bot as Teams would and keeps everything the bot sends."""

    def __init__(self, components: Components, clock: DemoClock) -> None:
        super().__init__()
        self._bot = components.bot
        self._clock = clock
        self.sent: list[Activity] = []

    async def turn(
        self,
        mate: Teammate,
        locale: str,
        *,
        text: str | None = None,
        value: dict[str, Any] | None = None,
        channel: str = "msteams",
        execute: bool = False,
    ) -> list[Activity]:
        """One message or card submit by `mate`; returns the bot's replies.

        `execute`: the click is an Action.Execute, sent as Teams does (an adaptiveCard/action
        invoke); the card that replaces the clicked one is among the replies (invokeResponse).
        """
        self._clock.advance(minutes=3)
        before = len(self.sent)
        if execute and value is not None:
            value = {"action": {"type": "Action.Execute", "verb": value.get("bb"), "data": value}}
        activity = Activity(
            type=ActivityTypes.invoke if execute else ActivityTypes.message,
            name="adaptiveCard/action" if execute else None,
            id=str(uuid.uuid4()),
            channel_id=channel,
            service_url="https://demo.invalid/",
            conversation=ConversationAccount(id=CONVERSATION, conversation_type="channel"),
            from_property=ChannelAccount(id=mate.user_id, name=mate.name),
            recipient=ChannelAccount(id="breedbeeld", name="Breedbeeld"),
            text=text,
            value=value,
            locale=locale,
        )
        await self.run_pipeline(TurnContext(self, activity), self._bot.on_turn)
        return self.sent[before:]

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Record the replies."""
        self.sent.extend(activities)
        return [ResourceResponse(id=str(uuid.uuid4())) for _ in activities]

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        """Updates are recorded like new messages."""
        self.sent.append(activity)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Nothing to delete."""


def card_of(activity: Activity) -> dict[str, Any] | None:
    """The Adaptive Card an activity carries (or an invoke answered with), if any."""
    if activity.type == ActivityTypes.invoke_response:
        body = getattr(activity.value, "body", None)
        card = body.get("value") if isinstance(body, dict) else None
        return card if isinstance(card, dict) and card.get("type") == "AdaptiveCard" else None
    for attachment in activity.attachments or []:
        if attachment.content_type == CONTENT_TYPE and isinstance(attachment.content, dict):
            return attachment.content
    return None


def _question(replies: list[Activity]) -> dict[str, Any] | None:
    """The submit data of the question card among the replies (None when all is done)."""
    for activity in reversed(replies):
        card = card_of(activity)
        for action in (card or {}).get("actions", []):
            data = action.get("data") or {}
            if action.get("type") in ("Action.Submit", "Action.Execute") and (
                data.get("bb") == "answer"
            ):
                return dict(data)
    return None


def _answer(mate: Teammate, data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Fill in a question card the way this teammate does in the script."""
    question = data["q"]
    index = 0 if lang == "nl" else 1
    if question in EFFECTS:
        effect, certainty, why = EFFECTS[question][[m.name for m in TEAM].index(mate.name)]
        return data | {"effect": effect, "certainty": certainty, "explanation": why[index]}
    if question in GROUPS:
        chosen, why = GROUPS[question][mate.name]
        return data | {"choices": chosen, "explanation": why[index]}
    if question in CHOICES:
        return data | {"choices": CHOICES[question]}
    if question == "kennis.onbekend" and mate.name in UNKNOWNS:
        return data | {"text": UNKNOWNS[mate.name][index]}
    if question in TEXTS:
        return data | {"text": TEXTS[question][index]}
    return data | {"effect": "neutral", "certainty": "likely", "text": "—", "choices": ""}


async def _answer_everything(adapter: RecordingAdapter, mate: Teammate, lang: str) -> int:
    locale = "en-GB" if lang == "en" else "nl-NL"
    replies = await adapter.turn(mate, locale, text=WORDS[lang]["next"])
    skipped: set[str] = set()
    answered = 0
    while (data := _question(replies)) is not None:
        if data["q"] in skips_for(mate):
            if data["q"] in skipped:  # only the skipped question is left
                break
            skipped.add(data["q"])
            skip = {**data, "bb": "skip"}
            replies = await adapter.turn(mate, locale, value=skip, execute=True)
            continue
        # Save on the question card: Action.Execute, answered with the next question.
        replies = await adapter.turn(mate, locale, value=_answer(mate, data, lang), execute=True)
        answered += 1
    return answered


@dataclass
class DemoResult:
    """What the demo made: the files written and the summary's text."""

    summary_text: str
    files: list[Path] = field(default_factory=list)
    report_url: str = ""
    screenshot_skipped: str = ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run_demo(
    out: Path,
    lang: str,
    say: Callable[[str], None] = print,
    start: datetime | None = None,
) -> DemoResult:
    """Run the scripted assessment and write its results into `out`.

    `start`: the morning the team closes (default today), so a test can fix the dates.
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="breedbeeld-demo-") as scratch:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        settings = Settings(
            database_url=f"sqlite:///{Path(scratch) / 'demo.db'}", public_base_url=base
        )
        start = (start or datetime.now(UTC)).replace(hour=8, minute=0, second=0, microsecond=0)
        clock = DemoClock(start - timedelta(days=7))
        components = build_components(settings, clock=clock)
        try:
            return await _run(components, clock, out, lang, port, say)
        finally:
            components.engine.dispose()


def _asks_to_confirm(card: dict[str, Any] | None) -> bool:
    """The card is the "Toch afronden?" question (its Ja button closes the project)."""
    actions = card.get("actions", []) if card else []
    return any((a.get("data") or {}).get("bb") == "finish_confirm" for a in actions)


async def _run(
    components: Components,
    clock: DemoClock,
    out: Path,
    lang: str,
    port: int,
    say: Callable[[str], None],
) -> DemoResult:
    adapter = RecordingAdapter(components, clock)
    locale = "en-GB" if lang == "en" else "nl-NL"
    lead = TEAM[0]
    await adapter.turn(lead, locale, text=f"start {PROJECT[lang]}")
    for mate in TEAM:
        await _answer_everything(adapter, mate, lang)
        clock.advance(days=1)
    finished = await adapter.turn(lead, locale, text=WORDS[lang]["finish"])
    if any(_asks_to_confirm(card_of(a)) for a in finished):
        # Answers are still open (the demo team leaves some): the bot asks "Toch afronden?".
        finished = await adapter.turn(lead, locale, text=WORDS[lang]["yes"])
    card = next((c for a in reversed(finished) if (c := card_of(a)) is not None), None)
    if card is None:
        raise RuntimeError("the bot posted no summary card")
    result = DemoResult(summary_text="")
    _write(out / "summary-card.json", json.dumps(card, ensure_ascii=False, indent=2), result)

    # The same summary as text, the way the terminal chat shows it.
    as_text = await adapter.turn(lead, locale, text=WORDS[lang]["summary"], channel=CONSOLE_CHANNEL)
    result.summary_text = "\n".join(a.text or "" for a in as_text)
    say(result.summary_text)
    # Everything behind the card's buttons, as the terminal shows it on "samenvatting details".
    detailed = await adapter.turn(
        lead, locale, text=f"{WORDS[lang]['summary']} details", channel=CONSOLE_CHANNEL
    )
    _write(out / "summary.txt", "\n".join(a.text or "" for a in detailed) + "\n", result)

    report_url = next(
        a["url"] for a in card.get("actions", []) if a.get("type") == "Action.OpenUrl"
    )
    result.report_url = report_url
    token = report_url.rsplit("/", 1)[1]
    runner = web.AppRunner(create_app(components))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with aiohttp.ClientSession() as session:
            for name, path in (
                ("impact.png", "/impact.png"),
                ("export.csv", "/export.csv"),
                ("export.json", "/export.json"),
                ("export.md", "/export.md"),
                ("paragraaf.docx", "/paragraph.docx"),
                ("paragraaf.txt", "/paragraph.txt"),
            ):
                async with session.get(report_url + path) as response:
                    response.raise_for_status()
                    _write(out / name, await response.read(), result)
        opened = components.links.open(token)
        assert opened is not None
        report = build_report(
            components.bank,
            load_round(components.service, opened.assessment),
            opened.language,
            clock(),
        )
        _write(out / "report.html", render_report_html(report, ReportAssets.side_by_side()), result)
        _write(out / "report.css", report_stylesheet(), result)
        if browser.find_chromium() is None:
            result.screenshot_skipped = text("demo.no_screenshot", lang)
        else:
            seen = await browser.visit(report_url, screenshot=True)
            _write(out / "report.png", seen.screenshot, result)
    finally:
        await runner.cleanup()
    return result


def _write(path: Path, content: str | bytes, result: DemoResult) -> None:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    result.files.append(path)


def main(out: Path, lang: str) -> int:
    """Entry point for the CLI: run, then list what was written."""
    result = asyncio.run(run_demo(out, lang))
    print()
    print(text("demo.written", lang))
    for path in result.files:
        print(f"  {path} ({path.stat().st_size / 1024:.1f} KB)")
    if result.screenshot_skipped:
        print(result.screenshot_skipped)
    return 0
