"""Black-box: every bad input gets a clear reply in the user's language and changes nothing."""

from __future__ import annotations

from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
EVE = User("Eve Smith", locale="en-US")


def stored(teams: TeamsHarness) -> list:
    service = teams.components.service
    latest = service.find.latest(CHANNEL)
    return service.find.answers(latest) if latest else []


async def started(teams: TeamsHarness) -> str:
    """Start an assessment with one stored answer; return its public id."""
    await teams.say(ANNA, "start Fietspad")
    card = last_card(await teams.say(ANNA, "volgende"))
    data = submit_data(card) | {"text": "Een fietspad"}
    await teams.submit(ANNA, data)
    assert len(stored(teams)) == 1
    return teams.components.service.find.running(CHANNEL).public_id


async def test_unknown_command_gets_short_help(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "doe iets leuks")
    assert replies[0].text.startswith("Dat begrijp ik niet. Typ **help**")
    replies = await teams.say(EVE, "do something nice")
    assert replies[0].text.startswith("I don't understand that. Type **help**")


async def test_mention_without_text_shows_help(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "")
    assert "Zo werkt Breedbeeld" in replies[0].card_text()
    assert "start <naam> – begin een nieuw project" in replies[0].card_text()


async def test_start_without_or_with_huge_name(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "start")
    assert replies[0].text.startswith("Welk project wil je bekijken?")
    replies = await teams.say(ANNA, "start " + "x" * 10_000)
    assert replies[0].text == "Die naam is te lang. Gebruik hoogstens 120 tekens."
    replies = await teams.say(EVE, "start " + "x" * 10_000)
    assert replies[0].text == "That name is too long. Please use at most 120 characters."
    assert teams.components.service.find.latest(CHANNEL) is None


async def test_start_of_a_running_name_keeps_the_running_one(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    replies = await teams.say(BRAM, "start fietspad")
    assert replies[0].text.startswith("Hier loopt al een project: **Fietspad**.")
    assert teams.components.service.find.running(CHANNEL).public_id == public_id
    assert len(stored(teams)) == 1
    # Another name is another assessment, next to the first.
    replies = await teams.say(BRAM, "start Iets anders")
    assert "Nieuw project: Iets anders" in replies[0].card_text()
    running = teams.components.service.find.running_all(CHANNEL)
    assert [a.project_name for a in running] == ["Fietspad", "Iets anders"]


async def test_too_long_explanation_is_refused_and_nothing_stored(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    submit = {
        "bb": "answer",
        "a": public_id,
        "q": "nu.gezondheid",
        "lang": "nl",
        "effect": "positive",
        "explanation": "x" * 10_000,
    }
    replies = await teams.submit(ANNA, submit)
    assert replies[0].text.startswith("Je uitleg is te lang: hoogstens 2000 tekens.")
    assert len(stored(teams)) == 1
    # The typed form of the same mistake.
    await teams.say(ANNA, "volgende")
    replies = await teams.say(ANNA, "Gebied: " + "y" * 5_000)
    assert replies[0].text.startswith("Je antwoord is te lang: hoogstens 4000 tekens.")
    assert len(stored(teams)) == 1


async def test_message_far_too_long(teams: TeamsHarness) -> None:
    replies = await teams.say(ANNA, "z" * 20_000)
    assert replies[0].text.startswith("Je bericht is te lang: hoogstens 12000 tekens.")


async def test_submit_without_effect(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    replies = await teams.submit(ANNA, {"bb": "answer", "a": public_id, "q": "nu.gezondheid"})
    assert replies[0].text.startswith("Kies eerst een effect")
    replies = await teams.submit(
        EVE,
        {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "effect": "fantastic", "lang": "en"},
    )
    assert replies[0].text == "I don't know that effect. Choose a number from 1 to 6."
    assert len(stored(teams)) == 1


async def test_submit_for_unknown_or_foreign_assessment(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    unknown = {"bb": "answer", "a": "0" * 32, "q": "nu.gezondheid", "effect": "positive"}
    replies = await teams.submit(ANNA, unknown)
    assert replies[0].text.startswith("Deze kaart hoort niet bij een project hier.")
    # A card of this channel's assessment, submitted from another conversation.
    foreign = {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "effect": "positive"}
    replies = await teams.submit(
        BRAM, foreign, conversation="19:other@thread.v2", conversation_type="groupChat"
    )
    assert replies[0].text.startswith("Deze kaart hoort niet bij een project hier.")
    assert len(stored(teams)) == 1


async def test_submit_for_a_question_not_in_the_bank(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    replies = await teams.submit(
        ANNA, {"bb": "answer", "a": public_id, "q": "nu.bestaat_niet", "effect": "positive"}
    )
    assert replies[0].text.startswith("Die vraag bestaat niet (meer).")
    assert len(stored(teams)) == 1


async def test_submit_for_a_closed_assessment(teams: TeamsHarness) -> None:
    public_id = await started(teams)
    await teams.say(ANNA, "afronden ja")
    replies = await teams.submit(
        BRAM, {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "effect": "positive"}
    )
    assert (
        replies[0].text == "Het project **Fietspad** is al afgerond. Je antwoord is niet "
        "opgeslagen."
    )
    again = await teams.say(BRAM, "afronden ja")
    assert "Het project **Fietspad** is al afgerond." in again[0].text
    assert len(stored(teams)) == 1


async def test_garbage_card_data(teams: TeamsHarness) -> None:
    await started(teams)
    replies = await teams.submit(ANNA, {"unexpected": ["data"]})
    assert replies[0].text == "Ik kon deze kaart niet lezen. Typ **volgende** om verder te gaan."
    replies = await teams.submit(ANNA, {"bb": 42, "a": None})
    assert replies[0].text.startswith("Ik kon deze kaart niet lezen.")
    assert len(stored(teams)) == 1


async def test_commands_without_a_running_assessment(teams: TeamsHarness) -> None:
    for command in ("volgende", "overslaan", "afronden"):
        replies = await teams.say(ANNA, command)
        assert replies[0].text.startswith("Er loopt hier nog geen project."), command
    replies = await teams.say(EVE, "next")
    assert replies[0].text.startswith("No project is running here yet.")


async def test_typed_text_without_a_pending_question(teams: TeamsHarness) -> None:
    await started(teams)
    replies = await teams.say(BRAM, "2 want het is goed")
    assert replies[0].text.startswith("Dat begrijp ik niet.")
    assert len(stored(teams)) == 1


async def test_malformed_http_requests(teams: TeamsHarness) -> None:
    client = teams.client
    response = await client.post(
        "/api/messages", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    response = await client.post(
        "/api/messages", data="hello", headers={"Content-Type": "text/plain"}
    )
    assert response.status == 415
    response = await client.post("/api/messages", json={"text": "no type"})
    assert response.status == 400
    response = await client.post("/api/messages", json=[1, 2, 3])
    assert response.status == 400
    assert teams.connector.calls == []


async def test_other_activity_types_are_accepted_quietly(teams: TeamsHarness) -> None:
    for kind in ("typing", "conversationUpdate", "messageReaction", "somethingNew"):
        activity = teams.activity(ANNA) | {"type": kind}
        status, replies = await teams.post(activity)
        assert status < 300, kind
        assert replies == [], kind


async def test_healthz(teams: TeamsHarness) -> None:
    response = await teams.client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"


async def test_activity_without_a_service_url_is_refused_at_once(teams: TeamsHarness) -> None:
    for service_url in ("", None, "ftp://x", 42):
        activity = teams.activity(ANNA, text="<at>Breedbeeld</at> start X")
        activity["serviceUrl"] = service_url
        status, replies = await teams.post(activity)
        assert status == 400 and replies == []
    assert teams.components.service.find.latest(CHANNEL) is None


async def test_markdown_and_mentions_in_names_stay_literal_in_cards(teams: TeamsHarness) -> None:
    """What people type goes into TextRuns, which Adaptive Cards never read as Markdown."""
    name = "[Klik](https://evil.example) <at>Iedereen</at> _schuin_"
    sly = User("**Mallory** [x](https://evil.example)")
    started = await teams.say(sly, f"start {name}")
    card = started[-1].card

    def text_blocks(node):
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                yield node["text"]
            for value in node.values():
                yield from text_blocks(value)
        elif isinstance(node, list):
            for value in node:
                yield from text_blocks(value)

    assert not any("evil.example" in t or "Mallory" in t for t in text_blocks(card))
    runs = [r["text"] for b in card["body"] if b["type"] == "RichTextBlock" for r in b["inlines"]]
    assert any("[Klik](https://evil.example)" in r for r in runs)
    status = await teams.say(sly, "status")
    assert not any("Mallory" in t for t in text_blocks(status[-1].card))
