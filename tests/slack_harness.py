"""Drives the bot as Slack does: signed Events API and interactivity requests to /api/slack.

Requests are signed here with the signing secret (v0 HMAC-SHA256 over "v0:ts:body", as
Slack documents it), independently of the SDK the bot verifies with. The bot's Web API
calls go to the recording fake Slack API; after each request the harness waits for the
bot's background turn (`drain`), so tests read the replies without sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine

from bot.app import Components, build_components, create_app
from bot.config import Settings
from tests.fake_slack import FakeSlack, SlackCall

SIGNING_SECRET = "8f742231b10e8888abcd99a1b2c3d4e5"
BOT_TOKEN = "xoxb-1111111111-2222222222-breedbeeldtesttoken"
BOT_USER = "U0BREEDBLD"
TEAM = "T0GEMEENTE"
CHANNEL = "C0PROJECT01"


class SlackUser:
    """A Slack user as users.info describes them."""

    def __init__(self, name: str, locale: str = "nl-NL") -> None:
        self.name = name
        self.id = "U" + "".join(c for c in name.upper() if c.isalpha())[:9]
        self.dm = "D" + self.id[1:]
        self.locale = locale

    def info(self) -> dict[str, Any]:
        first = self.name.split()[0].lower()
        return {
            "id": self.id,
            "team_id": TEAM,
            "name": first,
            "real_name": self.name,
            "locale": self.locale,
            "is_bot": False,
            "profile": {"real_name": self.name, "display_name": self.name},
        }


class SlackHarness:
    """One bot process (app + database) and one fake Slack Web API."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock
        self.slack = FakeSlack(BOT_TOKEN)
        self.client: TestClient | None = None
        self.components: Components | None = None
        self._ids = itertools.count(1)

    async def start(self, **settings: str) -> None:
        api_url = await self.slack.start()
        values = {
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": api_url,
            "PROGRESS_CARD_SECONDS": "0",  # every answer updates the card at once
            **settings,
        }
        await self.start_bot(values)

    async def start_bot(self, values: dict[str, str]) -> None:
        self.settings = values
        settings = Settings(DATABASE_URL="sqlite://", **values)  # type: ignore[arg-type]
        self.components = build_components(settings, engine=self.engine, clock=self.clock)
        self.client = TestClient(TestServer(create_app(self.components), host="127.0.0.1"))
        await self.client.start_server()

    async def restart_bot(self) -> None:
        """A new bot process on the same database (nothing kept in memory)."""
        assert self.client is not None
        await self.client.close()
        await self.start_bot(self.settings)

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
        await self.slack.close()

    def add_users(self, *users: SlackUser) -> None:
        for user in users:
            self.slack.users[user.id] = user.info()

    # -- requests ---------------------------------------------------------------------

    def signed(
        self, body: bytes, *, timestamp: int | None = None, secret: str = SIGNING_SECRET
    ) -> dict[str, str]:
        """Slack's signature headers for a body, at the test clock's time by default."""
        ts = str(int(self.clock().timestamp()) if timestamp is None else timestamp)
        base = b"v0:" + ts.encode() + b":" + body
        digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}

    async def post(
        self, body: bytes, content_type: str, headers: dict[str, str], *, wait: bool = True
    ) -> tuple[int, str, list[SlackCall]]:
        """POST to /api/slack, wait for the bot's work; status, body, and the new calls."""
        assert self.client is not None and self.components is not None
        before = len(self.slack.calls)
        response = await self.client.post(
            "/api/slack", data=body, headers={"Content-Type": content_type, **headers}
        )
        text = await response.text()
        if wait and self.components.slack is not None:
            await self.components.slack.drain()
        return response.status, text, self.slack.calls[before:]

    def envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        number = next(self._ids)
        return {
            "token": "deprecated-verification-token",
            "team_id": TEAM,
            "api_app_id": "A0BREEDBLD",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{number:08d}",
            "event_time": int(self.clock().timestamp()),
            "authorizations": [
                {
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }

    async def send_event(
        self, envelope: dict[str, Any], *, wait: bool = True, **headers: str
    ) -> tuple[int, str, list[SlackCall]]:
        body = json.dumps(envelope).encode()
        return await self.post(
            body, "application/json", {**self.signed(body), **headers}, wait=wait
        )

    def next_ts(self) -> str:
        return f"{int(self.clock().timestamp())}.{next(self._ids):06d}"

    def mention_event(
        self, user: SlackUser, text: str, *, thread_ts: str | None = None, channel: str = CHANNEL
    ) -> dict[str, Any]:
        """The app_mention event of `@Breedbeeld <text>`, wrapped in its envelope."""
        event: dict[str, Any] = {
            "type": "app_mention",
            "user": user.id,
            "text": f"<@{BOT_USER}> {text}",
            "ts": self.next_ts(),
            "channel": channel,
            "event_ts": "0",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.envelope(event)

    async def mention(
        self, user: SlackUser, text: str, *, thread_ts: str | None = None, channel: str = CHANNEL
    ) -> list[SlackCall]:
        """`@Breedbeeld <text>` in a channel (in a thread when thread_ts is given)."""
        envelope = self.mention_event(user, text, thread_ts=thread_ts, channel=channel)
        status, _, calls = await self.send_event(envelope)
        assert status == 200, status
        return calls

    async def direct(self, user: SlackUser, text: str) -> list[SlackCall]:
        """A direct message to the bot (no mention needed)."""
        event = {
            "type": "message",
            "channel_type": "im",
            "user": user.id,
            "text": text,
            "ts": self.next_ts(),
            "channel": user.dm,
        }
        status, _, calls = await self.send_event(self.envelope(event))
        assert status == 200, status
        return calls

    def block_actions(
        self,
        user: SlackUser,
        message: SlackCall,
        *,
        button: str | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The block_actions payload of `user` pressing a button of a posted message.

        `button` is the button's text (default: the first, Save on a question); `inputs`
        maps an input's block_id to what the user chose or typed, shaped into
        `state.values` the way Slack reports each element type.
        """
        pressed = next(
            b for b in message.buttons() if button is None or b["text"]["text"] == button
        )
        values = {}
        for block_id, block in message.inputs().items():
            element = block["element"]
            values[block_id] = {element["action_id"]: _state(element, (inputs or {}).get(block_id))}
        posted = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": "B0BREEDBLD",
            "text": message.text,
            "ts": message.ts,
            "blocks": message.blocks,
        }
        if message.thread_ts:
            posted["thread_ts"] = message.thread_ts
        return {
            "type": "block_actions",
            "user": {"id": user.id, "username": user.name.split()[0].lower(), "team_id": TEAM},
            "api_app_id": "A0BREEDBLD",
            "token": "deprecated-verification-token",
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": False,
                **({"thread_ts": message.thread_ts} if message.thread_ts else {}),
            },
            "trigger_id": f"{next(self._ids)}.1111.abcdef",
            "team": {"id": TEAM, "domain": "gemeente"},
            "channel": {"id": message.channel, "name": "project"},
            "message": posted,
            "state": {"values": values},
            "response_url": "https://hooks.slack.invalid/actions/T0/1/x",
            "actions": [
                {
                    "action_id": pressed["action_id"],
                    "block_id": "buttons",
                    "text": pressed["text"],
                    "value": pressed.get("value", ""),
                    "type": "button",
                    "action_ts": self.next_ts(),
                }
            ],
        }

    def view_payload(
        self,
        kind: str,
        user: SlackUser,
        view: dict[str, Any],
        *,
        inputs: dict[str, Any] | None = None,
        button: str | None = None,
    ) -> dict[str, Any]:
        """A view_submission, view_closed, or block_actions (a `button` in the modal)
        payload of `user` on a modal the bot opened (`view` as Slack holds it)."""
        shown = {**view, "state": {"values": modal_state(view.get("blocks", []), inputs)}}
        payload: dict[str, Any] = {
            "type": kind,
            "team": {"id": TEAM, "domain": "gemeente"},
            "user": {"id": user.id, "username": user.name.split()[0].lower(), "team_id": TEAM},
            "api_app_id": "A0BREEDBLD",
            "token": "deprecated-verification-token",
            "trigger_id": f"{next(self._ids)}.2222.abcdef",
            "view": shown,
        }
        if kind == "block_actions":
            pressed = next(
                e
                for b in view["blocks"]
                if b["type"] == "actions"
                for e in b["elements"]
                if button is None or e["text"]["text"] == button
            )
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["actions"] = [
                {
                    "action_id": pressed["action_id"],
                    "block_id": "buttons",
                    "value": pressed.get("value", ""),
                    "type": "button",
                    "action_ts": self.next_ts(),
                }
            ]
        return payload

    async def send_interaction(
        self, payload: dict[str, Any], **headers: str
    ) -> tuple[int, str, list[SlackCall]]:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.post(
            body, "application/x-www-form-urlencoded", {**self.signed(body), **headers}
        )

    async def click(
        self,
        user: SlackUser,
        message: SlackCall,
        *,
        button: str | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> list[SlackCall]:
        """`user` presses a button of a message the bot posted; returns the bot's calls."""
        payload = self.block_actions(user, message, button=button, inputs=inputs)
        status, _, calls = await self.send_interaction(payload)
        assert status == 200, status
        return calls


def modal_state(blocks: list[dict[str, Any]], inputs: dict[str, Any] | None) -> dict[str, Any]:
    """A modal's (or message's) state.values with `inputs` chosen or typed."""
    values = {}
    for block in blocks:
        if block.get("type") == "input":
            element = block["element"]
            values[block["block_id"]] = {
                element["action_id"]: _state(element, (inputs or {}).get(block["block_id"]))
            }
    return values


def _state(element: dict[str, Any], chosen: Any) -> dict[str, Any]:
    """One element's entry in state.values; untouched inputs keep their initial value."""
    kind = element["type"]
    options = {o["value"]: o for o in element.get("options", [])}
    if kind in ("radio_buttons", "static_select"):
        option = options[chosen] if chosen is not None else element.get("initial_option")
        return {"type": kind, "selected_option": option}
    if kind in ("checkboxes", "multi_static_select"):
        picked = (
            [options[v] for v in chosen]
            if chosen is not None
            else element.get("initial_options", [])
        )
        return {"type": kind, "selected_options": picked}
    value = chosen if chosen is not None else element.get("initial_value")
    return {"type": kind, "value": value}


def replaced(calls: list[SlackCall], message: SlackCall) -> SlackCall:
    """The one chat.update that replaced `message` in place, as the message now reads
    (still in the thread `message` was in)."""
    found = [c for c in calls if c.method == "chat.update" and c.ts == message.ts]
    assert len(found) == 1, [(c.method, c.ts) for c in calls]
    thread = {"thread_ts": message.thread_ts} if message.thread_ts else {}
    return SlackCall("chat.update", {**found[0].args, **thread}, ts=found[0].ts)


def posted(calls: list[SlackCall]) -> list[SlackCall]:
    """The chat.postMessage calls among `calls`."""
    return [c for c in calls if c.method == "chat.postMessage"]


def texts(calls: list[SlackCall]) -> str:
    return "\n".join(c.all_text() for c in posted(calls))
