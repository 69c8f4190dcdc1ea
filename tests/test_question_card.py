"""The question card, built in Python (bot/rendering/question_card.py), for every kind of
question, text and button: valid Adaptive Cards, Save first, every input and button as the
view says; and its buttons are the ones the template cards show (bot/rendering/card_parts.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rendering.adaptive_cards import render_card, rich
from bot.rendering.card_parts import button_action, plain
from bot.rendering.question_card import question_card
from dialogs.views import Button, InfoView, Option, QuestionView
from questions.loader import load_bank
from tests.card_schema import card_errors

# Texts people type and the bot writes: quotes, markup, bold markers, any letter.
TEXTS = st.text(st.characters(codec=None, categories=None), max_size=30) | st.sampled_from(
    ["", "Opgeslagen: **Gezondheid** – Positief.", 'Een "citaat" \\ en <at>x</at>', "Één"]
)
LABELS = (
    "effect",
    "certainty",
    "explanation",
    "text",
    "choice",
    "groups",
    "help",
    "effect_required",
    "text_required",
    "choice_required",
    "groups_required",
)
OPTIONS = st.lists(st.builds(Option, TEXTS, TEXTS, st.integers(1, 12)), max_size=5).map(tuple)
DATA = st.dictionaries(st.sampled_from(["bb", "a", "q", "lang", "for", "name"]), TEXTS)
BUTTONS = st.lists(st.builds(Button, TEXTS, DATA, st.booleans(), st.booleans()), max_size=4).map(
    tuple
)


@st.composite
def question_views(draw: st.DrawFn) -> QuestionView:
    kind = draw(st.sampled_from(["effect", "text", "choice", "groups"]))
    labels = {name: draw(TEXTS) for name in LABELS}
    if draw(st.booleans()):
        labels["save"] = draw(TEXTS)
    prefill = draw(
        st.dictionaries(st.sampled_from(["effect", "choices", "explanation", "text"]), TEXTS)
    )
    if kind == "effect" or draw(st.booleans()):
        prefill["certainty"] = draw(TEXTS)
    submit: dict[str, Any] = draw(DATA)
    if draw(st.booleans()):
        submit["r"] = draw(st.integers())  # not a text: copied through JSON, as the template does
    return QuestionView(
        language=draw(st.sampled_from(["nl", "en"])),
        heading=draw(TEXTS),
        section_title=draw(TEXTS),
        theme=draw(TEXTS),
        question=draw(TEXTS),
        help=draw(TEXTS),
        kind=kind,
        submit=submit,
        options=draw(OPTIONS),
        certainty_options=draw(OPTIONS),
        labels=labels,
        previous_note=draw(TEXTS),
        prefill=prefill,
        text_hint=draw(TEXTS),
        buttons=draw(BUTTONS),
        notice=draw(TEXTS),
        notice_tone=draw(st.sampled_from(["good", "warning", "other"])),
        problem_field=draw(st.sampled_from(["", "explanation"])),
    )


@settings(max_examples=300)
@given(question_views(), st.booleans())
def test_any_question_view_gives_the_card_it_describes(view: QuestionView, dialog: bool) -> None:
    card = question_card(view, rich, dialog)
    assert not card_errors(card)
    save, *buttons, unfold = card["actions"]
    assert save["type"] == ("Action.Submit" if dialog else "Action.Execute")
    assert save["data"] == plain(view.submit) and save["style"] == "positive"
    assert buttons == [button_action(b, dialog) for b in view.buttons]
    assert unfold == {
        "type": "Action.ToggleVisibility",
        "title": view.labels["help"],
        "targetElements": ["help"],
    }
    inputs = {e["id"]: e for e in card["body"] if e.get("type", "").startswith("Input.")}
    required = [e for e in inputs.values() if e.get("isRequired")]
    assert len(required) == 1  # the answer itself; certainty and explanation are optional
    wanted = "choice" if view.kind == "choice" else view.kind
    assert required[0]["errorMessage"] == view.labels[f"{wanted}_required"]
    assert (card["body"][0]["type"] == "Container") == bool(view.notice)


def test_a_template_card_shows_the_same_buttons() -> None:
    """Info and progress cards come from templates; their buttons are card_parts' too."""
    buttons = (
        Button("Verder", {"bb": "next", "a": "x"}, in_place=True),
        Button("Volgende vraag", {"bb": "next"}, opens_dialog=True),
        Button("Status", {"bb": "status", "n": 2}),
    )
    view = InfoView(title="Titel", paragraphs=("Tekst",), buttons=buttons)
    for dialog in (False, True):
        card = render_card(view, dialog)
        assert card is not None
        assert card["actions"] == [button_action(b, dialog, inputs="auto") for b in buttons]


def test_every_question_of_the_bank_gives_a_valid_card() -> None:
    bank = load_bank()
    for question in bank.questions:
        options = tuple(Option(c.id, c.id, n) for n, c in enumerate(question.choices, 1))
        kind = question.type.value
        view = QuestionView(
            language="nl",
            heading="Dorpsplein · vraag 1 van 35",
            section_title=question.section_id,
            theme="",
            question=question.id,
            help="Uitleg",
            kind=kind,
            submit={"bb": "answer", "a": "0" * 32, "q": question.id, "lang": "nl"},
            options=options,
            certainty_options=(Option("likely", "Waarschijnlijk", 2),),
            labels={name: name.title() for name in LABELS},
            prefill={"certainty": "likely"},
            buttons=(Button("Overslaan", {"bb": "skip"}, in_place=True),),
            notice="Opgeslagen: **iets**.",
        )
        for dialog in (False, True):
            card = render_card(view, dialog)
            assert card == question_card(view, rich, dialog)
            assert not card_errors(dict(card or {}))
