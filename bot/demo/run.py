"""`breedbeeld demo`: a complete scripted assessment, and the summary it produces.

Five teammates answer every question of "Fietspad Assen-Zuid" through the real bot (the
same Teams edge, turn logic, dialogs, SQL storage and renderers as in Teams; only the
connector is replaced by a recorder, bot/teams/recorder.py), one of them closes it, and
the demo writes what a team and its decision makers would see: the summary card, the
impact picture, the report page with its exports, the paragraph for the council
proposal (Word and plain text) and, where Chromium is installed, a screenshot of the
report.
"""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.app import Components, build_components, create_app
from bot.config import Settings
from bot.console.chat import ConsoleChat
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
from bot.rendering.report_html import ReportAssets, render_report_html, report_stylesheet
from bot.teams.recorder import Recorded, TeamsRecorder
from dialogs.messages import text
from dialogs.report_views import build_report
from dialogs.summary_views import load_round
from domain.records import Person

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


class DemoTeam:
    """The demo's teammates in one Teams channel (recorded), and in the terminal."""

    def __init__(self, components: Components, clock: DemoClock) -> None:
        self._clock = clock
        self._teams = TeamsRecorder(components.teams.handler, CONVERSATION)
        self._said: list[str] = []
        self._terminal = ConsoleChat(components.bot, self._said.append, conversation=CONVERSATION)

    async def turn(
        self,
        mate: Teammate,
        locale: str,
        *,
        text: str | None = None,
        value: dict[str, Any] | None = None,
        execute: bool = False,
    ) -> list[Recorded]:
        """One message or card submit by `mate` in Teams; returns the bot's replies."""
        self._clock.advance(minutes=3)
        return await self._teams.turn(
            mate.user_id, mate.name, locale, text=text, value=value, execute=execute
        )

    async def typed(self, mate: Teammate, locale: str, text: str) -> list[str]:
        """One line `mate` types in the terminal chat; returns the bot's replies as text."""
        self._clock.advance(minutes=3)
        before = len(self._said)
        person = Person(user_id=mate.user_id, name=mate.name, account_id=mate.user_id)
        await self._terminal.say_as(person, text, locale)
        return self._said[before:]


def _question(replies: list[Recorded]) -> dict[str, Any] | None:
    """The submit data of the question card among the replies (None when all is done)."""
    for reply in reversed(replies):
        for action in (reply.card or {}).get("actions", []):
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


async def _answer_everything(adapter: DemoTeam, mate: Teammate, lang: str) -> int:
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
    adapter = DemoTeam(components, clock)
    locale = "en-GB" if lang == "en" else "nl-NL"
    lead = TEAM[0]
    await adapter.turn(lead, locale, text=f"start {PROJECT[lang]}")
    for mate in TEAM:
        await _answer_everything(adapter, mate, lang)
        clock.advance(days=1)
    finished = await adapter.turn(lead, locale, text=WORDS[lang]["finish"])
    if any(_asks_to_confirm(a.card) for a in finished):
        # Answers are still open (the demo team leaves some): the bot asks "Toch afronden?".
        finished = await adapter.turn(lead, locale, text=WORDS[lang]["yes"])
    card = next((a.card for a in reversed(finished) if a.card is not None), None)
    if card is None:
        raise RuntimeError("the bot posted no summary card")
    result = DemoResult(summary_text="")
    _write(out / "summary-card.json", json.dumps(card, ensure_ascii=False, indent=2), result)

    # The same summary as text, the way the terminal chat shows it.
    as_text = await adapter.typed(lead, locale, WORDS[lang]["summary"])
    result.summary_text = "\n".join(as_text)
    say(result.summary_text)
    # Everything behind the card's buttons, as the terminal shows it on "samenvatting details".
    detailed = await adapter.typed(lead, locale, f"{WORDS[lang]['summary']} details")
    _write(out / "summary.txt", "\n".join(detailed) + "\n", result)

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
