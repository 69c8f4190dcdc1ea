"""What a person reads in the small places of a card: the red line under a field left
empty, the full stop after a quoted answer, and a part with a single theme."""

from __future__ import annotations

from typing import Any

from dialogs.summary_views import part_line
from domain.analysis import DimensionResult
from questions.model import Dimension
from tests.teams_harness import TeamsHarness
from tests.test_in_place import ANNA, PERSONAL, first_question_in_chat, inputs_for, texts

# What Teams shows in red when Opslaan is clicked with the field empty (it checks
# isRequired before it sends anything): never the field's own label.
REQUIRED = {
    "effect": "Kies eerst het effect.",
    "text": "Typ eerst je antwoord.",
    "choice": "Kies eerst een antwoord.",
    "groups": "Kies eerst minstens één groep.",
}


def required_fields(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's required inputs by kind: effect, text, choice or groups."""
    found = {}
    for element in card["body"]:
        if not isinstance(element, dict) or not element.get("isRequired"):
            continue
        if element["id"] == "choices":
            found["groups" if element.get("isMultiSelect") else "choice"] = element
        else:
            found[element["id"]] = element
    return found


async def test_an_empty_required_field_says_what_to_do(teams: TeamsHarness) -> None:
    card = await first_question_in_chat(teams)
    seen: dict[str, str] = {}
    for _ in range(35):
        for kind, element in required_fields(card).items():
            assert element["errorMessage"] != element["label"]
            seen[kind] = element["errorMessage"]
        if len(seen) == len(REQUIRED):
            break
        card, _ = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    assert seen == REQUIRED


async def test_a_quoted_answer_gets_one_full_stop(teams: TeamsHarness) -> None:
    card = await first_question_in_chat(teams)  # the first question is a text question
    assert "text" in required_fields(card)
    typed = {"text": "Een fietspad langs het kanaal."}
    card, _ = await teams.execute(ANNA, card, typed, **PERSONAL)
    confirmation = texts(card["body"][0])
    assert confirmation.endswith("– “Een fietspad langs het kanaal”.")


def test_a_part_with_one_theme_and_no_opinion_is_not_zero_of_one_themes() -> None:
    single = DimensionResult(Dimension.DISTRIBUTION, 1, 0, 0, 0, 0, 0, 1)
    assert part_line(single, "nl") == "Nog te vroeg: het enige thema heeft nog geen oordeel"
    assert part_line(single, "en") == "Too early: its only theme has no opinion yet"
    three = DimensionResult(Dimension.ELSEWHERE, 3, 0, 1, 0, 0, 0, 2)
    assert part_line(three, "nl") == "Nog te vroeg: 1 van de 3 thema's heeft een oordeel"
