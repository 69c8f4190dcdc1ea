"""The question card built in Python: the same card as templates/teams/question.json.j2.

Why: nine turns in ten show a question card, and rendering it through Jinja (some 90 template
steps, four macro calls, forty values through the `j` filter) and parsing the 3 KB of JSON it
writes cost about 0.19 ms per answer turn, the largest piece of an answer left in our own code
(docs/PERFORMANCE.md, issue 14 round). Building the dict directly takes a fraction of that.

The template stays the card's readable design and the reference: tests/test_question_card.py
renders every question of the bank, in both languages, with and without notices, earlier
answers, the buttons of every kind and in a dialog, through both, and requires the same card.
A change to the card is made in both places (the test fails until they agree).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bot.rendering.templating import render_json
from dialogs.views import Button, QuestionView

Rich = Callable[..., dict[str, Any]]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _plain(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `value` as the template gives it (through JSON): texts copy as they are."""
    if all(type(k) is str and type(v) is str for k, v in value.items()):
        return dict(value)
    return dict(json.loads(json.dumps(value, ensure_ascii=False)))


def _button(button: Button, dialog: bool) -> dict[str, Any]:
    """macros.j2 `button_action(button, dialog)` (no style, no inputs)."""
    data = _plain(button.data)
    if button.opens_dialog and not dialog:
        return {
            "type": "Action.Submit",
            "title": button.title,
            "data": {"msteams": {"type": "task/fetch"}, **data},
        }
    if button.in_place and not dialog:
        return {
            "type": "Action.Execute",
            "title": button.title,
            "verb": data.get("bb", ""),
            "data": data,
            "associatedInputs": "none",
        }
    return {
        "type": "Action.Submit",
        "title": button.title,
        "data": data,
        "associatedInputs": "none",
    }


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
    """The Adaptive Card of a question, as templates/teams/question.json.j2 renders it."""
    body: list[dict[str, Any]] = []
    if view.notice:
        tone = "good" if view.notice_tone == "good" else "warning"
        body.append(
            {"type": "Container", "style": tone, "items": [rich(view.notice, size="Small")]}
        )
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
    submit = _plain(view.submit)
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
    actions = [first, *(_button(b, dialog) for b in view.buttons)]
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


def question_card_from_template(view: QuestionView, rich: Rich, dialog: bool = False) -> Any:
    """The same card through the template: the reference the tests hold `question_card` to."""
    return render_json("teams/question.json.j2", view=view, rich=rich, dialog=dialog)
