"""Logs hold ids and event names, never what people answered or wrote."""

from __future__ import annotations

import logging

import pytest

from bot.runtime.logs import JsonFormatter
from tests.teams_harness import CHANNEL, TeamsHarness, User

SECRET_EXPLANATION = "geheime-uitleg-7f3a"
SECRET_TEXT = "vertrouwelijk-streefbeeld-91c2"
SECRET_PROJECT_WORD = "Projectnaam-c0de"


async def test_no_answer_text_in_any_log_line(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna = User("Anna de Vries")
    await teams.say(anna, f"start {SECRET_PROJECT_WORD}")
    public_id = teams.components.service.find.running(CHANNEL).public_id
    await teams.submit(
        anna,
        {
            "bb": "answer",
            "a": public_id,
            "q": "nu.gezondheid",
            "effect": "positive",
            "explanation": SECRET_EXPLANATION,
        },
    )
    await teams.submit(
        anna, {"bb": "answer", "a": public_id, "q": "intake.streefbeeld", "text": SECRET_TEXT}
    )
    await teams.submit(
        anna,
        {
            "bb": "answer",
            "a": public_id,
            "q": "nu.milieu",
            "effect": "positive",
            "explanation": SECRET_EXPLANATION * 300,
        },
    )
    await teams.say(anna, "afronden")
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    events = " ".join(lines)
    assert '"event": "answer_saved"' in events  # the log does record that it happened
    for secret in (SECRET_EXPLANATION, SECRET_TEXT, SECRET_PROJECT_WORD):
        assert secret not in events, secret
