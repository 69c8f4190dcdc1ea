"""The question card, built in Python: the one place its layout is written.

Why Python and not a template like the other cards: nine turns in ten show a question
card, and rendering it through Jinja (some 90 template steps, four macro calls, forty values
through the `j` filter) and parsing the 3 KB of JSON it wrote cost about 0.19 ms per answer
turn, the largest piece of an answer left in our own code (docs/PERFORMANCE.md, issue 14
round). Building the dict directly takes a fraction of that. Its buttons and notice are the
shared parts of every Teams card (bot/rendering/card_parts.py).
"""

from __future__ import annotations

from typing import Any

from bot.rendering.card_parts import Rich, button_action, notice, plain
from dialogs.views import QuestionView

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _choices(view: QuestionView, rich: Rich) -> list[dict[str, Any]]:
    return [{"title": f"{o.number}. {o.label}", "value": o.value} for o in view.options]


def _inputs(view: QuestionView, rich: Rich) -> list[dict[str, Any]]:
    labels, prefill = view.labels, view.prefill
    explanation = {
        "type": "Input.Text",
        "id": "explanation",
        "label": labels["explanation"],
        "isMultiline": True,
        "maxLength": 2000,
        "value": prefill.get("explanation", ""),
    }
    if view.kind == "effect":
        effect: dict[str, Any] = {
            "type": "Input.ChoiceSet",
            "id": "effect",
            "label": labels["effect"],
            "style": "expanded",
            "isRequired": True,
            "errorMessage": labels["effect_required"],
        }
        if prefill.get("effect"):
            effect["value"] = prefill["effect"]
        effect["choices"] = _choices(view, rich)
        certainty = {
            "type": "Input.ChoiceSet",
            "id": "certainty",
            "label": labels["certainty"],
            "style": "compact",
            "value": prefill["certainty"],
            "choices": [{"title": o.label, "value": o.value} for o in view.certainty_options],
        }
        return [effect, certainty, explanation]
    if view.kind == "text":
        return [
            {
                "type": "Input.Text",
                "id": "text",
                "label": labels["text"],
                "isMultiline": True,
                "maxLength": 4000,
                "isRequired": True,
                "errorMessage": labels["text_required"],
                "value": prefill.get("text", ""),
            }
        ]
    groups = view.kind == "groups"
    chosen: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": "choices",
        "label": labels["groups"] if groups else labels["choice"],
        "style": "expanded",
        "isMultiSelect": groups,
        "isRequired": True,
        "errorMessage": labels["groups_required"] if groups else labels["choice_required"],
    }
    if prefill.get("choices"):
        chosen["value"] = prefill["choices"]
    chosen["choices"] = _choices(view, rich)
    return [chosen, explanation]


def question_card(view: QuestionView, rich: Rich, dialog: bool = False) -> dict[str, Any]:
    """The Adaptive Card of a question: Save, the other buttons, and the help to unfold."""
    body: list[dict[str, Any]] = []
    if view.notice:
        body.append(notice(view.notice, view.notice_tone, rich))
    theme = " · " + view.theme if view.theme else ""
    body += [
        rich(view.heading, isSubtle=True, size="Small"),
        {
            "type": "TextBlock",
            "text": view.section_title + theme,
            "weight": "Bolder",
            "color": "Accent",
            "wrap": True,
        },
        {
            "type": "TextBlock",
            "text": view.question,
            "size": "Medium",
            "weight": "Bolder",
            "wrap": True,
            "style": "heading",
        },
        {
            "type": "TextBlock",
            "id": "help",
            "text": view.help,
            "wrap": True,
            "isVisible": False,
            "isSubtle": True,
        },
    ]
    if view.previous_note:
        body.append(rich(view.previous_note, color="Accent", size="Small"))
    body += _inputs(view, rich)
    body.append(
        {
            "type": "TextBlock",
            "text": view.text_hint,
            "wrap": True,
            "isSubtle": True,
            "size": "Small",
        }
    )
    save = view.labels.get("save", "OK")
    submit = plain(view.submit)
    if dialog:
        first = {"type": "Action.Submit", "title": save, "style": "positive", "data": submit}
    else:
        first = {
            "type": "Action.Execute",
            "title": save,
            "style": "positive",
            "verb": "answer",
            "data": submit,
        }
    actions = [first, *(button_action(b, dialog) for b in view.buttons)]
    actions.append(
        {
            "type": "Action.ToggleVisibility",
            "title": view.labels["help"],
            "targetElements": ["help"],
        }
    )
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": body,
        "actions": actions,
    }
