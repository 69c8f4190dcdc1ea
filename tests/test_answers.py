"""Tests for domain.answers.validate_answer against questions of the real bank."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.answers import (
    MAX_EXPLANATION_LENGTH,
    MAX_TEXT_LENGTH,
    AnswerInput,
    AnswerProblem,
    InvalidAnswer,
    ValidAnswer,
    validate_answer,
)
from domain.scale import Certainty, Effect
from questions.loader import load_bank
from questions.model import AnswerType, Question

BANK = load_bank()


def question(question_id: str, answer_type: AnswerType) -> Question:
    """A question of the packaged bank, checked to still have the type the test needs."""
    found = BANK.question(question_id)
    assert found is not None, question_id
    assert found.type is answer_type, question_id
    return found


EFFECT = question("nu.gezondheid", AnswerType.EFFECT)
TEXT = question("intake.gebied", AnswerType.TEXT)
CHOICE = question("intake.termijn", AnswerType.CHOICE)
GROUPS = question("intake.doelgroepen", AnswerType.GROUPS)


def refused(q: Question, given: AnswerInput) -> InvalidAnswer:
    """The InvalidAnswer validate_answer raises for `given` (fails if it accepts it)."""
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(q, given)
    return caught.value


def test_limits_are_the_documented_ones() -> None:
    assert (MAX_TEXT_LENGTH, MAX_EXPLANATION_LENGTH) == (4000, 2000)


# -- effect --------------------------------------------------------------------------


def test_effect_with_certainty_and_explanation() -> None:
    valid = validate_answer(
        EFFECT, AnswerInput(effect="positive", certainty="likely", explanation="  meer beweging ")
    )
    assert valid == ValidAnswer(Effect.POSITIVE, Certainty.LIKELY, "meer beweging", "", ())


@pytest.mark.parametrize("effect", list(Effect))
def test_every_effect_value_is_accepted(effect: Effect) -> None:
    assert validate_answer(EFFECT, AnswerInput(effect=effect.value)).effect is effect


def test_effect_without_certainty_is_fine() -> None:
    valid = validate_answer(EFFECT, AnswerInput(effect="negative"))
    assert (valid.effect, valid.certainty) == (Effect.NEGATIVE, None)


@pytest.mark.parametrize("missing", [None, ""])
def test_missing_effect(missing: str | None) -> None:
    error = refused(EFFECT, AnswerInput(effect=missing, certainty="certain"))
    assert error.problem is AnswerProblem.MISSING_EFFECT
    assert error.limit is None


@pytest.mark.parametrize("unknown", ["very_positive", "Positief", "2", "POSITIVE"])
def test_unknown_effect(unknown: str) -> None:
    assert refused(EFFECT, AnswerInput(effect=unknown)).problem is AnswerProblem.UNKNOWN_EFFECT


@pytest.mark.parametrize("unknown", ["sure", "Zeker", "CERTAIN"])
def test_unknown_certainty(unknown: str) -> None:
    error = refused(EFFECT, AnswerInput(effect="positive", certainty=unknown))
    assert error.problem is AnswerProblem.UNKNOWN_CERTAINTY


def test_certainty_is_dropped_for_dont_know() -> None:
    valid = validate_answer(EFFECT, AnswerInput(effect="unknown", certainty="certain"))
    assert valid == ValidAnswer(Effect.UNKNOWN, None, "", "", ())


def test_effect_answer_ignores_text_and_choices() -> None:
    valid = validate_answer(
        EFFECT, AnswerInput(effect="neutral", text="los tekstje", choices=("huurders",))
    )
    assert (valid.text, valid.choices) == ("", ())


# -- explanation length (every type) -------------------------------------------------


@pytest.mark.parametrize(
    ("q", "base"),
    [
        (EFFECT, AnswerInput(effect="positive")),
        (TEXT, AnswerInput(text="Assen-Zuid")),
        (CHOICE, AnswerInput(choices=("jaar_1_tot_4",))),
        (GROUPS, AnswerInput(choices=("huurders",))),
    ],
)
def test_explanation_length_boundary(q: Question, base: AnswerInput) -> None:
    at_limit = "x" * MAX_EXPLANATION_LENGTH
    valid = validate_answer(q, replace(base, explanation=at_limit))
    assert valid.explanation == at_limit

    over = replace(base, explanation=at_limit + "x")
    error = refused(q, over)
    assert error.problem is AnswerProblem.EXPLANATION_TOO_LONG
    assert error.limit == MAX_EXPLANATION_LENGTH


def test_explanation_length_is_counted_without_outer_whitespace() -> None:
    padded = "  " + "x" * MAX_EXPLANATION_LENGTH + "\n  "
    valid = validate_answer(EFFECT, AnswerInput(effect="positive", explanation=padded))
    assert len(valid.explanation) == MAX_EXPLANATION_LENGTH


# -- text ----------------------------------------------------------------------------


def test_text_is_stripped() -> None:
    valid = validate_answer(TEXT, AnswerInput(text="  Assen-Zuid en het centrum \n"))
    assert valid == ValidAnswer(None, None, "", "Assen-Zuid en het centrum", ())


def test_text_answer_ignores_effect_and_choices() -> None:
    valid = validate_answer(TEXT, AnswerInput(effect="positive", certainty="certain", text="A"))
    assert (valid.effect, valid.certainty, valid.choices) == (None, None, ())


@pytest.mark.parametrize("empty", ["", "   ", "\n\t"])
def test_empty_text(empty: str) -> None:
    error = refused(TEXT, AnswerInput(text=empty, explanation="uitleg zonder antwoord"))
    assert error.problem is AnswerProblem.EMPTY_TEXT


def test_text_length_boundary() -> None:
    at_limit = "y" * MAX_TEXT_LENGTH
    assert validate_answer(TEXT, AnswerInput(text=at_limit)).text == at_limit
    assert validate_answer(TEXT, AnswerInput(text=f" {at_limit} ")).text == at_limit

    error = refused(TEXT, AnswerInput(text=at_limit + "y"))
    assert error.problem is AnswerProblem.TEXT_TOO_LONG
    assert error.limit == MAX_TEXT_LENGTH


# -- choice and groups ---------------------------------------------------------------


def test_choice_with_one_option() -> None:
    valid = validate_answer(CHOICE, AnswerInput(choices=("jaar_5_tot_10",), explanation="plan"))
    assert valid == ValidAnswer(None, None, "plan", "", ("jaar_5_tot_10",))


@pytest.mark.parametrize("q", [CHOICE, GROUPS])
@pytest.mark.parametrize("empty", [(), ("",), (" ", "\t")])
def test_missing_choice(q: Question, empty: tuple[str, ...]) -> None:
    assert refused(q, AnswerInput(choices=empty)).problem is AnswerProblem.MISSING_CHOICE


@pytest.mark.parametrize("q", [CHOICE, GROUPS])
@pytest.mark.parametrize("chosen", [("bestaat_niet",), ("Huurders",), ("huurders", "marsbewoners")])
def test_unknown_choice(q: Question, chosen: tuple[str, ...]) -> None:
    assert refused(q, AnswerInput(choices=chosen)).problem is AnswerProblem.UNKNOWN_CHOICE


def test_choice_from_another_question_is_unknown() -> None:
    # "huurders" is an option of intake.doelgroepen, not of intake.termijn.
    error = refused(CHOICE, AnswerInput(choices=("huurders",)))
    assert error.problem is AnswerProblem.UNKNOWN_CHOICE


def test_choice_question_refuses_two_options() -> None:
    error = refused(CHOICE, AnswerInput(choices=("korter_dan_1_jaar", "jaar_1_tot_4")))
    assert error.problem is AnswerProblem.TOO_MANY_CHOICES


def test_choice_question_accepts_one_option_given_twice() -> None:
    valid = validate_answer(CHOICE, AnswerInput(choices=("jaar_1_tot_4", " jaar_1_tot_4 ")))
    assert valid.choices == ("jaar_1_tot_4",)


def test_groups_accepts_several_in_the_order_given() -> None:
    valid = validate_answer(GROUPS, AnswerInput(choices=("ouderen", "huurders", "kinderen")))
    assert valid == ValidAnswer(None, None, "", "", ("ouderen", "huurders", "kinderen"))


def test_groups_duplicates_and_blanks_are_removed() -> None:
    valid = validate_answer(
        GROUPS, AnswerInput(choices=(" ouderen", "huurders", "", "ouderen ", "huurders"))
    )
    assert valid.choices == ("ouderen", "huurders")


def test_choices_ignore_effect_and_text() -> None:
    valid = validate_answer(GROUPS, AnswerInput(effect="positive", text="x", choices=("boeren",)))
    assert (valid.effect, valid.certainty, valid.text) == (None, None, "")
