"""Tests for dialogs.text_answers: answers typed as text, read against the real bank."""

from __future__ import annotations

import pytest

from dialogs.text_answers import UnreadableAnswer, read_text_answer
from domain.answers import AnswerInput
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
CHOICE = question("intake.termijn", AnswerType.CHOICE)  # 4 options
GROUPS = question("intake.doelgroepen", AnswerType.GROUPS)  # 17 options


def option_ids(q: Question, *numbers: int) -> tuple[str, ...]:
    """The ids of options by their 1-based number, as the user sees them."""
    return tuple(q.choices[n - 1].id for n in numbers)


# -- effect questions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "effect"),
    [
        ("1", "strongly_positive"),
        ("2", "positive"),
        ("3", "neutral"),
        ("4", "negative"),
        ("5", "strongly_negative"),
        ("6", "unknown"),
    ],
)
def test_effect_by_number(typed: str, effect: str) -> None:
    assert read_text_answer(EFFECT, typed) == AnswerInput(effect=effect)


@pytest.mark.parametrize(
    ("typed", "effect"),
    [
        ("sterk positief", "strongly_positive"),
        ("Sterk Positief", "strongly_positive"),
        ("positief", "positive"),
        ("Positive", "positive"),
        ("neutraal", "neutral"),
        ("geen effect", "neutral"),
        ("Neutral", "neutral"),
        ("no effect", "neutral"),
        ("negatief", "negative"),
        ("sterk negatief", "strongly_negative"),
        ("strongly negative", "strongly_negative"),
        ("STRONGLY NEGATIVE", "strongly_negative"),
        ("weet niet", "unknown"),
        ("Weet niet", "unknown"),
        ("don't know", "unknown"),
        ("Don’t know", "unknown"),  # curly apostrophe, as phones type it
    ],
)
def test_effect_by_label(typed: str, effect: str) -> None:
    assert read_text_answer(EFFECT, typed) == AnswerInput(effect=effect)


@pytest.mark.parametrize("typed", ["Neutraal / geen effect", "neutral / no effect"])
def test_effect_by_the_whole_label_as_shown(typed: str) -> None:
    assert read_text_answer(EFFECT, typed) == AnswerInput(effect="neutral")


def test_label_with_explanation() -> None:
    assert read_text_answer(EFFECT, "Sterk negatief want de weg wordt smaller") == AnswerInput(
        effect="strongly_negative", explanation="de weg wordt smaller"
    )


def test_longer_label_wins_over_its_shorter_part() -> None:
    # "positief" is the end of "sterk positief", and "negative" of "strongly negative".
    assert read_text_answer(EFFECT, "sterk positief").effect == "strongly_positive"
    assert read_text_answer(EFFECT, "negatief").effect == "negative"


@pytest.mark.parametrize(
    ("typed", "certainty", "explanation"),
    [
        ("2 zeker want er komen meer fietsers", "certain", "er komen meer fietsers"),
        ("2 Zeker", "certain", ""),
        ("2, waarschijnlijk: omdat de route veiliger is", "likely", "de route veiliger is"),
        ("2 onzeker", "uncertain", ""),
        ("2 certain because more people cycle", "certain", "more people cycle"),
        ("2 likely", "likely", ""),
        ("2 uncertain", "uncertain", ""),
    ],
)
def test_certainty_word_after_the_effect(typed: str, certainty: str, explanation: str) -> None:
    assert read_text_answer(EFFECT, typed) == AnswerInput(
        effect="positive", certainty=certainty, explanation=explanation
    )


def test_certainty_after_a_label() -> None:
    assert read_text_answer(EFFECT, "negatief onzeker want bomenkap") == AnswerInput(
        effect="negative", certainty="uncertain", explanation="bomenkap"
    )


def test_word_that_only_starts_like_a_certainty_is_explanation() -> None:
    assert read_text_answer(EFFECT, "1 zekerheid voor ouders") == AnswerInput(
        effect="strongly_positive", explanation="zekerheid voor ouders"
    )


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("2 want er komen meer fietsers", "er komen meer fietsers"),
        ("2 Want: er komen meer fietsers", "er komen meer fietsers"),
        ("2, omdat het veiliger wordt", "het veiliger wordt"),
        ("2 doordat mensen meer bewegen", "mensen meer bewegen"),
        ("2 because more people cycle", "more people cycle"),
        ("2 - since it is safer", "it is safer"),
        ("2 meer mensen gaan fietsen", "meer mensen gaan fietsen"),
        ("2. Meer beweging", "Meer beweging"),
        # "want" only as a word of its own: "wantrouwen" is part of the reason.
        ("2 wantrouwen neemt af", "wantrouwen neemt af"),
    ],
)
def test_explanation_without_leading_connective(typed: str, explanation: str) -> None:
    assert read_text_answer(EFFECT, typed) == AnswerInput(
        effect="positive", explanation=explanation
    )


def test_explanation_keeps_its_own_case_and_inner_text() -> None:
    given = read_text_answer(EFFECT, "  3 want   het Wilhelminaplein blijft   gelijk  ")
    assert given == AnswerInput(effect="neutral", explanation="het Wilhelminaplein blijft   gelijk")


@pytest.mark.parametrize(
    "typed",
    [
        "7",
        "0",
        "misschien",
        "12",
        "12 fietsers per uur",
        "10 want veel",
        "2zeker",
        "positiefst",
        "",
        "-1",
        "heel positief",
    ],
)
def test_unreadable_effect_answers(typed: str) -> None:
    with pytest.raises(UnreadableAnswer):
        read_text_answer(EFFECT, typed)


# -- text questions ------------------------------------------------------------------


def test_text_question_takes_the_whole_text() -> None:
    typed = "  2 want het centrum van Assen, de wijk Zuid en het station  "
    assert read_text_answer(TEXT, typed) == AnswerInput(
        text="2 want het centrum van Assen, de wijk Zuid en het station"
    )


def test_text_question_does_not_read_a_label() -> None:
    assert read_text_answer(TEXT, "weet niet") == AnswerInput(text="weet niet")


# -- choice and groups questions -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "numbers", "explanation"),
    [
        ("1, 4", (1, 4), ""),
        ("1 4", (1, 4), ""),
        ("1,4", (1, 4), ""),
        ("1;4/5", (1, 4, 5), ""),
        ("3", (3,), ""),
        ("17", (17,), ""),
        ("1, 4 want ouderen en jongeren fietsen veel", (1, 4), "ouderen en jongeren fietsen veel"),
        ("12 omdat huurders vaak geen auto hebben", (12,), "huurders vaak geen auto hebben"),
    ],
)
def test_groups_by_number_list(typed: str, numbers: tuple[int, ...], explanation: str) -> None:
    assert read_text_answer(GROUPS, typed) == AnswerInput(
        choices=option_ids(GROUPS, *numbers), explanation=explanation
    )


def test_twelve_is_option_twelve_not_one() -> None:
    assert read_text_answer(GROUPS, "12").choices == (GROUPS.choices[11].id,)


@pytest.mark.parametrize(
    ("typed", "choice_id"),
    [
        ("Huurders", "huurders"),
        ("tenants", "huurders"),
        ("Ouderen (65 jaar en ouder)", "ouderen"),
        ("Kinderen (tot 12 jaar)", "kinderen"),
    ],
)
def test_groups_by_label(typed: str, choice_id: str) -> None:
    assert read_text_answer(GROUPS, typed) == AnswerInput(choices=(choice_id,))


def test_groups_label_with_explanation() -> None:
    assert read_text_answer(GROUPS, "Boeren en tuinders want minder landbouwgrond") == (
        AnswerInput(choices=("boeren",), explanation="minder landbouwgrond")
    )


@pytest.mark.parametrize("typed", ["0", "18", "1, 18", "99", "0 4", "misschien", ""])
def test_groups_out_of_range_or_unknown(typed: str) -> None:
    with pytest.raises(UnreadableAnswer):
        read_text_answer(GROUPS, typed)


def test_choice_by_number() -> None:
    assert read_text_answer(CHOICE, "2 want de aanleg duurt twee jaar") == AnswerInput(
        choices=(CHOICE.choices[1].id,), explanation="de aanleg duurt twee jaar"
    )
    assert CHOICE.choices[1].id == "jaar_1_tot_4"


@pytest.mark.parametrize(
    ("typed", "choice_id"),
    [
        ("Langer dan 10 jaar", "langer_dan_10_jaar"),
        ("less than 1 year", "korter_dan_1_jaar"),
        # A label that starts with a number is that option, not option 1 or 5.
        ("1 tot 4 jaar", "jaar_1_tot_4"),
        ("5 tot 10 jaar", "jaar_5_tot_10"),
        ("1 to 4 years", "jaar_1_tot_4"),
    ],
)
def test_choice_by_label(typed: str, choice_id: str) -> None:
    assert read_text_answer(CHOICE, typed) == AnswerInput(choices=(choice_id,))


def test_choice_question_reads_several_numbers_for_validation_to_refuse() -> None:
    # Reading stays mechanical; domain.answers refuses two options for a CHOICE question.
    assert read_text_answer(CHOICE, "1, 2").choices == option_ids(CHOICE, 1, 2)


@pytest.mark.parametrize("typed", ["5", "0", "12", "1, 5", "binnenkort"])
def test_choice_out_of_range_or_unknown(typed: str) -> None:
    with pytest.raises(UnreadableAnswer):
        read_text_answer(CHOICE, typed)


@pytest.mark.parametrize(
    ("typed", "choice_ids", "explanation"),
    [
        ("ouderen", ("ouderen",), ""),
        ("Ouderen, huurders", ("ouderen", "huurders"), ""),
        ("ouderen en huurders want minder verkeer", ("ouderen", "huurders"), "minder verkeer"),
        ("boeren en tuinders en huurders", ("boeren", "huurders"), ""),
        ("older people and tenants", ("ouderen", "huurders"), ""),
        ("kinderen; jongeren / ouderen", ("kinderen", "jongeren", "ouderen"), ""),
        ("huurders, huurders", ("huurders",), ""),
        ("huurders en de buurt", ("huurders",), "en de buurt"),
    ],
)
def test_groups_typed_by_name(typed: str, choice_ids: tuple[str, ...], explanation: str) -> None:
    """Names instead of numbers: the same in every question, whatever the list's order."""
    assert read_text_answer(GROUPS, typed) == AnswerInput(
        choices=choice_ids, explanation=explanation
    )
    winners = BANK.question("verdeling.winnaars")
    assert winners is not None
    assert read_text_answer(winners, typed).choices == choice_ids
