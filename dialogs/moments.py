"""Days and moments as people read them, in Dutch time."""

from __future__ import annotations

from datetime import date, datetime, time

from dialogs.messages import text
from dialogs.summary_views import format_date
from domain.working_time import at, local

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def format_day(day: date, lang: str) -> str:
    """ "vrijdag 11 december 2026" / "Friday 11 December 2026"."""
    weekday = text(f"weekday.{_WEEKDAYS[day.weekday()]}", lang)
    return f"{weekday} {format_date(at(day, time(12, 0)), lang)}"


def format_moment(moment: datetime, lang: str) -> str:
    """ "dinsdag 8 december 2026 om 09:00" / "Tuesday 8 December 2026 at 09:00"."""
    here = local(moment)
    return text("moment.at", lang, day=format_day(here.date(), lang), time=here.strftime("%H:%M"))
