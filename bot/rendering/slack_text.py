"""Text for Slack: escaping into mrkdwn, and cutting text to Slack's limits.

Slack reads `<...>` in mrkdwn as a mention, link or broadcast (`<!channel>` pings everyone),
so every text that can hold user input is escaped (&, <, > as HTML entities, exactly the
three characters Slack's formatting docs name). Our messages mark bold with Markdown's
`**…**`; Slack's mrkdwn uses `*…*`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ELLIPSIS = "…"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def escape(text: str) -> str:
    """Make user text inert in mrkdwn: no mentions, links or @channel pings."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """A message text (Markdown bold) as safe Slack mrkdwn."""
    return _BOLD.sub(r"*\1*", escape(text))


def bullet(line: str) -> str:
    """A list item; a line indented in the view model is a sub-item."""
    if line[:1].isspace():
        return "      ◦ " + line.strip()
    return "• " + line


def cut(text: str, limit: int) -> str:
    """`text` shortened to `limit` characters, ending in "…" when something was cut.

    Never cuts an HTML entity of `escape` in half (that would show as "&am…").
    """
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    return head + ELLIPSIS


def split_long(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, broken at a space where possible."""
    pieces = []
    while len(text) > limit:
        at = text.rfind(" ", limit // 2, limit)
        at = at if at > 0 else limit
        amp = text.rfind("&", at - 6, at)  # an entity is at most 5 characters ("&amp;")
        if amp != -1 and ";" not in text[amp:at]:
            at = amp
        pieces.append(text[:at].rstrip())
        text = text[at:].lstrip()
    pieces.append(text)
    return pieces


def chunk(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines with newlines into texts of at most `limit` characters each.

    Lines stay whole where they fit; a line longer than `limit` is broken into pieces, so
    nothing is lost, only spread over more blocks.
    """
    texts: list[str] = []
    current = ""
    for line in lines:
        for piece in split_long(line, limit):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) <= limit:
                current = joined
            else:
                texts.append(current)
                current = piece
    if current:
        texts.append(current)
    return texts
