"""Drives the bot as Microsoft Teams does: activities POSTed to /api/messages over HTTP.

Replies are read from the recording fake connector that the activity's serviceUrl names.
"""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine

from bot.app import Components, build_components, create_app
from bot.config import Settings
from tests.card_schema import card_errors
from tests.fake_connector import FakeConnector, Recorded

CARD_TYPE = "application/vnd.microsoft.card.adaptive"

CHANNEL = "19:3b6a0f8a1c2d4e5f@thread.tacv2"
TEAM = "19:team@thread.tacv2"


def free_port() -> int:
    """A port nobody listens on right now, so the bot can know its own address up front."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


TENANT = "72f988bf-0000-0000-0000-000000000001"


class User:
    """A Teams user: channel account id, AAD object id and display name."""

    def __init__(self, name: str, locale: str = "nl-NL") -> None:
        slug = name.lower().replace(" ", "")
        self.name = name
        self.id = f"29:1{slug}"
        self.aad = f"aad-{slug}"
        self.locale = locale

    def account(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad}

    def member(self) -> dict[str, str]:
        """As Teams lists this user among a conversation's members."""
        return {
            **self.account(),
            "userPrincipalName": f"{self.name.split()[0].lower()}@gemeente.nl",
            "tenantId": TENANT,
            "userRole": "user",
        }


class TeamsHarness:
    """One bot process (app + database) and one fake connector."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime],
        settings: dict[str, str] | None = None,
        credentials_factory: Any = None,
        public_base_url: str | None = None,
    ) -> None:
        """`public_base_url` None: the bot's own address on 127.0.0.1; "": no public address."""
        self.settings = settings or {}
        self.credentials_factory = credentials_factory
        self.engine = engine
        self.clock = clock
        self.port = free_port()
        self.public_base_url = (
            f"http://127.0.0.1:{self.port}" if public_base_url is None else public_base_url
        )
        self.connector = FakeConnector()
        self._ids = itertools.count(1)
        self.client: TestClient | None = None
        self.components: Components | None = None
        self.service_url = ""

    async def start(self) -> None:
        self.service_url = await self.connector.start()
        await self.start_bot()

    async def start_bot(self) -> None:
        """Start (or restart) the bot process on the same database."""
        # The engine below is what counts; the URL only fills the setting.
        settings = Settings(  # type: ignore[call-arg]
            DATABASE_URL="sqlite://",
            PUBLIC_BASE_URL=self.public_base_url,
            # Most tests read the card after each answer; tests/test_card_refresh.py tests
            # the default, where an answer's refresh may wait.
            **({"PROGRESS_CARD_SECONDS": "0"} | self.settings),
        )
        self.components = build_components(
            settings,
            engine=self.engine,
            clock=self.clock,
            credentials_factory=self.credentials_factory,
        )
        server = TestServer(create_app(self.components), host="127.0.0.1", port=self.port)
        self.client = TestClient(server)
        await self.client.start_server()

    async def restart_bot(self) -> None:
        """Stop the bot and start a new instance on the same database (nothing in memory)."""
        assert self.client is not None
        await self.client.close()
        await self.start_bot()

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
        await self.connector.close()

    async def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        """GET a URL of this bot (a full URL from a card, or a path)."""
        assert self.client is not None
        path = url.removeprefix(self.public_base_url) if url.startswith("http") else url
        response = await self.client.get(path, allow_redirects=False)
        return response.status, dict(response.headers), await response.read()

    def activity(
        self,
        user: User,
        *,
        text: str | None = None,
        value: dict[str, Any] | None = None,
        conversation: str | None = None,
        conversation_type: str = "channel",
        mentions: tuple[User, ...] = (),
    ) -> dict[str, Any]:
        """A message activity shaped like the ones Teams sends to a bot."""
        number = next(self._ids)
        conversation_id = conversation or f"{CHANNEL};messageid=17{number:08d}"
        activity: dict[str, Any] = {
            "type": "message",
            "id": f"17{number:08d}",
            "timestamp": "2026-11-24T09:00:00.000Z",
            "serviceUrl": self.service_url,
            "channelId": "msteams",
            "from": user.account(),
            "conversation": {
                "id": conversation_id,
                "conversationType": conversation_type,
                "tenantId": TENANT,
                "isGroup": conversation_type != "personal",
            },
            "recipient": {"id": "28:breedbeeld-bot", "name": "Breedbeeld"},
            "locale": user.locale,
            "channelData": {"tenant": {"id": TENANT}},
        }
        if conversation_type == "channel":
            activity["channelData"].update(
                {
                    "teamsChannelId": CHANNEL,
                    "teamsTeamId": TEAM,
                    "channel": {"id": CHANNEL},
                    "team": {"id": TEAM},
                }
            )
        if text is not None:
            activity["text"] = text
            activity["entities"] = [
                {
                    "type": "mention",
                    "text": "<at>Breedbeeld</at>",
                    "mentioned": {"id": "28:breedbeeld-bot", "name": "Breedbeeld"},
                }
            ] + [
                {
                    "type": "mention",
                    "text": f"<at>{user.name}</at>",
                    "mentioned": {"id": user.id, "name": user.name},
                }
                for user in mentions
            ]
        if value is not None:
            activity["value"] = value
        return activity

    def set_roster(self, *users: User) -> None:
        """The members of the team and its channel, as the connector reports them."""
        members = [user.member() for user in users]
        self.connector.members[CHANNEL] = members
        self.connector.members[TEAM] = members

    async def post(self, activity: dict[str, Any]) -> tuple[int, list[Recorded]]:
        """POST one activity; return the HTTP status and the messages it caused.

        Updates in place (the progress card's PUTs) are not replies: read them from
        `connector.updates()`.
        """
        assert self.client is not None
        before = len(self.connector.calls)
        response = await self.client.post("/api/messages", json=activity)
        await response.read()
        return response.status, [c for c in self.connector.calls[before:] if c.method != "PUT"]

    async def say(self, user: User, text: str, **kwargs: Any) -> list[Recorded]:
        """The user @mentions the bot with `text` in a new channel post (a new thread)."""
        status, replies = await self.post(
            self.activity(user, text=f"<at>Breedbeeld</at> {text}", **kwargs)
        )
        assert status < 300, status
        return replies

    async def invoke(
        self, user: User, name: str, value: Any, **kwargs: Any
    ) -> tuple[int, Any, list[Recorded]]:
        """POST an invoke activity as Teams sends it; return the status, the response body
        (parsed JSON, None when empty) and the messages it caused (without updates)."""
        activity = self.activity(user, **kwargs)
        activity.update({"type": "invoke", "name": name, "value": value})
        assert self.client is not None
        before = len(self.connector.calls)
        response = await self.client.post("/api/messages", json=activity)
        raw = await response.read()
        body = json.loads(raw) if raw else None
        posted = [c for c in self.connector.calls[before:] if c.method != "PUT"]
        return response.status, body, posted

    async def execute(
        self,
        user: User,
        card: dict[str, Any],
        inputs: dict[str, Any] | None = None,
        title: str | None = None,
        **kwargs: Any,
    ) -> tuple[dict[str, Any], list[Recorded]]:
        """Click an Action.Execute of `card` (the first, or the one titled `title`) with
        `inputs` filled in; return the card that replaces it and the messages posted.

        Asserts what Teams needs: HTTP 200, an adaptive card response that validates."""
        action = execute_action(card, title)
        value = {
            "action": {
                "type": "Action.Execute",
                "verb": action["verb"],
                "data": {**action.get("data", {}), **(inputs or {})},
            },
            "trigger": "manual",
        }
        status, body, posted = await self.invoke(user, "adaptiveCard/action", value, **kwargs)
        assert status == 200, (status, body)
        assert body["statusCode"] == 200 and body["type"] == CARD_TYPE, body
        errors = card_errors(body["value"])
        assert not errors, errors
        return body["value"], posted

    async def submit(self, user: User, value: dict[str, Any], **kwargs: Any) -> list[Recorded]:
        """The user presses a card button whose data (with the inputs) is `value`."""
        status, replies = await self.post(self.activity(user, value=value, **kwargs))
        assert status < 300, status
        return replies


def last_card(replies: list[Recorded]) -> dict[str, Any]:
    """The last Adaptive Card among the replies (fails if there is none)."""
    cards = [r.card for r in replies if r.card is not None]
    assert cards, [r.text for r in replies]
    card = cards[-1]
    assert card is not None
    return card


def submit_data(card: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The data of the card's Action.Submit or Action.Execute (the first, or the one with
    `title`), as an old client or the text fallback would send it as a message."""
    for action in card.get("actions", []):
        if action.get("type") in ("Action.Submit", "Action.Execute") and (
            title is None or action["title"] == title
        ):
            return {k: v for k, v in action["data"].items() if k != "msteams"}
    raise AssertionError(f"no submit action {title!r} in card")


def execute_action(card: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The card's Action.Execute (the first, or the one with `title`)."""
    for action in card.get("actions", []):
        if action.get("type") == "Action.Execute" and (title is None or action["title"] == title):
            return dict(action)
    raise AssertionError(f"no Action.Execute {title!r} in card: {card.get('actions')}")


def dialog_action(card: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The data of the card's button that opens a dialog (task/fetch)."""
    for action in card.get("actions", []):
        data = action.get("data")
        if (
            isinstance(data, dict)
            and data.get("msteams", {}).get("type") == "task/fetch"
            and (title is None or action["title"] == title)
        ):
            return dict(data)
    raise AssertionError(f"no dialog button {title!r} in card: {card.get('actions')}")
