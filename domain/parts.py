"""Parts of the bank that can be assigned to people: a whole section, or one theme.

A part is stored as "section:<id>" or "question:<id>" (a theme is the one effect question
that carries it). Assigned parts are offered to their assignees only; unassigned parts
stay open to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.records import Person
from questions.model import LocalText, QuestionBank, Section

SECTION = "section:"
QUESTION = "question:"


@dataclass(frozen=True)
class Part:
    """A section or a theme, as stored in an assignment."""

    key: str  # "section:nu" or "question:nu.gezondheid"
    title: LocalText


@dataclass(frozen=True)
class AssignedPart:
    """One assignment as stored: the part, the ids of the person, and their name."""

    part: str
    ids: set[str]
    name: str


def _normalise(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def find_part(bank: QuestionBank, typed: str) -> Part | None:
    """The section or theme a user means, by its Dutch or English name or its id."""
    wanted = _normalise(typed)
    if not wanted:
        return None
    for section in bank.sections:
        names = {section.id, section.title.nl, section.title.en}
        if wanted in {_normalise(n) for n in names}:
            return Part(SECTION + section.id, section.title)
    for question in bank.questions:
        names = {question.id}
        if question.theme is not None:
            names |= {question.theme.nl, question.theme.en}
        if wanted in {_normalise(n) for n in names}:
            return Part(QUESTION + question.id, question.theme or question.text)
    return None


def part_title(bank: QuestionBank, key: str) -> LocalText | None:
    """The name of a stored part; None when the bank no longer has it."""
    if key.startswith(SECTION):
        section = bank.section(key[len(SECTION) :])
        return section.title if section else None
    question = bank.question(key.removeprefix(QUESTION))
    if question is None:
        return None
    return question.theme or question.text


def part_names(bank: QuestionBank, lang: str) -> tuple[str, ...]:
    """The section names and themes people can assign, for a help reply."""
    sections = tuple(s.title.get(lang) for s in bank.sections)
    themes = tuple(q.theme.get(lang) for q in bank.questions if q.theme is not None)
    return sections + themes


def assignees_by_question(
    bank: QuestionBank, assignments: Iterable[tuple[str, set[str]]]
) -> dict[str, set[str]]:
    """Question id -> ids of the people it is assigned to (through its section or theme)."""
    found: dict[str, set[str]] = {}
    for part, ids in assignments:
        if part.startswith(SECTION):
            section = bank.section(part[len(SECTION) :])
            questions = [q.id for q in section.questions] if section else []
        else:
            questions = [part.removeprefix(QUESTION)]
        for question_id in questions:
            found.setdefault(question_id, set()).update(ids)
    return found


def offered_to(question_id: str, person: Person, assignees: Mapping[str, set[str]]) -> bool:
    """Unassigned questions are for everyone; assigned ones for their assignees."""
    ids = assignees.get(question_id)
    return not ids or person.is_one_of(ids)


def assigned_in_section(
    bank: QuestionBank, section: Section, assignments: Iterable[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """(name, theme id or "") for the section's assignments, the whole section first."""
    whole = [(name, "") for part, name in assignments if part == SECTION + section.id]
    themes = [
        (name, part.removeprefix(QUESTION))
        for part, name in assignments
        if part.startswith(QUESTION)
        and (question := bank.question(part.removeprefix(QUESTION))) is not None
        and question.section_id == section.id
    ]
    return tuple(whole + themes)
