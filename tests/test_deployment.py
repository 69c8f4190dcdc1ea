"""Deployment files, correct by construction: compose.yaml, Dockerfile, .env.example, README.

There is no Docker engine on the build machines, so the files are checked for what they
must say, and the commands they run (the console script, the healthcheck) are run here.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import AliasChoices

from bot.config import Settings
from tests.test_cli import BREEDBEELD, env_for, free_port

ROOT = Path(__file__).resolve().parent.parent
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text("utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def setting_names() -> list[str]:
    """The environment variable of every setting (the first name it is read under)."""
    names = []
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        assert isinstance(alias, AliasChoices)
        names.append(str(alias.choices[0]))
    return names


def dockerfile_instruction(name: str) -> str:
    """The last instruction `name` of the Dockerfile, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    found = re.findall(rf"^{name}\s+(.*)$", joined, flags=re.MULTILINE)
    assert found, name
    return found[-1].strip()


def test_compose_runs_the_bot_on_postgres() -> None:
    db, bot = COMPOSE["services"]["db"], COMPOSE["services"]["bot"]
    assert db["image"] == "postgres:16"
    assert db["healthcheck"]["test"] == ["CMD-SHELL", "pg_isready -U breedbeeld -d breedbeeld"]
    assert db["volumes"] == ["db-data:/var/lib/postgresql/data"]
    assert "db-data" in COMPOSE["volumes"]
    assert "${POSTGRES_PASSWORD:?" in db["environment"]["POSTGRES_PASSWORD"]
    assert bot["build"] == "."
    assert bot["env_file"] == [".env"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://breedbeeld:")
    assert bot["environment"]["DATABASE_URL"].endswith("@db:5432/breedbeeld")
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert bot["ports"] == ["3978:3978"]
    assert {s["restart"] for s in (db, bot)} == {"unless-stopped"}


def test_env_example_names_every_setting_and_loads_cleanly(tmp_path: Path) -> None:
    example = (ROOT / ".env.example").read_text("utf-8")
    named = set(re.findall(r"^#?\s*([A-Za-z_]+)=", example, flags=re.MULTILINE))
    assert set(setting_names()) <= named
    assert "POSTGRES_PASSWORD" in named  # used by compose.yaml
    (tmp_path / ".env").write_text(example, encoding="utf-8")
    settings = Settings(_env_file=tmp_path / ".env")  # type: ignore[call-arg]
    assert settings.problems() == []
    assert settings.question_bank is None and not settings.slack_enabled


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in setting_names():
        assert f"| `{name}` |" in readme, name


def test_dockerfile_runs_the_console_script_as_a_non_root_user() -> None:
    assert json.loads(dockerfile_instruction("CMD")) == ["breedbeeld", "serve"]
    assert PYPROJECT["project"]["scripts"]["breedbeeld"] == "bot.cli:main"
    assert dockerfile_instruction("USER") == "breedbeeld"
    assert "useradd --create-home --uid 10001 breedbeeld" in DOCKERFILE
    assert DOCKERFILE.count("FROM python:3.13-slim") == 2  # build stage, small run stage
    assert dockerfile_instruction("EXPOSE") == "3978"
    # Every package the project installs is copied into the build stage.
    for package in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]:
        name = package.rstrip("*")
        assert f"COPY {name} ./{name}" in DOCKERFILE


def healthcheck_command() -> list[str]:
    instruction = dockerfile_instruction("HEALTHCHECK")
    command = instruction.split(" CMD ", 1)[1]
    return shlex.split(command)


def test_the_image_healthcheck_asks_healthz_of_the_running_bot(tmp_path: Path) -> None:
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"] and "/healthz" in command[2]
    port = free_port()
    check = [sys.executable, *command[1:]]
    env = env_for(tmp_path, PORT=str(port))
    # Nothing listens yet: unhealthy.
    assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode != 0
    server = subprocess.Popen(
        [*BREEDBEELD, "serve", "--host", "127.0.0.1"], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if json.loads(line).get("event") == "serving":
                break
        assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
