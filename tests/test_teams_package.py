"""`breedbeeld teams-package`: a zip Teams accepts, checked against the shipped schema."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from PIL import Image

from bot.teams.package import COMMANDS, MANIFEST_VERSION
from dialogs.commands import parse_command

SCHEMAS = Path(__file__).with_name("schemas")
APP_ID = "0b6e5f1c-3c1d-4c7a-9d52-2f1e8a7b6c5d"
BREEDBEELD = [sys.executable, "-m", "bot.cli", "teams-package"]


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


MANIFEST_SCHEMA = schema(f"MicrosoftTeams.v{MANIFEST_VERSION}.schema.json")
LOCALIZATION_SCHEMA = schema(f"MicrosoftTeams.Localization.v{MANIFEST_VERSION}.schema.json")


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    clean.pop("PUBLIC_URL", None)
    return subprocess.run(
        [*BREEDBEELD, *args],
        env={**clean, **env},
        cwd=tmp_path,  # no .env of the developer's is read
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("package")
    result = run(
        folder,
        "--out",
        "teams.zip",
        MicrosoftAppId=APP_ID,
        PUBLIC_URL="https://breedbeeld.gemeente.nl",
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote teams.zip (Teams manifest 1.30" in result.stdout
    return zipfile.ZipFile(folder / "teams.zip")


def manifest_of(package: zipfile.ZipFile) -> dict[str, Any]:
    return json.loads(package.read("manifest.json"))


def test_the_zip_holds_manifest_translation_and_icons(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "en-us.json", "manifest.json", "outline.png"]


def test_manifest_validates_against_the_teams_schema(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    # (No check_schema: Microsoft's schema uses ECMAScript regexes such as \p{L}, which
    # Python's `re` cannot compile; none of them is on a field this manifest uses.)
    errors = [e.message for e in Draft4Validator(MANIFEST_SCHEMA).iter_errors(manifest)]
    assert errors == []
    # draft-04 ignores `const`; check the schema version by hand.
    assert manifest["manifestVersion"] == MANIFEST_SCHEMA["properties"]["manifestVersion"]["const"]
    assert manifest["$schema"].endswith(f"/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json")


def test_the_schema_is_really_in_force() -> None:
    """A manifest with a mistake Teams would refuse is refused here too."""
    broken = {"manifestVersion": MANIFEST_VERSION, "id": "not-a-guid", "bots": "x"}
    errors = list(Draft4Validator(MANIFEST_SCHEMA).iter_errors(broken))
    assert any("is a required property" in e.message for e in errors)
    assert any("does not match" in e.message for e in errors)  # the id is no GUID


def test_bot_id_scopes_and_texts(package: zipfile.ZipFile) -> None:
    manifest = manifest_of(package)
    (bot,) = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert bot["scopes"] == ["team", "groupChat", "personal"]
    assert bot["commandLists"][0]["scopes"] == bot["scopes"]
    assert manifest["validDomains"] == ["breedbeeld.gemeente.nl"]
    assert manifest["developer"]["websiteUrl"] == "https://breedbeeld.gemeente.nl"
    assert manifest["name"]["short"] == "Breedbeeld"
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "nl-nl",
        "additionalLanguages": [{"languageTag": "en-us", "file": "en-us.json"}],
    }


def test_english_translation_validates_and_covers_every_command(package: zipfile.ZipFile) -> None:
    translation = json.loads(package.read("en-us.json"))
    assert [e.message for e in Draft4Validator(LOCALIZATION_SCHEMA).iter_errors(translation)] == []
    commands = manifest_of(package)["bots"][0]["commandLists"][0]["commands"]
    for number in range(len(commands)):
        assert f"bots[0].commandLists[0].commands[{number}].title" in translation
        assert f"bots[0].commandLists[0].commands[{number}].description" in translation
    assert f"bots[0].commandLists[0].commands[{len(commands)}].title" not in translation


@pytest.mark.parametrize(("dutch", "english"), [(c[0], c[2]) for c in COMMANDS])
def test_each_listed_command_is_one_the_bot_understands(dutch: str, english: str) -> None:
    """The command list in Teams offers only words the bot knows, the same in both languages."""
    in_dutch, in_english = parse_command(dutch), parse_command(english)
    assert in_dutch is not None and in_english is not None
    assert in_dutch.command == in_english.command


def test_icons_have_the_sizes_and_colours_teams_requires(package: zipfile.ZipFile) -> None:
    color = Image.open(io.BytesIO(package.read("color.png")))
    assert color.format == "PNG" and color.size == (192, 192)
    assert color.mode == "RGB"  # full colour, no transparency
    outline = Image.open(io.BytesIO(package.read("outline.png")))
    assert outline.format == "PNG" and outline.size == (32, 32)
    assert outline.mode == "RGBA"
    pixels = [outline.getpixel((x, y)) for x in range(32) for y in range(32)]
    # Only white (any opacity) on a transparent background, and both present.
    assert all(p[3] == 0 or p[:3] == (255, 255, 255) for p in pixels)
    assert any(p[3] == 0 for p in pixels) and any(p[3] == 255 for p in pixels)


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({}, (), "MicrosoftAppId is empty. Register the bot in Azure first"),
        ({"MicrosoftAppId": "breedbeeld-bot"}, (), "MicrosoftAppId must be a GUID"),
        ({"MicrosoftAppId": APP_ID}, (), "Set PUBLIC_URL to the https address of the bot"),
        (
            {"MicrosoftAppId": APP_ID},
            ("--website", "http://gemeente.nl"),
            "Teams needs https addresses",
        ),
        (
            {"MicrosoftAppId": APP_ID, "PUBLIC_URL": "https://x.nl"},
            ("--publisher", "Gemeente " + "x" * 40),
            "publisher name must be 1 to 32 characters",
        ),
    ],
)
def test_refuses_without_what_teams_needs(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(tmp_path, "--out", "teams.zip", *args, **env)
    assert result.returncode == 2
    assert result.stderr.startswith("No Teams package written: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "teams.zip").exists()


def test_publisher_pages_can_be_given(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "--out",
        "teams.zip",
        "--publisher",
        "Gemeente Assen",
        "--website",
        "https://www.assen.nl/breedbeeld",
        "--privacy",
        "https://www.assen.nl/privacy",
        MicrosoftAppId=APP_ID,
    )
    assert result.returncode == 0, result.stderr
    manifest = manifest_of(zipfile.ZipFile(tmp_path / "teams.zip"))
    assert manifest["developer"] == {
        "name": "Gemeente Assen",
        "websiteUrl": "https://www.assen.nl/breedbeeld",
        "privacyUrl": "https://www.assen.nl/privacy",
        "termsOfUseUrl": "https://www.assen.nl/breedbeeld",
    }
    assert manifest["validDomains"] == ["www.assen.nl"]
