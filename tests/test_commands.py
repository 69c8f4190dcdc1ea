"""Tests for dialogs.commands: command words, message cleaning and the reply language."""

from __future__ import annotations

import pytest

from bot.teams.markup import clean_text
from dialogs.commands import Command, ParsedCommand, language_of, parse_command

# Every command word, the command it means and the language it gives away.
WORDS: list[tuple[str, Command, str | None]] = [
    ("start", Command.START, None),
    ("begin", Command.START, "nl"),
    ("help", Command.HELP, None),
    ("hulp", Command.HELP, "nl"),
    ("?", Command.HELP, None),
    ("status", Command.STATUS, None),
    ("voortgang", Command.STATUS, "nl"),
    ("progress", Command.STATUS, "en"),
    ("volgende", Command.NEXT, "nl"),
    ("next", Command.NEXT, "en"),
    ("overslaan", Command.SKIP, "nl"),
    ("skip", Command.SKIP, "en"),
    ("afronden", Command.FINISH, "nl"),
    ("finish", Command.FINISH, "en"),
    ("samenvatting", Command.SUMMARY, "nl"),
    ("summary", Command.SUMMARY, "en"),
]
LETTER_WORDS = [w for w in WORDS if w[0] != "?"]


# -- parse_command -------------------------------------------------------------------


@pytest.mark.parametrize(("word", "command", "language"), WORDS)
def test_every_command_word_is_recognised(
    word: str, command: Command, language: str | None
) -> None:
    assert parse_command(word) == ParsedCommand(command, "", language)


@pytest.mark.parametrize(("word", "command", "language"), LETTER_WORDS)
@pytest.mark.parametrize("case", [str.upper, str.capitalize])
def test_command_words_ignore_case(word: str, command: Command, language: str | None, case) -> None:
    assert parse_command(case(word)) == ParsedCommand(command, "", language)


@pytest.mark.parametrize(("word", "command", "language"), LETTER_WORDS)
@pytest.mark.parametrize("mark", [".", "!", "?", ":", ",", "!!", "..."])
def test_trailing_punctuation_is_ignored(
    word: str, command: Command, language: str | None, mark: str
) -> None:
    assert parse_command(word + mark) == ParsedCommand(command, "", language)


def test_question_mark_alone_is_help() -> None:
    assert parse_command("?") == ParsedCommand(Command.HELP, "", None)
    assert parse_command("??") is None


def test_start_keeps_the_argument_as_typed_without_outer_spaces() -> None:
    parsed = parse_command("start Fietspad  Assen-Zuid")
    assert parsed == ParsedCommand(Command.START, "Fietspad  Assen-Zuid", None)


def test_argument_loses_only_outer_spaces() -> None:
    parsed = parse_command("Begin   Fietspad  Assen-Zuid   ")
    assert parsed == ParsedCommand(Command.START, "Fietspad  Assen-Zuid", "nl")


def test_any_whitespace_separates_word_and_argument() -> None:
    assert parse_command("  start\tFietspad\nAssen ") == ParsedCommand(
        Command.START, "Fietspad\nAssen", None
    )


def test_punctuation_after_the_word_does_not_end_up_in_the_argument() -> None:
    assert parse_command("start: Fietspad Assen-Zuid") == ParsedCommand(
        Command.START, "Fietspad Assen-Zuid", None
    )


def test_other_commands_keep_their_argument_too() -> None:
    assert parse_command("Volgende vraag") == ParsedCommand(Command.NEXT, "vraag", "nl")


@pytest.mark.parametrize(
    "message",
    [
        "",
        "hoi",
        "2 want er komen meer fietsers",
        "startpagina",
        "volgend",
        "nextstep",
        "samenvattingen",
        "weet niet",
        "Ik wil starten",
        "de volgende",
    ],
)
def test_non_commands_are_none(message: str) -> None:
    assert parse_command(message) is None


# -- clean_text ----------------------------------------------------------------------


def test_clean_text_strips_a_teams_mention() -> None:
    assert clean_text("<at>Breedbeeld</at> start Fietspad") == "start Fietspad"


def test_clean_text_strips_a_mention_anywhere_and_in_any_case() -> None:
    assert clean_text("volgende <AT>Breedbeeld</AT>") == "volgende"
    assert clean_text("<at>Breed\nbeeld</at>status") == "status"


def test_clean_text_strips_html_tags_and_nbsp() -> None:
    assert clean_text("<p>start&nbsp;Fietspad <b>Assen-Zuid</b></p>") == "start Fietspad Assen-Zuid"
    assert clean_text("<div>samenvatting</div>&nbsp;") == "samenvatting"


def test_clean_text_decodes_html_entities() -> None:
    assert clean_text("start Fiets- &amp; wandelpad") == "start Fiets- & wandelpad"
    assert clean_text("2 want &quot;veilig&quot; &lt;b&gt;") == '2 want "veilig" <b>'


def test_clean_text_collapses_whitespace() -> None:
    assert clean_text("  start \n Fietspad\t\tAssen  ") == "start Fietspad Assen"


@pytest.mark.parametrize("empty", [None, "", "<at>Breedbeeld</at>", "&nbsp;", "   "])
def test_clean_text_of_nothing_is_empty(empty: str | None) -> None:
    assert clean_text(empty) == ""


def test_cleaned_mention_message_parses_as_command() -> None:
    parsed = parse_command(clean_text("<at>Breedbeeld</at>&nbsp;start Fietspad Assen-Zuid"))
    assert parsed == ParsedCommand(Command.START, "Fietspad Assen-Zuid", None)


# -- language_of ---------------------------------------------------------------------


def test_the_word_typed_wins_over_everything() -> None:
    assert language_of("nl", "en", "en-US") == "nl"
    assert language_of("en", "nl", "nl-NL") == "en"


def test_remembered_language_wins_over_the_locale() -> None:
    assert language_of(None, "nl", "en-GB") == "nl"
    assert language_of(None, "en", "nl-NL") == "en"


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "EN-us", "en"])
def test_english_locale_gives_english(locale: str) -> None:
    assert language_of(None, None, locale) == "en"


@pytest.mark.parametrize("locale", [None, "", "nl-NL", "nl-BE", "de-DE", "fr"])
def test_dutch_is_the_default(locale: str | None) -> None:
    assert language_of(None, None, locale) == "nl"


def test_an_unusable_remembered_value_is_ignored() -> None:
    assert language_of(None, "de", "en-US") == "en"
    assert language_of(None, "", None) == "nl"
