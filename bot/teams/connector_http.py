"""The Bot Connector's HTTP calls on aiohttp, each with a deadline.

Why: botbuilder 4.17's `ConnectorClient` sends through msrest's `AsyncRequestsHTTPSender`:
blocking `requests` calls in asyncio's default thread pool (6 workers on 2 cores), the
pool the database work used too. One team's connector answering after 10 s held every
worker, and every other team's turn waited for it (issue 17: a healthy team waited 19-29 s).
Here each client's pipeline sends through one aiohttp session of the process: a slow call
is an idle socket, not a thread, so it delays nobody else.

Every call has a timeout. Inside a turn it is what is left of the turn's budget
(`turn_budget`, well inside Teams' 15 s), so a turn answers HTTP in time even when its
connector hangs (what could not be sent then goes to the outbox, bot/delivery/outbox.py);
elsewhere (outbox, reminders, card refresh) it is `timeout` seconds.

The one call the SDK still forces to block is the token (`AppCredentials.get_access_token`,
MSAL with `requests`). It runs here, in a pool of its own (`_TOKEN_THREADS`), never in the
default pool; MSAL caches the token for about an hour, so it rarely leaves the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import requests
import yarl
from botframework.connector.auth import AppCredentials
from msrest.pipeline import AsyncHTTPPolicy, AsyncPipeline, Request, Response
from msrest.pipeline.async_abc import AsyncHTTPSender
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http.aiohttp import AioHttpClientResponse

DEFAULT_TIMEOUT_SECONDS = 20.0  # outside a turn: the outbox, reminders, the card refresh
_TOKEN_THREADS = 2  # token requests of one app id: rare (MSAL caches), never in parallel
# The turn's deadline (time.monotonic()), or None outside a turn.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "breedbeeld_connector_deadline", default=None
)


class TurnBudgetSpent(TimeoutError):
    """The turn has no time left for another connector call: it goes to the outbox."""


@contextlib.contextmanager
def turn_budget(seconds: float) -> Iterator[None]:
    """Connector calls made inside share `seconds` in all (one turn's replies and lookups)."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def outside_turn() -> contextlib.AbstractContextManager[None]:
    """Calls made inside are not part of the current turn (a task it starts)."""
    return _reset_deadline()


@contextlib.contextmanager
def _reset_deadline() -> Iterator[None]:
    token = _DEADLINE.set(None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def turn_time_left() -> float | None:
    """Seconds left in the current turn's budget; None outside a turn."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


class ConnectorHttp:
    """One aiohttp session per event loop for all connector calls, and the token pool."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tokens = ThreadPoolExecutor(_TOKEN_THREADS, thread_name_prefix="bb-token")

    def session(self) -> aiohttp.ClientSession:
        """The session of the running loop (tests run one loop per test)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._loop is not loop or self._session.closed:
            # No limit on connections: every team's calls go to the same few hosts, and
            # a cap per host would let one slow team queue the others again.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
            self._loop = loop
        return self._session

    def call_timeout(self) -> float:
        """This call's timeout: the turn's time left, or the default outside a turn."""
        left = turn_time_left()
        if left is None:
            return self.timeout
        if left <= 0:
            raise TurnBudgetSpent("the turn has no time left for the connector")
        return min(left, self.timeout)

    async def token(self, credentials: AppCredentials) -> str:
        """The bearer token, fetched in the token pool (MSAL blocks), within the call's time."""
        loop = asyncio.get_running_loop()
        fetching = loop.run_in_executor(self._tokens, credentials.get_access_token)
        return str(await asyncio.wait_for(fetching, self.call_timeout()))

    async def signed_header(self, credentials: Any) -> str | None:
        """The Authorization header msrest credentials put on a requests session."""
        loop = asyncio.get_running_loop()
        session = await loop.run_in_executor(
            self._tokens, credentials.signed_session, requests.Session()
        )
        header = session.headers.get("Authorization")
        return str(header) if header else None

    async def close(self) -> None:
        """Close the session (app shutdown)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None


class _Bearer(AsyncHTTPPolicy):  # type: ignore[misc]
    """The app's token on each request, as msrest's requests credentials policy did."""

    def __init__(self, credentials: Any, http: ConnectorHttp) -> None:
        super().__init__()
        self._credentials = credentials
        self._http = http

    async def send(self, request: Request, **kwargs: Any) -> Response:
        credentials = self._credentials
        if isinstance(credentials, AppCredentials):
            if credentials._should_set_token(None):
                token = await self._http.token(credentials)
                request.http_request.headers["Authorization"] = f"Bearer {token}"
        elif hasattr(credentials, "signed_session"):  # any other msrest credentials
            header = await self._http.signed_header(credentials)
            if header:
                request.http_request.headers["Authorization"] = header
        return await self.next.send(request, **kwargs)  # type: ignore[union-attr]


class _AiohttpSender(AsyncHTTPSender):  # type: ignore[misc]
    """Sends msrest's request with aiohttp, within the call's timeout."""

    def __init__(self, http: ConnectorHttp) -> None:
        self._http = http

    async def __aenter__(self) -> _AiohttpSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http_request = request.http_request
        timeout = aiohttp.ClientTimeout(total=self._http.call_timeout())
        async with self._http.session().request(
            http_request.method,
            yarl.URL(http_request.url, encoded=True),  # as msrest quoted it, not re-quoted
            headers=dict(http_request.headers),
            data=http_request.data,
            timeout=timeout,
        ) as answer:
            response = _Loaded(http_request, answer)
            await response.load_body()
        # msrest's errors keep `internal_response` as their `response`, and callers read
        # `status_code` and `headers` on it as on a requests.Response (aiohttp: `status`).
        response.internal_response = _Answered(
            int(response.status_code or 0), response.headers, response.reason, response.body()
        )
        return Response(request, response)


class _Loaded(AioHttpClientResponse):  # type: ignore[misc]
    """msrest's aiohttp response, whose empty body (a 202, a 204) is no error."""

    def body(self) -> bytes:
        return self._body or b""


class _Answered:
    """What is read of a finished response: the fields of a requests.Response."""

    def __init__(self, status_code: int, headers: Any, reason: str | None, content: bytes):
        self.status_code = status_code
        self.headers = headers
        self.reason = reason
        self.content = content

    @property
    def text(self) -> str:
        """The body as text."""
        return self.content.decode("utf-8", errors="replace")

    def raise_for_status(self) -> None:
        """As requests does: an error for a 4xx or 5xx status."""
        if self.status_code >= 400:
            raise aiohttp.ClientResponseError(
                None,  # type: ignore[arg-type]
                (),
                status=self.status_code,
                message=self.reason or "",
            )


def send_with_aiohttp(client: Any, http: ConnectorHttp) -> Any:
    """Give an SDK API client (ConnectorClient) a pipeline that sends with aiohttp."""
    config = client.config
    config.pipeline = AsyncPipeline(
        [
            config.user_agent_policy,
            _Bearer(config.credentials, http),
            RawDeserializer(),
            config.http_logger_policy,
        ],
        _AiohttpSender(http),
    )
    return client
