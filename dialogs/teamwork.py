"""Teamwork commands: participants, assigning parts, deadline, reminders and pausing them.

Adding people, assigning, the deadline, `herinner` and pausing the whole team are owner
actions (starter and co-owners); `pauze`/`hervat` for yourself is for everyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dialogs.commands import EVERYONE_WORDS, NONE_WORDS, TEAM_WORDS, assignment_part
from dialogs.dates import read_moment
from dialogs.messages import names_list, plural, text
from dialogs.moments import format_day, format_moment
from dialogs.ownership import owner_guard
from dialogs.progress_views import action, address_of, progress_card
from dialogs.views import (
    Button,
    DirectMessage,
    InfoView,
    Recipient,
    Reply,
    RosterNeeded,
    TextView,
    WakeScheduler,
)
from domain.models import Assessment, AssessmentStatus
from domain.parts import find_part, part_names
from domain.records import Person
from domain.reminders import ReminderInPast
from domain.services import Assessments
from domain.working_time import REMINDER_TIME, local


@dataclass(frozen=True)
class Asker:
    """Who typed the command, and whom they mentioned."""

    person: Person
    mentions: tuple[Person, ...]
    outsiders: frozenset[str]  # account ids of mentioned people not in the conversation
    roster: tuple[Person, ...] | None  # the conversation's members, once the edge looked
    # The language of what the team reads in the project's thread (added people, parts
    # assigned, deadline, reminders, pause team): the project's. None: the asker's.
    notice_lang: str | None = None

    def notices_in(self, lang: str) -> str:
        """The language of a notice to the team (the asker's when the asker's chat is 1:1)."""
        return self.notice_lang or lang


def without_mentions(argument: str, mentions: Iterable[Person]) -> str:
    """The argument without "@name" of the mentioned people (Slack keeps them as text)."""
    for person in mentions:
        argument = argument.replace("@" + person.name, " ")
    return " ".join(re.sub(r"(^|\s)@\S+", " ", argument).split())


# -- participants -----------------------------------------------------------------------


def participants(
    s: Assessments, assessment: Assessment, argument: str, asker: Asker, lang: str
) -> list[Reply]:
    """`deelnemers` lists; with @names or `iedereen` an owner adds people."""
    rest = without_mentions(argument, asker.mentions).lower()
    everyone = bool(rest) and rest.split()[0] in EVERYONE_WORDS
    if not everyone and not asker.mentions:
        return [_participant_list(s, assessment, lang)]
    refused = owner_guard(s.team, assessment, asker.person, lang, "finish.already_closed")
    if refused:
        return refused
    if everyone:
        if asker.roster is None:
            return [RosterNeeded()]
        if not asker.roster:
            return [TextView(text("participants.roster_failed", lang))]
        people = list(asker.roster)
        replies: list[Reply] = []
    else:
        people, replies = _members_only(asker, lang)
    if people:
        replies += add_people(s, assessment, people, asker.person, asker.notices_in(lang))
    return replies


def add_people(
    s: Assessments, assessment: Assessment, people: list[Person], by: Person, lang: str
) -> list[Reply]:
    """Add participants, say so, invite the new ones privately, update the card."""
    added = s.team.add_participants(assessment, people)
    new = [a.person for a in added if a.new]
    known = [a.person for a in added if not a.new and not a.person.is_one_of({by.user_id})]
    replies: list[Reply] = []
    if new:
        replies.append(
            TextView(
                plural(
                    "participants.added",
                    len(new),
                    lang,
                    names=names_list([p.name for p in new], lang),
                    project=assessment.project_name,
                )
            )
        )
    if known:
        replies.append(
            TextView(
                text(
                    "participants.already",
                    lang,
                    names=names_list([p.name for p in known], lang),
                    project=assessment.project_name,
                )
            )
        )
    replies += invitations(s, assessment, [p for p in new if p.user_id != by.user_id], by)
    replies.append(progress_card(s, assessment))
    return replies


def invitations(
    s: Assessments, assessment: Assessment, people: list[Person], starter: Person
) -> list[Reply]:
    """A "your questions for <project>" card for each person, in a 1:1 chat."""
    if not people:
        return []
    lang = assessment.language
    open_counts = s.answering.open_counts(assessment)
    replies: list[Reply] = []
    for person in people:
        count = open_counts.get(person.user_id, len(s.bank.questions))
        paragraphs = [
            text(
                "invite.body",
                lang,
                starter=starter.name,
                project=assessment.project_name,
                count=count,
            )
        ]
        if assessment.deadline is not None:
            paragraphs.append(
                text("invite.deadline", lang, date=format_day(assessment.deadline, lang))
            )
        card = InfoView(
            title=text("invite.title", lang, project=assessment.project_name),
            paragraphs=tuple(paragraphs),
            buttons=(
                Button(text("button.first_question", lang), action("next", assessment, lang)),
                Button(text("button.status", lang), action("status", assessment, lang)),
            ),
            footer=text("reminder.footer", lang),
        )
        replies.append(
            DirectMessage(
                recipient=Recipient(person.account_id or person.user_id, person.name),
                address=address_of(assessment),
                views=(card,),
                failed=TextView(text("invite.failed", lang, name=person.name)),
            )
        )
    return replies


def _participant_list(s: Assessments, assessment: Assessment, lang: str) -> InfoView:
    open_counts = s.answering.open_counts(assessment)
    lines = []
    for p in s.find.participants(assessment):
        notes = []
        if p.left:
            notes.append(text("participants.left", lang))
        elif p.paused:
            notes.append(text("participants.paused", lang))
        count = open_counts.get(p.user_id, 0)
        mine = text("status.mine", lang, count=count) if count else text("status.mine_done", lang)
        lines.append(f"{p.display_name}: {mine}" + (f" ({', '.join(notes)})" if notes else ""))
    return InfoView(
        title=text("participants.title", lang, project=assessment.project_name),
        paragraphs=(),
        lines=tuple(lines),
        footer=text("participants.how", lang),
    )


def _members_only(asker: Asker, lang: str) -> tuple[list[Person], list[Reply]]:
    """The mentioned people who are in this conversation, and a refusal for the others."""
    inside = [m for m in asker.mentions if m.account_id not in asker.outsiders]
    refusals: list[Reply] = [
        TextView(text("participants.outsider", lang, name=m.name))
        for m in asker.mentions
        if m.account_id in asker.outsiders
    ]
    return inside, refusals


# -- assigning ----------------------------------------------------------------------------


def assign(
    s: Assessments, assessment: Assessment, argument: str, asker: Asker, lang: str
) -> list[Reply]:
    """`wijs <deel> toe aan @naam`: that part goes to those people only."""
    refused = owner_guard(s.team, assessment, asker.person, lang, "finish.already_closed")
    if refused:
        return refused
    named = assignment_part(without_mentions(argument, asker.mentions))
    if not named or not asker.mentions:
        return [TextView(text("assign.how", lang))]
    part = find_part(s.bank, named)
    if part is None:
        examples = ", ".join(part_names(s.bank, lang)[1:5])
        return [TextView(text("assign.unknown_part", lang, part=named, examples=examples))]
    people, replies = _members_only(asker, lang)
    if not people:
        return replies
    added = s.team.add_participants(assessment, people)
    fresh = [a.person for a in added if a.new and a.person.user_id != asker.person.user_id]
    done = [p.name for p in people if s.team.assign(assessment, part, p)]
    already = [p.name for p in people if p.name not in done]
    notice = asker.notices_in(lang)
    title = part.title.get(notice)
    if done:
        replies.append(
            TextView(text("assign.done", notice, part=title, names=names_list(done, notice)))
        )
    if already:
        said = text("assign.already", notice, part=title, names=names_list(already, notice))
        replies.append(TextView(said))
    replies += invitations(s, assessment, fresh, asker.person)
    replies.append(progress_card(s, assessment))
    return replies


# -- deadline and reminders -----------------------------------------------------------


def deadline(
    s: Assessments, assessment: Assessment, argument: str, asker: Asker, lang: str, now: datetime
) -> list[Reply]:
    """`deadline <datum>`: plan the default reminders for that day (`deadline geen` removes)."""
    refused = owner_guard(s.team, assessment, asker.person, lang, "pause.closed")
    if refused:
        return refused
    if not argument.strip():
        return [TextView(text("deadline.how", lang))]
    if argument.strip().lower() in NONE_WORDS:
        s.reminders.plan_deadline(assessment, None)
        s.reminders.set_deadline(assessment, None)
        notice = asker.notices_in(lang)
        return [
            TextView(text("deadline.removed", notice, project=assessment.project_name)),
            progress_card(s, assessment),
        ]
    typed = read_moment(argument, now)
    if typed is None:
        return [TextView(text("deadline.unreadable", lang, typed=argument.strip()))]
    try:
        moments = s.reminders.plan_deadline(assessment, typed.day)
    except ReminderInPast:
        return [TextView(text("deadline.past", lang))]
    s.reminders.set_deadline(assessment, typed.day)
    notice = asker.notices_in(lang)
    day = format_day(typed.day, notice)
    if moments:
        said = text(
            "deadline.set",
            notice,
            project=assessment.project_name,
            date=day,
            moments=names_list([format_moment(m, notice) for m in moments], notice),
        )
    else:
        said = text("deadline.set_no_reminders", notice, project=assessment.project_name, date=day)
    return [TextView(said), progress_card(s, assessment)]


def remind(
    s: Assessments, assessment: Assessment, argument: str, asker: Asker, lang: str, now: datetime
) -> list[Reply]:
    """`herinner`: a reminder now (in working hours) or at the moment typed."""
    refused = owner_guard(s.team, assessment, asker.person, lang, "pause.closed")
    if refused:
        return refused
    if assessment.reminders_paused:
        return [TextView(text("remind.team_paused", lang, project=assessment.project_name))]
    moment = None
    if argument.strip():
        typed = read_moment(argument, now)
        if typed is None:
            return [TextView(text("remind.unreadable", lang, typed=argument.strip()))]
        same_day = typed.day == local(now).date() and typed.clock_time is None
        moment = None if same_day else typed.at(REMINDER_TIME)
        if moment is not None and moment <= now:
            return [TextView(text("remind.past", lang))]
    waiting = _people_to_remind(s, assessment)
    if moment is None and not waiting:
        return [TextView(text("remind.nobody", lang))]
    try:
        due = s.reminders.plan_manual(assessment, moment)
    except ReminderInPast:
        return [TextView(text("remind.past", lang))]
    notice = asker.notices_in(lang)
    if moment is None and due <= now:
        return [
            TextView(text("remind.now", notice, names=names_list(waiting, notice))),
            WakeScheduler(),
        ]
    key = "remind.at" if moment is not None and due == moment else "remind.later"
    return [TextView(text(key, notice, moment=format_moment(due, notice)))]


def _people_to_remind(s: Assessments, assessment: Assessment) -> list[str]:
    open_counts = s.answering.open_counts(assessment)
    return [
        p.display_name
        for p in s.find.participants(assessment)
        if not p.paused and not p.left and open_counts.get(p.user_id, 0) > 0
    ]


def pause(
    s: Assessments,
    assessment: Assessment,
    argument: str,
    asker: Asker,
    lang: str,
    paused: bool,
) -> list[Reply]:
    """`pauze`/`hervat` for yourself; `pauze team`/`hervat team` for everyone (owners)."""
    project = assessment.project_name
    if assessment.status != AssessmentStatus.OPEN:
        return [TextView(text("pause.closed", lang, project=project))]
    words = argument.strip().lower().split()
    if words and words[0] in TEAM_WORDS:
        refused = owner_guard(s.team, assessment, asker.person, lang, "pause.closed")
        if refused:
            return refused
        changed = s.reminders.pause_team(assessment, paused)
        if paused:
            key = "pause.team" if changed else "pause.team_already"
        else:
            key = "resume.team" if changed else "resume.team_already"
        replies: list[Reply] = [TextView(text(key, asker.notices_in(lang), project=project))]
        if changed:
            replies.append(progress_card(s, assessment))
        return replies
    mine = s.reminders.pause_person(assessment, asker.person, paused)
    if mine is None:
        return [TextView(text("pause.not_participant", lang, project=project))]
    if paused:
        key = "pause.me" if mine else "pause.me_already"
    else:
        key = "resume.me" if mine else "resume.me_already"
    return [TextView(text(key, lang, project=project))]
