"""The console script itself: serve starts and answers /healthz, chat talks, a broken bank stops."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

BREEDBEELD = [sys.executable, "-m", "bot.cli"]


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'bb.db'}", **extra})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_and_answers_healthz(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*BREEDBEELD, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env_for(tmp_path),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        events = []
        for line in process.stderr:  # JSON log lines; "serving" once the port accepts
            events.append(json.loads(line).get("event"))
            if events[-1] == "serving":
                break
        assert "local_mode" in events
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            body = json.loads(response.read())
        assert body == {"status": "ok", "bank": "2026.2", "outbox": 0}
        assert (tmp_path / "bb.db").exists()  # created on first start
        process.terminate()  # SIGTERM: a clean stop, as `docker stop` does
        assert process.wait(timeout=10) == 0
        assert "stopping" in process.stderr.read()
    finally:
        process.kill()
        process.wait(timeout=10)


def test_chat_in_the_terminal(tmp_path: Path) -> None:
    typed = "start Fietspad\nvolgende\nEen fietspad langs het kanaal\n/as Bram\nstatus\n/stop\n"
    result = subprocess.run(
        [*BREEDBEELD, "chat", "--as", "Anna"],
        input=typed,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "NIEUW PROJECT: FIETSPAD" in result.stdout
    assert "Fietspad · vraag 1 van 35" in result.stdout
    assert "Opgeslagen: Wat gaat het project doen?" in result.stdout
    # Bram asked for the status: Anna's answer (a question for the whole team) is counted.
    assert "Het team gaf 1 van de 35 antwoorden." in result.stdout
    assert "Intake: 1/6" in result.stdout


def test_a_second_chat_start_loads_only_what_the_terminal_needs(tmp_path: Path) -> None:
    """A quick start (issue 18: under 2 s): the terminal needs no channel SDK, no HTTP
    (aiohttp), no Word writer until a paragraph is asked for, and no Alembic once the
    database schema is current."""

    def imported_by_a_chat() -> set[str]:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "bot.cli", "chat"],
            input="help\n/stop\n",
            env=env_for(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "ZO WERKT BREEDBEELD" in result.stdout
        return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}

    first, second = imported_by_a_chat(), imported_by_a_chat()
    assert "dialogs.conversation" in second  # the reader sees the imports
    assert "alembic" in first  # a new database is migrated
    heavy = ("botbuilder", "slack_sdk", "msrest", "aiohttp", "alembic", "docx")
    assert {name for name in second if name.split(".")[0] in heavy} == set()


def test_broken_bank_stops_start_up_naming_file_and_question(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        'version: "1"\nsections:\n  - id: nu\n    title: {nl: "Nu", en: "Now"}\n'
        '    intro: {nl: "a", en: "b"}\n    questions:\n      - id: nu.test\n'
        '        type: slider\n        text: {nl: "Vraag", en: "Question"}\n'
        '        help: {nl: "Hulp", en: "Help"}\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [*BREEDBEELD, "serve"],
        env=env_for(tmp_path, QUESTION_BANK=str(bank)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "bank.yaml" in result.stderr and '"nu.test"' in result.stderr
    assert "slider" in result.stderr
    assert "Traceback" not in result.stderr


def test_incomplete_azure_settings_are_named(tmp_path: Path) -> None:
    env = env_for(tmp_path, MicrosoftAppId="11111111-2222-3333-4444-555555555555")
    result = subprocess.run(
        [*BREEDBEELD, "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "MicrosoftAppPassword is required" in result.stderr
    assert "MicrosoftAppTenantId is required for SingleTenant" in result.stderr


def test_an_empty_database_url_means_the_default_sqlite_file(tmp_path: Path) -> None:
    """`DATABASE_URL=` as a copied .env leaves it: the default, not a traceback."""
    result = subprocess.run(
        [*BREEDBEELD, "chat"],
        input="/stop\n",
        env=env_for(tmp_path, DATABASE_URL=""),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "breedbeeld.db").exists()


def test_a_database_url_that_is_no_address_is_named_not_a_traceback(tmp_path: Path) -> None:
    for command in ("chat", "serve"):
        result = subprocess.run(
            [*BREEDBEELD, command],
            input="/stop\n",
            env=env_for(tmp_path, DATABASE_URL="breedbeeld-database"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert "DATABASE_URL is not a database address" in result.stderr
        assert "Traceback" not in result.stderr
