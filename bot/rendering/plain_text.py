"""View models to plain text: the terminal chat, and the fallback text of a card."""

from __future__ import annotations

from dialogs.summary_views import change_line
from dialogs.views import (
    InfoView,
    ParagraphView,
    ProgressView,
    QuestionView,
    SummaryItem,
    SummaryView,
    TextView,
    View,
)


def render_text(view: View) -> str:
    """A readable text version of any view; numbers let people answer without buttons."""
    if isinstance(view, TextView):
        return view.text
    if isinstance(view, InfoView):
        parts = [view.title.upper(), *view.paragraphs]
        parts += [f"  - {line}" for line in view.lines]
        if view.input:
            parts.append(f"({view.input.label}: {view.input.placeholder})")
        if view.footer:
            parts.append(view.footer)
        parts += [f"[{b.title}]" for b in view.buttons]
        return "\n".join(parts)
    if isinstance(view, QuestionView):
        return _question(view)
    if isinstance(view, ProgressView):
        lines = [view.title.upper(), view.summary_line]
        lines += [view.my_line] if view.my_line else []
        lines += [
            f"  {row.label}: {row.done}/{row.total}"
            + (f" · {row.assigned}" if row.assigned else "")
            for row in view.sections
        ]
        lines.append(view.people_title + ":")
        lines += [f"  - {p}" for p in view.people]
        lines += [view.footer] if view.footer else []
        return "\n".join(lines)
    if isinstance(view, ParagraphView):
        return _paragraph(view)
    return _summary(view)


def _paragraph(view: ParagraphView) -> str:
    """The paragraph's text as it is pasted, with the links when there are any.

    The terminal chat writes the Word file itself and says where (bot/console/chat.py).
    """
    lines = [view.title.upper(), view.status_line, "", view.text.rstrip()]
    if view.docx_url:
        lines += ["", f"{view.labels['download_docx']}: {view.docx_url}"]
        lines += [f"{view.labels['download_text']}: {view.text_url}"]
    return "\n".join(lines)


def _question(view: QuestionView) -> str:
    theme = f" · {view.theme}" if view.theme else ""
    lines = [view.heading, f"{view.section_title}{theme}", view.question, f"({view.help})"]
    if view.previous_note:
        lines.append(view.previous_note)
    lines += [f"  {o.number}. {o.label}" for o in view.options]
    if view.kind == "effect":
        certainty = " / ".join(o.label.lower() for o in view.certainty_options)
        lines.append(f"  {view.labels['certainty']} ({certainty})")
    lines.append(view.text_hint)
    lines += [f"[{b.title}]" for b in view.buttons]
    return "\n".join(lines)


def _items(title: str, items: tuple[SummaryItem, ...], empty: str) -> list[str]:
    lines = ["", title]
    if not items:
        return [*lines, f"  {empty}"]
    for item in items:
        lines.append(f"  * {item.title}")
        lines += [f"      {d}" for d in item.details]
    return lines


def _summary(view: SummaryView) -> str:
    """One screen first (as on the card); the details only when asked for (`details`)."""
    if view.empty:
        lines = [view.title.upper(), view.status_line, "", *view.headline]
        if view.report_url:
            lines += ["", f"{view.labels['open_report']}: {view.report_url}"]
        return "\n".join([*lines, "", view.meta_line])
    lines = [view.title.upper(), view.status_line, "", view.labels["streefbeeld"]]
    lines += [f"  {s}" for s in view.streefbeeld]
    lines += ["", view.labels["headline"], *(f"  {h}" for h in view.headline)]
    lines += ["", view.labels["parts"]]
    lines += [f"  {group.title}: {group.overall}" for group in view.profile]
    if view.coverage_line:
        lines += ["", view.coverage_line]
    if view.changes_title:
        lines += ["", view.changes_title, *(f"  {change_line(row)}" for row in view.changes)]
        if view.unchanged_line:
            lines.append(f"  {view.unchanged_line}")
    if view.details:
        lines += _details(view)
    elif view.labels.get("details_hint"):
        lines += ["", view.labels["details_hint"]]
    if view.report_url:
        lines += ["", f"{view.labels['open_report']}: {view.report_url}"]
    lines += ["", view.meta_line]
    return "\n".join(lines)


def _details(view: SummaryView) -> list[str]:
    """Everything behind the card's buttons: themes, open points, trade-offs, project."""
    lines = ["", view.labels["profile"]]
    for group in view.profile:
        lines.append(f"  {group.title}: {group.overall}")
        for row in group.rows:
            extra = ", ".join(x for x in (row.certainty.lower(), row.count, row.flag) if x)
            lines.append(
                f"    {row.label}: {row.symbol} {row.direction}" + (f" ({extra})" if extra else "")
            )
        lines += [f"    {note}" for note in group.notes]
    lines += _items(view.labels["gaps"], view.gaps, view.labels["no_gaps"])
    lines += _items(view.labels["trade_offs"], view.trade_offs, view.labels["no_trade_offs"])
    if view.project:
        lines += _items(view.labels["project"], view.project, "")
    if view.team_view:
        lines += _items(view.labels["team_view"], view.team_view, "")
    return lines
