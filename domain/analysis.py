"""Turn a team's answers into the summary's analysis: profile, gaps and trade-offs.

Pure domain code: no bot SDK, no database, no I/O, and no language-specific text. Labels
stay `LocalText` (or ids and enum values) so the renderer picks Dutch or English.

The rules are the constants just below; docs/ANALYSIS.md explains them for users.
Everything is computed after one pass that groups the answers by question, so the cost is
linear in the number of answers (plus sorting each question's handful of answers by name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import AnswerType, Certainty, Effect
from questions.model import Choice, Dimension, LocalText, Question, QuestionBank, Role

# --------------------------------------------------------------------------------------
# Rules. Change them here; docs/ANALYSIS.md describes them for users.
# --------------------------------------------------------------------------------------

DISAGREEMENT_SPREAD = 2
"""Known scores this many steps apart (e.g. strongly positive vs neutral) mean disagreement.

Opposite signs (one answer > 0, one < 0) also mean disagreement; on the -2..+2 scale they
always span at least 2 steps, but the rule names both because that is how a team reads it.
"""

LOW_CERTAINTIES: frozenset[Certainty] = frozenset({Certainty.UNCERTAIN})
"""Certainties that make an answer with a direction a low-certainty gap."""

HELPED: frozenset[Effect] = frozenset({Effect.POSITIVE, Effect.STRONGLY_POSITIVE})
"""Combined directions that put a theme on the gain side of a trade-off."""

HARMED: frozenset[Effect] = frozenset({Effect.NEGATIVE, Effect.STRONGLY_NEGATIVE})
"""Combined directions that put a theme on the loss side of a trade-off."""


class GapKind(StrEnum):
    """Kinds of gap in the team's picture; GAP_ORDER is the order the summary lists them."""

    DISAGREEMENT = "disagreement"  # teammates disagree on an effect
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
"""(kind, dimension whose helped themes gain, dimension whose harmed themes lose), in order.

Each row yields a trade-off only when both sides have at least one theme. The group
trade-off (Role.GROUPS_GAIN vs Role.GROUPS_LOSE) comes after these.
"""


class EffectStatus(StrEnum):
    """What the team's answers to one effect question amount to."""

    NO_ANSWERS = "no_answers"  # nobody answered
    UNKNOWN = "unknown"  # everyone who answered said "unknown"
    DISAGREEMENT = "disagreement"  # the known answers disagree
    JUDGED = "judged"  # a combined judgement the team agrees on


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
class EffectResult:
    """The team's combined judgement on one effect question (one theme)."""

    question: Question
    theme: LocalText
    dimension: Dimension | None
    respondents: int  # answers, including "unknown"
    known: int  # answers with a direction
    unknown_count: int
    score: float | None  # mean of the known scores on -2..+2
    direction: Effect | None
    certainty: Certainty | None  # mean certainty of the known answers, rounded down
    disagreement: bool
    spread: int  # max - min of the known scores; 0 with fewer than two
    low_certainty_count: int
    explanations: tuple[Explanation, ...]  # the answers with a non-empty explanation
    status: EffectStatus
    answers: tuple[Explanation, ...] = ()  # every answer, explained or not, by name


@dataclass(frozen=True)
class SectionProgress:
    """How far the team got in one section; a question counts if anyone answered it."""

    id: str
    title: LocalText
    questions: int
    answered: int
    share: float  # answered / questions, 0..1 (0 for a section without questions)


@dataclass(frozen=True)
class DimensionResult:
    """The combined judgement over the effect questions of one dimension."""

    dimension: Dimension
    questions: int
    judged: int  # questions with a combined score
    unknown_count: int  # questions answered only with "unknown"
    unanswered_count: int  # questions nobody answered
    disagreement_count: int  # questions where the team disagrees
    score: float | None  # mean of the judged questions' scores
    direction: Effect | None

    @property
    def open_count(self) -> int:
        """Questions without a judgement: unknown plus unanswered."""
        return self.unknown_count + self.unanswered_count


@dataclass(frozen=True)
class Gap:
    """Something missing or unsettled in the team's picture, named with who it concerns.

    `detail` holds the answers behind the gap (each author's effect for a disagreement,
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

    `contested` is True for a theme the team disagrees on, and for a group that teammates
    named both as gaining and as losing.
    """

    label: LocalText
    question: Question
    dimension: Dimension | None  # None for groups
    direction: Effect | None  # combined direction of an effect; None for groups
    contested: bool
    explanations: tuple[Explanation, ...]
    effect: EffectResult | None = None  # the full result behind an effect side
    choice_id: str | None = None  # the group's option id
    named_by: tuple[str, ...] = ()  # teammates who named the group

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
    answered_share: float  # questions anyone answered / all questions, 0..1
    participant_count: int = 0
    non_respondents: tuple[str, ...] = ()  # participants who have answered nothing yet

    def effect(self, question_id: str) -> EffectResult | None:
        """The result for one effect question, for views that link to details."""
        return next((e for e in self.effects if e.question.id == question_id), None)


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
)

_Grouped = dict[str, tuple[AnswerRecord, ...]]


def analyse(
    bank: QuestionBank,
    answers: Sequence[AnswerRecord],
    participants: Sequence[ParticipantRecord],
) -> Analysis:
    """Analyse the current answers of one assessment against its question bank.

    Answers to questions not in the bank, and answers that carry no value for their
    question's type (no effect, blank text, no known option), are ignored. Should the
    caller pass two answers by one author to one question, the later one counts.
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

    answered = sum(1 for q in questions if q.id in by_question)
    authors = {a.author_id for group in by_question.values() for a in group}
    silent = (p.display_name or p.user_id for p in participants if p.user_id not in authors)
    return Analysis(
        effects=effects,
        sections=tuple(
            _section_progress(s.id, s.title, s.questions, by_question) for s in bank.sections
        ),
        dimensions=_dimension_results(effects),
        gaps=_gaps(questions, effects_by_id, by_question, bank, names),
        trade_offs=(*_effect_trade_offs(effects), *_group_trade_offs(bank, by_question, names)),
        streefbeeld=texts[Role.STREEFBEELD],
        description=texts[Role.DESCRIPTION],
        knowledge_gaps=texts[Role.KNOWLEDGE_GAPS],
        accepted_trade_offs=texts[Role.ACCEPTED_TRADE_OFFS],
        mitigation=texts[Role.MITIGATION],
        advice=texts[Role.ADVICE],
        respondent_count=len(authors),
        answered_share=answered / len(questions) if questions else 0.0,
        participant_count=len(participants),
        non_respondents=tuple(sorted(silent, key=str.casefold)),
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


def _is_known(answer: AnswerRecord) -> bool:
    """Whether an effect answer gives a direction (not "unknown")."""
    return answer.effect is not None and answer.effect is not Effect.UNKNOWN


def _explanation(name: str, answer: AnswerRecord) -> Explanation:
    """An effect answer as shown next to a theme; certainty only where there is a direction."""
    certainty = answer.certainty if _is_known(answer) else None
    return Explanation(name, answer.effect, certainty, answer.explanation.strip())


def _effect_result(
    question: Question, group: Sequence[AnswerRecord], names: dict[str, str]
) -> EffectResult:
    """Combine the answers to one effect question.

    Certainty is averaged over answers that gave a direction: a certainty attached to
    "unknown" says nothing about the effect.
    """
    scores: list[int] = []
    levels: list[int] = []
    low = 0
    shown = [_explanation(name, answer) for name, answer in _by_name(group, names)]
    for item in shown:
        if item.effect is not None and item.effect.score is not None:
            scores.append(item.effect.score)
            if item.certainty is not None:
                levels.append(item.certainty.level)
                low += item.certainty in LOW_CERTAINTIES

    mean = sum(scores) / len(scores) if scores else None
    spread = max(scores) - min(scores) if scores else 0
    disagreement = bool(scores) and (
        (max(scores) > 0 and min(scores) < 0) or spread >= DISAGREEMENT_SPREAD
    )
    if not group:
        status = EffectStatus.NO_ANSWERS
    elif not scores:
        status = EffectStatus.UNKNOWN
    elif disagreement:
        status = EffectStatus.DISAGREEMENT
    else:
        status = EffectStatus.JUDGED
    return EffectResult(
        question=question,
        theme=_theme(question),
        dimension=question.dimension,
        respondents=len(group),
        known=len(scores),
        unknown_count=len(group) - len(scores),
        score=mean,
        direction=Effect.from_score(mean) if mean is not None else None,
        certainty=Certainty.from_level(sum(levels) / len(levels)) if levels else None,
        disagreement=disagreement,
        spread=spread,
        low_certainty_count=low,
        explanations=tuple(item for item in shown if item.text),
        status=status,
        answers=tuple(shown),
    )


def _section_progress(
    section_id: str, title: LocalText, questions: Sequence[Question], by_question: _Grouped
) -> SectionProgress:
    """Count the questions of a section that anyone answered, whatever their scope."""
    answered = sum(1 for q in questions if q.id in by_question)
    share = answered / len(questions) if questions else 0.0
    return SectionProgress(section_id, title, len(questions), answered, share)


def _dimension_results(effects: Sequence[EffectResult]) -> tuple[DimensionResult, ...]:
    """Per dimension, in the order it first appears in the bank."""
    per_dimension: dict[Dimension, list[EffectResult]] = {}
    for effect in effects:
        if effect.dimension is not None:
            per_dimension.setdefault(effect.dimension, []).append(effect)
    results = []
    for dimension, group in per_dimension.items():
        scores = [e.score for e in group if e.score is not None]
        mean = sum(scores) / len(scores) if scores else None
        results.append(
            DimensionResult(
                dimension=dimension,
                questions=len(group),
                judged=len(scores),
                unknown_count=sum(1 for e in group if e.status == EffectStatus.UNKNOWN),
                unanswered_count=sum(1 for e in group if e.status == EffectStatus.NO_ANSWERS),
                disagreement_count=sum(1 for e in group if e.disagreement),
                score=mean,
                direction=Effect.from_score(mean) if mean is not None else None,
            )
        )
    return tuple(results)


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


def _effect_side(effect: EffectResult) -> TradeOffSide:
    """A theme on a trade-off side, carrying the team's reasons and any disagreement."""
    return TradeOffSide(
        label=effect.theme,
        question=effect.question,
        dimension=effect.dimension,
        direction=effect.direction,
        contested=effect.disagreement,
        explanations=effect.explanations,
        effect=effect,
    )


def _effect_trade_offs(effects: Sequence[EffectResult]) -> list[TradeOff]:
    """Theme trade-offs per EFFECT_TRADE_OFFS, from effects with a helped/harmed direction."""
    helped: dict[Dimension, list[TradeOffSide]] = {}
    harmed: dict[Dimension, list[TradeOffSide]] = {}
    for effect in effects:
        if effect.dimension is None or effect.status not in _TRADE_OFF_STATUSES:
            continue
        if effect.direction in HELPED:
            helped.setdefault(effect.dimension, []).append(_effect_side(effect))
        elif effect.direction in HARMED:
            harmed.setdefault(effect.dimension, []).append(_effect_side(effect))
    trade_offs = []
    for kind, gain_dimension, loss_dimension in EFFECT_TRADE_OFFS:
        gains = helped.get(gain_dimension, [])
        losses = harmed.get(loss_dimension, [])
        if gains and losses:
            trade_offs.append(
                TradeOff(kind, tuple(gains), tuple(losses), gain_dimension, loss_dimension)
            )
    return trade_offs


_TRADE_OFF_STATUSES = frozenset({EffectStatus.JUDGED, EffectStatus.DISAGREEMENT})

# Per option id: (question, option, names of who chose it, their explanations).
_Named = dict[str, tuple[Question, Choice, list[str], list[Explanation]]]


def _group_trade_offs(
    bank: QuestionBank, by_question: _Grouped, names: dict[str, str]
) -> list[TradeOff]:
    """Groups that gain vs groups that lose, each named with who named it.

    A group (matched by option id) named on both sides is contested.
    """
    gain_named = _groups_named(bank.by_role(Role.GROUPS_GAIN), by_question, names)
    lose_named = _groups_named(bank.by_role(Role.GROUPS_LOSE), by_question, names)
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
