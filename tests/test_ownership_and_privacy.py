"""Black-box: who may close and delete, co-owners, deleting everything, `mijn gegevens`."""

from __future__ import annotations

import sqlalchemy as sa

from bot.jobs.maintenance import run_maintenance
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")


async def answered(teams: TeamsHarness) -> str:
    """Anna starts; Bram answers gezondheid twice (history) and Chris once."""
    await teams.say(ANNA, "start Fietspad")
    public_id = teams.components.service.find.running(CHANNEL).public_id
    base = {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "lang": "nl"}
    await teams.submit(BRAM, base | {"effect": "positive", "explanation": "eerste gedachte"})
    await teams.submit(BRAM, base | {"effect": "negative", "explanation": "toch niet"})
    await teams.submit(CHRIS, base | {"effect": "neutral", "explanation": "van Chris"})
    return public_id


def rows(teams: TeamsHarness, table: str) -> int:
    with teams.engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


async def test_only_the_starter_or_a_co_owner_may_finish(teams: TeamsHarness) -> None:
    await answered(teams)
    refused = await teams.say(BRAM, "afronden ja")
    assert refused[0].text == (
        "Dat kan alleen Anna de Vries, die het project startte, of een mede-eigenaar."
    )
    assert teams.components.service.find.running(CHANNEL) is not None
    not_allowed = await teams.say(CHRIS, "mede-eigenaar", mentions=(CHRIS,))
    assert not_allowed[0].text.startswith("Dat kan alleen Anna de Vries")
    missing = await teams.say(ANNA, "mede-eigenaar")
    assert missing[0].text == "Noem de collega met @. Bijvoorbeeld: mede-eigenaar @Bram"
    named = await teams.say(ANNA, "mede-eigenaar <at>Bram Bakker</at>", mentions=(BRAM,))
    assert named[0].text.startswith("Bram Bakker is nu mede-eigenaar van **Fietspad**.")
    again = await teams.say(ANNA, "mede-eigenaar <at>Bram Bakker</at>", mentions=(BRAM,))
    assert again[0].text == "Bram Bakker is al mede-eigenaar van **Fietspad**."
    finished = await teams.say(BRAM, "afronden ja")
    assert "Bram Bakker heeft **Fietspad** afgerond" in finished[0].text
    assert teams.components.service.find.running(CHANNEL) is None


async def test_delete_asks_first_and_then_removes_everything(teams: TeamsHarness) -> None:
    await answered(teams)
    assert rows(teams, "answer") == 3
    refused = await teams.say(BRAM, "verwijder")
    assert refused[0].text.startswith("Dat kan alleen Anna de Vries")
    asked = await teams.say(ANNA, "verwijder")
    card_text = asked[0].card_text()
    assert "Dit verwijdert **Fietspad** met alle 2 antwoorden van 3 mensen." in card_text
    kept = await teams.submit(ANNA, submit_data(last_card(asked), "Nee, bewaren"))
    assert kept[0].text == "Er is niets verwijderd."
    assert rows(teams, "answer") == 3
    # Someone else pressing "yes" on Anna's card is refused too.
    refused = await teams.submit(BRAM, submit_data(last_card(asked), "Ja, verwijder alles"))
    assert refused[0].text.startswith("Dat kan alleen Anna de Vries")
    assert rows(teams, "answer") == 3
    done = await teams.submit(ANNA, submit_data(last_card(asked), "Ja, verwijder alles"))
    assert done[0].text == "**Fietspad** is verwijderd, met alle antwoorden (2)."
    for table in ("assessment", "answer", "participant", "skip", "co_owner"):
        assert rows(teams, table) == 0, table
    status = await teams.say(ANNA, "status")
    assert status[0].text.startswith("Er loopt hier nog geen project.")


async def test_delete_yes_typed_and_in_english(teams: TeamsHarness) -> None:
    await answered(teams)
    await teams.say(ANNA, "afronden ja")
    eve = User("Anna de Vries", locale="en-US")  # the same Anna, English client
    done = await teams.say(eve, "delete yes")
    assert done[0].text == "**Fietspad** has been deleted, with all its answers (2)."
    assert rows(teams, "answer") == 0


async def test_my_data_goes_to_a_private_chat(teams: TeamsHarness) -> None:
    await answered(teams)
    replies = await teams.say(BRAM, "mijn gegevens")
    created = [c for c in replies if c.method == "CREATE"]
    assert len(created) == 1
    assert created[0].body["members"][0]["id"] == BRAM.id
    private = [c for c in replies if c.conversation_id.startswith("a:personal-")]
    assert len(private) == 1
    content = private[0].card_text()
    assert "Jouw gegevens: Fietspad" in content
    assert "Negatief – toch niet" in content
    assert "Positief – eerste gedachte (eerder antwoord)" in content
    assert "van Chris" not in content  # only Bram's own answers
    notice = [c for c in replies if c.conversation_id.startswith(CHANNEL)]
    assert notice[-1].text == "Ik heb je gegevens in een privéchat met jou gezet."


async def test_my_data_when_no_private_chat_can_be_opened(teams: TeamsHarness) -> None:
    await answered(teams)
    teams.connector.refuse_new_conversations = True
    replies = await teams.say(CHRIS, "my data")
    assert replies[-1].text == (
        "I could not open a private chat with you. Open a chat with Breedbeeld yourself "
        "and type there: my data"
    )
    assert not any("van Chris" in (c.text + c.card_text()) for c in replies)


async def test_my_data_in_a_personal_chat_and_for_someone_without_answers(
    teams: TeamsHarness,
) -> None:
    await answered(teams)
    replies = await teams.say(
        CHRIS, "mijn gegevens", conversation="a:1chris", conversation_type="personal"
    )
    assert [c.method for c in replies] == ["POST"]
    assert "van Chris" in replies[0].card_text()
    nothing = await teams.say(
        User("Dirk"), "mijn gegevens", conversation="a:1dirk", conversation_type="personal"
    )
    assert nothing[0].text == "Er zijn geen antwoorden van jou opgeslagen."


async def test_retention_deletes_closed_assessments_after_the_set_months(
    teams: TeamsHarness, clock
) -> None:
    await answered(teams)
    await teams.say(ANNA, "afronden ja")
    await teams.say(ANNA, "start Tweede ronde")  # still open: never deleted by retention
    service, engine = teams.components.service, teams.engine
    clock.advance(days=30 * 23)
    assert run_maintenance(service, engine, 24, clock())["assessments"] == 0
    clock.advance(days=60)
    deleted = run_maintenance(service, engine, 24, clock())
    assert deleted["assessments"] == 1
    assert rows(teams, "answer") == 0
    assert service.find.running(CHANNEL).project_name == "Tweede ronde"
    clock.advance(days=3650)
    assert run_maintenance(service, engine, 0, clock())["assessments"] == 0  # 0 = keep


async def test_old_delivery_ids_are_forgotten(teams: TeamsHarness, clock) -> None:
    await answered(teams)
    assert rows(teams, "processed_activity") == 4
    clock.advance(days=3)
    deleted = run_maintenance(teams.components.service, teams.engine, 24, clock())
    assert deleted["deliveries"] == 4
    assert rows(teams, "processed_activity") == 0
    assert teams.components.service.find.latest(CHANNEL) is not None


async def test_retention_also_forgets_idle_user_memory(teams: TeamsHarness, clock) -> None:
    await answered(teams)  # the turns remembered each user's question last shown
    entries = rows(teams, "user_memory")
    assert entries >= 2
    clock.advance(days=24 * 31)  # 24 months of retention are over
    deleted = run_maintenance(teams.components.service, teams.engine, 24, clock())
    assert deleted["user_states"] == entries
    assert rows(teams, "user_memory") == 0
