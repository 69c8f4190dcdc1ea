"""The demo's summary as a golden file a reviewer can read (tests/golden/demo-summary-nl.txt).

When the summary changes on purpose, regenerate it with
`BREEDBEELD_GOLDEN=write .venv/bin/python -m pytest tests/test_demo_golden.py` and read the
diff: it is what the college will read.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from bot.demo.run import run_demo

GOLDEN = Path(__file__).parent / "golden" / "demo-summary-nl.txt"


async def test_the_demo_summary_matches_the_golden_file(tmp_path: Path) -> None:
    await run_demo(tmp_path, "nl", say=lambda _: None, start=datetime(2026, 12, 4, tzinfo=UTC))
    text = (tmp_path / "summary.txt").read_text(encoding="utf-8")
    # The report link carries a fresh token and port each run.
    text = re.sub(r"http://127\.0\.0\.1:\d+/reports/\S+", "<report link>", text)
    if os.environ.get("BREEDBEELD_GOLDEN") == "write":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert "Verdeeld" in text and "Neutraal" not in text
