"""The CloudAdapter, with one fix to the SDK: its outgoing API clients are reused.

Why: for every incoming activity botbuilder 4.17.1 builds a new `ConnectorClient` (to send
the replies) and a new `TokenApiClient` (for the user token client), even when the bot
never signs anyone in. Each one builds an msrest `Configuration`, whose `ClientRetryPolicy`
computes its list of status codes with `i not in <list of 501 codes>` for 999 codes: about
3.5 ms of CPU, so some 7 ms per turn, most of what a bare echo bot costs (profile in
docs/PERFORMANCE.md). A fresh client also means a fresh `requests.Session` (no HTTP
keep-alive to the connector) and fresh app credentials (with an app id: an MSAL app that
has not cached the token of the previous turn).

Second, msrest serializes an Adaptive Card (a plain dict) node by node, and for every dict
and list scans its ~80 known models (`type in dependencies.values()`): about 0.5 ms per
card message, to return a copy of its input. The reused clients get a serializer that
passes plain JSON through as it is.

A client holds nothing that belongs to one turn: the token is taken per request from the
credentials' MSAL cache, and msrest keeps its requests session per thread. So one client
per (app id, service URL, audience), and one user token client per app id, serve every
turn; both caches are bounded. The benchmark's echo bot uses this same adapter, so the
ratio ours/echo measures what Breedbeeld itself costs.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    ServiceClientCredentialsFactory,
    UserTokenClient,
)
from msrest import Serializer

from bot.config import Settings
from bot.rendering.adaptive_cards import RenderedCard
from bot.teams.authentication import FailClosedAuthentication
from bot.teams.connector_http import ConnectorHttp, send_with_aiohttp
from bot.teams.invoke_response import InvokeBodyAdapter
from bot.teams.sdk_cycles import break_sdk_cycles

MAX_CACHED_CLIENTS = 64  # service URLs are per region and channel: a handful in practice

Key = TypeVar("Key")
Client = TypeVar("Client")


class SdkConfiguration:
    """The attribute names that botbuilder's ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id
        self.APP_PASSWORD = settings.microsoft_app_password
        # Local mode needs "MultiTenant": it is the only type the SDK lets run without an id.
        self.APP_TYPE = settings.microsoft_app_type if settings.microsoft_app_id else "MultiTenant"
        self.APP_TENANTID = settings.microsoft_app_tenant_id
        if settings.bot_openid_metadata_url:
            # Naming one endpoint switches the SDK to its "parameterized" authentication,
            # which then needs all of them: the public cloud's values, except the key URL.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.bot_openid_metadata_url
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = (
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
            )
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = (
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            )
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = (
                AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            )
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = (
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            )
            self.CALLER_ID = CallerIdConstants.public_azure_channel


class _Bounded(Generic[Key, Client]):
    """A small least-recently-used cache, so a stream of odd service URLs cannot grow it."""

    def __init__(self) -> None:
        self._items: OrderedDict[Key, Client] = OrderedDict()

    def get(self, key: Key) -> Client | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: Key, item: Client) -> None:
        self._items[key] = item
        if len(self._items) > MAX_CACHED_CLIENTS:
            self._items.popitem(last=False)


_ConnectorKey = tuple[str | None, str, str | None]
_JSON_SCALARS = (str, int, float, bool, type(None))


def _is_plain_json(value: object) -> bool:
    """True for what json.loads returns: dicts with str keys, lists, and scalars."""
    kind = type(value)
    if kind is dict:
        return all(
            type(k) is str and _is_plain_json(v)
            for k, v in value.items()  # type: ignore[attr-defined]
        )
    if kind is list:
        return all(_is_plain_json(v) for v in value)  # type: ignore[attr-defined]
    return kind in _JSON_SCALARS


class _JsonPassingSerializer(Serializer):  # type: ignore[misc]
    """msrest's serializer, except that plain JSON (a card) goes through unchanged."""

    def serialize_object(self, attr: Any, **kwargs: Any) -> Any:
        """Plain JSON as it is; anything else the way msrest does it."""
        if isinstance(attr, RenderedCard):  # plain JSON by construction: no need to walk it
            return attr
        if type(attr) in (dict, list) and _is_plain_json(attr):
            return attr
        return super().serialize_object(attr, **kwargs)


def _pass_plain_json(client: ConnectorClient) -> ConnectorClient:
    """Give the client and its operation groups the JSON-passing serializer."""
    serializer = _JsonPassingSerializer(client._serialize.dependencies)
    client._serialize = serializer
    client.conversations._serialize = serializer
    client.attachments._serialize = serializer
    return client


def _app_id(claims_identity: ClaimsIdentity) -> str | None:
    """The bot's app id in the claims, found the way the SDK finds it."""
    return claims_identity.get_claim_value(
        AuthenticationConstants.AUDIENCE_CLAIM
    ) or claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)


class _ReusingConnectorFactory(ConnectorFactory):
    """Hands out the cached client for a service URL, creating it once through the SDK."""

    def __init__(
        self,
        inner: ConnectorFactory,
        app_id: str | None,
        clients: _Bounded[_ConnectorKey, ConnectorClient],
        http: ConnectorHttp,
    ) -> None:
        self._inner = inner
        self._app_id = app_id
        self._clients = clients
        self._http = http

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        """The client for this service URL and audience."""
        key = (self._app_id, service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = _pass_plain_json(await self._inner.create(service_url, audience))  # type: ignore[arg-type]
            send_with_aiohttp(client, self._http)  # not msrest's blocking requests
            self._clients.put(key, client)
        return client


class ReusingBotFrameworkAuthentication(FailClosedAuthentication):
    """Our authentication (fails closed), with the SDK's API clients reused."""

    def __init__(
        self,
        configuration: Any,
        *,
        credentials_factory: ServiceClientCredentialsFactory | None = None,
        http: ConnectorHttp | None = None,
    ) -> None:
        super().__init__(configuration, credentials_factory=credentials_factory)
        self.http = http or ConnectorHttp()
        self._connectors: _Bounded[_ConnectorKey, ConnectorClient] = _Bounded()
        self._token_clients: _Bounded[str | None, UserTokenClient] = _Bounded()

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        """The SDK's authentication; the factory it hands out reuses clients."""
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _ReusingConnectorFactory(
                result.connector_factory,
                _app_id(result.claims_identity),
                self._connectors,
                self.http,
            )
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        """The SDK's factory for proactive messages, behind the same cache."""
        inner = super().create_connector_factory(claims_identity)
        return _ReusingConnectorFactory(
            inner, _app_id(claims_identity), self._connectors, self.http
        )

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        """One user token client per app id instead of one per turn."""
        app_id = _app_id(claims_identity)
        client = self._token_clients.get(app_id)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            self._token_clients.put(app_id, client)
        return client


def create_adapter(
    settings: Settings,
    *,
    reuse_clients: bool = True,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
    http: ConnectorHttp | None = None,
) -> CloudAdapter:
    """The CloudAdapter for these settings; `reuse_clients=False` is the SDK as shipped.

    With the fixes, the SDK's per-turn reference cycles are broken too (bot/teams/sdk_cycles.py),
    and the connector clients send with aiohttp (`http`, bot/teams/connector_http.py).
    """
    if reuse_clients:
        break_sdk_cycles()
    configuration = SdkConfiguration(settings)
    auth = (
        ReusingBotFrameworkAuthentication(
            configuration, credentials_factory=credentials_factory, http=http
        )
        if reuse_clients
        else ConfigurationBotFrameworkAuthentication(
            configuration, credentials_factory=credentials_factory
        )
    )
    # Invoke responses with a body (cards moving on in place, dialogs) need the one fix in
    # bot/teams/invoke_response.py; the SDK as shipped answers them with HTTP 500.
    return InvokeBodyAdapter(auth) if reuse_clients else CloudAdapter(auth)
