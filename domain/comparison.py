"""What changed between two rounds of one project: per theme, the judgement before and now.

Pure domain code like the analysis. A theme's *judgement* is what the summary shows for
it: a combined direction, "unknown" (only "weet niet"), or nothing (nobody answered). The
rules are the constants below; docs/ANALYSIS.md describes them for users.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.analysis import Analysis, EffectResult, EffectStatus
from domain.scale import Effect
from questions.model import Dimension, LocalText, Question


class ChangeKind(StrEnum):
    """How a theme's judgement moved from the previous round to this one."""

    BETTER = "better"  # the combined direction moved up the scale
    WORSE = "worse"  # the combined direction moved down the scale
    NOW_JUDGED = "now_judged"  # before: unknown or no answer; now: a direction
    NOW_UNKNOWN = "now_unknown"  # now only "weet niet", before something else
    NOW_SPLIT = "now_split"  # now the team is split, before it was not
    NOT_ANSWERED_YET = "not_answered_yet"  # nobody answered it in this round (yet)
    SAME = "same"  # the same judgement (possibly a different mix of answers)
    NEW_QUESTION = "new_question"  # the theme was not in the previous round's bank


CHANGE_ORDER: tuple[ChangeKind, ...] = (
    ChangeKind.WORSE,
    ChangeKind.BETTER,
    ChangeKind.NOW_SPLIT,
    ChangeKind.NOW_UNKNOWN,
    ChangeKind.NOW_JUDGED,
    ChangeKind.NEW_QUESTION,
    ChangeKind.NOT_ANSWERED_YET,
    ChangeKind.SAME,
)
"""Changes are listed in this order (worse first: that is what a reader must not miss),
and within a kind in bank order."""


@dataclass(frozen=True)
class Judgement:
    """A theme's combined judgement in one round, as the summary names it."""

    status: EffectStatus
    direction: Effect | None  # the team's verdict; None when split, unknown or unanswered
    disagreement: bool  # the team is split

    @property
    def label(self) -> str:
        """A stable key: an Effect value, "split", "unknown" or "no_answers"."""
        if self.direction is not None:
            return self.direction.value
        if self.status is EffectStatus.UNKNOWN:
            return Effect.UNKNOWN.value
        if self.status is EffectStatus.SPLIT:
            return EffectStatus.SPLIT.value
        return EffectStatus.NO_ANSWERS.value


@dataclass(frozen=True)
class ThemeChange:
    """One theme, before and now; `before` is None for a theme new in this round."""

    question: Question
    theme: LocalText
    dimension: Dimension | None
    before: Judgement | None
    now: Judgement
    kind: ChangeKind

    @property
    def changed(self) -> bool:
        """Whether the reader should see this theme as a change of its own.

        A theme nobody answered in this round yet is not a change but an open question;
        the summary names those together in one line.
        """
        return self.kind not in (ChangeKind.SAME, ChangeKind.NOT_ANSWERED_YET)


def judgement(effect: EffectResult) -> Judgement:
    """The judgement the summary shows for one theme."""
    return Judgement(effect.status, effect.direction, effect.disagreement)


def compare(previous: Analysis, current: Analysis) -> tuple[ThemeChange, ...]:
    """Per effect question of the current round, how its judgement changed.

    Themes are matched by question id, so a municipality that keeps its ids stable keeps
    its history. A theme that was dropped from the bank is not listed.
    """
    before_by_id = {e.question.id: judgement(e) for e in previous.effects}
    changes = [_change(effect, before_by_id.get(effect.question.id)) for effect in current.effects]
    order = {kind: i for i, kind in enumerate(CHANGE_ORDER)}
    bank_order = {c.question.id: i for i, c in enumerate(changes)}
    changes.sort(key=lambda c: (order[c.kind], bank_order[c.question.id]))
    return tuple(changes)


def _change(effect: EffectResult, before: Judgement | None) -> ThemeChange:
    now = judgement(effect)
    return ThemeChange(
        question=effect.question,
        theme=effect.theme,
        dimension=effect.dimension,
        before=before,
        now=now,
        kind=_kind(before, now),
    )


def _kind(before: Judgement | None, now: Judgement) -> ChangeKind:
    if before is None:
        return ChangeKind.NEW_QUESTION
    if now.status is EffectStatus.NO_ANSWERS:
        if before.status is EffectStatus.NO_ANSWERS:
            return ChangeKind.SAME
        return ChangeKind.NOT_ANSWERED_YET
    if now.disagreement:
        return ChangeKind.SAME if before.disagreement else ChangeKind.NOW_SPLIT
    old_score = before.direction.score if before.direction else None
    new_score = now.direction.score if now.direction else None
    if old_score is None and new_score is None:
        # Nothing before, "weet niet" now (the other way round is handled above).
        return ChangeKind.SAME if before.label == now.label else ChangeKind.NOW_UNKNOWN
    if old_score is None:
        return ChangeKind.NOW_JUDGED
    if new_score is None:
        return ChangeKind.NOW_UNKNOWN
    if new_score > old_score:
        return ChangeKind.BETTER
    if new_score < old_score:
        return ChangeKind.WORSE
    return ChangeKind.SAME
