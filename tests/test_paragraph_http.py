"""Black-box over /api/messages: `paragraaf` / `paragraph`, its links, and revoking them."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.demo import browser
from bot.rendering.paragraph_docx import CONTENT_TYPE as DOCX
from domain.answers import AnswerInput
from domain.models import Assessment
from domain.records import Person
from tests.card_schema import card_errors
from tests.conftest import Clock
from tests.slack_harness import SlackHarness, SlackUser, posted
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card
from tests.test_slack_summary import valid

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")
EVE = User("Eve Smith", locale="en-US")
SLACK_BASE = "https://breedbeeld.example"


def open_urls(card: dict[str, Any]) -> list[str]:
    return [a["url"] for a in card.get("actions", []) if a["type"] == "Action.OpenUrl"]


async def split_team(teams: TeamsHarness) -> None:
    """Anna starts; welzijn splits the team, Bram does not know about wonen."""
    await teams.say(ANNA, "start Fietspad Assen-Zuid")
    assessment = teams.components.service.find.running(CHANNEL)
    base = {"bb": "answer", "a": assessment.public_id, "lang": "nl"}
    await teams.submit(ANNA, base | {"q": "intake.omschrijving", "text": "Een fietspad."})
    for user, effect, certainty in (
        (ANNA, "strongly_positive", "certain"),
        (BRAM, "strongly_negative", "certain"),
        (CHRIS, "positive", "likely"),
    ):
        await teams.submit(
            user, base | {"q": "nu.welzijn", "effect": effect, "certainty": certainty}
        )
    await teams.submit(BRAM, base | {"q": "nu.wonen", "effect": "unknown", "certainty": ""})


async def test_paragraph_link_serves_the_word_file_until_revoked(teams: TeamsHarness) -> None:
    await split_team(teams)
    replies = await teams.say(ANNA, "paragraaf")
    card = last_card(replies)
    assert card_errors(card) == []
    assert "Paragraaf brede welvaart: Fietspad Assen-Zuid" in str(card["body"])
    assert "Concept: " in str(card["body"])
    docx_url, text_url = open_urls(card)
    assert docx_url.startswith(teams.public_base_url + "/reports/")
    assert docx_url.endswith("/paragraph.docx") and text_url.endswith("/paragraph.txt")

    status, headers, body = await teams.get(docx_url)
    assert status == 200
    assert headers["Content-Type"] == DOCX
    assert headers["Content-Disposition"] == (
        'attachment; filename="breedbeeld-paragraaf-fietspad-assen-zuid-1.docx"'
    )
    assert headers["Cache-Control"] == "no-store, private"
    document = Document(io.BytesIO(body))
    written = "\n".join(p.text for p in document.paragraphs)
    assert "Over welzijn is het team verdeeld:" in written
    assert "Het effect op wonen weet het team nog niet. Dat is een open vraag." in written
    assert "Concept." in written

    status, headers, body = await teams.get(text_url)
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Over welzijn is het team verdeeld:" in body.decode()

    # The report page offers the same file beside its exports, and shows without errors.
    report = docx_url.rsplit("/", 1)[0]
    status, _, page = await teams.get(report)
    assert status == 200 and b'href="/reports/' in page and b"/paragraph.docx" in page
    seen = await browser.visit(report)
    assert seen.console_errors == [] and seen.stylesheet_applied
    assert "Paragraaf brede welvaart (Word)" in seen.text

    revoked = await teams.say(ANNA, "intrekken")
    assert [r.text for r in revoked] == [
        "Ik heb de link naar het verslag ingetrokken. Ook de paragraaf is zo niet meer te "
        "openen. Wie de link heeft, ziet nu niets meer. Met **samenvatting** of **paragraaf** "
        "maak je een nieuwe link."
    ]
    for url in (docx_url, text_url, report):
        status, _, _ = await teams.get(url)
        assert status == 404, url


async def test_english_paragraph_command(teams: TeamsHarness) -> None:
    await split_team(teams)
    # The thread keeps the language the project was started in (issue 16): an English
    # team's project is started in English; a Dutch thread gets its paragraph in Dutch.
    assert "Paragraaf brede welvaart" in str(last_card(await teams.say(EVE, "paragraph"))["body"])
    assessment = teams.components.service.find.running(CHANNEL)  # type: ignore[union-attr]
    with Session(teams.engine) as session:
        row = session.get(Assessment, assessment.id)
        row.language = "en"
        session.add(row)
        session.commit()
    card = last_card(await teams.say(EVE, "paragraph"))
    assert "Broad prosperity paragraph: Fietspad Assen-Zuid" in str(card["body"])
    docx_url, _ = open_urls(card)
    status, headers, body = await teams.get(docx_url)
    assert status == 200 and headers["Content-Type"] == DOCX
    written = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    assert "The team is split on wellbeing:" in written


async def test_a_project_without_answers_gets_a_reply_and_no_document(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad Assen-Zuid")
    replies = await teams.say(ANNA, "paragraaf")
    assert [r.card for r in replies] == [None]
    assert "nog geen antwoorden" in replies[0].text
    assert "Een paragraaf zonder inhoud maak ik niet" in replies[0].text
    # A report link made by an interim summary does not serve an empty document either.
    card = last_card(await teams.say(ANNA, "samenvatting"))
    report = next(u for u in open_urls(card) if "/reports/" in u)
    status, headers, body = await teams.get(report + "/paragraph.docx")
    assert status == 404 and headers["Content-Type"].startswith("text/plain")
    assert "nog geen antwoorden" in body.decode()


async def test_paragraph_with_nothing_here(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "paragraaf")
    assert len(replies) == 1 and replies[0].card is None
    assert "start" in replies[0].text


async def test_slack_gets_the_paragraph_as_a_block_kit_message(
    engine: Engine, clock: Clock
) -> None:
    slack = SlackHarness(engine, clock)
    await slack.start(PUBLIC_BASE_URL=SLACK_BASE)
    try:
        anna = SlackUser("Anna de Vries")
        slack.add_users(anna)
        await slack.mention(anna, "start Fietspad Assen-Zuid")
        with Session(engine) as session:
            (running,) = session.exec(select(Assessment)).all()
        slack.components.service.answering.record_answer(
            running,
            "nu.welzijn",
            Person(anna.id, anna.name),
            AnswerInput(effect="positive", certainty="likely"),
        )
        messages = posted(await slack.mention(anna, "paragraaf"))
        blocks = [b for m in messages for b in m.blocks]
        valid(blocks)
        links = " ".join(str(b) for b in blocks)
        assert f"<{SLACK_BASE}/reports/" in links and "/paragraph.docx|Word-bestand" in links
        assert "Paragraaf brede welvaart: Fietspad Assen-Zuid" in messages[0].all_text()
        assert "Het team verwacht een positief effect op welzijn" in links
    finally:
        await slack.stop()
