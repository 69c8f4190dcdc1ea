"""The SDK builds its API clients anew for every turn; our adapter builds them once."""

from __future__ import annotations

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from msrest.universal_http import requests as msrest_requests

from bot.config import Settings
from bot.teams.connector import create_adapter
from tests.teams_harness import TeamsHarness, User

ANNA = User("Anna de Vries")


async def retry_policies_built(
    teams: TeamsHarness, monkeypatch: pytest.MonkeyPatch, *, reuse: bool, turns: int
) -> int:
    """How many msrest retry policies (the costly part of a client) `turns` turns build."""
    adapter = create_adapter(Settings(DATABASE_URL="sqlite://"), reuse_clients=reuse)

    async def reply(turn_context: TurnContext) -> None:
        await turn_context.send_activity("ok")

    async def turn() -> None:
        activity = Activity().deserialize(teams.activity(ANNA, text="hallo"))
        await adapter.process_activity("", activity, reply)

    await turn()  # the first turn builds what is reused afterwards
    built = []
    original = msrest_requests.ClientRetryPolicy.__init__

    def counting(self: object) -> None:
        built.append(self)
        original(self)  # type: ignore[arg-type]

    monkeypatch.setattr(msrest_requests.ClientRetryPolicy, "__init__", counting)
    for _ in range(turns):
        await turn()
    monkeypatch.undo()
    assert len([c for c in teams.connector.calls if c.text == "ok"]) == turns + 1
    return len(built)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_stock_sdk_builds_two_clients_per_turn(teams, monkeypatch) -> None:
    # The defect the fix is for: a connector client and a token client, every turn.
    assert await retry_policies_built(teams, monkeypatch, reuse=False, turns=3) == 6


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
async def test_our_adapter_reuses_the_clients(teams, monkeypatch) -> None:
    assert await retry_policies_built(teams, monkeypatch, reuse=True, turns=3) == 0


def test_a_rendered_card_is_shared_by_copies_and_sent_unwalked(monkeypatch) -> None:
    """The SDK deep-copies each outgoing activity and msrest walks its content; a rendered
    card is plain JSON by construction and never changed, so neither is needed."""
    import copy

    import bot.teams.connector
    from bot.rendering.adaptive_cards import render_card
    from bot.teams.connector import _JsonPassingSerializer
    from dialogs.views import InfoView

    card = render_card(InfoView(title="Fietspad", paragraphs=("Welkom",)))
    assert card is not None
    activity = Activity(type="message", attachments=[{"content": card}])
    copied = copy.deepcopy(activity)
    assert copied.attachments[0]["content"] is card and copied is not activity
    walked = []
    monkeypatch.setattr(bot.teams.connector, "_is_plain_json", lambda value: walked.append(value))
    serializer = _JsonPassingSerializer({})
    assert serializer.serialize_object(card) is card
    assert walked == []
    assert serializer.serialize_object({"plain": "dict"}) == {"plain": "dict"}
    assert len(walked) == 1  # any other dict is still checked before it passes
