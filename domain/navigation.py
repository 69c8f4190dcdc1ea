"""Going back: a person's previous question, and finding a question by what they type.

Pure functions over the bank and what was read, so a typed `vorige` / `wijzig <thema>`
and a card's "Vorige" button all go through the same rules. Changing an answer is a new
answer: the earlier one stays in the history (`Answering.answer`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from domain.parts import offered_to
from domain.records import Person
from questions.model import Question, QuestionBank, Scope


def walk(
    bank: QuestionBank,
    person: Person,
    *,
    mine: set[str],
    anyone: set[str],
    assignees: Mapping[str, set[str]],
) -> list[Question]:
    """The questions this person goes through, in bank order.

    Those offered to them (not assigned to someone else) that they answered or still have
    open; a team question someone else already answered is not on their way (they never saw
    it), though `wijzig` can still reach it.
    """
    return [
        q
        for q in bank.questions
        if q.id in mine
        or (offered_to(q.id, person, assignees) and not (q.scope is Scope.TEAM and q.id in anyone))
    ]


def previous_on_walk(
    walked: list[Question], bank: QuestionBank, current: str | None
) -> Question | None:
    """The question before `current` on the person's walk; the last one when `current` is
    None (they have nothing open). None at the start of the walk."""
    if current is None:
        return walked[-1] if walked else None
    position = bank.position(current)
    before = [q for q in walked if bank.position(q.id) < position]
    return before[-1] if before else None


def _plain(value: str) -> str:
    """Lower case, without accents, punctuation and extra spaces: how people type names."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def _names(question: Question, bank: QuestionBank) -> set[str]:
    """What a person may type to mean this question: its theme, its id, the id's last part."""
    names = {question.id, question.id.split(".", 1)[-1].replace("_", " ")}
    if question.theme is not None:
        names |= {question.theme.nl, question.theme.en}
    return {_plain(n) for n in names}


def find_questions(bank: QuestionBank, typed: str) -> list[Question]:
    """The questions `wijzig <thema of vraag>` may mean, best matches only.

    In order of preference: the number shown on the card ("vraag 12 van 35"), a theme or
    question name typed in full, a section name (its first question), then names and
    question texts that contain every typed word. Several matches: the caller asks which.
    """
    wanted = _plain(typed.removeprefix("vraag ").removeprefix("question "))
    if not wanted:
        return []
    words = wanted.split()
    if len(words) == 1 and words[0].isdigit():
        number = int(words[0])
        return [bank.questions[number - 1]] if 1 <= number <= len(bank.questions) else []
    if words[0] in ("vraag", "question") and len(words) == 2 and words[1].isdigit():
        return find_questions(bank, words[1])
    exact = [q for q in bank.questions if wanted in _names(q, bank)]
    if exact:
        return exact
    sections = [
        s for s in bank.sections if wanted in {_plain(s.id), _plain(s.title.nl), _plain(s.title.en)}
    ]
    if sections and sections[0].questions:
        return [sections[0].questions[0]]
    return _containing(bank.questions, words, bank)


def _containing(
    questions: Iterable[Question], words: list[str], bank: QuestionBank
) -> list[Question]:
    """Questions whose names, or else whose texts, contain every typed word."""
    questions = list(questions)

    def has_all(name: str) -> bool:  # every typed word starts a word of the name
        parts = name.split()
        return all(any(p.startswith(w) for p in parts) for w in words)

    by_name = [q for q in questions if any(has_all(n) for n in _names(q, bank))]
    if by_name:
        return by_name

    def has_all_words(text: str) -> bool:  # whole words: "weg" is not "afweging"
        found = set(text.split())
        return all(w in found for w in words)

    return [
        q for q in questions if has_all_words(_plain(q.text.nl)) or has_all_words(_plain(q.text.en))
    ]
