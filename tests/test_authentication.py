"""With MicrosoftAppId set, /api/messages only accepts valid Bot Framework tokens.

A local OpenID endpoint (in a thread: the SDK fetches keys with blocking `requests`) serves
a test RSA key, so a token signed with it is genuinely valid and everything else is not.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from botframework.connector.auth import MicrosoftAppCredentials, ServiceClientCredentialsFactory
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy.engine import Engine

from tests.teams_harness import CHANNEL, TeamsHarness, User

APP_ID = "11111111-2222-3333-4444-555555555555"
KEY_ID = "test-key-1"
ANNA = User("Anna de Vries")


class OpenIdServer:
    """Serves /.well-known/openid-configuration and /keys with one test key."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KEY_ID, "endorsements": ["msteams"]})
        keys = json.dumps({"keys": [jwk]}).encode()
        server_ref = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.endswith("openid-configuration"):
                    body = json.dumps(
                        {
                            "issuer": "https://api.botframework.com",
                            "jwks_uri": f"{server_ref.url}/keys",
                        }
                    ).encode()
                else:
                    body = keys
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def token(self, service_url: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": "https://api.botframework.com",
            "aud": APP_ID,
            "serviceurl": service_url,
            "nbf": now - 60,
            "exp": now + 3600,
            "jti": str(uuid.uuid4()),
        } | overrides
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class NoOutgoingAuth(ServiceClientCredentialsFactory):
    """Valid for our app id, but replies go to the fake connector without an AAD token
    (the real factory would call login.microsoftonline.com, which tests cannot reach)."""

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == APP_ID

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(self, app_id: str, *_: Any, **__: Any) -> MicrosoftAppCredentials:
        return MicrosoftAppCredentials.empty()


@pytest.fixture
def openid() -> Iterator[OpenIdServer]:
    server = OpenIdServer()
    yield server
    server.close()


@pytest.fixture
async def secured(engine: Engine, clock, openid: OpenIdServer) -> AsyncIterator[TeamsHarness]:
    harness = TeamsHarness(
        engine,
        clock,
        settings={
            "MicrosoftAppId": APP_ID,
            "MicrosoftAppPassword": "not-used",
            "MicrosoftAppType": "MultiTenant",
            "BOT_OPENID_METADATA_URL": openid.metadata_url,
        },
        credentials_factory=NoOutgoingAuth(),
    )
    await harness.start()
    yield harness
    await harness.stop()


async def post_with(teams: TeamsHarness, authorization: str | None) -> int:
    activity = teams.activity(ANNA, text="<at>Breedbeeld</at> start Fietspad")
    headers = {"Authorization": authorization} if authorization else {}
    response = await teams.client.post("/api/messages", json=activity, headers=headers)
    await response.read()
    return response.status


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer garbage",
        "Bearer eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln",
        "Basic dXNlcjpwYXNz",
    ],
)
async def test_missing_or_malformed_token_is_refused(secured: TeamsHarness, authorization) -> None:
    assert await post_with(secured, authorization) == 401
    assert secured.connector.calls == []
    assert secured.components.service.find.latest(CHANNEL) is None


async def test_token_signed_by_another_key_is_refused(secured: TeamsHarness) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {
            "iss": "https://api.botframework.com",
            "aud": APP_ID,
            "serviceurl": secured.service_url,
            "exp": int(time.time()) + 600,
        },
        other,
        algorithm="RS256",
        headers={"kid": KEY_ID},
    )
    assert await post_with(secured, f"Bearer {forged}") == 401
    unknown_key = jwt.encode(
        {"iss": "https://api.botframework.com", "aud": APP_ID},
        other,
        algorithm="RS256",
        headers={"kid": "other-key"},
    )
    assert await post_with(secured, f"Bearer {unknown_key}") == 401
    assert secured.components.service.find.latest(CHANNEL) is None


async def test_expired_or_wrong_audience_token_is_refused(
    secured: TeamsHarness, openid: OpenIdServer
) -> None:
    expired = openid.token(secured.service_url, exp=int(time.time()) - 3600)
    assert await post_with(secured, f"Bearer {expired}") == 401
    other_bot = openid.token(secured.service_url, aud="another-bot")
    assert await post_with(secured, f"Bearer {other_bot}") == 401
    other_url = openid.token("https://evil.example/")
    assert await post_with(secured, f"Bearer {other_url}") == 401
    assert secured.components.service.find.latest(CHANNEL) is None


async def test_valid_token_is_accepted(secured: TeamsHarness, openid: OpenIdServer) -> None:
    status = await post_with(secured, f"Bearer {openid.token(secured.service_url)}")
    assert status in (200, 201)
    assert secured.components.service.find.running(CHANNEL).project_name == "Fietspad"
    assert "Nieuw project: Fietspad" in secured.connector.calls[-1].card_text()
