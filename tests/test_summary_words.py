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
    ("lang", "expected"),
    [
        ("nl", "Nog niemand heeft een vraag beantwoord."),
        ("en", "Nobody has answered a question yet"),
    ],
)
def test_nobody_answered_says_exactly_that(lang: str, expected: str) -> None:
    view = summarise_round(BANK, round_of(), lang)
    assert view.empty
    assert view.headline[0].startswith(expected)
    assert "0%" in view.status_line


def test_interim_and_final_are_marked_with_the_share_answered() -> None:
    answers = (effect("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.CERTAIN),)
    interim = summarise_round(BANK, round_of(*answers), "nl")
    assert interim.title == "Tussenstand: Fietspad Assen-Zuid"
    assert interim.status_line == "Dit is een tussenstand. 3% van de vragen heeft een antwoord."
    final = summarise_round(BANK, round_of(*answers, closed=True), "en")
    assert final.title == "Summary: Fietspad Assen-Zuid"
    assert final.status_line == "Closed on 28 November 2026. 3% of the questions have an answer."
    assert not final.empty


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
            if cell.state in ("judged", "disagreement"):
                assert cell.judgement == row.direction
                assert cell.certainty == row.certainty.lower()
            assert bool(cell.note) == bool(row.flag)
            assert cell.label in picture.alt_text
    nl = {c.label: c for g in impact_picture(data, "nl").groups for c in g.cells}
    assert (nl["Gezondheid"].state, nl["Gezondheid"].judgement) == ("judged", "Sterk positief")
    assert nl["Gezondheid"].certainty == "waarschijnlijk"  # certain + uncertain, rounded down
    assert (nl["Wonen"].state, nl["Wonen"].judgement) == ("unknown", "Weet niet")
    assert (nl["Milieu"].state, nl["Milieu"].note) == ("disagreement", "oneens")
    assert (nl["Onderwijs"].state, nl["Onderwijs"].judgement) == ("none", "Geen antwoord")
    en = {c.label: c for g in impact_picture(data, "en").groups for c in g.cells}
    assert en["Health"].judgement == "Strongly positive"
