"""Tests for domain.comparison: per theme, what changed between two rounds."""

from __future__ import annotations

from domain.analysis import EffectStatus
from domain.comparison import ChangeKind, ThemeChange, compare
from domain.scale import Effect
from questions.model import QuestionBank, Section
from tests.test_analysis import BANK, eff, make_bank, run


def change(changes: tuple[ThemeChange, ...], qid: str) -> ThemeChange:
    return next(c for c in changes if c.question.id == qid)


def test_direction_up_and_down_are_better_and_worse() -> None:
    before = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.wonen", "anna", Effect.POSITIVE),
    )
    now = run(
        eff("nu.gezondheid", "anna", Effect.STRONGLY_POSITIVE),
        eff("nu.wonen", "anna", Effect.NEGATIVE),
    )
    changes = compare(before, now)
    assert change(changes, "nu.gezondheid").kind is ChangeKind.BETTER
    worse = change(changes, "nu.wonen")
    assert worse.kind is ChangeKind.WORSE
    assert (worse.before.direction, worse.now.direction) == (Effect.POSITIVE, Effect.NEGATIVE)
    # Worse comes first: that is what a reader must not miss.
    assert changes[0].question.id == "nu.wonen"


def test_the_same_direction_from_other_answers_is_the_same() -> None:
    before = run(eff("nu.gezondheid", "anna", Effect.POSITIVE))
    now = run(
        eff("nu.gezondheid", "bram", Effect.POSITIVE),
        eff("nu.gezondheid", "chris", Effect.POSITIVE),
    )
    same = change(compare(before, now), "nu.gezondheid")
    assert same.kind is ChangeKind.SAME and not same.changed


def test_from_unknown_or_nothing_to_a_direction_and_back() -> None:
    before = run(
        eff("nu.gezondheid", "anna", Effect.UNKNOWN),
        eff("nu.wonen", "anna", Effect.NEGATIVE),
    )
    now = run(
        eff("nu.gezondheid", "anna", Effect.NEGATIVE), eff("nu.wonen", "anna", Effect.UNKNOWN)
    )
    changes = compare(before, now)
    assert change(changes, "nu.gezondheid").kind is ChangeKind.NOW_JUDGED
    assert change(changes, "nu.wonen").kind is ChangeKind.NOW_UNKNOWN
    # Nobody answered a theme in either round: nothing changed.
    assert change(changes, "later.natuur").kind is ChangeKind.SAME
    # Nothing before, "weet niet" now: no direction either way, but not the same.
    later = compare(run(), run(eff("later.natuur", "bram", Effect.UNKNOWN)))
    assert change(later, "later.natuur").kind is ChangeKind.NOW_UNKNOWN


def test_a_theme_nobody_answered_yet_in_the_new_round_is_open_not_changed() -> None:
    before = run(eff("nu.gezondheid", "anna", Effect.POSITIVE))
    changes = compare(before, run())
    open_theme = change(changes, "nu.gezondheid")
    assert open_theme.kind is ChangeKind.NOT_ANSWERED_YET and not open_theme.changed
    assert open_theme.now.label == "no_answers"
    assert not any(c.changed for c in changes)


def test_a_split_is_carried_in_the_judgement_as_a_split_not_a_direction() -> None:
    now = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.gezondheid", "bram", Effect.NEGATIVE),
    )
    moved = change(compare(run(), now), "nu.gezondheid")
    assert moved.now.disagreement and moved.now.direction is None
    assert (moved.now.status, moved.now.label) == (EffectStatus.SPLIT, "split")
    assert moved.kind is ChangeKind.NOW_SPLIT and moved.changed


def test_a_verdict_that_becomes_a_split_and_back() -> None:
    before = run(
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.wonen", "anna", Effect.POSITIVE),
        eff("nu.wonen", "bram", Effect.NEGATIVE),
        eff("nu.milieu", "anna", Effect.POSITIVE),
        eff("nu.milieu", "bram", Effect.NEGATIVE),
    )
    now = run(
        # a verdict before, split now
        eff("nu.gezondheid", "anna", Effect.POSITIVE),
        eff("nu.gezondheid", "bram", Effect.STRONGLY_NEGATIVE),
        # split before, split now with other answers: the same
        eff("nu.wonen", "anna", Effect.STRONGLY_POSITIVE),
        eff("nu.wonen", "bram", Effect.NEGATIVE),
        eff("nu.wonen", "chris", Effect.NEGATIVE),
        # split before, a verdict now
        eff("nu.milieu", "anna", Effect.NEGATIVE),
        eff("nu.milieu", "bram", Effect.NEGATIVE),
    )
    changes = compare(before, now)
    split = change(changes, "nu.gezondheid")
    assert split.kind is ChangeKind.NOW_SPLIT
    assert (split.before.direction, split.now.direction) == (Effect.POSITIVE, None)
    assert change(changes, "nu.wonen").kind is ChangeKind.SAME
    judged = change(changes, "nu.milieu")
    assert judged.kind is ChangeKind.NOW_JUDGED
    assert (judged.before.label, judged.now.direction) == ("split", Effect.NEGATIVE)


def test_themes_are_matched_by_id_and_new_ones_are_named() -> None:
    smaller = QuestionBank(
        version="old",
        sections=tuple(
            Section(s.id, s.title, s.intro, tuple(q for q in s.questions if q.id != "nu.wonen"))
            for s in make_bank().sections
        ),
    )
    before = run(eff("nu.gezondheid", "anna", Effect.POSITIVE), bank=smaller)
    changes = compare(before, run(eff("nu.wonen", "anna", Effect.POSITIVE)))
    new = change(changes, "nu.wonen")
    assert new.kind is ChangeKind.NEW_QUESTION and new.before is None
    assert len(changes) == sum(1 for q in BANK.questions if q.dimension is not None)
