"""A recording fake of the Bot Connector service, on 127.0.0.1, as Teams would run it.

The bot's replies go to the activity's serviceUrl; pointing that here lets a test (or the
benchmark) read exactly what the bot sent, in order, without any network. The tests and
the benchmark share this one implementation; the tests add a schema check of every card
(tests/fake_connector.py).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Recorded:
    """One call the bot made to the connector."""

    method: str
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    created_id: str | None = None  # for a CREATE: the id of the new conversation
    authorization: str | None = None  # the Authorization header the bot sent

    @property
    def text(self) -> str:
        """The message text ("" for a card)."""
        return self.body.get("text") or ""

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card content, if the activity carries one."""
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None

    def card_text(self) -> str:
        """All texts, fact values and action titles of the card, joined, for assertions."""
        found: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict) and node.get("type") == "RichTextBlock":
                # One line per block, as a reader sees it; bold runs inside a sentence are
                # marked ** again so assertions can quote the bot's sentence whole.
                runs = [r for r in node.get("inlines", []) if isinstance(r, dict)]
                mixed = len({r.get("weight") for r in runs}) > 1
                found.append(
                    "".join(
                        f"**{r.get('text', '')}**"
                        if mixed and r.get("weight") == "Bolder"
                        else str(r.get("text", ""))
                        for r in runs
                    )
                )
                return
            if isinstance(node, dict):
                for key in ("text", "title", "label"):
                    if isinstance(node.get(key), str):
                        found.append(node[key])
                if isinstance(node.get("title"), str) and isinstance(node.get("value"), str):
                    found.append(node["value"])  # a FactSet fact
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.card or {})
        return "\n".join(found)


@dataclass
class FakeConnector:
    """Records every POST/PUT to /v3/conversations/... and answers like the real service.

    Member lookups (GET …/members, …/members/{id}, …/pagedmembers) are answered from
    `members`: conversation or team id -> the accounts in it, as Teams describes them
    ({"id": "29:…", "name": …, "aadObjectId": …}). A thread id ("…;messageid=…") counts
    as its channel. Unknown conversations and members get Teams' 404. Lookups are kept
    apart from the replies, in `lookups`.
    """

    calls: list[Recorded] = field(default_factory=list)
    # With `check_card` every card the bot sends is checked (the tests use the Adaptive
    # Cards 1.5 schema; the `teams` fixture fails the test if any card was invalid).
    check_card: Callable[[dict[str, Any]], list[str]] | None = None
    invalid_cards: list[str] = field(default_factory=list)
    # False for the benchmark (hundreds of thousands of replies): calls are then only kept
    # per conversation until the load generator takes them with `take`.
    keep_history: bool = True
    _by_conversation: dict[str, list[Recorded]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    server: TestServer | None = None
    refuse_new_conversations: bool = False  # as Teams does when the user lacks the app
    # account ids whose 1:1 chat cannot be created (app not installed for that user)
    refuse_members: set[str] = field(default_factory=set)
    members: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    # Faults on demand (tests, the fault bench). A send, update or new 1:1 chat whose
    # conversation id starts with a key of `slow` answers that many seconds late; one with
    # a key of `held` waits until that event is set; `failures` are answered (status,
    # Retry-After) to the next sends whose conversation (for a new 1:1 chat: member) id
    # starts with the failure's prefix, in order, without recording them.
    slow: dict[str, float] = field(default_factory=dict)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    failures: list[tuple[str, int, str | None]] = field(default_factory=list)
    refused: int = 0  # sends answered with a failure
    waiting: int = 0  # calls being held or slowed right now

    def fail_next(
        self, status: int, retry_after: str | None = None, times: int = 1, where: str = ""
    ) -> None:
        """The next `times` sends (to ids starting with `where`) get `status`."""
        self.failures.extend([(where, status, retry_after)] * times)

    async def _fault(self, request: web.Request, conversation_id: str) -> web.Response | None:
        """Delay, hold or fail this call as asked; None to answer it normally.

        A caller that gave up meanwhile (its timeout) finds nothing recorded, as when the
        real service had not accepted the message yet.
        """
        self.waiting += 1
        try:
            for prefix, event in list(self.held.items()):
                if conversation_id.startswith(prefix):
                    await event.wait()
            for prefix, seconds in list(self.slow.items()):
                if conversation_id.startswith(prefix):
                    await asyncio.sleep(seconds)
        finally:
            self.waiting -= 1
        if request.transport is None or request.transport.is_closing():
            return web.Response(status=499)  # nobody reads it
        found = next(
            (n for n, f in enumerate(self.failures) if conversation_id.startswith(f[0])), None
        )
        if found is None:
            return None
        _, status, retry_after = self.failures.pop(found)
        self.refused += 1
        headers = {"Retry-After": retry_after} if retry_after is not None else None
        return web.json_response(
            {"error": {"code": "Throttled", "message": "try again later"}},
            status=status,
            headers=headers,
        )

    def updates(self) -> list[Recorded]:
        """The PUTs: activities the bot updated in place."""
        return [c for c in self.calls if c.method == "PUT"]

    def app(self) -> web.Application:
        """The aiohttp application that plays the connector."""
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._send)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._send)
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_get("/v3/conversations/{conversation}/members", self._members)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        app.router.add_get("/v3/conversations/{conversation}/pagedmembers", self._paged)
        return app

    async def start(self) -> str:
        """Start on a free port of 127.0.0.1; returns the base URL (the serviceUrl)."""
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()
        return str(self.server.make_url("/"))

    async def close(self) -> None:
        """Stop the server."""
        if self.server is not None:
            await self.server.close()

    def take(self, conversation_id: str) -> list[Recorded]:
        """The calls made to one conversation since the last `take`, removed from the index."""
        return self._by_conversation.pop(conversation_id, [])

    def _record(self, call: Recorded) -> None:
        if self.keep_history:
            self.calls.append(call)
        self._by_conversation.setdefault(call.conversation_id, []).append(call)

    async def _send(self, request: web.Request) -> web.Response:
        fault = await self._fault(request, unquote(request.match_info["conversation"]))
        if fault is not None:
            return fault
        body = json.loads(await request.text())
        for attachment in body.get("attachments") or []:
            is_card = attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
            if is_card and self.check_card is not None:
                self.invalid_cards.extend(self.check_card(attachment["content"]))
        self._record(
            Recorded(
                method=request.method,
                conversation_id=unquote(request.match_info["conversation"]),
                activity_id=request.match_info.get("activity"),
                body=body,
                authorization=request.headers.get("Authorization"),
            )
        )
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    async def _create(self, request: web.Request) -> web.Response:
        body = json.loads(await request.text())
        members = body.get("members") or [{}]
        fault = await self._fault(request, str(members[0].get("id") or ""))
        if fault is not None:
            return fault
        created = Recorded("CREATE", "", None, body)
        self._record(created)
        wanted = {m.get("id") for m in body.get("members") or []}
        if self.refuse_new_conversations or wanted & self.refuse_members:
            return web.json_response(
                {"error": {"code": "Forbidden", "message": "bot not installed"}}, status=403
            )
        created.created_id = f"a:personal-{next(self._ids)}"
        return web.json_response({"id": created.created_id, "activityId": "a1"})

    # -- members ----------------------------------------------------------------------

    def _roster(self, request: web.Request) -> list[dict[str, Any]] | None:
        conversation = unquote(request.match_info["conversation"]).split(";messageid=", 1)[0]
        self.lookups.append(f"{request.path}?{request.query_string}".rstrip("?"))
        return self.members.get(conversation)

    async def _members(self, request: web.Request) -> web.Response:
        roster = self._roster(request)
        if roster is None:
            return _not_found("ConversationNotFound")
        return web.json_response(roster)

    async def _member(self, request: web.Request) -> web.Response:
        roster = self._roster(request) or []
        wanted = unquote(request.match_info["member"])
        found = next((m for m in roster if wanted in (m.get("id"), m.get("aadObjectId"))), None)
        if found is None:
            return _not_found("MemberNotFoundInConversation")
        return web.json_response(found)

    async def _paged(self, request: web.Request) -> web.Response:
        roster = self._roster(request)
        if roster is None:
            return _not_found("ConversationNotFound")
        size = int(request.query.get("pageSize") or 100)
        start = int(request.query.get("continuationToken") or 0)
        page = roster[start : start + size]
        more = start + size < len(roster)
        body: dict[str, Any] = {"members": page}
        if more:
            body["continuationToken"] = str(start + size)
        return web.json_response(body)


def _not_found(code: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": "not found"}}, status=404)
