"""Days and moments as people read them, in Dutch time."""

from __future__ import annotations

from datetime import date, datetime, time

from dialogs.summary_views import format_date
from domain.working_time import at, local

_WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def format_day(day: date, lang: str) -> str:
    """ "vrijdag 11 december 2026" / "Friday 11 December 2026"."""
    weekday = _WEEKDAYS["en" if lang == "en" else "nl"][day.weekday()]
    return f"{weekday} {format_date(at(day, time(12, 0)), lang)}"


def format_moment(moment: datetime, lang: str) -> str:
    """ "dinsdag 8 december 2026 om 09:00" / "Tuesday 8 December 2026 at 09:00"."""
    here = local(moment)
    word = "at" if lang == "en" else "om"
    return f"{format_day(here.date(), lang)} {word} {here.strftime('%H:%M')}"
