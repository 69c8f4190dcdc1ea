"""The "paragraaf brede welvaart": what it writes, the Word file, and its template checks."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rendering import block_kit
from bot.rendering.adaptive_cards import render_card
from bot.rendering.paragraph_docx import render_docx
from bot.rendering.plain_text import render_text
from dialogs.paragraph_views import build_paragraph, paragraph_context, sample_contexts
from dialogs.summary_views import RoundData
from domain.analysis import EffectStatus, analyse, side_of
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Certainty, Effect
from questions.loader import load_bank
from questions.paragraph_template import (
    PACKAGED_TEMPLATES,
    BlockKind,
    ParagraphTemplateError,
    load_paragraph_templates,
    plain_text,
    read_blocks,
)
from tests.card_schema import card_errors

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
BANK = load_bank()
TEMPLATES = load_paragraph_templates(None, sample_contexts())
PEOPLE = {"anna": "Anna de Vries", "bram": "Bram Bakker", "chris": "Chris Jansen"}
PARTICIPANTS = tuple(ParticipantRecord(uid, name, T0) for uid, name in PEOPLE.items())


def effect(qid: str, who: str, value: Effect, certainty: Certainty | None) -> AnswerRecord:
    return AnswerRecord(qid, who, PEOPLE[who], T0, effect=value, certainty=certainty)


def typed(qid: str, who: str, value: str) -> AnswerRecord:
    return AnswerRecord(qid, who, PEOPLE[who], T0, text=value)


SPLIT_TEAM = (
    # Welzijn: two people sure of opposite things, a third leaning positive (issue 16's case).
    effect("nu.welzijn", "anna", Effect.STRONGLY_POSITIVE, Certainty.CERTAIN),
    effect("nu.welzijn", "bram", Effect.STRONGLY_NEGATIVE, Certainty.CERTAIN),
    effect("nu.welzijn", "chris", Effect.POSITIVE, Certainty.LIKELY),
    # Wonen: nobody knows.
    effect("nu.wonen", "anna", Effect.UNKNOWN, None),
    effect("nu.wonen", "bram", Effect.UNKNOWN, None),
    # Gezondheid: everyone agrees it gets better.
    effect("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.LIKELY),
    effect("nu.gezondheid", "bram", Effect.POSITIVE, Certainty.CERTAIN),
    effect("nu.gezondheid", "chris", Effect.POSITIVE, Certainty.LIKELY),
    typed("intake.omschrijving", "anna", "# Een fietspad\n- van Assen-Zuid naar het centrum."),
    typed("intake.streefbeeld", "anna", "Kinderen fietsen veilig naar school."),
)


def split_round(status: str = AssessmentStatus.OPEN) -> RoundData:
    assessment = Assessment(
        id=1,
        public_id="abc",
        channel="msteams",
        conversation_key="c",
        thread_id="c",
        service_url="https://x.invalid/",
        project_name="Fietspad Assen-Zuid",
        status=status,
        starter_id="anna",
        starter_name="Anna de Vries",
        bank_version=BANK.version,
        created_at=T0,
        closed_at=T0 + timedelta(days=3) if status == AssessmentStatus.CLOSED else None,
    )
    analysis = analyse(BANK, SPLIT_TEAM, PARTICIPANTS)
    return RoundData(assessment, SPLIT_TEAM, PARTICIPANTS, analysis, number=1)


def test_a_split_theme_is_written_as_a_disagreement_and_weet_niet_as_an_open_question() -> None:
    context = paragraph_context(split_round(), "nl")
    now = " ".join(context.now)
    assert "Over welzijn is het team verdeeld:" in now
    assert "Anna de Vries" in now and "Bram Bakker" in now and "Chris Jansen" in now
    assert "sterk positief" in now and "sterk negatief" in now
    # Never a direction for the split theme, never "geen effect" or "zeker" for it.
    welzijn = next(s for s in context.now if "welzijn" in s)
    assert "positief effect op welzijn" not in now and "geen effect op welzijn" not in now
    assert "zeker" not in welzijn
    assert "Het effect op wonen weet het team nog niet. Dat is een open vraag." in now
    assert "positief effect op gezondheid (waarschijnlijk, 3 met een oordeel)" in now
    assert any("welzijn" in s for s in context.open_questions)
    assert any("'weet niet'" in s and "wonen" in s for s in context.open_questions)


def test_the_part_is_counted_like_the_summary_and_the_draft_says_what_was_answered() -> None:
    data = split_round()
    view = build_paragraph(TEMPLATES, data, "nl")
    counted = data.analysis.coverage
    assert counted is not None
    assert view.status_line.startswith(f"Concept: {counted.given} van de {counted.asked} ")
    assert view.blocks[1].text.startswith("Concept.")  # under the title, before the rest
    assert f"{counted.given} van de {counted.asked} antwoorden" in view.text
    # Hier en nu has 10 themes, 2 with an opinion ("weet niet" is none): too early.
    assert "Nog te vroeg: 2 van de 10 thema's hebben een oordeel." in view.text
    final = build_paragraph(TEMPLATES, split_round(AssessmentStatus.CLOSED), "nl")
    assert "Concept" not in final.text and final.status_line.startswith("Afgerond op")


def test_the_word_file_opens_with_the_headings_and_the_sentences() -> None:
    view = build_paragraph(TEMPLATES, split_round(), "nl")
    document = Document(io.BytesIO(render_docx(view)))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [text for style, text in styled if style == "Heading 1"]
    assert headings == [
        "Aanleiding en streefbeeld",
        "Effecten",
        "Afwegingen en wat de nadelen verzacht",
        "Wat we nog niet weten en hoe we het volgen",
        "Wie deed mee en wanneer",
    ]
    assert ("Title", "Paragraaf brede welvaart: Fietspad Assen-Zuid") in styled
    assert ("Heading 2", "Hier en nu") in styled
    body = "\n".join(text for _, text in styled)
    assert "Over welzijn is het team verdeeld:" in body
    assert "Het effect op wonen weet het team nog niet. Dat is een open vraag." in body
    # What a teammate typed stays text: "# ..." and "- ..." are no heading and no list.
    assert ("Normal", "# Een fietspad - van Assen-Zuid naar het centrum.") in styled
    assert document.core_properties.title == view.title
    language = document.styles.element.xpath("//w:docDefaults//w:lang/@w:val")
    assert language == ["nl-NL"]


def test_english_paragraph() -> None:
    view = build_paragraph(TEMPLATES, split_round(), "en")
    assert view.title == "Broad prosperity paragraph: Fietspad Assen-Zuid"
    assert "The team is split on wellbeing:" in view.text
    assert "The team does not know the effect on housing yet." in view.text
    assert view.status_line.startswith("Draft: ")
    assert view.file_name == "breedbeeld-paragraph-fietspad-assen-zuid-1.docx"


def test_card_block_kit_and_text_from_one_view() -> None:
    view = build_paragraph(
        TEMPLATES,
        split_round(),
        "nl",
        docx_url="https://bot.example/reports/t/paragraph.docx",
        text_url="https://bot.example/reports/t/paragraph.txt",
    )
    card = render_card(view)
    assert card is not None and card_errors(card) == []
    urls = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    assert urls == [view.docx_url, view.text_url]
    shown = next(a for a in card["actions"] if a["type"] == "Action.ShowCard")
    assert "Over welzijn is het team verdeeld" in str(shown["card"])
    messages = block_kit.render_messages(view)
    blocks = [b for m in messages for b in m.blocks]
    assert any(view.docx_url in str(b) for b in blocks)
    assert any("Over welzijn is het team verdeeld" in str(b) for b in blocks)
    text = render_text(view)
    assert view.docx_url in text and "Over welzijn is het team verdeeld" in text
    without = build_paragraph(TEMPLATES, split_round(), "nl")
    card = render_card(without)
    assert card is not None and card_errors(card) == []
    assert "PUBLIC_BASE_URL" in str(card) and "OpenUrl" not in str(card)


# -- the template ---------------------------------------------------------------------------


def copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "paragraph"
    shutil.copytree(PACKAGED_TEMPLATES, folder)
    return folder


def test_an_unknown_placeholder_is_refused_with_file_line_and_name(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path)
    dutch = folder / "paragraaf.nl.j2"
    lines = dutch.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "Wethouder: {{ wethouder }}")
    dutch.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ParagraphTemplateError) as refused:
        load_paragraph_templates(folder, sample_contexts())
    message = str(refused.value)
    assert f"{folder}/paragraaf.nl.j2, line 21: unknown placeholder `wethouder`" in message


def test_a_syntax_error_is_refused_with_file_and_line(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path)
    english = folder / "paragraph.en.j2"
    english.write_text("# Title\n\n{% for line in now %}\n{{ line }}\n", encoding="utf-8")
    with pytest.raises(ParagraphTemplateError) as refused:
        load_paragraph_templates(folder, sample_contexts())
    assert str(refused.value).startswith(f"{folder}/paragraph.en.j2, line ")
    assert "endfor" in str(refused.value)


def test_an_error_that_only_shows_when_writing_is_found_at_start_up(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path)
    dutch = folder / "paragraaf.nl.j2"
    # Fine while someone took part; breaks on a project without participants.
    dutch.write_text("# Titel\n\nEerste: {{ participants[0] }}\n", encoding="utf-8")
    with pytest.raises(ParagraphTemplateError) as refused:
        load_paragraph_templates(folder, sample_contexts())
    assert str(refused.value).startswith(f"{folder}/paragraaf.nl.j2, line 3: ")
    dutch.write_text("# Titel\n\n{{ project.naam }}\n", encoding="utf-8")
    with pytest.raises(ParagraphTemplateError) as refused:
        load_paragraph_templates(folder, sample_contexts())
    assert str(refused.value).startswith(f"{folder}/paragraaf.nl.j2, line 3: ")
    assert "naam" in str(refused.value)


def test_a_missing_template_or_folder_is_named(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path)
    (folder / "paragraph.en.j2").unlink()
    with pytest.raises(ParagraphTemplateError, match=r"paragraph\.en\.j2: missing"):
        load_paragraph_templates(folder, sample_contexts())
    with pytest.raises(ParagraphTemplateError, match="no such folder"):
        load_paragraph_templates(tmp_path / "nowhere", sample_contexts())


def test_the_line_format() -> None:
    blocks = read_blocks(
        "# Titel\n\n## Leeg\n## Kop\nEen zin\ndie doorloopt.\n\n- punt\n- \x02# data\x03\n"
        "### Klein\n\x02- ook data\x03\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.TITLE, "Titel"),
        (BlockKind.HEADING, "Kop"),  # "Leeg" has nothing under it and is left out
        (BlockKind.PARAGRAPH, "Een zin die doorloopt."),
        (BlockKind.BULLET, "punt"),
        (BlockKind.BULLET, "# data"),
        (BlockKind.SUBHEADING, "Klein"),
        (BlockKind.PARAGRAPH, "- ook data"),
    ]
    assert plain_text(blocks).startswith("Titel\n\nKop\n\nEen zin die doorloopt.\n\n- punt\n- #")


def test_the_bot_does_not_start_with_a_broken_template(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = copy_templates(tmp_path)
    (folder / "paragraaf.nl.j2").write_text("# {{ titel }}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check-bank"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PARAGRAPH_TEMPLATES": str(folder)},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "The paragraph template is broken" in result.stderr
    assert f"{folder}/paragraaf.nl.j2, line 1: unknown placeholder `titel`" in result.stderr


def test_the_terminal_chat_writes_the_word_file_and_says_where(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    typed = "start Fietspad\nparagraaf\nvolgende\nEen fietspad langs het kanaal\nparagraaf\n/stop\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "PUBLIC_"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bb.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--as", "Anna", "--out", str(tmp_path / "files")],
        input=typed,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Er zijn nog geen antwoorden voor Fietspad." in result.stdout
    assert "PARAGRAAF BREDE WELVAART: FIETSPAD" in result.stdout
    written = (tmp_path / "files" / "breedbeeld-paragraaf-fietspad-1.docx").resolve()
    assert f"Het Word-bestand staat hier: {written}" in result.stdout
    assert "PUBLIC_BASE_URL" not in result.stdout  # the terminal needs no link
    document = Document(str(written))
    assert "Een fietspad langs het kanaal" in [p.text for p in document.paragraphs]
    assert result.stdout.count("Het Word-bestand staat hier") == 1  # none for no answers


NOW_THEMES = [q for q in BANK.questions if q.dimension is not None and q.dimension.value == "now"]
ANSWERS = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(list(Effect)), st.sampled_from([*Certainty, None])),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ANSWERS, ANSWERS, ANSWERS), min_size=10, max_size=10))
def test_each_theme_is_written_as_the_analysis_judged_it(answers: list) -> None:
    """Whatever the team answered, the paragraph puts each theme in the one sentence that
    matches its verdict: never a direction for a split or a "weet niet"."""
    records = tuple(
        effect(question.id, who, value, certainty if value is not Effect.UNKNOWN else None)
        for question, trio in zip(NOW_THEMES, answers, strict=True)
        for who, given_answer in zip(PEOPLE, trio, strict=True)
        if given_answer is not None
        for value, certainty in [given_answer]
    )
    analysis = analyse(BANK, records, PARTICIPANTS)
    data = RoundData(split_round().assessment, records, PARTICIPANTS, analysis, number=1)
    sentences = paragraph_context(data, "nl").now
    kinds = {
        "better": "Het team verwacht een positief effect op",
        "worse": "Het team verwacht een negatief effect op",
        "no_effect": "Het team verwacht geen effect op",
    }
    for result in analysis.effects:
        if result.dimension is None or result.dimension.value != "now":
            continue
        theme = result.theme.nl[:1].lower() + result.theme.nl[1:]
        holding = [s for s in sentences if f" {theme} (" in s]  # a theme with a verdict
        if result.status is EffectStatus.SPLIT:
            assert holding == [], (theme, sentences)
            assert any(s.startswith(f"Over {theme} is het team verdeeld: ") for s in sentences)
        elif result.status is EffectStatus.JUDGED:
            assert result.direction is not None
            expected = kinds[side_of(result.direction).value]  # type: ignore[union-attr]
            assert len(holding) == 1 and holding[0].startswith(expected), (theme, sentences)
        else:
            assert holding == []
            wanted = (
                "weet het team nog niet"
                if result.status is EffectStatus.UNKNOWN
                else ("heeft nog niemand iets gezegd")
            )
            assert any(theme in s and wanted in s for s in sentences), (theme, sentences)


def test_a_template_reads_its_values_and_nothing_else_of_the_bot(tmp_path: Path) -> None:
    folder = copy_templates(tmp_path)
    (folder / "paragraaf.nl.j2").write_text(
        "# Titel\n\n{{ project.__class__.__mro__ }}\n", encoding="utf-8"
    )
    with pytest.raises(ParagraphTemplateError, match=r"line 3: access to attribute '__class__'"):
        load_paragraph_templates(folder, sample_contexts())


def test_a_paragraph_too_long_for_a_teams_card_leaves_the_text_to_the_links() -> None:
    import json
    from dataclasses import replace

    from questions.paragraph_template import Block

    view = build_paragraph(
        TEMPLATES,
        split_round(),
        "nl",
        docx_url="https://bot.example/reports/t/paragraph.docx",
        text_url="https://bot.example/reports/t/paragraph.txt",
    )
    long = replace(view, blocks=(*view.blocks, *[Block(BlockKind.PARAGRAPH, "x" * 4000)] * 10))
    card = render_card(long)
    assert card is not None and card_errors(card) == []
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 28 * 1024
    assert [a["type"] for a in card["actions"]] == ["Action.OpenUrl", "Action.OpenUrl"]
    assert "De tekst is te lang om hier te tonen." in str(card["body"])
    short = render_card(view)
    assert short is not None and "te lang" not in str(short["body"])


def test_a_second_round_carries_the_streefbeeld_of_the_first_as_the_summary_does() -> None:
    from dataclasses import replace

    first = split_round(AssessmentStatus.CLOSED)
    answers = tuple(a for a in SPLIT_TEAM if not a.question_id.startswith("intake."))
    second = replace(
        first,
        answers=answers,
        analysis=analyse(BANK, answers, PARTICIPANTS),
        number=2,
        previous=first.assessment,
        previous_analysis=first.analysis,
    )
    view = build_paragraph(TEMPLATES, second, "nl")
    assert view.blocks[0].text == "Paragraaf brede welvaart: Fietspad Assen-Zuid (ronde 2)"
    assert "Streefbeeld: Kinderen fietsen veilig naar school. (uit ronde 1)" in view.text
