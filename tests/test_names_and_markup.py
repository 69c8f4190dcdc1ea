"""Bad input in names and answers: nothing to read, hidden characters, formatting.

Black-box over /api/messages, and unit cases for domain.names and dialogs.commands.
"""

from __future__ import annotations

import pytest

from bot.teams.markup import clean_text, has_markup
from domain.names import has_letters, without_hidden
from domain.records import Person
from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User

ANNA = User("Anna de Vries")
RLO, ZWSP, LRI, PDI = "\u202e", "\u200b", "\u2066", "\u2069"


def said(replies: list[Recorded]) -> str:
    return " ".join(r.text + " " + r.card_text() for r in replies)


@pytest.mark.parametrize(
    "name",
    ["🚲🚲", "🚲 🌳", "**", "__ __", "[]()", f"{ZWSP}{RLO}", "<b></b>", "<p><strong></strong></p>"],
)
async def test_a_name_without_letters_gets_a_clear_reply(teams: TeamsHarness, name: str) -> None:
    replies = await teams.say(ANNA, f"start {name}")
    assert "Die naam kan ik niet gebruiken. Er staan geen letters of cijfers in" in said(replies)
    assert teams.components is not None
    assert teams.components.service.find.latest(CHANNEL) is None


async def test_hidden_characters_are_removed_from_the_name_and_the_user_is_told(
    teams: TeamsHarness,
) -> None:
    replies = await teams.say(ANNA, f"start Fiets{RLO}pad{ZWSP} {LRI}Zuid{PDI}")
    assert "Nieuw project: Fietspad Zuid" in said(replies)
    assert "Die heb ik weggehaald. De naam is nu: Fietspad Zuid" in said(replies)
    assert teams.components is not None
    assessment = teams.components.service.find.latest(CHANNEL)
    assert assessment is not None and assessment.project_name == "Fietspad Zuid"


async def test_a_name_with_emoji_and_letters_is_kept_as_typed(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "start 🚲 Fietspad")
    assert "Nieuw project: 🚲 Fietspad" in said(replies)
    assert "weggehaald" not in said(replies)


async def test_formatting_removed_from_an_answer_is_named(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")  # a text question: what will the project do?
    replies = await teams.say(
        ANNA, "<p><strong>Een</strong> fietspad <em>langs</em> het kanaal</p>"
    )
    text = said(replies)
    assert "Opgeslagen" in text
    assert "Dit heb ik opgeslagen: “Een fietspad langs het kanaal”" in text


async def test_a_link_keeps_its_address(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")
    replies = await teams.say(
        ANNA, '<p>Zie het <a href="https://gemeente.example/plan">plan</a></p>'
    )
    assert "Dit heb ik opgeslagen: “Zie het plan (https://gemeente.example/plan)”" in said(replies)


async def test_a_plain_message_gets_no_formatting_note(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")
    replies = await teams.say(ANNA, "<p>Een fietspad</p>")
    assert "Opgeslagen" in said(replies)
    assert "Opmaak" not in said(replies)


# -- unit cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept", "removed"),
    [
        ("Fietspad", "Fietspad", False),
        (f"Fiets{RLO}pad", "Fietspad", True),
        (f"{ZWSP}Fietspad{ZWSP}", "Fietspad", True),
        ("\u200eA\u200fB\u202aC\u202cD\u2060E\ufeffF\u00adG", "ABCDEFG", True),
        ("a\x07b", "ab", True),
        ("regel\nregel\ttab", "regel\nregel\ttab", False),
        ("🚲 Fietspad", "🚲 Fietspad", False),
        ("Straße café مرحبا", "Straße café مرحبا", False),
    ],
)
def test_without_hidden(typed: str, kept: str, removed: bool) -> None:
    assert without_hidden(typed) == (kept, removed)


@pytest.mark.parametrize(
    ("typed", "letters"),
    [
        ("Fietspad", True),
        ("N34", True),
        ("2030", True),
        ("مرحبا", True),
        ("🚲", False),
        ("**", False),
        ("", False),
    ],
)
def test_has_letters(typed: str, letters: bool) -> None:
    assert has_letters(typed) is letters


@pytest.mark.parametrize(
    ("raw", "clean", "markup"),
    [
        ("<p>Een fietspad</p>", "Een fietspad", False),
        ("<at>Breedbeeld</at> status", "status", False),
        ("<p>Een<br>fietspad</p>", "Een fietspad", False),
        ("<p><b>Een</b> fietspad</p>", "Een fietspad", True),
        ("<ul><li>een</li><li>twee</li></ul>", "een twee", True),
        ('<a href="https://x.nl">https://x.nl</a>', "https://x.nl", True),
        ('<a href="https://x.nl/?a=1&amp;b=2">plan</a>', "plan (https://x.nl/?a=1&b=2)", True),
        ("&lt;b&gt; getypt", "<b> getypt", False),
    ],
)
def test_clean_text_and_has_markup(raw: str, clean: str, markup: bool) -> None:
    assert clean_text(raw) == clean
    assert has_markup(raw) is markup


def test_hidden_characters_leave_a_persons_display_name() -> None:
    assert Person("aad-x", f"Anna{RLO} de Vries{ZWSP}").name == "Anna de Vries"
    assert Person("aad-x", f"{RLO}{ZWSP}").name == "aad-x"
    assert Person("aad-x", "Anna de Vries").name == "Anna de Vries"


async def test_a_display_name_with_hidden_characters_is_stored_without_them(
    teams: TeamsHarness,
) -> None:
    sly = User(f"Mallory{RLO}gnaW")
    await teams.say(sly, "start Fietspad")
    await teams.say(sly, "volgende")
    await teams.say(sly, "Een fietspad")
    assert teams.components is not None
    service = teams.components.service
    assessment = service.find.latest(CHANNEL)
    assert assessment is not None
    assert assessment.starter_name == "MallorygnaW"
    assert [a.author_name for a in service.find.answers(assessment)] == ["MallorygnaW"]
    assert [p.display_name for p in service.find.participants(assessment)] == ["MallorygnaW"]


async def test_hidden_characters_leave_an_answer_and_the_user_is_told(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")  # a text question
    replies = await teams.say(ANNA, f"Een fiets{RLO}pad{ZWSP} langs het kanaal")
    text = said(replies)
    assert "Er stonden onzichtbare tekens in je antwoord" in text
    assert "Dit heb ik opgeslagen: “Een fietspad langs het kanaal”" in text
    assert teams.components is not None
    service = teams.components.service
    assessment = service.find.latest(CHANNEL)
    assert assessment is not None
    assert [a.text for a in service.find.answers(assessment)] == ["Een fietspad langs het kanaal"]
    # An explanation with a line break keeps it and gets no note.
    data = {"bb": "answer", "a": assessment.public_id, "lang": "nl", "q": "nu.milieu"}
    plain = await teams.submit(
        ANNA, data | {"effect": "positive", "certainty": "likely", "explanation": "a\nb"}
    )
    assert "onzichtbare" not in said(plain)
