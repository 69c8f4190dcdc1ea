"""Turning a chat message into a command, in Dutch or English."""

from __future__ import annotations

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


# Punctuation people type after a command word ("volgende!", "help?", "start: ...").
_TRAILING_PUNCTUATION = ".!?:,;"


@dataclass(frozen=True)
class ParsedCommand:
    """A recognised command with the rest of the message as its argument."""

    command: Command
    argument: str
    language: str | None  # "nl"/"en" when the word itself shows the language


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
