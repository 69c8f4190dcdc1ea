"""Black-box: no command closes an assessment by falling through the dispatch.

A command waiting for "which project?" is kept in the person's memory and run when they
pick one. Whatever command is kept there (one of this version, or one an older version
kept), only `afronden` closes the assessment; one that is not run for a chosen assessment
gets a clear reply and changes nothing.
"""

from __future__ import annotations

import pytest

from bot.storage.user_memory import UserMemory, owner_key
from dialogs.commands import Command
from tests.teams_harness import CHANNEL, TeamsHarness, User

ANNA = User("Anna de Vries")

# Run before an assessment is chosen (dialogs/conversation.py `_command`); kept for
# "which project?" they are answered, not run.
NOT_FOR_A_CHOSEN_ONE = {
    Command.HELP,
    Command.START,
    Command.MY_DATA,
    Command.REVOKE,
    Command.REASSESS,
    Command.LIST,
}


async def pick_with_kept(teams: TeamsHarness, command: str, argument: str = "") -> list[str]:
    """Anna's memory holds `command` for "which project?"; she picks the running one."""
    memory = UserMemory(teams.engine, owner_key("msteams", ANNA.id))
    memory[f"choose:{CHANNEL}"] = {"cmd": command, "arg": argument, "m": [], "out": []}
    memory.save()
    running = teams.components.service.find.running(CHANNEL)
    replies = await teams.submit(ANNA, {"bb": "pick", "a": running.public_id, "lang": "nl"})
    return [r.text or r.card_text() for r in replies]


@pytest.mark.parametrize("command", [c for c in Command if c is not Command.FINISH])
async def test_only_finish_closes(teams: TeamsHarness, command: Command) -> None:
    await teams.say(ANNA, "start Fietspad")
    said = await pick_with_kept(teams, command.value)
    assert teams.components.service.find.running(CHANNEL) is not None, (command, said)
    if command in NOT_FOR_A_CHOSEN_ONE:
        assert said == [
            "Dat begrijp ik niet. Typ **help** voor wat ik kan, of **volgende** "
            "voor je volgende vraag."
        ], said


async def test_finish_kept_for_which_project_closes(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    said = await pick_with_kept(teams, Command.FINISH.value, "ja")
    assert "Anna de Vries heeft **Fietspad** afgerond" in said[0]
    assert teams.components.service.find.running(CHANNEL) is None


async def test_a_command_this_version_does_not_know_changes_nothing(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    said = await pick_with_kept(teams, "archive")
    assert teams.components.service.find.running(CHANNEL) is not None, said
