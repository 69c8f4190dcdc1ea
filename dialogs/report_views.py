"""The report view: the summary plus every answer, per part, for the report page and exports."""

from __future__ import annotations

from datetime import datetime

from dialogs.formatting import format_date, format_date_time
from dialogs.messages import scale_label, text
from dialogs.summary_views import TONES, RoundData, all_change_rows, project_title, summarise_round
from dialogs.views import ReportAnswer, ReportPart, ReportQuestion, ReportView
from domain.models import AssessmentStatus
from domain.records import AnswerRecord
from questions.model import AnswerType, Question, QuestionBank

REPORT_LABELS = (
    "title",
    "intro",
    "interim_banner",
    "contents",
    "answers",
    "participants",
    "dates",
    "started",
    "closed",
    "not_closed",
    "exports",
    "csv",
    "json",
    "markdown",
    "paragraph",
    "picture",
    "changes_all",
    "theme",
    "dimension",
    "before",
    "now",
    "change",
    "judgement",
    "certainty",
    "count",
    "no_answers_yet",
    "how_to_read",
    "how_to_read_body",
    "generated",
    "author",
    "answer",
    "explanation",
    "when",
    "question",
    "print",
)


def build_report(bank: QuestionBank, data: RoundData, lang: str, now: datetime) -> ReportView:
    """Everything the report shows, in `lang`."""
    summary = summarise_round(bank, data, lang)
    by_question: dict[str, list[AnswerRecord]] = {}
    for answer in data.answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    names = {p.user_id: p.display_name for p in data.participants}
    progress = {s.id: s for s in data.analysis.sections}
    parts = tuple(
        ReportPart(
            id=section.id,
            title=section.title.get(lang),
            progress=text(
                "report.part_progress",
                lang,
                given=progress[section.id].given,
                asked=progress[section.id].asked,
            ),
            questions=tuple(
                _question(q, by_question.get(q.id, []), names, lang) for q in section.questions
            ),
        )
        for section in bank.sections
    )
    assessment = data.assessment
    closed = assessment.status == AssessmentStatus.CLOSED and assessment.closed_at is not None
    covered = (
        {p.user_id: p for p in data.analysis.coverage.people} if data.analysis.coverage else {}
    )
    participants = tuple(
        text(
            "summary.coverage_person",
            lang,
            name=p.display_name,
            given=covered[p.user_id].given,
            asked=covered[p.user_id].asked,
        )
        if p.user_id in covered
        else p.display_name
        for p in data.participants
    )
    labels = {key: text(f"report.{key}", lang) for key in REPORT_LABELS}
    labels["title"] = text("report.title", lang, project=project_title(data, lang))
    return ReportView(
        summary=summary,
        round_number=data.number,
        project=assessment.project_name,
        status=assessment.status,
        started=format_date(assessment.created_at, lang),
        closed=format_date(assessment.closed_at, lang) if closed and assessment.closed_at else "",
        participants=participants,
        parts=parts,
        all_changes=all_change_rows(data, lang),
        labels=labels,
        generated=text("report.generated_at", lang, when=format_date_time(now, lang)),
    )


def _question(
    question: Question, answers: list[AnswerRecord], names: dict[str, str], lang: str
) -> ReportQuestion:
    shown = sorted(
        answers,
        key=lambda a: ((names.get(a.author_id) or a.author_name).casefold(), a.answered_at),
    )
    return ReportQuestion(
        id=question.id,
        text=question.text.get(lang),
        theme=question.theme.get(lang) if question.theme else "",
        answers=tuple(_answer(question, a, names, lang) for a in shown),
    )


def _answer(
    question: Question, answer: AnswerRecord, names: dict[str, str], lang: str
) -> ReportAnswer:
    tone = "none"
    if question.type is AnswerType.EFFECT and answer.effect is not None:
        shown = scale_label(answer.effect.value, lang)
        if answer.certainty is not None and answer.effect.score is not None:
            shown += f" ({scale_label(answer.certainty.value, lang).lower()})"
        tone = TONES[answer.effect]
    elif answer.choices:
        chosen = (question.choice(c) for c in answer.choices)
        shown = ", ".join(c.label.get(lang) for c in chosen if c is not None)
    else:
        shown = answer.text
    return ReportAnswer(
        author=names.get(answer.author_id) or answer.author_name,
        when=format_date_time(answer.answered_at, lang),
        answer=shown,
        explanation=answer.explanation,
        tone=tone,
    )
