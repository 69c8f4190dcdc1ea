"""The report's web endpoints: the page, the picture and the exports, behind a token.

`GET /reports/<token>` (HTML), `.../impact.png`, `.../export.csv|json|md`, the council
paragraph `.../paragraph.docx|txt`, and the shared stylesheet at `/static/report.css`.
An unknown, malformed or revoked token, or one of a deleted project, gets the same
friendly 404 page, so a guess learns nothing. Every response says:
do not cache (the report is private), do not index, and a strict content security policy
(no scripts at all; images and styles only from this bot).
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from aiohttp import web
from PIL import Image, ImageDraw

from bot.rendering.impact_png import render_impact_png
from bot.rendering.paragraph_docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from bot.rendering.paragraph_docx import render_docx
from bot.rendering.report_html import (
    ReportAssets,
    render_gone_page,
    render_report_html,
    report_stylesheet,
)
from bot.storage.engine import run_off_loop
from bot.web.exports import to_csv, to_json, to_markdown
from dialogs.messages import text
from dialogs.paragraph_views import build_paragraph, paragraph_file_name
from dialogs.report_views import build_report
from dialogs.summary_views import RoundData, impact_picture, load_round
from domain.report_links import OpenedLink, ReportLinks
from domain.services import Assessments
from questions.model import QuestionBank
from questions.paragraph_template import ParagraphTemplates


class Components(Protocol):
    """What the report pages read of the bot's components (bot/app.py's `Components`)."""

    @property
    def links(self) -> ReportLinks: ...

    @property
    def service(self) -> Assessments: ...

    @property
    def bank(self) -> QuestionBank: ...

    @property
    def paragraphs(self) -> ParagraphTemplates: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...


log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Cache-Control": "no-store, private",
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_EXPORTS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "csv": ("text/csv", to_csv),
    "json": ("application/json", to_json),
    "md": ("text/markdown", to_markdown),
}


def _respond(body: bytes | str, content_type: str, **headers: str) -> web.Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = web.Response(body=data, headers={**SECURITY_HEADERS, **headers})
    response.content_type = content_type
    if isinstance(body, str):
        response.charset = "utf-8"
    return response


def not_found() -> web.Response:
    """The same 404 page for every token that does not open a report (unknown, revoked,
    or its project deleted): it says kindly what may have happened, and nothing more."""
    response = web.Response(
        status=404, text=render_gone_page(), headers=SECURITY_HEADERS, content_type="text/html"
    )
    response.charset = "utf-8"
    return response


def add_report_routes(app: web.Application, key: web.AppKey[Any]) -> None:
    """Register the report endpoints on the bot's web application."""

    def opened(components: Components, token: str) -> OpenedLink | None:
        return components.links.open(token)

    def round_of(components: Components, link: OpenedLink) -> RoundData:
        return load_round(components.service, link.assessment)

    def page_html(components: Components, token: str) -> tuple[str, OpenedLink] | None:
        link = opened(components, token)
        if link is None:
            return None
        report = build_report(
            components.bank, round_of(components, link), link.language, components.clock()
        )
        return render_report_html(report, ReportAssets.served(token)), link

    def picture_png(components: Components, token: str) -> bytes | None:
        link = opened(components, token)
        if link is None:
            return None
        return render_impact_png(impact_picture(round_of(components, link), link.language))

    def export_file(components: Components, token: str, kind: str) -> tuple[str, str] | None:
        link = opened(components, token)
        if link is None:
            return None
        report = build_report(
            components.bank, round_of(components, link), link.language, components.clock()
        )
        _, render = _EXPORTS[kind]
        return render(report), _file_name(report.project, report.round_number, kind)

    def paragraph_file(
        components: Components, token: str, kind: str
    ) -> tuple[int, bytes | str, str, dict[str, str]] | None:
        """(status, body, content type, headers) of the council paragraph; a project
        without answers gets a 404 that says why, never an empty document."""
        link = opened(components, token)
        if link is None:
            return None
        data = round_of(components, link)
        lang = link.language
        if data.analysis.respondent_count == 0:
            said = text("paragraph.no_answers", lang, project=link.assessment.project_name)
            return 404, said, "text/plain", {"Content-Language": lang}
        view = build_paragraph(components.paragraphs, data, lang, linkable=False)
        name = paragraph_file_name(link.assessment.project_name, data.number, lang, kind)
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        log.info(
            "paragraph served",
            extra={
                "event": "paragraph_served",
                "assessment": link.assessment.public_id,
                "format": kind,
            },
        )
        if kind == "txt":
            return 200, view.text, "text/plain", headers
        # About 50 ms of python-docx (mostly reading Word's default template).
        return 200, render_docx(view, components.clock()), DOCX_CONTENT_TYPE, headers

    # Each handler's reads (and drawing) run in a worker thread: a report opened while
    # the database is slow must not hold up the chat turns on the event loop.

    async def page(request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        found = await run_off_loop(page_html, request.app[key], request.match_info["token"])
        if found is None:
            return not_found()
        html, link = found
        log.info(
            "report served",
            extra={
                "event": "report_served",
                "assessment": link.assessment.public_id,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return _respond(html, "text/html")

    async def picture(request: web.Request) -> web.StreamResponse:
        png = await run_off_loop(picture_png, request.app[key], request.match_info["token"])
        return not_found() if png is None else _respond(png, "image/png")

    async def export(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        if kind not in _EXPORTS:
            return not_found()
        found = await run_off_loop(export_file, request.app[key], request.match_info["token"], kind)
        if found is None:
            return not_found()
        body, name = found
        return _respond(
            body,
            _EXPORTS[kind][0],
            **{"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def paragraph(request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        if kind not in ("docx", "txt"):
            return not_found()
        token = request.match_info["token"]
        found = await run_off_loop(paragraph_file, request.app[key], token, kind)
        if found is None:
            return not_found()
        status, body, content_type, headers = found
        response = _respond(body, content_type, **headers)
        response.set_status(status)
        return response

    async def stylesheet(request: web.Request) -> web.StreamResponse:
        return _respond(report_stylesheet(), "text/css")

    async def favicon(request: web.Request) -> web.StreamResponse:
        # Browsers ask for it on every page; a 404 would show as an error in the console.
        return _respond(_favicon(), "image/png")

    app.router.add_get("/reports/{token}", page)
    app.router.add_get("/reports/{token}/impact.png", picture)
    app.router.add_get("/reports/{token}/export.{kind}", export)
    app.router.add_get("/reports/{token}/paragraph.{kind}", paragraph)
    app.router.add_get("/static/report.css", stylesheet)
    app.router.add_get("/favicon.ico", favicon)


@cache
def _favicon() -> bytes:
    """A small blue square with a light centre: Breedbeeld's colour, drawn once."""
    image = Image.new("RGB", (32, 32), (33, 102, 172))
    ImageDraw.Draw(image).rectangle((10, 10, 21, 21), fill=(209, 229, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _file_name(project: str, round_number: int, extension: str) -> str:
    """ "breedbeeld-fietspad-assen-zuid-2.csv": ASCII only, safe in a header."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-")[:60] or "project"
    return f"breedbeeld-{slug}-{round_number}.{extension}"
