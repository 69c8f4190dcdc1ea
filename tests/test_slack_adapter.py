"""The Slack sender and inbound translation on their own, and the edge's settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.inbound import mentioned_users, plain_text, submit_from_state
from bot.slack.sender import SlackSender
from dialogs.views import Address, InfoView, TextView
from tests.fake_slack import FakeSlack
from tests.slack_harness import BOT_TOKEN, CHANNEL, SlackHarness, SlackUser, posted
from tests.teams_harness import TeamsHarness

ANNA = SlackUser("Anna de Vries")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack(BOT_TOKEN)
    slack.url = await slack.start()  # type: ignore[attr-defined]
    yield slack
    await slack.close()


def address(thread_ts: str | None = "1700000000.000100") -> Address:
    conversation = f"{CHANNEL};thread_ts={thread_ts}" if thread_ts else CHANNEL
    return Address("slack", "https://slack.com/api/", None, conversation)


async def test_update_goes_to_chat_update(fake: FakeSlack) -> None:
    sender = SlackSender(AsyncWebClient(token=BOT_TOKEN, base_url=fake.url))  # type: ignore[attr-defined]
    sent = await sender.post(address(), sender.render([TextView("Eerste versie")]))
    assert sent
    [changed] = sender.render([InfoView(title="Tweede versie", paragraphs=("nu met **vet**",))])
    await sender.update(address(), sent, changed)
    post, update = fake.calls
    assert (post.method, post.channel, post.thread_ts) == (
        "chat.postMessage",
        CHANNEL,
        "1700000000.000100",
    )
    assert update.method == "chat.update" and update.args["ts"] == sent == post.ts
    assert update.args["channel"] == CHANNEL
    assert update.blocks[0]["text"]["text"] == "Tweede versie"
    assert update.blocks[1]["text"]["text"] == "nu met *vet*"


async def test_plain_text_kept_in_the_outbox_is_sent_escaped(fake: FakeSlack) -> None:
    """A row without Block Kit (as an older outbox kept plain text) is posted as mrkdwn."""
    sender = SlackSender(AsyncWebClient(token=BOT_TOKEN, base_url=fake.url))  # type: ignore[attr-defined]
    text = sender.decode({"type": "message", "text": "**Let op** <!here>"})
    await sender.post(address(thread_ts=None), [text])
    [call] = fake.calls
    assert call.text == "*Let op* &lt;!here&gt;" and call.thread_ts is None and call.blocks == []


def test_slack_messages_survive_the_outbox() -> None:
    sender = SlackSender(AsyncWebClient(token=BOT_TOKEN))
    [message] = sender.render([InfoView(title="Tweede versie", paragraphs=("nu",))])
    assert sender.decode(sender.encode(message)) == message


async def test_rate_limited_posts_wait_as_slack_asks(
    fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def no_real_wait(delay: float, *args: object) -> None:
        waited.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(builtin_async_handlers.asyncio, "sleep", no_real_wait)
    settings = Settings(  # type: ignore[call-arg]
        SLACK_SIGNING_SECRET="s",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=fake.url,  # type: ignore[attr-defined]
    )
    from bot.slack.edge import SlackEdge

    edge = SlackEdge(settings, None, None, None, lambda: None)  # type: ignore[arg-type]
    fake.rate_limited["chat.postMessage"] = 2
    await edge.sender.post(address(), edge.sender.render([TextView("Hallo")]))
    assert [c.method for c in fake.calls] == [
        "chat.postMessage (429)",
        "chat.postMessage (429)",
        "chat.postMessage",
    ]
    assert len(waited) == 2 and all(1 <= w < 2 for w in waited)  # Retry-After: 1


async def test_a_failing_turn_gets_the_kind_reply_in_slack(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack.add_users(ANNA)

    def broken(*args: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(slack.components.conversation, "handle", broken)
    calls = posted(await slack.mention(ANNA, "status"))
    assert calls[0].text.startswith("Er ging bij mij iets mis.")
    assert calls[0].thread_ts is not None  # in the thread, like every reply


async def test_my_data_in_a_direct_message_needs_no_new_chat(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    await slack.direct(ANNA, "start Eigen project")
    calls = await slack.direct(ANNA, "mijn gegevens")
    assert not [c for c in calls if c.method == "conversations.open"]
    assert {c.channel for c in posted(calls)} == {ANNA.dm}
    assert posted(calls)[0].text == "Er zijn geen antwoorden van jou opgeslagen."


def test_slack_text_becomes_plain_text() -> None:
    bots = ["UBOT"]
    assert plain_text("<@UBOT> start Fietspad", bots) == "  start Fietspad"
    assert plain_text("<@UBOT|breedbeeld> help", bots) == "  help"
    assert plain_text("<@UBOT> help", []) == "  help"  # no authorizations: the leading one
    assert plain_text("hoi <!here> en <!subteam^S1|@beleid>", bots) == "hoi @here en @beleid"
    assert plain_text("zie <https://x.nl> en <mailto:a@b.nl|mail>", bots) == (
        "zie https://x.nl en mail"
    )
    assert (
        plain_text("3 &lt; 4 &amp;&amp; <@U2>", bots, {"U2": "Bram"}) == "3 &lt; 4 &amp;&amp; @Bram"
    )
    assert mentioned_users("<@UBOT> mede-eigenaar <@U2> <@U3|c> <@U2>", bots) == ["U2", "U3"]


def test_inputs_are_read_from_state_values() -> None:
    state = {
        "effect": {"effect": {"type": "radio_buttons", "selected_option": {"value": "positive"}}},
        "certainty": {"certainty": {"type": "static_select", "selected_option": None}},
        "choices": {
            "choices": {
                "type": "multi_static_select",
                "selected_options": [{"value": "a"}, {"value": "b"}],
            }
        },
        "explanation": {"explanation": {"type": "plain_text_input", "value": None}},
        "other": {"datepicker": {"type": "datepicker", "selected_date": "2026-01-01"}},
        "weird": "not a block",
    }
    assert submit_from_state(state) == {
        "effect": "positive",
        "certainty": "",
        "choices": "a,b",
        "explanation": "",
    }


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN go together"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN go together"),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxp-user-token"},
            "SLACK_BOT_TOKEN must be the app's bot token (it starts with xoxb-)",
        ),
        ({"SLACK_API_URL": "http://slack.example"}, "SLACK_API_URL must be an https address"),
        ({"PUBLIC_URL": "http://breedbeeld.nl"}, "PUBLIC_URL must start with https://"),
    ],
)
def test_incomplete_slack_settings_are_named(values: dict[str, str], problem: str) -> None:
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]
    assert any(found.startswith(problem) for found in settings.problems())
    assert not settings.slack_enabled or "go together" not in problem


async def test_start_up_says_whether_slack_is_on(
    engine, clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    off = TeamsHarness(engine, clock)
    await off.start()
    await off.stop()
    on = SlackHarness(engine, clock)
    await on.start()
    await on.stop()
    events = [getattr(r, "event", None) for r in caplog.records]
    assert events.index("slack_disabled") < events.index("slack_enabled")
