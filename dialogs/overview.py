"""Views over several assessments: `overzicht`, "which project do you mean?", the welcome."""

from __future__ import annotations

from dialogs.messages import names_list, text
from dialogs.moments import format_day
from dialogs.progress_views import action
from dialogs.views import Button, InfoView, TextInput
from domain.models import Assessment, AssessmentStatus
from domain.services import Assessments

MAX_BUTTONS = 5  # Teams shows up to five actions on a card; more are cut


def listing(service: Assessments, conversation_key: str, lang: str) -> InfoView:
    """Every assessment of this conversation with its state; a button per running one."""
    assessments = service.find.all_in(conversation_key)
    if not assessments:
        return InfoView(title=text("list.title", lang), paragraphs=(text("list.none", lang),))
    lines = []
    for assessment in assessments:
        progress = service.answering.progress(assessment)
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


def choice_order(candidates: list[Assessment]) -> list[Assessment]:
    """The projects of "which project?" as numbered there: newest first.

    Every one is numbered for typing; only the first few also get a button.
    """
    return list(reversed(candidates))


def choose(candidates: list[Assessment], lang: str) -> InfoView:
    """Several assessments run here: a numbered line and a button for each (newest first).

    Without buttons (the terminal, a client that shows none) people type the number.
    """
    ordered = choice_order(candidates)
    numbers = [str(n) for n in range(1, len(ordered) + 1)]
    return InfoView(
        title=text("choose.title", lang),
        paragraphs=(text("choose.body", lang),),
        lines=tuple(f"{n}. {a.project_name}" for n, a in zip(numbers, ordered, strict=True)),
        buttons=tuple(
            Button(a.project_name[:60], action("pick", a, lang)) for a in ordered[:MAX_BUTTONS]
        ),
        footer=text("choose.typed", lang, numbers=names_list(numbers, lang, "or")),
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
