"""Black-box: `verwijder` deletes every round of a project, and nothing of it remains.

Every table of the migrated schema (and of the metadata) must be listed in `NAMES_A_PROJECT`
with how its rows name a project; a table that is not listed fails the test, so whoever
adds a table says here how a delete reaches it. Besides the listed references, every text
column of every table is searched for the project's name, its rounds' public ids and the
words the team typed: a copy kept anywhere is found too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from domain.records import Person
from tests.conftest import Clock
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data
from tests.test_reports_http import gone

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")
PROJECT = "Fietspad Zuidrand"
OTHER = "Dorpshuis Oost"  # another project in the same channel: it must stay whole


@dataclass(frozen=True)
class Deleted:
    """What was deleted: the rounds' row ids and public ids."""

    ids: tuple[int, ...]
    public_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """How the rows of one table name a project."""

    column: str = ""
    by: str = "nothing"  # "id": a round's row id; "public_id": in text; "nothing"


def by_assessment(column: str) -> Reference:
    """Rows whose `column` holds the row id of a round."""
    return Reference(column, "id")


def by_public_id(column: str) -> Reference:
    """Rows whose text `column` contains the public id of a round."""
    return Reference(column, "public_id")


NAMES_NO_PROJECT = Reference()

# Every table, and how its rows name a project: one line per table.
NAMES_A_PROJECT: dict[str, Reference] = {
    "assessment": by_assessment("id"),
    "answer": by_assessment("assessment_id"),
    "participant": by_assessment("assessment_id"),
    "co_owner": by_assessment("assessment_id"),
    "assignment": by_assessment("assessment_id"),
    "skip": by_assessment("assessment_id"),
    "reminder": by_assessment("assessment_id"),
    "reminder_delivery": by_assessment("assessment_id"),
    "report_link": by_assessment("assessment_id"),
    "user_memory": by_public_id("value"),  # {"a": <public id>, "q": ...}
    "processed_activity": NAMES_NO_PROJECT,  # channel, conversation and message ids
    # Messages waiting for another try (bot/storage/outbox.py); `project` is the round's public id,
    # a foreign key with ON DELETE CASCADE. A reply kept without a project has it NULL.
    "outbox": by_public_id("project"),
    "alembic_version": NAMES_NO_PROJECT,
}


def remaining(connection: Connection, table: str, deleted: Deleted) -> int:
    """Rows of `table` that still name a deleted round, the way NAMES_A_PROJECT says."""
    reference = NAMES_A_PROJECT[table]
    if reference.by == "id":
        statement = sa.text(f'SELECT count(*) FROM "{table}" WHERE "{reference.column}" IN :ids')
        return connection.execute(
            statement.bindparams(sa.bindparam("ids", expanding=True)), {"ids": list(deleted.ids)}
        ).scalar_one()
    if reference.by == "public_id":
        return sum(
            connection.execute(
                sa.text(f'SELECT count(*) FROM "{table}" WHERE "{reference.column}" LIKE :p'),
                {"p": f"%{public_id}%"},
            ).scalar_one()
            for public_id in deleted.public_ids
        )
    return 0


def all_tables(engine: Engine) -> set[str]:
    """The migrated schema's tables and the metadata's: a table in either must be listed."""
    return set(sa.inspect(engine).get_table_names()) | set(SQLModel.metadata.tables)


def text_hits(connection: Connection, engine: Engine, needles: list[str]) -> list[str]:
    """table.column: needle, for every text column anywhere that contains one of them."""
    hits = []
    inspector = sa.inspect(engine)
    for table in sorted(inspector.get_table_names()):
        for column in inspector.get_columns(table):
            if not isinstance(column["type"], sa.String | sa.Text):
                continue
            name = column["name"]
            for needle in needles:
                found = connection.execute(
                    sa.text(f'SELECT count(*) FROM "{table}" WHERE "{name}" LIKE :pattern'),
                    {"pattern": f"%{needle}%"},
                ).scalar_one()
                if found:
                    hits.append(f"{table}.{name}: {needle} ({found} rows)")
    return hits


def count(teams: TeamsHarness, sql: str) -> int:
    with teams.engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


@pytest.fixture
async def quiet_teams(engine: Engine, clock: Clock) -> AsyncIterator[TeamsHarness]:
    """The reminder loop off: the test runs the scheduler's round itself."""
    harness = TeamsHarness(engine, clock, settings={"REMINDER_CHECK_SECONDS": "0"})
    await harness.start()
    yield harness
    await harness.stop()


async def answer(teams: TeamsHarness, user: User, question: str, explanation: str) -> None:
    running = teams.components.service.find.running(CHANNEL)
    data = {"bb": "answer", "a": running.public_id, "q": question, "lang": "nl"}
    replies = await teams.submit(user, data | {"effect": "positive", "explanation": explanation})
    assert replies[0].text.startswith(("Opgeslagen", "Bijgewerkt")), replies[0].text


async def a_round(teams: TeamsHarness, clock: Clock, secret: str) -> str:
    """A round with something in every table: people, co-owner, answers (with history),
    a skip, an assignment, a deadline and a sent reminder, a report link, and a question
    remembered for a typed answer. Returns the report link."""
    await answer(teams, BRAM, "nu.gezondheid", f"{secret} eerste gedachte")
    await answer(teams, BRAM, "nu.gezondheid", f"{secret} toch anders")
    await answer(teams, ANNA, "nu.wonen", f"{secret} van Anna")
    await teams.say(ANNA, "wijs Hier en nu toe aan <at>Chris Jansen</at>", mentions=(CHRIS,))
    shown = await teams.say(CHRIS, "volgende")  # remembered: the question shown to Chris
    await teams.submit(CHRIS, submit_data(last_card(shown), "Overslaan"))
    await teams.say(CHRIS, "volgende")
    await teams.say(ANNA, "deadline 4 december")
    await teams.say(ANNA, "herinner")
    await teams.components.scheduler.run_due(clock())
    summary = last_card(await teams.say(ANNA, "samenvatting"))
    return next(a["url"] for a in summary["actions"] if a["type"] == "Action.OpenUrl")


async def test_delete_after_herhaal_leaves_nothing_of_any_round(
    quiet_teams: TeamsHarness, clock: Clock
) -> None:
    teams = quiet_teams
    teams.set_roster(ANNA, BRAM, CHRIS)
    service = teams.components.service
    # Another project in the same channel, with an answer of its own: it must stay whole.
    await teams.say(ANNA, f"start {OTHER}")
    await answer(teams, BRAM, "nu.gezondheid", "ander project")
    other = service.find.running(CHANNEL)
    await teams.say(ANNA, "afronden ja")

    await teams.say(ANNA, f"start {PROJECT} <at>Bram Bakker</at>", mentions=(BRAM,))
    await teams.say(ANNA, "mede-eigenaar <at>Chris Jansen</at>", mentions=(CHRIS,))
    first_link = await a_round(teams, clock, "GEHEIM-R1")
    await teams.say(ANNA, "afronden ja")
    clock.advance(days=1)
    await teams.say(BRAM, "herhaal")  # anyone may start the next round
    second = service.find.running(CHANNEL)
    first = service.rounds.previous_round(second)
    second_link = await a_round(teams, clock, "GEHEIM-R2")
    await teams.say(ANNA, "afronden ja")

    for table, column in (("answer", "assessment_id"), ("reminder_delivery", "assessment_id")):
        assert count(teams, f"SELECT count(*) FROM {table} WHERE {column} = {first.id}") > 0
    for link in (first_link, second_link):
        assert (await teams.get(link))[0] == 200

    # Bram started round 2, but round 1 is Anna's: he may not delete her round with it.
    refused = await teams.say(BRAM, "verwijder ja")
    assert refused[0].text == (
        "Dat kan alleen Anna de Vries, die het project startte, of een mede-eigenaar."
    )
    # Chris, co-owner of round 1, stayed co-owner in round 2 (herhaal carried it over).
    asked = await teams.say(CHRIS, "verwijder")
    assert (
        f"Dit verwijdert alle 2 rondes van **{PROJECT}**, met alle 4 antwoorden van 3 mensen."
        in asked[0].card_text()
    )
    done = await teams.submit(CHRIS, submit_data(last_card(asked), "Ja, verwijder alles"))
    assert done[0].text == f"**{PROJECT}** is verwijderd: alle 2 rondes, met alle antwoorden (4)."

    deleted = Deleted((first.id, second.id), (first.public_id, second.public_id))
    tables = all_tables(teams.engine)
    unlisted = sorted(tables - set(NAMES_A_PROJECT))
    assert not unlisted, (
        f"tables not in NAMES_A_PROJECT: {unlisted}; add a line saying how each names a "
        "project, and make `verwijder` delete from it (domain/deletion.py)"
    )
    assert not sorted(set(NAMES_A_PROJECT) - tables), "NAMES_A_PROJECT lists a table that is gone"
    with teams.engine.connect() as connection:
        left = {t: remaining(connection, t, deleted) for t in sorted(tables)}
        assert {t: n for t, n in left.items() if n} == {}
        needles = [PROJECT, "GEHEIM-R1", "GEHEIM-R2", *deleted.public_ids]
        assert text_hits(connection, teams.engine, needles) == []

    # The other project is whole.
    assert other.id is not None
    assert count(teams, f"SELECT count(*) FROM answer WHERE assessment_id = {other.id}") == 1
    assert service.find.latest(CHANNEL).public_id == other.public_id

    # Links of every round are gone, with a page that says so; lists and personal data too.
    for link in (first_link, second_link, first_link + "/impact.png"):
        assert gone(*(await teams.get(link))[:3:2]), link
    listing = (await teams.say(ANNA, "overzicht"))[0].card_text()
    assert OTHER in listing and PROJECT not in listing
    mine = await teams.say(BRAM, "mijn gegevens")
    private = "".join(c.card_text() for c in mine if c.conversation_id.startswith("a:personal-"))
    assert "Jouw gegevens: " + OTHER in private and PROJECT not in private
    # A typed answer to the question Chris was last shown finds nothing to answer.
    typed = await teams.say(CHRIS, "2 want dat denk ik")
    assert typed[0].text.startswith("Dat begrijp ik niet.")


async def test_deleting_a_single_round_says_so_as_before(teams: TeamsHarness) -> None:
    await teams.say(ANNA, f"start {PROJECT}")
    await answer(teams, BRAM, "nu.gezondheid", "GEHEIM-enkel")
    done = await teams.say(ANNA, "verwijder ja")
    assert done[0].text == f"**{PROJECT}** is verwijderd, met alle antwoorden (1)."
    with teams.engine.connect() as connection:
        assert text_hits(connection, teams.engine, [PROJECT, "GEHEIM-enkel"]) == []


async def test_herhaal_keeps_the_co_owners_and_the_first_starter(teams: TeamsHarness) -> None:
    await teams.say(ANNA, f"start {PROJECT}")
    await teams.say(ANNA, "mede-eigenaar <at>Chris Jansen</at>", mentions=(CHRIS,))
    await teams.say(ANNA, "afronden ja")
    await teams.say(BRAM, "herhaal")  # Bram starts round 2 and owns it
    # Chris (co-owner of round 1) and Anna (its starter) may still decide in round 2.
    refused = await teams.say(User("Dirk Smit"), "afronden ja")
    assert refused[0].text.startswith("Dat kan alleen Bram Bakker")
    closed = await teams.say(CHRIS, "afronden ja")
    assert f"Chris Jansen heeft **{PROJECT}** afgerond" in closed[0].text
    await teams.say(ANNA, "herhaal")
    dirk = User("Dirk Smit")
    again = await teams.say(dirk, "mede-eigenaar <at>Dirk Smit</at>", mentions=(dirk,))
    assert again[0].text.startswith("Dat kan alleen Anna de Vries")
    # Round 3, started by Anna: Bram (starter of round 2) and Chris carried over.
    service = teams.components.service
    for owner in (BRAM, CHRIS):
        person = Person(owner.aad, owner.name, owner.id)
        assert service.team.is_owner(service.find.running(CHANNEL), person), owner.name


async def test_a_round_started_after_the_question_is_not_deleted_unasked(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, f"start {PROJECT}")
    await answer(teams, BRAM, "nu.gezondheid", "GEHEIM-eerst")
    await teams.say(ANNA, "afronden ja")
    asked = await teams.say(ANNA, "verwijder")  # about one round
    await teams.say(ANNA, "herhaal")
    again = await teams.submit(ANNA, submit_data(last_card(asked), "Ja, verwijder alles"))
    assert f"Dit verwijdert alle 2 rondes van **{PROJECT}**" in again[0].card_text()
    assert len(teams.components.service.find.all_in(CHANNEL)) == 2
    done = await teams.submit(ANNA, submit_data(last_card(again), "Ja, verwijder alles"))
    assert done[0].text == f"**{PROJECT}** is verwijderd: alle 2 rondes, met alle antwoorden (1)."
    assert teams.components.service.find.all_in(CHANNEL) == []
