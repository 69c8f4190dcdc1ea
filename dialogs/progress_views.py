"""The progress view: for one person (`status`), or the team's card kept up to date in place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from dialogs import summary_views
from dialogs.messages import names_list, plural, text
from dialogs.moments import format_day
from dialogs.views import Address, Button, ProgressCard, ProgressRow, ProgressView
from domain.assessment import AnsweredTurn, Progress
from domain.models import Assessment, AssessmentStatus
from domain.records import Person
from domain.services import Assessments
from questions.model import QuestionBank


def action(name: str, assessment: Assessment, lang: str) -> dict[str, str]:
    """The submit data of a button acting on an assessment."""
    return {"bb": name, "a": assessment.public_id, "lang": lang}


def address_of(assessment: Assessment) -> Address:
    """Where the assessment's card lives (the thread it was started in)."""
    return Address(
        channel=assessment.channel,
        service_url=assessment.service_url,
        tenant_id=assessment.tenant_id,
        conversation_id=assessment.progress_conversation_id or assessment.thread_id,
    )


def build_progress(
    service: Assessments, assessment: Assessment, person: Person | None, lang: str
) -> ProgressView:
    """Progress per section (with who it is assigned to) and per person.

    With a person: their own open count too (`status`). Without: the team card.
    """
    return progress_view(service.bank, service.answering.progress(assessment, person), person, lang)


def progress_view(
    bank: QuestionBank, progress: Progress, person: Person | None, lang: str
) -> ProgressView:
    """The progress view from progress already computed (the answer turn has it at hand)."""
    assessment = progress.assessment
    closed = assessment.status == AssessmentStatus.CLOSED
    my_line = ""
    if closed and assessment.closed_at is not None:
        my_line = text(
            "status.closed", lang, date=summary_views.format_date(assessment.closed_at, lang)
        )
    elif person is not None and progress.my_open:
        my_line = text("status.mine", lang, count=progress.my_open)
    elif person is not None:
        my_line = text("status.mine_done", lang)
    buttons = (
        ()
        if closed
        else (
            # In a channel: the person's questions in a dialog, out of the team's thread.
            Button(text("button.next", lang), action("next", assessment, lang), opens_dialog=True),
            Button(text("button.summary", lang), action("summary", assessment, lang)),
        )
    )
    return ProgressView(
        title=text("status.title", lang, project=assessment.project_name),
        summary_line=_team_line(progress, lang),
        my_line=my_line,
        sections=_rows(bank, progress, lang),
        people_title=text("status.who", lang),
        people=_people(progress, lang),
        buttons=buttons,
        footer=_footer(assessment, lang),
        refresh=None if closed else action("refresh", assessment, assessment.language),
        viewers=() if closed else _viewers(progress),
    )


# Teams refreshes a card automatically for at most 60 listed people.
MAX_VIEWERS = 60


def _viewers(progress: Progress) -> tuple[str, ...]:
    """The participants who see their own version of the team's card (still taking part)."""
    ids = [p.account_id or p.user_id for p in progress.participants if not p.left]
    return tuple(dict.fromkeys(i for i in ids if i))[:MAX_VIEWERS]


def viewer_card(
    bank: QuestionBank,
    progress: Progress,
    person: Person,
    assigned: Mapping[str, set[str]],
    lang: str,
) -> ProgressView:
    """The team's card as one participant sees it: the team's progress plus their line
    ("Jij: nog 12 vragen open. Gezondheid is aan jou toegewezen.") and a button to go on."""
    view = progress_view(bank, progress, person, lang)
    if progress.assessment.status == AssessmentStatus.CLOSED:
        return view
    mine = _assigned_to(bank, person, assigned, lang)
    line = (
        text("status.viewer_open", lang, count=progress.my_open)
        if progress.my_open
        else text("status.viewer_done", lang)
    )
    if mine:
        line += " " + text("status.viewer_assigned", lang, parts=names_list(mine, lang))
    return replace(view, my_line=line)


def _assigned_to(
    bank: QuestionBank, person: Person, assigned: Mapping[str, set[str]], lang: str
) -> list[str]:
    """The parts (a whole section, else its themes) assigned to this person."""
    mine = {q for q, ids in assigned.items() if person.is_one_of(ids)}
    found: list[str] = []
    for section in bank.sections:
        ids = [q.id for q in section.questions]
        if ids and all(i in mine for i in ids):
            found.append(section.title.get(lang))
            continue
        for question in section.questions:
            if question.id in mine:
                label = question.theme.get(lang) if question.theme else question.text.get(lang)
                if label not in found:
                    found.append(label)
    return found


def progress_card(service: Assessments, assessment: Assessment) -> ProgressCard:
    """The team's card, in the language the assessment was started in."""
    return team_card(
        service.bank, service.answering.progress(assessment)
    )  # read fresh, card id too


def waiting_team_card(bank: QuestionBank, turn: AnsweredTurn) -> ProgressCard:
    """An answer's team card: the edge may leave it to the refresh at the end of the
    interval, so its progress and view are only worked out if it is sent now."""
    assessment = turn.assessment
    return ProgressCard(
        public_id=assessment.public_id,
        address=address_of(assessment),
        view=None,
        activity_id=assessment.progress_activity_id,
        can_wait=True,
        build=lambda: progress_view(bank, turn.progress, None, assessment.language),
    )


def team_card(bank: QuestionBank, progress: Progress) -> ProgressCard:
    """The team's card from progress already computed, for the assessment it was read with
    (its card's id included)."""
    assessment = progress.assessment
    return ProgressCard(
        public_id=assessment.public_id,
        address=address_of(assessment),
        view=progress_view(bank, progress, None, assessment.language),
        activity_id=assessment.progress_activity_id,
    )


def _rows(bank: QuestionBank, progress: Progress, lang: str) -> tuple[ProgressRow, ...]:
    rows = []
    for count in progress.sections:
        names = []
        for name, question_id in count.assigned:
            question = bank.question(question_id) if question_id else None
            if question is not None and question.theme is not None:
                names.append(f"{name} ({summary_views.in_sentence(question.theme.get(lang))})")
            elif name not in names:
                names.append(name)
        assigned = text("status.assigned", lang, names=names_list(names, lang)) if names else ""
        rows.append(
            ProgressRow(count.section.title.get(lang), count.answered, count.total, assigned)
        )
    return tuple(rows)


def _team_line(progress: Progress, lang: str) -> str:
    """ "78 van de 93 antwoorden gegeven": answers given out of answers asked."""
    counted = progress.coverage
    if counted is None:
        return text("status.team", lang, answered=progress.answered, total=progress.total)
    return text("status.team_answers", lang, given=counted.given, asked=counted.asked)


def _people(progress: Progress, lang: str) -> tuple[str, ...]:
    lines = []
    covered = {p.user_id: p for p in progress.coverage.people} if progress.coverage else {}
    for participant in progress.participants:
        count = sum(progress.answer_counts.get(i, 0) for i in participant.ids())
        mine = covered.get(participant.user_id)
        if count == 0:
            line = text("status.invited", lang, name=participant.display_name)
        elif mine is not None and mine.asked:
            line = text(
                "status.person_of",
                lang,
                name=participant.display_name,
                given=mine.given,
                asked=mine.asked,
            )
            if mine.team_given:  # their intake answers count for the team, not lost
                line = text("status.person_team", lang, line=line, count=mine.team_given)
        else:
            line = plural("status.person", count, lang, name=participant.display_name, count=count)
        if participant.left:
            line += f" ({text('participants.left', lang)})"
        lines.append(line)
    return tuple(lines)


def _footer(assessment: Assessment, lang: str) -> str:
    if assessment.status == AssessmentStatus.CLOSED:
        return ""
    parts = []
    if assessment.deadline is not None:
        parts.append(text("status.deadline", lang, date=format_day(assessment.deadline, lang)))
    if assessment.reminders_paused:
        parts.append(text("status.paused", lang))
    return " ".join(parts)
