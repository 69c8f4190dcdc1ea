"""View models: what a reply shows, in one language, independent of the channel.

Renderers turn these into Adaptive Cards (Teams), Block Kit (Slack) or plain text
(terminal and notification fallback); the dialogs never build channel formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from questions.paragraph_template import Block


@dataclass(frozen=True)
class Button:
    """A button that sends `data` back to the bot as a card submit.

    `in_place`: its reply replaces the card it is on (Teams: Action.Execute; Slack: the
    message is updated). `opens_dialog`: in a channel or group chat it opens the person's
    questions in a dialog (Teams: task/fetch; Slack: a modal), so answers stay out of the
    team's thread; elsewhere it is a plain button.
    """

    title: str
    data: dict[str, str]
    in_place: bool = False
    opens_dialog: bool = False


@dataclass(frozen=True)
class Option:
    """One selectable answer; `number` is what a user types when there are no inputs."""

    value: str
    label: str
    number: int


@dataclass(frozen=True)
class TextView:
    """A plain message."""

    text: str


@dataclass(frozen=True)
class TextInput:
    """A one-line text field whose text goes back with the card's first button."""

    id: str  # the submit field name
    label: str
    placeholder: str = ""


@dataclass(frozen=True)
class InfoView:
    """A card with a title, paragraphs, optional bullet lines and buttons (help, start)."""

    title: str
    paragraphs: tuple[str, ...]
    lines: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str = ""
    input: TextInput | None = None  # e.g. the project name on the welcome card
    notice: str = ""  # one line at the top: what just happened ("Opgeslagen: …")
    notice_tone: str = "good"  # good | warning


@dataclass(frozen=True)
class QuestionView:
    """One question to answer, with the inputs its type needs."""

    language: str
    heading: str  # "Fietspad · vraag 4 van 33"
    section_title: str
    theme: str
    question: str
    help: str
    kind: str  # effect | text | choice | groups
    submit: dict[str, str]  # data sent back with the inputs
    options: tuple[Option, ...] = ()
    certainty_options: tuple[Option, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    previous_note: str = ""
    prefill: dict[str, str] = field(default_factory=dict)
    text_hint: str = ""
    buttons: tuple[Button, ...] = ()  # in place: they replace this card
    notice: str = ""  # one line at the top: what was just saved, or what went wrong
    notice_tone: str = "good"  # good | warning
    problem_field: str = ""  # the input the (warning) notice is about, e.g. "explanation"


@dataclass(frozen=True)
class ProgressRow:
    """One line of a progress overview."""

    label: str
    done: int
    total: int
    assigned: str = ""  # who this part is assigned to, "" when it is open to everyone


@dataclass(frozen=True)
class ProgressView:
    """How far the team is."""

    title: str
    summary_line: str
    my_line: str
    sections: tuple[ProgressRow, ...]
    people_title: str
    people: tuple[str, ...]
    buttons: tuple[Button, ...] = ()
    footer: str = ""
    # The team's card: each of `viewers` (channel account ids) who opens it sees their
    # own version, asked for with `refresh` (a button's data); everyone else this one.
    refresh: dict[str, str] | None = None
    viewers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileRow:
    """One theme in the impact profile."""

    label: str
    symbol: str
    direction: str
    tone: str  # good | bad | neutral | unknown | none (renderers pick colours)
    certainty: str
    count: str
    flag: str  # on a split theme, which way most lean ("de meesten: slechter"), else ""


@dataclass(frozen=True)
class ProfileGroup:
    """The themes of one dimension, with the dimension's combined line."""

    title: str
    overall: str
    symbol: str
    tone: str
    rows: tuple[ProfileRow, ...]
    notes: tuple[str, ...] = ()  # the part's own answers: afwenteling, target groups


@dataclass(frozen=True)
class SummaryItem:
    """A named gap, trade-off or team statement with its supporting lines."""

    title: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeRow:
    """One theme's judgement in the previous round and now ("Gezondheid: positief → ...")."""

    label: str
    dimension: str
    before: str
    now: str
    kind: str  # ChangeKind value: better | worse | now_judged | now_unknown | same | ...
    kind_label: str  # "beter", "slechter", ... in the reader's language
    tone: str  # good | bad | neutral | unknown | none


@dataclass(frozen=True)
class ImpactCell:
    """One theme in the impact picture; every field is also said in the summary text."""

    label: str
    judgement: str  # "Positief", "Weet niet", "Geen antwoord" (the same words as the text)
    certainty: str  # "waarschijnlijk" or "" when there is no direction
    state: str  # judged | split | unknown | none
    direction: str  # Effect value ("positive", ...) or "" without a direction
    certainty_level: int  # 2 certain, 1 likely, 0 uncertain (-1 without a direction)
    note: str = ""  # a split's spread: "2× negatief, 1× positief"


@dataclass(frozen=True)
class ImpactGroup:
    """The themes of one dimension, one row band of the picture."""

    title: str
    cells: tuple[ImpactCell, ...]


@dataclass(frozen=True)
class ImpactPicture:
    """What the impact picture draws, in one language (labels, legend, caption)."""

    language: str
    title: str
    subtitle: str
    groups: tuple[ImpactGroup, ...]
    legend: dict[str, str]  # effect values, "unknown", "none", "certainty", "split"
    alt_text: str  # the picture in words, for screen readers and the card's altText


@dataclass(frozen=True)
class SummaryView:
    """Everything the summary card shows; the first part fits one screen."""

    language: str
    final: bool
    title: str
    status_line: str
    meta_line: str
    streefbeeld: tuple[str, ...]
    description: tuple[str, ...]
    headline: tuple[str, ...]
    profile: tuple[ProfileGroup, ...]
    gaps: tuple[SummaryItem, ...]
    trade_offs: tuple[SummaryItem, ...]
    team_view: tuple[SummaryItem, ...]
    labels: dict[str, str]
    buttons: tuple[Button, ...] = ()
    empty: bool = False  # nobody answered anything yet: the card says so and little else
    changes_title: str = ""  # "Wat is veranderd sinds ronde 1" (empty in a first round)
    changes: tuple[ChangeRow, ...] = ()  # only the themes that changed
    unchanged_line: str = ""  # "8 thema's zijn gelijk gebleven."
    picture: ImpactPicture | None = None
    image_url: str = ""  # the impact picture, when the bot has a public address
    report_url: str = ""  # the full report, same condition
    project: tuple[SummaryItem, ...] = ()  # the intake: description, area, groups, ...
    coverage_line: str = ""  # "78 van de 93 antwoorden gegeven · Chris 10 van 29"
    details: bool = False  # the text chat asked for everything ("samenvatting details")


@dataclass(frozen=True)
class ReportAnswer:
    """One teammate's answer in the report: who, when, what and why."""

    author: str
    when: str
    answer: str  # "Positief (waarschijnlijk)", the chosen options, or the text itself
    explanation: str
    tone: str  # good | bad | neutral | unknown | none


@dataclass(frozen=True)
class ReportQuestion:
    """A question of the bank with every current answer to it."""

    id: str
    text: str
    theme: str
    answers: tuple[ReportAnswer, ...]


@dataclass(frozen=True)
class ReportPart:
    """A section of the bank (intake, hier en nu, ...) with its questions."""

    id: str
    title: str
    progress: str  # "8 van 10 vragen beantwoord"
    questions: tuple[ReportQuestion, ...]


@dataclass(frozen=True)
class ReportView:
    """The full report page and its exports: the summary plus every answer."""

    summary: SummaryView
    round_number: int
    project: str
    status: str  # "open" or "closed"
    started: str
    closed: str
    participants: tuple[str, ...]  # "Anna de Vries (35 antwoorden)"
    parts: tuple[ReportPart, ...]
    all_changes: tuple[ChangeRow, ...]  # every theme, changed or not (empty in round 1)
    labels: dict[str, str]
    generated: str


@dataclass(frozen=True)
class ParagraphView:
    """The "paragraaf brede welvaart": its text, and where to get it as a Word file.

    Teams and Slack show the links (the report link's token, revocable); the terminal
    chat writes the Word file itself and says where (`labels["saved_as"]`, with {path}).
    """

    language: str
    title: str
    status_line: str  # "Concept: 20 van de 35 vragen ..." or "Afgerond op ..."
    blocks: tuple[Block, ...]  # the paragraph as the template wrote it
    text: str  # the same as plain text, ready to paste
    file_name: str  # the Word file's name
    docx_url: str = ""  # "" without a public address
    text_url: str = ""
    labels: dict[str, str] = field(default_factory=dict)


View = TextView | InfoView | QuestionView | ProgressView | SummaryView | ParagraphView


def in_dialog(view: View) -> View:
    """The view as a dialog (or modal) shows it: only the buttons whose answer replaces it.

    Any other button (Tussenstand) would come back as the dialog's submit instead of the
    message it is meant to post.
    """
    if isinstance(view, (InfoView, QuestionView, ProgressView)):
        return replace(view, buttons=tuple(b for b in view.buttons if b.in_place))
    return view


@dataclass(frozen=True)
class PrivateView:
    """A view for the sender only: the edge sends it in a 1:1 chat, never in the channel.

    `retry_command` is what the user can type in a 1:1 chat when one cannot be opened.
    """

    views: tuple[View, ...]
    notice: str  # said where the request was made, once the private chat has the views
    failed: str  # said there instead when no private chat could be opened


@dataclass(frozen=True)
class Address:
    """Where an assessment lives, so the edge can reach it from any turn or the scheduler."""

    channel: str
    service_url: str
    tenant_id: str | None
    conversation_id: str  # the channel thread (or chat) the assessment's card lives in


@dataclass(frozen=True)
class Recipient:
    """A teammate to write to in a 1:1 chat."""

    account_id: str
    name: str


@dataclass(frozen=True)
class DirectMessage:
    """Views for another person, in a 1:1 chat the edge opens (an invitation).

    `failed` is said in the current conversation when no 1:1 chat can be opened.
    """

    recipient: Recipient
    address: Address
    views: tuple[View, ...]
    failed: TextView


@dataclass(frozen=True)
class ProgressCard:
    """The assessment's one progress card: posted once, then updated in place."""

    public_id: str
    address: Address
    # InfoView: the start card, the first version. None: `build` makes it when it is sent.
    view: ProgressView | InfoView | None
    activity_id: str | None  # None: not posted yet, so post it and record the id
    # An answer's refresh may wait a few seconds (bot/turns/card_refresh.py); a close, pause or
    # deadline shows at once.
    can_wait: bool = False
    build: Callable[[], ProgressView] | None = field(default=None, repr=False, compare=False)

    def shown(self) -> ProgressView | InfoView:
        """The card's view; one that may wait is only built if it is sent now."""
        if self.view is not None:
            return self.view
        if self.build is None:
            raise ValueError("a progress card needs a view or a way to build one")
        return self.build()


@dataclass(frozen=True)
class Replace:
    """Show `view` in place of the card the person clicked, or as the dialog's next step.

    The turn came from a card that can be replaced (Teams Action.Execute, a Teams dialog,
    a Slack message in a direct message or a Slack modal): the edge answers with this view
    instead of posting a message. `close`: a dialog ends here (the edge may show `view` as
    its last words or just close it).
    """

    view: View
    close: bool = False


@dataclass(frozen=True)
class RosterNeeded:
    """The turn needs the conversation's members; the edge looks them up and asks again."""


@dataclass(frozen=True)
class WakeScheduler:
    """A reminder was planned for now: the edge wakes the reminder scheduler."""


Reply = View | PrivateView | DirectMessage | ProgressCard | Replace | RosterNeeded | WakeScheduler
