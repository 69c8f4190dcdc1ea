"""Who a Slack user is (display name, language), looked up once and remembered briefly.

Slack events carry only a user id. The summary and the progress list show names, and the
reply language may follow the user's Slack language, so the edge asks `users.info`
(scope users:read). A small bounded cache keeps that to one call per user per hour; a
failed lookup falls back to the user id and is not cached, so the next turn tries again.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

CACHE_SIZE = 512
CACHE_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class SlackPerson:
    """What the bot needs to know about a Slack user."""

    user_id: str
    name: str
    locale: str | None = None


class SlackDirectory:
    """users.info with a bounded, time-limited cache."""

    def __init__(
        self,
        client: AsyncWebClient,
        clock: Callable[[], datetime],
        size: int = CACHE_SIZE,
    ) -> None:
        self._client = client
        self._clock = clock
        self._size = size
        self._cache: OrderedDict[str, tuple[SlackPerson, datetime]] = OrderedDict()

    async def person(self, user_id: str) -> SlackPerson:
        """The user's display name and locale; the user id as name if Slack won't say."""
        now = self._clock()
        cached = self._cache.get(user_id)
        if cached is not None and now - cached[1] < CACHE_FOR:
            self._cache.move_to_end(user_id)
            return cached[0]
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except (SlackApiError, ClientError, TimeoutError) as failed:
            log.warning(
                "slack user lookup failed",
                extra={"event": "slack_user_lookup_failed", "reason": type(failed).__name__},
            )
            return SlackPerson(user_id, user_id)
        person = _person(user_id, response.get("user") or {})
        self._cache[user_id] = (person, now)
        self._cache.move_to_end(user_id)
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return person


def _person(user_id: str, user: dict[str, object]) -> SlackPerson:
    profile = user.get("profile")
    profile = profile if isinstance(profile, dict) else {}
    candidates = (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    )
    name = next((c.strip() for c in candidates if isinstance(c, str) and c.strip()), user_id)
    locale = user.get("locale")
    return SlackPerson(user_id, name[:200], locale if isinstance(locale, str) else None)
