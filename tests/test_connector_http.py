"""The connector clients send with aiohttp (bot/teams/connector_http.py): what the SDK expects.

The SDK's `ConnectorClient` against the recording fake connector on 127.0.0.1: the app's
token on every call, fetched in the token pool (MSAL blocks); msrest's errors with the
status and headers callers read; and the turn's budget as the timeout of every call.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from msrest.exceptions import HttpOperationError

from bot.teams.connector_http import ConnectorHttp, TurnBudgetSpent, send_with_aiohttp, turn_budget
from bot.teams.sender import classify
from tests.fake_connector import FakeConnector

CONVERSATION = "19:abc@thread.tacv2;messageid=1"


class FixedToken(MicrosoftAppCredentials):  # type: ignore[misc]
    """An app's credentials whose token needs no login service; notes the thread asked."""

    def __init__(self) -> None:
        super().__init__("11111111-2222-3333-4444-555555555555", "secret")
        self.threads: list[str] = []

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.threads.append(threading.current_thread().name)
        return "tok-123"


@pytest.fixture
async def connector() -> AsyncIterator[tuple[FakeConnector, str]]:
    fake = FakeConnector()
    url = await fake.start()
    yield fake, url
    await fake.close()


async def client_for(url: str, credentials: FixedToken, http: ConnectorHttp) -> ConnectorClient:
    return send_with_aiohttp(ConnectorClient(credentials, base_url=url), http)


def message(text: str) -> Activity:
    return Activity(type="message", text=text)


async def test_a_reply_carries_the_token_fetched_outside_the_event_loop(
    connector: tuple[FakeConnector, str],
) -> None:
    fake, url = connector
    credentials, http = FixedToken(), ConnectorHttp()
    client = await client_for(url, credentials, http)
    try:
        response = await client.conversations.send_to_conversation(CONVERSATION, message("hoi"))
    finally:
        await http.close()
    assert response.id
    assert [(c.conversation_id, c.text, c.authorization) for c in fake.calls] == [
        (CONVERSATION, "hoi", "Bearer tok-123")
    ]
    assert credentials.threads and all(t.startswith("bb-token") for t in credentials.threads)


async def test_a_throttled_call_raises_what_the_outbox_reads(
    connector: tuple[FakeConnector, str],
) -> None:
    fake, url = connector
    http = ConnectorHttp()
    client = await client_for(url, FixedToken(), http)
    fake.fail_next(429, retry_after="7")
    try:
        with pytest.raises(HttpOperationError) as raised:
            await client.conversations.send_to_conversation(CONVERSATION, message("hoi"))
    finally:
        await http.close()
    assert raised.value.response.status_code == 429
    failure = classify(raised.value)
    assert failure.retryable and failure.retry_after == timedelta(seconds=7)
    assert fake.calls == []


async def test_a_hanging_call_ends_with_the_turn_s_budget(
    connector: tuple[FakeConnector, str],
) -> None:
    fake, url = connector
    fake.held[CONVERSATION] = asyncio.Event()  # never set: the connector hangs
    http = ConnectorHttp()
    client = await client_for(url, FixedToken(), http)
    try:
        with turn_budget(0.2), pytest.raises(TimeoutError) as raised:
            await client.conversations.send_to_conversation(CONVERSATION, message("hoi"))
        assert classify(raised.value).retryable
        with turn_budget(0), pytest.raises(TurnBudgetSpent):  # no time left: not even tried
            await client.conversations.send_to_conversation(CONVERSATION, message("hoi"))
    finally:
        await http.close()
    assert fake.calls == []
