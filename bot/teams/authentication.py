"""Bot Framework request authentication that fails closed with 401, never with 500.

SDK defect (botbuilder 4.17.1, confirmed by tests/test_authentication.py): with an app id
set, a missing Authorization header raises AttributeError ('NoneType' has no 'claims'),
a malformed bearer token raises PyJWT's DecodeError and an unknown key id an IndexError.
CloudAdapter only turns PermissionError into 401, so these surfaced as 500. This wrapper is
the one place that maps every failure to validate a request into PermissionError.
"""

from __future__ import annotations

import logging

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult

log = logging.getLogger(__name__)


class FailClosedAuthentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's configuration-based authentication, with every validation error a 401."""

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        """Validate the request's token; raise PermissionError on any failure."""
        try:
            return await super().authenticate_request(activity, auth_header)
        except PermissionError:
            log.info("request refused: invalid token", extra={"event": "auth_refused"})
            raise
        except Exception as error:  # malformed token, unknown key, ...: not authenticated
            log.info(
                "request refused: token could not be validated",
                extra={"event": "auth_refused", "reason": type(error).__name__},
            )
            raise PermissionError("token could not be validated") from error
