"""When the bot may bother people: working days, 08:00–18:00 in Europe/Amsterdam.

Weekends and Dutch public holidays (from the `holidays` package, which follows the
official calendar, Easter and Ascension included) are not working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_START = time(8, 0)  # no messages before this
DAY_END = time(18, 0)  # nor from this time on
REMINDER_TIME = time(9, 0)  # planned reminders go out at this time of a working day


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def local(moment: datetime) -> datetime:
    """The moment in Dutch time."""
    return moment.astimezone(AMSTERDAM)


def at(day: date, clock_time: time) -> datetime:
    """`clock_time` on `day` in Dutch time, as a UTC moment."""
    return datetime.combine(day, clock_time, tzinfo=AMSTERDAM).astimezone(UTC)


def may_send(moment: datetime) -> bool:
    """True on a working day between 08:00 and 18:00 Dutch time."""
    here = local(moment)
    return is_working_day(here.date()) and DAY_START <= here.time() < DAY_END


def next_send_moment(moment: datetime) -> datetime:
    """`moment` itself when messages are allowed then, else the next working morning."""
    if may_send(moment):
        return moment
    here = local(moment)
    day = here.date()
    if not (is_working_day(day) and here.time() < DAY_START):
        day = next_working_day(day)
    return at(day, DAY_START)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def last_working_day(day: date) -> date:
    """`day` when it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day`."""
    for _ in range(count):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return day


def end_of(day: date) -> datetime:
    """The end of the working day `day`: after it, reminders for that deadline are late."""
    return at(day, DAY_END)
