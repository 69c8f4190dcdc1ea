"""Black-box: going back to change an answer (`vorige`, `wijzig`, a card's "Vorige").

Over /api/messages as Teams drives the bot, and in the terminal chat (bot/console/chat.py). The
earlier answer stays in the history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from bot.app import build_components
from bot.config import Settings
from bot.console.chat import run_chat
from bot.storage.engine import migrate
from domain.answers import AnswerInput
from domain.models import Assessment
from domain.records import Person
from domain.scale import Effect
from domain.services import Assessments
from questions.loader import load_bank
from questions.model import Question
from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
BANK = load_bank()
INTAKE = len(BANK.sections[0].questions)
FIRST_EFFECT = BANK.questions[INTAKE].id  # nu.welzijn: Bram's first question
SECOND_EFFECT = BANK.questions[INTAKE + 1].id


def service_of(teams: TeamsHarness) -> Assessments:
    assert teams.components is not None
    return teams.components.service


def assessment_of(teams: TeamsHarness) -> Assessment:
    found = service_of(teams).find.latest(CHANNEL)
    assert found is not None
    return found


def said(replies: list[Recorded]) -> str:
    return " ".join(r.text + " " + r.card_text() for r in replies)


async def anna_does_the_intake(teams: TeamsHarness) -> None:
    """Anna starts and answers the team questions, so Bram starts at hier en nu."""
    await teams.say(ANNA, "start Fietspad")
    for _ in range(INTAKE):
        data = submit_data(last_card(await teams.say(ANNA, "volgende")))
        question = BANK.question(data["q"])
        assert question is not None
        if question.type.value == "text":
            data["text"] = "Intake van Anna"
        else:
            data["choices"] = question.choices[0].id
        await teams.submit(ANNA, data)


def effect(data: dict[str, Any], value: str, why: str) -> dict[str, Any]:
    return data | {"effect": value, "certainty": "likely", "explanation": why}


async def test_vorige_shows_the_answer_prefilled_and_a_new_one_keeps_the_old_in_history(
    teams: TeamsHarness,
) -> None:
    await anna_does_the_intake(teams)
    data = submit_data(last_card(await teams.say(BRAM, "volgende")))
    assert data["q"] == FIRST_EFFECT
    replies = await teams.submit(BRAM, effect(data, "positive", "eerste gedachte"))
    assert submit_data(last_card(replies))["q"] == SECOND_EFFECT

    back = await teams.say(BRAM, "vorige")
    card = last_card(back)
    assert submit_data(card)["q"] == FIRST_EFFECT
    assert "Je antwoord nu: Positief" in said(back) and "eerste gedachte" in said(back)
    inputs = {e.get("id"): e for e in card["body"] if "id" in e}
    assert inputs["effect"]["value"] == "positive"
    assert inputs["explanation"]["value"] == "eerste gedachte"

    changed = await teams.submit(BRAM, effect(submit_data(card), "negative", "toch niet"))
    assert "Bijgewerkt" in said(changed)
    # On to the first question still open, not back to the start.
    assert submit_data(last_card(changed))["q"] == SECOND_EFFECT

    history = service_of(teams).find.history(assessment_of(teams), FIRST_EFFECT, BRAM.aad)
    assert [(a.effect, a.explanation, a.current) for a in history] == [
        (Effect.POSITIVE, "eerste gedachte", False),
        (Effect.NEGATIVE, "toch niet", True),
    ]


async def test_vorige_at_the_first_question_says_so(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    await teams.say(BRAM, "volgende")
    replies = await teams.say(BRAM, "vorige")
    assert "Er is geen vorige vraag" in said(replies)
    assert not any(r.card for r in replies)


async def test_vorige_after_the_last_answer_goes_to_the_last_question(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    service = service_of(teams)
    assessment = assessment_of(teams)
    bram = Person(BRAM.aad, BRAM.name, BRAM.id)
    for question in BANK.questions[INTAKE:]:
        service.answering.record_answer(assessment, question.id, bram, sample(question))
    assert service.answering.next_question(assessment, bram).question is None
    back = await teams.say(BRAM, "vorige")
    assert submit_data(last_card(back))["q"] == BANK.questions[-1].id


def sample(question: Question) -> AnswerInput:
    if question.type.value == "effect":
        return AnswerInput(effect="neutral", certainty="likely")
    if question.type.value == "text":
        return AnswerInput(text="Bram")
    return AnswerInput(choices=(question.choices[0].id,))


async def test_wijzig_a_theme_shows_it_and_the_answer_is_replaced(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    card = last_card(await teams.say(BRAM, "volgende"))
    await teams.submit(BRAM, effect(submit_data(card), "positive", "goed voor iedereen"))

    shown = await teams.say(BRAM, "wijzig welzijn")
    card = last_card(shown)
    assert submit_data(card)["q"] == FIRST_EFFECT
    assert "goed voor iedereen" in said(shown)
    changed = await teams.submit(BRAM, effect(submit_data(card), "negative", "minder goed"))
    assert "Bijgewerkt" in said(changed)
    history = service_of(teams).find.history(assessment_of(teams), FIRST_EFFECT, BRAM.aad)
    assert [a.current for a in history] == [False, True]


async def test_wijzig_in_english_and_by_number(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    number = BANK.position("nu.gezondheid")
    replies = await teams.say(BRAM, f"change {number}")
    card = last_card(replies)
    assert submit_data(card)["q"] == "nu.gezondheid"
    assert submit_data(card)["lang"] == "en"


async def test_wijzig_a_team_question_names_who_answered_it(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    replies = await teams.say(BRAM, "wijzig streefbeeld")
    assert submit_data(last_card(replies))["q"] == "intake.streefbeeld"
    assert "Het team heeft hier al een antwoord van Anna de Vries" in said(replies)


async def test_wijzig_with_several_matches_asks_which_with_numbers_and_buttons(
    teams: TeamsHarness,
) -> None:
    await anna_does_the_intake(teams)
    replies = await teams.say(BRAM, "wijzig kapitaal")
    card = last_card(replies)
    text = said(replies)
    assert "Welke vraag bedoel je?" in text
    number = BANK.position("later.natuurlijk_kapitaal")
    assert f"{number}. Natuurlijk kapitaal (Later)" in text
    assert f"wijzig {BANK.position('later.economisch_kapitaal')}" in text
    chosen = await teams.submit(BRAM, submit_data(card, f"{number}. Natuurlijk kapitaal"))
    assert submit_data(last_card(chosen))["q"] == "later.natuurlijk_kapitaal"


async def test_wijzig_unknown_or_empty_gets_a_clear_reply(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    assert "Welk antwoord wil je wijzigen?" in said(await teams.say(BRAM, "wijzig"))
    # Not a theme, and no answer to the effect question waiting: no question found.
    await teams.say(BRAM, "volgende")
    replies = await teams.say(BRAM, "wijzig de kleur van de fietsbrug")
    assert "Ik vind geen vraag bij ‘de kleur van de fietsbrug’" in said(replies)
    # Someone with no question waiting at all gets the same.
    carla = User("Carla Smit")
    replies = await teams.say(carla, "wijzig de kleur van de fietsbrug")
    assert "Ik vind geen vraag bij ‘de kleur van de fietsbrug’" in said(replies)


async def test_a_card_previous_button_goes_to_the_question_before(teams: TeamsHarness) -> None:
    await anna_does_the_intake(teams)
    card = last_card(await teams.say(BRAM, "volgende"))
    await teams.submit(BRAM, effect(submit_data(card), "positive", "eerst"))
    data = submit_data(last_card(await teams.say(BRAM, "volgende")))
    assert data["q"] == SECOND_EFFECT
    replies = await teams.submit(BRAM, data | {"bb": "previous"})
    assert submit_data(last_card(replies))["q"] == FIRST_EFFECT
    assert "Je antwoord nu: Positief" in said(replies)


async def test_going_back_in_the_terminal(engine: Engine, clock: Any) -> None:
    """The same in `breedbeeld chat`: plain text, typed answers, history kept."""
    migrate(engine)
    settings = Settings(DATABASE_URL="sqlite://")  # type: ignore[call-arg]
    components = build_components(settings, engine=engine, clock=clock)
    typed = iter(
        [
            "start Fietspad",
            "volgende",
            "Een fietspad langs het kanaal",
            "vorige",
            "Een breed fietspad langs het kanaal",
            "wijzig 1",
            "/stop",
        ]
    )
    printed: list[str] = []
    await run_chat(components.bot, lambda _prompt: next(typed), printed.append, "Anna", "nl-NL")
    out = "\n".join(printed)
    assert "Je antwoord nu: “Een fietspad langs het kanaal”" in out
    assert "Bijgewerkt: Wat gaat het project doen?" in out
    assert "Je antwoord nu: “Een breed fietspad langs het kanaal”" in out
    service = components.service
    assessment = service.find.latest("console-chat")
    assert assessment is not None
    history = service.find.history(assessment, "intake.omschrijving", "console-anna")
    assert [a.text for a in history] == [
        "Een fietspad langs het kanaal",
        "Een breed fietspad langs het kanaal",
    ]


async def test_an_answer_that_starts_with_wijzig_is_stored_as_an_answer(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")  # a text question: what will the project do?
    replies = await teams.say(ANNA, "Wijzig de weg door het dorp in een fietsstraat")
    assert "Opgeslagen" in said(replies)
    stored = service_of(teams).find.answers(assessment_of(teams))
    assert [a.text for a in stored] == ["Wijzig de weg door het dorp in een fietsstraat"]
