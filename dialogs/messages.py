"""Every text the bot says, read once from the catalogues in dialogs/locale/ (gettext PO).

One PO file per language (`nl.po`, `en.po`): the msgid is a stable key such as
`help.title`, the msgstr the text, with str.format placeholders (`{project}`). A text that
depends on a number has real plural forms (`msgid_plural`, `msgstr[0]`, `msgstr[1]`) chosen
by the file's `Plural-Forms` rule. Translators open the files in any PO editor (Poedit,
Weblate); adding a language is adding a file. Dutch is the default: a language without a
catalogue, or a text a catalogue leaves empty, reads in Dutch.

The files are parsed once at import (Babel); a lookup is then a dict lookup and a format.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "nl"

# A catalogue entry: one text, or the plural forms in the order of the Plural-Forms rule.
Entry = str | tuple[str, ...]


@dataclass
class Catalogue:
    """One language's texts, its plural entries and its plural rule."""

    language: str
    texts: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural_rule: Callable[[int], int]


def read_catalogue(path: Path) -> tuple[Catalogue, dict[str, Entry]]:
    """A PO file as a Catalogue, and its entries as written (empty texts included).

    Babel reads the header's Plural-Forms; gettext compiles its C expression to a function.
    """
    with path.open("rb") as file:
        catalog = read_po(file, locale=None, abort_invalid=True)
    entries: dict[str, Entry] = {}
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        key, string = message.id, message.string
        if not key:
            continue  # the header
        if isinstance(key, str):
            entries[key] = single = string if isinstance(string, str) else ""
            if single and not message.fuzzy:  # a fuzzy entry waits for a translator's check
                texts[key] = single
        else:  # a plural entry: (msgid, msgid_plural), one string per form
            entries[key[0]] = forms = (string,) if isinstance(string, str) else tuple(string or ())
            if all(forms) and not message.fuzzy:
                plurals[key[0]] = forms
    # Counts repeat (1, 2, 3 ...): remember the form each one got.
    rule = functools.lru_cache(maxsize=256)(gettext.c2py(catalog.plural_expr))
    return Catalogue(path.stem, texts, plurals, rule), entries


def _load(folder: Path) -> dict[str, Catalogue]:
    """Every catalogue in `folder`; texts a language lacks are read in Dutch."""
    read = {path.stem: read_catalogue(path)[0] for path in sorted(folder.glob("*.po"))}
    default = read[DEFAULT_LANGUAGE]
    for catalogue in read.values():
        catalogue.texts = {**default.texts, **catalogue.texts}
    return read


CATALOGUES: dict[str, Catalogue] = _load(LOCALE_DIR)
LANGUAGES: tuple[str, ...] = (
    DEFAULT_LANGUAGE,
    *sorted(language for language in CATALOGUES if language != DEFAULT_LANGUAGE),
)
_TEXTS: dict[str, dict[str, str]] = {lang: c.texts for lang, c in CATALOGUES.items()}
_DEFAULT_TEXTS = _TEXTS[DEFAULT_LANGUAGE]
_DEFAULT = CATALOGUES[DEFAULT_LANGUAGE]


def text(key: str, language: str, **values: Any) -> str:
    """The message `key` in `language` (Dutch if there is no such catalogue), filled in."""
    template = _TEXTS.get(language, _DEFAULT_TEXTS)[key]
    return template.format(**values) if values else template


def plural(key: str, count: int, language: str, /, **values: Any) -> str:
    """The form of plural message `key` that fits `count`, filled in with `values`.

    `count` only chooses the form; pass it under its placeholder name as well.
    """
    catalogue = CATALOGUES.get(language, _DEFAULT)
    forms = catalogue.plurals.get(key)
    if forms is None:  # not translated (yet): Dutch, with Dutch's rule
        catalogue = _DEFAULT
        forms = catalogue.plurals[key]
    template = forms[catalogue.plural_rule(count)]
    return template.format(**values) if values else template


def catalogue_entries() -> Mapping[str, Mapping[str, Entry]]:
    """Every language's entries exactly as its PO file has them (for tests and tools)."""
    return {path.stem: read_catalogue(path)[1] for path in sorted(LOCALE_DIR.glob("*.po"))}


def scale_label(value: str, language: str) -> str:
    """The label of an Effect or Certainty value in `language`."""
    return text(f"scale.{value}", language)


def names_list(names: list[str] | tuple[str, ...], language: str, joiner: str = "and") -> str:
    """ "Anna", "Anna en Bram", "Anna, Bram en Chris" (and in English); with joiner "or":
    "1, 2 of 3"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text(joiner, language)} {names[-1]}"
