"""Turning a chat message into a command, in Dutch or English."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import StrEnum


class Command(StrEnum):
    """What a user can ask the bot to do."""

    START = "start"
    HELP = "help"
    STATUS = "status"
    NEXT = "next"
    SKIP = "skip"
    FINISH = "finish"
    SUMMARY = "summary"
    CO_OWNER = "co_owner"
    DELETE = "delete"
    MY_DATA = "my_data"
    REASSESS = "reassess"
    REVOKE = "revoke"
    PARTICIPANTS = "participants"
    ASSIGN = "assign"
    DEADLINE = "deadline"
    REMIND = "remind"
    PAUSE = "pause"
    RESUME = "resume"
    LIST = "list"
    PARAGRAPH = "paragraph"
    PREVIOUS = "previous"
    CHANGE = "change"


# word -> (command, language the word gives away; None when both languages use it)
_WORDS: dict[str, tuple[Command, str | None]] = {
    "start": (Command.START, None),
    "mede-eigenaar": (Command.CO_OWNER, "nl"),
    "co-owner": (Command.CO_OWNER, "en"),
    "verwijder": (Command.DELETE, "nl"),
    "verwijderen": (Command.DELETE, "nl"),
    "delete": (Command.DELETE, "en"),
    "begin": (Command.START, "nl"),
    "help": (Command.HELP, None),
    "hulp": (Command.HELP, "nl"),
    "?": (Command.HELP, None),
    "status": (Command.STATUS, None),
    "voortgang": (Command.STATUS, "nl"),
    "progress": (Command.STATUS, "en"),
    "volgende": (Command.NEXT, "nl"),
    "next": (Command.NEXT, "en"),
    "overslaan": (Command.SKIP, "nl"),
    "skip": (Command.SKIP, "en"),
    "afronden": (Command.FINISH, "nl"),
    "finish": (Command.FINISH, "en"),
    "samenvatting": (Command.SUMMARY, "nl"),
    "summary": (Command.SUMMARY, "en"),
    "herhaal": (Command.REASSESS, "nl"),
    "herhalen": (Command.REASSESS, "nl"),
    "reassess": (Command.REASSESS, "en"),
    "intrekken": (Command.REVOKE, "nl"),
    "revoke": (Command.REVOKE, "en"),
    "deelnemers": (Command.PARTICIPANTS, "nl"),
    "participants": (Command.PARTICIPANTS, "en"),
    "wijs": (Command.ASSIGN, "nl"),
    "assign": (Command.ASSIGN, "en"),
    "deadline": (Command.DEADLINE, None),
    "herinner": (Command.REMIND, "nl"),
    "remind": (Command.REMIND, "en"),
    "pauze": (Command.PAUSE, "nl"),
    "pauzeer": (Command.PAUSE, "nl"),
    "pause": (Command.PAUSE, "en"),
    "hervat": (Command.RESUME, "nl"),
    "resume": (Command.RESUME, "en"),
    "overzicht": (Command.LIST, "nl"),
    "list": (Command.LIST, "en"),
    "paragraaf": (Command.PARAGRAPH, "nl"),
    "paragraph": (Command.PARAGRAPH, "en"),
    "vorige": (Command.PREVIOUS, "nl"),
    "terug": (Command.PREVIOUS, "nl"),
    "previous": (Command.PREVIOUS, "en"),
    "back": (Command.PREVIOUS, "en"),
    "wijzig": (Command.CHANGE, "nl"),
    "wijzigen": (Command.CHANGE, "nl"),
    "change": (Command.CHANGE, "en"),
}

# `pauze team` / `pause team`: the whole assessment, not only yourself.
TEAM_WORDS = frozenset({"team", "iedereen", "everyone", "all", "alles", "project"})
# `deelnemers iedereen` / `participants everyone`: everyone in the team or channel.
EVERYONE_WORDS = frozenset({"iedereen", "everyone", "team", "all", "alle", "allemaal"})
# `deadline geen` / `deadline none`: remove the deadline and its reminders.
NONE_WORDS = frozenset({"geen", "none", "weg", "off", "uit"})

_ASSIGN = re.compile(r"^(?P<part>.+?)\s+(?:toe\s+aan|aan|to)(?:\s+(?P<rest>.*))?$", re.I | re.S)


def assignment_part(argument: str) -> str | None:
    """The part named in `wijs <part> toe aan @naam` / `assign <part> to @name`, if any."""
    found = _ASSIGN.match(argument.strip())
    return found.group("part").strip() if found else None


_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
# Punctuation people type after a command word ("volgende!", "help?", "start: ...").
_TRAILING_PUNCTUATION = ".!?:,;"


@dataclass(frozen=True)
class ParsedCommand:
    """A recognised command with the rest of the message as its argument."""

    command: Command
    argument: str
    language: str | None  # "nl"/"en" when the word itself shows the language


# A link Teams sends as HTML: its label and address are both kept as text.
_LINK = re.compile(r"<a\b[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
# Tags that only wrap or break a message (Teams sends every message as <p>…</p>); any
# other tag is formatting the user chose (bold, a list, a link), which is not kept.
_PLAIN_TAGS = frozenset({"p", "div", "span", "br", "at"})
_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")


def _link_as_text(match: re.Match[str]) -> str:
    address, label = html.unescape(match.group(1)).strip(), _TAGS.sub("", match.group(2)).strip()
    if not label or html.unescape(label) == address:
        return f" {address} "
    return f" {label} ({address}) "


def has_markup(text: str | None) -> bool:
    """True when the message had formatting (bold, italics, a list, a link) that the
    plain text of `clean_text` does not keep, so the bot can say what it stored."""
    if not text:
        return False
    return any(
        name.lower() not in _PLAIN_TAGS for name in _TAG_NAME.findall(_MENTION.sub(" ", text))
    )


def clean_text(text: str | None) -> str:
    """Strip Teams @mentions, stray HTML and surrounding whitespace from a message.

    A link keeps its label and its address ("verslag (https://…)"): that is what the
    user meant to give.
    """
    if not text:
        return ""
    without_mentions = _MENTION.sub(" ", text)
    without_tags = _TAGS.sub(" ", _LINK.sub(_link_as_text, without_mentions))
    # After removing tags, so that a typed "&lt;b&gt;" stays visible text; &nbsp; becomes
    # U+00A0, which split() treats as whitespace.
    return " ".join(html.unescape(without_tags).split())


# Commands of two words, matched before single words.
_PHRASES: dict[tuple[str, str], tuple[Command, str | None]] = {
    ("mijn", "gegevens"): (Command.MY_DATA, "nl"),
    ("my", "data"): (Command.MY_DATA, "en"),
}


def parse_command(text: str) -> ParsedCommand | None:
    """The command the message starts with, or None when it is not a command."""
    words = text.split(None, 2)
    if len(words) >= 2:
        phrase = (words[0].lower(), words[1].lower().rstrip(_TRAILING_PUNCTUATION))
        if phrase in _PHRASES:
            command, language = _PHRASES[phrase]
            return ParsedCommand(command, words[2].strip() if len(words) > 2 else "", language)
    parts = text.split(None, 1)
    if not parts:
        return None
    first = parts[0].lower()
    found = _WORDS.get(first) or _WORDS.get(first.rstrip(_TRAILING_PUNCTUATION))
    if found is None:
        return None
    command, language = found
    rest = parts[1] if len(parts) > 1 else ""
    return ParsedCommand(command, rest.strip(), language)


def language_of(parsed_language: str | None, remembered: str | None, locale: str | None) -> str:
    """Pick the reply language: the word typed, then what we remember, then the locale."""
    if parsed_language:
        return parsed_language
    if remembered in ("nl", "en"):
        return remembered
    if locale and locale.lower().startswith("en"):
        return "en"
    return "nl"
