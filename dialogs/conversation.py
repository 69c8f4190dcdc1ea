"""The conversation: one incoming message or card submit in, a list of views out.

This module knows the commands and the flow of an assessment, and nothing about the
channel or the bot SDK: the edge in `bot/` hands in an `Incoming` and renders the views.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from dialogs import ownership, summary_views
from dialogs.commands import Command, ParsedCommand, language_of, parse_command
from dialogs.describe import describe_answer
from dialogs.messages import scale_label, text
from dialogs.text_answers import UnreadableAnswer, read_text_answer
from dialogs.views import (
    Button,
    InfoView,
    Option,
    ProgressRow,
    ProgressView,
    QuestionView,
    Reply,
    TextView,
    View,
)
from domain.answers import AnswerInput, InvalidAnswer
from domain.assessment import (
    AlreadyRunning,
    AssessmentClosed,
    AssessmentService,
    ConversationRef,
    InvalidProjectName,
    NextQuestion,
    StillRunning,
    UnknownQuestion,
)
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, Person
from domain.report_links import ReportLinks
from domain.scale import CERTAINTY_ORDER, EFFECT_ORDER, AnswerType, Certainty
from questions.model import Question

log = logging.getLogger(__name__)

_COMMANDS_WITHOUT_ARGUMENT = frozenset(
    {Command.STATUS, Command.NEXT, Command.SKIP, Command.FINISH, Command.SUMMARY}
)

MAX_MESSAGE_LENGTH = 12_000  # longer than any valid answer plus its explanation

# Keys of the per-user memory (stored by the edge in bot state between turns).
MEMORY_LANGUAGE = "language"
MEMORY_PENDING = "pending"  # conversation key -> {"a": public id, "q": question id}


@dataclass(frozen=True)
class Incoming:
    """A message or card submit, reduced to what the conversation needs."""

    person: Person
    where: ConversationRef
    text: str = ""  # mentions already stripped
    value: Mapping[str, Any] | None = None  # card submit data
    locale: str | None = None
    mentions: tuple[Person, ...] = ()  # colleagues @mentioned in the message (not the bot)


class Conversation:
    """Handles one turn; the service does every state change in its own transaction."""

    def __init__(
        self,
        service: AssessmentService,
        links: ReportLinks | None = None,
        public_base_url: str = "",
    ) -> None:
        """`public_base_url` empty: summaries carry no picture and no report link."""
        self.service = service
        self.bank = service.bank
        self.links = links
        self.public_base_url = public_base_url.rstrip("/")

    def handle(self, incoming: Incoming, memory: MutableMapping[str, Any]) -> list[Reply]:
        """Process one turn; `memory` is this user's small state, changed in place."""
        if incoming.value:
            return self._card_submit(incoming, memory)
        if len(incoming.text) > MAX_MESSAGE_LENGTH:
            lang = language_of(None, memory.get(MEMORY_LANGUAGE), incoming.locale)
            return [TextView(text("problem.message_too_long", lang, limit=MAX_MESSAGE_LENGTH))]
        parsed = parse_command(incoming.text)
        if parsed and parsed.argument and parsed.command in _COMMANDS_WITHOUT_ARGUMENT:
            # "Status quo blijft..." or "Volgende week..." typed as an answer is prose,
            # not a command; commands like `status` and `volgende` stand alone.
            parsed = None
        lang = language_of(
            parsed.language if parsed else None, memory.get(MEMORY_LANGUAGE), incoming.locale
        )
        if parsed and parsed.language:
            memory[MEMORY_LANGUAGE] = parsed.language
        if parsed is None and not incoming.text:
            return [self._help(lang)]  # only the @mention: show what the bot can do
        if parsed is None:
            return self._free_text(incoming, memory, lang)
        return self._command(parsed, incoming, memory, lang)

    # -- commands ---------------------------------------------------------------------

    def _command(
        self,
        parsed: ParsedCommand,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        if parsed.command is Command.HELP:
            return [self._help(lang)]
        if parsed.command is Command.START:
            return self._start(parsed.argument, incoming, lang)
        if parsed.command is Command.MY_DATA:
            return ownership.my_data(self.service, self.bank, incoming.person, lang)
        if parsed.command is Command.REVOKE:
            owned = self.service.running(incoming.where.conversation_key) or self.service.latest(
                incoming.where.conversation_key
            )
            if owned is not None:
                refused = ownership.refuse_unless_owner(self.service, owned, incoming.person, lang)
                if refused:
                    return refused
            return [self._revoke(incoming, lang)]
        assessment = self.service.running(incoming.where.conversation_key)
        if parsed.command is Command.DELETE:
            target = assessment or self.service.latest(incoming.where.conversation_key)
            if target is None:
                return [TextView(text("no_assessment", lang))]
            if parsed.argument.lower() in ownership.CONFIRM_WORDS:
                return ownership.delete(self.service, target, incoming.person, lang)
            return ownership.ask_to_delete(self.service, target, incoming.person, lang)
        if parsed.command is Command.REASSESS:
            return [self._reassess(assessment, incoming, lang)]
        if parsed.command is Command.STATUS:
            shown = assessment or self.service.latest(incoming.where.conversation_key)
            if shown is None:
                return [TextView(text("no_assessment", lang))]
            return [self._progress(shown, incoming.person, lang)]
        if parsed.command is Command.SUMMARY:
            shown = assessment or self.service.latest(incoming.where.conversation_key)
            if shown is None:
                return [TextView(text("no_assessment", lang))]
            return [self._summary(shown, lang)]
        if assessment is None:
            return self._no_running(incoming, lang)
        if parsed.command is Command.NEXT:
            return self._next(assessment, incoming, memory, lang)
        if parsed.command is Command.SKIP:
            pending = self._pending(memory, incoming, assessment)
            if pending is None:
                return self._next(assessment, incoming, memory, lang)
            return self._skip(assessment, pending, incoming, memory, lang)
        if parsed.command is Command.CO_OWNER:
            return ownership.name_co_owners(
                self.service, assessment, incoming.person, incoming.mentions, lang
            )
        return self._finish(assessment, incoming, lang)

    def _help(self, lang: str) -> InfoView:
        return InfoView(
            title=text("help.title", lang),
            paragraphs=(text("help.intro", lang),),
            lines=tuple(text("help.commands", lang).split("\n")),
            footer=text("help.text_answer", lang),
        )

    def _start(self, name: str, incoming: Incoming, lang: str) -> list[Reply]:
        if not name.strip():
            return [TextView(text("start.missing_name", lang))]
        try:
            assessment = self.service.start(incoming.where, name, incoming.person, lang)
        except InvalidProjectName as refused:
            key = "start.name_too_long" if refused.too_long else "start.missing_name"
            return [TextView(text(key, lang, limit=refused.limit))]
        except AlreadyRunning as running:
            return [
                TextView(text("start.already_running", lang, project=running.existing.project_name))
            ]
        log.info(
            "assessment started",
            extra={"event": "assessment_started", "assessment": assessment.public_id},
        )
        return [
            InfoView(
                title=text("started.title", lang, project=assessment.project_name),
                paragraphs=(
                    text(
                        "started.body",
                        lang,
                        count=len(self.bank.questions),
                        sections=len(self.bank.sections),
                    ),
                    text("started.how", lang),
                ),
                lines=tuple(s.title.get(lang) for s in self.bank.sections),
                buttons=(
                    Button(text("button.first_question", lang), _action("next", assessment, lang)),
                    Button(text("button.status", lang), _action("status", assessment, lang)),
                ),
                footer=text("started.by", lang, name=incoming.person.name),
            )
        ]

    def _reassess(self, running: Assessment | None, incoming: Incoming, lang: str) -> View:
        """A new round for the project of this conversation, once the last one is closed."""
        if running is not None:
            return TextView(
                text(
                    "reassess.still_running",
                    lang,
                    n=self.service.round_number(running),
                    project=running.project_name,
                )
            )
        latest = self.service.latest(incoming.where.conversation_key)
        if latest is None:
            return TextView(text("reassess.nothing", lang))
        try:
            assessment = self.service.reassess(incoming.where, latest, incoming.person, lang)
        except (AlreadyRunning, StillRunning):  # someone else was just quicker
            current = self.service.running(incoming.where.conversation_key) or latest
            return TextView(
                text(
                    "reassess.still_running",
                    lang,
                    n=self.service.round_number(current),
                    project=current.project_name,
                )
            )
        number = self.service.round_number(assessment)
        log.info(
            "assessment reassessed",
            extra={"event": "assessment_reassessed", "assessment": assessment.public_id},
        )
        return InfoView(
            title=text("reassess.title", lang, n=number, project=assessment.project_name),
            paragraphs=(
                text("reassess.body", lang, previous=number - 1),
                text("reassess.how", lang, previous=number - 1),
                text("started.how", lang),
            ),
            buttons=(
                Button(text("button.first_question", lang), _action("next", assessment, lang)),
                Button(text("button.status", lang), _action("status", assessment, lang)),
            ),
            footer=text("started.by", lang, name=incoming.person.name),
        )

    def _revoke(self, incoming: Incoming, lang: str) -> TextView:
        """Revoke every report link of this conversation (the caller checked ownership)."""
        count = self.links.revoke_conversation(incoming.where.conversation_key) if self.links else 0
        log.info("report links revoked", extra={"event": "links_revoked", "count": count})
        if count == 0:
            return TextView(text("revoke.none", lang))
        if count == 1:
            return TextView(text("revoke.done_one", lang))
        return TextView(text("revoke.done", lang, count=count))

    def _no_running(self, incoming: Incoming, lang: str) -> list[Reply]:
        latest = self.service.latest(incoming.where.conversation_key)
        if latest is not None:
            return [
                TextView(text("finish.already_closed", lang, project=latest.project_name)),
                TextView(text("no_assessment", lang)),
            ]
        return [TextView(text("no_assessment", lang))]

    def _next(
        self,
        assessment: Assessment,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
        before: list[Reply] | None = None,
    ) -> list[Reply]:
        views = list(before or [])
        upcoming = self.service.next_question(assessment, incoming.person)
        if upcoming.question is None:
            self._set_pending(memory, incoming, None)
            views.append(TextView(text("answer.all_done", lang)))
            return views
        self._set_pending(memory, incoming, (assessment.public_id, upcoming.question.id))
        views.append(self._question(assessment, upcoming, lang))
        return views

    def _skip(
        self,
        assessment: Assessment,
        question_id: str,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        try:
            self.service.skip(assessment, question_id, incoming.person)
        except UnknownQuestion:
            return [TextView(text("problem.unknown_question", lang))]
        except AssessmentClosed:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        return self._next(
            assessment, incoming, memory, lang, [TextView(text("answer.skipped", lang))]
        )

    def _finish(self, assessment: Assessment, incoming: Incoming, lang: str) -> list[Reply]:
        refused = ownership.refuse_unless_owner(self.service, assessment, incoming.person, lang)
        if refused:
            return refused
        try:
            closed = self.service.close(assessment)
        except AssessmentClosed:
            return [TextView(text("finish.already_closed", lang, project=assessment.project_name))]
        log.info(
            "assessment closed",
            extra={"event": "assessment_closed", "assessment": assessment.public_id},
        )
        return [
            TextView(
                text(
                    "finish.closed_by", lang, name=incoming.person.name, project=closed.project_name
                )
            ),
            self._summary(closed, lang),
        ]

    def _progress(self, assessment: Assessment, person: Person, lang: str) -> ProgressView:
        progress = self.service.progress(assessment, person)
        closed = assessment.status == AssessmentStatus.CLOSED
        if closed and assessment.closed_at is not None:
            my_line = text(
                "status.closed", lang, date=summary_views.format_date(assessment.closed_at, lang)
            )
        elif progress.my_open:
            my_line = text("status.mine", lang, count=progress.my_open)
        else:
            my_line = text("status.mine_done", lang)
        people = tuple(
            text(
                "status.person_one"
                if progress.answer_counts.get(p.user_id, 0) == 1
                else "status.person",
                lang,
                name=p.display_name,
                count=progress.answer_counts.get(p.user_id, 0),
            )
            for p in progress.participants
        )
        buttons = (
            ()
            if closed
            else (
                Button(text("button.next", lang), _action("next", assessment, lang)),
                Button(text("button.summary", lang), _action("summary", assessment, lang)),
            )
        )
        return ProgressView(
            title=text("status.title", lang, project=assessment.project_name),
            summary_line=text(
                "status.team", lang, answered=progress.answered, total=progress.total
            ),
            my_line=my_line,
            sections=tuple(
                ProgressRow(s.section.title.get(lang), s.answered, s.total)
                for s in progress.sections
            ),
            people_title=text("status.who", lang),
            people=people,
            buttons=buttons,
        )

    def _summary(self, assessment: Assessment, lang: str) -> View:
        data = summary_views.load_round(self.service, assessment)
        report_url = image_url = ""
        if self.public_base_url and self.links is not None:
            token = self.links.create(assessment, lang)
            report_url = f"{self.public_base_url}/reports/{token}"
            image_url = f"{report_url}/impact.png"
        return summary_views.summarise_round(
            self.bank, data, lang, report_url=report_url, image_url=image_url
        )

    # -- answers ----------------------------------------------------------------------

    def _free_text(
        self, incoming: Incoming, memory: MutableMapping[str, Any], lang: str
    ) -> list[Reply]:
        assessment = self.service.running(incoming.where.conversation_key)
        pending = self._pending(memory, incoming, assessment) if assessment else None
        if assessment is None or pending is None:
            return [TextView(text("unknown_command", lang))]
        question = self.bank.question(pending)
        if question is None:
            return [TextView(text("problem.unknown_question", lang))]
        try:
            given = read_text_answer(question, incoming.text)
        except UnreadableAnswer:
            key = {
                AnswerType.EFFECT: "problem.text_answer_effect",
            }.get(question.type, "problem.unknown_choice")
            return [TextView(text(key, lang))]
        return self._save(assessment, question, given, incoming, memory, lang)

    def _save(
        self,
        assessment: Assessment,
        question: Question,
        given: AnswerInput,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        try:
            saved = self.service.record_answer(assessment, question.id, incoming.person, given)
        except InvalidAnswer as refused:
            return [TextView(text(f"problem.{refused.problem.value}", lang, limit=refused.limit))]
        except AssessmentClosed:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        log.info(
            "answer saved",
            extra={
                "event": "answer_saved",
                "assessment": assessment.public_id,
                "question": question.id,
            },
        )
        key = "answer.replaced" if saved.replaced else "answer.saved"
        confirmation = TextView(
            text(
                key,
                lang,
                question=_theme(question, lang),
                answer=describe_answer(question, saved.record, lang),
            )
        )
        return self._next(assessment, incoming, memory, lang, [confirmation])

    def _card_submit(self, incoming: Incoming, memory: MutableMapping[str, Any]) -> list[Reply]:
        value = incoming.value or {}
        card_lang = value.get("lang")
        lang = language_of(
            card_lang if card_lang in ("nl", "en") else None,
            memory.get(MEMORY_LANGUAGE),
            incoming.locale,
        )
        action = value.get("bb")
        public_id = value.get("a")
        if not isinstance(action, str) or not isinstance(public_id, str):
            return [TextView(text("problem.bad_card", lang))]
        assessment = self.service.by_public_id(public_id)
        # A card only acts on an assessment of the conversation it was submitted in.
        if assessment is None or assessment.conversation_key != incoming.where.conversation_key:
            return [TextView(text("problem.unknown_assessment", lang))]
        if action == "delete_confirm":
            return ownership.delete(self.service, assessment, incoming.person, lang)
        if action == "delete_cancel":
            return [TextView(text("delete.cancelled", lang))]
        if action == "status":
            return [self._progress(assessment, incoming.person, lang)]
        if action == "summary":
            return [self._summary(assessment, lang)]
        if assessment.status != AssessmentStatus.OPEN:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        if action == "next":
            return self._next(assessment, incoming, memory, lang)
        question = self.bank.question(str(value.get("q", "")))
        if question is None:
            return [TextView(text("problem.unknown_question", lang))]
        if action == "skip":
            return self._skip(assessment, question.id, incoming, memory, lang)
        if action == "answer":
            return self._save(assessment, question, _card_answer(value), incoming, memory, lang)
        return [TextView(text("problem.bad_card", lang))]

    # -- question card ----------------------------------------------------------------

    def _question(self, assessment: Assessment, upcoming: NextQuestion, lang: str) -> QuestionView:
        question = upcoming.question
        assert question is not None and upcoming.section is not None
        labels = {
            "effect": text("question.effect_label", lang),
            "certainty": text("question.certainty_label", lang),
            "explanation": text("question.explanation_label", lang),
            "text": text("question.text_label", lang),
            "choice": text("question.choice_label", lang),
            "groups": text("question.groups_label", lang),
            "help": text("button.help_text", lang),
            "save": text("button.save", lang),
        }
        options: tuple[Option, ...] = ()
        hint = text("question.text_hint_free", lang)
        if question.type is AnswerType.EFFECT:
            options = tuple(
                Option(e.value, scale_label(e.value, lang), i)
                for i, e in enumerate(EFFECT_ORDER, 1)
            )
            hint = text("question.text_hint", lang)
        elif question.type in (AnswerType.CHOICE, AnswerType.GROUPS):
            options = tuple(
                Option(c.id, c.label.get(lang), i) for i, c in enumerate(question.choices, 1)
            )
            hint = text(
                "question.text_hint_groups"
                if question.type is AnswerType.GROUPS
                else "question.text_hint",
                lang,
            )
        previous_note = ""
        prefill = {"certainty": Certainty.LIKELY.value}
        if upcoming.previous is not None:
            previous_note = text(
                "question.previous",
                lang,
                answer=describe_answer(question, upcoming.previous, lang),
            )
            prefill = _prefill(upcoming.previous)
        return QuestionView(
            language=lang,
            heading=text(
                "question.heading",
                lang,
                project=assessment.project_name,
                number=upcoming.number,
                total=upcoming.total,
            ),
            section_title=upcoming.section.title.get(lang),
            theme=question.theme.get(lang) if question.theme else "",
            question=question.text.get(lang),
            help=question.help.get(lang),
            kind=question.type.value,
            submit={"bb": "answer", "a": assessment.public_id, "q": question.id, "lang": lang},
            options=options,
            certainty_options=tuple(
                Option(c.value, scale_label(c.value, lang), i)
                for i, c in enumerate(CERTAINTY_ORDER, 1)
            ),
            labels=labels,
            previous_note=previous_note,
            prefill=prefill,
            text_hint=hint,
            buttons=(
                Button(
                    text("button.skip", lang),
                    {"bb": "skip", "a": assessment.public_id, "q": question.id, "lang": lang},
                ),
            ),
        )

    # -- memory -----------------------------------------------------------------------

    def _pending(
        self, memory: MutableMapping[str, Any], incoming: Incoming, assessment: Assessment
    ) -> str | None:
        """The question last shown to this user in this conversation, if still relevant."""
        pending = memory.get(MEMORY_PENDING, {}).get(incoming.where.conversation_key)
        if not isinstance(pending, dict) or pending.get("a") != assessment.public_id:
            return None
        question_id = pending.get("q")
        return question_id if isinstance(question_id, str) else None

    def _set_pending(
        self,
        memory: MutableMapping[str, Any],
        incoming: Incoming,
        shown: tuple[str, str] | None,
    ) -> None:
        pending = dict(memory.get(MEMORY_PENDING) or {})
        if shown is None:
            pending.pop(incoming.where.conversation_key, None)
        else:
            pending[incoming.where.conversation_key] = {"a": shown[0], "q": shown[1]}
        memory[MEMORY_PENDING] = pending


def _action(name: str, assessment: Assessment, lang: str) -> dict[str, str]:
    return {"bb": name, "a": assessment.public_id, "lang": lang}


def _theme(question: Question, lang: str) -> str:
    return question.theme.get(lang) if question.theme else question.text.get(lang)


def _card_answer(value: Mapping[str, Any]) -> AnswerInput:
    """Read the inputs of a question card; anything that is not text counts as empty."""

    def field(name: str) -> str:
        raw = value.get(name)
        return raw if isinstance(raw, str) else ""

    choices = tuple(c for c in field("choices").split(",") if c) or (
        (field("choice"),) if field("choice") else ()
    )
    return AnswerInput(
        effect=field("effect") or None,
        certainty=field("certainty") or None,
        explanation=field("explanation"),
        text=field("text"),
        choices=choices,
    )


def _prefill(previous: AnswerRecord) -> dict[str, str]:
    prefill = {
        "explanation": previous.explanation,
        "text": previous.text,
        "choices": ",".join(previous.choices),
    }
    if previous.effect:
        prefill["effect"] = previous.effect.value
    prefill["certainty"] = (previous.certainty or Certainty.LIKELY).value
    return prefill
