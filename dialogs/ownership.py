"""Owner-only actions and personal data: co-owners, deleting a project, `mijn gegevens`.

Closing, deleting and handing out roles are for the starter and the co-owners they name;
the assessment acted on always comes from the conversation, never from card data alone.
"""

from __future__ import annotations

import logging

from dialogs.describe import describe_answer
from dialogs.messages import text
from dialogs.summary_views import format_date
from dialogs.views import Button, InfoView, PrivateView, Reply, TextView
from domain.assessment import AssessmentClosed, NotOwner
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, Person
from domain.services import Assessments
from domain.team import TeamService
from questions.model import QuestionBank

log = logging.getLogger(__name__)

CONFIRM_WORDS = frozenset({"ja", "yes", "bevestig", "confirm"})


def owner_guard(
    team: TeamService,
    assessment: Assessment,
    person: Person,
    lang: str,
    closed: str | None,
    *,
    whole_project: bool = False,
) -> list[Reply] | None:
    """The owner guard of every owner action: None when the person may act, else the
    refusal to show.

    Only the starter or a co-owner (of every round, with `whole_project`: deleting takes
    them all); `closed` names the text for a round that is no longer open (None: the
    action is allowed on a closed round too). The rule itself is `TeamService.check_owner`.
    """
    try:
        team.check_owner(
            assessment, person, while_open=closed is not None, whole_project=whole_project
        )
    except NotOwner as refused:
        return [TextView(text("owner.only", lang, starter=refused.ask.starter_name))]
    except AssessmentClosed:
        assert closed is not None
        return [TextView(text(closed, lang, project=assessment.project_name))]
    return None


def name_co_owners(
    service: Assessments,
    assessment: Assessment,
    person: Person,
    mentioned: tuple[Person, ...],
    lang: str,
) -> list[Reply]:
    """`mede-eigenaar @naam`: the starter (or a co-owner) names one or more co-owners."""
    refused = owner_guard(service.team, assessment, person, lang, "finish.already_closed")
    if refused:
        return refused
    if not mentioned:
        return [TextView(text("co_owner.missing_mention", lang))]
    replies: list[Reply] = []
    for colleague in mentioned:
        added = service.team.add_co_owner(assessment, colleague.account_id, colleague.name)
        key = "co_owner.added" if added else "co_owner.already"
        replies.append(
            TextView(text(key, lang, name=colleague.name, project=assessment.project_name))
        )
    return replies


def ask_to_delete(
    service: Assessments, assessment: Assessment, person: Person, lang: str
) -> list[Reply]:
    """First step of `verwijder`: say what will go (every round), and ask to confirm."""
    # Deleting takes every round: only someone who owns each of them may do it. `herhaal`
    # is open to anyone in the channel, and its starter owns the new round; this keeps them
    # from deleting the rounds before it that someone else owns.
    refused = owner_guard(service.team, assessment, person, lang, None, whole_project=True)
    if refused:
        return refused
    size = service.rounds.project_size(assessment)
    # The number of rounds asked about: a round started after this question is not
    # deleted with a click on it without being asked again.
    data = {"a": assessment.public_id, "lang": lang, "r": str(size.rounds)}
    body = "delete.body" if size.rounds == 1 else "delete.body_rounds"
    return [
        InfoView(
            title=text("delete.title", lang, project=assessment.project_name),
            paragraphs=(
                text(
                    body,
                    lang,
                    project=assessment.project_name,
                    answers=size.answers,
                    people=size.people,
                    rounds=size.rounds,
                ),
            ),
            buttons=(
                Button(text("button.delete_yes", lang), {"bb": "delete_confirm", **data}),
                Button(text("button.delete_no", lang), {"bb": "delete_cancel", **data}),
            ),
            footer=text("delete.text_hint", lang),
        )
    ]


def delete(
    service: Assessments,
    assessment: Assessment,
    person: Person,
    lang: str,
    asked_rounds: object = None,
) -> list[Reply]:
    """Second step: delete every round of the project with everything in it.

    `asked_rounds`: how many rounds the confirmation card named (None: typed `verwijder
    ja`). When the project has more rounds by now, it asks again instead.
    """
    # Deleting takes every round: only someone who owns each of them may do it. `herhaal`
    # is open to anyone in the channel, and its starter owns the new round; this keeps them
    # from deleting the rounds before it that someone else owns.
    refused = owner_guard(service.team, assessment, person, lang, None, whole_project=True)
    if refused:
        return refused
    rounds = str(len(service.find.project_rounds(assessment)))
    if isinstance(asked_rounds, str) and asked_rounds != rounds:
        return ask_to_delete(service, assessment, person, lang)
    deleted = service.rounds.delete(assessment)
    log.info(
        "project deleted",
        extra={
            "event": "project_deleted",
            "assessment": assessment.public_id,
            "rounds": deleted.size.rounds,
            "rows": sum(deleted.rows.values()),
        },
    )
    size = deleted.size
    key = "delete.done" if size.rounds <= 1 else "delete.done_rounds"
    return [
        TextView(
            text(
                key,
                lang,
                project=assessment.project_name,
                answers=size.answers,
                rounds=size.rounds,
            )
        )
    ]


def my_data(service: Assessments, bank: QuestionBank, person: Person, lang: str) -> list[Reply]:
    """`mijn gegevens`: everything stored under this person's id, sent to them privately."""
    stored = service.find.personal_data(person)
    if not stored:
        views: tuple[InfoView | TextView, ...] = (TextView(text("my_data.none", lang)),)
    else:
        views = tuple(_assessment_data(bank, a, answers, lang) for a, answers in stored)
    return [
        PrivateView(
            views=views,
            notice=text("my_data.sent", lang),
            failed=text("private.failed", lang, command=text("my_data.command", lang)),
        )
    ]


def _assessment_data(
    bank: QuestionBank, assessment: Assessment, answers: list[AnswerRecord], lang: str
) -> InfoView:
    state = "state.open" if assessment.status == AssessmentStatus.OPEN else "state.closed"
    lines = []
    for answer in answers:
        question = bank.question(answer.question_id)
        label = question.text.get(lang) if question else answer.question_id
        value = describe_answer(question, answer, lang) if question else answer.text
        line = f"{format_date(answer.answered_at, lang)} · {label}: {value}"
        if answer.explanation:
            line += f" – {answer.explanation}"
        if not answer.current:
            line += f" ({text('my_data.earlier', lang)})"
        lines.append(line)
    return InfoView(
        title=text("my_data.title", lang, project=assessment.project_name),
        paragraphs=(
            text(
                "my_data.intro",
                lang,
                date=format_date(assessment.created_at, lang),
                starter=assessment.starter_name,
                status=text(state, lang),
            ),
        ),
        lines=tuple(lines),
        footer=text("my_data.footer", lang),
    )
