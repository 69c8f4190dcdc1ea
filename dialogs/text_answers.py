"""Reading an answer typed as text, for users whose client shows no card inputs.

The user types the option number (or its label), then an optional explanation:
"2 want er komen meer fietsers", "weet niet", "1, 4 ouderen en jongeren".
"""

from __future__ import annotations

import re

from dialogs.messages import LANGUAGES, scale_label
from domain.answers import AnswerInput
from domain.scale import CERTAINTY_ORDER, EFFECT_ORDER
from questions.model import AnswerType, Question

_SEPARATORS = " \t,;:.-–—"
_CONNECTIVE = re.compile(r"^(want|omdat|doordat|because|since)\b[\s,:]*", re.IGNORECASE)
_NUMBER_LIST = re.compile(r"^\s*(\d{1,2}(?:\s*[,;/ ]\s*\d{1,2})*)\b")


class UnreadableAnswer(ValueError):
    """The text does not start with an option the question offers."""


def _labels(value: str) -> list[str]:
    """The label in every language, whole ("neutraal / geen effect") and each part."""
    labels = [scale_label(value, language).lower() for language in LANGUAGES]
    parts = [part.strip() for label in labels if "/" in label for part in label.split("/")]
    return labels + parts


def _strip_prefix(text: str, candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Match the longest candidate label at the start of `text`; return (value, rest)."""
    # Phones and Teams type a curly apostrophe ("don’t know"); same length, so the
    # index into `text` stays right.
    lowered = text.lower().replace("\u2019", "'")
    for label, value in sorted(candidates, key=lambda c: -len(c[0])):
        if lowered.startswith(label) and (
            len(lowered) == len(label) or lowered[len(label)] in _SEPARATORS
        ):
            return value, text[len(label) :].lstrip(_SEPARATORS)
    return None


def read_text_answer(question: Question, text: str) -> AnswerInput:
    """Turn typed text into an AnswerInput for `question`; raise UnreadableAnswer."""
    text = text.strip()
    if question.type is AnswerType.TEXT:
        return AnswerInput(text=text)
    if question.type is AnswerType.EFFECT:
        return _read_effect(text)
    return _read_choices(question, text)


def _read_effect(text: str) -> AnswerInput:
    numbered = [(str(i), e.value) for i, e in enumerate(EFFECT_ORDER, 1)]
    named = [(label, e.value) for e in EFFECT_ORDER for label in _labels(e.value)]
    found = _strip_prefix(text, numbered + named)
    if found is None:
        raise UnreadableAnswer(text)
    effect, rest = found
    certainty_names = [(label, c.value) for c in CERTAINTY_ORDER for label in _labels(c.value)]
    certainty = _strip_prefix(rest, certainty_names)
    if certainty is not None:
        return AnswerInput(
            effect=effect, certainty=certainty[0], explanation=_explanation(certainty[1])
        )
    return AnswerInput(effect=effect, explanation=_explanation(rest))


def _explanation(rest: str) -> str:
    """The reason after the answer, without a leading "want"/"because"."""
    return _CONNECTIVE.sub("", rest.strip())


def _short(label: str) -> str:
    """A label without its explanation in brackets: "Ouderen (65 jaar en ouder)" -> "ouderen"."""
    return label.split(" (", 1)[0].strip().lower()


def _group_names(question: Question) -> list[tuple[str, str]]:
    """Every name a person may type for an option: the label as shown, without brackets,
    in both languages."""
    names = []
    for choice in question.choices:
        for label in (choice.label.nl, choice.label.en):
            names += [(label.lower(), choice.id), (_short(label), choice.id)]
    # A first word that starts only one label is enough: "boeren" for "Boeren en tuinders".
    firsts: dict[str, set[str]] = {}
    for choice in question.choices:
        for label in (choice.label.nl, choice.label.en):
            firsts.setdefault(label.lower().split()[0], set()).add(choice.id)
    names += [(word, next(iter(ids))) for word, ids in firsts.items() if len(ids) == 1]
    return names


_AND = re.compile(r"^(?:en|and|&)\s+", re.IGNORECASE)


def _read_named_groups(question: Question, text: str) -> AnswerInput | None:
    """Groups typed by name: "ouderen, huurders en boeren en tuinders want ...".

    Names are read one after another (separated by commas, "en"/"and"); whatever follows
    the last name is the explanation. None when the text does not start with a name.
    """
    names = _group_names(question)
    chosen: list[str] = []
    rest = text
    while True:
        found = _strip_prefix(rest, names)
        if found is None:
            break
        if found[0] not in chosen:
            chosen.append(found[0])
        rest = found[1]
        following = _AND.sub("", rest.lstrip(_SEPARATORS + "/&"), count=1)
        if _strip_prefix(following, names) is None:
            break
        rest = following
    if not chosen:
        return None
    return AnswerInput(choices=tuple(chosen), explanation=_explanation(rest))


def _read_choices(question: Question, text: str) -> AnswerInput:
    if question.type is AnswerType.GROUPS:
        named = _read_named_groups(question, text)
        if named is not None:
            return named
    labels = [(c.label.nl.lower(), c.id) for c in question.choices] + [
        (c.label.en.lower(), c.id) for c in question.choices
    ]
    # A label first: "1 tot 4 jaar" is the option with that label, not option 1.
    found = _strip_prefix(text, labels)
    if found is not None:
        return AnswerInput(choices=(found[0],), explanation=_explanation(found[1]))
    match = _NUMBER_LIST.match(text)
    if match is None:
        raise UnreadableAnswer(text)
    numbers = [int(n) for n in re.split(r"[,;/ ]+", match.group(1).strip()) if n]
    if any(not 1 <= n <= len(question.choices) for n in numbers):
        raise UnreadableAnswer(text)
    chosen = tuple(question.choices[n - 1].id for n in numbers)
    rest = text[match.end() :].lstrip(_SEPARATORS)
    return AnswerInput(choices=chosen, explanation=_explanation(rest))
