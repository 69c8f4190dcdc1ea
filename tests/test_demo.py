"""`breedbeeld demo`: the scripted assessment runs and writes what it promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docx import Document
from PIL import Image

from bot.demo.run import run_demo
from tests.card_schema import card_errors

FILES = (
    "summary-card.json",
    "impact.png",
    "report.html",
    "report.css",
    "report.png",
    "export.csv",
    "export.json",
    "export.md",
    "paragraaf.docx",
    "paragraaf.txt",
)


def check_output(out: Path) -> dict:
    for name in FILES:
        assert (out / name).stat().st_size > 0, name
    picture = (out / "impact.png").read_bytes()
    assert len(picture) < 60 * 1024
    assert Image.open(out / "impact.png").format == "PNG"
    paragraph = Document(str(out / "paragraaf.docx"))
    assert next(p.text for p in paragraph.paragraphs if p.text).startswith(("Paragraaf", "Broad"))
    assert Image.open(out / "report.png").size[1] > 2000  # the whole page, not one screen
    card = json.loads((out / "summary-card.json").read_text(encoding="utf-8"))
    assert card_errors(card) == []
    assert len(json.dumps(card, separators=(",", ":")).encode()) < 28 * 1024  # Teams' limit
    return card


def test_demo_from_the_command_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "PUBLIC_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "SAMENVATTING: FIETSPAD ASSEN-ZUID" in result.stdout
    assert "Nu beter (" in result.stdout and "Geschreven:" in result.stdout
    card = check_output(tmp_path / "out")
    assert any(e["type"] == "Image" for e in card["body"])
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Verslag: Fietspad Assen-Zuid" in html and 'src="impact.png"' in html
    assert not (tmp_path / "breedbeeld.db").exists()  # the demo used its own database


async def test_demo_in_english(tmp_path: Path) -> None:
    printed: list[str] = []
    result = await run_demo(tmp_path, "en", printed.append)
    assert "SUMMARY: CYCLE PATH ASSEN-SOUTH" in printed[0]
    assert "Anna de Vries, Bram Bakker, Chris Jansen, Dewi Pranoto, Eva Smit" in printed[0]
    check_output(tmp_path)
    assert result.screenshot_skipped == ""
    assert "Report: Cycle path Assen-South" in (tmp_path / "report.html").read_text("utf-8")
