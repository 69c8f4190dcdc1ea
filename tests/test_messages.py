"""Tests for the texts (dialogs/locale/*.po through dialogs.messages): both languages
complete, same placeholders, right commands."""

from __future__ import annotations

import re
import string

import pytest

from dialogs.commands import Command, parse_command
from dialogs.messages import Entry, catalogue_entries, scale_label, text

LANGS = ("nl", "en")


def _joined(entry: Entry | None) -> str:
    return "\n".join(entry) if isinstance(entry, tuple) else entry or ""


CATALOGUES = catalogue_entries()
KEYS = sorted(set().union(*(CATALOGUES[lang] for lang in LANGS)))
# Every key with its text per language (a plural entry: its forms joined by a newline, so
# the checks on words and placeholders see every form).
ALL_ENTRIES = [(key, {lang: _joined(CATALOGUES[lang].get(key)) for lang in LANGS}) for key in KEYS]
ENTRY_IDS = [name for name, _ in ALL_ENTRIES]
SCALE_KEYS = [key for key in KEYS if key.startswith("scale.")]

# Command words that exist in only one language: the other language must never tell
# users to type them.
ENGLISH_ONLY = ("next", "skip", "finish", "summary", "progress")
DUTCH_ONLY = ("volgende", "overslaan", "afronden", "samenvatting", "voortgang", "hulp", "begin")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _joined(entry: Entry | None) -> str | None:
    return "\n".join(entry) if isinstance(entry, tuple) else entry


def placeholders(template: str) -> set[str]:
    """The {names} a template fills in (format specs and conversions ignored)."""
    return {
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None
    }


def test_placeholders_helper_sees_every_field() -> None:
    assert placeholders("{a} en {b!r} en {c:>3} en {{d}}") == {"a", "b", "c"}


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_entry_has_dutch_and_english(name: str, entry: dict[str, str]) -> None:
    for lang in LANGS:
        assert isinstance(entry[lang], str), (name, lang)
        assert entry[lang].strip(), f"{name} has an empty {lang} text"


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_both_languages_use_the_same_placeholders(name: str, entry: dict[str, str]) -> None:
    assert placeholders(entry["nl"]) == placeholders(entry["en"]), name


@pytest.mark.parametrize("key", [k for k in KEYS if isinstance(CATALOGUES["nl"][k], str)])
def test_every_message_formats_in_both_languages(key: str) -> None:
    values = {name: f"<{name}>" for name in placeholders(text(key, "nl"))}
    for lang in LANGS:
        rendered = text(key, lang, **values)
        for name in values:
            assert f"<{name}>" in rendered, (key, lang, name)
        assert "{" not in rendered.replace("{{", ""), (key, lang)


def test_scale_labels_have_no_placeholders() -> None:
    assert len(SCALE_KEYS) == 9
    for key in SCALE_KEYS:
        assert placeholders(text(key, "nl")) == placeholders(text(key, "en")) == set(), key


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_dutch_text_names_no_english_only_command(name: str, entry: dict[str, str]) -> None:
    for word in ENGLISH_ONLY:
        assert f"**{word}**" not in entry["nl"].lower(), (name, word)


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_english_text_names_no_dutch_only_command(name: str, entry: dict[str, str]) -> None:
    for word in DUTCH_ONLY:
        assert f"**{word}**" not in entry["en"].lower(), (name, word)


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_bold_command_words_work_in_their_language(name: str, entry: dict[str, str]) -> None:
    """Every **word** that is a command must be a command word of that text's language."""
    for lang in LANGS:
        for word in BOLD.findall(entry[lang]):
            parsed = parse_command(word)
            if parsed is not None:
                assert parsed.language in (None, lang), (name, lang, word)


def test_the_bold_word_check_would_catch_a_wrong_language_command() -> None:
    parsed = parse_command("next")
    assert parsed is not None and parsed.language == "en"
    parsed = parse_command("volgende")
    assert parsed is not None and parsed.language == "nl"


@pytest.mark.parametrize("lang", LANGS)
def test_help_lists_every_command_with_a_word_of_its_language(lang: str) -> None:
    lines = text("help.commands", lang).splitlines()
    commands = []
    for line in lines:
        parsed = parse_command(line.split(" – ")[0])
        assert parsed is not None, (lang, line)
        assert parsed.language in (None, lang), (lang, line)
        commands.append(parsed.command)
    assert sorted(commands) == sorted(Command)


def test_help_commands_in_dutch_use_dutch_words() -> None:
    first_words = [line.split()[0] for line in text("help.commands", "nl").splitlines()]
    assert first_words == [
        "start",
        "volgende",
        "overslaan",
        "vorige",
        "wijzig",
        "status",
        "samenvatting",
        "afronden",
        "mede-eigenaar",
        "deelnemers",
        "wijs",
        "deadline",
        "herinner",
        "pauze",
        "hervat",
        "overzicht",
        "verwijder",
        "mijn",
        "herhaal",
        "intrekken",
        "paragraaf",
        "help",
    ]


def test_text_picks_the_language_and_falls_back_to_dutch() -> None:
    assert text("started.title", "nl", project="Fietspad") == "Nieuw project: Fietspad"
    assert text("started.title", "en", project="Fietspad") == "New project: Fietspad"
    assert text("started.title", "de", project="Fietspad") == "Nieuw project: Fietspad"


def test_scale_label_per_language() -> None:
    assert scale_label("strongly_negative", "nl") == "Sterk negatief"
    assert scale_label("strongly_negative", "en") == "Strongly negative"
    assert scale_label("unknown", "en") == "Don't know"
