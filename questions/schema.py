"""The question bank's YAML schema as pydantic models: what a bank file may hold.

The bank is edited by hand, so its shape is written down once, here, and checked by
pydantic: the fields of a section, a question and a choice, the texts in Dutch and
English, the allowed answer types, dimensions, scopes and roles, and the rules that span
fields (an effect question has a dimension and a theme, a role has its answer type) or
sections (ids and roles are unique, a shared option has one number). questions/loader.py
reads the YAML, runs these models and turns every problem into one plain sentence with
the file and line; the rest of the bot gets questions/model.py's immutable QuestionBank.

A rule that spans fields reports all it finds at once (`Problems`), so a bank editor
sees every problem of a question in one run, not one per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from questions.model import LANGUAGES, AnswerType, Dimension, Role, Scope

# Ids are stored with answers, so they are kept simple and stable.
ID_PATTERN = r"^[a-z][a-z0-9_.-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# A text that must say something: blank counts as missing.
Filled = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

CHOICE_TYPES = (AnswerType.CHOICE, AnswerType.GROUPS)

# The summary reads these answers in a fixed way, so each role needs a fixed answer type.
ROLE_TYPES: dict[Role, AnswerType] = {
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

PROBLEMS = "bank_problems"  # the error type of a rule that spans fields


class Problem(BaseModel):
    """One broken cross-field rule: where it is (a path below the model that found it,
    for the line), what to say, and optionally another place the message names."""

    model_config = ConfigDict(frozen=True)

    at: tuple[str | int, ...]
    message: str
    other: tuple[str | int, ...] | None = None  # e.g. where an id was used first
    placed: bool = False  # the message names its question itself


def problems(found: Sequence[Problem]) -> None:
    """Raise every problem a rule found as one pydantic error (loader.py splits it)."""
    if found:
        raise PydanticCustomError(PROBLEMS, "the bank breaks a rule", {"problems": list(found)})


class _Strict(BaseModel):
    """Unknown keys are errors (a typo such as `hlep` would otherwise be ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalTextSchema(_Strict):
    """`{nl: "...", en: "..."}`: a user-visible text in both languages."""

    nl: Filled
    en: Filled


class ChoiceSchema(_Strict):
    """One option of a choice or groups question: `{id: ..., nl: "...", en: "..."}`."""

    id: Id
    nl: Filled
    en: Filled


class QuestionSchema(_Strict):
    """One question. The field order is the order `allowed:` lists them in messages."""

    id: Id
    type: AnswerType
    dimension: Dimension | None = None
    scope: Scope | None = None  # None: Scope.EACH
    theme: LocalTextSchema | None = None
    text: LocalTextSchema
    help: LocalTextSchema
    role: Role | None = None
    choices: list[ChoiceSchema] | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> QuestionSchema:
        """Effect questions need a dimension and a theme; only choice and groups
        questions have choices (at least two, each id once); a role needs its type."""
        found: list[Problem] = []
        if self.type is AnswerType.EFFECT:
            if self.dimension is None:
                allowed = ", ".join(d.value for d in Dimension)
                found.append(
                    Problem(
                        at=(),
                        message=f"an effect question needs a dimension (dimension: {allowed})",
                    )
                )
            if self.theme is None:
                found.append(
                    Problem(
                        at=(),
                        message="an effect question needs a theme label for the summary "
                        '(theme: {nl: "...", en: "..."})',
                    )
                )
        elif self.dimension is not None:
            found.append(
                Problem(
                    at=("dimension",),
                    message='only effect questions have a dimension; remove "dimension" '
                    "or make it an effect question",
                )
            )
        if self.type in CHOICE_TYPES:
            choices = self.choices or []
            if len(choices) < 2:
                found.append(
                    Problem(
                        at=("choices",),
                        message=f"a {self.type.value} question needs at least 2 choices, "
                        f"found {len(choices)}",
                    )
                )
            seen: set[str] = set()
            for number, choice in enumerate(choices):
                if choice.id in seen:
                    found.append(
                        Problem(
                            at=("choices", number),
                            message=f'choice id "{choice.id}" is used twice',
                        )
                    )
                seen.add(choice.id)
        elif self.choices is not None:
            found.append(
                Problem(
                    at=("choices",),
                    message='only choice and groups questions have choices; remove "choices" '
                    "or change the type",
                )
            )
        if self.role is not None and self.type is not ROLE_TYPES[self.role]:
            needed = ROLE_TYPES[self.role]
            found.append(
                Problem(
                    at=("role",),
                    message=f'role "{self.role.value}" needs a {needed.value} question, '
                    f"not {self.type.value}",
                )
            )
        problems(found)
        return self


class SectionSchema(_Strict):
    """One section: a file of a bank directory, or an item of a single file's `sections:`."""

    id: Id
    title: LocalTextSchema
    intro: LocalTextSchema
    questions: Annotated[list[QuestionSchema], Field(min_length=1)]


class BankHeaderSchema(_Strict):
    """bank.yaml of a bank directory: the version only."""

    version: Filled


class BankFileSchema(_Strict):
    """A single-file bank: the version and every section in order."""

    version: Filled
    sections: Annotated[list[Any], Field(min_length=1)]  # each checked as a SectionSchema


class BankSchema(BaseModel):
    """The sections together, for the rules that span them (the files are known to the
    loader: `at` starts with the section's index)."""

    model_config = ConfigDict(frozen=True)

    sections: list[SectionSchema]

    @model_validator(mode="after")
    def _unique_across_sections(self) -> BankSchema:
        """Section and question ids are unique, each role is used once, and an option
        shared by several questions has the same number in each.

        People who type numbers (the terminal, a client without buttons) reuse the ones
        they typed a minute earlier: "2" must not be children in one list and young
        people in the next. Extra options go at the end of a list.
        """
        found: list[Problem] = []
        section_ids: dict[str, int] = {}
        question_ids: dict[str, tuple[int, int]] = {}
        roles: dict[Role, tuple[int, int, str]] = {}
        numbers: dict[str, tuple[int, str]] = {}  # option id -> (number, question id)
        for s, section in enumerate(self.sections):
            if section.id in section_ids:
                found.append(
                    Problem(
                        at=(s, "id"),
                        message="section id is already used in {other}",
                        other=(section_ids[section.id],),
                    )
                )
            else:
                section_ids[section.id] = s
            for q, question in enumerate(section.questions):
                here = (s, "questions", q)
                if question.id in question_ids:
                    found.append(
                        Problem(
                            at=(*here, "id"),
                            message="question id is already used in {other}",
                            other=question_ids[question.id][:1],
                        )
                    )
                else:
                    question_ids[question.id] = (s, q)
                if question.role is not None:
                    first = roles.get(question.role)
                    if first is None:
                        roles[question.role] = (s, q, question.id)
                    else:
                        found.append(
                            Problem(
                                at=(*here, "role"),
                                message=f'role "{question.role.value}" is already used by '
                                f'question "{first[2]}" in {{other}}; each role can be used '
                                "only once",
                                other=first[:1],
                            )
                        )
                for number, choice in enumerate(question.choices or [], start=1):
                    seen = numbers.setdefault(choice.id, (number, question.id))
                    if seen[0] != number:
                        found.append(
                            Problem(
                                at=(*here, "choices", number - 1),
                                placed=True,
                                message=f"question {question.id}: option {choice.id!r} is "
                                f"number {number} here but number {seen[0]} in {seen[1]}; "
                                "give shared options the same place in every list (put extra "
                                "ones at the end)",
                            )
                        )
        problems(found)
        return self


LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}
assert set(LANGUAGE_NAMES) == set(LANGUAGES)
