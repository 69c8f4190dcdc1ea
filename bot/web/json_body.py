"""Reading JSON from the outside world without crashing on it.

`json.loads` raises RecursionError (not ValueError) on deeply nested input, and a body
nested just below that limit still crashes whatever walks it later (the SDK's
deserializer, `copy.deepcopy`, `json.dumps` in a log): both were HTTP 500 with a
traceback. Nothing the channels send is nested more than a few levels, so anything deeper
than MAX_DEPTH is refused as unreadable, like malformed JSON, before anything else reads it.
"""

from __future__ import annotations

import json
from typing import Any

# Teams activities and Slack payloads nest about ten levels (a Block Kit message inside
# a block_actions payload is the deepest we read); 64 leaves room and stays far below
# Python's recursion limit.
MAX_DEPTH = 64


class UnreadableJson(ValueError):
    """Not JSON, or JSON nested too deeply to be safe to handle."""


def parse_json(data: str | bytes) -> Any:
    """The parsed value; UnreadableJson for anything the bot should not try to handle."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as failed:  # ValueError: also bad UTF-8, huge ints
        raise UnreadableJson(type(failed).__name__) from None
    if nested_deeper_than(value, MAX_DEPTH):
        raise UnreadableJson("nested too deeply")
    return value


def nested_deeper_than(value: Any, limit: int) -> bool:
    """True when lists and objects nest more than `limit` levels (without recursion).

    Only lists and objects go on the stack: every request's body passes here, and most of
    its values are strings.
    """
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False
