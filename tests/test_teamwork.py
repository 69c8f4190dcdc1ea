"""Black-box: teamwork over /api/messages with the recording fake Bot Connector.

Teammates named at the start, answers from a 1:1 chat and from the channel thread in one
assessment, an edited answer with its history, and the one progress card updated in
place (PUT on the activity id of the card the bot posted).
"""

from __future__ import annotations

from typing import Any

from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data
from tests.test_teams_flow import answer_for

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
CHRIS, DIRK = User("Chris Jansen"), User("Dirk de Boer")
OUTSIDER = User("Olga Buiten")


def mention_text(*users: User) -> str:
    return " ".join(f"<at>{u.name}</at>" for u in users)


def created_for(replies: list[Recorded]) -> dict[str, str]:
    """Account id -> the 1:1 conversation the bot opened for it (from CREATE + POST)."""
    return {
        r.body["members"][0]["id"]: r.created_id
        for r in replies
        if r.method == "CREATE" and r.created_id
    }


async def start_with_team(teams: TeamsHarness) -> tuple[list[Recorded], Recorded]:
    teams.set_roster(ANNA, BRAM, CHRIS, DIRK)
    replies = await teams.say(
        ANNA, f"start Fietspad {mention_text(BRAM, CHRIS, DIRK)}", mentions=(BRAM, CHRIS, DIRK)
    )
    card = next(r for r in replies if "Nieuw project: Fietspad" in r.card_text())
    return replies, card


async def test_start_with_three_teammates_answers_from_1on1_and_thread(
    teams: TeamsHarness, clock: Any
) -> None:
    replies, start_card = await start_with_team(teams)
    service = teams.components.service
    assessment = service.find.running(CHANNEL)
    thread = start_card.conversation_id
    assert thread.startswith(CHANNEL + ";messageid=")
    assert assessment.project_name == "Fietspad"  # the mentions are not part of the name

    # Each teammate got "your questions for Fietspad" in a 1:1 chat.
    chats = created_for(replies)
    assert set(chats) == {BRAM.id, CHRIS.id, DIRK.id}
    invites = [r for r in replies if r.conversation_id.startswith("a:personal-")]
    assert all("Je vragen voor Fietspad" in r.card_text() for r in invites)
    assert "Anna de Vries vraagt je mee te kijken naar **Fietspad**" in invites[0].card_text()
    said = [r.text for r in replies if r.conversation_id == thread]
    assert "Ik stuur Bram Bakker, Chris Jansen en Dirk de Boer hun vragen" in "\n".join(said)
    # Stored with both ids: the AAD id (looked up with TeamsInfo) and the account id.
    people = {p.display_name: p for p in service.find.participants(assessment)}
    assert set(people) == {ANNA.name, BRAM.name, CHRIS.name, DIRK.name}
    assert (people[BRAM.name].user_id, people[BRAM.name].account_id) == (BRAM.aad, BRAM.id)

    # Bram answers in his 1:1 chat, starting from the invitation's button.
    bram_chat = chats[BRAM.id]
    invite = next(r for r in invites if r.conversation_id == bram_chat)
    first = await teams.submit(
        BRAM,
        submit_data(invite.card, "Eerste vraag"),
        conversation=bram_chat,
        conversation_type="personal",
    )
    question = last_card(first)
    assert first[-1].conversation_id == bram_chat
    saved = await teams.submit(
        BRAM, answer_for(BRAM, question), conversation=bram_chat, conversation_type="personal"
    )
    assert saved[0].text.startswith("Opgeslagen") and saved[0].conversation_id == bram_chat
    # Text answers work there too: the next question, answered by typing.
    typed = await teams.say(
        BRAM, "Een fietspad", conversation=bram_chat, conversation_type="personal"
    )
    assert typed[0].text.startswith("Opgeslagen")

    # Chris and Dirk answer in the channel thread of the start message.
    for user in (CHRIS, DIRK):
        shown = await teams.say(user, "volgende", conversation=thread)
        assert "Fietspad · vraag" in shown[-1].card_text()
        saved = await teams.submit(user, answer_for(user, last_card(shown)), conversation=thread)
        assert saved[0].text.startswith("Opgeslagen") and saved[0].conversation_id == thread

    # All answers landed in the one assessment.
    authors = {a.author_id for a in service.find.answers(assessment)}
    assert authors == {BRAM.aad, CHRIS.aad, DIRK.aad}

    # Chris changes his mind later: a new answer, the old one kept as history.
    clock.advance(hours=3)
    public_id = assessment.public_id
    change = {"bb": "answer", "a": public_id, "q": "nu.gezondheid", "lang": "nl"}
    await teams.submit(CHRIS, change | {"effect": "positive", "explanation": "eerst"})
    changed = await teams.submit(CHRIS, change | {"effect": "negative", "explanation": "toch"})
    assert changed[0].text.startswith("Bijgewerkt: Gezondheid – Negatief")
    history = service.find.history(assessment, "nu.gezondheid", CHRIS.aad)
    assert [(h.effect.value, h.explanation) for h in history] == [
        ("positive", "eerst"),
        ("negative", "toch"),
    ]
    assert history[0].current is False and history[1].current is True

    # The progress card: the start card, updated in place after every answer (PUT on
    # the same activity in the thread), never posted again.
    updates = teams.connector.updates()
    assert len(updates) == 6  # two from Bram, one each from Chris and Dirk, two changes
    card_id = "reply-" + start_card_id(teams, start_card)
    assert {(u.conversation_id, u.activity_id) for u in updates} == {(thread, card_id)}
    latest = updates[-1].card_text()
    assert "Voortgang: Fietspad" in latest
    # Answers given out of answers asked: 9 team questions once, 26 to each of the four.
    # Chris's changed answer counts once.
    assert "Het team gaf 5 van de 113 antwoorden." in latest
    assert "Intake\n4 / 6" in latest and "Hier en nu\n1 / 10" in latest
    # Per person their own questions: Bram and Dirk answered only intake (team) questions.
    assert "Bram Bakker: 0 van 26 vragen beantwoord" in latest
    assert "Chris Jansen: 1 van 26 vragen beantwoord" in latest
    assert "Dirk de Boer: 0 van 26 vragen beantwoord" in latest
    assert "Anna de Vries: nog geen antwoorden" in latest
    posted_again = [
        r for r in teams.connector.calls if r.method == "POST" and "Voortgang" in r.card_text()
    ]
    assert posted_again == []


def start_card_id(teams: TeamsHarness, start_card: Recorded) -> str:
    """The id the fake connector gave the start card (it numbers replies in order)."""
    index = teams.connector.calls.index(start_card)
    posts = [c for c in teams.connector.calls[: index + 1] if c.method in ("POST", "CREATE")]
    return str(len(posts))


async def test_assign_parts_shows_on_the_card_and_steers_questions(teams: TeamsHarness) -> None:
    await start_with_team(teams)
    refused = await teams.say(
        BRAM, f"wijs Hier en nu toe aan {mention_text(CHRIS)}", mentions=(CHRIS,)
    )
    assert refused[0].text.startswith("Dat kan alleen Anna de Vries")
    done = await teams.say(
        ANNA, f"wijs Hier en nu toe aan {mention_text(CHRIS)}", mentions=(CHRIS,)
    )
    assert done[0].text.startswith("**Hier en nu** is nu voor Chris Jansen.")
    theme = await teams.say(ANNA, f"assign health to {mention_text(DIRK)}", mentions=(DIRK,))
    # A notice to the team: in the project's language, whatever word was typed.
    assert theme[0].text.startswith("**Gezondheid** is nu voor Dirk de Boer.")
    card = teams.connector.updates()[-1].card  # the card speaks the starter's language
    facts = {f["title"]: f["value"] for b in card["body"] for f in b.get("facts", [])}
    assert facts["Hier en nu"] == "0 / 10 · voor Chris Jansen en Dirk de Boer (gezondheid)"
    assert facts["Later"] == "0 / 4"
    # Anna answers the intake, then her next question skips "Hier en nu" (Chris's part).
    for _ in range(6):
        question = (await teams.say(ANNA, "volgende"))[-1].card_text()
        await teams.say(ANNA, "1" if "1. " in question else "Een fietspad")
    after_intake = await teams.say(ANNA, "volgende")
    assert "Later" in after_intake[-1].card_text()
    chris = await teams.say(CHRIS, "volgende")
    assert "Hier en nu" in chris[-1].card_text()

    unknown = await teams.say(
        ANNA, f"wijs Ruimtevaart toe aan {mention_text(BRAM)}", mentions=(BRAM,)
    )
    assert unknown[0].text.startswith("Dat deel ken ik niet: Ruimtevaart.")
    outside = await teams.say(
        ANNA, f"wijs Later toe aan {mention_text(OUTSIDER)}", mentions=(OUTSIDER,)
    )
    assert outside[0].text == (
        "Olga Buiten zit niet in dit kanaal of deze chat. Voeg Olga Buiten eerst toe aan het "
        "team, en probeer het dan opnieuw."
    )
    assert teams.components.service.find.running(CHANNEL) is not None


async def test_participants_later_and_the_whole_team(teams: TeamsHarness) -> None:
    teams.set_roster(ANNA, BRAM, CHRIS, DIRK)
    await teams.say(ANNA, "start Buurthuis")
    listed = await teams.say(ANNA, "deelnemers")
    assert "Deelnemers: Buurthuis" in listed[0].card_text()
    added = await teams.say(ANNA, f"deelnemers {mention_text(BRAM)}", mentions=(BRAM,))
    assert added[0].text == "Bram Bakker doet nu mee aan **Buurthuis**."
    assert [c.body["members"][0]["id"] for c in added if c.method == "CREATE"] == [BRAM.id]
    everyone = await teams.say(ANNA, "participants everyone")
    # A notice to the team: in the project's language, whatever word was typed.
    assert everyone[0].text == "Chris Jansen en Dirk de Boer doen nu mee aan **Buurthuis**."
    # The roster came from the team's paged member list, the bot itself left out.
    assert any("/pagedmembers" in path for path in teams.connector.lookups)
    names = [
        p.display_name
        for p in teams.components.service.find.participants(
            teams.components.service.find.running(CHANNEL)
        )
    ]
    assert names == [ANNA.name, BRAM.name, CHRIS.name, DIRK.name]


async def test_an_invitation_that_cannot_be_delivered_is_told_to_the_starter(
    teams: TeamsHarness,
) -> None:
    teams.connector.refuse_members = {DIRK.id}
    replies, _ = await start_with_team(teams)
    told = [r.text for r in replies if r.text.startswith("Ik kon Dirk de Boer geen privébericht")]
    assert told == [
        "Ik kon Dirk de Boer geen privébericht sturen. Misschien heeft Dirk de Boer de app "
        "Breedbeeld nog niet. Dirk de Boer kan hier in de thread antwoorden: typ **volgende**."
    ]
    assert len([r for r in replies if r.conversation_id.startswith("a:personal-")]) == 2
    # The assessment goes on; Dirk answers in the thread.
    shown = await teams.say(DIRK, "volgende")
    assert "Fietspad · vraag 1 van 35" in shown[-1].card_text()


async def test_several_assessments_thread_list_and_which_one(teams: TeamsHarness) -> None:
    first = await teams.say(ANNA, "start Fietspad")
    second = await teams.say(ANNA, "start Bibliotheek")
    fiets_thread, bieb_thread = first[0].conversation_id, second[0].conversation_id
    # In a project's thread, commands act on that project.
    shown = await teams.say(BRAM, "volgende", conversation=bieb_thread)
    assert "Bibliotheek · vraag 1" in shown[-1].card_text()
    shown = await teams.say(BRAM, "status", conversation=fiets_thread)
    assert "Voortgang: Fietspad" in shown[-1].card_text()
    # Elsewhere in the channel the bot asks which one, with a button per project.
    asked = await teams.say(BRAM, "volgende")
    card = last_card(asked)
    assert "Welk project bedoel je?" in asked[-1].card_text()
    assert [a["title"] for a in card["actions"]] == ["Bibliotheek", "Fietspad"]
    picked = await teams.submit(BRAM, submit_data(card, "Fietspad"))
    assert "Fietspad · vraag 1" in picked[-1].card_text()
    # A forged pick for an assessment of another conversation is refused.
    await teams.say(
        DIRK, "start Elders", conversation="19:other@thread.v2", conversation_type="groupChat"
    )
    other = teams.components.service.find.running("19:other@thread.v2")
    forged = await teams.submit(BRAM, {"bb": "pick", "a": other.public_id, "lang": "nl"})
    assert forged[0].text.startswith("Deze kaart hoort niet bij een project hier.")
    # The overview lists them with their state.
    await teams.say(ANNA, "afronden ja", conversation=bieb_thread)
    listing = (await teams.say(ANNA, "overzicht"))[-1].card_text()
    assert "Fietspad – loopt nog, 0 van 35 vragen beantwoord, deelnemers: 1" in listing
    assert "Bibliotheek – afgerond, 0 van 35 vragen beantwoord, deelnemers: 1" in listing
    # With one running again, a command outside a thread needs no question.
    shown = await teams.say(CHRIS, "volgende")
    assert "Fietspad · vraag 1" in shown[-1].card_text()


async def test_welcome_with_a_start_button(teams: TeamsHarness) -> None:
    update = {
        "type": "conversationUpdate",
        "id": "f:welcome-1",
        "serviceUrl": teams.service_url,
        "channelId": "msteams",
        "from": ANNA.account(),
        "recipient": {"id": "28:breedbeeld-bot", "name": "Breedbeeld"},
        "conversation": {"id": CHANNEL, "conversationType": "channel", "isGroup": True},
        "membersAdded": [{"id": "28:breedbeeld-bot"}],
        "channelData": {"eventType": "teamMemberAdded", "tenant": {"id": "t"}},
    }
    status, replies = await teams.post(update)
    assert status < 300 and len(replies) == 1
    card = replies[0].card
    assert card["body"][0]["inlines"][0]["text"] == "Hallo, ik ben Breedbeeld"
    field = next(e for e in card["body"] if e["type"] == "Input.Text")
    assert field["id"] == "project"
    status, again = await teams.post(update)  # delivered twice: welcomed once
    assert again == []
    # Someone else joining says nothing.
    status, none = await teams.post(
        update | {"id": "f:welcome-2", "membersAdded": [BRAM.account()]}
    )
    assert none == []
    # The start button carries the name typed into the card.
    started = await teams.submit(
        ANNA,
        submit_data(card, "Start") | {"project": "Dorpshuis"},
        conversation=f"{CHANNEL};messageid={replies[0].body.get('id', 'w1')}",
    )
    assert "Nieuw project: Dorpshuis" in started[0].card_text()
    empty = await teams.submit(ANNA, submit_data(card, "Start"))
    assert empty[0].text.startswith("Welk project wil je bekijken?")
