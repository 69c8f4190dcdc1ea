"""What a summary costs for 3, 12 and 48 respondents who answered every question.

Measured in this process on a SQLite file, without HTTP: the database read, then the
analysis with the view model, then the Adaptive Card.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.rendering.adaptive_cards import render_card
from bot.storage.engine import create_db_engine, migrate
from dialogs.summary_views import build_summary
from domain.answers import AnswerInput
from domain.assessment import ConversationRef
from domain.models import Assessment
from domain.records import Person
from domain.scale import EFFECT_ORDER, Certainty
from domain.services import Assessments
from questions.loader import load_bank
from questions.model import AnswerType, Question

REPETITIONS = 15


@dataclass(frozen=True)
class SummaryCost:
    """Median milliseconds of each step for one team size."""

    respondents: int
    answers: int
    read_ms: float
    analysis_ms: float
    card_ms: float

    @property
    def analysis_and_card_ms(self) -> float:
        """What the target is about: analysis plus rendering."""
        return self.analysis_ms + self.card_ms


def _answer(question: Question, respondent: int, position: int) -> AnswerInput:
    """Answers that differ per respondent, so the analysis finds spread and trade-offs."""
    if question.type is AnswerType.EFFECT:
        effect = EFFECT_ORDER[(respondent + position) % len(EFFECT_ORDER)]
        return AnswerInput(
            effect=effect.value,
            certainty=Certainty.LIKELY.value,
            explanation=f"Toelichting {respondent} bij {question.id}.",
        )
    if question.type is AnswerType.TEXT:
        return AnswerInput(text=f"Antwoord {respondent} op {question.id}.")
    ids = [c.id for c in question.choices]
    count = 2 if question.type is AnswerType.GROUPS else 1
    start = respondent % len(ids)
    return AnswerInput(choices=tuple((ids * 2)[start : start + count]))


def _filled(service: Assessments, respondents: int) -> Assessment:
    where = ConversationRef("msteams", f"19:summary{respondents}", "t", "http://127.0.0.1/")
    team = [Person(f"aad-{n}", f"Lid {n}") for n in range(respondents)]
    assessment = service.rounds.start(where, f"Samenvatting {respondents}", team[0], "nl")
    for number, person in enumerate(team):
        for position, question in enumerate(service.bank.questions):
            service.answering.record_answer(
                assessment, question.id, person, _answer(question, number, position)
            )
    return assessment


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(team_sizes: tuple[int, ...] = (3, 12, 48)) -> list[SummaryCost]:
    """Fill one assessment per team size, then time read, analysis and card."""
    bank = load_bank()
    costs = []
    with tempfile.TemporaryDirectory(prefix="breedbeeld-summary-") as tmp:
        engine = create_db_engine(f"sqlite:///{Path(tmp) / 'summary.db'}")
        migrate(engine)
        service = Assessments(engine, bank)
        for size in team_sizes:
            assessment = _filled(service, size)
            reads, analyses, cards = [], [], []
            for _ in range(REPETITIONS):
                started = time.perf_counter()
                answers = service.find.answers(assessment)
                participants = service.find.participants(assessment)
                read = time.perf_counter()
                view = build_summary(bank, assessment, answers, participants, "nl")
                analysed = time.perf_counter()
                render_card(view)
                rendered = time.perf_counter()
                reads.append(read - started)
                analyses.append(analysed - read)
                cards.append(rendered - analysed)
            costs.append(
                SummaryCost(
                    size, len(answers), _median_ms(reads), _median_ms(analyses), _median_ms(cards)
                )
            )
        engine.dispose()
    return costs
