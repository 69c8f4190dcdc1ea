"""What a reminder says, and what the starter is told when one cannot be delivered."""

from __future__ import annotations

from dialogs.messages import plural, text
from dialogs.moments import format_day
from dialogs.progress_views import action
from dialogs.views import Button, InfoView, TextView
from domain.models import Assessment
from domain.records import ParticipantRecord


def reminder(assessment: Assessment, participant: ParticipantRecord, open_count: int) -> InfoView:
    """The 1:1 reminder: how many questions are open, the deadline, and two buttons."""
    lang = participant.language or assessment.language
    project = assessment.project_name
    body = plural("reminder.body", open_count, lang, project=project, count=open_count)
    paragraphs = [body]
    if assessment.deadline is not None:
        paragraphs.append(
            text("reminder.deadline", lang, date=format_day(assessment.deadline, lang))
        )
    return InfoView(
        title=text("reminder.title", lang, project=project),
        paragraphs=tuple(paragraphs),
        buttons=(
            Button(text("button.next", lang), action("next", assessment, lang)),
            Button(text("button.pause", lang), action("pause", assessment, lang)),
        ),
        footer=text("reminder.footer", lang),
    )


def not_delivered(assessment: Assessment, participant: ParticipantRecord) -> TextView:
    """For the starter, in the assessment's thread: no 1:1 chat could be opened."""
    return TextView(
        text(
            "reminder.not_delivered",
            assessment.language,
            starter=assessment.starter_name,
            name=participant.display_name,
        )
    )


def left_team(assessment: Assessment, participant: ParticipantRecord) -> TextView:
    """For the starter, in the assessment's thread: the person left the team."""
    return TextView(
        text(
            "reminder.left",
            assessment.language,
            starter=assessment.starter_name,
            name=participant.display_name,
        )
    )
