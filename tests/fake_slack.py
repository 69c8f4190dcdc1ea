"""A recording fake of the Slack Web API, on 127.0.0.1, answering as Slack does.

The bot's Web API base URL (SLACK_API_URL) points here, so a test reads every call the
bot made, in order: chat.postMessage, chat.update, chat.delete, users.info,
conversations.open, conversations.members, views.open, views.update (a modal gets an id
"V…" and a hash that changes with each update). Calls without
the bot token get Slack's `invalid_auth`, unknown users `user_not_found`, and a method
can be told to fail (`fail`), as Slack answers: HTTP 200 with {"ok": false, "error": …}.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class SlackCall:
    """One Web API call the bot made."""

    method: str
    args: dict[str, Any]
    ts: str = ""  # the ts Slack gave a posted message

    @property
    def text(self) -> str:
        return str(self.args.get("text") or "")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def channel(self) -> str:
        return str(self.args.get("channel") or "")

    @property
    def thread_ts(self) -> str | None:
        return self.args.get("thread_ts")

    def inputs(self) -> dict[str, dict[str, Any]]:
        """The message's input blocks by block_id."""
        return {b["block_id"]: b for b in self.blocks if b["type"] == "input"}

    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in self.blocks if b["type"] == "actions" for e in b["elements"]]

    def all_text(self) -> str:
        """Every text in the message (fallback text, blocks, labels, options), joined."""
        found = [self.text]

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("text"), str):
                    found.append(node["text"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.blocks)
        return "\n".join(found)


@dataclass
class FakeSlack:
    """The Slack Web API methods the bot uses, with the answers Slack gives."""

    token: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    # channel -> member user ids (conversations.members; unknown channels: channel_not_found)
    members: dict[str, list[str]] = field(default_factory=dict)
    calls: list[SlackCall] = field(default_factory=list)
    fail: dict[str, str] = field(default_factory=dict)  # method -> Slack error code
    # method -> how many more calls get HTTP 429 (rate limited) with Retry-After: 1
    rate_limited: dict[str, int] = field(default_factory=dict)
    # method -> how many more calls get HTTP 503 (Slack unavailable for now)
    unavailable: dict[str, int] = field(default_factory=dict)
    # While set and not yet opened, every call waits here: lets a test see the bot's HTTP
    # answer before its Web API calls, or a shutdown wait for them.
    gate: asyncio.Event | None = None
    server: TestServer | None = None
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> str:
        """Start on a free port of 127.0.0.1; returns the Web API base URL."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._call)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return str(self.server.make_url("/api/"))

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    def views(self) -> list[SlackCall]:
        """The views.open and views.update calls (modals), in order."""
        return [c for c in self.calls if c.method in ("views.open", "views.update")]

    def posted(self) -> list[SlackCall]:
        """The chat.postMessage calls, in order."""
        return [c for c in self.calls if c.method == "chat.postMessage"]

    async def _call(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        if self.gate is not None:
            await self.gate.wait()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        call = SlackCall(method, args)
        self.calls.append(call)
        if self.rate_limited.get(method):
            self.rate_limited[method] -= 1
            call.method = f"{method} (429)"
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        if self.unavailable.get(method):
            self.unavailable[method] -= 1
            call.method = f"{method} (503)"
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        if method in self.fail:
            return web.json_response({"ok": False, "error": self.fail[method]})
        if method in ("chat.postMessage", "chat.update"):
            call.ts = args.get("ts") or f"17640{next(self._ts):05d}.000200"
            return web.json_response(
                {
                    "ok": True,
                    "channel": args.get("channel"),
                    "ts": call.ts,
                    "message": {"type": "message", "text": args.get("text"), "ts": call.ts},
                }
            )
        if method in ("views.open", "views.update"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else dict(view or {})
            if method == "views.open" and not args.get("trigger_id"):
                return web.json_response({"ok": False, "error": "invalid_trigger_id"})
            view_id = args.get("view_id") or f"V0{next(self._ts):08d}"
            call.ts = str(view_id)
            view.update({"id": view_id, "hash": f"h{next(self._ts)}"})
            return web.json_response({"ok": True, "view": view})
        if method == "chat.delete":
            return web.json_response({"ok": True, "channel": args.get("channel"), "ts": args["ts"]})
        if method == "conversations.open":
            user = str(args.get("users"))
            return web.json_response({"ok": True, "channel": {"id": "D" + user[1:]}})
        if method == "conversations.members":
            channel = str(args.get("channel"))
            if channel not in self.members:
                return web.json_response({"ok": False, "error": "channel_not_found"})
            limit = int(args.get("limit") or 100)
            start = int(args.get("cursor") or 0)
            page = self.members[channel][start : start + limit]
            more = start + limit < len(self.members[channel])
            return web.json_response(
                {
                    "ok": True,
                    "members": page,
                    "response_metadata": {"next_cursor": str(start + limit) if more else ""},
                }
            )
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            if user is None:
                return web.json_response({"ok": False, "error": "user_not_found"})
            return web.json_response({"ok": True, "user": user})
        return web.json_response({"ok": False, "error": "unknown_method"})
