"""The demo's paragraph for the council proposal, as a golden text a reviewer can read.

tests/golden/demo-paragraaf.nl.txt and demo-paragraph.en.txt are what `breedbeeld demo`
writes as paragraaf.txt (with the demo's dates fixed). When the wording or the analysis
changes on purpose, write them again with `UPDATE_GOLDEN=1 pytest tests/test_demo_paragraph.py`
and read the difference in the commit: it is what a council will read.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.demo.run import run_demo

GOLDEN = Path(__file__).parent / "golden"
START = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)  # the morning the demo team closes


@pytest.mark.parametrize(
    ("lang", "name"), [("nl", "demo-paragraaf.nl.txt"), ("en", "demo-paragraph.en.txt")]
)
async def test_the_demo_paragraph_is_the_golden_text(tmp_path: Path, lang: str, name: str) -> None:
    await run_demo(tmp_path, lang, say=lambda _: None, start=START)
    written = (tmp_path / "paragraaf.txt").read_text(encoding="utf-8")
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")
