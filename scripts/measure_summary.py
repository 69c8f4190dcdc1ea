"""Measure how long the summary's renderers take, and how big the picture is.

Run: .venv/bin/python scripts/measure_summary.py
Uses the demo's five teammates (and a 12-person variant) without a database, so it
measures rendering only: picture (PNG), summary card (Adaptive Card JSON) and report
(HTML). Prints the median and the slowest of many runs; a number, not a test.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.demo.script import CHOICES, EFFECTS, GROUPS, TEAM, TEXTS
from bot.rendering.adaptive_cards import render_card
from bot.rendering.impact_png import render_impact_png
from bot.rendering.report_html import ReportAssets, render_report_html
from dialogs.report_views import build_report
from dialogs.summary_views import RoundData, impact_picture, summarise_round
from domain.analysis import analyse
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Certainty, Effect
from questions.loader import load_bank

RUNS = 60
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def answers_for(people: int) -> tuple[list[AnswerRecord], list[ParticipantRecord]]:
    bank = load_bank()
    answers, participants = [], []
    for i in range(people):
        mate = TEAM[i % len(TEAM)]
        user = f"{mate.user_id}-{i}"
        participants.append(ParticipantRecord(user, f"{mate.name} {i}", NOW))
        for question in bank.questions:
            when = NOW - timedelta(minutes=i * 50 + len(answers))
            if question.id in EFFECTS:
                effect, certainty, why = EFFECTS[question.id][i % len(TEAM)]
                answers.append(
                    AnswerRecord(
                        question.id,
                        user,
                        mate.name,
                        when,
                        effect=Effect(effect),
                        certainty=Certainty(certainty) if certainty else None,
                        explanation=why[0],
                    )
                )
            elif question.id in GROUPS:
                chosen, why = GROUPS[question.id][mate.name]
                answers.append(
                    AnswerRecord(
                        question.id,
                        user,
                        mate.name,
                        when,
                        choices=tuple(chosen.split(",")),
                        explanation=why[0],
                    )
                )
            elif question.id in CHOICES:
                answers.append(
                    AnswerRecord(
                        question.id,
                        user,
                        mate.name,
                        when,
                        choices=tuple(CHOICES[question.id].split(",")),
                    )
                )
            elif question.id in TEXTS:
                answers.append(
                    AnswerRecord(question.id, user, mate.name, when, text=TEXTS[question.id][0])
                )
    return answers, participants


def timed(work: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    bank = load_bank()
    assessment = Assessment(
        id=1,
        public_id="d" * 32,
        channel="msteams",
        conversation_key="c",
        thread_id="c",
        service_url="",
        project_name="Fietspad Assen-Zuid",
        status=AssessmentStatus.CLOSED,
        starter_id="a",
        starter_name="Anna de Vries",
        bank_version=bank.version,
        created_at=NOW - timedelta(days=7),
        closed_at=NOW,
    )
    for people in (5, 12):
        answers, participants = answers_for(people)

        def data(
            answers: list[AnswerRecord] = answers,
            participants: list[ParticipantRecord] = participants,
        ) -> RoundData:
            """A fresh round each time, so every run includes the analysis."""
            return RoundData(
                assessment,
                tuple(answers),
                tuple(participants),
                analyse(bank, answers, participants),
                number=1,
            )

        png = render_impact_png(impact_picture(data(), "nl"))
        url = "https://breedbeeld.example/reports/" + "t" * 43
        card = render_card(
            summarise_round(bank, data(), "nl", report_url=url, image_url=url + "/impact.png")
        )
        card_bytes = len(json.dumps(card, separators=(",", ":"), ensure_ascii=False).encode())
        html = render_report_html(
            build_report(bank, data(), "nl", NOW), ReportAssets.side_by_side()
        )
        print(f"{people} people, {len(answers)} answers")
        print(f"  picture: {len(png) / 1024:.1f} KB PNG")
        print(f"  card:    {card_bytes / 1024:.1f} KB JSON (compact)")
        print(f"  report:  {len(html.encode()) / 1024:.1f} KB HTML")
        for name, work in (
            ("picture (analysis + PNG)", lambda: render_impact_png(impact_picture(data(), "nl"))),
            ("card (analysis + JSON)", lambda: render_card(summarise_round(bank, data(), "nl"))),
            (
                "report (analysis + HTML)",
                lambda: render_report_html(
                    build_report(bank, data(), "nl", NOW), ReportAssets.side_by_side()
                ),
            ),
        ):
            median, worst = timed(work)
            print(f"  {name:<26} median {median:6.1f} ms, slowest {worst:6.1f} ms ({RUNS} runs)")


if __name__ == "__main__":
    main()
