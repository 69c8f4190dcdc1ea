"""Black-box: the Slack summary carries the impact picture, the report link and the changes."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from sqlalchemy.engine import Engine

from domain.answers import AnswerInput
from domain.records import Person
from tests.conftest import Clock
from tests.slack_harness import SlackHarness, SlackUser, posted

ANNA = SlackUser("Anna de Vries")
BASE = "https://breedbeeld.example"


def give(slack: SlackHarness, who: SlackUser, question: str, effect: str) -> None:
    """Store an answer through the service (the summary, not the answering, is tested here)."""
    service = slack.components.service
    (running,) = _all_running(slack)
    service.answering.record_answer(
        running, question, Person(who.id, who.name), AnswerInput(effect=effect, certainty="likely")
    )


def _all_running(slack: SlackHarness) -> list[Any]:
    from sqlmodel import Session, select

    from domain.models import Assessment

    with Session(slack.engine) as session:
        return [a for a in session.exec(select(Assessment)).all() if a.running_name]


def valid(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.to_dict()  # slack_sdk's own checks


async def test_slack_summary_with_picture_link_and_changes(engine: Engine, clock: Clock) -> None:
    slack = SlackHarness(engine, clock)
    await slack.start(PUBLIC_BASE_URL=BASE)
    try:
        slack.add_users(ANNA)
        await slack.mention(ANNA, "start Fietspad Assen-Zuid")
        empty = posted(await slack.mention(ANNA, "samenvatting"))[-1]
        assert "Nog niemand heeft een vraag beantwoord." in empty.all_text()
        assert not any(b["type"] == "image" for b in empty.blocks)

        give(slack, ANNA, "nu.gezondheid", "positive")
        first = posted(await slack.mention(ANNA, "samenvatting"))[-1]
        valid(first.blocks)
        image = next(b for b in first.blocks if b["type"] == "image")
        assert image["image_url"].startswith(BASE + "/reports/")
        assert image["image_url"].endswith("/impact.png")
        report = image["image_url"].removesuffix("/impact.png")
        assert f"*<{report}|Open het verslag>*" in first.all_text()

        await slack.mention(ANNA, "afronden ja")
        await slack.mention(ANNA, "herhaal")
        give(slack, ANNA, "nu.gezondheid", "negative")
        second = posted(await slack.mention(ANNA, "samenvatting"))[-1]
        valid(second.blocks)
        text = second.all_text()
        assert "Wat is veranderd sinds ronde 1" in text
        assert "▼ Gezondheid: Positief → Negatief (slechter)" in text
    finally:
        await slack.stop()
