"""Rules for a single answer: what a valid answer to each question type looks like."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.names import without_hidden
from domain.scale import Certainty, Effect
from questions.model import AnswerType, Question

MAX_TEXT_LENGTH = 4000
MAX_EXPLANATION_LENGTH = 2000
MAX_PROJECT_NAME_LENGTH = 120


class AnswerProblem(StrEnum):
    """Why an answer was refused; the dialogs turn each into a friendly reply."""

    MISSING_EFFECT = "missing_effect"
    UNKNOWN_EFFECT = "unknown_effect"
    UNKNOWN_CERTAINTY = "unknown_certainty"
    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    EXPLANATION_TOO_LONG = "explanation_too_long"
    MISSING_CHOICE = "missing_choice"
    UNKNOWN_CHOICE = "unknown_choice"
    TOO_MANY_CHOICES = "too_many_choices"


class InvalidAnswer(ValueError):
    """An answer that does not fit its question; nothing is stored."""

    def __init__(self, problem: AnswerProblem, limit: int | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.limit = limit


@dataclass(frozen=True)
class AnswerInput:
    """What a user submitted, still unchecked (strings as they came from a card or text)."""

    effect: str | None = None
    certainty: str | None = None
    explanation: str = ""
    text: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValidAnswer:
    """A checked answer, ready to store."""

    effect: Effect | None
    certainty: Certainty | None
    explanation: str
    text: str
    choices: tuple[str, ...]


def validate_answer(question: Question, given: AnswerInput) -> ValidAnswer:
    """Check `given` against `question`; raise InvalidAnswer with the first problem found."""
    # Characters that turn text around or hide it would make the report say something
    # else than the person wrote (domain/names.py); the dialogs tell them what was kept.
    explanation = without_hidden(given.explanation)[0].strip()
    if len(explanation) > MAX_EXPLANATION_LENGTH:
        raise InvalidAnswer(AnswerProblem.EXPLANATION_TOO_LONG, MAX_EXPLANATION_LENGTH)
    if question.type is AnswerType.EFFECT:
        return _validate_effect(given, explanation)
    if question.type is AnswerType.TEXT:
        text = without_hidden(given.text)[0].strip()
        if not text:
            raise InvalidAnswer(AnswerProblem.EMPTY_TEXT)
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidAnswer(AnswerProblem.TEXT_TOO_LONG, MAX_TEXT_LENGTH)
        return ValidAnswer(None, None, explanation, text, ())
    return _validate_choices(question, given, explanation)


def _validate_effect(given: AnswerInput, explanation: str) -> ValidAnswer:
    if not given.effect:
        raise InvalidAnswer(AnswerProblem.MISSING_EFFECT)
    try:
        effect = Effect(given.effect)
    except ValueError:
        raise InvalidAnswer(AnswerProblem.UNKNOWN_EFFECT) from None
    certainty: Certainty | None = None
    if given.certainty and effect is not Effect.UNKNOWN:
        try:
            certainty = Certainty(given.certainty)
        except ValueError:
            raise InvalidAnswer(AnswerProblem.UNKNOWN_CERTAINTY) from None
    return ValidAnswer(effect, certainty, explanation, "", ())


def _validate_choices(question: Question, given: AnswerInput, explanation: str) -> ValidAnswer:
    chosen = tuple(dict.fromkeys(c.strip() for c in given.choices if c.strip()))
    if not chosen:
        raise InvalidAnswer(AnswerProblem.MISSING_CHOICE)
    if any(question.choice(c) is None for c in chosen):
        raise InvalidAnswer(AnswerProblem.UNKNOWN_CHOICE)
    if question.type is AnswerType.CHOICE and len(chosen) > 1:
        raise InvalidAnswer(AnswerProblem.TOO_MANY_CHOICES)
    return ValidAnswer(None, None, explanation, "", chosen)
