"""Black-box: bodies the JSON parser cannot take get HTTP 400, never 500 or a traceback.

On /api/messages the body is refused before authentication (a stranger learns nothing and
costs nothing); on /api/slack an unsigned body is refused (401) before it is read at all,
and a signed one the bot cannot read gets 400. Nothing is stored, nothing is sent, and no
log record carries a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from bot.web.json_body import MAX_DEPTH
from tests.slack_harness import SlackHarness, SlackUser, posted
from tests.teams_harness import TeamsHarness, User
from tests.test_authentication import openid, secured  # noqa: F401  (fixtures)

ANNA = User("Anna de Vries")
SLACK_ANNA = SlackUser("Anna de Vries")

DEEP = 200_000  # far past json's recursion limit, far below the 1 MB body limit


def nested(depth: int, leaf: object = 1) -> object:
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def deep_array(depth: int = DEEP) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_object(depth: int = DEEP // 2) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


# Bodies no JSON reader should accept, and ones that parse but cannot be handled.
UNREADABLE: dict[str, bytes] = {
    "deep array": deep_array(),
    "deep object": deep_object(),
    "truncated": b'{"type": "message", "text": "hal',
    "not utf-8": b'{"type": "message", "text": "\xff\xfe"}',
    "huge integer": b'{"type": "message", "n": ' + b"9" * 5000 + b"}",
    "empty": b"",
    "nul bytes": b"\x00" * 64,
}


def teams_bodies(teams: TeamsHarness) -> dict[str, bytes]:
    """UNREADABLE, and valid activities nested too deeply below the parser's limit."""
    activity = teams.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")
    just_parses = nested(900)  # json.loads takes it; whatever walks it next would not
    return UNREADABLE | {
        "deep value": json.dumps(activity | {"value": just_parses}).encode(),
        "deep channelData": json.dumps(activity | {"channelData": nested(MAX_DEPTH + 1)}).encode(),
        "deep entity": json.dumps(activity | {"entities": [nested(900)]}).encode(),
    }


class Tracebacks(logging.Handler):
    """Every log record that carries an exception."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.exc_text:
            self.records.append(record)


@pytest.fixture
def tracebacks() -> Iterator[Tracebacks]:
    handler = Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def stored_rows(engine: sa.engine.Engine) -> int:
    with engine.connect() as connection:
        return sum(
            connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("assessment", "processed_activity", "user_memory")
        )


async def post_raw(
    teams: TeamsHarness, body: bytes, content_type: str = "application/json"
) -> tuple[int, str]:
    assert teams.client is not None
    response = await teams.client.post(
        "/api/messages", data=body, headers={"Content-Type": content_type}
    )
    return response.status, await response.text()


async def test_unreadable_bodies_on_api_messages_get_400(
    teams: TeamsHarness, tracebacks: Tracebacks
) -> None:
    for name, body in teams_bodies(teams).items():
        status, text = await post_raw(teams, body)
        assert status == 400, name
        assert json.loads(text) == {"error": "malformed JSON"}, name
        assert "Traceback" not in text
    assert teams.connector.calls == []
    assert stored_rows(teams.engine) == 0
    assert tracebacks.records == []
    # The bot still works for a body it can read.
    status, _ = await post_raw(
        teams, json.dumps(teams.activity(ANNA, text="<at>Breedbeeld</at> help")).encode()
    )
    assert status < 300 and teams.connector.calls


async def test_a_charset_nobody_knows_gets_400(teams: TeamsHarness, tracebacks: Tracebacks) -> None:
    body = json.dumps(teams.activity(ANNA, text="<at>Breedbeeld</at> help")).encode()
    status, text = await post_raw(teams, body, "application/json; charset=x-klingon")
    assert (status, json.loads(text)) == (400, {"error": "malformed JSON"})
    assert teams.connector.calls == [] and tracebacks.records == []


async def test_unreadable_bodies_are_refused_before_authentication(
    secured: TeamsHarness,  # noqa: F811  (the fixture)
    tracebacks: Tracebacks,
) -> None:
    """With the app id set and no token: 400 for what cannot be read, 401 for the rest."""
    for name, body in teams_bodies(secured).items():
        status, _ = await post_raw(secured, body)
        assert status == 400, name
    activity = secured.activity(ANNA, text="<at>Breedbeeld</at> help")
    status, _ = await post_raw(secured, json.dumps(activity).encode())
    assert status == 401
    assert secured.connector.calls == [] and stored_rows(secured.engine) == 0
    assert tracebacks.records == []


def slack_bodies(slack: SlackHarness) -> dict[str, tuple[bytes, str]]:
    """(body, content type): events and interactions the bot cannot read."""
    event = slack.mention_event(SLACK_ANNA, "start Fietspad")
    as_json = "application/json"
    as_form = "application/x-www-form-urlencoded"
    bodies = {name: (body, as_json) for name, body in UNREADABLE.items()}
    bodies |= {
        "deep event": (json.dumps(event | {"extra": nested(900)}).encode(), as_json),
        "deep form payload": (urlencode({"payload": deep_array(5000).decode()}).encode(), as_form),
        "nested form payload": (
            urlencode(
                {"payload": json.dumps({"type": "block_actions", "x": nested(900)})}
            ).encode(),
            as_form,
        ),
        "form not utf-8": (b"payload=%7B%22a%22%3A1%7D\xff", as_form),
    }
    return bodies


def utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def test_unreadable_signed_slack_bodies_get_400(
    slack: SlackHarness, tracebacks: Tracebacks
) -> None:
    slack.add_users(SLACK_ANNA)
    for name, (body, content_type) in slack_bodies(slack).items():
        if not utf8(body):
            continue  # slack_sdk verifies UTF-8 text only: 401 (the unsigned test below)
        status, text, calls = await slack.post(body, content_type, slack.signed(body))
        assert status == 400, name
        assert json.loads(text) == {"error": "malformed Slack request"}, name
        assert calls == [], name
    assert stored_rows(slack.engine) == 0
    assert tracebacks.records == []


async def test_unsigned_slack_bodies_are_refused_unread(
    slack: SlackHarness, tracebacks: Tracebacks
) -> None:
    for name, (body, content_type) in slack_bodies(slack).items():
        # Signed or not, a body that is not UTF-8 cannot be verified: Slack sends UTF-8.
        headers = {} if utf8(body) else slack.signed(body)
        status, text, calls = await slack.post(body, content_type, headers)
        assert status == 401, name
        assert json.loads(text) == {"error": "invalid or expired signature"}, name
        assert calls == [], name
    assert stored_rows(slack.engine) == 0
    assert tracebacks.records == []


async def test_a_button_value_nested_too_deeply_is_a_card_the_bot_cannot_read(
    slack: SlackHarness, tracebacks: Tracebacks
) -> None:
    """Signed, readable, but its button value is not: the user is told, nothing crashes."""
    slack.add_users(SLACK_ANNA)
    started = posted(await slack.mention(SLACK_ANNA, "start Fietspad"))[-1]
    payload = slack.block_actions(SLACK_ANNA, started, button="Status")
    payload["actions"][0]["value"] = "[" * 5000 + "]" * 5000
    status, _, calls = await slack.send_interaction(payload)
    assert status == 200
    assert (
        posted(calls)[0].text == "Ik kon deze kaart niet lezen. Typ *volgende* om verder te gaan."
    )
    assert tracebacks.records == []


async def test_slack_payloads_of_the_wrong_shape_are_not_turns(
    slack: SlackHarness, tracebacks: Tracebacks
) -> None:
    slack.add_users(SLACK_ANNA)
    for odd in ("a string", ["a", "list"], 42):
        payload = {
            "type": "block_actions",
            "user": odd,
            "container": odd,
            "channel": odd,
            "message": odd,
            "state": odd,
            "team": odd,
            "actions": [{"action_id": "bb_next", "value": "{}"}],
        }
        status, _, calls = await slack.send_interaction(payload)
        assert status == 200 and calls == [], odd
    assert tracebacks.records == []
