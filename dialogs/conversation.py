"""The conversation: one incoming message or card submit in, a list of views out.

This module knows the commands and the flow of an assessment, and nothing about the
channel or the bot SDK: the edge in `bot/` hands in an `Incoming` and renders the views.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeGuard, runtime_checkable

from dialogs import overview, ownership, summary_views, teamwork
from dialogs.commands import (
    EVERYONE_WORDS,
    TEAM_WORDS,
    Command,
    ParsedCommand,
    assignment_part,
    language_of,
    parse_command,
)
from dialogs.describe import describe_answer
from dialogs.messages import names_list, plural, scale_label, text
from dialogs.paragraph_views import build_paragraph, sample_contexts
from dialogs.progress_views import action as _action
from dialogs.progress_views import (
    progress_card,
    progress_view,
    team_card,
    viewer_card,
    waiting_team_card,
)
from dialogs.text_answers import UnreadableAnswer, read_text_answer
from dialogs.views import (
    Button,
    InfoView,
    Option,
    ProgressCard,
    ProgressView,
    QuestionView,
    Replace,
    Reply,
    TextView,
    View,
)
from domain.answers import AnswerInput, InvalidAnswer
from domain.assessment import (
    AlreadyRunning,
    AnsweredTurn,
    AssessmentClosed,
    ConversationRef,
    InvalidProjectName,
    NextQuestion,
    NotHere,
    NotNext,
    Progress,
    StillRunning,
    UnknownQuestion,
)
from domain.coverage import Coverage
from domain.models import Assessment, AssessmentStatus, utcnow
from domain.names import without_hidden
from domain.navigation import find_questions
from domain.records import AnswerRecord, ParticipantRecord, Person
from domain.report_links import ReportLinks
from domain.scale import CERTAINTY_ORDER, EFFECT_ORDER, Certainty
from domain.services import Assessments
from questions.model import AnswerType, Question, QuestionBank
from questions.paragraph_template import ParagraphTemplates, load_paragraph_templates

log = logging.getLogger(__name__)

_COMMANDS_WITHOUT_ARGUMENT = frozenset(
    {
        Command.STATUS,
        Command.NEXT,
        Command.SKIP,
        Command.FINISH,
        Command.SUMMARY,
        Command.LIST,
        Command.PARAGRAPH,
        Command.PREVIOUS,
    }
)

# Commands that, with no running assessment, explain that the latest one is closed.
_SAY_WHY_CLOSED = frozenset({Command.PAUSE, Command.RESUME, Command.REMIND, Command.DEADLINE})

MAX_MESSAGE_LENGTH = 12_000  # longer than any valid answer plus its explanation

# Entries of the per-user memory (kept by the edge between turns, bot/storage/user_memory.py).
# Per conversation entries end in ":<conversation key>", so a turn sets them without
# reading the others first.
MEMORY_LANGUAGE = "language"
MEMORY_PENDING = "pending"  # the question last shown: {"a": public id, "q": question id}
MEMORY_CHOOSE = "choose"  # the command waiting for "which project?" (see _ask_which)
MEMORY_CONFIRM = "confirm"  # a question waiting for a typed ja/nee: {"cmd": ..., "a": ...}

# Typed answers to "Toch afronden?" (either language; trailing punctuation ignored).
YES_WORDS = frozenset({"ja", "yes", "j", "y", "jazeker", "zeker", "ok", "oké", "okay"})
NO_WORDS = frozenset({"nee", "no", "n", "neen", "nope", "niet", "annuleer", "cancel"})
# How long a typed ja/nee answers "Toch afronden?", or a number "Welk project bedoel je?":
# a "ja" or "2" typed much later means something else.
CONFIRM_WITHIN = timedelta(minutes=30)


def memory_entry(name: str, incoming: Incoming) -> str:
    """The memory entry of `name` for the conversation of this turn."""
    return f"{name}:{incoming.where.conversation_key}"


@runtime_checkable
class KeptWithAnswer(Protocol):
    """What the edge keeps of a turn and writes in the answer's transaction (one commit):
    the person's memory, and the claim that this delivery is applied once."""

    def write_with(self, connection: Any) -> None:
        """Write the changes within the caller's transaction."""

    def written(self) -> None:
        """That transaction committed."""


def _keeps_with_answer(memory: object) -> TypeGuard[KeptWithAnswer]:
    """`isinstance(memory, KeptWithAnswer)`, worked out once per type of memory.

    Why: `isinstance` against a runtime-checkable Protocol collects the protocol's members
    and looks each one up, on every call: some 1 % of an answer turn's CPU. Its members are
    methods, so the type decides.
    """
    kind = type(memory)
    kept = _KEPT_TYPES.get(kind)
    if kept is None:
        kept = _KEPT_TYPES[kind] = issubclass(kind, KeptWithAnswer)
    return kept


_KEPT_TYPES: dict[type, bool] = {}  # a handful of memory types: a dict and UserMemory


@dataclass(frozen=True)
class Incoming:
    """A message or card submit, reduced to what the conversation needs."""

    person: Person
    where: ConversationRef
    text: str = ""  # mentions already stripped
    value: Mapping[str, Any] | None = None  # card submit data
    locale: str | None = None
    mentions: tuple[Person, ...] = ()  # colleagues @mentioned in the message (not the bot)
    personal: bool = False  # a 1:1 chat with the bot
    outsiders: frozenset[str] = frozenset()  # mentioned account ids not in this conversation
    roster: tuple[Person, ...] | None = None  # the members, once the edge looked them up
    # The click came from a card the reply can replace (Teams Action.Execute or dialog,
    # Slack message in place or modal): the answer is one `Replace`, no new message.
    in_place: bool = False
    markup_removed: bool = False  # the edge dropped formatting (bold, a list) from `text`


class Conversation:
    """Handles one turn; the domain's parts do every state change in their own transaction."""

    def __init__(
        self,
        service: Assessments,
        links: ReportLinks | None = None,
        public_base_url: str = "",
        clock: Callable[[], datetime] = utcnow,
        paragraphs: ParagraphTemplates | None = None,
    ) -> None:
        """`public_base_url` empty: summaries carry no picture and no report link.

        `paragraphs`: the checked paragraph templates (None: the packaged ones).
        """
        self.service = service
        self.paragraphs = paragraphs or load_paragraph_templates(None, sample_contexts())
        self.bank = service.bank
        self.links = links
        self.public_base_url = public_base_url.rstrip("/")
        self.team = service.team
        self.reminders = service.reminders
        self._clock = clock

    def welcome(self, locale: str | None) -> list[Reply]:
        """What the bot says when it is added to a team, channel or chat."""
        return [overview.welcome(language_of(None, None, locale))]

    def current_card(self, public_id: str) -> ProgressCard | None:
        """The team card of an assessment as it is now (None: deleted or never posted)."""
        progress = self.service.answering.progress_of(public_id)
        if progress is None or progress.assessment.progress_activity_id is None:
            return None
        return team_card(self.bank, progress)

    def progress_card_posted(self, public_id: str, conversation_id: str, activity_id: str) -> None:
        """The edge posted an assessment's progress card: remember it, to update in place."""
        self.team.record_progress_card(public_id, conversation_id, activity_id)

    def handle(
        self,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        kept: Sequence[KeptWithAnswer] = (),
    ) -> list[Reply]:
        """Process one turn; `memory` is this user's small state, changed in place.

        `kept`: written in the transaction of an answer, if this turn stores one.
        """
        if incoming.value:
            return self._card_submit(incoming, memory, kept)
        if len(incoming.text) > MAX_MESSAGE_LENGTH:
            lang = language_of(None, memory.get(MEMORY_LANGUAGE), incoming.locale)
            return [TextView(text("problem.message_too_long", lang, limit=MAX_MESSAGE_LENGTH))]
        parsed = parse_command(incoming.text)
        if parsed and not _is_command(parsed, incoming, self.bank):
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
            owned = self.service.find.running(
                incoming.where.conversation_key
            ) or self.service.find.latest(incoming.where.conversation_key)
            if owned is not None:
                refused = ownership.owner_guard(self.team, owned, incoming.person, lang, None)
                if refused:
                    return refused
            return [self._revoke(incoming, lang)]
        if parsed.command is Command.REASSESS:
            running = self.service.find.running(incoming.where.conversation_key)
            return [self._reassess(running, incoming, lang)]
        if parsed.command is Command.LIST:
            return [overview.listing(self.service, incoming.where.conversation_key, lang)]
        target = self._resolve(incoming)
        if parsed.command in (Command.PREVIOUS, Command.CHANGE):
            # Going back acts on the project of the question this person last saw here.
            shown = self._pending_assessment(memory, incoming)
            if shown is not None and shown.status == AssessmentStatus.OPEN:
                target = shown
        if isinstance(target, list):
            return self._ask_which(target, parsed, incoming, memory, lang)
        return self._on(target, parsed, incoming, memory, lang)

    def _on(
        self,
        assessment: Assessment | None,
        parsed: ParsedCommand,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """Run a command on the assessment it was meant for (None: there is none)."""
        key = incoming.where.conversation_key
        command = parsed.command
        if command is Command.DELETE:
            target = assessment or self.service.find.latest(key)
            if target is None:
                return [TextView(text("no_assessment", lang))]
            if parsed.argument.lower() in ownership.CONFIRM_WORDS:
                return ownership.delete(self.service, target, incoming.person, lang)
            return ownership.ask_to_delete(self.service, target, incoming.person, lang)
        if command in (Command.STATUS, Command.SUMMARY, Command.PARAGRAPH):
            shown = assessment or self.service.find.latest(key)
            if shown is None:
                return [TextView(text("no_assessment", lang))]
            if command is Command.STATUS:
                return [self._status(shown, incoming.person, lang)]
            if command is Command.PARAGRAPH:
                return [self._paragraph(shown, _thread_lang(shown, incoming, lang))]
            details = parsed.argument.strip().lower() in summary_views.DETAIL_WORDS
            return [self._summary(shown, _thread_lang(shown, incoming, lang), details=details)]
        if assessment is None and command in _SAY_WHY_CLOSED:
            assessment = self.service.find.latest(key)  # "X is closed" says more than "none"
        if assessment is None:
            return self._no_running(incoming, lang)
        asker = teamwork.Asker(
            incoming.person,
            incoming.mentions,
            incoming.outsiders,
            incoming.roster,
            notice_lang=_thread_lang(assessment, incoming, lang),
        )
        now = self._clock()
        if command is Command.PAUSE or command is Command.RESUME:
            paused = command is Command.PAUSE
            return teamwork.pause(self.service, assessment, parsed.argument, asker, lang, paused)
        if command is Command.PARTICIPANTS:
            return teamwork.participants(self.service, assessment, parsed.argument, asker, lang)
        if command is Command.DEADLINE:
            return teamwork.deadline(self.service, assessment, parsed.argument, asker, lang, now)
        if command is Command.REMIND:
            return teamwork.remind(self.service, assessment, parsed.argument, asker, lang, now)
        if command is Command.ASSIGN:
            return teamwork.assign(self.service, assessment, parsed.argument, asker, lang)
        if assessment.status != AssessmentStatus.OPEN:
            return self._no_running(incoming, lang, assessment)
        if command is Command.NEXT:
            return self._next(assessment, incoming, memory, lang)
        if command is Command.PREVIOUS:
            current = self._pending(memory, incoming, assessment)
            return self._previous(assessment, current, incoming, memory, lang)
        if command is Command.CHANGE:
            return self._change(assessment, parsed.argument, incoming, memory, lang)
        if command is Command.SKIP:
            pending = self._pending(memory, incoming, assessment)
            if pending is None:
                return self._next(assessment, incoming, memory, lang)
            return self._skip(assessment, pending, incoming, memory, lang)
        if command is Command.CO_OWNER:
            return ownership.name_co_owners(
                self.service, assessment, incoming.person, incoming.mentions, lang
            )
        if command is Command.FINISH:
            if parsed.argument.lower() in NO_WORDS:  # `afronden nee`
                return self._keep_open(incoming, memory, lang)
            confirmed = parsed.argument.lower() in YES_WORDS | ownership.CONFIRM_WORDS
            return self._finish(assessment, incoming, memory, lang, confirmed=confirmed)
        # Every command an assessment is chosen for is named above; the others are run by
        # `_command` before one is chosen. One of those can still get here (kept for
        # "which project?" by an older version, say): it changes nothing, and says so.
        log.warning(
            "command not handled for an assessment",
            extra={"event": "command_unhandled", "command": command.value},
        )
        return [TextView(text("unknown_command", lang))]

    # -- which assessment ---------------------------------------------------------------

    def _resolve(self, incoming: Incoming) -> Assessment | list[Assessment] | None:
        """The assessment a command means: the thread's, else the only running one here.

        A list when several run and the message says nothing about which; in a 1:1 chat
        the assessments the person takes part in elsewhere count too.
        """
        where = incoming.where
        key = where.conversation_key
        # Group and 1:1 chats have no threads: there the thread id is the conversation.
        threaded = where.thread_id != key
        if threaded:
            in_thread, candidates = self.service.find.in_thread_and_running(key, where.thread_id)
        else:
            in_thread, candidates = None, self.service.find.running_all(key)
        if in_thread is not None and in_thread.status == AssessmentStatus.OPEN:
            return in_thread
        if incoming.personal:
            seen = {a.id for a in candidates}
            candidates += [
                a for a in self.service.find.joined_elsewhere(incoming.person) if a.id not in seen
            ]
        if len(candidates) == 1:
            return candidates[0]
        return candidates or in_thread

    def _accessible(self, assessment: Assessment, incoming: Incoming) -> bool:
        """A card or remembered question acts on an assessment of this conversation, or,
        in a 1:1 chat, on one the person takes part in."""
        if assessment.conversation_key == incoming.where.conversation_key:
            return True
        return incoming.personal and _may_act(
            assessment, self.service.find.participants(assessment), incoming
        )

    def _ask_which(
        self,
        candidates: list[Assessment],
        parsed: ParsedCommand,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """Several assessments run here: ask which one, and keep the command until then.

        The command (with the people it mentioned) stays in this user's memory on the
        server; the buttons carry only the public id, so a forged click cannot add people.
        """
        memory[memory_entry(MEMORY_CHOOSE, incoming)] = {
            "cmd": parsed.command.value,
            "arg": parsed.argument,
            "m": [[m.user_id, m.name, m.account_id] for m in incoming.mentions],
            "out": sorted(incoming.outsiders),
            # For a typed number: the projects in the order shown, the question waiting
            # for an answer at this moment, and when it was asked.
            "c": [a.public_id for a in overview.choice_order(candidates)],
            "p": memory.get(memory_entry(MEMORY_PENDING, incoming)),
            "at": self._clock().isoformat(),
        }
        return [overview.choose(candidates, lang, personal=incoming.personal)]

    def _chosen(
        self,
        assessment: Assessment,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """A click on "which project?": run the waiting command on the chosen one."""
        entry = memory_entry(MEMORY_CHOOSE, incoming)
        stored = memory.get(entry)
        memory[entry] = None
        try:
            command = Command(stored["cmd"]) if isinstance(stored, dict) else Command.STATUS
        except ValueError:
            command = Command.STATUS
        stored = stored if isinstance(stored, dict) else {}
        mentions = tuple(
            Person(str(m[0]), str(m[1]), str(m[2]))
            for m in stored.get("m") or []
            if isinstance(m, list) and len(m) == 3
        )
        again = replace(
            incoming,
            mentions=mentions,
            outsiders=frozenset(str(o) for o in stored.get("out") or []),
        )
        parsed = ParsedCommand(command, str(stored.get("arg") or ""), lang)
        return self._on(assessment, parsed, again, memory, lang)

    def _typed_pick(
        self, incoming: Incoming, memory: MutableMapping[str, Any], lang: str
    ) -> list[Reply] | None:
        """A number (or project name) typed after "Welk project bedoel je?".

        None when no such question waits, or when a question card was shown since (then
        "2" answers that question), or after half an hour.
        """
        stored = memory.get(memory_entry(MEMORY_CHOOSE, incoming))
        if not isinstance(stored, dict) or not isinstance(stored.get("c"), list):
            return None
        if stored.get("p") != memory.get(memory_entry(MEMORY_PENDING, incoming)):
            return None
        try:
            asked = datetime.fromisoformat(str(stored.get("at")))
        except ValueError:
            return None
        if self._clock() - asked > CONFIRM_WITHIN:
            return None
        shown = [str(i) for i in stored["c"]]
        typed = incoming.text.strip().rstrip(".!?").strip()
        if typed.lower() in NO_WORDS:  # "nee" to "which project?": never an answer
            memory[memory_entry(MEMORY_CHOOSE, incoming)] = None
            return [TextView(text("choose.cancelled", lang))]
        numbers = names_list([str(n) for n in range(1, len(shown) + 1)], lang, "or")
        chosen: Assessment | None = None
        if typed.isdigit():
            if not 1 <= int(typed) <= len(shown):
                return [TextView(text("choose.unknown_number", lang, numbers=numbers))]
            chosen = self.service.find.by_public_id(shown[int(typed) - 1])
            if chosen is None:
                return [TextView(text("problem.unknown_assessment", lang))]
        else:
            candidates = [self.service.find.by_public_id(i) for i in shown]
            named = [a for a in candidates if a and a.project_name.casefold() == typed.casefold()]
            if not named:
                return None
            chosen = named[0]
        if not self._accessible(chosen, incoming):
            return [TextView(text("problem.unknown_assessment", lang))]
        return self._chosen(chosen, incoming, memory, lang)

    def _status(self, assessment: Assessment, person: Person, lang: str) -> ProgressView:
        """`status`: the team's progress and the person's own; no "Volgende vraag" button
        for someone with nothing left to answer (it would only say "all done")."""
        progress = self.service.answering.progress(assessment, person)
        view = progress_view(self.bank, progress, person, lang)
        if progress.my_open == 0:
            kept = tuple(b for b in view.buttons if b.data.get("bb") != "next")
            view = replace(view, buttons=kept)
        return view

    def _help(self, lang: str) -> InfoView:
        return InfoView(
            title=text("help.title", lang),
            paragraphs=(text("help.intro", lang),),
            lines=tuple(text("help.commands", lang).split("\n")),
            footer=text("help.text_answer", lang),
        )

    def _start(self, name: str, incoming: Incoming, lang: str) -> list[Reply]:
        name = teamwork.without_mentions(name, incoming.mentions)
        if not name.strip():  # nothing typed, or only formatting the edge took out
            key = "start.name_unreadable" if incoming.markup_removed else "start.missing_name"
            return [TextView(text(key, lang))]
        try:
            assessment = self.service.rounds.start(incoming.where, name, incoming.person, lang)
        except InvalidProjectName as refused:
            key = (
                "start.name_too_long"
                if refused.too_long
                else "start.name_unreadable"
                if refused.no_letters
                else "start.missing_name"
            )
            return [TextView(text(key, lang, limit=refused.limit))]
        except AlreadyRunning as running:
            return [
                TextView(text("start.already_running", lang, project=running.existing.project_name))
            ]
        log.info(
            "assessment started",
            extra={"event": "assessment_started", "assessment": assessment.public_id},
        )
        card = InfoView(
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
                Button(
                    text("button.first_question", lang),
                    _action("next", assessment, lang),
                    opens_dialog=not incoming.personal,
                ),
                Button(text("button.status", lang), _action("status", assessment, lang)),
            ),
            footer=text("started.by", lang, name=incoming.person.name),
        )
        # The start card is the assessment's one card in the channel: posted here, then
        # replaced by the progress view as the team answers.
        started = progress_card(self.service, assessment)
        replies: list[Reply] = [replace(started, view=card)]
        if without_hidden(name)[1]:  # say so: the name now reads differently than typed
            replies.append(
                TextView(text("start.hidden_removed", lang, project=assessment.project_name))
            )
        invited = [m for m in incoming.mentions if m.account_id not in incoming.outsiders]
        replies += [
            TextView(text("participants.outsider", lang, name=m.name))
            for m in incoming.mentions
            if m.account_id in incoming.outsiders
        ]
        if invited:
            self.team.add_participants(assessment, invited)
            names = names_list([m.name for m in invited], lang)
            replies.append(TextView(text("started.invited", lang, names=names)))
            replies += teamwork.invitations(self.service, assessment, invited, incoming.person)
        return replies

    def _reassess(self, running: Assessment | None, incoming: Incoming, lang: str) -> View:
        """A new round for the project of this conversation, once the last one is closed."""
        if running is not None:
            return TextView(
                text(
                    "reassess.still_running",
                    lang,
                    n=self.service.rounds.round_number(running),
                    project=running.project_name,
                )
            )
        latest = self.service.find.latest(incoming.where.conversation_key)
        if latest is None:
            return TextView(text("reassess.nothing", lang))
        try:
            assessment = self.service.rounds.reassess(incoming.where, latest, incoming.person, lang)
        except (AlreadyRunning, StillRunning):  # someone else was just quicker
            current = self.service.find.running(incoming.where.conversation_key) or latest
            return TextView(
                text(
                    "reassess.still_running",
                    lang,
                    n=self.service.rounds.round_number(current),
                    project=current.project_name,
                )
            )
        number = self.service.rounds.round_number(assessment)
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
                Button(
                    text("button.first_question", lang),
                    _action("next", assessment, lang),
                    opens_dialog=not incoming.personal,
                ),
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
        return TextView(plural("revoke.done", count, lang, count=count))

    def _no_running(
        self, incoming: Incoming, lang: str, closed: Assessment | None = None
    ) -> list[Reply]:
        latest = closed or self.service.find.latest(incoming.where.conversation_key)
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
        upcoming = self.service.answering.next_question(assessment, incoming.person)
        return self._show_next(assessment, upcoming, incoming, memory, lang, before)

    def _show_next(
        self,
        assessment: Assessment,
        upcoming: NextQuestion,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
        before: list[Reply] | None = None,
    ) -> list[Reply]:
        """The next question's card (remembered for a typed answer), or "all done"."""
        views = list(before or [])
        if upcoming.question is None:
            self._set_pending(memory, incoming, None)
            views.append(TextView(text("answer.all_done", lang)))
            return views
        self._set_pending(memory, incoming, (assessment.public_id, upcoming.question.id))
        views.append(self._question(assessment, upcoming, lang, incoming.person))
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
            self.service.answering.skip(assessment, question_id, incoming.person)
        except UnknownQuestion:
            return [TextView(text("problem.unknown_question", lang))]
        except AssessmentClosed:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        return self._next(
            assessment, incoming, memory, lang, [TextView(text("answer.skipped", lang))]
        )

    def _previous(
        self,
        assessment: Assessment,
        current: str | None,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """`vorige` or a card's "Vorige": the question before `current`, with the answer it
        has now; a new answer replaces it and the old one stays in the history."""
        shown = self.service.answering.previous_question(assessment, incoming.person, current)
        if shown is None:
            return [TextView(text("previous.none", lang))]
        return self._show_next(assessment, shown, incoming, memory, lang)

    def _go_to(
        self,
        assessment: Assessment,
        question_id: str,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """Show one question again, prefilled with its current answer."""
        try:
            shown = self.service.answering.question_for(assessment, incoming.person, question_id)
        except UnknownQuestion:
            return [TextView(text("problem.unknown_question", lang))]
        return self._show_next(assessment, shown, incoming, memory, lang)

    def _change(
        self,
        assessment: Assessment,
        typed: str,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
    ) -> list[Reply]:
        """`wijzig <thema of vraag>`: go to that question; ask which when several fit."""
        if not typed.strip():
            return [TextView(text("change.which", lang))]
        found = find_questions(self.bank, typed)
        if not found:
            return [TextView(text("change.not_found", lang, typed=typed))]
        if len(found) == 1:
            return self._go_to(assessment, found[0].id, incoming, memory, lang)
        return [self._which_question(assessment, found, lang)]

    def _which_question(self, assessment: Assessment, found: list[Question], lang: str) -> InfoView:
        """Several questions fit what was typed: each with the number to type (or a button)."""
        lines = []
        for question in found:
            section = self.bank.section(question.section_id)
            where = section.title.get(lang) if section else ""
            lines.append(
                text(
                    "change.option",
                    lang,
                    number=self.bank.position(question.id),
                    name=_theme(question, lang),
                    part=where,
                )
            )
        first = self.bank.position(found[0].id)
        return InfoView(
            title=text("change.choose_title", lang),
            paragraphs=(text("change.choose_body", lang, example=first),),
            lines=tuple(lines),
            buttons=tuple(
                Button(
                    f"{self.bank.position(q.id)}. {_theme(q, lang)}"[:60],
                    {"bb": "goto", "a": assessment.public_id, "q": q.id, "lang": lang},
                )
                for q in found[: overview.MAX_BUTTONS]
            ),
        )

    def _finish(
        self,
        assessment: Assessment,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
        *,
        confirmed: bool,
    ) -> list[Reply]:
        """`afronden`: close at once when every answer is in; otherwise ask first."""
        refused = ownership.owner_guard(
            self.team, assessment, incoming.person, lang, "finish.already_closed"
        )
        if refused:
            return refused
        if not confirmed:
            covered = self.service.answering.coverage(assessment)
            if covered.open > 0:
                memory[memory_entry(MEMORY_CONFIRM, incoming)] = {
                    "cmd": Command.FINISH.value,
                    "a": assessment.public_id,
                    "at": self._clock().isoformat(),
                }
                return [self._ask_to_finish(assessment, covered, lang)]
        memory[memory_entry(MEMORY_CONFIRM, incoming)] = None
        try:
            closed = self.service.rounds.close(assessment)
        except AssessmentClosed:
            return [TextView(text("finish.already_closed", lang, project=assessment.project_name))]
        self.reminders.cancel_pending(closed)
        log.info(
            "assessment closed",
            extra={"event": "assessment_closed", "assessment": assessment.public_id},
        )
        team = _thread_lang(closed, incoming, lang)  # the team reads this in the thread
        return [
            TextView(
                text(
                    "finish.closed_by", team, name=incoming.person.name, project=closed.project_name
                )
            ),
            progress_card(self.service, closed),  # updated in place, before the summary
            self._summary(closed, team),
        ]

    def _ask_to_finish(self, assessment: Assessment, covered: Coverage, lang: str) -> InfoView:
        """ "Nog 15 antwoorden open: Chris heeft er nog 9, ... Toch afronden?" with Ja/Nee."""
        waiting = covered.with_open
        named = [
            text("finish.confirm_person", lang, name=p.name, count=p.open) for p in waiting[:3]
        ]
        rest = waiting[3:]
        if rest:
            named.append(
                text(
                    "finish.confirm_others",
                    lang,
                    count=len(rest),
                    open=sum(p.open for p in rest),
                )
            )
        team_open = covered.team_asked - covered.team_given
        if team_open:
            named.append(text("finish.confirm_team", lang, count=team_open))
        data = {"a": assessment.public_id, "lang": lang}
        return InfoView(
            title=text("finish.confirm_title", lang, project=assessment.project_name),
            paragraphs=(
                plural(
                    "finish.confirm_body",
                    covered.open,
                    lang,
                    open=covered.open,
                    people=names_list(named, lang),
                ),
            ),
            buttons=(
                Button(text("button.finish_yes", lang), {"bb": "finish_confirm", **data}),
                Button(text("button.finish_no", lang), {"bb": "finish_cancel", **data}),
            ),
            footer=text("finish.confirm_hint", lang),
        )

    def _keep_open(
        self, incoming: Incoming, memory: MutableMapping[str, Any], lang: str
    ) -> list[Reply]:
        """ "Nee" to "Toch afronden?": nothing changes."""
        memory[memory_entry(MEMORY_CONFIRM, incoming)] = None
        return [TextView(text("finish.cancelled", lang))]

    def _confirmation(
        self, incoming: Incoming, memory: MutableMapping[str, Any], lang: str
    ) -> list[Reply] | None:
        """A typed ja/nee right after "Toch afronden?"; None when nothing waits for one."""
        word = incoming.text.strip().rstrip(".!?,;").lower()
        if word not in YES_WORDS and word not in NO_WORDS:
            return None
        entry = memory_entry(MEMORY_CONFIRM, incoming)
        waiting = memory.get(entry)
        if not isinstance(waiting, dict) or waiting.get("cmd") != Command.FINISH.value:
            return None
        try:
            asked = datetime.fromisoformat(str(waiting.get("at")))
        except ValueError:
            return None
        if self._clock() - asked > CONFIRM_WITHIN:  # a "ja" much later means something else
            return None
        if word in NO_WORDS:
            return self._keep_open(incoming, memory, lang)
        assessment = self.service.find.by_public_id(str(waiting.get("a")))
        if assessment is None or not self._accessible(assessment, incoming):
            memory[entry] = None
            return [TextView(text("problem.unknown_assessment", lang))]
        if assessment.status != AssessmentStatus.OPEN:
            memory[entry] = None
            return [TextView(text("finish.already_closed", lang, project=assessment.project_name))]
        return self._finish(assessment, incoming, memory, lang, confirmed=True)

    def _summary(self, assessment: Assessment, lang: str, *, details: bool = False) -> View:
        data = summary_views.load_round(self.service, assessment)
        report_url = image_url = ""
        if self.public_base_url and self.links is not None:
            token = self.links.create(assessment, lang)
            report_url = f"{self.public_base_url}/reports/{token}"
            image_url = f"{report_url}/impact.png"
        return summary_views.summarise_round(
            self.bank, data, lang, report_url=report_url, image_url=image_url, details=details
        )

    def _paragraph(self, assessment: Assessment, lang: str) -> View:
        """The paragraph for the council proposal, with links on the report link's token.

        A project nobody answered gets a reply and no document: an empty paragraph would
        look like a verdict.
        """
        data = summary_views.load_round(self.service, assessment)
        if data.analysis.respondent_count == 0:
            return TextView(text("paragraph.no_answers", lang, project=assessment.project_name))
        docx_url = text_url = ""
        if self.public_base_url and self.links is not None:
            token = self.links.create(assessment, lang)
            base = f"{self.public_base_url}/reports/{token}"
            docx_url, text_url = f"{base}/paragraph.docx", f"{base}/paragraph.txt"
        log.info(
            "paragraph made",
            extra={"event": "paragraph_made", "assessment": assessment.public_id},
        )
        return build_paragraph(self.paragraphs, data, lang, docx_url=docx_url, text_url=text_url)

    # -- answers ----------------------------------------------------------------------

    def _free_text(
        self, incoming: Incoming, memory: MutableMapping[str, Any], lang: str
    ) -> list[Reply]:
        confirmation = self._confirmation(incoming, memory, lang)
        if confirmation is not None:
            return confirmation
        picked = self._typed_pick(incoming, memory, lang)
        if picked is not None:
            return picked
        assessment = self._pending_assessment(memory, incoming)
        pending = self._pending(memory, incoming, assessment) if assessment else None
        typed = parse_command(incoming.text)
        changing = typed is not None and typed.command is Command.CHANGE
        not_found = TextView(text("change.not_found", lang, typed=typed.argument if typed else ""))
        if assessment is None or pending is None:
            return [not_found if changing else TextView(text("unknown_command", lang))]
        if assessment.status != AssessmentStatus.OPEN:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        question = self.bank.question(pending)
        if question is None:
            return [TextView(text("problem.unknown_question", lang))]
        try:
            given = read_text_answer(question, incoming.text)
        except UnreadableAnswer:
            if changing:  # `wijzig <something that is no question>`, not an answer
                return [not_found]
            key = {
                AnswerType.EFFECT: "problem.text_answer_effect",
            }.get(question.type, "problem.unknown_choice")
            return [TextView(text(key, lang))]
        return self._save(assessment.public_id, question, given, incoming, memory, lang)

    def _save(
        self,
        public_id: str,
        question: Question,
        given: AnswerInput,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        lang: str,
        kept: Sequence[KeptWithAnswer] = (),
    ) -> list[Reply]:
        """Store the answer, confirm it, show the next question and refresh the team card.

        One read serves all three (`Answering.answer`): nine turns in ten are this.
        """
        keeps = [*kept, memory] if _keeps_with_answer(memory) else list(kept)

        def remember(connection: Any, turn: AnsweredTurn) -> None:
            # The question shown next, for a typed answer: in the answer's own transaction.
            question = turn.upcoming.question
            shown = (public_id, question.id) if question else None
            self._set_pending(memory, incoming, shown)
            for keep in keeps:
                keep.write_with(connection)

        try:
            turn = self.service.answering.answer(
                public_id,
                question.id,
                incoming.person,
                given,
                lang,
                may_act=lambda assessment, people: _may_act(assessment, people, incoming),
                also=remember,
            )
        except NotHere:
            return [TextView(text("problem.unknown_assessment", lang))]
        except InvalidAnswer as refused:
            return [TextView(text(f"problem.{refused.problem.value}", lang, limit=refused.limit))]
        except AssessmentClosed as closed:
            project = closed.assessment.project_name
            return [TextView(text("problem.closed", lang, project=project))]
        for keep in keeps:
            keep.written()
        assessment = turn.assessment
        log.info(
            "answer saved",
            extra={
                "event": "answer_saved",
                "assessment": assessment.public_id,
                "question": question.id,
            },
        )
        key = "answer.replaced" if turn.saved.replaced else "answer.saved"
        confirmation: list[Reply] = [
            TextView(
                text(
                    key,
                    lang,
                    question=_theme(question, lang),
                    answer=describe_answer(question, turn.saved.record, lang),
                )
            )
        ]
        stored = turn.saved.record.text or turn.saved.record.explanation
        if incoming.markup_removed and stored:  # say what was kept of a formatted message
            confirmation.append(TextView(text("answer.markup_removed", lang, stored=stored)))
        elif stored and (without_hidden(given.text)[1] or without_hidden(given.explanation)[1]):
            confirmation.append(TextView(text("answer.hidden_removed", lang, stored=stored)))
        replies = self._show_next(assessment, turn.upcoming, incoming, memory, lang, confirmation)
        replies.append(waiting_team_card(self.bank, turn))
        return replies

    def _card_submit(
        self,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        kept: Sequence[KeptWithAnswer] = (),
    ) -> list[Reply]:
        value = incoming.value or {}
        card_lang = value.get("lang")
        owner = value.get("for")  # a question card names the person it was made for
        if isinstance(owner, str) and owner and owner != incoming.person.user_id:
            card_lang = None  # someone else's card: answer in the clicker's language
        if card_lang in ("nl", "en"):  # every card carries its language: no memory read
            lang = str(card_lang)
        else:
            lang = language_of(None, memory.get(MEMORY_LANGUAGE), incoming.locale)
        action = value.get("bb")
        public_id = value.get("a")
        if incoming.in_place:
            return self._in_place(incoming, memory, kept, lang)
        if action == "start":  # the welcome card: a project name typed into the card
            name = value.get("project")
            return self._start(name if isinstance(name, str) else "", incoming, lang)
        if not isinstance(action, str) or not isinstance(public_id, str):
            return [TextView(text("problem.bad_card", lang))]
        question = self.bank.question(str(value.get("q", "")))
        if action == "answer" and question is not None:  # the usual turn: one read in all
            return self._save(
                public_id, question, _card_answer(value), incoming, memory, lang, kept
            )
        assessment = self.service.find.by_public_id(public_id)
        # A card only acts on an assessment of the conversation it was submitted in (or,
        # in a 1:1 chat, on one the person takes part in).
        if assessment is None or not self._accessible(assessment, incoming):
            return [TextView(text("problem.unknown_assessment", lang))]
        if action == "pick":
            return self._chosen(assessment, incoming, memory, lang)
        if action == "pause":
            asker = teamwork.Asker(incoming.person, (), frozenset(), None)
            return teamwork.pause(self.service, assessment, "", asker, lang, True)
        if action == "delete_confirm":
            rounds = value.get("r")
            return ownership.delete(self.service, assessment, incoming.person, lang, rounds)
        if action == "delete_cancel":
            return [TextView(text("delete.cancelled", lang))]
        if action == "finish_cancel":
            return self._keep_open(incoming, memory, lang)
        if action == "finish_confirm":
            if assessment.status != AssessmentStatus.OPEN:
                project = assessment.project_name
                return [TextView(text("finish.already_closed", lang, project=project))]
            return self._finish(assessment, incoming, memory, lang, confirmed=True)
        if action == "status":
            return [self._status(assessment, incoming.person, lang)]
        if action == "summary":
            return [self._summary(assessment, _thread_lang(assessment, incoming, lang))]
        if assessment.status != AssessmentStatus.OPEN:
            return [TextView(text("problem.closed", lang, project=assessment.project_name))]
        if action == "next":
            return self._next(assessment, incoming, memory, lang)
        if question is None:
            return [TextView(text("problem.unknown_question", lang))]
        if action == "skip":
            return self._skip(assessment, question.id, incoming, memory, lang)
        if action == "previous":  # a question card's "Vorige": the one before it
            return self._previous(assessment, question.id, incoming, memory, lang)
        if action == "goto":  # "which question?" after `wijzig`: the one chosen
            return self._go_to(assessment, question.id, incoming, memory, lang)
        return [TextView(text("problem.bad_card", lang))]

    # -- cards that move on in place -------------------------------------------------

    def _in_place(
        self,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        kept: Sequence[KeptWithAnswer],
        lang: str,
    ) -> list[Reply]:
        """A click on a card the reply replaces: one `Replace` with what comes next.

        Whatever the click (a stale card, someone else's card, a closed round, a deleted
        project, a forged or broken action), the answer is the current state as a card
        with a line that says what happened: never an error, never a second save.
        """
        value = incoming.value or {}
        action = value.get("bb")
        public_id = value.get("a")
        if not isinstance(public_id, str) or action not in IN_PLACE_ACTIONS:
            return [Replace(self._notice_card(text("problem.bad_card", lang), lang))]
        owner = value.get("for")
        theirs = not isinstance(owner, str) or owner in ("", incoming.person.user_id)
        question = self.bank.question(str(value.get("q", "")))
        if action == "answer" and theirs and question is not None:
            # The usual turn: one read in all (the answer checks where it may act).
            return self._save_in_place(public_id, question, incoming, memory, kept, lang)
        assessment = self.service.find.by_public_id(public_id)
        if assessment is None or not self._accessible(assessment, incoming):
            return [Replace(self._notice_card(text("problem.gone", lang), lang))]
        if not theirs:
            # Someone else's question card (a thread or group chat): it stays theirs.
            name = value.get("name") if isinstance(value.get("name"), str) else ""
            notice = text("problem.not_your_card", lang, name=name or "?")
            them = Person(user_id=str(owner), name=str(name), account_id="")
            return [Replace(self._state(assessment, them, lang, notice, "warning"))]
        if action == "refresh":  # the team's card, opened by a participant: their version
            progress = self.service.answering.progress(assessment, incoming.person)
            assigned = self.service.find.assignees(assessment)
            card = viewer_card(self.bank, progress, incoming.person, assigned, lang)
            return [Replace(card)]
        if assessment.status != AssessmentStatus.OPEN:
            closed = text("problem.closed_now", lang, project=assessment.project_name)
            return [Replace(self._state(assessment, incoming.person, lang, closed, "warning"))]
        if action == "next":
            return [Replace(self._state(assessment, incoming.person, lang))]
        if action == "later":
            return [Replace(self._later(assessment, incoming.person, lang), close=True)]
        if question is None:
            notice = text("problem.unknown_question_card", lang)
            return [Replace(self._state(assessment, incoming.person, lang, notice, "warning"))]
        if action == "previous":  # "Vorige": the question before this one, to change it
            earlier = self.service.answering.previous_question(
                assessment, incoming.person, question.id
            )
            if earlier is None:
                notice = text("previous.none", lang)
                return [Replace(self._state(assessment, incoming.person, lang, notice, "warning"))]
            back = self._question(assessment, earlier, lang, incoming.person, change=True)
            return [Replace(back)]
        if action == "skip":
            upcoming = self.service.answering.next_question(assessment, incoming.person)
            if upcoming.question is None or upcoming.question.id != question.id:
                notice = text("answer.already_moved_on", lang)
                return [Replace(self._shown(assessment, upcoming, incoming.person, lang, notice))]
            self.service.answering.skip(assessment, question.id, incoming.person)
            notice = text("answer.skipped", lang)
            return [Replace(self._state(assessment, incoming.person, lang, notice))]
        return [Replace(self._notice_card(text("problem.bad_card", lang), lang))]

    def _save_in_place(
        self,
        public_id: str,
        question: Question,
        incoming: Incoming,
        memory: MutableMapping[str, Any],
        kept: Sequence[KeptWithAnswer],
        lang: str,
    ) -> list[Reply]:
        """Store an answer given on a card that moves on: the next question comes back,
        with what was saved on its first line; the team's card is refreshed as usual."""
        given = _card_answer(incoming.value or {})
        keeps = [*kept, memory] if _keeps_with_answer(memory) else list(kept)

        def remember(connection: Any, turn: AnsweredTurn) -> None:
            question = turn.upcoming.question
            shown = (public_id, question.id) if question else None
            self._set_pending(memory, incoming, shown)
            for keep in keeps:
                keep.write_with(connection)

        person = incoming.person
        try:
            turn = self.service.answering.answer(
                public_id,
                question.id,
                person,
                given,
                lang,
                may_act=lambda found, people: _may_act(found, people, incoming),
                also=remember,
                only_next=True,
                change=(incoming.value or {}).get("change") == "1",
            )
        except NotHere:
            return [Replace(self._notice_card(text("problem.gone", lang), lang))]
        except AssessmentClosed as ended:
            project = ended.assessment.project_name
            closed = text("problem.closed_now", lang, project=project)
            return [Replace(self._state(ended.assessment, person, lang, closed, "warning"))]
        except NotNext as stale:
            notice = text("answer.already_moved_on", lang)
            return [Replace(self._shown(stale.assessment, stale.upcoming, person, lang, notice))]
        except InvalidAnswer as refused:
            # The same question again, with what the person filled in: nothing is lost.
            problem = text(f"problem.{refused.problem.value}", lang, limit=refused.limit)
            changing = (incoming.value or {}).get("change") == "1"
            assessment = self.service.find.by_public_id(public_id)
            if assessment is None:  # deleted between the two reads
                return [Replace(self._notice_card(text("problem.gone", lang), lang))]
            again = self.service.answering.question_for(assessment, person, question.id)
            view = self._question(assessment, again, lang, person, change=changing)
            refill = {**view.prefill, **_given_prefill(given)}
            refused_card = replace(
                view,
                prefill=refill,
                notice=problem,
                notice_tone="warning",
                problem_field=PROBLEM_FIELDS.get(refused.problem.value, ""),
            )
            return [Replace(refused_card)]
        for keep in keeps:
            keep.written()
        log.info(
            "answer saved",
            extra={"event": "answer_saved", "assessment": public_id, "question": question.id},
        )
        key = "answer.replaced" if turn.saved.replaced else "answer.saved"
        notice = text(
            key,
            lang,
            question=_theme(question, lang),
            answer=describe_answer(question, turn.saved.record, lang),
        )
        stored = turn.saved.record.text or turn.saved.record.explanation
        if stored and (without_hidden(given.text)[1] or without_hidden(given.explanation)[1]):
            notice += " " + text("answer.hidden_removed", lang, stored=stored)
        upcoming = turn.upcoming
        if upcoming.question is None:
            shown: View = self._done(turn.assessment, person, turn.progress, lang, notice)
        else:
            shown = self._question(turn.assessment, upcoming, lang, person, notice)
        return [Replace(shown, close=upcoming.question is None), waiting_team_card(self.bank, turn)]

    def _state(
        self,
        assessment: Assessment,
        person: Person,
        lang: str,
        notice: str = "",
        tone: str = "good",
    ) -> View:
        """What the person's card shows now: their next question, "done", or closed."""
        if assessment.status != AssessmentStatus.OPEN:
            said = (
                text("closed.see_summary", lang)
                if notice
                else text("finish.already_closed", lang, project=assessment.project_name)
            )
            return InfoView(
                title=assessment.project_name,
                paragraphs=(said,),
                buttons=(
                    Button(text("button.summary", lang), _action("summary", assessment, lang)),
                ),
                notice=notice,
                notice_tone=tone,
            )
        upcoming = self.service.answering.next_question(assessment, person)
        return self._shown(assessment, upcoming, person, lang, notice, tone)

    def _shown(
        self,
        assessment: Assessment,
        upcoming: NextQuestion,
        person: Person,
        lang: str,
        notice: str = "",
        tone: str = "good",
    ) -> View:
        if upcoming.question is None:
            progress = self.service.answering.progress(assessment, person)
            return self._done(assessment, person, progress, lang, notice, tone)
        return self._question(assessment, upcoming, lang, person, notice, tone)

    def _done(
        self,
        assessment: Assessment,
        person: Person,
        progress: Progress,
        lang: str,
        notice: str = "",
        tone: str = "good",
    ) -> InfoView:
        """ "Klaar": the person's part is done; what the team still has open, per part."""
        mine = sum(progress.answer_counts.get(i, 0) for i in {person.user_id, person.account_id})
        open_parts = tuple(
            text("done.part_open", lang, part=c.section.title.get(lang), count=c.total - c.answered)
            for c in progress.sections
            if c.answered < c.total
        )
        team = (
            text("done.team_open", lang, count=progress.total - progress.answered)
            if open_parts
            else text("done.team_done", lang)
        )
        return InfoView(
            title=text("done.title", lang, project=assessment.project_name),
            paragraphs=(text("done.mine", lang, count=mine), team),
            lines=open_parts,
            buttons=(Button(text("button.summary", lang), _action("summary", assessment, lang)),),
            notice=notice,
            notice_tone=tone,
        )

    def _later(self, assessment: Assessment, person: Person, lang: str) -> InfoView:
        """ "Later verder": where the person stopped and how to come back."""
        upcoming = self.service.answering.next_question(assessment, person)
        if upcoming.question is None:
            progress = self.service.answering.progress(assessment, person)
            return self._done(assessment, person, progress, lang)
        where = upcoming.section.title.get(lang) if upcoming.section else ""
        if upcoming.question.theme is not None:
            where = f"{where} · {upcoming.question.theme.get(lang)}"
        return InfoView(
            title=text("later.title", lang, project=assessment.project_name),
            paragraphs=(
                text(
                    "later.where",
                    lang,
                    number=upcoming.number,
                    total=upcoming.total,
                    where=where,
                    open=upcoming.open_count,
                ),
                text("later.how", lang),
            ),
            buttons=(
                Button(
                    text("button.continue", lang),
                    _action("next", assessment, lang),
                    in_place=True,
                ),
            ),
        )

    def _notice_card(self, notice: str, lang: str) -> InfoView:
        """A card for a click that belongs to no project the person can reach."""
        return InfoView(
            title=text("card.title", lang),
            paragraphs=(text("card.how_to_continue", lang),),
            notice=notice,
            notice_tone="warning",
        )

    # -- question card ----------------------------------------------------------------

    def _question(
        self,
        assessment: Assessment,
        upcoming: NextQuestion,
        lang: str,
        person: Person,
        notice: str = "",
        tone: str = "good",
        change: bool = False,
    ) -> QuestionView:
        """A question card for `person`: it stays theirs (a click by someone else leaves
        it theirs), and its buttons move it on in place. `change`: an earlier question,
        shown by "Vorige", whose Save replaces the person's answer to it."""
        question = upcoming.question
        assert question is not None and upcoming.section is not None
        labels = {
            "effect": text("question.effect_label", lang),
            "certainty": text("question.certainty_label", lang),
            "explanation": text("question.explanation_label", lang),
            "text": text("question.text_label", lang),
            "choice": text("question.choice_label", lang),
            "groups": text("question.groups_label", lang),
            # In red under a required field the client checks before sending.
            "effect_required": text("question.required_effect", lang),
            "text_required": text("question.required_text", lang),
            "choice_required": text("question.required_choice", lang),
            "groups_required": text("question.required_groups", lang),
            "help": text("button.help_text", lang),
            "save": text("button.save", lang),
        }
        mark = {"for": person.user_id, "name": person.name}
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
            own = person.is_one_of({upcoming.previous.author_id})
            previous_note = text(
                "question.previous" if own else "question.previous_team",
                lang,
                answer=describe_answer(question, upcoming.previous, lang),
                name=upcoming.previous.author_name,
            )
            if upcoming.previous.explanation:  # a typed answer starts without it: name it
                why = upcoming.previous.explanation
                why = why if len(why) <= 200 else why[:197] + "…"
                previous_note += " " + text("question.previous_why", lang, explanation=why)
            prefill = _prefill(upcoming.previous)
        previous_button = Button(
            text("button.previous", lang),
            {"bb": "previous", "a": assessment.public_id, "q": question.id, "lang": lang, **mark},
            in_place=True,
        )
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
            submit={
                "bb": "answer",
                "a": assessment.public_id,
                "q": question.id,
                "lang": lang,
                **mark,
                **({"change": "1"} if change else {}),
            },
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
                    {
                        "bb": "skip",
                        "a": assessment.public_id,
                        "q": question.id,
                        "lang": lang,
                        **mark,
                    },
                    in_place=True,
                ),
                Button(
                    text("button.later", lang),
                    {"bb": "later", "a": assessment.public_id, "lang": lang, **mark},
                    in_place=True,
                ),
            )
            + ((previous_button,) if upcoming.number > 1 else ()),
            notice=notice,
            notice_tone=tone,
        )

    # -- memory -----------------------------------------------------------------------

    def _pending_assessment(
        self, memory: MutableMapping[str, Any], incoming: Incoming
    ) -> Assessment | None:
        """The assessment of the question last shown to this user in this conversation."""
        pending = memory.get(memory_entry(MEMORY_PENDING, incoming))
        public_id = pending.get("a") if isinstance(pending, dict) else None
        if not isinstance(public_id, str):
            return None
        assessment = self.service.find.by_public_id(public_id)
        if assessment is None or not self._accessible(assessment, incoming):
            return None
        return assessment

    def _pending(
        self, memory: MutableMapping[str, Any], incoming: Incoming, assessment: Assessment
    ) -> str | None:
        """The question last shown to this user in this conversation, if still relevant."""
        pending = memory.get(memory_entry(MEMORY_PENDING, incoming))
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
        # Set blind (None forgets): the turn need not read the memory to change it.
        entry = memory_entry(MEMORY_PENDING, incoming)
        memory[entry] = None if shown is None else {"a": shown[0], "q": shown[1]}


def _is_command(parsed: ParsedCommand, incoming: Incoming, bank: QuestionBank) -> bool:
    """False when a command word starts what is really an answer in prose.

    `status`, `volgende`, `overzicht` stand alone; `pauze` and `hervat` take only `team`;
    `deelnemers` takes @names or `iedereen`; `wijs` needs "<deel> toe aan".
    """
    argument = teamwork.without_mentions(parsed.argument, incoming.mentions)
    first = argument.split()[0].lower() if argument else ""
    if parsed.command is Command.FINISH and first in YES_WORDS | NO_WORDS:
        return len(argument.split()) == 1  # `afronden ja`, `finish no`
    if parsed.command is Command.SUMMARY:  # `samenvatting details` shows everything
        return not argument or argument.strip().lower() in summary_views.DETAIL_WORDS
    if parsed.command in _COMMANDS_WITHOUT_ARGUMENT:
        return not parsed.argument
    if parsed.command in (Command.PAUSE, Command.RESUME):
        return not argument or first in TEAM_WORDS
    if parsed.command is Command.PARTICIPANTS:
        return not argument or bool(incoming.mentions) or first in EVERYONE_WORDS
    if parsed.command is Command.ASSIGN:
        return not argument or assignment_part(argument) is not None
    if parsed.command is Command.CHANGE:  # "Wijzig het bestemmingsplan" may be an answer
        return not argument or bool(find_questions(bank, argument))
    return True


def _thread_lang(assessment: Assessment, incoming: Incoming, lang: str) -> str:
    """The language of what the team reads in the project's conversation (summary,
    closing, notices): the one the project was started in, so one thread speaks one
    language. In a 1:1 chat, or elsewhere, the person's own."""
    if incoming.personal or assessment.conversation_key != incoming.where.conversation_key:
        return lang
    return assessment.language if assessment.language in ("nl", "en") else lang


def _may_act(
    assessment: Assessment, participants: Sequence[ParticipantRecord], incoming: Incoming
) -> bool:
    """A card or remembered question acts on an assessment of this conversation, or, in a
    1:1 chat, on one the person takes part in."""
    if assessment.conversation_key == incoming.where.conversation_key:
        return True
    return incoming.personal and any(incoming.person.is_one_of(p.ids()) for p in participants)


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


# The input of a question card each refused answer is about (a form shows it there).
PROBLEM_FIELDS = {
    "missing_effect": "effect",
    "unknown_effect": "effect",
    "unknown_certainty": "certainty",
    "empty_text": "text",
    "text_too_long": "text",
    "explanation_too_long": "explanation",
    "missing_choice": "choices",
    "unknown_choice": "choices",
    "too_many_choices": "choices",
}

# Actions a card that moves on in place can send (`_in_place`).
IN_PLACE_ACTIONS = frozenset({"answer", "skip", "later", "next", "refresh", "previous"})


def _given_prefill(given: AnswerInput) -> dict[str, str]:
    """What the person filled in on a refused card, to fill the card in again."""
    prefill = {
        "explanation": given.explanation,
        "text": given.text,
        "choices": ",".join(given.choices),
    }
    if given.effect:
        prefill["effect"] = given.effect
    if given.certainty:
        prefill["certainty"] = given.certainty
    return prefill


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
