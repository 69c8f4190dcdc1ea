"""Load the question bank from YAML and check it.

The bank is data so that a municipality can adapt it without touching code. People who
edit YAML by hand make mistakes, so the loader checks everything it can and reports
*every* problem at once, each naming the file and the question (or section), in plain
English. It does not cache: the caller decides how long a bank lives.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from questions.model import (
    LANGUAGES,
    AnswerType,
    Choice,
    Dimension,
    LocalText,
    Question,
    QuestionBank,
    Role,
    Scope,
    Section,
)

PACKAGED_BANK: Path = Path(__file__).parent / "bank"
"""The bank shipped with the bot: one YAML file per section plus bank.yaml."""

_PACKAGED_DISPLAY = "questions/bank"  # how the packaged bank is named in messages
_BANK_STEM = "bank"  # bank.yaml holds the version, not a section
_YAML_SUFFIXES = (".yaml", ".yml")
# Ids are stored with answers, so they are kept simple and stable.
_ID_PATTERN = re.compile(r"[a-z][a-z0-9_.-]*")

_BANK_DIR_KEYS = ("version",)
_BANK_FILE_KEYS = ("version", "sections")
_SECTION_KEYS = ("id", "title", "intro", "questions")
_QUESTION_KEYS = ("id", "type", "dimension", "scope", "theme", "text", "help", "role", "choices")
_CHOICE_KEYS = ("id", *LANGUAGES)

_LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}

_CHOICE_TYPES = (AnswerType.CHOICE, AnswerType.GROUPS)

# The summary reads these answers in a fixed way, so each role needs a fixed answer type.
_ROLE_TYPES: dict[Role, AnswerType] = {
    Role.DESCRIPTION: AnswerType.TEXT,
    Role.STREEFBEELD: AnswerType.TEXT,
    Role.GROUPS_GAIN: AnswerType.GROUPS,
    Role.GROUPS_LOSE: AnswerType.GROUPS,
    Role.KNOWLEDGE_GAPS: AnswerType.TEXT,
    Role.ACCEPTED_TRADE_OFFS: AnswerType.TEXT,
    Role.MITIGATION: AnswerType.TEXT,
    Role.ADVICE: AnswerType.TEXT,
    Role.AREA: AnswerType.TEXT,
    Role.TARGET_GROUPS: AnswerType.GROUPS,
    Role.TIME_HORIZON: AnswerType.CHOICE,
    Role.OWNER: AnswerType.TEXT,
    Role.SPILLOVER: AnswerType.TEXT,
    Role.SYNERGIES: AnswerType.TEXT,
    Role.CONFLICTS: AnswerType.TEXT,
    Role.SOURCES: AnswerType.TEXT,
    Role.MONITORING: AnswerType.TEXT,
}

_E = TypeVar("_E", bound=StrEnum)


class BankError(Exception):
    """The bank cannot be used. The message lists every problem found, one per line."""

    def __init__(self, errors: str | Iterable[str]) -> None:
        self.errors: tuple[str, ...] = (errors,) if isinstance(errors, str) else tuple(errors)
        super().__init__("\n".join(self.errors))


def load_bank(path: Path | str | None = None) -> QuestionBank:
    """Read and check a question bank.

    `path` is a directory with `bank.yaml` (the version) and one YAML file per section,
    read in file-name order; or a single YAML file with `version:` and a `sections:`
    list. None means the bank packaged beside this module.

    Raises BankError listing every problem found.
    """
    if path is None:
        return _Loader(PACKAGED_BANK, _PACKAGED_DISPLAY).load()
    return _Loader(Path(path), str(path)).load()


def _yaml_value(value: object) -> str:
    """Describe a value as the user wrote it in YAML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f'"{value}"'


def _allowed(values: Iterable[str]) -> str:
    """'a, b, c' for the 'allowed:' part of a message."""
    return ", ".join(values)


class _Loader:
    """One load: reads the files and collects all problems instead of stopping at the first."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.errors: list[str] = []
        self.section_files: dict[str, str] = {}  # section id -> file it was first seen in
        self.question_files: dict[str, str] = {}  # question id -> file it was first seen in
        self.role_owners: dict[Role, tuple[str, str]] = {}  # role -> (question id, file)

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> QuestionBank:
        """Read the directory or file, then raise if anything was wrong."""
        if self.path.is_dir():
            version, sections = self._load_directory()
        elif self.path.is_file():
            version, sections = self._load_single_file()
        else:
            raise BankError(f"{self.display}: no such file or directory")
        self._check_option_numbers(sections)
        if self.errors or version is None:
            raise BankError(self.errors or [f"{self.display}: the bank has no version"])
        return QuestionBank(version=version, sections=tuple(sections))

    def _check_option_numbers(self, sections: Sequence[Section]) -> None:
        """An option shared by several questions has the same number in each.

        People who type numbers (the terminal, a client without buttons) reuse the ones
        they typed a minute earlier: "2" must not be children in one list and young
        people in the next. Extra options go at the end of a list.
        """
        first_seen: dict[str, tuple[int, str]] = {}  # option id -> (number, question id)
        for section in sections:
            for question in section.questions:
                for number, choice in enumerate(question.choices, start=1):
                    seen = first_seen.setdefault(choice.id, (number, question.id))
                    if seen[0] != number:
                        file = self.question_files.get(question.id, self.display)
                        self.errors.append(
                            f"{file}: question {question.id}: option {choice.id!r} is number "
                            f"{number} here but number {seen[0]} in {seen[1]}; give shared "
                            "options the same place in every list (put extra ones at the end)"
                        )

    def _load_directory(self) -> tuple[str | None, list[Section]]:
        """A directory: bank.yaml for the version, every other YAML file is one section."""
        files = sorted(
            p
            for p in self.path.iterdir()
            if p.is_file() and p.suffix in _YAML_SUFFIXES and not p.name.startswith(".")
        )
        bank_files = [p for p in files if p.stem == _BANK_STEM]
        section_files = [p for p in files if p.stem != _BANK_STEM]

        version: str | None = None
        if not bank_files:
            self.errors.append(
                f'{self._name(None)}: missing bank.yaml with the bank version (version: "...")'
            )
        for bank_file in bank_files:
            name = self._name(bank_file)
            data = self._read(bank_file, name)
            if data is not None:
                version = self._bank_header(name, data, _BANK_DIR_KEYS)

        if not section_files:
            self.errors.append(
                f"{self._name(None)}: the bank is empty: there are no section files "
                "(*.yaml besides bank.yaml)"
            )
        sections: list[Section] = []
        for section_file in section_files:
            name = self._name(section_file)
            data = self._read(section_file, name)
            if data is None:
                continue
            section = self._section(name, f"{name}: section", data)
            if section is not None:
                sections.append(section)
        return version, sections

    def _load_single_file(self) -> tuple[str | None, list[Section]]:
        """A single file: `version:` and a `sections:` list with every section in order."""
        name = self.display
        data = self._read(self.path, name)
        if data is None:
            return None, []
        version = self._bank_header(name, data, _BANK_FILE_KEYS)
        if not isinstance(data, Mapping):
            return version, []
        raw_sections = data.get("sections")
        if raw_sections is None or raw_sections == []:
            self.errors.append(f"{name}: the bank is empty: `sections:` is missing or has none")
            return version, []
        if not isinstance(raw_sections, list):
            self.errors.append(
                f"{name}: `sections:` must be a list of sections, not {_yaml_value(raw_sections)}"
            )
            return version, []
        sections: list[Section] = []
        for number, raw in enumerate(raw_sections, start=1):
            section = self._section(name, f"{name}: section #{number}", raw)
            if section is not None:
                sections.append(section)
        return version, sections

    def _name(self, file: Path | None) -> str:
        """How a file is named in messages: relative to what the caller passed in."""
        if file is None:
            return self.display
        return f"{self.display.rstrip('/')}/{file.name}"

    def _read(self, file: Path, name: str) -> Any:
        """Parse one YAML file; None (with an error recorded) if it is unreadable or empty."""
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.errors.append(f"{name}: cannot read the file: {exc}")
            return None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            self.errors.append(f"{name}: {_describe_yaml_error(exc)}")
            return None
        if data is None:
            self.errors.append(f"{name}: the file is empty")
        return data

    # -- checking --------------------------------------------------------------------------

    def _bank_header(self, name: str, data: Any, allowed: Sequence[str]) -> str | None:
        """The bank version, from bank.yaml or the top of a single-file bank."""
        if not isinstance(data, Mapping):
            self.errors.append(
                f'{name}: expected a mapping with version: "...", not {_yaml_value(data)}'
            )
            return None
        self._unknown_keys(name, data, allowed)
        version = data.get("version")
        if version is None or (isinstance(version, str) and not version.strip()):
            self.errors.append(f'{name}: missing bank version (version: "...")')
            return None
        if not isinstance(version, str):
            self.errors.append(
                f'{name}: the version must be text in quotes, like version: "{version}"'
            )
            return None
        return version.strip()

    def _section(self, name: str, where: str, data: Any) -> Section | None:
        """One section; None if anything in it is wrong (the problems are recorded)."""
        errors_before = len(self.errors)
        if not isinstance(data, Mapping):
            self.errors.append(
                f"{where}: a section must be a mapping with id, title, intro and questions, "
                f"not {_yaml_value(data)}"
            )
            return None

        section_id = self._id(where, data, "section id")
        if section_id is not None:
            where = f'{name}: section "{section_id}"'
            first = self.section_files.get(section_id)
            if first is not None:
                self.errors.append(f"{where}: section id is already used in {first}")
            else:
                self.section_files[section_id] = name

        self._unknown_keys(where, data, _SECTION_KEYS)
        title = self._local_text(where, data, "title", "title")
        intro = self._local_text(where, data, "intro", "introduction")

        raw_questions = data.get("questions")
        questions: list[Question] = []
        if raw_questions is None or raw_questions == []:
            self.errors.append(f"{where}: the section has no questions")
        elif not isinstance(raw_questions, list):
            self.errors.append(
                f"{where}: `questions:` must be a list of questions, "
                f"not {_yaml_value(raw_questions)}"
            )
        else:
            for number, raw in enumerate(raw_questions, start=1):
                question = self._question(name, where, section_id or "", number, raw)
                if question is not None:
                    questions.append(question)

        if len(self.errors) > errors_before or section_id is None or title is None or intro is None:
            return None
        return Section(id=section_id, title=title, intro=intro, questions=tuple(questions))

    def _question(
        self, name: str, section_where: str, section_id: str, number: int, data: Any
    ) -> Question | None:
        """One question; None if anything in it is wrong (the problems are recorded)."""
        errors_before = len(self.errors)
        if not isinstance(data, Mapping):
            self.errors.append(
                f"{section_where}: question #{number} must be a mapping with id, type, "
                f"text and help, not {_yaml_value(data)}"
            )
            return None

        where = f"{section_where}: question #{number}"
        question_id = self._id(where, data, "question id")
        if question_id is not None:
            where = f'{name}: question "{question_id}"'
            first = self.question_files.get(question_id)
            if first is not None:
                self.errors.append(f"{where}: question id is already used in {first}")
            else:
                self.question_files[question_id] = name

        self._unknown_keys(where, data, _QUESTION_KEYS)

        answer_type: AnswerType | None = None
        if data.get("type") is None:
            self.errors.append(
                f"{where}: missing answer type (type: {_allowed(t.value for t in AnswerType)})"
            )
        else:
            answer_type = self._enum(where, data, "type", AnswerType, "answer type")
        dimension = self._enum(where, data, "dimension", Dimension, "dimension")
        role = self._enum(where, data, "role", Role, "role")
        scope = self._enum(where, data, "scope", Scope, "scope") or Scope.EACH

        text = self._local_text(where, data, "text", "text")
        help_text = self._local_text(where, data, "help", "help text")
        theme = self._local_text(where, data, "theme", "theme label", required=False)
        choices = self._choices(where, data, answer_type)

        if answer_type is AnswerType.EFFECT:
            if dimension is None and data.get("dimension") is None:
                self.errors.append(
                    f"{where}: an effect question needs a dimension "
                    f"(dimension: {_allowed(d.value for d in Dimension)})"
                )
            if data.get("theme") is None:
                self.errors.append(
                    f"{where}: an effect question needs a theme label for the summary "
                    '(theme: {nl: "...", en: "..."})'
                )
        elif answer_type is not None and data.get("dimension") is not None:
            self.errors.append(
                f'{where}: only effect questions have a dimension; remove "dimension" '
                "or make it an effect question"
            )

        if role is not None and answer_type is not None:
            self._check_role(name, where, question_id, role, answer_type)

        if (
            len(self.errors) > errors_before
            or question_id is None
            or answer_type is None
            or text is None
            or help_text is None
        ):
            return None
        return Question(
            id=question_id,
            section_id=section_id,
            type=answer_type,
            text=text,
            help=help_text,
            scope=scope,
            theme=theme,
            dimension=dimension,
            role=role,
            choices=choices,
        )

    def _choices(
        self, where: str, data: Mapping[str, Any], answer_type: AnswerType | None
    ) -> tuple[Choice, ...]:
        """The options of a choice or groups question; other types must not have any."""
        if answer_type is None:
            return ()
        raw = data.get("choices")
        if answer_type not in _CHOICE_TYPES:
            if "choices" in data:
                self.errors.append(
                    f'{where}: only choice and groups questions have choices; remove "choices" '
                    "or change the type"
                )
            return ()
        if raw is not None and not isinstance(raw, list):
            self.errors.append(f"{where}: `choices:` must be a list, not {_yaml_value(raw)}")
            return ()
        raw = raw or []
        if len(raw) < 2:
            self.errors.append(
                f"{where}: a {answer_type.value} question needs at least 2 choices, "
                f"found {len(raw)}"
            )
        choices: list[Choice] = []
        seen: set[str] = set()
        for number, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping):
                self.errors.append(
                    f"{where}: choice #{number} must be a mapping like "
                    f'{{id: ..., nl: "...", en: "..."}}, not {_yaml_value(item)}'
                )
                continue
            choice_where = f"{where}: choice #{number}"
            choice_id = self._id(choice_where, item, "choice id")
            if choice_id is not None:
                choice_where = f'{where}: choice "{choice_id}"'
                if choice_id in seen:
                    self.errors.append(f'{where}: choice id "{choice_id}" is used twice')
                seen.add(choice_id)
            self._unknown_keys(choice_where, item, _CHOICE_KEYS)
            label = self._languages(choice_where, item, "", "label")
            if label is not None and choice_id is not None:
                choices.append(Choice(id=choice_id, label=label))
        return tuple(choices)

    def _check_role(
        self, name: str, where: str, question_id: str | None, role: Role, answer_type: AnswerType
    ) -> None:
        """The summary finds answers by role, so a role must be unique and of the right type."""
        needed = _ROLE_TYPES[role]
        if answer_type is not needed:
            self.errors.append(
                f'{where}: role "{role.value}" needs a {needed.value} question, '
                f"not {answer_type.value}"
            )
        owner = self.role_owners.get(role)
        if owner is not None:
            other_id, other_file = owner
            self.errors.append(
                f'{where}: role "{role.value}" is already used by question "{other_id}" '
                f"in {other_file}; each role can be used only once"
            )
        elif question_id is not None:
            self.role_owners[role] = (question_id, name)

    def _id(self, where: str, data: Mapping[str, Any], what: str) -> str | None:
        """The `id` of a section, question or choice; None (error recorded) if missing or bad."""
        value = data.get("id")
        if value is None:
            self.errors.append(f"{where}: missing {what} (id: ...)")
            return None
        if not isinstance(value, str) or _ID_PATTERN.fullmatch(value) is None:
            self.errors.append(
                f"{where}: {what} {_yaml_value(value)} is not valid: use lowercase letters, "
                'digits, "_", "." and "-", starting with a letter'
            )
            return None
        return value

    def _enum(
        self, where: str, data: Mapping[str, Any], key: str, enum: type[_E], what: str
    ) -> _E | None:
        """An optional field that must be one of the values of `enum`."""
        value = data.get(key)
        if value is None:
            return None
        allowed = [member.value for member in enum]
        if not isinstance(value, str) or value not in allowed:
            self.errors.append(
                f"{where}: unknown {what} {_yaml_value(value)} (allowed: {_allowed(allowed)})"
            )
            return None
        return enum(value)

    def _local_text(
        self, where: str, data: Mapping[str, Any], key: str, what: str, *, required: bool = True
    ) -> LocalText | None:
        """A `{nl: ..., en: ...}` field; both languages must be filled in."""
        value = data.get(key)
        if value is None:
            if required:
                self.errors.append(f'{where}: missing {what} ({key}: {{nl: "...", en: "..."}})')
            return None
        if not isinstance(value, Mapping):
            self.errors.append(
                f"{where}: {key} needs a Dutch and an English version, like "
                f'{key}: {{nl: "...", en: "..."}}; found {_yaml_value(value)}'
            )
            return None
        self._unknown_keys(where, value, LANGUAGES, what=f"language in {key}")
        return self._languages(where, value, key, what)

    def _languages(
        self, where: str, data: Mapping[str, Any], key: str, what: str
    ) -> LocalText | None:
        """The Dutch and English strings of one text; empty or blank counts as missing."""
        texts: dict[str, str] = {}
        for lang in LANGUAGES:
            field = f"{key}.{lang}" if key else lang
            value = data.get(lang)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.errors.append(f"{where}: missing {_LANGUAGE_NAMES[lang]} {what} ({field})")
            elif not isinstance(value, str):
                self.errors.append(
                    f"{where}: {field} must be text, but YAML read it as "
                    f"{_yaml_value(value)}; put the text in quotes"
                )
            else:
                texts[lang] = value.strip()
        if len(texts) != len(LANGUAGES):
            return None
        return LocalText(nl=texts["nl"], en=texts["en"])

    def _unknown_keys(
        self, where: str, data: Mapping[Any, Any], allowed: Sequence[str], *, what: str = "key"
    ) -> None:
        """Catch typos such as `hlep`: an unknown key would otherwise be silently ignored."""
        for key in data:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            suggestion = f'; did you mean "{hint[0]}"?' if hint else ""
            self.errors.append(
                f'{where}: unknown {what} "{key}" (allowed: {_allowed(allowed)}){suggestion}'
            )


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    """'line 12, column 5: invalid YAML: ...' from PyYAML's marks, so the user can find it."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    if mark is None:
        return f"invalid YAML: {detail}"
    return f"line {mark.line + 1}, column {mark.column + 1}: invalid YAML: {detail}"
