"""Working time in Europe/Amsterdam, the reminder rhythm, and reading typed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from dialogs.dates import read_moment
from domain.working_time import (
    AMSTERDAM,
    is_working_day,
    last_working_day,
    may_send,
    next_send_moment,
    working_days_before,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 24), True),
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas
        (date(2026, 12, 28), True),
        (date(2027, 4, 27), False),  # King's Day
        (date(2027, 5, 6), False),  # Ascension Day
        (date(2026, 1, 1), False),  # New Year's Day
    ],
)
def test_working_days_follow_the_dutch_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_quiet_hours_and_the_next_moment_to_send() -> None:
    assert may_send(ams(2026, 11, 24, 8, 0))
    assert not may_send(ams(2026, 11, 24, 7, 59))
    assert not may_send(ams(2026, 11, 24, 18, 0))
    assert not may_send(ams(2026, 11, 28, 10, 0))
    assert next_send_moment(ams(2026, 11, 24, 6, 0)) == ams(2026, 11, 24, 8, 0)
    assert next_send_moment(ams(2026, 11, 27, 19, 0)) == ams(2026, 11, 30, 8, 0)  # Fri → Mon
    assert next_send_moment(ams(2026, 12, 24, 18, 30)) == ams(2026, 12, 28, 8, 0)
    moment = ams(2026, 11, 24, 11, 0)
    assert next_send_moment(moment) == moment
    # Summer time: 08:00 in Amsterdam is 06:00 UTC.
    assert next_send_moment(datetime(2026, 6, 1, 3, 0, tzinfo=UTC)) == datetime(
        2026, 6, 1, 6, 0, tzinfo=UTC
    )


def test_working_days_before_a_deadline() -> None:
    assert working_days_before(date(2026, 12, 4), 2) == date(2026, 12, 2)
    assert working_days_before(date(2026, 11, 30), 2) == date(2026, 11, 26)  # over a weekend
    assert working_days_before(date(2026, 12, 28), 2) == date(2026, 12, 23)  # over Christmas
    assert last_working_day(date(2026, 11, 29)) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("typed", "day", "clock_time"),
    [
        ("12-12-2026", date(2026, 12, 12), None),
        ("12 december", date(2026, 12, 12), None),
        ("4 dec", date(2026, 12, 4), None),
        ("vrijdag", date(2026, 11, 27), None),
        ("friday", date(2026, 11, 27), None),
        ("morgen 10:00", date(2026, 11, 25), time(10, 0)),
        ("tomorrow 9am", date(2026, 11, 25), time(9, 0)),
        ("2026-12-03 14.30", date(2026, 12, 3), time(14, 30)),
        ("op 3 december om 10 uur", date(2026, 12, 3), time(10, 0)),
        ("5 januari", date(2027, 1, 5), None),  # already past this year: next year
        ("1-1-2020 09:00", date(2020, 1, 1), time(9, 0)),  # a year typed stays
    ],
)
def test_reading_typed_dates(typed: str, day: date, clock_time: time | None) -> None:
    moment = read_moment(typed, NOW)
    assert moment is not None
    assert (moment.day, moment.clock_time) == (day, clock_time)


@pytest.mark.parametrize("typed", ["", "ooit", "volgende week", "morgen misschien", "2026-13-01"])
def test_what_is_no_date(typed: str) -> None:
    assert read_moment(typed, NOW) is None
