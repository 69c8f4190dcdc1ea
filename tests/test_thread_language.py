"""One language per project thread: what the team reads there uses the project's language.

Black-box over /api/messages. The summary, the closing notice and team notices are in the
language the project was started in, whoever asks and in whatever language; personal
replies (questions, confirmations) and 1:1 chats follow each person.
"""

from __future__ import annotations

from tests.fake_connector import Recorded
from tests.teams_harness import TeamsHarness, User, last_card, submit_data

ANNA_EN = User("Anna de Vries", locale="en-US")
BRAM_NL = User("Bram Bakker", locale="nl-NL")


def said(replies: list[Recorded]) -> str:
    return " ".join(r.text + " " + r.card_text() for r in replies)


async def test_an_english_start_keeps_the_thread_english_for_a_dutch_colleague(
    teams: TeamsHarness,
) -> None:
    started = await teams.say(ANNA_EN, "start Cycle path")  # "start" is both languages
    assert "New project: Cycle path" in said(started)
    thread = started[0].conversation_id

    # Bram's own question is Dutch ...
    question = await teams.say(BRAM_NL, "volgende", conversation=thread)
    assert "Cycle path · vraag 1 van 35" in said(question)
    data = submit_data(last_card(question)) | {"text": "Een fietspad"}
    saved = await teams.submit(BRAM_NL, data, conversation=thread)
    assert "Opgeslagen" in said(saved)
    # ... but the summary he asks for in the thread is in the project's language.
    summary = await teams.say(BRAM_NL, "samenvatting", conversation=thread)
    assert "Interim summary: Cycle path" in said(summary)
    assert "Tussenstand" not in said(summary)

    # In his 1:1 chat with the bot, the summary follows Bram.
    private = await teams.say(
        BRAM_NL, "samenvatting", conversation="a:personal-bram", conversation_type="personal"
    )
    assert "Tussenstand: Cycle path" in said(private)

    # Closing: the notice and the summary are English, however the owner asks.
    closed = await teams.say(ANNA_EN, "afronden ja", conversation=thread)
    assert "Anna de Vries closed **Cycle path**" in closed[0].text
    assert "Summary: Cycle path" in said(closed)


async def test_a_dutch_project_stays_dutch_when_someone_types_english(
    teams: TeamsHarness,
) -> None:
    anna = User("Anna de Vries", locale="nl-NL")
    started = await teams.say(anna, "start Fietspad")
    thread = started[0].conversation_id
    # Anna's own question follows the word she typed ...
    question = await teams.say(anna, "next", conversation=thread)
    assert "Fietspad · question 1 of 35" in said(question)
    # ... team notices stay Dutch.
    paused = await teams.say(anna, "pause team", conversation=thread)
    assert "Alle herinneringen voor **Fietspad** staan op pauze" in said(paused)
    deadline = await teams.say(anna, "deadline 12-12-2026", conversation=thread)
    assert "De deadline van **Fietspad** is nu zaterdag 12 december 2026" in said(deadline)
    summary = await teams.say(anna, "summary", conversation=thread)
    assert "Tussenstand: Fietspad" in said(summary)
    closed = await teams.say(anna, "finish yes", conversation=thread)
    assert "Anna de Vries heeft **Fietspad** afgerond" in closed[0].text
