"""View models to Adaptive Cards 1.5 for Teams, through Jinja2 templates."""

from __future__ import annotations

import json
from typing import Any

from bot.rendering.question_card import question_card
from bot.rendering.templating import render_json
from dialogs.summary_views import change_line
from dialogs.views import (
    InfoView,
    ParagraphView,
    ProgressView,
    QuestionView,
    TextView,
    View,
    in_dialog,
)

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

# Blue for good, orange for bad: a pair that colour-blind readers tell apart; the
# symbols and words beside them carry the same meaning.
TONE_COLOURS = {
    "good": "accent",
    "bad": "warning",
    "neutral": "default",
    "unknown": "default",
    "none": "default",
}


def rich(value: str, **style: Any) -> dict[str, Any]:
    """A RichTextBlock for a text that may hold what people typed.

    TextRuns are never read as Markdown, so a name or answer with `[links](...)`, `<at>`
    or `**` stays literal (Teams clients also disagree on backslash escapes, so escaping is
    no option). The bot's own `**bold**` markers in its sentences become bold runs.
    """
    runs = []
    for index, part in enumerate(value.split("**")):
        if not part:
            continue
        run: dict[str, Any] = {"type": "TextRun", "text": part, **style}
        if index % 2 == 1:
            run["weight"] = "Bolder"
        runs.append(run)
    return {"type": "RichTextBlock", "inlines": runs or [{"type": "TextRun", "text": " "}]}


MAX_CARD_BYTES = 24 * 1024
"""Teams refuses a card of more than about 28 KB; a paragraph full of long typed answers
can pass that, so its text is then left to the links (with a line saying so)."""


def _paragraph_card(view: ParagraphView) -> Any:
    card = render_json("teams/paragraph.json.j2", view=view, rich=rich, show_text=True)
    if len(json.dumps(card, ensure_ascii=False).encode()) <= MAX_CARD_BYTES:
        return card
    return render_json("teams/paragraph.json.j2", view=view, rich=rich, show_text=False)


class RenderedCard(dict[str, Any]):
    """An Adaptive Card as rendered: plain JSON by construction (parsed from its template),
    and never changed afterwards.

    Why: the SDK deep-copies every outgoing activity (`TurnContext.send_activities`) and
    msrest walks its content to serialise it. A card is about 5 KB of nested dicts; as it
    never changes, copies share it, and the connector sends it as it is (bot/teams/connector.py).
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> RenderedCard:
        return self


def render_card(view: View, dialog: bool = False) -> dict[str, Any] | None:
    """The Adaptive Card for a view, or None for a plain text view.

    `dialog`: the card is shown in a Teams dialog, where every button submits to the
    dialog (task/submit); elsewhere buttons that move the card on are Action.Execute.
    """
    if isinstance(view, TextView):
        return None
    if isinstance(view, InfoView):
        card = render_json("teams/info.json.j2", view=view, rich=rich, dialog=dialog)
    elif isinstance(view, QuestionView):
        card = question_card(view, rich, dialog)  # built in Python: nine turns in ten
    elif isinstance(view, ProgressView):
        card = render_json("teams/progress.json.j2", view=view, rich=rich, dialog=dialog)
    elif isinstance(view, ParagraphView):
        card = _paragraph_card(view)
    else:
        card = render_json(
            "teams/summary.json.j2", view=view, colours=TONE_COLOURS, change_line=change_line
        )
    assert isinstance(card, dict)
    return RenderedCard(card)


def replacement_card(view: View, dialog: bool = False) -> dict[str, Any]:
    """The card that replaces a clicked card (or fills a dialog): a text becomes a card.

    In a dialog only the buttons that move it on are kept: any other (Tussenstand) would
    come back as a dialog submit, not as the message it is meant to post.
    """
    if dialog:
        view = in_dialog(view)
    card = render_card(view, dialog)
    if card is None:
        assert isinstance(view, TextView)
        card = render_card(InfoView(title="Breedbeeld", paragraphs=(view.text,)), dialog)
    assert card is not None
    return card
