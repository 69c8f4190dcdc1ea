"""View models to Slack Block Kit messages, through Jinja2 templates in templates/slack/.

Every mrkdwn text is escaped (see slack_text) and marked `verbatim`, so Slack does not
auto-link names or mentions in what users typed. The templates say what a view looks like;
this module makes sure the result is a message
Slack accepts: every text within its limit (cut with "…"), and at most 50 blocks per
message. A view too long for one message (a big summary) becomes several messages, each
later one marked as a continuation; past MAX_MESSAGES the rest is left out, with a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.rendering.slack_text import cut, mrkdwn
from bot.rendering.templating import render_json
from dialogs.messages import text as message
from dialogs.summary_views import change_line
from dialogs.views import (
    InfoView,
    ParagraphView,
    ProgressView,
    QuestionView,
    SummaryView,
    TextView,
    View,
    in_dialog,
)

# Attachment content type for one Slack message ({"text", "blocks"}), as the Slack
# adapter reads it; one attachment per message to post, in order.
CONTENT_TYPE = "application/vnd.breedbeeld.slack-message+json"

MAX_BLOCKS = 50  # Slack's limit per message
# Slack also refuses a message whose blocks hold too much text in all (msg_blocks_too_long),
# a limit it does not document: reported at about 11,300 to 13,200 characters of text
# (slackapi/bolt-js issues 2509 and 2867). We count the blocks' JSON, which is longer than
# their text, and stay well below.
MAX_MESSAGE_CHARS = 10_000
MAX_MESSAGES = 10  # a summary longer than this many messages is cut, with a note
MAX_FALLBACK_TEXT = 3_000  # notification text of a message with blocks
MAX_TEXT = 39_000  # a text-only message (Slack truncates at 40,000)

# Slack's limits per field (https://docs.slack.dev/reference/block-kit/).
LIMITS = {
    "header": 150,
    "section": 3000,
    "field": 2000,
    "context": 2000,
    "label": 2000,
    "placeholder": 150,
    "button": 75,
    "option": 75,
    "initial_value": 3000,
}
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_VALUE = 2000
MAX_OPTION_VALUE = 150
MAX_OPTIONS = {"radio_buttons": 10, "checkboxes": 10, "static_select": 100}

_TEMPLATES: dict[type, str] = {
    TextView: "slack/text.json.j2",
    InfoView: "slack/info.json.j2",
    QuestionView: "slack/question.json.j2",
    ProgressView: "slack/progress.json.j2",
    SummaryView: "slack/summary.json.j2",
    ParagraphView: "slack/paragraph.json.j2",
}

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """One message to post: the notification text and the blocks (may be empty)."""

    text: str
    blocks: tuple[Block, ...] = ()

    def as_content(self) -> dict[str, Any]:
        """The message as the Slack sender posts it (bot/slack/sender.py)."""
        return {"text": self.text, "blocks": list(self.blocks)}


def render_messages(view: View) -> list[SlackMessage]:
    """The Slack message(s) for a view, within Slack's limits."""
    rendered = render_json(_TEMPLATES[type(view)], view=view, change_line=change_line, modal=False)
    blocks = [fit_block(block) for block in rendered["blocks"] if block is not None]
    if not blocks:
        return [SlackMessage(cut(rendered["text"], MAX_TEXT))]
    language = getattr(view, "language", "nl")
    return split_messages(cut(rendered["text"], MAX_FALLBACK_TEXT), blocks, language)


def split_messages(text: str, blocks: list[Block], language: str) -> list[SlackMessage]:
    """Spread blocks over messages of at most MAX_BLOCKS blocks and MAX_MESSAGE_CHARS."""
    room = MAX_BLOCKS - 2  # a continuation note at the top, a "left out" note at the end
    groups: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        length = len(json.dumps(block, ensure_ascii=False))
        if groups[-1] and (len(groups[-1]) >= room or size + length > MAX_MESSAGE_CHARS):
            groups.append([])
            size = 0
        groups[-1].append(block)
        size += length
    left_out = len(groups) > MAX_MESSAGES
    groups = groups[:MAX_MESSAGES]
    if left_out:
        groups[-1].append(_note("slack.left_out", language))
    total = len(groups)
    messages = []
    for number, group in enumerate(groups, 1):
        if number > 1:
            note = _note("slack.continued", language, part=number, total=total)
            group.insert(0, note)
        label = text if number == 1 else cut(f"{text} ({number}/{total})", MAX_FALLBACK_TEXT)
        messages.append(SlackMessage(label, tuple(group)))
    return messages


def _note(key: str, language: str, **values: int) -> Block:
    text = mrkdwn(message(key, language, **values))
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"_{text}_", "verbatim": True}],
    }


# -- limits ---------------------------------------------------------------------------


def fit_block(block: Block) -> Block:
    """The block with every text within Slack's limits; structural errors raise.

    The templates already chunk long texts over several blocks; this is the safety net
    that makes an over-long text visible as "…" instead of a message Slack refuses.
    """
    kind = block.get("type")
    if kind == "header":
        _fit_text(block["text"], LIMITS["header"])
    elif kind == "section":
        if "text" in block:
            _fit_text(block["text"], LIMITS["section"])
        for field in block.get("fields", []):
            _fit_text(field, LIMITS["field"])
    elif kind == "context":
        if len(block["elements"]) > MAX_CONTEXT_ELEMENTS:
            raise ValueError("a context block takes at most 10 elements")
        for element in block["elements"]:
            _fit_text(element, LIMITS["context"])
    elif kind == "input":
        _fit_text(block["label"], LIMITS["label"])
        _fit_element(block["element"])
    elif kind == "actions":
        for element in block["elements"]:
            _fit_element(element)
    return block


def _fit_text(text_object: dict[str, Any], limit: int) -> None:
    if "text" in text_object:
        text_object["text"] = cut(text_object["text"], limit)


def _fit_element(element: dict[str, Any]) -> None:
    kind = element["type"]
    if kind == "button":
        _fit_text(element["text"], LIMITS["button"])
        _check(len(element.get("value", "")) <= MAX_BUTTON_VALUE, "button value too long")
    if "placeholder" in element:
        _fit_text(element["placeholder"], LIMITS["placeholder"])
    if "initial_value" in element:
        element["initial_value"] = cut(element["initial_value"], LIMITS["initial_value"])
    options = element.get("options", [])
    limit = MAX_OPTIONS.get(kind.removeprefix("multi_"), 100)
    _check(len(options) <= limit, f"{kind} takes at most {limit} options")
    chosen = [element["initial_option"]] if "initial_option" in element else []
    for option in [*options, *chosen, *element.get("initial_options", [])]:
        _fit_text(option["text"], LIMITS["option"])
        _check(len(option["value"]) <= MAX_OPTION_VALUE, "option value too long")


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise ValueError(problem)


# -- modals ---------------------------------------------------------------------------

MODAL_CALLBACK = "bb_question"  # callback_id of the bot's modals
MAX_MODAL_BLOCKS = 100
MAX_MODAL_TITLE = 24  # Slack's limit for a modal's title and its button labels


def render_modal(view: View, metadata: dict[str, Any], language: str) -> dict[str, Any]:
    """A modal (views.open / views.update / response_action update) showing `view`.

    A question's Save is the modal's submit button; its data, with where the modal was
    opened, travels in `private_metadata` (the person cannot change it), and the inputs
    come back in `view.state.values`. Other views show without a submit button.
    `notify_on_close`: Slack tells the bot when the person closes it (view_closed).
    """
    view = in_dialog(view)  # any other button would come back from the modal
    rendered = render_json(_TEMPLATES[type(view)], view=view, change_line=change_line, modal=True)
    blocks = [fit_block(block) for block in rendered["blocks"] if block is not None]
    title, close = message("slack.modal_title", language), message("slack.modal_close", language)
    modal: dict[str, Any] = {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "title": {"type": "plain_text", "text": title},
        "close": {"type": "plain_text", "text": close},
        "blocks": blocks[:MAX_MODAL_BLOCKS],
        "private_metadata": json.dumps(metadata, ensure_ascii=False),
        "notify_on_close": True,
    }
    if isinstance(view, QuestionView):
        save = cut(view.labels.get("save", "OK"), MAX_MODAL_TITLE)
        modal["submit"] = {"type": "plain_text", "text": save}
    return modal
