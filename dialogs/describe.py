"""Short, readable forms of stored answers, for confirmations, history and personal data."""

from __future__ import annotations

from dialogs.messages import scale_label
from domain.records import AnswerRecord
from questions.model import Question


def describe_answer(question: Question, answer: AnswerRecord, lang: str) -> str:
    """A short, readable form of an answer for confirmations and history."""
    if answer.effect is not None:
        label = scale_label(answer.effect.value, lang)
        if answer.certainty is not None:
            label += f" ({scale_label(answer.certainty.value, lang).lower()})"
        return label
    if answer.choices:
        names = [question.choice(c) for c in answer.choices]
        return ", ".join(c.label.get(lang) for c in names if c is not None)
    short = answer.text if len(answer.text) <= 80 else answer.text[:77] + "…"
    # Without its own closing full stop: the sentences around it end with one
    # ("Opgeslagen: … – “Een fietspad langs het kanaal”.").
    return f"“{short.rstrip().removesuffix('.')}”"
