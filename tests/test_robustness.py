"""Black-box: repeated deliveries are applied once; simultaneous users lose nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.teams_harness import CHANNEL, TeamsHarness, User

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")


def health_answer(
    teams: TeamsHarness, user: User, public_id: str, effect: str = "positive"
) -> dict[str, Any]:
    """The submit of a question card on health, as Teams delivers it."""
    value = {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "effect": effect}
    return teams.activity(user, value=value)


async def test_a_repeated_delivery_is_applied_once(teams: TeamsHarness) -> None:
    start = teams.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")
    status, first = await teams.post(start)
    assert status < 300 and len(first) == 1
    status, again = await teams.post(start)  # Teams re-sends the very same activity
    assert status < 300
    assert again == []  # no second card, and certainly no "already running" reply
    assessment = teams.components.service.find.running(CHANNEL)
    answer = health_answer(teams, BRAM, assessment.public_id)
    await teams.post(answer)
    status, again = await teams.post(answer)
    assert status < 300 and again == []
    history = teams.components.service.find.history(assessment, "nu.gezondheid", BRAM.aad)
    assert len(history) == 1


async def test_same_activity_id_in_another_conversation_is_not_a_repeat(
    teams: TeamsHarness,
) -> None:
    first = teams.activity(
        ANNA,
        text="<at>Breedbeeld</at> start Een",
        conversation="19:one@thread.v2",
        conversation_type="groupChat",
    )
    second = dict(first, conversation=dict(first["conversation"], id="19:two@thread.v2"))
    second["text"] = "<at>Breedbeeld</at> start Twee"
    assert len((await teams.post(first))[1]) == 1
    assert len((await teams.post(second))[1]) == 1
    assert teams.components.service.find.running("19:two@thread.v2").project_name == "Twee"


async def test_fifty_teammates_answering_at_the_same_moment(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    assessment = teams.components.service.find.running(CHANNEL)
    team = [User(f"Collega {n}") for n in range(50)]
    submits = [
        teams.post(
            teams.activity(
                user,
                value={
                    "bb": "answer",
                    "a": assessment.public_id,
                    "q": "nu.gezondheid",
                    "effect": "positive" if n % 2 else "negative",
                    "explanation": f"reden {n}",
                },
            )
        )
        for n, user in enumerate(team)
    ]
    results = await asyncio.gather(*submits)
    assert all(status < 300 for status, _ in results)
    answers = teams.components.service.find.answers(assessment)
    assert len(answers) == 50
    assert {a.author_id for a in answers} == {u.aad for u in team}
    confirmations = [c.text for c in teams.connector.calls if c.text.startswith("Opgeslagen")]
    assert len(confirmations) == 50


async def test_two_starts_at_the_same_moment_yield_one_assessment(teams: TeamsHarness) -> None:
    results = await asyncio.gather(
        teams.post(teams.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")),
        teams.post(teams.activity(BRAM, text="<at>Breedbeeld</at> start Fietspad")),
    )
    assert all(status < 300 for status, _ in results)
    texts = [c.text or c.card_text() for c in teams.connector.calls]
    assert sum("Nieuw project: Fietspad" in t for t in texts) == 1
    assert sum(t.startswith("Hier loopt al een project: **Fietspad**") for t in texts) == 1


async def test_an_answer_delivered_twice_at_the_same_moment_is_stored_once(
    teams: TeamsHarness,
) -> None:
    """The answer's claim is written in the answer's own transaction: of two deliveries in
    flight together, one stores and replies, the other finds the claim and is dropped."""
    await teams.say(ANNA, "start Fietspad")
    assessment = teams.components.service.find.running(CHANNEL)
    answer = health_answer(teams, BRAM, assessment.public_id)
    results = await asyncio.gather(teams.post(answer), teams.post(answer))
    assert all(status < 300 for status, _ in results)
    saved = [c for c in teams.connector.calls if c.text.startswith(("Opgeslagen", "Bijgewerkt"))]
    assert [c.text for c in saved] == ["Opgeslagen: Gezondheid – Positief."]
    history = teams.components.service.find.history(assessment, "nu.gezondheid", BRAM.aad)
    assert len(history) == 1


async def test_a_refused_answer_delivered_twice_is_answered_once(teams: TeamsHarness) -> None:
    """No answer is stored, so the turn claims the delivery itself before it replies."""
    await teams.say(ANNA, "start Fietspad")
    assessment = teams.components.service.find.running(CHANNEL)
    refused = health_answer(teams, BRAM, assessment.public_id, effect="x")
    status, first = await teams.post(refused)
    assert status < 300 and len(first) == 1
    assert "Opgeslagen" not in first[0].text
    status, again = await teams.post(refused)
    assert status < 300 and again == []
    unknown = health_answer(teams, BRAM, "nietbestaand")
    assert len((await teams.post(unknown))[1]) == 1
    assert (await teams.post(unknown))[1] == []
    assert teams.components.service.find.answers(assessment) == []
