"""Tests for domain.analysis on small, hand-made banks and answer sets."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from domain.analysis import (
    Analysis,
    EffectResult,
    EffectStatus,
    Explanation,
    GapKind,
    Side,
    TextAnswer,
    TradeOffKind,
    analyse,
)
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Certainty, Effect
from questions.model import (
    AnswerType,
    Choice,
    Dimension,
    LocalText,
    Question,
    QuestionBank,
    Role,
    Scope,
    Section,
)

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
PEOPLE = {"anna": "Anna", "bram": "Bram", "chris": "Chris", "dewi": "Dewi"}


def lt(nl: str, en: str | None = None) -> LocalText:
    return LocalText(nl, en or nl)


def effect_q(qid: str, dimension: Dimension, theme: str | None = None) -> Question:
    return Question(
        id=qid,
        section_id=qid.split(".")[0],
        type=AnswerType.EFFECT,
        text=lt(f"Wat is het effect op {qid}?", f"What is the effect on {qid}?"),
        help=lt(""),
        theme=lt(theme, theme + " (en)") if theme else None,
        dimension=dimension,
    )


def text_q(qid: str, role: Role | None = None, scope: Scope = Scope.EACH) -> Question:
    return Question(
        id=qid,
        section_id=qid.split(".")[0],
        type=AnswerType.TEXT,
        text=lt(f"Vraag {qid}"),
        help=lt(""),
        role=role,
        scope=scope,
    )


GROUP_CHOICES = (
    Choice("ouderen", lt("Ouderen", "Older people")),
    Choice("jongeren", lt("Jongeren", "Young people")),
    Choice("dorpen", lt("Dorpsbewoners", "Village residents")),
)


def groups_q(qid: str, role: Role) -> Question:
    return Question(
        id=qid,
        section_id=qid.split(".")[0],
        type=AnswerType.GROUPS,
        text=lt(f"Welke groepen ({qid})?"),
        help=lt(""),
        role=role,
        choices=GROUP_CHOICES,
    )


def section(sid: str, *questions: Question) -> Section:
    return Section(sid, lt(sid.capitalize(), sid.upper()), lt(""), questions)


def make_bank() -> QuestionBank:
    """A small bank with every section type: 16 questions, 7 effect questions."""
    return QuestionBank(
        version="test-1",
        sections=(
            section(
                "intake",
                text_q("intake.naam", scope=Scope.TEAM),
                text_q("intake.beschrijving", Role.DESCRIPTION, Scope.TEAM),
                text_q("intake.streefbeeld", Role.STREEFBEELD),
            ),
            section(
                "nu",
                effect_q("nu.gezondheid", Dimension.NOW, "Gezondheid"),
                effect_q("nu.wonen", Dimension.NOW, "Wonen"),
                effect_q("nu.milieu", Dimension.NOW),  # no theme: label falls back to text
            ),
            section(
                "later",
                effect_q("later.natuur", Dimension.LATER, "Natuurlijk kapitaal"),
                effect_q("later.economie", Dimension.LATER, "Economisch kapitaal"),
            ),
            section("elders", effect_q("elders.buren", Dimension.ELSEWHERE, "Buurgemeenten")),
            section(
                "verdeling",
                groups_q("verdeling.winst", Role.GROUPS_GAIN),
                groups_q("verdeling.verlies", Role.GROUPS_LOSE),
                effect_q("verdeling.stapeling", Dimension.DISTRIBUTION, "Stapeling"),
            ),
            section("kennis", text_q("kennis.onbekend", Role.KNOWLEDGE_GAPS)),
            section(
                "afweging",
                text_q("afweging.geaccepteerd", Role.ACCEPTED_TRADE_OFFS),
                text_q("afweging.mitigatie", Role.MITIGATION),
                text_q("afweging.advies", Role.ADVICE),
            ),
        ),
    )


BANK = make_bank()
PARTICIPANTS = tuple(
    ParticipantRecord(uid, name, T0 - timedelta(days=1)) for uid, name in PEOPLE.items()
)


def eff(
    qid: str,
    who: str,
    effect: Effect,
    certainty: Certainty | None = Certainty.LIKELY,
    why: str = "",
    minute: int = 0,
) -> AnswerRecord:
    return AnswerRecord(
        question_id=qid,
        author_id=who,
        author_name=PEOPLE.get(who, who),
        answered_at=T0 + timedelta(minutes=minute),
        effect=effect,
        certainty=certainty,
        explanation=why,
    )


def txt(qid: str, who: str, text: str, minute: int = 0) -> AnswerRecord:
    return AnswerRecord(
        question_id=qid,
        author_id=who,
        author_name=PEOPLE.get(who, who),
        answered_at=T0 + timedelta(minutes=minute),
        text=text,
    )


def grp(qid: str, who: str, *choices: str, why: str = "") -> AnswerRecord:
    return AnswerRecord(
        question_id=qid,
        author_id=who,
        author_name=PEOPLE.get(who, who),
        answered_at=T0,
        choices=choices,
        explanation=why,
    )


def run(*answers: AnswerRecord, bank: QuestionBank = BANK) -> Analysis:
    return analyse(bank, answers, PARTICIPANTS)


def result(analysis: Analysis, qid: str) -> EffectResult:
    found = analysis.effect(qid)
    assert found is not None, qid
    return found


def gaps_of(analysis: Analysis, kind: GapKind) -> list[tuple[str | None, tuple[str, ...]]]:
    return [
        (g.question.id if g.question else None, g.authors) for g in analysis.gaps if g.kind == kind
    ]


# --- combining effect answers --------------------------------------------------------


def test_full_agreement_gives_a_judged_combined_effect():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.CERTAIN, "Meer beweging"),
        eff("nu.gezondheid", "bram", Effect.POSITIVE, Certainty.CERTAIN),
        eff("nu.gezondheid", "chris", Effect.POSITIVE, Certainty.CERTAIN, "  "),
    )
    r = result(analysis, "nu.gezondheid")
    assert r.status is EffectStatus.JUDGED
    assert (r.respondents, r.known, r.unknown_count) == (3, 3, 0)
    assert r.direction is Effect.POSITIVE
    assert r.certainty is Certainty.CERTAIN
    assert r.tally == ((Effect.POSITIVE, 3),)
    assert (r.disagreement, r.lean, r.low_certainty_count) == (False, None, 0)
    assert r.theme == lt("Gezondheid", "Gezondheid (en)")
    assert r.dimension is Dimension.NOW
    # Only non-empty explanations are kept.
    assert r.explanations == (
        Explanation("Anna", Effect.POSITIVE, Certainty.CERTAIN, "Meer beweging"),
    )
    assert gaps_of(analysis, GapKind.DISAGREEMENT) == []


def test_opposite_signs_are_a_split_not_an_average():
    analysis = run(
        eff("nu.wonen", "anna", Effect.POSITIVE, why="Meer woningen"),
        eff("nu.wonen", "bram", Effect.NEGATIVE, why="Duurder"),
        eff("nu.wonen", "chris", Effect.POSITIVE),
    )
    r = result(analysis, "nu.wonen")
    assert r.status is EffectStatus.SPLIT
    assert r.disagreement is True
    # A split is its own verdict: never "geen effect" (the old mean), never a certainty.
    assert (r.direction, r.certainty) == (None, None)
    assert r.tally == ((Effect.POSITIVE, 2), (Effect.NEGATIVE, 1))
    assert r.sides == {Side.BETTER, Side.WORSE}
    assert r.lean is None  # two of three is not "most"
    [gap] = [g for g in analysis.gaps if g.kind is GapKind.DISAGREEMENT]
    assert gap.question is not None and gap.question.id == "nu.wonen"
    assert gap.theme == lt("Wonen", "Wonen (en)")
    assert gap.authors == ("Anna", "Bram", "Chris")
    assert [(d.author, d.effect) for d in gap.detail] == [
        ("Anna", Effect.POSITIVE),
        ("Bram", Effect.NEGATIVE),
        ("Chris", Effect.POSITIVE),
    ]


def test_one_unsure_voice_against_three_sure_ones_is_still_a_split():
    # Better and worse is a split however few and unsure the other side is; the summary
    # then says which way most lean, but gives no direction and no certainty.
    analysis = run(
        eff("nu.wonen", "anna", Effect.POSITIVE, Certainty.CERTAIN),
        eff("nu.wonen", "bram", Effect.POSITIVE, Certainty.CERTAIN),
        eff("nu.wonen", "chris", Effect.STRONGLY_POSITIVE, Certainty.CERTAIN),
        eff("nu.wonen", "dewi", Effect.NEGATIVE, Certainty.UNCERTAIN),
    )
    r = result(analysis, "nu.wonen")
    assert r.status is EffectStatus.SPLIT
    assert (r.direction, r.certainty) == (None, None)
    assert r.lean is Side.BETTER  # three of four
    assert r.tally == (
        (Effect.POSITIVE, 2),
        (Effect.STRONGLY_POSITIVE, 1),
        (Effect.NEGATIVE, 1),
    )


def test_no_effect_two_steps_from_an_effect_is_a_split():
    analysis = run(
        eff("nu.milieu", "anna", Effect.STRONGLY_POSITIVE),
        eff("nu.milieu", "bram", Effect.NEUTRAL),
    )
    r = result(analysis, "nu.milieu")
    assert r.disagreement is True
    assert r.status is EffectStatus.SPLIT
    assert (r.direction, r.certainty) == (None, None)  # not "positief" (the old mean 1.0)
    assert r.tally == ((Effect.STRONGLY_POSITIVE, 1), (Effect.NEUTRAL, 1))
    assert gaps_of(analysis, GapKind.DISAGREEMENT) == [("nu.milieu", ("Anna", "Bram"))]


def test_answers_one_step_apart_on_one_side_are_a_verdict_leaning_to_no_effect():
    analysis = run(
        eff("nu.milieu", "anna", Effect.STRONGLY_POSITIVE),
        eff("nu.milieu", "bram", Effect.POSITIVE),
        eff("nu.wonen", "anna", Effect.NEUTRAL),
        eff("nu.wonen", "bram", Effect.NEGATIVE),
        eff("nu.wonen", "chris", Effect.NEGATIVE),
    )
    milieu, wonen = result(analysis, "nu.milieu"), result(analysis, "nu.wonen")
    assert (milieu.disagreement, milieu.status) == (False, EffectStatus.JUDGED)
    # The median of "sterk positief" and "positief" is the one nearer "geen effect":
    # "sterk" only when more than half said "sterk".
    assert milieu.direction is Effect.POSITIVE
    assert milieu.certainty is Certainty.LIKELY
    # "Geen effect" next to an effect, one step apart, the effect side larger, nobody sure.
    assert (wonen.disagreement, wonen.status) == (False, EffectStatus.JUDGED)
    assert wonen.direction is Effect.NEGATIVE
    assert gaps_of(analysis, GapKind.DISAGREEMENT) == []


def test_no_effect_next_to_an_effect_is_split_when_the_sides_are_even_or_both_sure():
    analysis = run(
        # one against one: neither side has it
        eff("nu.wonen", "anna", Effect.NEUTRAL),
        eff("nu.wonen", "bram", Effect.NEGATIVE),
        # someone sure on each side
        eff("nu.milieu", "anna", Effect.NEUTRAL, Certainty.CERTAIN),
        eff("nu.milieu", "bram", Effect.POSITIVE, Certainty.CERTAIN),
        eff("nu.milieu", "chris", Effect.POSITIVE),
    )
    wonen, milieu = result(analysis, "nu.wonen"), result(analysis, "nu.milieu")
    assert (wonen.status, wonen.direction, wonen.certainty) == (EffectStatus.SPLIT, None, None)
    assert wonen.tally == ((Effect.NEUTRAL, 1), (Effect.NEGATIVE, 1))
    assert (milieu.status, milieu.direction, milieu.certainty) == (EffectStatus.SPLIT, None, None)
    assert milieu.sides == {Side.BETTER, Side.NO_EFFECT}
    assert [qid for qid, _ in gaps_of(analysis, GapKind.DISAGREEMENT)] == ["nu.wonen", "nu.milieu"]


def test_all_unknown_is_an_unknown_gap_not_unanswered():
    analysis = run(
        eff("later.natuur", "anna", Effect.UNKNOWN, Certainty.UNCERTAIN, "Geen data over bodem"),
        eff("later.natuur", "bram", Effect.UNKNOWN, Certainty.CERTAIN),
    )
    r = result(analysis, "later.natuur")
    assert r.status is EffectStatus.UNKNOWN
    assert (r.respondents, r.known, r.unknown_count) == (2, 0, 2)
    assert (r.direction, r.certainty, r.lean) == (None, None, None)
    assert r.tally == ((Effect.UNKNOWN, 2),)
    assert r.explanations == (Explanation("Anna", Effect.UNKNOWN, None, "Geen data over bodem"),)
    assert gaps_of(analysis, GapKind.UNKNOWN) == [("later.natuur", ("Anna", "Bram"))]
    [gap] = [g for g in analysis.gaps if g.kind is GapKind.UNKNOWN]
    assert [(d.effect, d.certainty) for d in gap.detail] == [(Effect.UNKNOWN, None)] * 2
    assert "later.natuur" not in [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)]
    # A certainty given with "unknown" is not a statement about the effect.
    assert gaps_of(analysis, GapKind.LOW_CERTAINTY) == []
    later = next(d for d in analysis.dimensions if d.dimension is Dimension.LATER)
    assert (later.with_opinion, later.unknown_count, later.unanswered_count) == (0, 1, 1)
    assert later.open_count == 2 and later.enough is False


def test_unknown_next_to_known_answers_still_names_who_does_not_know():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.gezondheid", "bram", Effect.UNKNOWN),
    )
    r = result(analysis, "nu.gezondheid")
    assert r.status is EffectStatus.JUDGED
    assert (r.respondents, r.known, r.unknown_count) == (2, 1, 1)
    # "Weet niet" is not an opinion: it neither splits nor moves the verdict.
    assert (r.direction, r.certainty) == (Effect.POSITIVE, Certainty.LIKELY)
    assert r.tally == ((Effect.POSITIVE, 1), (Effect.UNKNOWN, 1))
    assert gaps_of(analysis, GapKind.UNKNOWN) == [("nu.gezondheid", ("Bram",))]


def test_one_respondent():
    analysis = analyse(
        BANK,
        [eff("nu.wonen", "anna", Effect.STRONGLY_NEGATIVE, Certainty.LIKELY, "Sloop")],
        PARTICIPANTS[:1],
    )
    r = result(analysis, "nu.wonen")
    assert (r.respondents, r.known, r.disagreement) == (1, 1, False)
    assert r.status is EffectStatus.JUDGED
    assert (r.direction, r.certainty) == (Effect.STRONGLY_NEGATIVE, Certainty.LIKELY)
    assert r.tally == ((Effect.STRONGLY_NEGATIVE, 1),)
    assert analysis.respondent_count == 1
    assert analysis.participant_count == 1
    assert analysis.non_respondents == ()
    assert analysis.answered_share == pytest.approx(1 / 16)


def test_nobody_answered_a_section():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        txt("intake.naam", "bram", "Nieuwe brede school"),
    )
    later = next(s for s in analysis.sections if s.id == "later")
    assert (later.questions, later.answered, later.share) == (2, 0, 0.0)
    assert later.title == lt("Later", "LATER")
    unanswered = [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)]
    assert "later.natuur" in unanswered and "later.economie" in unanswered
    assert all(
        r.status is EffectStatus.NO_ANSWERS
        for r in analysis.effects
        if r.question.section_id == "later"
    )
    nu = next(s for s in analysis.sections if s.id == "nu")
    assert (nu.questions, nu.answered, nu.share) == (3, 1, pytest.approx(1 / 3))
    # A team-scope question counts as answered once anyone answered it.
    intake = next(s for s in analysis.sections if s.id == "intake")
    assert (intake.questions, intake.answered) == (3, 1)


def test_low_certainty_answers_are_named():
    analysis = run(
        eff("nu.milieu", "anna", Effect.NEGATIVE, Certainty.UNCERTAIN, "Misschien meer verkeer"),
        eff("nu.milieu", "bram", Effect.NEGATIVE, Certainty.CERTAIN),
        eff("nu.milieu", "chris", Effect.NEGATIVE, Certainty.UNCERTAIN),
    )
    r = result(analysis, "nu.milieu")
    assert r.low_certainty_count == 2
    assert r.certainty is Certainty.UNCERTAIN  # (0 + 2 + 0) / 3 rounds down
    [gap] = [g for g in analysis.gaps if g.kind is GapKind.LOW_CERTAINTY]
    assert gap.authors == ("Anna", "Chris")
    assert gap.theme == r.question.text  # no theme: falls back to the question text
    assert [d.text for d in gap.detail] == ["Misschien meer verkeer", ""]


def test_certainty_rounds_down():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE, Certainty.CERTAIN),
        eff("nu.gezondheid", "bram", Effect.POSITIVE, Certainty.UNCERTAIN),
        eff("nu.wonen", "anna", Effect.POSITIVE, Certainty.LIKELY),
        eff("nu.wonen", "bram", Effect.POSITIVE, Certainty.UNCERTAIN),
        eff("nu.milieu", "anna", Effect.POSITIVE, None),
        eff("nu.milieu", "bram", Effect.POSITIVE, Certainty.CERTAIN),
    )
    assert result(analysis, "nu.gezondheid").certainty is Certainty.LIKELY
    assert result(analysis, "nu.wonen").certainty is Certainty.UNCERTAIN
    # Only answers that gave a certainty count.
    assert result(analysis, "nu.milieu").certainty is Certainty.CERTAIN


def test_knowledge_gaps_come_from_text_answers():
    analysis = run(
        txt("kennis.onbekend", "bram", "Effect op de huizenprijzen", minute=5),
        txt("kennis.onbekend", "anna", "Cijfers uit de CBS-monitor voor ons dorp", minute=1),
        txt("kennis.onbekend", "chris", "   "),  # blank: no answer
    )
    assert analysis.knowledge_gaps == (
        TextAnswer("Anna", "Cijfers uit de CBS-monitor voor ons dorp", T0 + timedelta(minutes=1)),
        TextAnswer("Bram", "Effect op de huizenprijzen", T0 + timedelta(minutes=5)),
    )
    knowledge = [g for g in analysis.gaps if g.kind is GapKind.KNOWLEDGE_GAP]
    assert [(g.authors, g.detail[0].text) for g in knowledge] == [
        (("Anna",), "Cijfers uit de CBS-monitor voor ons dorp"),
        (("Bram",), "Effect op de huizenprijzen"),
    ]
    assert all(g.question is not None and g.question.id == "kennis.onbekend" for g in knowledge)
    assert "kennis.onbekend" not in [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)]


def test_text_roles_are_collected():
    analysis = run(
        txt("intake.streefbeeld", "anna", "Een levendig dorpshart in 2030", minute=2),
        txt("intake.beschrijving", "bram", "  Een brede school  "),
        txt("afweging.geaccepteerd", "chris", "Meer verkeer"),
        txt("afweging.mitigatie", "dewi", "30 km-zone"),
        txt("afweging.advies", "anna", "Doorgaan"),
        txt("intake.naam", "zoe", "   "),  # blank text is no answer
    )
    intake = next(s for s in analysis.sections if s.id == "intake")
    assert (intake.answered, intake.questions) == (2, 3)
    assert "intake.naam" in [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)]
    assert analysis.respondent_count == 4  # Zoë's blank answer does not make her one
    assert [t.text for t in analysis.streefbeeld] == ["Een levendig dorpshart in 2030"]
    assert analysis.description == (TextAnswer("Bram", "Een brede school", T0),)
    assert [t.author for t in analysis.accepted_trade_offs] == ["Chris"]
    assert [t.text for t in analysis.mitigation] == ["30 km-zone"]
    assert [t.text for t in analysis.advice] == ["Doorgaan"]


def test_gaps_are_ordered_by_kind_then_bank_order():
    analysis = run(
        txt("kennis.onbekend", "anna", "Verkeersdata"),
        eff("later.natuur", "anna", Effect.POSITIVE, Certainty.UNCERTAIN),
        eff("nu.wonen", "anna", Effect.UNKNOWN),
        eff("elders.buren", "anna", Effect.POSITIVE),
        eff("elders.buren", "bram", Effect.NEGATIVE),
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.gezondheid", "bram", Effect.STRONGLY_NEGATIVE),
    )
    kinds = [g.kind for g in analysis.gaps]
    first = {kind: kinds.index(kind) for kind in GapKind}
    assert (
        first[GapKind.DISAGREEMENT]
        < first[GapKind.UNKNOWN]
        < first[GapKind.LOW_CERTAINTY]
        < first[GapKind.UNANSWERED]
        < first[GapKind.KNOWLEDGE_GAP]
    )
    assert kinds == sorted(kinds, key=list(GapKind).index)
    assert [qid for qid, _ in gaps_of(analysis, GapKind.DISAGREEMENT)] == [
        "nu.gezondheid",
        "elders.buren",
    ]
    assert [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)] == [
        "intake.naam",
        "intake.beschrijving",
        "intake.streefbeeld",
        "nu.milieu",
        "later.economie",
        "verdeling.winst",
        "verdeling.verlies",
        "verdeling.stapeling",
        "afweging.geaccepteerd",
        "afweging.mitigatie",
        "afweging.advies",
    ]


# --- trade-offs -----------------------------------------------------------------------


def test_themes_trade_off_names_helped_and_harmed_themes():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.STRONGLY_POSITIVE, why="Sportvelden"),
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("nu.milieu", "anna", Effect.NEGATIVE, why="Meer verkeer"),
    )
    [trade_off] = analysis.trade_offs
    assert trade_off.kind is TradeOffKind.THEMES
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (Dimension.NOW, Dimension.NOW)
    assert [s.label.nl for s in trade_off.gains] == ["Gezondheid", "Wonen"]
    assert [s.direction for s in trade_off.gains] == [Effect.STRONGLY_POSITIVE, Effect.POSITIVE]
    [loss] = trade_off.losses
    assert loss.label == BANK.question("nu.milieu").text  # type: ignore[union-attr]
    assert loss.direction is Effect.NEGATIVE
    assert loss.explanations == (
        Explanation("Anna", Effect.NEGATIVE, Certainty.LIKELY, "Meer verkeer"),
    )
    assert trade_off.gains[0].explanations[0].text == "Sportvelden"
    assert trade_off.contested is False


def test_no_trade_off_when_one_side_is_empty():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("later.natuur", "anna", Effect.NEUTRAL),
        eff("elders.buren", "anna", Effect.UNKNOWN),
        grp("verdeling.winst", "anna", "ouderen"),
    )
    assert analysis.trade_offs == ()


def test_now_helped_versus_later_harmed():
    analysis = run(
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("later.natuur", "anna", Effect.STRONGLY_NEGATIVE, why="Bouwen in het groen"),
    )
    [trade_off] = analysis.trade_offs
    assert trade_off.kind is TradeOffKind.NOW_VS_LATER
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (Dimension.NOW, Dimension.LATER)
    assert [s.label.nl for s in trade_off.gains] == ["Wonen"]
    assert [s.label.nl for s in trade_off.losses] == ["Natuurlijk kapitaal"]
    assert trade_off.losses[0].explanations[0].text == "Bouwen in het groen"


def test_now_harmed_versus_later_helped():
    analysis = run(
        eff("nu.milieu", "anna", Effect.NEGATIVE),
        eff("later.economie", "anna", Effect.POSITIVE),
    )
    [trade_off] = analysis.trade_offs
    assert trade_off.kind is TradeOffKind.NOW_VS_LATER
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (Dimension.LATER, Dimension.NOW)
    assert [s.label.nl for s in trade_off.gains] == ["Economisch kapitaal"]
    assert [s.question.id for s in trade_off.losses] == ["nu.milieu"]


def test_both_orientations_of_now_versus_later_and_themes_together():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.milieu", "anna", Effect.NEGATIVE),
        eff("later.natuur", "anna", Effect.NEGATIVE),
        eff("later.economie", "anna", Effect.POSITIVE),
    )
    summary = [
        (
            t.kind,
            t.gain_dimension,
            [s.question.id for s in t.gains],
            [s.question.id for s in t.losses],
        )
        for t in analysis.trade_offs
    ]
    assert summary == [
        (TradeOffKind.THEMES, Dimension.NOW, ["nu.gezondheid"], ["nu.milieu"]),
        (TradeOffKind.NOW_VS_LATER, Dimension.NOW, ["nu.gezondheid"], ["later.natuur"]),
        (TradeOffKind.NOW_VS_LATER, Dimension.LATER, ["later.economie"], ["nu.milieu"]),
    ]


def test_here_versus_elsewhere_both_orientations():
    helped_here = run(
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("elders.buren", "anna", Effect.NEGATIVE, why="Verkeer naar het buurdorp"),
    )
    [trade_off] = helped_here.trade_offs
    assert trade_off.kind is TradeOffKind.HERE_VS_ELSEWHERE
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (
        Dimension.NOW,
        Dimension.ELSEWHERE,
    )
    assert [s.label.nl for s in trade_off.losses] == ["Buurgemeenten"]

    helped_elsewhere = run(
        eff("nu.wonen", "anna", Effect.NEGATIVE),
        eff("elders.buren", "anna", Effect.POSITIVE),
    )
    [trade_off] = helped_elsewhere.trade_offs
    assert trade_off.kind is TradeOffKind.HERE_VS_ELSEWHERE
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (
        Dimension.ELSEWHERE,
        Dimension.NOW,
    )
    assert [s.label.nl for s in trade_off.gains] == ["Buurgemeenten"]
    assert [s.label.nl for s in trade_off.losses] == ["Wonen"]


def test_a_split_theme_stands_on_each_side_someone_argued_for_as_contested():
    analysis = run(
        eff("later.natuur", "anna", Effect.STRONGLY_POSITIVE, why="Meer bomen"),
        eff("later.natuur", "bram", Effect.NEUTRAL, why="Er is al een park"),  # split
        eff("nu.wonen", "anna", Effect.NEGATIVE),
        eff("nu.wonen", "bram", Effect.NEGATIVE),
        eff("nu.milieu", "anna", Effect.POSITIVE, why="Minder auto's"),  # split both ways
        eff("nu.milieu", "bram", Effect.NEGATIVE, why="Meer bouwverkeer"),
    )
    # Later better against now worse; milieu, split both ways and leaning nowhere, is no
    # trade-off within "hier en nu" on its own.
    [trade_off] = analysis.trade_offs
    assert trade_off.kind is TradeOffKind.NOW_VS_LATER
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (Dimension.LATER, Dimension.NOW)
    [gain] = trade_off.gains
    assert gain.question.id == "later.natuur"
    assert (gain.contested, gain.direction, gain.side) == (True, None, Side.BETTER)
    assert gain.effect is not None and gain.effect.status is EffectStatus.SPLIT
    # The evidence is the answers on this side; the other voices are shown too.
    assert [e.text for e in gain.explanations] == ["Meer bomen"]
    assert [(e.author, e.effect) for e in gain.opposing] == [("Bram", Effect.NEUTRAL)]
    assert [s.question.id for s in trade_off.losses] == ["nu.wonen", "nu.milieu"]
    wonen, milieu = trade_off.losses
    assert (wonen.contested, wonen.direction, wonen.side) == (False, Effect.NEGATIVE, Side.WORSE)
    assert wonen.opposing == ()
    assert (milieu.contested, milieu.direction, milieu.side) == (True, None, Side.WORSE)
    assert [e.text for e in milieu.explanations] == ["Meer bouwverkeer"]
    assert [e.text for e in milieu.opposing] == ["Minder auto's"]
    assert trade_off.contested is True


def test_within_one_part_a_split_theme_counts_only_on_the_side_most_lean_to():
    alone = run(
        eff("nu.milieu", "anna", Effect.POSITIVE),
        eff("nu.milieu", "bram", Effect.NEGATIVE),
    )
    assert result(alone, "nu.milieu").status is EffectStatus.SPLIT
    assert alone.trade_offs == ()  # one split theme is not a trade-off with itself

    leaning = run(
        eff("nu.milieu", "anna", Effect.POSITIVE),
        eff("nu.milieu", "bram", Effect.POSITIVE),
        eff("nu.milieu", "chris", Effect.POSITIVE),
        eff("nu.milieu", "dewi", Effect.NEGATIVE),
        eff("nu.wonen", "anna", Effect.NEGATIVE),
    )
    assert result(leaning, "nu.milieu").lean is Side.BETTER
    [trade_off] = leaning.trade_offs
    assert trade_off.kind is TradeOffKind.THEMES
    assert [(s.question.id, s.contested) for s in trade_off.gains] == [("nu.milieu", True)]
    assert [(s.question.id, s.contested) for s in trade_off.losses] == [("nu.wonen", False)]


def test_distribution_effects_do_not_enter_theme_trade_offs():
    analysis = run(
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("verdeling.stapeling", "anna", Effect.NEGATIVE),
    )
    assert analysis.trade_offs == ()


def test_groups_trade_off_names_groups_and_who_named_them():
    analysis = run(
        grp("verdeling.winst", "anna", "jongeren", "ouderen", why="Nieuwe school"),
        grp("verdeling.winst", "bram", "jongeren"),
        grp("verdeling.winst", "chris", "ouderen", "onbekend"),  # unknown option ignored
        grp("verdeling.winst", "dewi", "jongeren"),
        grp("verdeling.verlies", "dewi", "dorpen", "ouderen", why="Bushalte verdwijnt"),
    )
    [trade_off] = analysis.trade_offs
    assert trade_off.kind is TradeOffKind.GROUPS
    assert (trade_off.gain_dimension, trade_off.loss_dimension) == (None, None)
    gains = [(s.choice_id, s.named_by, s.count, s.contested) for s in trade_off.gains]
    # Most-named first, although ouderen comes before jongeren in the options.
    assert gains == [
        ("jongeren", ("Anna", "Bram", "Dewi"), 3, False),
        ("ouderen", ("Anna", "Chris"), 2, True),
    ]
    # A tie keeps the option order.
    losses = [(s.choice_id, s.named_by, s.contested) for s in trade_off.losses]
    assert losses == [("ouderen", ("Dewi",), True), ("dorpen", ("Dewi",), False)]
    assert trade_off.gains[1].label == lt("Ouderen", "Older people")
    assert trade_off.gains[0].explanations == (Explanation("Anna", None, None, "Nieuwe school"),)
    assert trade_off.losses[1].explanations[0].text == "Bushalte verdwijnt"
    assert trade_off.contested is True


def test_groups_named_only_as_gaining_give_no_trade_off():
    analysis = run(grp("verdeling.winst", "anna", "jongeren"), grp("verdeling.verlies", "bram"))
    assert analysis.trade_offs == ()
    # An empty choice list is no answer.
    assert "verdeling.verlies" in [qid for qid, _ in gaps_of(analysis, GapKind.UNANSWERED)]


# --- profile, bookkeeping and edge cases -------------------------------------------------


def test_dimension_results_count_their_themes_never_average_them():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.STRONGLY_POSITIVE),
        eff("nu.gezondheid", "bram", Effect.STRONGLY_POSITIVE),
        eff("nu.wonen", "anna", Effect.NEUTRAL),
        eff("nu.wonen", "bram", Effect.POSITIVE),  # one against one: split
        eff("nu.milieu", "anna", Effect.UNKNOWN),
        eff("later.natuur", "anna", Effect.NEUTRAL),
        eff("elders.buren", "anna", Effect.POSITIVE),
        eff("elders.buren", "bram", Effect.NEGATIVE),
    )
    dims = {d.dimension: d for d in analysis.dimensions}
    assert list(dims) == [
        Dimension.NOW,
        Dimension.LATER,
        Dimension.ELSEWHERE,
        Dimension.DISTRIBUTION,
    ]

    def counted(d: Dimension) -> tuple[int, ...]:
        r = dims[d]
        return (
            r.questions,
            r.better,
            r.worse,
            r.split,
            r.no_effect,
            r.unknown_count,
            r.unanswered_count,
        )

    # (themes, better, worse, split, no effect, weet niet, open)
    assert counted(Dimension.NOW) == (3, 1, 0, 1, 0, 1, 0)
    assert (dims[Dimension.NOW].with_opinion, dims[Dimension.NOW].enough) == (2, True)
    # A part with only a split theme is split, not "geen effect" (the old mean of 0).
    assert counted(Dimension.ELSEWHERE) == (1, 0, 0, 1, 0, 0, 0)
    assert dims[Dimension.ELSEWHERE].enough is True
    # Exactly half its themes with an opinion is enough to summarise a part ...
    assert counted(Dimension.LATER) == (2, 0, 0, 0, 1, 0, 1)
    assert dims[Dimension.LATER].enough is True
    # ... none is too early.
    assert counted(Dimension.DISTRIBUTION) == (1, 0, 0, 0, 0, 0, 1)
    assert (dims[Dimension.DISTRIBUTION].enough, dims[Dimension.DISTRIBUTION].open_count) == (
        False,
        1,
    )


def test_answers_to_questions_not_in_the_bank_are_ignored():
    analysis = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("oud.verwijderd", "bram", Effect.STRONGLY_NEGATIVE),
        txt("oud.tekst", "dewi", "Weg"),
    )
    assert len(analysis.effects) == 7
    assert "oud.verwijderd" not in [e.question.id for e in analysis.effects]
    assert analysis.respondent_count == 1  # Bram and Dewi only answered unknown questions
    assert analysis.non_respondents == ("Bram", "Chris", "Dewi")
    assert analysis.trade_offs == ()
    assert all(g.question is None or g.question.id.split(".")[0] != "oud" for g in analysis.gaps)


def test_empty_assessment_is_all_unanswered():
    analysis = run()
    questions = BANK.questions
    assert [g.kind for g in analysis.gaps] == [GapKind.UNANSWERED] * len(questions)
    assert [g.question.id for g in analysis.gaps if g.question] == [q.id for q in questions]
    assert all(g.authors == () and g.detail == () for g in analysis.gaps)
    assert analysis.trade_offs == ()
    assert [e.status for e in analysis.effects] == [EffectStatus.NO_ANSWERS] * 7
    assert all(e.tally == () and e.direction is None for e in analysis.effects)
    assert [s.share for s in analysis.sections] == [0.0] * 7
    assert (analysis.respondent_count, analysis.answered_share) == (0, 0.0)
    assert analysis.non_respondents == ("Anna", "Bram", "Chris", "Dewi")
    assert analysis.streefbeeld == () and analysis.knowledge_gaps == ()


def test_empty_bank_does_not_divide_by_zero():
    analysis = analyse(QuestionBank("leeg", ()), [eff("nu.wonen", "anna", Effect.POSITIVE)], [])
    assert (analysis.answered_share, analysis.effects, analysis.gaps) == (0.0, (), ())
    assert analysis.respondent_count == 0


def test_later_answer_by_the_same_author_replaces_the_earlier_one():
    analysis = run(
        eff("nu.wonen", "anna", Effect.NEGATIVE, minute=10),
        eff("nu.wonen", "anna", Effect.POSITIVE, minute=1),
        eff("nu.wonen", "bram", Effect.NEGATIVE, minute=2),
    )
    r = result(analysis, "nu.wonen")
    assert (r.respondents, r.direction, r.status) == (2, Effect.NEGATIVE, EffectStatus.JUDGED)
    assert r.tally == ((Effect.NEGATIVE, 2),)


def test_participant_display_name_wins_over_name_stored_with_the_answer():
    answer = dataclasses.replace(
        eff("nu.wonen", "anna", Effect.POSITIVE, why="x"), author_name="anna.oud"
    )
    stranger = dataclasses.replace(
        eff("nu.wonen", "zoe", Effect.POSITIVE, why="y"), author_name="Zoë"
    )
    r = result(run(answer, stranger), "nu.wonen")
    assert [e.author for e in r.explanations] == ["Anna", "Zoë"]


def test_sections_and_answered_share_count_every_question_type():
    analysis = run(
        txt("intake.naam", "anna", "Project"),
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        grp("verdeling.winst", "bram", "dorpen"),
        txt("afweging.advies", "chris", "Doen"),
    )
    # Answers given out of answers asked, not questions anyone answered (4 of 16 would
    # say a quarter is done): the 2 team questions once, the 14 others to each of 4.
    assert analysis.answered_share == pytest.approx(4 / 58)
    counted = analysis.coverage
    assert counted is not None
    assert (counted.given, counted.asked, counted.team_given, counted.team_asked) == (4, 58, 1, 2)
    assert [(p.name, p.given, p.asked) for p in counted.people] == [
        ("Anna", 1, 14),
        ("Bram", 1, 14),
        ("Chris", 1, 14),
        ("Dewi", 0, 14),
    ]
    assert [(s.id, s.answered, s.questions, s.given, s.asked) for s in analysis.sections] == [
        ("intake", 1, 3, 1, 6),
        ("nu", 1, 3, 1, 12),
        ("later", 0, 2, 0, 8),
        ("elders", 0, 1, 0, 4),
        ("verdeling", 1, 3, 1, 12),
        ("kennis", 0, 1, 0, 4),
        ("afweging", 1, 3, 1, 12),
    ]
    assert analysis.respondent_count == 3
    assert analysis.non_respondents == ("Dewi",)


def test_results_are_frozen():
    analysis = run(eff("nu.wonen", "anna", Effect.POSITIVE))
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.respondent_count = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.effects[0].direction = Effect.NEGATIVE  # type: ignore[misc]
