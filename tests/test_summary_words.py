"""The summary in words: Dutch and English, dates and numbers, and the picture's content."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.formatting import format_date, format_date_time, format_number, format_share
from dialogs.summary_views import RoundData, impact_picture, summarise_round
from domain.analysis import analyse
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Certainty, Effect
from questions.loader import load_bank

BANK = load_bank()
MOMENT = datetime(2026, 11, 28, 13, 5, tzinfo=UTC)
ANNA = ParticipantRecord("anna", "Anna de Vries", MOMENT)
BRAM = ParticipantRecord("bram", "Bram Bakker", MOMENT)


def test_dates_and_numbers_in_dutch_and_english() -> None:
    assert format_date(MOMENT, "nl") == "28 november 2026"
    assert format_date(MOMENT, "en") == "28 November 2026"
    assert format_date_time(MOMENT, "nl") == "28 november 2026 14:05"  # Amsterdam time
    assert format_share(0.62, "nl") == "62%"
    assert format_share(0.62, "en") == "62%"
    assert format_number(1.5, "nl") == "1,5"
    assert format_number(1.5, "en") == "1.5"
    assert format_number(1234.5, "nl") == "1.234,5"


def round_of(*answers: AnswerRecord, closed: bool = False) -> RoundData:
    assessment = Assessment(
        id=1,
        public_id="x" * 32,
        channel="msteams",
        conversation_key="c",
        thread_id="c",
        service_url="",
        project_name="Fietspad Assen-Zuid",
        status=AssessmentStatus.CLOSED if closed else AssessmentStatus.OPEN,
        starter_id="anna",
        starter_name="Anna de Vries",
        bank_version=BANK.version,
        created_at=MOMENT,
        closed_at=MOMENT if closed else None,
    )
    participants = (ANNA, BRAM)
    return RoundData(
        assessment, answers, participants, analyse(BANK, answers, participants), number=1
    )


def effect(qid: str, who: str, value: Effect, certainty: Certainty | None = None) -> AnswerRecord:
    return AnswerRecord(qid, who, who, MOMENT, effect=value, certainty=certainty)


@pytest.mark.parametrize(
    ("lang", "expected", "counted"),
    [
        ("nl", "Nog niemand heeft een vraag beantwoord.", "0 van de 61 antwoorden zijn gegeven."),
        ("en", "Nobody has answered a question yet", "0 of the 61 answers have been given."),
    ],
)
def test_nobody_answered_says_exactly_that(lang: str, expected: str, counted: str) -> None:
    view = summarise_round(BANK, round_of(), lang)
    assert view.empty
    assert view.headline[0].startswith(expected)
    assert view.status_line.endswith(counted)


def test_interim_and_final_are_marked_with_the_answers_given() -> None:
    # Answers given out of answers asked: the 9 team questions once, 26 to each of two.
    answers = (effect("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.CERTAIN),)
    interim = summarise_round(BANK, round_of(*answers), "nl")
    assert interim.title == "Tussenstand: Fietspad Assen-Zuid"
    assert interim.status_line.startswith("Dit is een tussenstand. 1 van de 61 antwoorden ")
    final = summarise_round(BANK, round_of(*answers, closed=True), "en")
    assert final.title == "Summary: Fietspad Assen-Zuid"
    assert final.status_line.startswith("Closed on 28 November 2026. 1 of the 61 answers ")
    assert not final.empty
    two = (*answers, effect("nu.gezondheid", "bram", Effect.POSITIVE))
    assert summarise_round(BANK, round_of(*two), "nl").status_line == (
        "Dit is een tussenstand. 2 van de 61 antwoorden zijn gegeven."
    )
    assert summarise_round(BANK, round_of(*two, closed=True), "en").status_line == (
        "Closed on 28 November 2026. 2 of the 61 answers were given."
    )


def test_the_picture_says_nothing_the_text_does_not() -> None:
    data = round_of(
        effect("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.CERTAIN),
        effect("nu.gezondheid", "bram", Effect.STRONGLY_POSITIVE, Certainty.UNCERTAIN),
        effect("nu.wonen", "anna", Effect.UNKNOWN),
        effect("nu.milieu", "anna", Effect.POSITIVE, Certainty.LIKELY),
        effect("nu.milieu", "bram", Effect.NEGATIVE, Certainty.LIKELY),
    )
    for lang in ("nl", "en"):
        view = summarise_round(BANK, data, lang)
        picture = impact_picture(data, lang)
        rows = {row.label: row for group in view.profile for row in group.rows}
        cells = [cell for group in picture.groups for cell in group.cells]
        assert {c.label for c in cells} == set(rows)
        for cell in cells:
            row = rows[cell.label]
            if cell.state in ("judged", "unknown"):
                assert cell.judgement == row.direction
                assert cell.certainty == row.certainty.lower()
            if cell.state == "split":
                # "Verdeeld" and its spread, as the row says it; never a certainty.
                assert row.direction == f"{cell.judgement}: {cell.note}"
                assert cell.certainty == row.certainty == ""
                assert (cell.direction, cell.certainty_level) == ("", -1)
            else:
                assert cell.note == ""
            assert cell.label in picture.alt_text
    nl = {c.label: c for g in impact_picture(data, "nl").groups for c in g.cells}
    # Positief and sterk positief: the middle opinion nearer "geen effect" is positief.
    assert (nl["Gezondheid"].state, nl["Gezondheid"].judgement) == ("judged", "Positief")
    assert nl["Gezondheid"].certainty == "waarschijnlijk"  # certain + uncertain, rounded down
    assert (nl["Wonen"].state, nl["Wonen"].judgement) == ("unknown", "Weet niet")
    assert (nl["Milieu"].state, nl["Milieu"].judgement, nl["Milieu"].note) == (
        "split",
        "Verdeeld",
        "1× positief, 1× negatief",
    )
    assert "Milieu verdeeld (1× positief, 1× negatief)" in impact_picture(data, "nl").alt_text
    assert (nl["Onderwijs"].state, nl["Onderwijs"].judgement) == ("none", "Geen antwoord")
    en = {c.label: c for g in impact_picture(data, "en").groups for c in g.cells}
    assert en["Health"].judgement == "Positive"
    assert (en["Environment"].judgement, en["Environment"].note) == (
        "Split",
        "1× positive, 1× negative",
    )
