"""A turn's objects are freed when it ends, not left to the cycle collector.

The fix: bot/teams/sdk_cycles.py.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from msrest.serialization import Deserializer

from bot.teams.sdk_cycles import break_sdk_cycles

INCOMING = {
    "type": "message",
    "id": "a1",
    "text": "hallo",
    "channelId": "msteams",
    "serviceUrl": "https://smba.example/",
    "from": {"id": "u1", "name": "Anna"},
    "recipient": {"id": "b1", "name": "Breedbeeld"},
    "conversation": {"id": "19:c@thread.tacv2", "conversationType": "channel"},
    "value": {"bb": "answer", "q": "q1", "choices": ["a", "b"]},
    "entities": [{"type": "mention", "text": "<at>Breedbeeld</at>"}],
}


@pytest.fixture
def no_collector() -> Iterator[None]:
    """Only reference counting frees objects during the test."""
    break_sdk_cycles()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _activity() -> Activity:
    return Activity(
        type=ActivityTypes.message,
        id="a1",
        text="hallo",
        channel_id="test",
        from_property=ChannelAccount(id="u1"),
        recipient=ChannelAccount(id="b1"),
        conversation=ConversationAccount(id="c1"),
    )


async def test_a_turn_context_that_sent_replies_is_freed_when_the_turn_ends(
    no_collector: None,
) -> None:
    context = TurnContext(TestAdapter(), _activity())
    seen: list[str] = []

    async def first(ctx: TurnContext, activities: Any, next_: Callable[[], Awaitable[Any]]) -> Any:
        seen.append("first")
        return await next_()

    async def second(ctx: TurnContext, activities: Any, next_: Callable[[], Awaitable[Any]]) -> Any:
        seen.append("second")
        return await next_()

    context.on_send_activities(first).on_send_activities(second)
    await context.send_activity(MessageFactory.text("Opgeslagen."))
    await context.send_activity(MessageFactory.text("Volgende vraag."))
    assert seen == ["first", "second", "first", "second"]
    gone = weakref.ref(context)
    del context
    assert gone() is None, "the turn context waits for the cycle collector"


async def test_handlers_keep_the_sdk_order_and_a_handler_may_stop_the_chain() -> None:
    break_sdk_cycles()
    context = TurnContext(TestAdapter(), _activity())
    calls: list[str] = []

    async def stops(ctx: TurnContext, activities: Any, next_: Callable[[], Awaitable[Any]]) -> None:
        calls.append("stops")  # does not call next_: later handlers are skipped

    async def never(ctx: TurnContext, activities: Any, next_: Callable[[], Awaitable[Any]]) -> None:
        calls.append("never")

    context.on_send_activities(stops).on_send_activities(never)
    await context.send_activity(MessageFactory.text("x"))
    assert calls == ["stops"]


def test_deserializing_an_activity_leaves_no_garbage_and_the_same_result(
    no_collector: None,
) -> None:
    activity = Activity().deserialize(INCOMING)
    assert activity.from_property.name == "Anna"
    assert activity.value == INCOMING["value"]
    assert activity.entities[0].type == "mention"
    assert activity.conversation.conversation_type == "channel"
    assert gc.collect() == 0, "the deserializer is left in a reference cycle"


def test_a_deserializer_still_reads_lists_and_dicts_of_models() -> None:
    break_sdk_cycles()
    deserializer = Deserializer({"ChannelAccount": ChannelAccount})
    accounts = deserializer("[ChannelAccount]", [{"id": "u1"}, {"id": "u2"}])
    assert [a.id for a in accounts] == ["u1", "u2"]
    by_key = deserializer("{ChannelAccount}", {"x": {"id": "u3"}})
    assert by_key["x"].id == "u3"
    assert deserializer("object", {"a": [1, 2]}) == {"a": [1, 2]}
