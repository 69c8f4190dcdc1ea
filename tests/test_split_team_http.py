"""A split team over the real Teams protocol: what the card, the report, the picture and
`status` tell the college (issue 16). Black-box over /api/messages and the report URLs."""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image

from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")


async def split_team(teams: TeamsHarness) -> dict[str, Any]:
    """Three colleagues: sure of opposite things on Welzijn, and agreed on Wonen."""
    await teams.say(ANNA, "start Dorpsplein Gieten")
    assessment = teams.components.service.find.running(CHANNEL)  # type: ignore[union-attr]
    base = {"bb": "answer", "a": assessment.public_id, "lang": "nl"}
    votes = (
        (ANNA, "strongly_positive", "certain", "meer ontmoeting"),
        (BRAM, "strongly_negative", "certain", "overlast 's avonds"),
        (CHRIS, "positive", "likely", ""),
    )
    for user, effect, certainty, why in votes:
        await teams.submit(
            user,
            base
            | {"q": "nu.welzijn", "effect": effect, "certainty": certainty, "explanation": why},
        )
        await teams.submit(
            user, base | {"q": "nu.wonen", "effect": "positive", "certainty": "likely"}
        )
    return base


def card_text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_a_split_team_is_never_shown_as_neutral_or_certain(teams: TeamsHarness) -> None:
    await split_team(teams)
    card = last_card(await teams.say(ANNA, "samenvatting"))
    text = card_text(card)
    assert "Verdeeld: Welzijn (1× sterk positief, 1× positief, 1× sterk negatief)" in text
    assert "Beter: Wonen" in text
    assert "Neutraal" not in text
    # The per-theme details: Welzijn is split, with counts that say what they count.
    facts = {
        fact["title"]: fact["value"]
        for element in card["body"]
        if element.get("id") == "effects"
        for item in element["items"]
        if item["type"] == "FactSet"
        for fact in item["facts"]
    }
    assert facts["Welzijn"].startswith("≠ Verdeeld: 1× sterk positief")
    assert "Zeker" not in facts["Welzijn"] and "zeker" not in facts["Welzijn"]
    assert "3 met een oordeel" in facts["Welzijn"]
    assert facts["Wonen"] == "▲ Positief · waarschijnlijk · 3 met een oordeel"

    report = next(a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl")
    status, _, body = await teams.get(report)
    page = body.decode()
    assert status == 200
    row = page[page.index("<td>Welzijn</td>") :][:400]
    assert "tone-split" in row and "Verdeeld" in row and "Neutraal" not in row
    assert "Zeker" not in row.split("</tr>")[0]

    status, _, png = await teams.get(report + "/impact.png")
    assert status == 200 and Image.open(io.BytesIO(png)).size[0] > 0
    status, _, raw = await teams.get(report + "/export.json")
    themes = {
        t["theme"]: t
        for group in json.loads(raw.decode("utf-8-sig"))["profile"]
        for t in group["themes"]
    }
    assert themes["Welzijn"]["split"] is True and themes["Welzijn"]["certainty"] == ""
    assert themes["Wonen"]["split"] is False


async def test_coverage_counts_answers_per_person(teams: TeamsHarness) -> None:
    await split_team(teams)
    bank = teams.components.service.bank  # type: ignore[union-attr]
    own = sum(1 for q in bank.questions if q.scope.value != "team")
    team = len(bank.questions) - own
    status = await teams.say(ANNA, "status")
    text = " ".join(r.text + " " + r.card_text() for r in status)
    assert f"Het team gaf 6 van de {team + 3 * own} antwoorden." in text
    assert f"Chris Jansen: 2 van {own} vragen beantwoord" in text
    card = card_text(last_card(await teams.say(ANNA, "samenvatting")))
    assert f"6 van de {team + 3 * own} antwoorden gegeven" in card
    assert "100%" not in card
