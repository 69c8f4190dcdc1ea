"""Structured logs: one JSON line per event, with ids and event names, never answer texts."""

from __future__ import annotations

import json
import logging
import re
import sys

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

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


class AccessLogger(AbstractAccessLogger):
    """aiohttp's access log as JSON lines, with report tokens taken out of the path."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        """One line per request: method, path without secrets, status and duration."""
        self.logger.info(
            "request",
            extra={
                "event": "http_request",
                "method": request.method,
                "path": redact_path(request.path),
                "status": response.status,
                "ms": round(time * 1000, 1),
            },
        )
