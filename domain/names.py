"""Names and answers people type: what may be in them, and what is taken out.

Characters that turn text around or hide it (right-to-left override, zero-width spaces,
invisible separators) let a name look like something else in a card or the report title,
so they are removed, and the person is told. A name needs at least one letter or digit:
one made only of emoji, markup signs or invisible characters names nothing a colleague
can read back or type.
"""

from __future__ import annotations

import unicodedata

# Unicode "format" characters (Cf) are the invisible ones: direction marks, embeddings,
# overrides and isolates (U+200E/F, U+202A-E, U+2066-9), zero-width characters (U+200B-D,
# U+2060, U+FEFF), the soft hyphen and tag characters. Control characters (Cc) other than
# whitespace do not belong in a name either.
_KEEP_CONTROLS = frozenset("\t\n\r")


def _hidden(character: str) -> bool:
    category = unicodedata.category(character)
    return category == "Cf" or (category == "Cc" and character not in _KEEP_CONTROLS)


def without_hidden(text: str) -> tuple[str, bool]:
    """The text without characters that change its direction or hide text; True when any
    were removed."""
    if text.isprintable():  # fast path (C): no format, control or separator character
        return text, False
    kept = "".join(c for c in text if not _hidden(c))
    return kept, len(kept) != len(text)


def has_letters(text: str) -> bool:
    """True when the text has a letter or digit (any script), not only emoji or signs."""
    return any(unicodedata.category(c)[0] in ("L", "N") for c in text)
