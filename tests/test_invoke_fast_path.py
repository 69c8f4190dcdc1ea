"""The invoke response handed to the SDK without its send pipeline (bot/teams/invoke_response.py
`respond`): the same HTTP answer, and the SDK's way whenever something would see the difference."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.core import (
    ActivityHandler,
    InvokeResponse,
    Middleware,
    TurnContext,
)
from botbuilder.schema import Activity

from bot.config import Settings
from bot.storage.user_memory import UserMemory
from bot.teams.connector import create_adapter
from bot.teams.invoke_response import ACTIVITY_JSON, respond
from dialogs.conversation import KeptWithAnswer, _keeps_with_answer

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Één"}]}
BODY = {"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": CARD}


class _RespondingBot(ActivityHandler):
    """Answers every invoke with a card, through `respond`."""

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        return respond(turn_context, InvokeResponse(status=200, body=BODY))


class _SendRecorder(Middleware):
    """A middleware with a send handler, as a transcript logger has: it sees every reply."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        async def handler(
            _context: TurnContext, activities: list[Activity], proceed: Callable[[], Any]
        ) -> Any:
            self.seen.extend(a.type for a in activities)
            return await proceed()

        context.on_send_activities(handler)
        await logic()


def _invoke(**extra: Any) -> dict[str, Any]:
    return {
        "type": "invoke",
        "name": "adaptiveCard/action",
        "id": "inv-1",
        "serviceUrl": "http://127.0.0.1:9/",
        "channelId": "msteams",
        "from": {"id": "29:anna", "name": "Anna"},
        "recipient": {"id": "28:bot", "name": "Breedbeeld"},
        "conversation": {"id": "a:chat", "conversationType": "personal"},
        "value": {"action": {"type": "Action.Execute", "verb": "answer", "data": {}}},
        **extra,
    }


async def _post(adapter: Any, activity: dict[str, Any]) -> tuple[int, Any]:
    bot = _RespondingBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        response = await client.post("/api/messages", json=activity)
        return response.status, await response.json()
    finally:
        await client.close()


async def test_the_invoke_answer_is_the_card_and_skips_the_send_pipeline() -> None:
    adapter = create_adapter(Settings())
    sent: list[Activity] = []
    original = adapter.send_activities

    async def spy(context: TurnContext, activities: list[Activity]) -> Any:
        sent.extend(activities)
        return await original(context, activities)

    adapter.send_activities = spy  # type: ignore[method-assign]
    status, body = await _post(adapter, _invoke())
    assert (status, body) == (200, BODY)
    assert sent == []  # nothing went through the adapter's send


async def test_a_send_handler_still_sees_the_invoke_response() -> None:
    adapter = create_adapter(Settings())
    recorder = _SendRecorder()
    adapter.use(recorder)
    status, body = await _post(adapter, _invoke())
    assert (status, body) == (200, BODY)
    assert recorder.seen == ["invokeResponse"]


async def test_expect_replies_still_buffers_the_invoke_response() -> None:
    status, body = await _post(create_adapter(Settings()), _invoke(deliveryMode="expectReplies"))
    assert status == 200
    replies = body["activities"]
    assert [a["type"] for a in replies] == ["invokeResponse"]
    assert replies[0]["value"]["body"] == BODY


async def test_another_adapter_gets_the_response_through_its_send() -> None:
    """An adapter that is not the Teams one (the demo's recording adapter, the terminal
    chat) receives the invoke response as a sent activity, as the SDK sends it."""
    context = TurnContext(_RecordingAdapter(), Activity().deserialize(_invoke()))
    await _RespondingBot().on_turn(context)
    recorded = context.adapter.sent  # type: ignore[attr-defined]
    assert [a.type for a in recorded] == ["invokeResponse"]
    assert recorded[0].value.body == BODY


class _RecordingAdapter:
    """Just enough of a BotAdapter for a TurnContext: records what is sent."""

    def __init__(self) -> None:
        self.sent: list[Activity] = []

    async def send_activities(self, _context: TurnContext, activities: list[Activity]) -> list[Any]:
        self.sent.extend(activities)
        return [None for _ in activities]


async def test_the_adapter_reads_the_activity_the_web_handler_parsed() -> None:
    """bot/app.py parses and checks the JSON once and leaves it for the adapter."""
    adapter = create_adapter(Settings())
    verbs: list[str] = []

    class _VerbBot(ActivityHandler):
        async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
            verbs.append(turn_context.activity.value["action"]["verb"])
            return respond(turn_context, InvokeResponse(status=200, body=BODY))

    async def messages(request: web.Request) -> web.StreamResponse:
        parsed: dict[str, Any] = await request.json()
        parsed["value"]["action"]["verb"] = "checked"
        request[ACTIVITY_JSON] = parsed
        return await adapter.process(request, _VerbBot())

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        response = await client.post("/api/messages", json=_invoke())
        assert response.status == 200
    finally:
        await client.close()
    assert verbs == ["checked"]


def test_a_memory_is_kept_with_the_answer_exactly_when_isinstance_says_so() -> None:
    """The per-type check in dialogs/conversation.py answers what isinstance answers."""

    class Both:
        def write_with(self, connection: Any) -> None: ...

        def written(self) -> None: ...

    class OnlyOne:
        def write_with(self, connection: Any) -> None: ...

    memories: list[object] = [{}, Both(), OnlyOne(), UserMemory(None, "owner", datetime.now)]  # type: ignore[arg-type]
    for memory in memories:
        for _ in range(2):  # worked out, then remembered
            assert _keeps_with_answer(memory) == isinstance(memory, KeptWithAnswer)
