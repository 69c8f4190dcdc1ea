"""Teams markup as plain text: a message arrives as HTML with `<at>…</at>` mentions.

The dialogs read plain text; this is the Teams edge's part of translating a message.
"""

from __future__ import annotations

import html
import re

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")

# A link Teams sends as HTML: its label and address are both kept as text.
_LINK = re.compile(r"<a\b[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
# Tags that only wrap or break a message (Teams sends every message as <p>…</p>); any
# other tag is formatting the user chose (bold, a list, a link), which is not kept.
_PLAIN_TAGS = frozenset({"p", "div", "span", "br", "at"})
_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")


def _link_as_text(match: re.Match[str]) -> str:
    address, label = html.unescape(match.group(1)).strip(), _TAGS.sub("", match.group(2)).strip()
    if not label or html.unescape(label) == address:
        return f" {address} "
    return f" {label} ({address}) "


def has_markup(text: str | None) -> bool:
    """True when the message had formatting (bold, italics, a list, a link) that the
    plain text of `clean_text` does not keep, so the bot can say what it stored."""
    if not text:
        return False
    return any(
        name.lower() not in _PLAIN_TAGS for name in _TAG_NAME.findall(_MENTION.sub(" ", text))
    )


def clean_text(text: str | None) -> str:
    """Strip Teams @mentions, stray HTML and surrounding whitespace from a message.

    A link keeps its label and its address ("verslag (https://…)"): that is what the
    user meant to give.
    """
    if not text:
        return ""
    without_mentions = _MENTION.sub(" ", text)
    without_tags = _TAGS.sub(" ", _LINK.sub(_link_as_text, without_mentions))
    # After removing tags, so that a typed "&lt;b&gt;" stays visible text; &nbsp; becomes
    # U+00A0, which split() treats as whitespace.
    return " ".join(html.unescape(without_tags).split())
