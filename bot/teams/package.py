"""The Teams app package: manifest, English translation and icons, zipped for upload.

An IT admin runs `breedbeeld teams-package` with the same settings as the bot, and uploads
the zip in Teams (sideload) or in the Teams admin centre. The manifest follows Teams
manifest schema 1.30; the bot id is MicrosoftAppId. The manifest's own texts are Dutch and
`en-us.json` translates them, so Teams shows the app and its command list in the user's
language. The icons are drawn here (Pillow), so the package needs no image files.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from dialogs.messages import text

MANIFEST_VERSION = "1.30"
SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
LOCALIZATION_SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.Localization.schema.json"
)
ACCENT = "#1B6E8A"  # a deep blue-green; white on it has a contrast ratio above 5:1
SCOPES = ["team", "groupChat", "personal"]
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

# The commands Teams suggests after "@Breedbeeld", in this order: the Dutch word and help
# text in the manifest, the English ones at the same position in the translation. The words
# and texts are in the catalogues (teams_app.command.*); see dialogs/commands.py for all
# words the bot knows.
LISTED_COMMANDS = (
    "start",
    "next",
    "skip",
    "status",
    "summary",
    "finish",
    "co_owner",
    "my_data",
    "delete",
    "help",
)
COMMANDS: list[tuple[str, str, str, str]] = [
    (
        text(f"teams_app.command.{command}.title", "nl"),
        text(f"teams_app.command.{command}.description", "nl"),
        text(f"teams_app.command.{command}.title", "en"),
        text(f"teams_app.command.{command}.description", "en"),
    )
    for command in LISTED_COMMANDS
]

# The manifest's texts (Dutch) and the translation's (English), by their manifest path.
_MANIFEST_TEXTS = {
    "name.short": "teams_app.name_short",
    "name.full": "teams_app.name_full",
    "description.short": "teams_app.description_short",
    "description.full": "teams_app.description_full",
}
TEXTS = {
    lang: {name: text(key, lang) for name, key in _MANIFEST_TEXTS.items()} for lang in ("nl", "en")
}


class PackageError(ValueError):
    """The package cannot be built with these settings; the message says what to set."""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the app, as Teams shows it; the URLs must be https."""

    name: str
    website: str
    privacy: str
    terms: str


def publisher_for(
    public_url: str,
    name: str = "Breedbeeld",
    website: str | None = None,
    privacy: str | None = None,
    terms: str | None = None,
) -> Publisher:
    """The publisher details, defaulting the pages to the bot's public address."""
    website = website or public_url
    if not website:
        raise PackageError(
            "Set PUBLIC_URL to the https address of the bot (for example "
            "https://breedbeeld.gemeente.nl), or pass --website with your organisation's page."
        )
    found = Publisher(name, website, privacy or website, terms or website)
    for url in (found.website, found.privacy, found.terms):
        if not url.startswith("https://"):
            raise PackageError(f"Teams needs https addresses; this one is not: {url}")
    if not 0 < len(name) <= 32:
        raise PackageError("The publisher name must be 1 to 32 characters.")
    return found


def check_app_id(app_id: str) -> None:
    """Refuse a package without the bot's Azure app id: Teams could not reach the bot."""
    if not app_id:
        raise PackageError(
            "MicrosoftAppId is empty. Register the bot in Azure first (see the README, "
            "'Install in Teams'), then set MicrosoftAppId to its app (client) id."
        )
    if not _GUID.match(app_id):
        raise PackageError(
            "MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000, "
            f"not {app_id!r}."
        )


def build_manifest(app_id: str, publisher: Publisher, domain: str = "") -> dict[str, Any]:
    """manifest.json for the bot with `app_id` (MicrosoftAppId)."""
    check_app_id(app_id)
    texts = TEXTS["nl"]
    manifest: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version("breedbeeld"),
        "id": app_id,
        "localizationInfo": {
            "defaultLanguageTag": "nl-nl",
            "additionalLanguages": [{"languageTag": "en-us", "file": "en-us.json"}],
        },
        "developer": {
            "name": publisher.name,
            "websiteUrl": publisher.website,
            "privacyUrl": publisher.privacy,
            "termsOfUseUrl": publisher.terms,
        },
        "name": {"short": texts["name.short"], "full": texts["name.full"]},
        "description": {"short": texts["description.short"], "full": texts["description.full"]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": app_id,
                "scopes": SCOPES,
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    {
                        "scopes": SCOPES,
                        "commands": [
                            {"title": nl, "description": nl_help} for nl, nl_help, _, _ in COMMANDS
                        ],
                    }
                ],
            }
        ],
        "validDomains": [domain] if domain else [],
    }
    return manifest


def english_translation() -> dict[str, Any]:
    """en-us.json: the manifest's texts and command list in English."""
    translation: dict[str, Any] = {"$schema": LOCALIZATION_SCHEMA_URL, **TEXTS["en"]}
    for number, (_, _, title, description) in enumerate(COMMANDS):
        translation[f"bots[0].commandLists[0].commands[{number}].title"] = title
        translation[f"bots[0].commandLists[0].commands[{number}].description"] = description
    return translation


def color_icon() -> bytes:
    """192x192 full-colour icon: a wide frame with four bars (the four dimensions)."""
    image = Image.new("RGB", (192, 192), ACCENT)
    _draw_symbol(ImageDraw.Draw(image), scale=192 / 32, colour=(255, 255, 255))
    return _png(image)


def outline_icon() -> bytes:
    """32x32 outline icon: the same symbol in white on a transparent background."""
    image = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    _draw_symbol(ImageDraw.Draw(image), scale=1, colour=(255, 255, 255, 255))
    return _png(image)


def _draw_symbol(draw: ImageDraw.ImageDraw, scale: float, colour: tuple[int, ...]) -> None:
    """Drawn on a 32-unit grid so both sizes show the same picture."""

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * scale), round(y0 * scale), round(x1 * scale), round(y1 * scale))

    draw.rounded_rectangle(
        box(3, 8, 28, 23), radius=round(3 * scale), outline=colour, width=max(1, round(2 * scale))
    )
    for left, top in ((8, 16), (12, 13), (16, 11), (20, 14)):
        draw.rectangle(box(left, top, left + 2, 19), fill=colour)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def domain_of(url: str) -> str:
    """The host name of an address, as Teams wants it in validDomains."""
    return urlsplit(url).hostname or ""


def write_package(
    path: Path, app_id: str, publisher: Publisher, domain: str = ""
) -> dict[str, Any]:
    """Write the zip (manifest.json, en-us.json, color.png, outline.png); returns the manifest."""
    manifest = build_manifest(app_id, publisher, domain)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        package.writestr(
            "en-us.json", json.dumps(english_translation(), ensure_ascii=False, indent=2)
        )
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return manifest
