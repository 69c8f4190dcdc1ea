"""The Block Kit renderer: every view within Slack's limits, user text inert, nothing lost."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.rendering import adaptive_cards
from bot.rendering.block_kit import (
    MAX_BLOCKS,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    fit_block,
    render_messages,
)
from bot.rendering.slack_text import chunk, cut, escape, mrkdwn, split_long
from dialogs.views import (
    Button,
    InfoView,
    Option,
    ProfileGroup,
    ProfileRow,
    ProgressRow,
    ProgressView,
    QuestionView,
    SummaryItem,
    SummaryView,
    TextView,
)

NASTY = "<!channel> & <@U123> > <https://evil.example|klik>"
LABELS = {
    "effect": "Wat is het effect?",
    "certainty": "Hoe zeker ben je?",
    "explanation": "Waarom?",
    "text": "Je antwoord",
    "choice": "Kies één antwoord",
    "groups": "Kies één of meer groepen",
    "effect_required": "Kies eerst het effect.",
    "text_required": "Typ eerst je antwoord.",
    "choice_required": "Kies eerst een antwoord.",
    "groups_required": "Kies eerst minstens één groep.",
    "help": "Uitleg",
    "save": "Opslaan",
}


def question(kind: str, options: int = 6, **extra: Any) -> QuestionView:
    return QuestionView(
        language="nl",
        heading=f"{NASTY} · vraag 1 van 35",
        section_title="Hier en nu",
        theme="Gezondheid",
        question="Wat is het effect op de gezondheid?",
        help="Denk aan bewegen.",
        kind=kind,
        submit={"bb": "answer", "a": "f" * 32, "q": "nu.gezondheid", "lang": "nl"},
        options=tuple(Option(f"o{i}", f"Optie {i}", i) for i in range(1, options + 1)),
        certainty_options=(
            Option("certain", "Zeker", 1),
            Option("likely", "Waarschijnlijk", 2),
            Option("uncertain", "Onzeker", 3),
        ),
        labels=LABELS,
        prefill={"certainty": "likely", **extra.pop("prefill", {})},
        text_hint="Zonder knoppen: typ het nummer.",
        buttons=(Button("Overslaan", {"bb": "skip", "a": "f" * 32, "q": "nu.gezondheid"}),),
        **extra,
    )


def summary(items: int, detail: str, per_item: int = 3, texts: int = 1) -> SummaryView:
    row = ProfileRow("Gezondheid", "▲", "Positief", "good", "Zeker", "3 antw.", "")
    return SummaryView(
        language="nl",
        final=True,
        title=f"Samenvatting: {NASTY}",
        status_line="Afgerond op 24 november 2026. 100% van de vragen heeft een antwoord.",
        meta_line="Gestart op 24 november 2026 door Anna. Meegedaan: Anna, Bram.",
        streefbeeld=tuple(f"Streefbeeld {i}: {detail}" for i in range(texts)),
        description=tuple(f"Omschrijving {i}: {detail}" for i in range(texts)),
        headline=("▲ Beter: Gezondheid", "3 hiaten, 1 afwegingen."),
        profile=(ProfileGroup("Hier en nu", "Positief", "▲", "good", (row,) * 10),),
        gaps=tuple(
            SummaryItem(f"Hiaat {i}", tuple(f"Persoon {j}: {detail}" for j in range(per_item)))
            for i in range(items)
        ),
        trade_offs=tuple(
            SummaryItem(f"Afweging {i}", ("▲ Gezondheid", f"   Anna: {detail}"))
            for i in range(items // 3)
        ),
        team_view=(SummaryItem("Advies", (f"{detail} — Anna",)),),
        labels={
            "streefbeeld": "Streefbeeld",
            "description": "Het project",
            "headline": "In het kort",
            "profile": "Effecten per thema",
            "gaps": f"Hiaten ({items})",
            "no_gaps": "Geen hiaten gevonden.",
            "trade_offs": "Afwegingen",
            "no_trade_offs": "Nog geen afwegingen.",
            "team_view": "Afweging van het team",
            "all_effects": "Alle effecten",
        },
    )


def mrkdwn_texts(node: Any) -> list[str]:
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [t for value in node.values() for t in mrkdwn_texts(value)]


def check_limits(blocks: list[dict[str, Any]]) -> None:
    """Slack's limits, by our count and by slack_sdk's validating models."""
    assert 0 < len(blocks) <= MAX_BLOCKS
    for block in blocks:
        Block.parse(block).to_dict()  # raises SlackObjectFormationError on a violation
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert block["text"].get("verbatim") is True
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 2000 for e in block["elements"])
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150


ALL_VIEWS = [
    TextView(f"Hallo **{NASTY}**"),
    InfoView(
        title=NASTY,
        paragraphs=(NASTY, "tweede alinea"),
        lines=(NASTY, "regel"),
        buttons=(Button("Eerste vraag", {"bb": "next", "a": "x", "lang": "nl"}),),
        footer=NASTY,
    ),
    question("effect"),
    question("text", options=0, prefill={"text": NASTY}),
    question("choice", options=4),
    question("choice", options=12),
    question("groups", options=8, prefill={"choices": "o1,o3"}),
    question("groups", options=17),
    ProgressView(
        title=f"Voortgang: {NASTY}",
        summary_line="3 van 35 vragen hebben een antwoord.",
        my_line="Voor jou staan nog 32 vragen open.",
        sections=(ProgressRow("Intake", 6, 6), ProgressRow(NASTY, 0, 10)),
        people_title="Wie deed mee",
        people=(f"{NASTY}: 3 antwoorden",),
        buttons=(Button("Volgende vraag", {"bb": "next"}),),
    ),
    summary(items=3, detail=NASTY),
]


@pytest.mark.parametrize("view", ALL_VIEWS, ids=lambda v: type(v).__name__)
def test_every_view_renders_within_limits_and_user_text_is_inert(view: Any) -> None:
    for message in render_messages(view):
        assert message.text
        for text in [message.text, *mrkdwn_texts(list(message.blocks))]:
            # Escaped: Slack shows the characters, never a mention, link or @channel.
            assert "<" not in text and ">" not in text, text
        if message.blocks:
            check_limits(list(message.blocks))
    shown = "\n".join(
        m.text + json.dumps(m.blocks, ensure_ascii=False) for m in render_messages(view)
    )
    assert "&lt;!channel&gt;" in shown or "<!channel>" in shown  # kept as visible text


def test_question_carries_the_same_submit_data_as_the_adaptive_card() -> None:
    view = question("effect")
    card = adaptive_cards.render_card(view)
    assert card is not None
    card_actions = [
        a["data"] for a in card["actions"] if a["type"] in ("Action.Submit", "Action.Execute")
    ]
    (message,) = render_messages(view)
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [json.loads(b["value"]) for b in buttons] == card_actions
    inputs = {b["block_id"]: b["element"] for b in message.blocks if b["type"] == "input"}
    card_inputs = {e["id"] for e in card["body"] if e["type"].startswith("Input.")}
    assert set(inputs) == card_inputs == {"effect", "certainty", "explanation"}
    assert all(element["action_id"] == block_id for block_id, element in inputs.items())
    assert inputs["certainty"]["initial_option"]["value"] == "likely"


@pytest.mark.parametrize(
    ("kind", "options", "element"),
    [
        ("choice", 4, "radio_buttons"),
        ("choice", 10, "radio_buttons"),
        ("choice", 11, "static_select"),
        ("groups", 10, "checkboxes"),
        ("groups", 11, "multi_static_select"),
    ],
)
def test_long_option_lists_become_selects(kind: str, options: int, element: str) -> None:
    (message,) = render_messages(question(kind, options=options))
    inputs = {b["block_id"]: b["element"] for b in message.blocks if b["type"] == "input"}
    assert inputs["choices"]["type"] == element
    assert len(inputs["choices"]["options"]) == options


def test_earlier_choices_are_preselected() -> None:
    (message,) = render_messages(question("groups", options=8, prefill={"choices": "o2,o5"}))
    element = next(b["element"] for b in message.blocks if b.get("block_id") == "choices")
    assert [o["value"] for o in element["initial_options"]] == ["o2", "o5"]


def test_a_big_summary_is_split_over_messages_without_losing_anything() -> None:
    view = summary(items=40, detail="Een uitleg van gemiddelde lengte. " * 12)
    messages = render_messages(view)
    assert 1 < len(messages) <= MAX_MESSAGES
    for number, message in enumerate(messages, 1):
        check_limits(list(message.blocks))
        size = sum(len(json.dumps(b, ensure_ascii=False)) for b in message.blocks)
        assert size <= MAX_MESSAGE_CHARS + 200  # plus the continuation note
        if number > 1:
            assert (
                f"Vervolg: deel {number} van {len(messages)}"
                in message.blocks[0]["elements"][0]["text"]
            )
    everything = "\n".join(json.dumps(m.blocks, ensure_ascii=False) for m in messages)
    assert all(f"*Hiaat {i}*" in everything for i in range(40))
    assert "staat er niet bij" not in everything
    assert messages[-1].blocks[-1]["type"] == "context"  # the meta line closes the summary


def test_a_huge_summary_is_cut_with_a_note() -> None:
    huge = summary(items=400, detail="x" * 1900, per_item=5, texts=10)
    messages = render_messages(huge)
    assert len(messages) == MAX_MESSAGES
    for message in messages:
        check_limits(list(message.blocks))
    last = messages[-1].blocks[-1]
    assert last["type"] == "context"
    assert (
        "Dit bericht is te lang voor Slack. Het laatste deel staat er niet bij."
        in (last["elements"][0]["text"])
    )


def test_a_very_long_text_is_spread_over_sections_not_cut() -> None:
    long_answer = " ".join(f"woord{i}" for i in range(1500))  # about 12,000 characters
    view = summary(items=0, detail=long_answer)
    blocks = [b for m in render_messages(view) for b in m.blocks]
    streefbeeld = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    joined = " ".join(streefbeeld)
    assert all(f"woord{i} " in joined + " " for i in range(1500))


def test_english_notes() -> None:
    view = summary(items=400, detail="x" * 1900, per_item=5, texts=10)
    english = SummaryView(**{**view.__dict__, "language": "en"})
    messages = render_messages(english)
    assert "Continued: part 2 of" in messages[1].blocks[0]["elements"][0]["text"]
    assert "This message is too long for Slack." in messages[-1].blocks[-1]["elements"][0]["text"]


def test_fit_block_cuts_texts_and_refuses_broken_structure() -> None:
    header = fit_block({"type": "header", "text": {"type": "plain_text", "text": "h" * 400}})
    assert header["text"]["text"] == "h" * 149 + "…"
    button = {
        "type": "button",
        "action_id": "bb_1",
        "text": {"type": "plain_text", "text": "b" * 80},
    }
    fitted = fit_block({"type": "actions", "elements": [dict(button, value="{}")]})
    assert fitted["elements"][0]["text"]["text"] == "b" * 74 + "…"
    with pytest.raises(ValueError, match="button value"):
        fit_block({"type": "actions", "elements": [dict(button, value="v" * 2001)]})
    radio = {
        "type": "radio_buttons",
        "action_id": "effect",
        "options": [
            {"text": {"type": "plain_text", "text": str(i)}, "value": str(i)} for i in range(11)
        ],
    }
    with pytest.raises(ValueError, match="at most 10 options"):
        fit_block({"type": "input", "label": {"type": "plain_text", "text": "x"}, "element": radio})


def test_slack_text_helpers() -> None:
    assert escape("a & <b> c") == "a &amp; &lt;b&gt; c"
    assert mrkdwn("Het project **<x>** is af") == "Het project *&lt;x&gt;* is af"
    assert cut("abc", 3) == "abc"
    assert cut("a &amp; b", 5) == "a …"  # never half an entity
    pieces = split_long("aaa &amp; bbb " * 100, 50)
    assert all(len(p) <= 50 for p in pieces)
    assert all(not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)
    assert chunk(["one", "two", "x" * 10], 8) == ["one\ntwo", "x" * 8, "xx"]
