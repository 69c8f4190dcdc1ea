"""Black-box over /api/messages: answers move the card on in place (Action.Execute) or go
through a dialog (task/fetch, task/submit); the team's thread gets no message per answer."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue

from bot.teams.connector import create_adapter
from tests.card_schema import card_errors
from tests.teams_harness import (
    CARD_TYPE,
    CHANNEL,
    TeamsHarness,
    User,
    dialog_action,
    last_card,
)

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
EVE = User("Eve Smith", locale="en-US")
ANNA_CHAT = "a:1anna-personal"


def texts(card: dict[str, Any]) -> str:
    """Every text on a card, for assertions on what a person reads."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "label"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(found)


def heading(card: dict[str, Any]) -> str:
    """The "Project · vraag 3 van 35" line of a question card."""
    for block in card["body"]:
        if block.get("type") == "RichTextBlock" and "· vraag" in texts(block):
            return texts(block)
        if block.get("type") == "RichTextBlock" and "· question" in texts(block):
            return texts(block)
    raise AssertionError(texts(card))


def inputs_for(card: dict[str, Any], explanation: str = "Meer fietsers") -> dict[str, str]:
    """Valid inputs for whatever question the card asks."""
    ids = {e.get("id"): e for e in card["body"] if isinstance(e, dict) and "id" in e}
    if "effect" in ids:
        return {"effect": "positive", "certainty": "likely", "explanation": explanation}
    if "choices" in ids:
        return {"choices": ids["choices"]["choices"][0]["value"], "explanation": explanation}
    return {"text": f"Antwoord: {explanation}"}


def stored(teams: TeamsHarness, key: str = ANNA_CHAT) -> list[Any]:
    service = teams.components.service
    latest = service.find.latest(key)
    return service.find.answers(latest) if latest else []


async def first_question_in_chat(teams: TeamsHarness, user: User = ANNA) -> dict[str, Any]:
    """A project started in the person's 1:1 chat, and its first question card."""
    chat = {"conversation": ANNA_CHAT, "conversation_type": "personal"}
    await teams.say(user, "start Dorpsplein Gieten", **chat)
    return last_card(await teams.say(user, "volgende", **chat))


PERSONAL = {"conversation": ANNA_CHAT, "conversation_type": "personal"}


# -- the SDK defect -------------------------------------------------------------------


class _SdkCardBot(ActivityHandler):
    """A bot written the SDK's way: on_adaptive_card_invoke returns the card."""

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        return AdaptiveCardInvokeResponse(
            status_code=200, type=CARD_TYPE, value={"type": "AdaptiveCard", "version": "1.5"}
        )


class _PlainBodyBot(ActivityHandler):
    """A bot that answers an invoke with a plain JSON body, as Breedbeeld does."""

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        return InvokeResponse(status=200, body={"statusCode": 200, "type": CARD_TYPE})


async def test_the_sdk_as_shipped_answers_an_invoke_with_a_body_with_500(
    teams: TeamsHarness,
) -> None:
    """botbuilder 4.17.1's CloudAdapter.process serializes the body a second time and
    fails on the dict: Teams would see HTTP 500 for a click that worked. If this test
    fails, the SDK is fixed and bot/teams/invoke_response.py can go."""
    settings = teams.components.settings
    activity = teams.activity(ANNA, **PERSONAL)
    activity.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "value": {"action": {"type": "Action.Execute", "verb": "x", "data": {}}},
        }
    )
    for bot in (_SdkCardBot(), _PlainBodyBot()):
        for fixed in (False, True):
            adapter = create_adapter(settings, reuse_clients=fixed)
            app = web.Application()

            async def messages(request: Any, adapter: Any = adapter, bot: Any = bot) -> Any:
                return await adapter.process(request, bot)

            app.router.add_post("/api/messages", messages)
            client = TestClient(TestServer(app, host="127.0.0.1"))
            await client.start_server()
            try:
                response = await client.post("/api/messages", json=activity)
                body = await response.text()
            finally:
                await client.close()
            if fixed:
                assert response.status == 200, body
                assert json.loads(body)["statusCode"] == 200
            else:
                assert response.status == 500, body


# -- Action.Execute: the card moves on ------------------------------------------------


async def test_save_replaces_the_card_with_the_next_question_and_posts_nothing(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    assert heading(card).endswith("vraag 1 van 35")
    assert [a["type"] for a in card["actions"]][:3] == ["Action.Execute"] * 3
    for number in range(2, 6):
        card, posted = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
        assert posted == []  # no "Opgeslagen" message, no new question message
        assert heading(card).endswith(f"vraag {number} van 35")
        assert texts(card["body"][0]).startswith("Opgeslagen: ")
    assert len(stored(teams)) == 4


async def test_a_second_click_on_the_same_card_stores_nothing(teams: TeamsHarness) -> None:
    card = await first_question_in_chat(teams)
    moved, _ = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    again, posted = await teams.execute(ANNA, card, inputs_for(card, "nog eens"), **PERSONAL)
    assert posted == []
    assert "Deze vraag had je al beantwoord. Er is niets dubbel opgeslagen." in texts(again)
    assert heading(again) == heading(moved)  # the current state: the next question
    assert len(stored(teams)) == 1


async def test_skip_later_and_continue_move_the_card(teams: TeamsHarness) -> None:
    card = await first_question_in_chat(teams)
    skipped, _ = await teams.execute(ANNA, card, title="Overslaan", **PERSONAL)
    assert "Overgeslagen." in texts(skipped)
    assert heading(skipped).endswith("vraag 2 van 35")
    later, posted = await teams.execute(ANNA, skipped, title="Later verder", **PERSONAL)
    assert posted == []
    shown = texts(later)
    assert "Later verder: Dorpsplein Gieten" in shown
    assert "Je bent gestopt bij vraag 2 van 35" in shown and "35 vragen open" in shown
    back, _ = await teams.execute(ANNA, later, title="Verder", **PERSONAL)
    assert heading(back).endswith("vraag 2 van 35")
    assert stored(teams) == []


async def test_the_last_answer_shows_done_with_what_the_team_has_open(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    for _ in range(35):
        card, posted = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
        assert posted == []
    shown = texts(card)
    assert "Klaar: Dorpsplein Gieten" in shown
    assert "Je hebt al je vragen beantwoord (35 antwoorden)." in shown
    assert "Het team heeft alle vragen beantwoord." in shown
    assert len(stored(teams)) == 35


async def test_a_refused_answer_comes_back_filled_in_and_nothing_is_stored(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    too_long = "x" * 4_001
    back, posted = await teams.execute(ANNA, card, {"text": too_long}, **PERSONAL)
    assert posted == []
    assert "Je antwoord is te lang: hoogstens 4000 tekens." in texts(back)
    assert heading(back) == heading(card)
    typed = next(e for e in back["body"] if e.get("id") == "text")
    assert typed["value"] == too_long  # nothing lost: the person shortens it
    assert stored(teams) == []


async def test_someone_elses_card_stays_theirs(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Dorpsplein Gieten")
    card = last_card(await teams.say(ANNA, "volgende"))  # typed in the channel
    shown, posted = await teams.execute(BRAM, card, inputs_for(card))
    assert posted == []
    assert "Deze vraag is voor Anna de Vries. Er is niets opgeslagen." in texts(shown)
    assert heading(shown) == heading(card)
    assert stored(teams, CHANNEL) == []
    # Anna's own click on her card still works.
    moved, _ = await teams.execute(ANNA, card, inputs_for(card))
    assert heading(moved).endswith("vraag 2 van 35")


async def test_a_closed_round_or_deleted_project_returns_a_card_not_an_error(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    await teams.say(ANNA, "afronden ja", **PERSONAL)
    shown, posted = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    assert "Het project Dorpsplein Gieten is afgerond. Je antwoord is niet opgeslagen." in (
        texts(shown).replace("\n", "")
    )
    assert "Bekijk de samenvatting met de knop hieronder." in texts(shown)
    assert posted == [] and stored(teams) == []
    await teams.say(ANNA, "verwijder ja", **PERSONAL)
    shown, posted = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    assert "Dit project bestaat niet meer" in texts(shown)
    assert posted == []


async def test_bad_invokes_get_a_card_in_the_persons_language(teams: TeamsHarness) -> None:
    card = await first_question_in_chat(teams)
    data = next(a for a in card["actions"] if a["type"] == "Action.Execute")["data"]
    cases = [
        {"action": {"type": "Action.Execute", "data": data}},  # no verb
        {"action": {"type": "Action.Execute", "verb": "format_c", "data": data}},
        {"action": "nonsense"},
        None,
    ]
    for value in cases:
        status, body, posted = await teams.invoke(ANNA, "adaptiveCard/action", value, **PERSONAL)
        assert status == 200 and posted == []
        assert body["type"] == CARD_TYPE and not card_errors(body["value"])
        assert "Ik kon deze kaart niet lezen." in texts(body["value"])
    # Another conversation's assessment, clicked by someone who is not in it.
    forged = {"action": {"type": "Action.Execute", "verb": "answer", "data": data}}
    eve_chat = {"conversation": "a:1eve", "conversation_type": "personal"}
    status, body, _ = await teams.invoke(EVE, "adaptiveCard/action", forged, **eve_chat)
    assert status == 200
    assert "This project no longer exists, or it does not belong" in texts(body["value"])
    assert stored(teams) == []


# -- the dialog in a channel ----------------------------------------------------------


async def test_a_dialog_in_the_channel_keeps_answers_out_of_the_thread(
    teams: TeamsHarness,
) -> None:
    started = await teams.say(ANNA, "start Dorpsplein Gieten")
    thread = started[0].conversation_id
    data = dialog_action(last_card(started), "Eerste vraag")
    in_thread = {"conversation": thread}
    status, body, posted = await teams.invoke(
        BRAM, "task/fetch", {"data": data, "context": {"theme": "default"}}, **in_thread
    )
    assert status == 200 and posted == []
    task = body["task"]
    assert task["type"] == "continue"
    card = task["value"]["card"]["content"]
    assert task["value"]["card"]["contentType"] == CARD_TYPE and not card_errors(card)
    assert heading(card).endswith("vraag 1 van 35")
    # In a dialog every button submits to the dialog.
    assert {a["type"] for a in card["actions"]} <= {"Action.Submit", "Action.ToggleVisibility"}
    updates_before = len(teams.connector.updates())
    for number in range(2, 5):
        save = next(a for a in card["actions"] if a["title"] == "Opslaan")["data"]
        value = {"data": {**save, **inputs_for(card)}, "context": {"theme": "default"}}
        status, body, posted = await teams.invoke(BRAM, "task/submit", value, **in_thread)
        assert status == 200 and posted == []  # nothing in the team's thread
        card = body["task"]["value"]["card"]["content"]
        assert heading(card).endswith(f"vraag {number} van 35")
        assert texts(card["body"][0]).startswith("Opgeslagen: ")
    assert len(stored(teams, CHANNEL)) == 3
    # The progress card in the thread was updated in place, not posted again.
    assert len(teams.connector.updates()) > updates_before
    later = next(a for a in card["actions"] if a["title"] == "Later verder")["data"]
    status, body, posted = await teams.invoke(BRAM, "task/submit", {"data": later}, **in_thread)
    assert status == 200 and posted == []
    assert body["task"]["type"] == "message"
    assert "Je bent gestopt bij vraag 4 van 35" in body["task"]["value"]


# -- the progress card per viewer -----------------------------------------------------


async def test_each_participant_sees_their_own_line_on_the_team_card(
    teams: TeamsHarness,
) -> None:
    teams.set_roster(ANNA, BRAM)
    started = await teams.say(ANNA, "start Dorpsplein Gieten", mentions=(BRAM,))
    thread = started[0].conversation_id
    await teams.say(ANNA, "wijs Gezondheid toe aan @Bram Bakker", mentions=(BRAM,))
    start_card = next(r.card for r in started if r.card and "Nieuw project" in r.card_text())
    data = dialog_action(start_card, "Eerste vraag")
    _, body, _ = await teams.invoke(BRAM, "task/fetch", {"data": data}, conversation=thread)
    card = body["task"]["value"]["card"]["content"]
    save = next(a for a in card["actions"] if a["title"] == "Opslaan")["data"]
    await teams.invoke(
        BRAM, "task/submit", {"data": {**save, **inputs_for(card)}}, conversation=thread
    )
    team_card = teams.connector.updates()[-1].card
    assert team_card is not None and not card_errors(team_card)
    refresh = team_card["refresh"]
    assert refresh["action"]["verb"] == "refresh"
    assert set(refresh["userIds"]) == {ANNA.id, BRAM.id}
    # Bram opens the thread: Teams asks for his version of the card.
    value = {"action": refresh["action"], "trigger": "automatic"}
    status, body, posted = await teams.invoke(
        BRAM, "adaptiveCard/action", value, conversation=thread
    )
    assert status == 200 and posted == []
    mine = body["value"]
    assert not card_errors(mine)
    shown = texts(mine)
    assert "Voortgang: Dorpsplein Gieten" in shown
    assert "Jij: nog 34 vragen open. Gezondheid is aan jou toegewezen." in shown
    assert dialog_action(mine, "Volgende vraag")  # a button to go on, in a dialog
    # Anna's version has her own line.
    _, body, _ = await teams.invoke(ANNA, "adaptiveCard/action", value, conversation=thread)
    assert "Jij: nog 33 vragen open." in texts(body["value"])  # Gezondheid is not hers
    assert "aan jou toegewezen" not in texts(body["value"])


async def test_previous_goes_back_one_question_to_change_it_in_place(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    assert "Vorige" not in [a["title"] for a in card["actions"]]  # nothing before question 1
    card, _ = await teams.execute(ANNA, card, inputs_for(card, "eerste"), **PERSONAL)
    card, _ = await teams.execute(ANNA, card, inputs_for(card, "tweede"), **PERSONAL)
    assert heading(card).endswith("vraag 3 van 35")
    back, posted = await teams.execute(ANNA, card, title="Vorige", **PERSONAL)
    assert posted == []
    assert heading(back).endswith("vraag 2 van 35")
    assert "Je antwoord nu: " in texts(back)
    typed = next(e for e in back["body"] if e.get("id") == "text")
    assert typed["value"] == "Antwoord: tweede"  # prefilled: change it, or keep it
    changed = {"text": "Antwoord: tweede, beter gezegd"}
    moved, posted = await teams.execute(ANNA, back, changed, **PERSONAL)
    assert posted == []
    assert texts(moved["body"][0]).startswith("Bijgewerkt: ")
    assert heading(moved).endswith("vraag 3 van 35")  # on with the next open question
    # The same change clicked again stores nothing more.
    again, _ = await teams.execute(ANNA, back, changed, **PERSONAL)
    assert "Er is niets dubbel opgeslagen." in texts(again)
    service = teams.components.service
    assessment = service.find.latest(ANNA_CHAT)
    question = next(a["data"]["q"] for a in back["actions"] if a["title"] == "Opslaan")
    history = service.find.history(assessment, question, ANNA.aad)
    assert [h.text for h in history][-2:] == ["Antwoord: tweede", "Antwoord: tweede, beter gezegd"]
    assert len(stored(teams)) == 2  # current answers: one per question


async def test_a_failing_turn_still_answers_the_click_with_a_card(
    teams: TeamsHarness, monkeypatch: Any
) -> None:
    card = await first_question_in_chat(teams)

    def broken(*_args: Any, **_kwargs: Any) -> list[Any]:
        raise RuntimeError("database gone")

    monkeypatch.setattr(teams.components.conversation, "handle", broken)
    shown, posted = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    assert "Er ging bij mij iets mis." in texts(shown)
    assert posted == []


async def test_other_invokes_get_a_plain_200(teams: TeamsHarness) -> None:
    for name in ("composeExtension/query", "signin/verifyState", ""):
        status, body, posted = await teams.invoke(ANNA, name, {"x": 1}, **PERSONAL)
        assert (status, body, posted) == (200, None, [])


async def test_the_dialog_closes_after_the_last_question_with_what_was_saved(
    teams: TeamsHarness,
) -> None:
    started = await teams.say(ANNA, "start Dorpsplein Gieten")
    thread = {"conversation": started[0].conversation_id}
    data = dialog_action(last_card(started), "Eerste vraag")
    _, body, _ = await teams.invoke(ANNA, "task/fetch", {"data": data}, **thread)
    answered = 0
    while body["task"]["type"] == "continue":
        card = body["task"]["value"]["card"]["content"]
        save = next(a for a in card["actions"] if a["title"] == "Opslaan")["data"]
        value = {"data": {**save, **inputs_for(card)}}
        status, body, posted = await teams.invoke(ANNA, "task/submit", value, **thread)
        assert status == 200 and posted == []
        answered += 1
    assert answered == 35 and len(stored(teams, CHANNEL)) == 35
    said = body["task"]["value"]
    assert said.startswith("Opgeslagen: ")
    assert "Je hebt al je vragen beantwoord (35 antwoorden)." in said


async def test_a_dialog_opened_when_everything_is_answered_shows_done_without_dead_buttons(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    for _ in range(35):
        card, _ = await teams.execute(ANNA, card, inputs_for(card), **PERSONAL)
    public_id = teams.components.service.find.latest(ANNA_CHAT).public_id
    # A dialog button on an older progress card (a teammate's view of the team's card).
    data = {"msteams": {"type": "task/fetch"}, "bb": "next", "a": public_id, "lang": "nl"}
    _, body, posted = await teams.invoke(ANNA, "task/fetch", {"data": data}, **PERSONAL)
    done = body["task"]["value"]["card"]["content"]
    assert not card_errors(done) and posted == []
    assert "Klaar: Dorpsplein Gieten" in texts(done)
    # Tussenstand would come back as a dialog submit, not post the summary: left out.
    assert "Tussenstand" not in [a["title"] for a in done.get("actions", [])]


async def test_hidden_characters_removed_from_an_answer_are_named_on_the_card(
    teams: TeamsHarness,
) -> None:
    card = await first_question_in_chat(teams)
    moved, _ = await teams.execute(ANNA, card, {"text": "Een fiets\u202epad"}, **PERSONAL)
    notice = texts(moved["body"][0])
    assert "Die heb ik weggehaald. Dit heb ik opgeslagen: “Een fietspad”" in notice
    assert stored(teams)[0].text == "Een fietspad"
