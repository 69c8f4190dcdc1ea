"""Turn a team's answers into the summary's analysis: profile, gaps and trade-offs.

Pure domain code: no bot SDK, no database, no I/O, and no language-specific text. Labels
stay `LocalText` (or ids and enum values) so the renderer picks Dutch or English.

The one promise of this module: the summary says what the team said. A team that is
split gets a split, never an average; a part gets its themes counted, never an average of
averages; coverage counts the answers each person was asked. The rules are the constants
and small functions just below; docs/ANALYSIS.md states them for users, with an example
for each, and tests/test_analysis_rules.py holds that table.

Everything is computed after one pass that groups the answers by question, so the cost is
linear in the number of answers (plus sorting each question's handful of answers by name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.coverage import Coverage, answered_ids, coverage
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import EFFECT_ORDER, Certainty, Effect
from questions.model import AnswerType, Choice, Dimension, LocalText, Question, QuestionBank, Role

# --------------------------------------------------------------------------------------
# Rules. Change them here; docs/ANALYSIS.md describes them for users.
# --------------------------------------------------------------------------------------

LOW_CERTAINTIES: frozenset[Certainty] = frozenset({Certainty.UNCERTAIN})
"""Certainties that make an answer with a direction a low-certainty gap."""

LEAN_SHARE = 0.75
"""On a split theme, "most lean this way" is said when at least this share of the
opinions (and at least LEAN_MINIMUM of them) are on one side."""

LEAN_MINIMUM = 3

PART_VERDICT_SHARE = 0.5
"""A part (hier en nu, later, ...) is summarised only when at least this share of its
themes has an opinion (a verdict or a split); below it the summary says it is too early."""


class Side(StrEnum):
    """Which way an opinion points; the unit of a split and of a trade-off side."""

    BETTER = "better"
    NO_EFFECT = "no_effect"
    WORSE = "worse"


def side_of(effect: Effect) -> Side | None:
    """The side an answer is on; None for "weet niet"."""
    score = effect.score
    if score is None:
        return None
    if score > 0:
        return Side.BETTER
    if score < 0:
        return Side.WORSE
    return Side.NO_EFFECT


class GapKind(StrEnum):
    """Kinds of gap in the team's picture; GAP_ORDER is the order the summary lists them."""

    DISAGREEMENT = "disagreement"  # the team is split on a theme
    UNKNOWN = "unknown"  # someone answered "weet niet"
    LOW_CERTAINTY = "low_certainty"  # someone gave a direction but is uncertain
    UNANSWERED = "unanswered"  # nobody answered the question
    KNOWLEDGE_GAP = "knowledge_gap"  # something the team listed as not known yet


GAP_ORDER: tuple[GapKind, ...] = (
    GapKind.DISAGREEMENT,
    GapKind.UNKNOWN,
    GapKind.LOW_CERTAINTY,
    GapKind.UNANSWERED,
    GapKind.KNOWLEDGE_GAP,
)
"""Gaps are listed by kind in this order, and within a kind in bank order."""


class TradeOffKind(StrEnum):
    """The trade-offs the framework asks about."""

    THEMES = "themes"  # hier en nu: themes helped vs themes harmed
    NOW_VS_LATER = "now_vs_later"  # hier en nu vs later (future generations)
    HERE_VS_ELSEWHERE = "here_vs_elsewhere"  # hier en nu vs elders (other places)
    GROUPS = "groups"  # verdeling: groups that gain vs groups that lose


EFFECT_TRADE_OFFS: tuple[tuple[TradeOffKind, Dimension, Dimension], ...] = (
    (TradeOffKind.THEMES, Dimension.NOW, Dimension.NOW),
    (TradeOffKind.NOW_VS_LATER, Dimension.NOW, Dimension.LATER),
    (TradeOffKind.NOW_VS_LATER, Dimension.LATER, Dimension.NOW),
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.NOW, Dimension.ELSEWHERE),
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.ELSEWHERE, Dimension.NOW),
)
"""(kind, dimension whose better themes gain, dimension whose worse themes lose), in order.

Each row yields a trade-off only when both sides have at least one theme. The group
trade-off (Role.GROUPS_GAIN vs Role.GROUPS_LOSE) comes after these.
"""


class EffectStatus(StrEnum):
    """What the team's answers to one effect question amount to."""

    NO_ANSWERS = "no_answers"  # nobody answered
    UNKNOWN = "unknown"  # everyone who answered said "unknown"
    SPLIT = "split"  # "verdeeld": the opinions point different ways (see `is_split`)
    JUDGED = "judged"  # a verdict the team agrees on


def is_split(opinions: Sequence[tuple[Effect, Certainty | None]]) -> bool:
    """Whether a theme's opinions ("weet niet" left out) are split.

    Split when someone says better and someone worse; or when some say "no effect" and
    others an effect and no side clearly has it: as many on each side, answers two or
    more steps apart ("geen effect" next to "sterk negatief"), or someone sure ("zeker")
    on each side.
    """
    sides = {side_of(effect) for effect, _ in opinions}
    if Side.BETTER in sides and Side.WORSE in sides:
        return True
    if Side.NO_EFFECT not in sides or len(sides) == 1:
        return False
    scores = [effect.score or 0 for effect, _ in opinions]
    if max(scores) - min(scores) >= 2:
        return True
    neutral = [c for e, c in opinions if side_of(e) is Side.NO_EFFECT]
    effect = [c for e, c in opinions if side_of(e) is not Side.NO_EFFECT]
    if len(neutral) == len(effect):
        return True
    return Certainty.CERTAIN in neutral and Certainty.CERTAIN in effect


def verdict_of(effects: Sequence[Effect]) -> Effect:
    """The team's verdict on a theme it is not split on: the median opinion.

    With two middle opinions the one nearer "geen effect" counts, so "sterk" is said
    only when more than half said "sterk", and rounding never leans away from neutral.
    """
    scores = sorted(effect.score or 0 for effect in effects)
    middle = len(scores) // 2
    pair = scores[middle - 1 : middle + 1] if len(scores) % 2 == 0 else [scores[middle]]
    median = min(pair, key=abs)
    return next(e for e in EFFECT_ORDER if e.score == median)


def certainty_of(certainties: Sequence[Certainty]) -> Certainty | None:
    """A verdict's certainty: the mean of certain = 2, likely = 1, uncertain = 0, rounded
    down, so a mix never looks surer than it is. Never given for a split."""
    if not certainties:
        return None
    return Certainty.from_level(sum(c.level for c in certainties) / len(certainties))


def lean_of(opinions: Sequence[Effect]) -> Side | None:
    """On a split theme, the side most lean to, when one side clearly has it."""
    if len(opinions) < LEAN_MINIMUM:
        return None
    counts: dict[Side, int] = {}
    for effect in opinions:
        side = side_of(effect)
        if side is not None:
            counts[side] = counts.get(side, 0) + 1
    side, count = max(counts.items(), key=lambda item: item[1])
    return side if count / len(opinions) >= LEAN_SHARE else None


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """One teammate's answer as the reader sees it: who, what, how sure, and why."""

    author: str
    effect: Effect | None
    certainty: Certainty | None
    text: str


@dataclass(frozen=True)
class TextAnswer:
    """A free-text answer (streefbeeld, advice, ...) with its author and time."""

    author: str
    text: str
    answered_at: datetime


@dataclass(frozen=True)
class ChoiceAnswer:
    """An answer that picks options (the time horizon), with its author and time."""

    author: str
    labels: tuple[LocalText, ...]
    answered_at: datetime


@dataclass(frozen=True)
class EffectResult:
    """What the team said about one effect question (one theme)."""

    question: Question
    theme: LocalText
    dimension: Dimension | None
    respondents: int  # answers, including "weet niet"
    known: int  # answers with an opinion (not "weet niet")
    unknown_count: int
    direction: Effect | None  # the verdict; None when split, unknown or unanswered
    certainty: Certainty | None  # the verdict's certainty; None when there is no verdict
    tally: tuple[tuple[Effect, int], ...]  # how often each answer was given, most first
    lean: Side | None  # on a split, the side most lean to (when one clearly has it)
    low_certainty_count: int
    explanations: tuple[Explanation, ...]  # the answers with a non-empty explanation
    status: EffectStatus
    answers: tuple[Explanation, ...] = ()  # every answer, explained or not, by name

    @property
    def disagreement(self) -> bool:
        """The team is split on this theme."""
        return self.status is EffectStatus.SPLIT

    @property
    def sides(self) -> frozenset[Side]:
        """The sides someone argued for (a verdict has one)."""
        return frozenset(
            side for a in self.answers if a.effect and (side := side_of(a.effect)) is not None
        )

    def on_side(self, side: Side) -> tuple[Explanation, ...]:
        """The answers on one side, for the evidence under a trade-off side."""
        return tuple(a for a in self.answers if a.effect and side_of(a.effect) is side)


@dataclass(frozen=True)
class SectionProgress:
    """How far the team got in one section: questions anyone answered, and answers given
    out of answers asked (see domain/coverage.py)."""

    id: str
    title: LocalText
    questions: int
    answered: int  # questions with at least one answer
    share: float  # answered / questions, 0..1 (0 for a section without questions)
    given: int = 0
    asked: int = 0


@dataclass(frozen=True)
class DimensionResult:
    """A part of the framework summarised by its themes: counted, never averaged."""

    dimension: Dimension
    questions: int
    better: int
    worse: int
    split: int
    no_effect: int
    unknown_count: int  # themes answered only with "weet niet"
    unanswered_count: int  # themes nobody answered

    @property
    def with_opinion(self) -> int:
        """Themes with a verdict or a split."""
        return self.better + self.worse + self.split + self.no_effect

    @property
    def enough(self) -> bool:
        """At least half its themes have an opinion: only then is the part summarised."""
        return self.questions > 0 and self.with_opinion >= self.questions * PART_VERDICT_SHARE

    @property
    def open_count(self) -> int:
        """Themes without an opinion: "weet niet" only, plus unanswered."""
        return self.unknown_count + self.unanswered_count


@dataclass(frozen=True)
class Gap:
    """Something missing or unsettled in the team's picture, named with who it concerns.

    `detail` holds the answers behind the gap (each author's effect for a split theme,
    the answers for unknown and low certainty, the text for a knowledge gap); it is empty
    for an unanswered question.
    """

    kind: GapKind
    question: Question | None
    theme: LocalText | None
    authors: tuple[str, ...]
    detail: tuple[Explanation, ...]


@dataclass(frozen=True)
class TradeOffSide:
    """One theme or group on one side of a trade-off, named with the team's reasons.

    `explanations` are the answers on this side; `opposing` the answers on the other
    side(s) of a contested theme, so the reader hears both voices. `contested` is True for
    a theme the team is split on, and for a group named both as gaining and as losing.
    """

    label: LocalText
    question: Question
    dimension: Dimension | None  # None for groups
    direction: Effect | None  # the theme's verdict; None for groups and split themes
    contested: bool
    explanations: tuple[Explanation, ...]
    effect: EffectResult | None = None  # the full result behind an effect side
    choice_id: str | None = None  # the group's option id
    named_by: tuple[str, ...] = ()  # teammates who named the group
    opposing: tuple[Explanation, ...] = ()
    side: Side | None = None  # the side this theme is on here

    @property
    def count(self) -> int:
        """How many teammates named the group (0 for an effect side)."""
        return len(self.named_by)


@dataclass(frozen=True)
class TradeOff:
    """What is gained against what is lost; never produced with an empty side."""

    kind: TradeOffKind
    gains: tuple[TradeOffSide, ...]
    losses: tuple[TradeOffSide, ...]
    gain_dimension: Dimension | None  # which dimension gains (None for groups)
    loss_dimension: Dimension | None

    @property
    def contested(self) -> bool:
        """True if any side is contested, so the reader knows it is not settled."""
        return any(side.contested for side in (*self.gains, *self.losses))


@dataclass(frozen=True)
class TargetGroup:
    """A group the project is meant for, held against the groups named as gaining/losing."""

    choice_id: str
    label: LocalText
    gains_named_by: tuple[str, ...]
    loses_named_by: tuple[str, ...]

    @property
    def contested(self) -> bool:
        """Named as gaining by someone and as losing by someone."""
        return bool(self.gains_named_by and self.loses_named_by)


@dataclass(frozen=True)
class Analysis:
    """Everything the summary shows, computed from one set of current answers."""

    effects: tuple[EffectResult, ...]
    sections: tuple[SectionProgress, ...]
    dimensions: tuple[DimensionResult, ...]
    gaps: tuple[Gap, ...]
    trade_offs: tuple[TradeOff, ...]
    streefbeeld: tuple[TextAnswer, ...]
    description: tuple[TextAnswer, ...]
    knowledge_gaps: tuple[TextAnswer, ...]
    accepted_trade_offs: tuple[TextAnswer, ...]
    mitigation: tuple[TextAnswer, ...]
    advice: tuple[TextAnswer, ...]
    respondent_count: int  # people who answered at least one question of the bank
    answered_share: float  # answers given / answers asked (coverage), 0..1
    participant_count: int = 0
    non_respondents: tuple[str, ...] = ()  # participants who have answered nothing yet
    coverage: Coverage | None = None
    area: tuple[TextAnswer, ...] = ()
    owner: tuple[TextAnswer, ...] = ()
    time_horizon: tuple[ChoiceAnswer, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    spillover: tuple[TextAnswer, ...] = ()
    synergies: tuple[TextAnswer, ...] = ()
    conflicts: tuple[TextAnswer, ...] = ()
    sources: tuple[TextAnswer, ...] = ()
    monitoring: tuple[TextAnswer, ...] = ()

    def effect(self, question_id: str) -> EffectResult | None:
        """The result for one effect question, for views that link to details."""
        return next((e for e in self.effects if e.question.id == question_id), None)

    def themes(self, status: EffectStatus, side: Side | None = None) -> list[EffectResult]:
        """The themes with this status (and, for verdicts, on this side), in bank order."""
        return [
            e
            for e in self.effects
            if e.status is status
            and (side is None or (e.direction is not None and side_of(e.direction) is side))
        ]


# --------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------

_TEXT_ROLES: tuple[Role, ...] = (
    Role.STREEFBEELD,
    Role.DESCRIPTION,
    Role.KNOWLEDGE_GAPS,
    Role.ACCEPTED_TRADE_OFFS,
    Role.MITIGATION,
    Role.ADVICE,
    Role.AREA,
    Role.OWNER,
    Role.SPILLOVER,
    Role.SYNERGIES,
    Role.CONFLICTS,
    Role.SOURCES,
    Role.MONITORING,
)

_Grouped = dict[str, tuple[AnswerRecord, ...]]


def analyse(
    bank: QuestionBank,
    answers: Sequence[AnswerRecord],
    participants: Sequence[ParticipantRecord],
    assignees: Mapping[str, set[str]] | None = None,
) -> Analysis:
    """Analyse the current answers of one assessment against its question bank.

    Answers to questions not in the bank, and answers that carry no value for their
    question's type (no effect, blank text, no known option), are ignored. Should the
    caller pass two answers by one author to one question, the later one counts.
    `assignees` (question id -> ids it is assigned to) makes coverage count an assigned
    part only for its assignees.
    """
    names = {p.user_id: p.display_name for p in participants if p.display_name}
    by_question = _group_answers(bank, answers)
    questions = bank.questions

    effects = tuple(
        _effect_result(q, by_question.get(q.id, ()), names)
        for q in questions
        if q.type == AnswerType.EFFECT
    )
    effects_by_id = {e.question.id: e for e in effects}
    texts = {role: _text_answers(bank.by_role(role), by_question, names) for role in _TEXT_ROLES}
    counted = [a for group in by_question.values() for a in group]
    covered = coverage(bank, answered_ids(counted), participants, assignees)

    gain_named = _groups_named(bank.by_role(Role.GROUPS_GAIN), by_question, names)
    lose_named = _groups_named(bank.by_role(Role.GROUPS_LOSE), by_question, names)
    authors = {a.author_id for a in counted}
    silent = (p.display_name or p.user_id for p in participants if p.user_id not in authors)
    return Analysis(
        effects=effects,
        sections=_section_progress(bank, by_question, covered),
        dimensions=_dimension_results(effects),
        gaps=_gaps(questions, effects_by_id, by_question, bank, names),
        trade_offs=(*_effect_trade_offs(effects), *_group_trade_offs(gain_named, lose_named)),
        streefbeeld=texts[Role.STREEFBEELD],
        description=texts[Role.DESCRIPTION],
        knowledge_gaps=texts[Role.KNOWLEDGE_GAPS],
        accepted_trade_offs=texts[Role.ACCEPTED_TRADE_OFFS],
        mitigation=texts[Role.MITIGATION],
        advice=texts[Role.ADVICE],
        respondent_count=len(authors),
        answered_share=covered.share,
        participant_count=len(participants),
        non_respondents=tuple(sorted(silent, key=str.casefold)),
        coverage=covered,
        area=texts[Role.AREA],
        owner=texts[Role.OWNER],
        time_horizon=_choice_answers(bank.by_role(Role.TIME_HORIZON), by_question, names),
        target_groups=_target_groups(bank, by_question, gain_named, lose_named),
        spillover=texts[Role.SPILLOVER],
        synergies=texts[Role.SYNERGIES],
        conflicts=texts[Role.CONFLICTS],
        sources=texts[Role.SOURCES],
        monitoring=texts[Role.MONITORING],
    )


def _group_answers(bank: QuestionBank, answers: Iterable[AnswerRecord]) -> _Grouped:
    """One pass over the answers: keep those that count, by question id.

    Only questions with at least one counting answer get a key, so `q.id in result`
    means "somebody answered q".
    """
    latest: dict[tuple[str, str], AnswerRecord] = {}
    for answer in answers:
        question = bank.question(answer.question_id)
        if question is None or not _has_value(question, answer):
            continue
        key = (answer.question_id, answer.author_id)
        previous = latest.get(key)
        if previous is None or answer.answered_at >= previous.answered_at:
            latest[key] = answer
    grouped: dict[str, list[AnswerRecord]] = {}
    for (question_id, _), answer in latest.items():
        grouped.setdefault(question_id, []).append(answer)
    return {qid: tuple(group) for qid, group in grouped.items()}


def _has_value(question: Question, answer: AnswerRecord) -> bool:
    """Whether an answer carries what its question asks for; "unknown" counts."""
    if question.type == AnswerType.EFFECT:
        return answer.effect is not None
    if question.type == AnswerType.TEXT:
        return bool(answer.text.strip())
    return any(question.choice(c) is not None for c in answer.choices)


def _name(answer: AnswerRecord, names: dict[str, str]) -> str:
    """The author's current display name, falling back to the name stored with the answer."""
    return names.get(answer.author_id) or answer.author_name or answer.author_id


def _by_name(
    group: Iterable[AnswerRecord], names: dict[str, str]
) -> list[tuple[str, AnswerRecord]]:
    """(name, answer) pairs in a stable, reader-friendly order: alphabetical by name."""
    named = [(_name(a, names), a) for a in group]
    named.sort(key=lambda pair: (pair[0].casefold(), pair[1].author_id))
    return named


def _theme(question: Question) -> LocalText:
    """The short label the summary uses for a question: its theme, else its text."""
    return question.theme or question.text


def _explanation(name: str, answer: AnswerRecord) -> Explanation:
    """An effect answer as shown next to a theme; certainty only where there is a direction."""
    known = answer.effect is not None and answer.effect is not Effect.UNKNOWN
    certainty = answer.certainty if known else None
    return Explanation(name, answer.effect, certainty, answer.explanation.strip())


def _tally(effects: Iterable[Effect]) -> tuple[tuple[Effect, int], ...]:
    """How often each answer was given: most first, ties in scale order, "weet niet" last."""
    counts: dict[Effect, int] = {}
    for effect in effects:
        counts[effect] = counts.get(effect, 0) + 1
    order = {effect: i for i, effect in enumerate(EFFECT_ORDER)}
    return tuple(
        sorted(
            counts.items(),
            key=lambda item: (item[0] is Effect.UNKNOWN, -item[1], order[item[0]]),
        )
    )


def _effect_result(
    question: Question, group: Sequence[AnswerRecord], names: dict[str, str]
) -> EffectResult:
    """What the team said on one effect question: a verdict, a split, or nothing yet."""
    shown = [_explanation(name, answer) for name, answer in _by_name(group, names)]
    opinions = [
        (item.effect, item.certainty)
        for item in shown
        if item.effect is not None and item.effect is not Effect.UNKNOWN
    ]
    effects = [effect for effect, _ in opinions]
    if not group:
        status = EffectStatus.NO_ANSWERS
    elif not opinions:
        status = EffectStatus.UNKNOWN
    elif is_split(opinions):
        status = EffectStatus.SPLIT
    else:
        status = EffectStatus.JUDGED
    judged = status is EffectStatus.JUDGED
    return EffectResult(
        question=question,
        theme=_theme(question),
        dimension=question.dimension,
        respondents=len(group),
        known=len(opinions),
        unknown_count=len(group) - len(opinions),
        direction=verdict_of(effects) if judged else None,
        certainty=certainty_of([c for _, c in opinions if c is not None]) if judged else None,
        tally=_tally(item.effect for item in shown if item.effect is not None),
        lean=lean_of(effects) if status is EffectStatus.SPLIT else None,
        low_certainty_count=sum(1 for _, c in opinions if c in LOW_CERTAINTIES),
        explanations=tuple(item for item in shown if item.text),
        status=status,
        answers=tuple(shown),
    )


def _section_progress(
    bank: QuestionBank, by_question: _Grouped, covered: Coverage
) -> tuple[SectionProgress, ...]:
    """Per section: questions anyone answered, and answers given out of answers asked."""
    counted = {part.section_id: part for part in covered.sections}
    result = []
    for section in bank.sections:
        answered = sum(1 for q in section.questions if q.id in by_question)
        share = answered / len(section.questions) if section.questions else 0.0
        part = counted.get(section.id)
        result.append(
            SectionProgress(
                section.id,
                section.title,
                len(section.questions),
                answered,
                share,
                given=part.given if part else 0,
                asked=part.asked if part else 0,
            )
        )
    return tuple(result)


def _dimension_results(effects: Sequence[EffectResult]) -> tuple[DimensionResult, ...]:
    """Per dimension, in the order it first appears in the bank: its themes counted."""
    per_dimension: dict[Dimension, list[EffectResult]] = {}
    for effect in effects:
        if effect.dimension is not None:
            per_dimension.setdefault(effect.dimension, []).append(effect)

    def count(group: list[EffectResult], side: Side) -> int:
        return sum(1 for e in group if e.direction is not None and side_of(e.direction) is side)

    return tuple(
        DimensionResult(
            dimension=dimension,
            questions=len(group),
            better=count(group, Side.BETTER),
            worse=count(group, Side.WORSE),
            split=sum(1 for e in group if e.status is EffectStatus.SPLIT),
            no_effect=count(group, Side.NO_EFFECT),
            unknown_count=sum(1 for e in group if e.status is EffectStatus.UNKNOWN),
            unanswered_count=sum(1 for e in group if e.status is EffectStatus.NO_ANSWERS),
        )
        for dimension, group in per_dimension.items()
    )


def _gaps(
    questions: Sequence[Question],
    effects_by_id: dict[str, EffectResult],
    by_question: _Grouped,
    bank: QuestionBank,
    names: dict[str, str],
) -> tuple[Gap, ...]:
    """All gaps, by kind in GAP_ORDER and within a kind in bank order."""
    found: dict[GapKind, list[Gap]] = {kind: [] for kind in GAP_ORDER}
    for question in questions:
        if question.id not in by_question:
            found[GapKind.UNANSWERED].append(
                Gap(GapKind.UNANSWERED, question, _theme(question), (), ())
            )
            continue
        effect = effects_by_id.get(question.id)
        if effect is None:
            continue
        if effect.disagreement:
            known = [a for a in effect.answers if a.effect not in (None, Effect.UNKNOWN)]
            found[GapKind.DISAGREEMENT].append(_gap(GapKind.DISAGREEMENT, effect, known))
        unknown = [a for a in effect.answers if a.effect is Effect.UNKNOWN]
        if unknown:
            found[GapKind.UNKNOWN].append(_gap(GapKind.UNKNOWN, effect, unknown))
        low = [a for a in effect.answers if a.certainty in LOW_CERTAINTIES]
        if low:
            found[GapKind.LOW_CERTAINTY].append(_gap(GapKind.LOW_CERTAINTY, effect, low))
    for question in bank.by_role(Role.KNOWLEDGE_GAPS):
        found[GapKind.KNOWLEDGE_GAP].extend(
            Gap(
                GapKind.KNOWLEDGE_GAP,
                question,
                _theme(question),
                (text.author,),
                (Explanation(text.author, None, None, text.text),),
            )
            for text in _text_answers((question,), by_question, names)
        )
    return tuple(gap for kind in GAP_ORDER for gap in found[kind])


def _gap(kind: GapKind, effect: EffectResult, answers: Sequence[Explanation]) -> Gap:
    """A gap on one effect question naming the teammates (and their answers) behind it."""
    return Gap(
        kind, effect.question, effect.theme, tuple(a.author for a in answers), tuple(answers)
    )


def _text_answers(
    questions: Iterable[Question], by_question: _Grouped, names: dict[str, str]
) -> tuple[TextAnswer, ...]:
    """Text answers to these questions: bank order, then in the order they were given."""
    result: list[TextAnswer] = []
    for question in questions:
        texts = [
            TextAnswer(_name(a, names), a.text.strip(), a.answered_at)
            for a in by_question.get(question.id, ())
            if a.text.strip()
        ]
        texts.sort(key=lambda t: (t.answered_at, t.author.casefold()))
        result.extend(texts)
    return tuple(result)


def _choice_answers(
    questions: Iterable[Question], by_question: _Grouped, names: dict[str, str]
) -> tuple[ChoiceAnswer, ...]:
    """Choice answers to these questions, with the chosen options' labels."""
    result: list[ChoiceAnswer] = []
    for question in questions:
        picked = [
            ChoiceAnswer(
                _name(a, names),
                tuple(c.label for c in question.choices if c.id in a.choices),
                a.answered_at,
            )
            for a in by_question.get(question.id, ())
        ]
        picked.sort(key=lambda c: (c.answered_at, c.author.casefold()))
        result.extend(picked)
    return tuple(result)


# -- trade-offs -------------------------------------------------------------------------


def _effect_side(effect: EffectResult, side: Side) -> TradeOffSide:
    """A theme on a trade-off side: the answers on that side as evidence, and on a split
    theme the other voices too."""
    return TradeOffSide(
        label=effect.theme,
        question=effect.question,
        dimension=effect.dimension,
        direction=effect.direction,
        contested=effect.disagreement,
        explanations=tuple(a for a in effect.on_side(side) if a.text),
        effect=effect,
        opposing=tuple(
            a
            for a in effect.answers
            if effect.disagreement and a.effect and side_of(a.effect) not in (side, None)
        ),
        side=side,
    )


def _effect_trade_offs(effects: Sequence[EffectResult]) -> list[TradeOff]:
    """Theme trade-offs per EFFECT_TRADE_OFFS, from the theme verdicts and splits.

    A theme with a verdict sits on its side; a split theme on every side someone argued
    for (better and/or worse), marked contested. Within one part (hier en nu against
    hier en nu) a split theme stands on one side only, the side most lean to, and not
    at all when no side clearly has it: a split is not a trade-off with itself.
    """
    helped: dict[Dimension, list[EffectResult]] = {}
    harmed: dict[Dimension, list[EffectResult]] = {}
    for effect in effects:
        if effect.dimension is None or effect.status not in _TRADE_OFF_STATUSES:
            continue
        sides = effect.sides if effect.disagreement else {side_of(effect.direction)}  # type: ignore[arg-type]
        if Side.BETTER in sides:
            helped.setdefault(effect.dimension, []).append(effect)
        if Side.WORSE in sides:
            harmed.setdefault(effect.dimension, []).append(effect)
    trade_offs = []
    for kind, gain_dimension, loss_dimension in EFFECT_TRADE_OFFS:
        gains = helped.get(gain_dimension, [])
        losses = harmed.get(loss_dimension, [])
        if gain_dimension is loss_dimension:
            gains = [e for e in gains if not e.disagreement or e.lean is Side.BETTER]
            losses = [e for e in losses if not e.disagreement or e.lean is Side.WORSE]
        if gains and losses:
            trade_offs.append(
                TradeOff(
                    kind,
                    tuple(_effect_side(e, Side.BETTER) for e in gains),
                    tuple(_effect_side(e, Side.WORSE) for e in losses),
                    gain_dimension,
                    loss_dimension,
                )
            )
    return trade_offs


_TRADE_OFF_STATUSES = frozenset({EffectStatus.JUDGED, EffectStatus.SPLIT})

# Per option id: (question, option, names of who chose it, their explanations).
_Named = dict[str, tuple[Question, Choice, list[str], list[Explanation]]]


def _group_trade_offs(gain_named: _Named, lose_named: _Named) -> list[TradeOff]:
    """Groups that gain vs groups that lose, each named with who named it.

    A group (matched by option id) named on both sides is contested.
    """
    if not gain_named or not lose_named:
        return []
    gains = _group_sides(gain_named, contested_ids=lose_named.keys())
    losses = _group_sides(lose_named, contested_ids=gain_named.keys())
    return [TradeOff(TradeOffKind.GROUPS, gains, losses, None, None)]


def _groups_named(
    questions: Iterable[Question], by_question: _Grouped, names: dict[str, str]
) -> _Named:
    """Per option id, who chose it in these GROUPS questions; options in the bank's order."""
    named: _Named = {}
    for question in questions:
        chosen: dict[str, tuple[list[str], list[Explanation]]] = {}
        for name, answer in _by_name(by_question.get(question.id, ()), names):
            why = answer.explanation.strip()
            for choice_id in dict.fromkeys(answer.choices):
                who, whys = chosen.setdefault(choice_id, ([], []))
                who.append(name)
                if why:
                    whys.append(Explanation(name, None, None, why))
        for choice in question.choices:
            if choice.id not in chosen:
                continue
            who, whys = chosen[choice.id]
            if choice.id in named:  # the same option in a second question of this role
                _, _, seen_who, seen_whys = named[choice.id]
                seen_who.extend(n for n in who if n not in seen_who)
                seen_whys.extend(w for w in whys if w not in seen_whys)
            else:
                named[choice.id] = (question, choice, who, whys)
    return named


def _group_sides(named: _Named, contested_ids: Iterable[str]) -> tuple[TradeOffSide, ...]:
    """Sides for the named groups: most-named first, ties in option order (stable sort)."""
    contested = set(contested_ids)
    sides = [
        TradeOffSide(
            label=choice.label,
            question=question,
            dimension=None,
            direction=None,
            contested=choice_id in contested,
            explanations=tuple(whys),
            choice_id=choice_id,
            named_by=tuple(who),
        )
        for choice_id, (question, choice, who, whys) in named.items()
    ]
    sides.sort(key=lambda side: -side.count)
    return tuple(sides)


def _target_groups(
    bank: QuestionBank, by_question: _Grouped, gain_named: _Named, lose_named: _Named
) -> tuple[TargetGroup, ...]:
    """The intake's target groups, each with who named it as gaining and as losing."""
    result: list[TargetGroup] = []
    for question in bank.by_role(Role.TARGET_GROUPS):
        chosen = {c for a in by_question.get(question.id, ()) for c in a.choices}
        for choice in question.choices:
            if choice.id in chosen and choice.id not in {t.choice_id for t in result}:
                result.append(
                    TargetGroup(
                        choice.id,
                        choice.label,
                        tuple(gain_named[choice.id][2]) if choice.id in gain_named else (),
                        tuple(lose_named[choice.id][2]) if choice.id in lose_named else (),
                    )
                )
    return tuple(result)
