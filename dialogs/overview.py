"""Views over several assessments: `overzicht`, "which project do you mean?", the welcome."""

from __future__ import annotations

from dialogs.messages import text
from dialogs.moments import format_day
from dialogs.progress_views import action
from dialogs.views import Button, InfoView, TextInput
from domain.assessment import AssessmentService
from domain.models import Assessment, AssessmentStatus

MAX_BUTTONS = 5  # Teams shows up to five actions on a card; more are cut


def listing(service: AssessmentService, conversation_key: str, lang: str) -> InfoView:
    """Every assessment of this conversation with its state; a button per running one."""
    assessments = service.all_in(conversation_key)
    if not assessments:
        return InfoView(title=text("list.title", lang), paragraphs=(text("list.none", lang),))
    lines = []
    for assessment in assessments:
        progress = service.progress(assessment)
        open_ = assessment.status == AssessmentStatus.OPEN
        state = [text("state.open" if open_ else "state.closed", lang)]
        if open_ and assessment.deadline is not None:
            state.append(text("list.deadline", lang, date=format_day(assessment.deadline, lang)))
        if open_ and assessment.reminders_paused:
            state.append(text("state.paused", lang))
        lines.append(
            text(
                "list.line",
                lang,
                project=assessment.project_name,
                state=", ".join(state),
                answered=progress.answered,
                total=progress.total,
                people=len(progress.participants),
            )
        )
    running = [a for a in reversed(assessments) if a.status == AssessmentStatus.OPEN]
    return InfoView(
        title=text("list.title", lang),
        paragraphs=(),
        lines=tuple(lines),
        buttons=tuple(
            Button(a.project_name[:60], action("status", a, lang)) for a in running[:MAX_BUTTONS]
        ),
        footer=text("list.footer", lang) if len(running) > 1 else "",
    )


def choose(candidates: list[Assessment], lang: str) -> InfoView:
    """Several assessments run here: a button for each (newest first)."""
    newest = list(reversed(candidates))[:MAX_BUTTONS]
    return InfoView(
        title=text("choose.title", lang),
        paragraphs=(text("choose.body", lang),),
        buttons=tuple(Button(a.project_name[:60], action("pick", a, lang)) for a in newest),
    )


def welcome(lang: str) -> InfoView:
    """A short introduction with a field for the project name and a Start button."""
    return InfoView(
        title=text("welcome.title", lang),
        paragraphs=(text("welcome.body", lang), text("welcome.how", lang)),
        buttons=(Button(text("button.start", lang), {"bb": "start", "lang": lang}),),
        input=TextInput(
            id="project",
            label=text("welcome.input", lang),
            placeholder=text("welcome.placeholder", lang),
        ),
    )
