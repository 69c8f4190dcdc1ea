"""Every kind of card the bot renders validates against the Adaptive Cards 1.5 schema."""

from __future__ import annotations

from typing import Any

from tests.card_schema import card_errors
from tests.teams_harness import TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")


def test_the_validator_rejects_broken_cards() -> None:
    valid = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": "Hoi"}],
    }
    assert card_errors(valid) == []
    assert card_errors({**valid, "body": [{"type": "TextBlock"}]})  # text is required
    assert card_errors({**valid, "body": [{"type": "TextBlock", "text": "x", "colour": "red"}]})
    assert card_errors({**valid, "actions": [{"type": "Action.OpenUrl", "title": "no url"}]})
    assert card_errors({**valid, "body": [{"type": "RichTextBlock", "inlines": [{"text": 1}]}]})


def fill(card: dict[str, Any], answer: str = "Een antwoord") -> dict[str, Any]:
    data = submit_data(card)
    inputs = {e.get("id"): e for e in card["body"] if "id" in e}
    if "effect" in inputs:
        return data | {"effect": "positive", "certainty": "likely", "explanation": answer}
    if "choices" in inputs:
        return data | {"choices": inputs["choices"]["choices"][0]["value"]}
    return data | {"text": answer}


async def test_every_card_kind_is_valid(teams: TeamsHarness) -> None:
    seen: dict[str, dict[str, Any]] = {}
    seen["help"] = last_card(await teams.say(ANNA, "help"))
    seen["started"] = last_card(await teams.say(ANNA, "start Fietspad **Assen** <at>x</at>"))
    seen["summary_empty"] = last_card(await teams.say(ANNA, "samenvatting"))
    replies = await teams.say(ANNA, "volgende")
    kinds: dict[str, dict[str, Any]] = {}
    while any(r.card for r in replies):
        card = last_card(replies)
        inputs = {e.get("id"): e for e in card["body"] if "id" in e}
        kind = "effect" if "effect" in inputs else "text" if "text" in inputs else "choices"
        if kind == "choices":
            kind = "groups" if inputs["choices"].get("isMultiSelect") else "choice"
        kinds.setdefault(kind, card)
        replies = await teams.submit(ANNA, fill(card, "**vet** <script>x</script> [a](b)"))
    seen |= {f"question_{k}": v for k, v in kinds.items()}
    assert set(kinds) == {"effect", "text", "choice", "groups"}
    seen["progress"] = last_card(await teams.say(BRAM, "status"))
    seen["summary_interim"] = last_card(await teams.say(BRAM, "samenvatting"))
    seen["summary_final"] = last_card(await teams.say(ANNA, "afronden"))
    seen["reassess"] = last_card(await teams.say(ANNA, "herhaal"))
    card = last_card(await teams.say(ANNA, "volgende"))
    await teams.submit(ANNA, fill(card))
    seen["summary_round_2"] = last_card(await teams.say(ANNA, "samenvatting"))
    assert "Wat is veranderd sinds ronde 1" in str(seen["summary_round_2"])
    for name, card in seen.items():
        assert card_errors(card) == [], name
    assert teams.connector.invalid_cards == []
