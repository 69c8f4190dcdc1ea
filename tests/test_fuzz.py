"""Property-based fuzzing of /api/messages: 1,000 generated activities, valid to garbage.

Whatever arrives: never a 5xx, never a stack trace in a reply, and another conversation's
assessment and answers stay exactly as they were.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.loader import load_bank
from tests.teams_harness import TeamsHarness, User

PROTECTED = "19:protected@thread.tacv2"
FUZZED = ("19:fuzz@thread.tacv2", "19:fuzz@thread.tacv2;messageid=1", "a:1personal", "")
QUESTION_IDS = [q.id for q in load_bank().questions]
WORDS = [
    "start",
    "volgende",
    "next",
    "overslaan",
    "status",
    "afronden",
    "finish",
    "samenvatting",
    "verwijder",
    "verwijder ja",
    "mijn gegevens",
    "mede-eigenaar",
    "help",
    "1",
    "2 want",
    "weet niet",
    "7",
    "<at>Breedbeeld</at>",
    "<script>x</script>",
    "**vet**",
    "<!channel>",
    "\u0000",
    "é" * 50,
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def activities(draw: st.DrawFn, service_url: str, public_ids: list[str]) -> Any:
    """An activity: valid, near-valid (wrong types, missing parts) or plain garbage."""
    kind = draw(st.sampled_from(["valid", "valid", "near", "garbage"]))
    if kind == "garbage":
        return draw(json_values)
    user = draw(st.sampled_from(["Anna", "Bram", "Mallory"]))
    activity: dict[str, Any] = {
        "type": draw(
            st.sampled_from(
                [
                    "message",
                    "message",
                    "message",
                    "typing",
                    "invoke",
                    "conversationUpdate",
                    "event",
                    "x",
                ]
            )
        ),
        "id": draw(st.text(min_size=1, max_size=12)),
        # A bad serviceUrl that fails at once: the fake connector answers 404 there.
        "serviceUrl": draw(
            st.sampled_from([service_url, service_url, "", "not a url", service_url + "missing/"])
        ),
        "channelId": draw(st.sampled_from(["msteams", "msteams", "slack", "", "webchat"])),
        "from": {"id": f"29:{user}", "name": user, "aadObjectId": f"aad-{user}"},
        "conversation": {"id": draw(st.sampled_from(FUZZED)), "conversationType": "channel"},
        "recipient": {"id": "28:bot", "name": "Breedbeeld"},
        "locale": draw(st.sampled_from(["nl-NL", "en-US", "", "xx"])),
    }
    if draw(st.booleans()):
        activity["text"] = draw(
            st.one_of(
                st.builds(lambda w, t: f"{w} {t}", st.sampled_from(WORDS), st.text(max_size=40)),
                st.text(max_size=200),
                st.just("x" * 13_000),
            )
        )
    if draw(st.booleans()):
        activity["value"] = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "bb": st.sampled_from(
                            [
                                "answer",
                                "skip",
                                "next",
                                "status",
                                "summary",
                                "delete_confirm",
                                "delete_cancel",
                                "x",
                            ]
                        ),
                        "a": st.sampled_from([*public_ids, "0" * 32, ""]),
                        "q": st.sampled_from([*QUESTION_IDS[:8], "nu.bestaat_niet", ""]),
                    },
                    optional={
                        "effect": st.sampled_from(["positive", "unknown", "heel goed", ""]),
                        "certainty": st.sampled_from(["certain", "zeker", ""]),
                        "explanation": st.text(max_size=50) | st.just("y" * 2_500),
                        "text": st.text(max_size=50),
                        "choices": st.text(max_size=20),
                        "lang": st.sampled_from(["nl", "en", "de"]),
                    },
                ),
                json_values,
            )
        )
    if kind == "near":
        broken = draw(
            st.sampled_from(["from", "conversation", "recipient", "id", "type", "channelId"])
        )
        activity[broken] = draw(st.sampled_from([None, 42, "text", [], {}]))
    return activity


def snapshot(teams: TeamsHarness) -> tuple[Any, ...]:
    service = teams.components.service
    assessment = service.find.latest(PROTECTED)
    assert assessment is not None
    return (
        assessment.status,
        assessment.project_name,
        sorted(
            (a.question_id, a.author_id, str(a.effect), a.explanation)
            for a in service.find.answers(assessment)
        ),
        [p.user_id for p in service.find.participants(assessment)],
    )


async def test_fuzzed_activities_never_break_the_bot(teams: TeamsHarness) -> None:
    anna = User("Anna")
    await teams.say(anna, "start Beschermd project", conversation=PROTECTED)
    protected = teams.components.service.find.running(PROTECTED)
    await teams.submit(
        anna,
        {
            "bb": "answer",
            "a": protected.public_id,
            "q": "nu.gezondheid",
            "effect": "positive",
            "explanation": "blijft staan",
        },
        conversation=PROTECTED,
    )
    await teams.say(anna, "start Fuzz", conversation=FUZZED[0])
    fuzz_id = teams.components.service.find.running(FUZZED[0]).public_id
    before = snapshot(teams)

    generated: list[Any] = []

    # Hypothesis draws the activities (deterministically); posting them is async, so it
    # happens after the draw. A failure names the activity that caused it.
    @settings(
        max_examples=1000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(activities(teams.service_url, [protected.public_id, fuzz_id]))
    def draw(activity: Any) -> None:
        generated.append(activity)

    draw()
    assert len(generated) == 1000
    kinds = {type(a).__name__ for a in generated}
    assert {"dict", "list"} <= kinds  # garbage as well as activities

    for activity in generated:
        first_call = len(teams.connector.calls)
        response = await teams.client.post("/api/messages", json=activity)
        body = await response.text()
        assert response.status < 500, (response.status, activity)
        assert "Traceback" not in body
        for call in teams.connector.calls[first_call:]:
            shown = call.text + call.card_text()
            assert "Traceback" not in shown and 'File "' not in shown, shown
    assert snapshot(teams) == before
