"""Text chat without dead ends: a typed choice wherever a card offers buttons.

Black-box over /api/messages (Teams, for clients without buttons) and in the terminal chat
(bot/console/chat.py): the numbered project picker, the same option numbers for the same groups
in every question, no Markdown markers or "klik" in plain text, and `status` without a
"next question" for someone with nothing left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.engine import Engine

from bot.app import Components, build_components
from bot.config import Settings
from bot.console.chat import run_chat
from domain.answers import AnswerInput
from domain.records import Person
from questions.loader import load_bank
from questions.model import Question
from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
BANK = load_bank()


def said(replies: list[Recorded]) -> str:
    return " ".join(r.text + " " + r.card_text() for r in replies)


async def test_several_projects_numbered_and_a_typed_number_picks_one(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "start Bibliotheek")
    asked = await teams.say(BRAM, "status")
    text = said(asked)
    assert "1. Bibliotheek" in text and "2. Fietspad" in text
    assert "Zonder knoppen: typ 1 of 2." in text
    assert [a["title"] for a in last_card(asked)["actions"]] == ["Bibliotheek", "Fietspad"]

    wrong = await teams.say(BRAM, "5")
    assert "Dat nummer staat niet in de lijst. Typ 1 of 2." in said(wrong)
    picked = await teams.say(BRAM, "2")
    assert "Voortgang: Fietspad" in said(picked)
    # Picked once: a later "2" is no project choice any more.
    again = await teams.say(BRAM, "2")
    assert "Voortgang" not in said(again)


async def test_nee_to_which_project_does_nothing_and_stores_nothing(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "start Bibliotheek")
    await teams.say(ANNA, "volgende")
    await teams.say(ANNA, "1")  # Bibliotheek's first question waits for an answer
    asked = await teams.say(ANNA, "afronden")
    assert "Welk project bedoel je?" in said(asked)
    replies = await teams.say(ANNA, "nee")
    assert "Goed, dan doe ik niets." in said(replies)
    assert teams.components is not None
    service = teams.components.service
    assert all(service.find.answers(a) == [] for a in service.find.running_all(CHANNEL))


async def test_a_project_name_typed_also_picks(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "start Bibliotheek")
    await teams.say(BRAM, "volgende")
    picked = await teams.say(BRAM, "fietspad")
    assert "Fietspad · vraag 1 van 35" in said(picked)


async def test_a_number_after_a_question_card_answers_the_question(teams: TeamsHarness) -> None:
    """Once a question is shown, "2" answers it, even if "which project?" came first."""
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "start Bibliotheek")
    await teams.say(BRAM, "volgende")
    picked = await teams.say(BRAM, "1")  # Bibliotheek, question 1 (a text question)
    assert "Bibliotheek · vraag 1" in said(picked)
    answered = await teams.say(BRAM, "2")
    assert "Opgeslagen" in said(answered)


async def test_the_same_number_means_the_same_group_in_every_question(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    shown = await teams.say(ANNA, "wijzig doelgroepen")
    assert "1. Kinderen (tot 12 jaar)" in said(shown)
    await teams.say(ANNA, "1, 4 want daar is het voor")
    shown = await teams.say(ANNA, "wijzig winnaars")
    assert "1. Kinderen (tot 12 jaar)" in said(shown)
    await teams.say(ANNA, "1, 4")
    shown = await teams.say(ANNA, "wijzig verliezers")
    await teams.say(ANNA, "ouderen en boeren")
    assert teams.components is not None
    service = teams.components.service
    assessment = service.find.latest(CHANNEL)
    assert assessment is not None
    chosen = {a.question_id: a.choices for a in service.find.answers(assessment)}
    assert chosen["intake.doelgroepen"] == chosen["verdeling.winnaars"]
    assert chosen["verdeling.winnaars"] == ("kinderen", "laag_inkomen")
    assert chosen["verdeling.verliezers"] == ("ouderen", "boeren")


async def test_status_offers_no_next_question_to_someone_with_none_left(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    assert teams.components is not None
    service = teams.components.service
    assessment = service.find.latest(CHANNEL)
    assert assessment is not None
    bram = Person(BRAM.aad, BRAM.name, BRAM.id)
    for question in BANK.questions:
        service.answering.record_answer(assessment, question.id, bram, sample(question))
    done = last_card(await teams.say(BRAM, "status"))
    assert "Volgende vraag" not in [a["title"] for a in done.get("actions", [])]
    assert "Jij hebt alles beantwoord." in said(await teams.say(BRAM, "status"))
    busy = last_card(await teams.say(ANNA, "status"))
    assert "Volgende vraag" in [a["title"] for a in busy.get("actions", [])]


def sample(question: Question) -> AnswerInput:
    if question.type.value == "effect":
        return AnswerInput(effect="positive", certainty="likely")
    if question.type.value == "text":
        return AnswerInput(text="Antwoord")
    return AnswerInput(choices=(question.choices[0].id,))


# -- the terminal -----------------------------------------------------------------------


def terminal(engine: Engine, clock: Any) -> Components:
    settings = Settings(DATABASE_URL="sqlite://")  # type: ignore[call-arg]
    return build_components(settings, engine=engine, clock=clock)


async def chat(components: Components, lines: list[str], locale: str = "nl-NL") -> str:
    typed: Iterator[str] = iter([*lines, "/stop"])
    printed: list[str] = []
    await run_chat(components.bot, lambda _prompt: next(typed), printed.append, "Anna", locale)
    return "\n".join(printed)


async def test_terminal_picker_and_plain_text(engine: Engine, clock: Any) -> None:
    out = await chat(
        terminal(engine, clock),
        ["help", "start Fietspad", "start Bibliotheek", "volgende", "2", "overslaan", "status"],
    )
    assert "1. Bibliotheek\n" in out and "2. Fietspad\n" in out
    assert "Zonder knoppen: typ 1 of 2." in out
    assert "Fietspad · vraag 1 van 35" in out
    assert "Typ volgende voor de eerste vraag." in out
    assert "**" not in out
    assert "klik" not in out.lower()


async def test_terminal_in_english_has_no_markers_either(engine: Engine, clock: Any) -> None:
    out = await chat(terminal(engine, clock), ["help", "start Cycle path", "next"], "en-GB")
    assert "Type next for the first question." in out
    assert "**" not in out and "click" not in out.lower()
