"""Parts every Teams card shares (a button, a notice at the top), written once in Python.

The question card is built in Python (bot/rendering/question_card.py: nine turns in ten
show one, and building it directly is several times cheaper than rendering a template);
the other Teams cards come from templates/teams/*.j2, which call these same functions
through the Jinja environment (bot/rendering/templating.py), so a button is the same
everywhere and is written in one place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from dialogs.views import Button


class Rich(Protocol):
    """bot/rendering/adaptive_cards.py's `rich`: a text as a RichTextBlock."""

    def __call__(self, value: str, **style: Any) -> dict[str, Any]: ...


def plain(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of card data that any JSON encoder writes the same way (texts as they are)."""
    if all(type(k) is str and type(v) is str for k, v in value.items()):
        return dict(value)
    return dict(json.loads(json.dumps(value, ensure_ascii=False)))


def button_action(
    button: Button, dialog: bool = False, style: str | None = None, inputs: str = "none"
) -> dict[str, Any]:
    """One button. In a dialog every button submits to the dialog (task/submit); elsewhere
    a button that moves the card on in place is an Action.Execute (its reply replaces the
    card), and one that opens the person's questions in a dialog asks Teams for it
    (task/fetch). `inputs`: "auto" when the button sends the card's inputs along."""
    data = plain(button.data)
    action: dict[str, Any]
    if button.opens_dialog and not dialog:
        action = {
            "type": "Action.Submit",
            "title": button.title,
            "data": {"msteams": {"type": "task/fetch"}, **data},
        }
    elif button.in_place and not dialog:
        action = {
            "type": "Action.Execute",
            "title": button.title,
            "verb": data.get("bb", ""),
            "data": data,
            "associatedInputs": inputs,
        }
    else:
        action = {
            "type": "Action.Submit",
            "title": button.title,
            "data": data,
            "associatedInputs": inputs,
        }
    if style:
        action["style"] = style
    return action


def notice(text: str, tone: str, rich: Rich) -> dict[str, Any]:
    """A line at the top of a card: green for what went well, orange for anything else."""
    style = "good" if tone == "good" else "warning"
    return {"type": "Container", "style": style, "items": [rich(text, size="Small")]}
