"""Reading a date (and maybe a time) that someone typed, in Dutch or English.

`deadline 12-12-2026`, `deadline 12 december`, `deadline vrijdag`, `herinner morgen 10:00`,
`remind 2026-12-03 14.30`: python-dateutil reads the formats (day first, as both Dutch
and British English write dates), with Dutch month and day names added; the few
relative words (`vandaag`, `morgen`, `overmorgen`) are handled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil import parser as date_parser

from domain.working_time import AMSTERDAM


class _DutchAndEnglish(date_parser.parserinfo):
    """dateutil's parser vocabulary with the Dutch month and day names added."""

    MONTHS: list[tuple[str, ...]] = [  # type: ignore[assignment]  # noqa: RUF012
        ("jan", "januari", "january"),
        ("feb", "februari", "february"),
        ("mrt", "mar", "maart", "march"),
        ("apr", "april"),
        ("mei", "may"),
        ("jun", "juni", "june"),
        ("jul", "juli", "july"),
        ("aug", "augustus", "august"),
        ("sep", "sept", "september"),
        ("okt", "oct", "oktober", "october"),
        ("nov", "november"),
        ("dec", "december"),
    ]
    WEEKDAYS: list[tuple[str, ...]] = [  # type: ignore[assignment]  # noqa: RUF012
        ("ma", "maandag", "mon", "monday"),
        ("di", "dinsdag", "tue", "tuesday"),
        ("wo", "woensdag", "wed", "wednesday"),
        ("do", "donderdag", "thu", "thursday"),
        ("vr", "vrijdag", "fri", "friday"),
        ("za", "zaterdag", "sat", "saturday"),
        ("zo", "zondag", "sun", "sunday"),
    ]

    def __init__(self) -> None:
        super().__init__(dayfirst=True)


_INFO = _DutchAndEnglish()
_RELATIVE = {
    "vandaag": 0,
    "today": 0,
    "morgen": 1,
    "tomorrow": 1,
    "overmorgen": 2,
}
_YEAR = re.compile(r"\b\d{4}\b")
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})\b")
_DOT_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?!\.)")  # 14.30 is a time, as Dutch write it
_HOUR = re.compile(r"\b(\d{1,2})\s*(?:u|uur)\b")  # 10u, 10 uur
# Words around a date that change nothing: "op 3 december om 10:00".
_FILLER = frozenset({"om", "op", "at", "on", "de", "the", "van", "of", "a", "in"})


@dataclass(frozen=True)
class TypedMoment:
    """A day, and the time of day when one was typed."""

    day: date
    clock_time: time | None

    def at(self, default: time) -> datetime:
        """The moment in Dutch time (with `default` when no time was typed)."""
        return datetime.combine(self.day, self.clock_time or default, tzinfo=AMSTERDAM)


def read_moment(typed: str, now: datetime) -> TypedMoment | None:
    """The date (and time) in `typed`, or None when it cannot be read as one."""
    text = typed.strip().lower()
    if not text:
        return None
    today = now.astimezone(AMSTERDAM).date()
    words = text.split()
    if words[0] in _RELATIVE:
        day = today + timedelta(days=_RELATIVE[words[0]])
        rest = " ".join(words[1:])
        clock_time = _read_time(rest) if rest else None
        if rest and clock_time is None:
            return None
        return TypedMoment(day, clock_time)
    text = _HOUR.sub(r"\1:00", _DOT_TIME.sub(r"\1:\2", text))
    iso = _ISO_DAY.match(text)
    if iso:
        rest = text[iso.end() :].strip()
        clock_time = _read_time(rest) if rest else None
        if rest and clock_time is None:
            return None
        try:
            return TypedMoment(date.fromisoformat(iso.group(1)), clock_time)
        except ValueError:
            return None
    default = datetime.combine(today, time(0, 0))
    try:
        parsed, skipped = date_parser.parse(
            text, parserinfo=_INFO, default=default, fuzzy_with_tokens=True
        )
    except (ValueError, OverflowError):
        return None
    if not _only_filler(skipped):
        return None  # words that are no date: not a date
    day = parsed.date()
    if day < today and not _YEAR.search(text) and day.replace(year=day.year + 1) > today:
        day = day.replace(year=day.year + 1)  # "5 januari" typed in December: next year
    has_time = ":" in text or bool(re.search(r"\d\s*(am|pm)\b", text))
    return TypedMoment(day, parsed.time() if has_time else None)


def _only_filler(skipped: tuple[str, ...]) -> bool:
    words = " ".join(skipped).replace(",", " ").replace(".", " ").split()
    return all(word in _FILLER for word in words)


def _read_time(text: str) -> time | None:
    text = _HOUR.sub(r"\1:00", _DOT_TIME.sub(r"\1:\2", text))
    try:
        parsed, skipped = date_parser.parse(
            text, parserinfo=_INFO, default=datetime(2000, 1, 1), fuzzy_with_tokens=True
        )
    except (ValueError, OverflowError):
        return None
    if not _only_filler(skipped) or parsed.date() != date(2000, 1, 1):
        return None
    return parsed.time()
