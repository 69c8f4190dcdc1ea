"""What a person hears when their turn failed: kindly, once, never a stack trace.

Every edge catches a failed turn and asks `failure_notice` what to say; a lost database
connection (still lost after bot/storage/engine.py retried) is said once per delivery,
however often the channel delivers it again.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from bot.storage.engine import DatabaseUnavailable
from dialogs.messages import text
from dialogs.views import TextView

log = logging.getLogger(__name__)

_TOLD_DATABASE_DOWN: OrderedDict[str, None] = OrderedDict()  # delivery keys, bounded


def database_down(error: BaseException) -> bool:
    """Whether the turn failed because the database connection was lost (after retries)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DatabaseUnavailable):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _first_time_told(delivery: str) -> bool:
    """True once per delivery: a channel's redeliveries get no second "cannot save"."""
    if delivery in _TOLD_DATABASE_DOWN:
        return False
    _TOLD_DATABASE_DOWN[delivery] = None
    if len(_TOLD_DATABASE_DOWN) > 10_000:
        _TOLD_DATABASE_DOWN.popitem(last=False)
    return True


def failure_notice(
    error: BaseException, locale: str | None, delivery: str, activity: str | None
) -> TextView | None:
    """Log the failure (ids only) and the text to tell the person; None: told already.

    `delivery` names the delivery across redeliveries (who runs it, the conversation,
    the message id); `activity` is the message id for the log.
    """
    lang = "en" if (locale or "").lower().startswith("en") else "nl"
    if database_down(error):
        log.warning(
            "turn failed: database unavailable",
            extra={"event": "turn_db_unavailable", "activity": activity},
        )
        if not _first_time_told(delivery):
            return None
        return TextView(text("problem.database", lang))
    log.exception(
        "turn failed", exc_info=error, extra={"event": "turn_failed", "activity": activity}
    )
    return TextView(text("problem.internal", lang))
