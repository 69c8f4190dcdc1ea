"""Validation of Adaptive Cards against the official 1.5 schema shipped in this folder.

tests/adaptive-card-1.5.schema.json is schemas/1.5.0/adaptive-card.json of the
microsoft/AdaptiveCards repository, unchanged.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

SCHEMA = Path(__file__).with_name("adaptive-card-1.5.schema.json")


@cache
def validator() -> Draft6Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def card_errors(card: dict[str, Any]) -> list[str]:
    """Every schema violation in `card`, as readable lines (empty when valid)."""
    found = []
    for error in validator().iter_errors(card):
        where = "/".join(str(p) for p in error.absolute_path)
        found.append(f"{where}: {error.message[:300]}")
    return found
