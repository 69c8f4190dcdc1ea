"""One Jinja2 environment for all card templates, compiled once per process."""

from __future__ import annotations

import json
import re
import threading
from functools import cache
from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from bot.rendering import card_parts, slack_text

_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…) builds one per call
_encode_text = json.encoder.encode_basestring  # what that encoder does for a str, in C


# 19 digits in a row in a value that is not a text: perhaps an integer beyond 64 bits, which
# orjson would parse as a float; that card is parsed by the standard library instead.
_LONG_NUMBER = re.compile(r"\d{19}")
_rendering = threading.local()  # .exact: this render must be parsed by the standard library


def _json(value: Any) -> str:
    """Every value goes into a template through this filter, so any text is valid JSON.

    A card fills in about thirty values, most of them texts: those skip the encoder.
    """
    if type(value) is str:
        return _encode_text(value)
    encoded = _ENCODER.encode(value)
    if _LONG_NUMBER.search(encoded):
        _rendering.exact = True
    return encoded


@cache
def environment() -> Environment:
    """Templates are loaded from the package and cached by Jinja after the first use."""
    env = Environment(
        loader=PackageLoader("bot.rendering", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # JSON output: escaping is done by the `j` filter, not HTML rules
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the packaged templates do not change: no stat() of the file per card
    )
    env.filters["j"] = _json
    # Teams card parts, the same functions the question card is built with.
    env.globals["card_button"] = card_parts.button_action
    env.globals["card_notice"] = card_parts.notice
    # Slack (Block Kit) text: escaping into mrkdwn and Slack's length limits.
    env.filters["mrkdwn"] = slack_text.mrkdwn
    env.filters["cut"] = slack_text.cut
    env.filters["chunk"] = slack_text.chunk
    env.filters["bullet"] = slack_text.bullet
    return env


def render_json(template: str, **context: Any) -> Any:
    """Render a JSON template and parse it, so a broken template fails loudly here."""
    return render_parsed(environment().get_template(template), context)


def render_parsed(template: Template, context: dict[str, Any]) -> Any:
    """`render_json` for a compiled template (tests give their own)."""
    _rendering.exact = False
    text = template.render(**context)
    return json.loads(text) if _rendering.exact else parse_rendered(text)


def parse_rendered(text: str) -> Any:
    """The JSON a template rendered, parsed: by orjson, else by the standard library.

    Why: a card is some 5 KB of JSON, parsed on every answer turn; orjson does that in a
    fraction of the time of `json.loads` (docs/PERFORMANCE.md, issue 14 round). What orjson
    refuses (a lone surrogate someone typed, which `json.loads` keeps) goes to `json.loads`,
    so the result, and a broken template's error, stay the standard library's. Numbers in
    the text are the templates' literals and the values of the `j` filter; a filtered value
    that may hold an integer beyond 64 bits (which orjson reads as a float) makes
    `render_json` use `json.loads` for that card.
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
