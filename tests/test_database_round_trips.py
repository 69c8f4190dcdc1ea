"""An answer turn asks little of the database: counted with SQLAlchemy events, not timed."""

from __future__ import annotations

from bench.roundtrips import DatabaseCounter
from tests.teams_harness import TeamsHarness, User, last_card, submit_data
from tests.test_teams_flow import answer_for

ANNA = User("Anna de Vries")
BRAM = User("Bram Bakker")
# Read the answer's context (the card's assessment, what the answer changes, the author's
# row, the next question with its assignments, the team's progress: one UNION ALL), insert
# the answer, remember the question now shown (an upsert of one memory entry, unread: the
# card carries the language), claim the activity (ApplyOnce). One commit for all of it.
USUAL_STATEMENTS_PER_ANSWER = 4
MAX_STATEMENTS_PER_ANSWER = 6  # the budget (issue 7)


async def test_an_answer_turn_takes_a_counted_number_of_statements(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    card = last_card(await teams.say(ANNA, "volgende"))
    counts = []
    for _ in range(3):  # the same turn for the first, second and third question
        with DatabaseCounter(teams.engine) as counter:
            replies = await teams.submit(ANNA, answer_for(ANNA, card))
        assert replies[0].text.startswith("Opgeslagen"), replies[0].text
        counts.append(len(counter.statements))
        assert counter.commits == 1, counter.statements
        card = last_card(replies)
    assert counts == [USUAL_STATEMENTS_PER_ANSWER] * 3, counts
    assert sum(s.startswith("SELECT") for s in counter.statements) == 1, counter.statements


async def test_a_newcomers_first_answer_and_a_changed_answer_add_one_write(
    teams: TeamsHarness,
) -> None:
    """Joining (participant row, with the language) or replacing (earlier answer to history)
    is one more write, and stays within the budget."""
    await teams.say(ANNA, "start Fietspad")
    first = last_card(await teams.say(ANNA, "volgende"))
    await teams.submit(ANNA, answer_for(ANNA, first))
    bram_card = last_card(await teams.say(BRAM, "volgende"))
    with DatabaseCounter(teams.engine) as joining:  # Bram becomes a participant here
        assert (await teams.submit(BRAM, answer_for(BRAM, bram_card)))[0].text.startswith(
            "Opgeslagen"
        )
    changed = answer_for(ANNA, first) | {"explanation": "toch anders"}
    with DatabaseCounter(teams.engine) as changing:  # Anna's earlier answer becomes history
        assert (await teams.submit(ANNA, changed))[0].text.startswith("Bijgewerkt")
    assert len(joining.statements) == USUAL_STATEMENTS_PER_ANSWER + 1, joining.statements
    assert len(joining.statements) <= MAX_STATEMENTS_PER_ANSWER
    assert "INSERT INTO participant" in " ".join(joining.statements)
    assert len(changing.statements) == USUAL_STATEMENTS_PER_ANSWER + 1, changing.statements
    assert "UPDATE answer SET current" in " ".join(changing.statements)
    assert submit_data(first)["q"] == "intake.omschrijving"
