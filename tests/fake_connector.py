"""The recording fake Bot Connector (shared with the benchmark), checking every card.

The implementation lives in bench/fake_connector.py; here it checks each card against the
Adaptive Cards 1.5 schema shipped in tests/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.fake_connector import FakeConnector as _FakeConnector
from bench.fake_connector import Recorded
from tests.card_schema import card_errors

__all__ = ["FakeConnector", "Recorded"]


@dataclass
class FakeConnector(_FakeConnector):
    """The fake connector of the tests: cards are checked against the schema."""

    check_card: Callable[[dict[str, Any]], list[str]] | None = card_errors
