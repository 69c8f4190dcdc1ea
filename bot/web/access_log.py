"""aiohttp's access log as JSON lines (bot/runtime/logs.py), with report tokens taken out."""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from bot.runtime.logs import redact_path


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
