"""orjson where the bot parses its own cards and writes invoke answers: the same values as
the standard library's json, whatever the texts and numbers (bot/rendering/templating.py,
bot/teams/invoke_response.py)."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.rendering.templating import environment, parse_rendered, render_parsed
from bot.teams.invoke_response import invoke_json

# Any text, lone surrogates (which json keeps and orjson refuses) and control characters
# included.
TEXTS = st.text(st.characters(codec=None, categories=None))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()  # of any size: beyond 64 bits orjson would give a float
    | st.floats(allow_nan=False)
    | TEXTS
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=12,
)
TEMPLATE = environment().from_string(
    '{"type": "AdaptiveCard", "text": {{ text|j }}, "data": {{ data|j }}, "n": {{ n|j }}}'
)


def same(first: Any, second: Any) -> bool:
    """Equal, with the types (1 is not 1.0, True is not 1) and -0.0 told apart."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(same(first[k], second[k]) for k in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(
            same(a, b) for a, b in zip(first, second, strict=True)
        )
    if isinstance(first, float):
        return first == second and math.copysign(1, first) == math.copysign(1, second)
    return bool(first == second)


@given(TEXTS, VALUES, st.integers() | st.floats(allow_nan=False))
def test_a_rendered_card_parses_to_what_the_standard_library_reads(
    text: str, data: Any, number: float
) -> None:
    context = {"text": text, "data": data, "n": number}
    rendered = TEMPLATE.render(**context)
    assert same(render_parsed(TEMPLATE, context), json.loads(rendered))


@given(TEXTS)
def test_any_text_parses_as_the_standard_library_parses_it_or_fails_alike(text: str) -> None:
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        try:
            parse_rendered(text)
        except json.JSONDecodeError:
            return
        raise AssertionError(f"parsed what json refuses: {text!r}") from None
    if "e" in text.lower() or "." in text or any(c.isdigit() for c in text):
        return  # numbers: the templates' own, covered above
    assert same(parse_rendered(text), expected)


def test_a_huge_number_in_a_card_stays_an_integer() -> None:
    huge = 10**30
    card = render_parsed(TEMPLATE, {"text": "x", "data": {"r": huge}, "n": -(10**20)})
    assert card["data"]["r"] == huge and type(card["data"]["r"]) is int
    assert card["n"] == -(10**20) and type(card["n"]) is int


@given(VALUES | st.floats())
def test_an_invoke_answer_holds_what_json_dumps_would_write(value: Any) -> None:
    written = invoke_json(value)
    expected = json.dumps(value)
    if any(word in expected for word in ("NaN", "Infinity")):  # not JSON: written alike
        assert written == expected.encode()
    else:
        assert same(json.loads(written), json.loads(expected))


def test_what_orjson_cannot_write_is_written_by_json_dumps() -> None:
    for value in (
        {"text": "\ud800"},
        {"n": 2**70},
        {1: "key that is a number"},
        {"x": float("inf")},
        {"x": float("nan")},
        {"x": None},
    ):
        assert invoke_json(value) == json.dumps(value).encode()
