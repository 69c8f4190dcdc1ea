"""One Jinja2 environment for all card templates, compiled once per process."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.rendering import slack_text

_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…) builds one per call
_encode_text = json.encoder.encode_basestring  # what that encoder does for a str, in C


def _json(value: Any) -> str:
    """Every value goes into a template through this filter, so any text is valid JSON.

    A card fills in about thirty values, most of them texts: those skip the encoder.
    """
    if type(value) is str:
        return _encode_text(value)
    return _ENCODER.encode(value)


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
    env.filters["combine"] = lambda first, second: {**first, **second}
    # Slack (Block Kit) text: escaping into mrkdwn and Slack's length limits.
    env.filters["mrkdwn"] = slack_text.mrkdwn
    env.filters["cut"] = slack_text.cut
    env.filters["chunk"] = slack_text.chunk
    env.filters["bullet"] = slack_text.bullet
    return env


def render_json(template: str, **context: Any) -> Any:
    """Render a JSON template and parse it, so a broken template fails loudly here."""
    return json.loads(environment().get_template(template).render(**context))
