"""The report's data as CSV, JSON and Markdown downloads.

Everything a teammate typed is data here, never markup or a formula: CSV cells that a
spreadsheet would run (starting with = + - @, tab or carriage return) get a leading
apostrophe, and Markdown escapes its own syntax and HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from dialogs.views import ReportView, SummaryItem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A CSV cell that Excel and LibreOffice show as text, not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(report: ReportView) -> str:
    """One row per answer: part, question, author, when, answer, explanation."""
    labels = report.labels
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            labels["dimension"],
            "id",
            labels["question"],
            labels["theme"],
            labels["author"],
            labels["when"],
            labels["answer"],
            labels["explanation"],
        ]
    )
    for part in report.parts:
        for question in part.questions:
            for answer in question.answers:
                writer.writerow(
                    safe_cell(cell)
                    for cell in (
                        part.title,
                        question.id,
                        question.text,
                        question.theme,
                        answer.author,
                        answer.when,
                        answer.answer,
                        answer.explanation,
                    )
                )
    # A byte order mark lets Excel open the file as UTF-8 (ë, é, €).
    return "\ufeff" + buffer.getvalue()


def _items(items: tuple[SummaryItem, ...]) -> list[dict[str, Any]]:
    return [{"title": i.title, "details": list(i.details)} for i in items]


def to_json_data(report: ReportView) -> dict[str, Any]:
    """The report as plain data (texts in the report's language)."""
    summary = report.summary
    return {
        "project": report.project,
        "round": report.round_number,
        "status": report.status,
        "final": summary.final,
        "language": summary.language,
        "title": summary.title,
        "status_line": summary.status_line,
        "started": report.started,
        "closed": report.closed or None,
        "participants": list(report.participants),
        "streefbeeld": list(summary.streefbeeld),
        "description": list(summary.description),
        "headline": list(summary.headline),
        "nobody_answered": summary.empty,
        "profile": [
            {
                "dimension": group.title,
                "overall": group.overall,
                "themes": [
                    {
                        "theme": row.label,
                        "judgement": row.direction,
                        "certainty": row.certainty,
                        "answers": row.count,
                        "split": row.tone == "split",
                        "lean": row.flag,
                    }
                    for row in group.rows
                ],
            }
            for group in summary.profile
        ],
        "changes_since_previous_round": [
            {
                "dimension": row.dimension,
                "theme": row.label,
                "before": row.before,
                "now": row.now,
                "change": row.kind,
            }
            for row in report.all_changes
        ],
        "gaps": _items(summary.gaps),
        "trade_offs": _items(summary.trade_offs),
        "team_view": _items(summary.team_view),
        "about_the_project": _items(summary.project),
        "coverage": summary.coverage_line,
        "answers": [
            {
                "part": part.title,
                "question_id": question.id,
                "question": question.text,
                "theme": question.theme,
                "author": answer.author,
                "when": answer.when,
                "answer": answer.answer,
                "explanation": answer.explanation,
            }
            for part in report.parts
            for question in part.questions
            for answer in question.answers
        ],
        "generated": report.generated,
    }


def to_json(report: ReportView) -> str:
    """The report as indented UTF-8 JSON."""
    return json.dumps(to_json_data(report), ensure_ascii=False, indent=2)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md(value: str) -> str:
    """Text shown literally in Markdown: HTML escaped, Markdown syntax backslashed."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped).split())


def to_markdown(report: ReportView) -> str:
    """The report as Markdown, for wikis and intranet pages."""
    summary = report.summary
    labels = report.labels
    lines = [f"# {md(labels['title'])}", "", md(summary.status_line), ""]
    lines += [f"**{md(labels['started'])}:** {md(report.started)}  "]
    lines += [f"**{md(labels['closed'])}:** {md(report.closed or labels['not_closed'])}  "]
    lines += [f"**{md(labels['participants'])}:** {md(', '.join(report.participants))}", ""]
    lines += [f"## {md(summary.labels['streefbeeld'])}", ""]
    lines += [f"{md(s)}" for s in summary.streefbeeld] + [""]
    lines += [f"## {md(summary.labels['headline'])}", ""]
    lines += [f"- {md(h)}" for h in summary.headline] + [""]
    if summary.changes_title:
        lines += [f"## {md(summary.changes_title)}", ""]
        for change in summary.changes:
            lines.append(
                f"- {md(change.label)}: {md(change.before)} → {md(change.now)} "
                f"({md(change.kind_label)})"
            )
        lines += [md(summary.unchanged_line), ""]
    if not summary.empty:
        lines += [f"## {md(summary.labels['profile'])}", ""]
        for group in summary.profile:
            lines += [f"### {md(group.title)}: {md(group.overall)}", ""]
            for row in group.rows:
                extra = ", ".join(x for x in (row.certainty.lower(), row.count, row.flag) if x)
                lines.append(f"- {md(row.label)}: {md(row.direction)} ({md(extra)})")
            lines += [f"- {md(note)}" for note in group.notes]
            lines.append("")
        for key, items in (
            ("gaps", summary.gaps),
            ("trade_offs", summary.trade_offs),
            ("project", summary.project),
            ("team_view", summary.team_view),
        ):
            if not items and key in ("project", "team_view"):
                continue
            lines += [f"## {md(summary.labels[key])}", ""]
            for item in items:
                lines.append(f"- **{md(item.title)}**")
                lines += [f"  - {md(detail)}" for detail in item.details]
            lines.append("")
    lines += [f"## {md(labels['answers'])}", ""]
    for part in report.parts:
        lines += [f"### {md(part.title)} ({md(part.progress)})", ""]
        for question in part.questions:
            lines.append(f"**{md(question.text)}**")
            lines.append("")
            if not question.answers:
                lines += [f"- _{md(labels['no_answers_yet'])}_", ""]
                continue
            for answer in question.answers:
                why = f" — {md(answer.explanation)}" if answer.explanation else ""
                lines.append(f"- {md(answer.author)}: {md(answer.answer)}{why}")
            lines.append("")
    lines += ["---", md(summary.meta_line), "", md(report.generated), ""]
    return "\n".join(lines)
