"""Black-box over /api/slack: in a direct message the question message is replaced in
place (chat.update); in a channel the answer button opens a modal (views.open) that moves
on with each Save (response_action update, or errors next to a refused field)."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.views import View

from tests.fake_slack import SlackCall
from tests.slack_harness import CHANNEL, SlackHarness, SlackUser, posted

ANNA, BRAM = SlackUser("Anna de Vries"), SlackUser("Bram Bakker")


def stored(slack: SlackHarness, key: str) -> list[Any]:
    service = slack.components.service
    latest = service.find.latest(key)
    return service.find.answers(latest) if latest else []


def inputs_for(blocks: list[dict[str, Any]], explanation: str = "Meer fietsers") -> dict[str, Any]:
    """Valid inputs for the question the blocks ask."""
    ids = {b["block_id"]: b for b in blocks if b["type"] == "input"}
    if "effect" in ids:
        return {"effect": "positive", "certainty": "likely", "explanation": explanation}
    if "choices" in ids:
        element = ids["choices"]["element"]
        first = element["options"][0]["value"]
        many = element["type"] in ("checkboxes", "multi_static_select")
        return {"choices": [first] if many else first, "explanation": explanation}
    return {"text": f"Antwoord: {explanation}"}


def all_text(blocks: Any) -> str:
    return SlackCall("view", {"blocks": blocks}).all_text()


def valid_modal(view: dict[str, Any]) -> dict[str, Any]:
    """The modal passes slack_sdk's own model checks (lengths, counts, fields)."""
    View(**{k: v for k, v in view.items() if k not in ("id", "hash")}).validate_json()
    assert len(view["title"]["text"]) <= 24
    assert len(view.get("private_metadata", "")) <= 3000
    return view


def opened(call: SlackCall) -> dict[str, Any]:
    """The modal as Slack holds it after views.open/views.update (with its id)."""
    view = call.args["view"]
    view = json.loads(view) if isinstance(view, str) else dict(view)
    return {**valid_modal(view), "id": call.ts, "hash": f"h-{call.ts}-{len(view['blocks'])}"}


# -- direct message: the message moves on ---------------------------------------------


async def test_in_a_direct_message_save_updates_the_question_in_place(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA)
    await slack.direct(ANNA, "start Dorpsplein Gieten")
    question = posted(await slack.direct(ANNA, "volgende"))[-1]
    assert "vraag 1 van 35" in question.all_text()
    for number in range(2, 5):
        calls = await slack.click(ANNA, question, inputs=inputs_for(question.blocks))
        assert posted(calls) == []  # no "Opgeslagen" message, no new question
        replaced = [c for c in calls if c.method == "chat.update" and c.ts == question.ts]
        assert len(replaced) == 1
        question = replaced[0]
        assert f"vraag {number} van 35" in question.all_text()
        assert "✅ Opgeslagen: " in question.all_text()
    assert len(stored(slack, ANNA.dm)) == 3
    # A second click on an old copy stores nothing and shows where Anna is.
    calls = await slack.click(ANNA, question, inputs=inputs_for(question.blocks))
    again = next(c for c in calls if c.method == "chat.update" and c.ts == question.ts)
    assert "vraag 5 van 35" in again.all_text()
    calls = await slack.click(ANNA, question, inputs=inputs_for(question.blocks))
    again = next(c for c in calls if c.method == "chat.update" and c.ts == question.ts)
    assert "Deze vraag had je al beantwoord" in again.all_text()
    assert len(stored(slack, ANNA.dm)) == 4


# -- channel: a modal -----------------------------------------------------------------


async def test_in_a_channel_the_answer_button_opens_a_modal_that_moves_on(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA, BRAM)
    start = posted(await slack.mention(ANNA, "start Dorpsplein Gieten"))[-1]
    calls = await slack.click(BRAM, start, button="Eerste vraag")
    assert posted(calls) == []
    opens = [c for c in calls if c.method == "views.open"]
    assert len(opens) == 1 and opens[0].args["trigger_id"]
    modal = opened(opens[0])
    assert modal["submit"]["text"] == "Opslaan" and modal["notify_on_close"] is True
    assert "vraag 1 van 35" in all_text(modal["blocks"])
    for number in range(2, 5):
        payload = slack.view_payload(
            "view_submission", BRAM, modal, inputs=inputs_for(modal["blocks"])
        )
        status, body, calls = await slack.send_interaction(payload)
        assert status == 200 and posted(calls) == []  # nothing in the team's thread
        answer = json.loads(body)
        assert answer["response_action"] == "update"
        modal = {**valid_modal(answer["view"]), "id": modal["id"], "hash": f"h{number}"}
        assert f"vraag {number} van 35" in all_text(modal["blocks"])
        assert "✅ Opgeslagen: " in all_text(modal["blocks"])
    assert len(stored(slack, CHANNEL)) == 3

    # A refused field is marked next to that field; nothing is stored.
    refused = {**inputs_for(modal["blocks"]), "explanation": "x" * 2_001}
    if "text" in refused:
        refused = {"text": "x" * 4_001}
    payload = slack.view_payload("view_submission", BRAM, modal, inputs=refused)
    status, body, calls = await slack.send_interaction(payload)
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    ((field, message),) = answer["errors"].items()
    assert field in ("explanation", "text") and "te lang" in message
    assert len(stored(slack, CHANNEL)) == 3

    # Later verder in the modal: where Bram stopped; closing keeps what was saved.
    payload = slack.view_payload("block_actions", BRAM, modal, button="Later verder")
    status, _, calls = await slack.send_interaction(payload)
    updates = [c for c in calls if c.method == "views.update"]
    assert len(updates) == 1 and updates[0].args["view_id"] == modal["id"]
    later = opened(updates[0])
    assert "Je bent gestopt bij vraag 4 van 35" in all_text(later["blocks"])
    assert "submit" not in later
    status, body, calls = await slack.send_interaction(
        slack.view_payload("view_closed", BRAM, later)
    )
    assert status == 200 and posted(calls) == []
    assert len(stored(slack, CHANNEL)) == 3


async def test_a_modal_submission_for_a_gone_project_updates_the_modal(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA)
    start = posted(await slack.mention(ANNA, "start Dorpsplein Gieten"))[-1]
    calls = await slack.click(ANNA, start, button="Eerste vraag")
    modal = opened(next(c for c in calls if c.method == "views.open"))
    await slack.mention(ANNA, "verwijder ja")
    payload = slack.view_payload("view_submission", ANNA, modal, inputs=inputs_for(modal["blocks"]))
    status, body, calls = await slack.send_interaction(payload)
    answer = json.loads(body)
    assert status == 200 and answer["response_action"] == "update"
    assert "Dit project bestaat niet meer" in all_text(valid_modal(answer["view"])["blocks"])
    assert posted(calls) == []


async def test_modal_payloads_of_the_wrong_shape_are_answered_calmly(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA)
    for odd in ("a string", ["a", "list"], 42, {"private_metadata": "{not json"}):
        for kind in ("view_submission", "view_closed", "block_actions"):
            payload = {
                "type": kind,
                "user": {"id": ANNA.id},
                "view": odd,
                "container": {"type": "view", "view_id": "V1"},
                "actions": [{"action_id": "bb_place_1", "value": "{}"}],
            }
            status, body, calls = await slack.send_interaction(payload)
            assert status == 200, (kind, odd, body)
            assert posted(calls) == []
            assert stored(slack, CHANNEL) == []


async def test_previous_and_continue_inside_a_modal(slack: SlackHarness) -> None:
    slack.add_users(BRAM)
    start = posted(await slack.mention(BRAM, "start Dorpsplein Gieten"))[-1]
    calls = await slack.click(BRAM, start, button="Eerste vraag")
    modal = opened(next(c for c in calls if c.method == "views.open"))
    payload = slack.view_payload("view_submission", BRAM, modal, inputs={"text": "Een plein"})
    _, body, _ = await slack.send_interaction(payload)
    modal = {**valid_modal(json.loads(body)["view"]), "id": modal["id"], "hash": "h2"}
    assert "vraag 2 van 35" in all_text(modal["blocks"])
    # Vorige: question 1 again, filled in with the answer it has.
    _, _, calls = await slack.send_interaction(
        slack.view_payload("block_actions", BRAM, modal, button="Vorige")
    )
    back = opened(next(c for c in calls if c.method == "views.update"))
    assert "vraag 1 van 35" in all_text(back["blocks"])
    text_input = next(b for b in back["blocks"] if b.get("block_id") == "text")
    assert text_input["element"]["initial_value"] == "Een plein"
    payload = slack.view_payload("view_submission", BRAM, back, inputs={"text": "Een groen plein"})
    _, body, calls = await slack.send_interaction(payload)
    answer = json.loads(body)
    assert answer["response_action"] == "update" and posted(calls) == []
    assert "✅ Bijgewerkt: " in all_text(answer["view"]["blocks"])
    assert "vraag 2 van 35" in all_text(answer["view"]["blocks"])
    service = slack.components.service
    history = service.find.history(service.find.latest(CHANNEL), "intake.omschrijving", BRAM.id)
    assert [h.text for h in history] == ["Een plein", "Een groen plein"]
