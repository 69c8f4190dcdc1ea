"""Dates and numbers as Dutch and English readers write them (Babel, CLDR data).

Dutch: "28 november 2026", "62%", "1,5". English: "28 November 2026", "62%", "1.5".
Times are shown in Amsterdam time: the bot serves Dutch municipalities.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal, format_percent

from domain.models import as_utc

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def locale_of(lang: str) -> str:
    """The CLDR locale for a reply language (Dutch unless "en")."""
    return _LOCALES.get(lang, _LOCALES["nl"])


def format_date(moment: datetime, lang: str) -> str:
    """A date in words: 28 november 2026 / 28 November 2026 (Amsterdam time)."""
    local = as_utc(moment).astimezone(AMSTERDAM)  # SQLite hands back naive UTC times
    return babel_date(local.date(), format="long", locale=locale_of(lang))


def format_date_time(moment: datetime, lang: str) -> str:
    """A date with the time: 28 november 2026 14:05 (Amsterdam time)."""
    local = as_utc(moment).astimezone(AMSTERDAM)
    return f"{format_date(local, lang)} {babel_datetime(local, 'HH:mm', locale=locale_of(lang))}"


def format_share(share: float, lang: str) -> str:
    """A share of 0..1 as a whole percentage: 62%."""
    return format_percent(share, locale=locale_of(lang))


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number with at most `decimals` decimals and the reader's decimal sign: 1,5 / 1.5."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))
