"""Tests for dialogs.summary_views.build_summary on answers stored through the service.

The answers go through Assessments (on SQLite and PostgreSQL), and the summary is
built from what the service reads back, as the conversation does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine

from bot.storage.engine import migrate
from dialogs.summary_views import SummaryView, build_summary, format_date, format_share
from domain.answers import AnswerInput
from domain.assessment import ConversationRef
from domain.models import Assessment
from domain.records import Person
from domain.services import Assessments
from questions.loader import load_bank
from tests.conftest import Clock

BANK = load_bank()
TOTAL = len(BANK.questions)
WHERE = ConversationRef("msteams", "19:fiets@thread.tacv2", "19:fiets", "https://smba.example/")
ANNA = Person("aad-anna", "Anna")
BRAM = Person("aad-bram", "Bram")
PROJECT = "Fietspad Assen-Zuid"
# 23:30 UTC on 28 November is already 29 November in Amsterdam (UTC+1 in winter).
CLOSING_TIME = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)


@pytest.fixture
def service(engine: Engine, clock: Clock) -> Assessments:
    migrate(engine)
    return Assessments(engine, BANK, clock)


def give(
    service: Assessments,
    assessment: Assessment,
    person: Person,
    question_id: str,
    **given: object,
) -> None:
    """Store one answer (AnswerInput fields as keywords)."""
    service.answering.record_answer(assessment, question_id, person, AnswerInput(**given))  # type: ignore[arg-type]


def reread(service: Assessments) -> Assessment:
    """The assessment as the conversation gets it: freshly read from the database."""
    found = service.find.latest(WHERE.conversation_key)
    assert found is not None
    return found


def summary(service: Assessments, lang: str) -> SummaryView:
    """The summary of this conversation's latest assessment, built from stored data."""
    assessment = reread(service)
    return build_summary(
        BANK,
        assessment,
        service.find.answers(assessment),
        service.find.participants(assessment),
        lang,
    )


@pytest.fixture
def cycle_path(service: Assessments) -> Assessment:
    """Anna and Bram gave 10 of the 61 answers asked (the 9 team questions once, the 26
    others to each of them), started 24 November 2026 09:00 UTC.

    Helped: health (positief and sterk positief: the verdict is positief), environment.
    Harmed: housing (now) and natural capital (later, uncertain). Safety: "don't know".
    """
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "intake.omschrijving", text="Een vrijliggend fietspad.")
    give(service, started, ANNA, "intake.termijn", choices=("jaar_1_tot_4",))
    give(
        service,
        started,
        ANNA,
        "nu.gezondheid",
        effect="positive",
        certainty="certain",
        explanation="meer beweging",
    )
    give(service, started, BRAM, "nu.gezondheid", effect="strongly_positive", certainty="likely")
    give(service, started, ANNA, "nu.milieu", effect="positive")
    give(service, started, BRAM, "nu.milieu", effect="positive")
    give(service, started, ANNA, "nu.wonen", effect="negative", explanation="minder parkeerplek")
    give(service, started, BRAM, "nu.wonen", effect="negative")
    give(
        service,
        started,
        ANNA,
        "later.natuurlijk_kapitaal",
        effect="negative",
        certainty="uncertain",
        explanation="bomenkap",
    )
    give(
        service,
        started,
        BRAM,
        "nu.veiligheid",
        effect="unknown",
        explanation="hangt af van verlichting",
    )
    return started


# -- helpers -------------------------------------------------------------------------


def test_format_date_uses_amsterdam_time_and_month_names() -> None:
    assert format_date(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), "nl") == "24 november 2026"
    assert format_date(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), "en") == "24 November 2026"
    assert format_date(CLOSING_TIME, "nl") == "29 november 2026"
    # Summer time: 22:30 UTC on 31 May is 00:30 on 1 June in Amsterdam (UTC+2).
    assert format_date(datetime(2026, 5, 31, 22, 30, tzinfo=UTC), "nl") == "1 juni 2026"
    assert format_date(datetime(2026, 3, 2, 12, 0, tzinfo=UTC), "nl") == "2 maart 2026"
    assert format_date(datetime(2026, 3, 2, 12, 0, tzinfo=UTC), "en") == "2 March 2026"


def test_format_share_is_a_whole_percentage() -> None:
    assert [format_share(s, "nl") for s in (0, 1 / 35, 0.2, 0.995, 1)] == [
        "0%",
        "3%",
        "20%",
        "100%",
        "100%",
    ]


# -- title, status and meta ----------------------------------------------------------


def test_interim_summary_in_dutch(service: Assessments, cycle_path: Assessment) -> None:
    view = summary(service, "nl")
    assert view.final is False
    assert view.language == "nl"
    assert view.title == "Tussenstand: Fietspad Assen-Zuid"
    # Answers given out of answers asked: 7 of the 35 questions have an answer, but "20%"
    # would hide the 22 questions each of them still has open.
    assert view.status_line == "Dit is een tussenstand. 10 van de 61 antwoorden zijn gegeven."
    assert view.coverage_line == "10 van de 61 antwoorden gegeven · Anna 4 van 26, Bram 4 van 26"
    assert view.meta_line == "Gestart op 24 november 2026 door Anna. Meegedaan: Anna, Bram."


def test_final_summary_in_dutch(service: Assessments, cycle_path: Assessment, clock: Clock) -> None:
    clock.now = CLOSING_TIME
    service.rounds.close(cycle_path)

    view = summary(service, "nl")

    assert view.final is True
    assert view.title == "Samenvatting: Fietspad Assen-Zuid"
    assert view.status_line == "Afgerond op 29 november 2026. 10 van de 61 antwoorden zijn gegeven."
    assert view.meta_line == "Gestart op 24 november 2026 door Anna. Meegedaan: Anna, Bram."


def test_coverage_counts_the_answers_each_person_was_asked(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "nu.wonen", effect="neutral")
    view = summary(service, "nl")
    # Alone, Anna is asked the 9 team questions and her own 26: 35 answers.
    assert view.status_line.startswith("Dit is een tussenstand. 1 van de 35 antwoorden ")
    assert view.coverage_line == "1 van de 35 antwoorden gegeven · Anna 1 van 26"
    # Bram joins: his 26 questions are asked too, and the count says so.
    give(service, started, BRAM, "nu.wonen", effect="neutral")
    view = summary(service, "nl")
    assert view.status_line == "Dit is een tussenstand. 2 van de 61 antwoorden zijn gegeven."
    assert view.coverage_line == "2 van de 61 antwoorden gegeven · Anna 1 van 26, Bram 1 van 26"


def test_start_date_is_the_amsterdam_date(service: Assessments, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 00:30 on the 25th in Amsterdam
    service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    assert summary(service, "nl").meta_line == (
        "Gestart op 25 november 2026 door Anna. Meegedaan: Anna."
    )
    assert summary(service, "en").meta_line == (
        "Started on 25 November 2026 by Anna. Took part: Anna."
    )


@pytest.fixture
def server_clock_in_amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with the process time zone of a server in the Netherlands."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("server_clock_in_amsterdam")
def test_dates_do_not_depend_on_the_server_time_zone(service: Assessments, clock: Clock) -> None:
    # Stored times are UTC; SQLite hands them back without a time zone, and they must
    # still be read as UTC, not as the server's local time.
    clock.now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    clock.now = CLOSING_TIME
    service.rounds.close(started)

    view = summary(service, "nl")

    assert view.meta_line.startswith("Gestart op 25 november 2026 ")
    assert view.status_line.startswith("Afgerond op 29 november 2026. ")


def test_nobody_yet_without_participants(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    view = build_summary(BANK, started, [], [], "nl")
    assert view.meta_line == "Gestart op 24 november 2026 door Anna. Meegedaan: nog niemand."
    assert build_summary(BANK, started, [], [], "en").meta_line.endswith("Took part: nobody yet.")


# -- streefbeeld and description -----------------------------------------------------


def test_streefbeeld_fallback_when_none_given(service: Assessments, cycle_path: Assessment) -> None:
    assert summary(service, "nl").streefbeeld == ("Het team heeft nog geen streefbeeld gegeven.",)
    assert summary(service, "en").streefbeeld == ("The team has not given a target picture yet.",)


def test_streefbeeld_and_description_name_their_author(
    service: Assessments, cycle_path: Assessment, clock: Clock
) -> None:
    clock.advance(hours=1)
    give(service, cycle_path, BRAM, "intake.streefbeeld", text="Veilig naar school in 2028.")
    view = summary(service, "nl")
    assert view.streefbeeld == ("Veilig naar school in 2028. — Bram",)
    assert view.description == ("Een vrijliggend fietspad. — Anna",)
    assert summary(service, "en").streefbeeld == ("Veilig naar school in 2028. — Bram",)


# -- headline ------------------------------------------------------------------------


def test_headline_lists_helped_and_harmed_themes(
    service: Assessments, cycle_path: Assessment
) -> None:
    assert summary(service, "nl").headline == (
        "▲ Beter: Gezondheid, Milieu",
        "▼ Slechter: Wonen, Natuurlijk kapitaal",
        # Open points are named per kind (issue 5), not only counted, and the open answers
        # say whose they are.
        "? Wat we nog niet weten: 'weet niet' bij 1 thema · onzeker bij 1 thema"
        " · 51 antwoorden open (Anna 22, Bram 22, teamvragen 7)",
        "⇄ Af te wegen: Goed voor gezondheid, milieu, maar slecht voor wonen (en nog 1)",
    )


def test_headline_without_clear_effects(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "nu.wonen", effect="neutral")
    give(service, started, ANNA, "nu.milieu", effect="unknown")
    headline = summary(service, "nl").headline
    assert headline[0] == "Het team ziet nog geen thema samen beter of slechter worden."
    assert headline[1] == (
        "? Wat we nog niet weten: 'weet niet' bij 1 thema · 33 antwoorden open"
        " (Anna 24, teamvragen 9)"
    )
    assert len(headline) == 2
    assert not any(line.startswith(("▲", "▼")) for line in headline)


def test_disputed_theme_is_not_in_the_headline(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "nu.gezondheid", effect="strongly_positive")
    give(service, started, BRAM, "nu.gezondheid", effect="negative")
    give(service, started, ANNA, "nu.milieu", effect="positive")
    view = summary(service, "nl")
    # Not among the gains, but named as split, with its spread (issue 5), and no trade-off
    # of the split theme against itself.
    assert view.headline == (
        "▲ Beter: Milieu",
        "≠ Verdeeld: Gezondheid (1× sterk positief, 1× negatief)",
        "? Wat we nog niet weten: 58 antwoorden open (Bram 25, Anna 24, teamvragen 9)",
    )
    assert view.gaps[0].title == "De meningen over gezondheid zijn verdeeld"
    assert view.gaps[0].details == ("Anna: sterk positief", "Bram: negatief")
    assert view.trade_offs == ()


# -- gaps ----------------------------------------------------------------------------


def test_unanswered_questions_are_one_gap_item(
    service: Assessments, cycle_path: Assessment
) -> None:
    gaps = summary(service, "nl").gaps

    assert [g.title for g in gaps] == [
        "Effect op veiligheid is onbekend",
        "Onzeker over natuurlijk kapitaal",
        "Wie nog vragen open heeft (51)",
        "Nog geen antwoord (28)",
    ]
    assert gaps[0].details == ("Bram: weet niet – hangt af van verlichting",)
    assert gaps[1].details == ("Anna: negatief, onzeker – bomenkap",)
    # Who still has answers open, and in which part.
    assert gaps[2].details == (
        "Anna: 22 open, in Hier en nu 7, Later 3, Elders 4, Verdeling 3, Samenhang 2, Kennis 3",
        "Bram: 22 open, in Hier en nu 6, Later 4, Elders 4, Verdeling 3, Samenhang 2, Kennis 3",
        "Vragen voor het hele team: 7 nog zonder antwoord",
    )
    unanswered = gaps[3].details
    assert len(unanswered) == TOTAL - 7 == 28
    streefbeeld = BANK.question("intake.streefbeeld")
    assert streefbeeld is not None
    assert unanswered[0] == streefbeeld.text.nl  # no theme: the question itself
    assert unanswered[4:6] == ("Welzijn", "Materiële welvaart")  # bank order
    assert "Gezondheid" not in unanswered
    assert "Veiligheid" not in unanswered  # "weet niet" is an answer, and its own gap


def test_gap_labels_count_items_not_questions(service: Assessments, cycle_path: Assessment) -> None:
    assert summary(service, "nl").labels["gaps"] == "Wat we nog niet weten (4)"
    assert summary(service, "en").labels["gaps"] == "What we do not know yet (4)"


def test_everything_unanswered_is_a_single_gap(service: Assessments) -> None:
    service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    view = summary(service, "en")
    # The questions nobody answered are one item (not 35), next to whose answers are open.
    assert [g.title for g in view.gaps] == [
        f"Who still has questions open ({TOTAL})",
        f"No answer yet ({TOTAL})",
    ]
    assert view.gaps[0].details == (
        "Anna: 26 open, in Here and now 10, Later 4, Elsewhere 4, Distribution 3, Coherence 2,"
        " Knowledge 3",
        "Questions for the whole team: 9 still without an answer",
    )
    assert len(view.gaps[1].details) == TOTAL
    assert view.status_line == "This is an interim summary. 0 of the 35 answers have been given."


# -- trade-offs ----------------------------------------------------------------------


def test_trade_off_titles_name_the_themes(service: Assessments, cycle_path: Assessment) -> None:
    trade_offs = summary(service, "nl").trade_offs
    assert [t.title for t in trade_offs] == [
        "Goed voor gezondheid, milieu, maar slecht voor wonen",
        "Nu beter (gezondheid, milieu), later slechter (natuurlijk kapitaal)",
    ]
    # Gezondheid is positief (positief and sterk positief: the middle one nearer "geen
    # effect"), not "sterk positief" from a mean of 1.5.
    assert trade_offs[1].details == (
        "▲ Gezondheid",
        "   Anna: positief, zeker – meer beweging",
        "▲ Milieu",
        "▼ Natuurlijk kapitaal",
        "   Anna: negatief, onzeker – bomenkap",
    )
    assert summary(service, "nl").labels["trade_offs"] == "Af te wegen (2)"


def test_later_gain_against_a_loss_now(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "later.sociaal_kapitaal", effect="positive")
    give(service, started, ANNA, "nu.arbeid_vrije_tijd", effect="strongly_negative")
    assert [t.title for t in summary(service, "nl").trade_offs] == [
        "Later beter (sociaal kapitaal), nu slechter (arbeid en vrije tijd)"
    ]


def test_group_trade_off_names_the_groups(service: Assessments) -> None:
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "verdeling.winnaars", choices=("ouderen",))
    give(service, started, BRAM, "verdeling.winnaars", choices=("ouderen", "kinderen"))
    give(
        service,
        started,
        ANNA,
        "verdeling.verliezers",
        choices=("huurders",),
        explanation="minder parkeerplek",
    )
    trade_offs = summary(service, "nl").trade_offs
    assert [t.title for t in trade_offs] == [
        "Winst voor Ouderen (65 jaar en ouder), Kinderen (tot 12 jaar), verlies voor Huurders"
    ]
    assert trade_offs[0].details[0] == "Ouderen (65 jaar en ouder) (genoemd door Anna, Bram)"


@pytest.mark.parametrize(
    ("lang", "gap", "title"),
    [
        (
            "nl",
            "Effect op rest van de regio en Nederland is onbekend",
            "Hier beter (gezondheid), elders slechter (rest van de regio en Nederland)",
        ),
        (
            "en",
            "Effect on rest of the region and the country is unknown",
            "Better here (health), worse elsewhere (rest of the region and the country)",
        ),
    ],
)
def test_theme_names_in_a_sentence_keep_proper_nouns(
    service: Assessments, lang: str, gap: str, title: str
) -> None:
    # Only the first letter of a theme goes lower case in the middle of a sentence:
    # "Nederland" stays a name.
    started = service.rounds.start(WHERE, PROJECT, ANNA, "nl")
    give(service, started, ANNA, "nu.gezondheid", effect="positive")
    give(service, started, ANNA, "elders.regio_land", effect="negative")
    give(service, started, BRAM, "elders.regio_land", effect="unknown")
    view = summary(service, lang)
    assert gap in [g.title for g in view.gaps]
    assert [t.title for t in view.trade_offs] == [title]


# -- English -------------------------------------------------------------------------


def test_the_same_summary_in_english(
    service: Assessments, cycle_path: Assessment, clock: Clock
) -> None:
    clock.now = CLOSING_TIME
    service.rounds.close(cycle_path)

    view = summary(service, "en")

    assert view.language == "en"
    assert view.final is True
    assert view.title == "Summary: Fietspad Assen-Zuid"
    assert view.status_line == "Closed on 29 November 2026. 10 of the 61 answers were given."
    assert view.meta_line == "Started on 24 November 2026 by Anna. Took part: Anna, Bram."
    assert view.headline == (
        "▲ Better: Health, Environment",
        "▼ Worse: Housing, Natural capital",
        "? What we do not know yet: 'don't know' on 1 theme · uncertain on 1 theme"
        " · 51 answers open (Anna 22, Bram 22, team questions 7)",
        "⇄ To weigh: Good for health, environment, but bad for housing (and 1 more)",
    )
    assert [g.title for g in view.gaps] == [
        "Effect on safety is unknown",
        "Uncertain about natural capital",
        "Who still has questions open (51)",
        "No answer yet (28)",
    ]
    assert view.gaps[0].details == ("Bram: don't know – hangt af van verlichting",)
    assert [t.title for t in view.trade_offs] == [
        "Good for health, environment, but bad for housing",
        "Better now (health, environment), worse later (natural capital)",
    ]
    assert view.labels["streefbeeld"] == "Target picture (streefbeeld)"


def test_english_interim_title(service: Assessments, cycle_path: Assessment) -> None:
    view = summary(service, "en")
    assert view.title == "Interim summary: Fietspad Assen-Zuid"
    assert view.status_line == "This is an interim summary. 10 of the 61 answers have been given."
