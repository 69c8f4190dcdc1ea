"""Structured logs: one JSON line per event, with ids and event names, never answer texts."""

from __future__ import annotations

import json
import logging
import re
import sys

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record and its `extra` fields as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        """Time, level, logger, message and the extra fields (event, ids)."""
        data = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """Send JSON logs to stderr at `level`."""
    # The lines carry none of these, and finding the caller's source line walks the stack
    # on every record: the logging HOWTO's "Optimization" settings.
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


_REPORT_TOKEN = re.compile(r"^/reports/[^/]+")


def redact_path(path: str) -> str:
    """A request path fit for logs: report tokens are secrets and never written down."""
    return _REPORT_TOKEN.sub("/reports/<token>", path)
