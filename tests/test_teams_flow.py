"""Black-box: a team runs a whole assessment over /api/messages, as Teams drives the bot."""

from __future__ import annotations

from typing import Any

from tests.fake_connector import Recorded
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM, CHRIS = User("Anna de Vries"), User("Bram Bakker"), User("Chris Jansen")

# Each teammate's view of the hier-en-nu, later and elders effects.
EFFECTS: dict[str, dict[str, str]] = {
    ANNA.name: {
        "nu.gezondheid": "strongly_positive",
        "nu.milieu": "positive",
        "nu.bereikbaarheid_voorzieningen": "positive",
        "later.natuurlijk_kapitaal": "negative",
        "elders.buren": "negative",
        "nu.wonen": "unknown",
    },
    BRAM.name: {
        "nu.gezondheid": "positive",
        "nu.milieu": "positive",
        "nu.bereikbaarheid_voorzieningen": "strongly_negative",
        "later.natuurlijk_kapitaal": "negative",
        "elders.buren": "negative",
        "nu.wonen": "unknown",
    },
    CHRIS.name: {
        "nu.gezondheid": "positive",
        "nu.milieu": "neutral",
        "nu.bereikbaarheid_voorzieningen": "positive",
        "later.natuurlijk_kapitaal": "strongly_negative",
        "elders.buren": "neutral",
        "nu.wonen": "unknown",
    },
}


def answer_for(user: User, card: dict[str, Any]) -> dict[str, Any]:
    """Fill in the card's inputs the way this teammate would."""
    data = submit_data(card)
    inputs = {element.get("id"): element for element in card["body"] if "id" in element}
    question = data["q"]
    if "effect" in inputs:
        data["effect"] = EFFECTS[user.name].get(question, "neutral")
        data["certainty"] = "uncertain" if question == "nu.milieu" else "likely"
        data["explanation"] = f"{user.name.split()[0]} over {question}"
    elif "choices" in inputs:
        choices = inputs["choices"]["choices"]
        if question == "verdeling.winnaars":
            data["choices"] = "kinderen,jongeren"
        elif question == "verdeling.verliezers":
            data["choices"] = "boeren"
        else:
            data["choices"] = choices[1]["value"]
    else:
        texts = {
            "intake.streefbeeld": "In 2030 fietsen twee keer zo veel kinderen naar school.",
            "kennis.onbekend": "Hoeveel verkeer rijdt er straks door het dorp?",
        }
        data["text"] = texts.get(question, f"Antwoord van {user.name} op {question}")
    return data


async def answer_everything(teams: TeamsHarness, user: User) -> int:
    """Walk through all of this user's open questions with card submits; return how many."""
    replies = await teams.say(user, "volgende")
    count = 0
    while any(r.card for r in replies):
        card = last_card(replies)
        replies = await teams.submit(user, answer_for(user, card))
        assert any("Opgeslagen" in r.text for r in replies), [r.text for r in replies]
        count += 1
    assert "alle vragen beantwoord" in replies[-1].text
    return count


async def test_three_teammates_run_a_whole_assessment(teams: TeamsHarness) -> None:
    started = await teams.say(ANNA, "start Fietspad Assen-Zuid")
    card = last_card(started)
    assert card["body"][0]["inlines"][0]["text"] == "Nieuw project: Fietspad Assen-Zuid"
    assert "35 vragen in 8 delen" in started[-1].card_text()
    # The reply goes into the thread the start was typed in.
    assert started[-1].conversation_id.startswith(CHANNEL + ";messageid=")

    anna_count = await answer_everything(teams, ANNA)
    assert anna_count == 35  # Anna is first, so she gets the team (intake) questions too
    # Bram and Chris answer in new channel posts; the team questions are already done.
    assert await answer_everything(teams, BRAM) == 35 - 9
    assert await answer_everything(teams, CHRIS) == 35 - 9

    status = await teams.say(BRAM, "status")
    status_text = status[-1].card_text()
    # Answers given out of answers asked: the 9 team questions once, 26 to each of three.
    assert "Het team gaf 87 van de 87 antwoorden." in status_text
    assert "Jij hebt alles beantwoord." in status_text
    assert "Anna de Vries: 26 van 26 vragen beantwoord" in status_text
    assert "Bram Bakker: 26 van 26 vragen beantwoord" in status_text

    finished = await teams.say(ANNA, "afronden")
    assert "Anna de Vries heeft **Fietspad Assen-Zuid** afgerond" in finished[0].text
    summary = finished[-1].card_text()
    assert "Samenvatting: Fietspad Assen-Zuid" in summary
    assert "Afgerond op 24 november 2026. 87 van de 87 antwoorden zijn gegeven." in summary
    assert "In 2030 fietsen twee keer zo veel kinderen naar school. — Anna de Vries" in summary
    # Impact profile: the team's verdict with the number of opinions.
    assert "▲▲ Sterk positief" not in summary  # 1 strongly positive + 2 positive = positive
    assert "Gezondheid\n▲ Positief · waarschijnlijk · 3 met een oordeel" in summary
    # Positief, sterk negatief, positief: split, with its spread, never an average.
    assert "Bereikbaarheid en voorzieningen\n≠ Verdeeld: 2× positief, 1× sterk negatief" in summary
    assert "≠ Verdeeld: Bereikbaarheid en voorzieningen (2× positief, 1× sterk negatief)" in (
        summary
    )
    assert "Hier en nu\n2 beter, 1 verdeeld, 6 geen effect, 1 weet niet" in summary
    # Gaps: split, unknown, low certainty, the listed knowledge gap.
    assert "De meningen over bereikbaarheid en voorzieningen zijn verdeeld" in summary
    assert "Effect op wonen is onbekend" in summary
    assert "Onzeker over milieu" in summary
    assert "Nog uitzoeken: Hoeveel verkeer rijdt er straks door het dorp?" in summary
    # Trade-offs, named: now vs later, here vs elsewhere, groups.
    assert "Nu beter (" in summary and "later slechter (natuurlijk kapitaal)" in summary
    assert "elders slechter (" in summary
    assert (
        "Winst voor Kinderen (tot 12 jaar), Jongeren (12 tot 27 jaar), verlies voor "
        "Boeren en tuinders" in summary
    )
    assert "Meegedaan: Anna de Vries, Bram Bakker, Chris Jansen." in summary

    # Closed: a late answer is refused with a clear reply and nothing changes.
    late = await teams.say(CHRIS, "volgende")
    assert "al afgerond" in late[0].text


async def test_thread_replies_and_new_posts_find_the_running_assessment(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Buurthuis Oost")
    # A teammate's new post is a new thread (a new ;messageid=...): same assessment.
    replies = await teams.say(BRAM, "volgende")
    assert "Buurthuis Oost · vraag 1 van 35" in replies[-1].card_text()
    # A reply inside the start thread carries that thread's id: same assessment too.
    thread = replies[-1].conversation_id
    replies = await teams.say(CHRIS, "volgende", conversation=thread)
    assert "Buurthuis Oost · vraag 1 van 35" in replies[-1].card_text()


async def test_text_answers_for_clients_without_inputs(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    for _ in range(6):  # intake: text and choice questions, answered in text
        question = (await teams.say(ANNA, "volgende"))[-1].card_text()
        reply = "1" if "1. " in question else "Een fietspad langs het kanaal"
        saved = await teams.say(ANNA, reply)
        assert "Opgeslagen" in saved[0].text, saved[0].text
    saved = await teams.say(ANNA, "2 zeker want meer mensen gaan fietsen")
    assert saved[0].text == "Opgeslagen: Welzijn – Positief (zeker)."
    saved = await teams.say(ANNA, "weet niet")
    assert saved[0].text == "Opgeslagen: Materiële welvaart – Weet niet."
    refused = await teams.say(ANNA, "misschien")
    assert "Begin je antwoord met een nummer van 1 tot 6" in refused[0].text
    answers = teams.components.service.find.answers(teams.components.service.find.running(CHANNEL))
    assert [a.effect.value for a in answers if a.effect] == ["positive", "unknown"]
    assert answers[-2].explanation == "meer mensen gaan fietsen"


async def test_changed_answer_replaces_the_old_one_and_keeps_history(
    teams: TeamsHarness, clock
) -> None:
    await teams.say(ANNA, "start Fietspad")
    assessment = teams.components.service.find.running(CHANNEL)
    submit = {
        "bb": "answer",
        "a": assessment.public_id,
        "q": "nu.gezondheid",
        "lang": "nl",
        "effect": "positive",
        "certainty": "likely",
        "explanation": "eerst",
    }
    first = await teams.submit(ANNA, submit)
    assert first[0].text.startswith("Opgeslagen: Gezondheid – Positief")
    clock.advance(hours=2)
    second = await teams.submit(ANNA, submit | {"effect": "negative", "explanation": "later"})
    assert second[0].text.startswith("Bijgewerkt: Gezondheid – Negatief")
    history = teams.components.service.find.history(assessment, "nu.gezondheid", ANNA.aad)
    assert [(h.effect.value, h.explanation) for h in history] == [
        ("positive", "eerst"),
        ("negative", "later"),
    ]
    assert history[1].answered_at > history[0].answered_at
    current = [
        a
        for a in teams.components.service.find.answers(assessment)
        if a.question_id == "nu.gezondheid"
    ]
    assert len(current) == 1 and current[0].effect.value == "negative"
    assert current[0].author_name == "Anna de Vries" and current[0].author_id == ANNA.aad


async def test_restart_loses_nothing(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    for _ in range(3):
        card = last_card(await teams.say(ANNA, "volgende"))
        await teams.submit(ANNA, answer_for(ANNA, card))
    shown = await teams.say(ANNA, "volgende")
    assert "vraag 4 van 35" in shown[-1].card_text()

    await teams.restart_bot()

    # The question shown before the restart can still be answered in text.
    saved = await teams.say(ANNA, "2")
    assert saved[0].text == (
        "Opgeslagen: Voor welke groepen is het project vooral bedoeld? – Jongeren (12 tot 27 jaar)."
    )
    status = await teams.say(ANNA, "status")
    assert "Het team gaf 4 van de 35 antwoorden." in status[-1].card_text()
    nxt = await teams.say(BRAM, "volgende")
    assert "vraag 5 van 35" in nxt[-1].card_text()  # team intake is partly done by Anna


async def test_skip_puts_a_question_aside_until_the_rest_is_done(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    first = last_card(await teams.say(ANNA, "volgende"))
    skipped = await teams.submit(ANNA, submit_data(first, "Overslaan"))
    assert skipped[0].text == "Overgeslagen. Die vraag komt later terug."
    assert "vraag 2 van 35" in skipped[-1].card_text()
    again = await teams.say(ANNA, "overslaan")  # skip by text: the question just shown
    assert "vraag 3 van 35" in again[-1].card_text()


async def test_group_chat_and_personal_chat(teams: TeamsHarness) -> None:
    group = "19:meeting_abc@thread.v2"
    started = await teams.say(
        ANNA, "start Dorpsplein", conversation=group, conversation_type="groupChat"
    )
    assert started[-1].conversation_id == group
    assert "Dorpsplein" in started[-1].card_text()
    personal = "a:1personal-anna"
    started = await teams.say(
        ANNA, "start Eigen project", conversation=personal, conversation_type="personal"
    )
    assert "Eigen project" in started[-1].card_text()
    # The two are separate assessments.
    nxt = await teams.say(ANNA, "volgende", conversation=group, conversation_type="groupChat")
    assert "Dorpsplein · vraag 1" in nxt[-1].card_text()


async def test_english_speaker_gets_english(teams: TeamsHarness) -> None:
    eve = User("Eve Smith", locale="en-US")
    started = await teams.say(eve, "start Cycle path")
    assert "New project: Cycle path" in started[-1].card_text()
    assert "There are 35 questions in 8 parts" in started[-1].card_text()
    question = await teams.say(eve, "next")
    assert "Cycle path · question 1 of 35" in question[-1].card_text()
    # A Dutch-locale user who types an English command gets English.
    status = await teams.say(BRAM, "progress")
    assert "Progress: Cycle path" in status[-1].card_text()


def texts(replies: list[Recorded]) -> str:
    return "\n".join(r.text or r.card_text() for r in replies)


async def test_double_submit_by_one_user_is_not_an_error(teams: TeamsHarness) -> None:
    """Two turns of one user at once (a double click) must not end in 'something went wrong'."""
    import asyncio

    await teams.say(ANNA, "start Fietspad")
    assessment = teams.components.service.find.running(CHANNEL)
    submit = {
        "bb": "answer",
        "a": assessment.public_id,
        "q": "nu.gezondheid",
        "effect": "positive",
        "lang": "nl",
    }
    before = len(teams.connector.calls)
    results = await asyncio.gather(
        teams.post(teams.activity(ANNA, value=submit)),
        teams.post(teams.activity(ANNA, value=submit | {"effect": "negative"})),
    )
    texts = [r.text for r in teams.connector.calls[before:]]
    assert all(status < 300 for status, _ in results)
    assert not any("ging bij mij iets mis" in t for t in texts), texts
    assert sum(t.startswith(("Opgeslagen", "Bijgewerkt")) for t in texts) == 2
    history = teams.components.service.find.history(assessment, "nu.gezondheid", ANNA.aad)
    assert len(history) == 2


async def test_an_answer_that_starts_with_a_command_word_is_an_answer(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "volgende")  # intake.omschrijving, a free-text question
    saved = await teams.say(ANNA, "Status quo blijft, maar met een fietspad erbij")
    assert saved[0].text.startswith("Opgeslagen: Wat gaat het project doen?")
    answers = teams.components.service.find.answers(teams.components.service.find.running(CHANNEL))
    assert answers[0].text == "Status quo blijft, maar met een fietspad erbij"
    # On its own the word is still the command.
    status = await teams.say(ANNA, "status")
    assert "Voortgang: Fietspad" in status[-1].card_text()
