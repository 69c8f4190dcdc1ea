"""Load the question bank from YAML and check it against its schema (questions/schema.py).

The bank is data so that a municipality can adapt it without touching code. People who
edit YAML by hand make mistakes, so the loader reports *every* problem at once, each as
one plain English sentence naming the file, the line and the question (or section):

    questions/bank/10-nu.yaml: line 14: question "nu.wonen": missing English text (text.en)

The YAML is read with a loader that notes the line of every key, so a pydantic error's
location (`questions → 3 → text → en`) can be followed back to the line in the file. It
does not cache: the caller decides how long a bank lives.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

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
from questions.schema import (
    ID_PATTERN,
    LANGUAGE_NAMES,
    PROBLEMS,
    BankFileSchema,
    BankHeaderSchema,
    BankSchema,
    ChoiceSchema,
    LocalTextSchema,
    Problem,
    QuestionSchema,
    SectionSchema,
)

PACKAGED_BANK: Path = Path(__file__).parent / "bank"
"""The bank shipped with the bot: one YAML file per section plus bank.yaml."""

_PACKAGED_DISPLAY = "questions/bank"  # how the packaged bank is named in messages
_BANK_STEM = "bank"  # bank.yaml holds the version, not a section
_YAML_SUFFIXES = (".yaml", ".yml")
_ID_PATTERN = re.compile(ID_PATTERN)

# How a field is named in a message ("missing help text").
_TEXT_NAMES = {
    "text": "text",
    "help": "help text",
    "theme": "theme label",
    "title": "title",
    "intro": "introduction",
}
_ENUMS: dict[str, tuple[str, type[AnswerType] | type[Dimension] | type[Role] | type[Scope]]] = {
    "type": ("answer type", AnswerType),
    "dimension": ("dimension", Dimension),
    "role": ("role", Role),
    "scope": ("scope", Scope),
}
_MISSING = ("missing", "string_too_short")
_UNKNOWN_KEY = ("extra_forbidden", "invalid_key")  # a key not in the schema, or not a word


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


# -- YAML with lines ----------------------------------------------------------------------


class _Lines(dict[Any, Any]):
    """A YAML mapping that knows the line it starts on and the line of each key."""

    line: int
    lines: dict[Any, int]


class _LineList(list[Any]):
    """A YAML list that knows the line of each item."""

    line: int
    lines: list[int]


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader (libyaml's when installed), keeping the line of every key."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Lines:
    loader.flatten_mapping(node)  # `<<: *anchor` merges
    mapping = _Lines()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> _LineList:
    items = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


_LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def _line_of(node: Any, path: Sequence[str | int]) -> int | None:
    """The line of the deepest key or item of `path` that the YAML has."""
    line = getattr(node, "line", None)
    for step in path:
        in_mapping = isinstance(node, _Lines) and step in node
        in_list = isinstance(node, _LineList) and isinstance(step, int) and 0 <= step < len(node)
        if not (in_mapping or in_list):
            break
        line, node = node.lines[step], node[step]
    return line


# -- words --------------------------------------------------------------------------------


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


def _valid_id(value: object) -> str | None:
    return value if isinstance(value, str) and _ID_PATTERN.fullmatch(value) else None


def _unknown(key: object, allowed: Sequence[str], what: str = "key") -> str:
    """Catch typos such as `hlep`: name the key, what is allowed, and the likely one."""
    hint = difflib.get_close_matches(str(key), allowed, n=1)
    suggestion = f'; did you mean "{hint[0]}"?' if hint else ""
    return f'unknown {what} "{key}" (allowed: {_allowed(allowed)}){suggestion}'


def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _language(error: ErrorDetails, key: str, lang: str, what: str) -> str:
    """A problem with the Dutch or English string of one text."""
    field = f"{key}.{lang}" if key else lang
    value = error.get("input")
    if error["type"] in _MISSING or value is None:
        return f"missing {LANGUAGE_NAMES[lang]} {what} ({field})"
    return f"{field} must be text, but YAML read it as {_yaml_value(value)}; put the text in quotes"


def _local_text(error: ErrorDetails, key: str, rest: Sequence[str | int]) -> str:
    """A problem with a `{nl: ..., en: ...}` field."""
    what = _TEXT_NAMES.get(key, key)
    value = error.get("input")
    if not rest:
        if error["type"] == "missing" or value is None:
            return f'missing {what} ({key}: {{nl: "...", en: "..."}})'
        return (
            f"{key} needs a Dutch and an English version, like "
            f'{key}: {{nl: "...", en: "..."}}; found {_yaml_value(value)}'
        )
    lang = str(rest[0])
    if error["type"] in _UNKNOWN_KEY:
        return _unknown(lang, LANGUAGES, what=f"language in {key}")
    return _language(error, key, lang, what)


def _field_problem(
    kind: str, model: type[BaseModel], error: ErrorDetails, path: Sequence[str | int]
) -> str:
    """One pydantic error about a field of a section, question or choice, in words."""
    key = str(path[0])
    kind_type = error["type"]
    value = error.get("input")
    if kind_type in _UNKNOWN_KEY and len(path) == 1:
        return _unknown(key, _fields(model))
    if key == "id":
        if kind_type == "missing" or value is None:
            return f"missing {kind} id (id: ...)"
        return (
            f"{kind} id {_yaml_value(value)} is not valid: use lowercase letters, "
            'digits, "_", "." and "-", starting with a letter'
        )
    if key in _ENUMS:
        what, enum = _ENUMS[key]
        allowed = [member.value for member in enum]
        if value is None or kind_type == "missing":
            return f"missing {what} ({key}: {_allowed(allowed)})"
        return f"unknown {what} {_yaml_value(value)} (allowed: {_allowed(allowed)})"
    if model is ChoiceSchema and key in LANGUAGES:
        return _language(error, "", key, "label")
    if key in _TEXT_NAMES:
        return _local_text(error, key, path[1:])
    if key == "version":
        if kind_type in _MISSING or value is None:
            return 'missing bank version (version: "...")'
        return f'the version must be text in quotes, like version: "{value}"'
    if key == "questions":
        if kind_type in ("missing", "too_short") or value is None:
            return "the section has no questions"
        return f"`questions:` must be a list of questions, not {_yaml_value(value)}"
    if key == "choices":
        return f"`choices:` must be a list, not {_yaml_value(value)}"
    if key == "sections":
        if kind_type in ("missing", "too_short") or value is None:
            return "the bank is empty: `sections:` is missing or has none"
        return f"`sections:` must be a list of sections, not {_yaml_value(value)}"
    return f"{key}: {error['msg']}"  # a rule this loader does not know words for yet


# -- loading ------------------------------------------------------------------------------


class _Loader:
    """One load: reads the files and collects all problems instead of stopping at the first."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.errors: list[str] = []

    def load(self) -> QuestionBank:
        """Read the directory or file, then raise if anything was wrong."""
        if self.path.is_dir():
            version, sections = self._load_directory()
        elif self.path.is_file():
            version, sections = self._load_single_file()
        else:
            raise BankError(f"{self.display}: no such file or directory")
        checked = self._across(sections)
        if self.errors or version is None:
            raise BankError(self.errors or [f"{self.display}: the bank has no version"])
        return QuestionBank(version=version, sections=tuple(_section(s) for s in checked))

    def _load_directory(self) -> tuple[str | None, list[tuple[str, Any, SectionSchema]]]:
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
                version = self._header(name, data, BankHeaderSchema)

        if not section_files:
            self.errors.append(
                f"{self._name(None)}: the bank is empty: there are no section files "
                "(*.yaml besides bank.yaml)"
            )
        sections = []
        for section_file in section_files:
            name = self._name(section_file)
            data = self._read(section_file, name)
            if data is None:
                continue
            section = self._section(name, "section", data)
            if section is not None:
                sections.append((name, data, section))
        return version, sections

    def _load_single_file(self) -> tuple[str | None, list[tuple[str, Any, SectionSchema]]]:
        """A single file: `version:` and a `sections:` list with every section in order."""
        name = self.display
        data = self._read(self.path, name)
        if data is None:
            return None, []
        version = self._header(name, data, BankFileSchema)
        raw_sections = data.get("sections") if isinstance(data, Mapping) else None
        if not isinstance(raw_sections, list):
            return version, []
        sections = []
        for number, raw in enumerate(raw_sections, start=1):
            line = _line_of(raw_sections, [number - 1])
            section = self._section(name, f"section #{number}", raw, line)
            if section is not None:
                sections.append((name, raw, section))
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
            data = yaml.load(text, Loader=_LineLoader)  # a safe loader: SafeLoader's constructors
        except yaml.YAMLError as exc:
            self.errors.append(f"{name}: {_describe_yaml_error(exc)}")
            return None
        if data is None:
            self.errors.append(f"{name}: the file is empty")
        return data

    def _say(self, name: str, line: int | None, where: str, message: str) -> None:
        at = f"{name}: line {line}: " if line is not None else f"{name}: "
        self.errors.append(f"{at}{where}: {message}" if where else f"{at}{message}")

    # -- checking --------------------------------------------------------------------------

    def _header(
        self, name: str, data: Any, schema: type[BankHeaderSchema | BankFileSchema]
    ) -> str | None:
        """The bank version, from bank.yaml or the top of a single-file bank."""
        if not isinstance(data, Mapping):
            self.errors.append(
                f'{name}: expected a mapping with version: "...", not {_yaml_value(data)}'
            )
            return None
        try:
            return schema.model_validate(data).version
        except ValidationError as invalid:
            for error in invalid.errors():
                path = error["loc"]
                message = _field_problem("bank", schema, error, path)
                self._say(name, _line_of(data, path[:1]), "", message)
        version = data.get("version")
        return version.strip() if isinstance(version, str) and version.strip() else None

    def _section(
        self, name: str, where: str, data: Any, line: int | None = None
    ) -> SectionSchema | None:
        """One section checked against the schema; None if anything in it is wrong (the
        problems are recorded). `line`: where it starts, when it is not a whole file."""
        if not isinstance(data, Mapping):
            self._say(
                name,
                line,
                where,
                "a section must be a mapping with id, title, intro and questions, "
                f"not {_yaml_value(data)}",
            )
            return None
        try:
            return SectionSchema.model_validate(data)
        except ValidationError as invalid:
            section_id = _valid_id(data.get("id"))
            if section_id is not None:
                where = f'section "{section_id}"'
            for error in invalid.errors():
                self._explain(name, where, data, error)
        return None

    def _explain(self, name: str, where: str, section: Mapping[str, Any], error: Any) -> None:
        """Say one pydantic error of a section: find the question or choice it is in, the
        line, and the words."""
        path: tuple[str | int, ...] = tuple(error["loc"])
        node: Any = section
        kind: str = "section"
        model: type[BaseModel] = SectionSchema
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            number, node = path[1] + 1, section["questions"][path[1]]
            if not isinstance(node, Mapping):
                self._say(
                    name,
                    _line_of(section, path[:2]),
                    where,
                    f"question #{number} must be a mapping with id, type, text and help, "
                    f"not {_yaml_value(node)}",
                )
                return
            question_id = _valid_id(node.get("id"))
            where = f'question "{question_id}"' if question_id else f"{where}: question #{number}"
            kind, model, path = "question", QuestionSchema, path[2:]
            if len(path) >= 2 and path[0] == "choices" and isinstance(path[1], int):
                number, choice = path[1] + 1, node["choices"][path[1]]
                if not isinstance(choice, Mapping):
                    self._say(
                        name,
                        _line_of(node, path[:2]),
                        where,
                        f"choice #{number} must be a mapping like "
                        f'{{id: ..., nl: "...", en: "..."}}, not {_yaml_value(choice)}',
                    )
                    return
                node = choice
                choice_id = _valid_id(choice.get("id"))
                where += f': choice "{choice_id}"' if choice_id else f": choice #{number}"
                kind, model, path = "choice", ChoiceSchema, path[2:]
        if error["type"] == PROBLEMS:
            for problem in error["ctx"]["problems"]:
                self._say(name, _line_of(node, problem.at), where, problem.message)
            return
        self._say(name, _line_of(node, path), where, _field_problem(kind, model, error, path))

    def _across(self, sections: list[tuple[str, Any, SectionSchema]]) -> list[SectionSchema]:
        """The rules that span sections and files (unique ids and roles, option numbers)."""
        try:
            return BankSchema(sections=[s for _, _, s in sections]).sections
        except ValidationError as invalid:
            for error in invalid.errors():
                if error["type"] != PROBLEMS:
                    raise  # the sections were checked one by one already
                for problem in error["ctx"]["problems"]:
                    self._across_problem(sections, problem)
        return []

    def _across_problem(
        self, sections: list[tuple[str, Any, SectionSchema]], problem: Problem
    ) -> None:
        index, *rest = problem.at
        assert isinstance(index, int)
        name, raw, checked = sections[index]
        where = f'section "{checked.id}"'
        if len(rest) >= 2 and rest[0] == "questions" and isinstance(rest[1], int):
            where = f'question "{checked.questions[rest[1]].id}"'
        other = "" if problem.other is None else sections[int(problem.other[0])][0]
        message = problem.message.replace("{other}", other)
        self._say(name, _line_of(raw, rest), "" if problem.placed else where, message)


def _section(schema: SectionSchema) -> Section:
    """The checked section as the immutable model the bot uses."""
    return Section(
        id=schema.id,
        title=_text(schema.title),
        intro=_text(schema.intro),
        questions=tuple(_question(schema.id, q) for q in schema.questions),
    )


def _question(section_id: str, schema: QuestionSchema) -> Question:
    return Question(
        id=schema.id,
        section_id=section_id,
        type=schema.type,
        text=_text(schema.text),
        help=_text(schema.help),
        scope=schema.scope or Scope.EACH,
        theme=_text(schema.theme) if schema.theme is not None else None,
        dimension=schema.dimension,
        role=schema.role,
        choices=tuple(
            Choice(id=c.id, label=LocalText(nl=c.nl, en=c.en)) for c in schema.choices or ()
        ),
    )


def _text(schema: LocalTextSchema) -> LocalText:
    return LocalText(nl=schema.nl, en=schema.en)


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    """'line 12, column 5: invalid YAML: ...' from PyYAML's marks, so the user can find it."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    if mark is None:
        return f"invalid YAML: {detail}"
    return f"line {mark.line + 1}, column {mark.column + 1}: invalid YAML: {detail}"
