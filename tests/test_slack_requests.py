"""Black-box: what /api/slack accepts, refuses, acknowledges and handles only once."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from tests.conftest import Clock
from tests.slack_harness import CHANNEL, SlackHarness, SlackUser, posted
from tests.teams_harness import TeamsHarness

ANNA = SlackUser("Anna de Vries")
BRAM = SlackUser("Bram Bakker")


def deliveries(slack: SlackHarness) -> int:
    """Slack turns claimed (by channel, message ts) so a retry is not handled again."""
    with slack.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT COUNT(*) FROM processed_activity WHERE channel_id = 'slack'")
        ).scalar_one()


async def test_url_verification_is_answered(slack: SlackHarness) -> None:
    body = json.dumps(
        {
            "token": "x",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    status, text, calls = await slack.post(body, "application/json", slack.signed(body))
    assert status == 200
    assert json.loads(text) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert calls == []


@pytest.mark.parametrize(
    "tamper",
    [
        "wrong secret",
        "stale",
        "from the future",
        "no headers",
        "timestamp not a number",
        "body changed",
    ],
)
async def test_bad_signature_gets_401_and_touches_nothing(slack: SlackHarness, tamper: str) -> None:
    slack.add_users(ANNA)
    body = json.dumps(slack.mention_event(ANNA, "start Fietspad")).encode()
    now = int(slack.clock().timestamp())
    headers = {
        "wrong secret": slack.signed(body, secret="not-the-secret"),
        "stale": slack.signed(body, timestamp=now - 5 * 60 - 1),
        "from the future": slack.signed(body, timestamp=now + 5 * 60 + 1),
        "no headers": {},
        "timestamp not a number": {
            **slack.signed(body),
            "X-Slack-Request-Timestamp": "yesterday",
        },
        "body changed": slack.signed(body.replace(b"Fietspad", b"Fietspat")),
    }[tamper]
    status, text, calls = await slack.post(body, "application/json", headers)
    assert status == 401
    assert json.loads(text) == {"error": "invalid or expired signature"}
    assert calls == []
    assert deliveries(slack) == 0
    assert slack.components.service.find.latest(CHANNEL) is None


async def test_signature_within_the_window_is_accepted(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    body = json.dumps(slack.mention_event(ANNA, "help")).encode()
    now = int(slack.clock().timestamp())
    status, _, calls = await slack.post(
        body, "application/json", slack.signed(body, timestamp=now - 5 * 60 + 1)
    )
    assert status == 200
    assert "Zo werkt Breedbeeld" in posted(calls)[0].all_text()


async def test_a_retried_or_replayed_event_is_handled_once(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    envelope = slack.mention_event(ANNA, "start Fietspad")
    status, _, first = await slack.send_event(envelope)
    assert status == 200 and len(posted(first)) == 1
    # Slack's retry: same event id, new signature, retry headers.
    status, _, retried = await slack.send_event(
        envelope, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert status == 200 and retried == []
    # An exact replay of the request, and a retry after the bot restarted.
    await slack.restart_bot()
    status, _, replayed = await slack.send_event(envelope, **{"X-Slack-Retry-Num": "2"})
    assert status == 200 and replayed == []  # not even users.info: dropped before lookups
    assert deliveries(slack) == 1


def lookups(calls: list) -> list[str]:
    return [c.args["user"] for c in calls if c.method == "users.info"]


async def test_a_replay_is_dropped_before_it_costs_a_user_lookup(
    slack: SlackHarness, clock: Clock
) -> None:
    """users.info is rate limited (Tier 4); a replayed event or click must not spend it."""
    slack.add_users(ANNA, BRAM)
    envelope = slack.mention_event(ANNA, f"start Fietspad <@{BRAM.id}>")
    _, _, first = await slack.send_event(envelope)
    assert sorted(lookups(first)) == sorted([ANNA.id, BRAM.id])
    started = posted(first)[0]
    click = slack.block_actions(ANNA, started, button="Status")
    _, _, clicked = await slack.send_interaction(click)
    assert posted(clicked)
    # The name cache has expired, and a fresh process has none: still not one lookup.
    clock.advance(hours=2)
    _, _, again = await slack.send_event(envelope, **{"X-Slack-Retry-Num": "1"})
    assert again == []
    await slack.restart_bot()
    for _ in range(3):
        _, _, again = await slack.send_event(envelope, **{"X-Slack-Retry-Num": "2"})
        assert again == []
        _, _, again = await slack.send_interaction(click)
        assert again == []
    # A repeat that arrives while the first delivery is still looking people up.
    fresh = slack.mention_event(ANNA, f"help <@{BRAM.id}>")
    before = len(slack.slack.calls)
    slack.slack.gate = asyncio.Event()
    await slack.send_event(fresh, wait=False)
    await slack.send_event(fresh, wait=False, **{"X-Slack-Retry-Num": "1"})
    slack.slack.gate.set()
    await slack.components.slack.drain()
    after = slack.slack.calls[before:]
    assert sorted(lookups(after)) == sorted([ANNA.id, BRAM.id])  # the first one's only
    assert len(posted(after)) == 1


async def test_a_replayed_click_is_handled_once(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    await slack.mention(ANNA, "start Fietspad")
    question = posted(await slack.mention(ANNA, "volgende"))[-1]
    payload = slack.block_actions(ANNA, question, inputs={"text": "Een fietspad"})
    _, _, first = await slack.send_interaction(payload)
    moved = next(c for c in first if c.method == "chat.update" and c.ts == question.ts)
    assert "Opgeslagen: " in moved.all_text()
    _, _, again = await slack.send_interaction(payload)
    assert again == []
    history = slack.components.service.find.history(
        slack.components.service.find.running(CHANNEL), "intake.omschrijving", ANNA.id
    )
    assert len(history) == 1


async def test_the_request_is_acknowledged_before_the_work(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    slack.slack.gate = asyncio.Event()  # Slack's Web API "hangs" until opened
    status, _, calls = await slack.send_event(slack.mention_event(ANNA, "help"), wait=False)
    assert status == 200 and calls == []  # answered while the reply is still on its way
    slack.slack.gate.set()
    await slack.components.slack.drain()
    assert "Zo werkt Breedbeeld" in posted(slack.slack.calls)[0].all_text()


async def test_shutdown_finishes_acknowledged_turns(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    slack.slack.gate = asyncio.Event()
    await slack.send_event(slack.mention_event(ANNA, "help"), wait=False)
    closing = asyncio.create_task(slack.client.close())
    slack.slack.gate.set()
    await closing
    assert "Zo werkt Breedbeeld" in posted(slack.slack.calls)[0].all_text()
    slack.client = None  # already closed


async def test_unknown_events_and_interactions_are_acknowledged_and_ignored(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA)
    reaction = {"type": "reaction_added", "user": ANNA.id, "reaction": "tada", "event_ts": "1"}
    status, text, calls = await slack.send_event(slack.envelope(reaction))
    assert (status, text, calls) == (200, "", [])
    rate_limited = {
        "token": "x",
        "type": "app_rate_limited",
        "team_id": "T0",
        "minute_rate_limited": 1,
    }
    status, _, calls = await slack.send_event(rate_limited)
    assert (status, calls) == (200, [])
    for kind in ("view_submission", "shortcut", "message_action"):
        status, _, calls = await slack.send_interaction({"type": kind, "user": {"id": ANNA.id}})
        assert (status, calls) == (200, [])
    # A slash command (form without payload): this app has none.
    body = urlencode({"command": "/breedbeeld", "text": "help"}).encode()
    status, _, calls = await slack.post(
        body, "application/x-www-form-urlencoded", slack.signed(body)
    )
    assert (status, calls) == (200, [])
    assert deliveries(slack) == 0


async def test_a_click_on_something_else_is_ignored(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    started = posted(await slack.mention(ANNA, "start Fietspad"))[-1]
    payload = slack.block_actions(ANNA, started)
    payload["actions"][0]["action_id"] = "overflow_menu"  # not one of the bot's buttons
    status, _, calls = await slack.send_interaction(payload)
    assert (status, calls) == (200, [])


async def test_a_button_the_bot_did_not_write_gets_a_clear_reply(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    started = posted(await slack.mention(ANNA, "start Fietspad"))[-1]
    payload = slack.block_actions(ANNA, started, button="Status")
    payload["actions"][0]["value"] = "{not json"
    _, _, calls = await slack.send_interaction(payload)
    assert posted(calls)[0].text == (
        "Ik kon deze kaart niet lezen. Typ *volgende* om verder te gaan."
    )
    # The answer button opens a modal: there the modal says it.
    payload = slack.block_actions(ANNA, started, button="Eerste vraag")
    payload["actions"][0]["value"] = "{not json"
    _, _, calls = await slack.send_interaction(payload)
    (modal,) = [c for c in calls if c.method == "views.open"]
    assert "Ik kon deze kaart niet lezen." in str(modal.args["view"])
    assert posted(calls) == []


async def test_malformed_signed_request_gets_400(slack: SlackHarness) -> None:
    body = b"{not json"
    status, text, calls = await slack.post(body, "application/json", slack.signed(body))
    assert status == 400 and json.loads(text) == {"error": "malformed Slack request"}
    assert calls == []


async def test_slack_trouble_is_logged_not_fatal(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """users.info refused: the id stands in for the name. chat.postMessage refused: logged."""
    # ANNA is not known to users.info.
    slack.slack.fail["chat.postMessage"] = "not_in_channel"
    await slack.mention(ANNA, "start Fietspad")
    events = [getattr(r, "event", None) for r in caplog.records]
    assert "slack_user_lookup_failed" in events and "turn_failed" in events
    assert all("Traceback" not in r.getMessage() for r in caplog.records)
    # The assessment was started (stored before the reply failed); Slack works again.
    del slack.slack.fail["chat.postMessage"]
    status = posted(await slack.mention(ANNA, "status"))[-1]
    assert f"{ANNA.id}: nog geen antwoorden" in status.all_text()


async def test_slack_is_off_without_its_settings(teams: TeamsHarness) -> None:
    response = await teams.client.post("/api/slack", data=b"{}")
    assert response.status == 404
    assert await response.json() == {
        "error": "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN"
    }
