"""The aggregation rules of docs/ANALYSIS.md as a table of cases, and the eleven defects of
issue 16 as regressions. Each case is the real question bank with a few answers.

The point of every case: the summary says what the team said. A split is never shown as a
direction, "geen effect" or a certainty; a part is counted, never averaged; coverage
counts the answers each person was asked.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dialogs.summary_views import RoundData, impact_picture, summarise_round
from domain.analysis import Analysis, EffectStatus, Side, TradeOffKind, analyse
from domain.models import Assessment
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Certainty, Effect
from questions.loader import load_bank

BANK = load_bank()
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
NAMES = {"anna": "Anna", "bram": "Bram", "chris": "Chris", "dewi": "Dewi"}
PEOPLE = tuple(ParticipantRecord(uid, name, T0) for uid, name in NAMES.items())

SP, P, N, NEG, SN, U = (
    Effect.STRONGLY_POSITIVE,
    Effect.POSITIVE,
    Effect.NEUTRAL,
    Effect.NEGATIVE,
    Effect.STRONGLY_NEGATIVE,
    Effect.UNKNOWN,
)
SURE, LIKELY, UNSURE = Certainty.CERTAIN, Certainty.LIKELY, Certainty.UNCERTAIN

_clock = iter(range(10_000))


def said(
    who: str,
    question: str,
    effect: Effect | None = None,
    certainty: Certainty | None = LIKELY,
    why: str = "",
    text: str = "",
    choices: tuple[str, ...] = (),
) -> AnswerRecord:
    return AnswerRecord(
        question_id=question,
        author_id=who,
        author_name=NAMES[who],
        answered_at=T0 + timedelta(minutes=next(_clock)),
        effect=effect,
        certainty=certainty if effect is not None else None,
        explanation=why,
        text=text,
        choices=choices,
    )


def run(*answers: AnswerRecord, people: tuple[ParticipantRecord, ...] = PEOPLE[:3]) -> Analysis:
    return analyse(BANK, answers, people)


def theme(analysis: Analysis, question_id: str):  # type: ignore[no-untyped-def]
    result = analysis.effect(question_id)
    assert result is not None
    return result


def card_text(analysis: Analysis, answers: tuple[AnswerRecord, ...], lang: str = "nl") -> str:
    """Everything the summary view and the picture say, as one text to search in."""
    assessment = Assessment(
        public_id="x",
        channel="msteams",
        conversation_key="c",
        thread_id="t",
        service_url="http://127.0.0.1",
        project_name="Dorpsplein",
        starter_id="anna",
        starter_name="Anna",
        created_at=T0,
    )
    data = RoundData(assessment, answers, PEOPLE[:3], analysis, number=1)
    view = summarise_round(BANK, data, lang)
    parts = [*view.headline, view.status_line, view.coverage_line]
    for group in view.profile:
        parts.append(f"{group.title}: {group.overall}")
        parts += [f"{r.label}: {r.direction} {r.certainty} {r.count} {r.flag}" for r in group.rows]
        parts += group.notes
    for item in (*view.gaps, *view.trade_offs, *view.project, *view.team_view):
        parts += [item.title, *item.details]
    picture = impact_picture(data, lang)
    parts += [
        f"{c.label}: {c.judgement} {c.certainty} {c.note} [{c.state}]"
        for g in picture.groups
        for c in g.cells
    ]
    return "\n".join(parts)


# -- the rule table of docs/ANALYSIS.md -------------------------------------------------

W = "nu.welzijn"


@pytest.mark.parametrize(
    ("answers", "status", "direction", "certainty", "tally"),
    [
        # 1 split: better and worse
        (
            [("anna", SP, SURE), ("bram", SN, SURE), ("chris", P, LIKELY)],
            EffectStatus.SPLIT,
            None,
            None,
            ((SP, 1), (P, 1), (SN, 1)),
        ),
        # 2 "geen effect" next to an effect: both sure
        (
            [("anna", N, SURE), ("bram", NEG, SURE)],
            EffectStatus.SPLIT,
            None,
            None,
            ((N, 1), (NEG, 1)),
        ),
        # 2 ... two steps apart
        (
            [("anna", N, UNSURE), ("bram", SN, UNSURE), ("chris", N, UNSURE)],
            EffectStatus.SPLIT,
            None,
            None,
            ((N, 2), (SN, 1)),
        ),
        # 2 ... both sides the same size
        (
            [("anna", N, LIKELY), ("bram", NEG, LIKELY)],
            EffectStatus.SPLIT,
            None,
            None,
            ((N, 1), (NEG, 1)),
        ),
        # 2 not split: a clear majority, nobody sure on both sides, one step apart
        (
            [("anna", N, LIKELY), ("bram", NEG, LIKELY), ("chris", NEG, SURE)],
            EffectStatus.JUDGED,
            NEG,
            LIKELY,
            ((NEG, 2), (N, 1)),
        ),
        # 4 the median: "sterk" only when most said "sterk"
        (
            [("anna", SP, SURE), ("bram", P, SURE), ("chris", U, None)],
            EffectStatus.JUDGED,
            P,
            SURE,
            ((SP, 1), (P, 1), (U, 1)),
        ),
        (
            [("anna", SP, SURE), ("bram", SP, SURE), ("chris", P, SURE)],
            EffectStatus.JUDGED,
            SP,
            SURE,
            ((SP, 2), (P, 1)),
        ),
        (
            [("anna", SN, LIKELY), ("bram", NEG, LIKELY)],
            EffectStatus.JUDGED,
            NEG,
            LIKELY,
            ((NEG, 1), (SN, 1)),
        ),
        # 5 certainty: the mean rounded down
        ([("anna", P, SURE), ("bram", P, UNSURE)], EffectStatus.JUDGED, P, LIKELY, ((P, 2),)),
        ([("anna", P, LIKELY), ("bram", P, UNSURE)], EffectStatus.JUDGED, P, UNSURE, ((P, 2),)),
        # 7 only "weet niet"
        ([("anna", U, SURE)], EffectStatus.UNKNOWN, None, None, ((U, 1),)),
        # 7 nobody answered
        ([], EffectStatus.NO_ANSWERS, None, None, ()),
    ],
)
def test_theme_rules(answers, status, direction, certainty, tally) -> None:  # type: ignore[no-untyped-def]
    result = theme(run(*(said(who, W, e, c) for who, e, c in answers)), W)
    assert (result.status, result.direction, result.certainty, result.tally) == (
        status,
        direction,
        certainty,
        tally,
    )


def test_rule_3_which_way_most_lean() -> None:
    four = (*PEOPLE[:3], PEOPLE[3])
    clear = run(
        said("anna", W, NEG),
        said("bram", W, NEG),
        said("chris", W, SN),
        said("dewi", W, P),
        people=four,
    )
    assert theme(clear, W).lean is Side.WORSE
    close = run(said("anna", W, NEG), said("bram", W, NEG), said("chris", W, P))
    assert theme(close, W).lean is None  # two against one is not "most"


def test_rule_6_counts_say_what_they_count() -> None:
    answers = (said("anna", W, P), said("bram", W, P), said("chris", W, U))
    result = theme(run(*answers), W)
    assert (result.known, result.unknown_count) == (2, 1)
    assert "Welzijn: Positief Waarschijnlijk 2 met een oordeel, 1 weet niet" in card_text(
        run(*answers), answers
    )


def test_rule_8_a_part_is_counted_by_its_themes() -> None:
    answers = (
        said("anna", "nu.welzijn", P),
        said("anna", "nu.gezondheid", P),
        said("anna", "nu.wonen", NEG),
        said("anna", "nu.samenleving", SP),
        said("bram", "nu.samenleving", SN),
        said("anna", "nu.milieu", N),
        said("anna", "nu.veiligheid", U),
    )
    now = run(*answers).dimensions[0]
    assert (now.better, now.worse, now.split, now.no_effect, now.unknown_count) == (2, 1, 1, 1, 1)
    assert now.enough  # 5 of 10 themes have an opinion
    assert (
        "Hier en nu: 2 beter, 1 slechter, 1 verdeeld, 1 geen effect, 1 weet niet, 4 nog open"
        in (card_text(run(*answers), answers))
    )


def test_rule_9_no_part_verdict_under_half() -> None:
    answers = (said("anna", "nu.welzijn", P),)
    now = run(*answers).dimensions[0]
    assert not now.enough
    text = card_text(run(*answers), answers)
    assert "Hier en nu: Nog te vroeg: 1 van de 10 thema's heeft een oordeel" in text
    assert "Hier en nu: 1 beter" not in text


def test_rule_10_and_11_a_split_theme_stands_on_each_side_with_both_voices() -> None:
    answers = (
        said("anna", "nu.wonen", P, why="meer woningen"),
        said("anna", "later.economisch_kapitaal", NEG, why="hoge schuld"),
        said("bram", "later.economisch_kapitaal", NEG, why="onderhoud duur"),
        said("chris", "later.economisch_kapitaal", P, why="grond stijgt in waarde"),
        said("chris", "later.natuurlijk_kapitaal", U, why="geen idee van de bodem"),
    )
    analysis = run(*answers)
    now_later = [t for t in analysis.trade_offs if t.kind is TradeOffKind.NOW_VS_LATER]
    assert now_later, "one dissenting answer must not make the trade-off disappear"
    loss = now_later[0].losses[0]
    assert loss.question.id == "later.economisch_kapitaal" and loss.contested
    assert [e.author for e in loss.explanations] == ["Anna", "Bram"]
    assert [e.author for e in loss.opposing] == ["Chris"]
    text = card_text(analysis, answers)
    assert "Anders: Chris: positief, waarschijnlijk – grond stijgt in waarde" in text
    # "weet niet" is never evidence for a side
    for trade_off in analysis.trade_offs:
        for side in (*trade_off.gains, *trade_off.losses):
            assert all(e.effect is not U for e in side.explanations)


def test_rule_12_and_13_coverage_counts_answers_asked_per_person() -> None:
    team_questions = [q for q in BANK.questions if q.scope.value == "team"]
    own_questions = [q for q in BANK.questions if q.scope.value != "team"]
    answers = [said("anna", q.id, text="x") for q in team_questions if q.type.value == "text"]
    answers += [
        said("anna", q.id, P) if q.type.value == "effect" else said("anna", q.id, text="x")
        for q in own_questions
        if q.type.value in ("effect", "text")
    ]
    answers += [said("chris", q.id, N) for q in own_questions[:10] if q.type.value == "effect"]
    analysis = run(*answers)
    counted = analysis.coverage
    assert counted is not None
    per_person = {p.name: (p.given, p.asked) for p in counted.people}
    assert per_person["Chris"][1] == len(own_questions)
    assert per_person["Bram"] == (0, len(own_questions))
    assert counted.asked == len(team_questions) + 3 * len(own_questions)
    assert counted.given < counted.asked
    assert analysis.answered_share < 1
    chris = next(p for p in counted.people if p.name == "Chris")
    assert chris.open_parts and chris.open_parts[0].open > 0


def test_rule_14_target_groups_against_winners_and_losers() -> None:
    answers = (
        said("anna", "intake.doelgroepen", choices=("ouderen", "huurders", "jongeren")),
        said("anna", "verdeling.verliezers", choices=("ouderen",)),
        said("bram", "verdeling.winnaars", choices=("ouderen", "jongeren")),
    )
    analysis = run(*answers)
    by_id = {t.choice_id: t for t in analysis.target_groups}
    assert by_id["ouderen"].contested and not by_id["huurders"].loses_named_by
    text = card_text(analysis, answers)
    assert "1 van de 3 doelgroepen noemt iemand als verliezer: ouderen (65 jaar en ouder)." in text
    assert "Als winnaar én als verliezer genoemd: ouderen (65 jaar en ouder)." in text


# -- the eleven defects of issue 16, as regressions -------------------------------------


def test_defect_1_a_split_team_is_never_neutral_or_certain() -> None:
    answers = (
        said("anna", W, SP, SURE),
        said("bram", W, SN, SURE),
        said("chris", W, P, LIKELY),
    )
    analysis = run(*answers)
    result = theme(analysis, W)
    assert result.status is EffectStatus.SPLIT and result.certainty is None
    text = card_text(analysis, answers)
    welzijn = [line for line in text.splitlines() if line.startswith("Welzijn")]
    assert welzijn and all("Neutraal" not in line and "Zeker" not in line for line in welzijn)
    assert all("zeker" not in line.split("Welzijn")[1][:60] for line in welzijn)
    assert "Welzijn: Verdeeld  1× sterk positief, 1× positief, 1× sterk negatief [split]" in text


def test_defect_2_part_headlines_are_not_averages_of_averages() -> None:
    split_four = [
        said(who, q, e)
        for q in ("nu.welzijn", "nu.gezondheid", "nu.wonen", "nu.samenleving")
        for who, e in (("anna", P), ("bram", NEG))
    ]
    two_and_two = [
        said("anna", "nu.milieu", P),
        said("anna", "nu.veiligheid", P),
        said("anna", "nu.onderwijs", NEG),
        said("anna", "nu.arbeid_vrije_tijd", NEG),
    ]
    text = card_text(run(*split_four, *two_and_two), (*split_four, *two_and_two))
    assert "Hier en nu: 2 beter, 2 slechter, 4 verdeeld, 2 nog open" in text
    one = (said("anna", "nu.welzijn", P),)
    assert "Hier en nu: Nog te vroeg" in card_text(run(*one), one)


def test_defect_3_one_dissenting_answer_keeps_the_trade_off() -> None:
    before = (
        said("anna", "nu.wonen", P),
        said("anna", "later.economisch_kapitaal", NEG),
        said("bram", "later.economisch_kapitaal", NEG),
    )
    after = (*before, said("chris", "later.economisch_kapitaal", P))
    for answers, loss in ((before, "economisch kapitaal"), (after, "≠ economisch kapitaal")):
        kinds = [t.kind for t in run(*answers).trade_offs]
        assert TradeOffKind.NOW_VS_LATER in kinds
        headline = f"⇄ Af te wegen: Nu beter (wonen), later slechter ({loss})"
        assert headline in card_text(run(*answers), answers).splitlines()


def test_defect_4_coverage_is_not_100_percent_while_colleagues_have_questions_open() -> None:
    everything = [
        said("anna", q.id, P)
        if q.type.value == "effect"
        else said(
            "anna",
            q.id,
            text="x",
            choices=("ouderen",)
            if q.type.value == "groups"
            else ("jaar_1_tot_4",)
            if q.type.value == "choice"
            else (),
        )
        for q in BANK.questions
    ]
    analysis = run(*everything)
    assert all(q.id in {a.question_id for a in everything} for q in BANK.questions)
    assert analysis.answered_share < 0.5  # Bram and Chris answered nothing of their own
    text = card_text(analysis, tuple(everything))
    assert "100%" not in text and "35 van 35" not in text


def test_defect_5_rounding_does_not_lean_away_from_neutral_and_counts_exclude_unknown() -> None:
    sure = (said("anna", W, N, SURE), said("bram", W, NEG, SURE))
    assert theme(run(*sure), W).status is EffectStatus.SPLIT
    mixed = (said("anna", W, SP), said("bram", W, P), said("chris", W, U))
    result = theme(run(*mixed), W)
    assert (result.direction, result.known, result.unknown_count) == (P, 2, 1)
    assert "3 antw" not in card_text(run(*mixed), mixed)


def test_defect_6_a_weet_niet_explanation_is_not_evidence_and_opposing_voices_show() -> None:
    answers = (
        said("anna", "nu.milieu", SP, why="meer groen"),
        said("bram", "nu.milieu", U, why="weet niet wat de bodem doet"),
        said("anna", "nu.wonen", NEG, why="minder parkeren"),
    )
    analysis = run(*answers)
    gain = next(t for t in analysis.trade_offs if t.kind is TradeOffKind.THEMES).gains[0]
    assert [e.author for e in gain.explanations] == ["Anna"]


def test_defect_7_every_part_of_the_framework_reaches_the_summary() -> None:
    answers = (
        said("anna", "intake.omschrijving", text="Een nieuw dorpsplein"),
        said("anna", "intake.gebied", text="Gieten"),
        said("anna", "intake.termijn", choices=("jaar_1_tot_4",)),
        said("anna", "intake.eigenaar", text="Wethouder Jansen"),
        said("anna", "elders.afwenteling", text="Verkeer naar Borger"),
        said("anna", "samenhang.versterking", text="Groen en gezondheid"),
        said("anna", "samenhang.botsing", text="Parkeren en groen"),
        said("anna", "kennis.bronnen", text="CBS monitor"),
        said("anna", "kennis.monitoring", text="Elk jaar tellen"),
    )
    text = card_text(run(*answers), answers)
    for expected in (
        "Een nieuw dorpsplein — Anna",
        "Gieten — Anna",
        "1 tot 4 jaar — Anna",
        "Wethouder Jansen — Anna",
        "Afwenteling op anderen: Verkeer naar Borger — Anna",
        "Groen en gezondheid — Anna",
        "Parkeren en groen — Anna",
        "CBS monitor — Anna",
        "Elk jaar tellen — Anna",
    ):
        assert expected in text


def test_defect_10_and_11_plain_words() -> None:
    answers = (said("anna", W, P), said("bram", W, U))
    text = card_text(run(*answers), answers)
    assert "Hiaten" not in text and "antw." not in text
    assert "Wat we nog niet weten" in text


def test_rule_10_a_split_theme_is_not_a_trade_off_with_itself() -> None:
    answers = (
        said("anna", "nu.gezondheid", P),
        said("anna", "nu.milieu", P),
        said("bram", "nu.milieu", NEG),
        said("anna", "nu.wonen", NEG),
    )
    themes = next(t for t in run(*answers).trade_offs if t.kind is TradeOffKind.THEMES)
    assert [s.question.id for s in themes.gains] == ["nu.gezondheid"]
    assert [s.question.id for s in themes.losses] == ["nu.wonen"]
