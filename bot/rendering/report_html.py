"""The report page as HTML (Jinja2, autoescaped) and its print-friendly stylesheet."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dialogs.messages import text
from dialogs.views import ReportView


@dataclass(frozen=True)
class ReportAssets:
    """Where the page finds its picture, stylesheet and exports (served or saved)."""

    stylesheet: str
    picture: str
    csv: str
    json: str
    markdown: str
    paragraph: str  # the council paragraph as a Word file

    @classmethod
    def served(cls, token: str) -> ReportAssets:
        """Absolute paths on this bot: the page itself lives at /reports/<token>."""
        base = f"/reports/{token}"
        return cls(
            "/static/report.css",
            f"{base}/impact.png",
            f"{base}/export.csv",
            f"{base}/export.json",
            f"{base}/export.md",
            f"{base}/paragraph.docx",
        )

    @classmethod
    def side_by_side(cls) -> ReportAssets:
        """Files next to a saved report.html (what `breedbeeld demo` writes)."""
        return cls(
            "report.css",
            "impact.png",
            "export.csv",
            "export.json",
            "export.md",
            "paragraaf.docx",
        )


@cache
def _environment() -> Environment:
    """HTML templates escape every value; nothing a teammate typed becomes markup."""
    return Environment(
        loader=PackageLoader("bot.rendering", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report_html(report: ReportView, assets: ReportAssets) -> str:
    """The whole report page."""
    template = _environment().get_template("report/report.html.j2")
    return template.render(report=report, summary=report.summary, assets=assets)


@cache
def report_stylesheet() -> bytes:
    """The report's CSS (screen and print), served as a file so the CSP needs no inline style."""
    return files("bot.rendering").joinpath("templates/report/report.css").read_bytes()


@cache
def render_gone_page() -> str:
    """The page for a report link that opens nothing: unknown, revoked or deleted alike
    (one page for all, so a guessed token learns nothing), in Dutch and English, since
    the language of a link that opens nothing is not known."""
    pages = [
        {
            "language": lang,
            "title": text("report_gone.title", lang),
            "why": text("report_gone.why", lang),
            "how": text("report_gone.how", lang),
        }
        for lang in ("nl", "en")
    ]
    return _environment().get_template("report/gone.html.j2").render(pages=pages)
