"""slack-manifest.yml asks for exactly the events and scopes the code uses, no more."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST: dict[str, Any] = yaml.safe_load((ROOT / "slack-manifest.yml").read_text("utf-8"))

# Slack's scopes for each Web API method (per the method's reference page).
METHOD_SCOPES = {
    "chat_postMessage": ("chat:write",),
    "chat_update": ("chat:write",),
    "conversations_open": ("im:write",),
    "users_info": ("users:read",),
    # public and private channels the bot is in (not DMs: those are the person and the bot)
    "conversations_members": ("channels:read", "groups:read"),
    # modals: Slack's reference pages say "no scope required" (the trigger_id is the grant)
    "views_open": (),
    "views_update": (),
}
# Scopes needed to receive each event.
EVENT_SCOPES = {
    "app_mention": ("app_mentions:read",),
    "message.im": ("im:history",),
    "member_joined_channel": ("channels:read", "groups:read"),
}


def web_api_calls() -> set[str]:
    """Every Slack Web API method the bot's code calls on its client."""
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        found |= set(re.findall(r"\._?client\.([a-z]+_[A-Za-z]+)\(", path.read_text("utf-8")))
    return found


def test_scopes_are_exactly_what_the_code_needs() -> None:
    calls = web_api_calls()
    assert calls == set(METHOD_SCOPES), (
        "a new Web API call needs its scope here and in the manifest"
    )
    needed = {s for c in calls for s in METHOD_SCOPES[c]}
    needed |= {s for scopes in EVENT_SCOPES.values() for s in scopes}
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_events_are_the_ones_the_edge_handles() -> None:
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert events == ["app_mention", "message.im", "member_joined_channel"]
    assert set(events) == set(EVENT_SCOPES)
    assert "user_events" not in MANIFEST["settings"]["event_subscriptions"]


def test_requests_and_clicks_go_to_api_slack() -> None:
    settings = MANIFEST["settings"]
    assert settings["event_subscriptions"]["request_url"].endswith("/api/slack")
    assert settings["event_subscriptions"]["request_url"].startswith("https://")
    assert settings["interactivity"] == {
        "is_enabled": True,
        "request_url": settings["event_subscriptions"]["request_url"],
    }
    assert settings["socket_mode_enabled"] is False


def test_display_information_within_slack_limits() -> None:
    info = MANIFEST["display_information"]
    assert info["name"] == "Breedbeeld" and len(info["description"]) <= 140
    assert 174 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-f]{6}", info["background_color"])
    assert MANIFEST["features"]["bot_user"]["display_name"] == "Breedbeeld"
    assert "commands" not in MANIFEST["oauth_config"]["scopes"]["bot"]  # no slash commands
