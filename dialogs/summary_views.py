"""The summary view: the analysis of an assessment, put into words in one language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.messages import scale_label, text
from dialogs.views import ProfileGroup, ProfileRow, SummaryItem, SummaryView
from domain.analysis import (
    Analysis,
    EffectResult,
    EffectStatus,
    Explanation,
    Gap,
    GapKind,
    TextAnswer,
    TradeOff,
    TradeOffKind,
    TradeOffSide,
    analyse,
)
from domain.models import Assessment, AssessmentStatus, as_utc
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Effect
from questions.model import Dimension, QuestionBank

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# Symbols carry the direction next to the words, so colour is never the only signal.
SYMBOLS: dict[Effect | None, str] = {
    Effect.STRONGLY_POSITIVE: "▲▲",
    Effect.POSITIVE: "▲",
    Effect.NEUTRAL: "=",
    Effect.NEGATIVE: "▼",
    Effect.STRONGLY_NEGATIVE: "▼▼",
    Effect.UNKNOWN: "?",
    None: "–",
}
TONES: dict[Effect | None, str] = {
    Effect.STRONGLY_POSITIVE: "good",
    Effect.POSITIVE: "good",
    Effect.NEUTRAL: "neutral",
    Effect.NEGATIVE: "bad",
    Effect.STRONGLY_NEGATIVE: "bad",
    Effect.UNKNOWN: "unknown",
    None: "none",
}


def format_date(moment: datetime, lang: str) -> str:
    """A date as people write it: 28 november 2026 / 28 November 2026 (Amsterdam time)."""
    local = as_utc(moment).astimezone(AMSTERDAM)
    if lang == "en":
        return f"{local.day} {local.strftime('%B')} {local.year}"
    return f"{local.day} {_MONTHS_NL[local.month - 1]} {local.year}"


def in_sentence(label: str) -> str:
    """A theme label inside a sentence: first letter small, proper nouns ("Nederland") kept."""
    return label[:1].lower() + label[1:]


def format_share(share: float, lang: str) -> str:
    """A share as a whole percentage (same notation in Dutch and English)."""
    return f"{round(share * 100)}%"


def build_summary(
    bank: QuestionBank,
    assessment: Assessment,
    answers: Sequence[AnswerRecord],
    participants: Sequence[ParticipantRecord],
    lang: str,
) -> SummaryView:
    """Analyse the answers and phrase the result for a reader in `lang`."""
    analysis = analyse(bank, answers, participants)
    final = assessment.status == AssessmentStatus.CLOSED
    share = format_share(analysis.answered_share, lang)
    if final and assessment.closed_at is not None:
        status = text(
            "summary.final_note", lang, date=format_date(assessment.closed_at, lang), share=share
        )
    else:
        status = text("summary.interim_note", lang, share=share)
    people = ", ".join(p.display_name for p in participants) or text("summary.nobody", lang)
    title_key = "summary.title_final" if final else "summary.title_interim"
    return SummaryView(
        language=lang,
        final=final,
        title=text(title_key, lang, project=assessment.project_name),
        status_line=status,
        meta_line=text(
            "summary.meta",
            lang,
            date=format_date(assessment.created_at, lang),
            starter=assessment.starter_name,
            people=people,
        ),
        streefbeeld=_texts(analysis.streefbeeld) or (text("summary.no_streefbeeld", lang),),
        description=_texts(analysis.description),
        headline=_headline(analysis, lang),
        profile=_profile(analysis, lang),
        gaps=_gaps(analysis.gaps, lang),
        trade_offs=tuple(_trade_off(t, lang) for t in analysis.trade_offs),
        team_view=_team_view(analysis, lang),
        labels={
            "streefbeeld": text("summary.streefbeeld", lang),
            "description": text("summary.description", lang),
            "headline": text("summary.headline", lang),
            "profile": text("summary.profile", lang),
            "gaps": text("summary.gaps", lang, count=len(_gaps(analysis.gaps, lang))),
            "no_gaps": text("summary.no_gaps", lang),
            "trade_offs": text("summary.trade_offs", lang, count=len(analysis.trade_offs)),
            "no_trade_offs": text("summary.no_trade_offs", lang),
            "team_view": text("summary.team_view", lang),
            "all_effects": text("summary.all_effects", lang),
        },
    )


def _texts(answers: Sequence[TextAnswer]) -> tuple[str, ...]:
    return tuple(f"{a.text} — {a.author}" for a in answers)


def _names(sides: Sequence[TradeOffSide], lang: str) -> str:
    return ", ".join(
        in_sentence(side.label.get(lang)) if side.dimension else side.label.get(lang)
        for side in sides
    )


def _headline(analysis: Analysis, lang: str) -> tuple[str, ...]:
    judged = [e for e in analysis.effects if e.status is EffectStatus.JUDGED and e.direction]
    helped = [e.theme.get(lang) for e in judged if e.score is not None and e.score >= 0.5]
    harmed = [e.theme.get(lang) for e in judged if e.score is not None and e.score <= -0.5]
    lines = []
    if helped:
        lines.append("▲ " + text("summary.head_helped", lang, themes=", ".join(helped)))
    if harmed:
        lines.append("▼ " + text("summary.head_harmed", lang, themes=", ".join(harmed)))
    if not lines:
        lines.append(text("summary.head_none", lang))
    lines.append(
        text(
            "summary.head_gaps",
            lang,
            count=len(_gaps(analysis.gaps, lang)),
            tradeoffs=len(analysis.trade_offs),
        )
    )
    return tuple(lines)


def _row(effect: EffectResult, lang: str) -> ProfileRow:
    if effect.status is EffectStatus.UNKNOWN:
        direction: Effect | None = Effect.UNKNOWN
    else:
        direction = effect.direction
    return ProfileRow(
        label=effect.theme.get(lang),
        symbol=SYMBOLS[direction],
        direction=scale_label(direction.value, lang)
        if direction
        else text("summary.no_judgement", lang),
        tone=TONES[direction],
        certainty=scale_label(effect.certainty.value, lang) if effect.certainty else "",
        count=text("summary.count", lang, n=effect.respondents),
        flag=text("summary.disagree", lang) if effect.disagreement else "",
    )


def _profile(analysis: Analysis, lang: str) -> tuple[ProfileGroup, ...]:
    groups = []
    for dimension in analysis.dimensions:
        rows = tuple(_row(e, lang) for e in analysis.effects if e.dimension is dimension.dimension)
        direction = dimension.direction
        overall = (
            scale_label(direction.value, lang) if direction else text("summary.no_judgement", lang)
        )
        groups.append(
            ProfileGroup(
                title=text(f"dimension.{dimension.dimension.value}", lang),
                overall=overall,
                symbol=SYMBOLS[direction],
                tone=TONES[direction],
                rows=rows,
            )
        )
    return tuple(groups)


def _explained(item: Explanation, lang: str) -> str:
    parts = [item.author]
    if item.effect is not None:
        label = scale_label(item.effect.value, lang)
        if item.certainty is not None:
            label += f", {scale_label(item.certainty.value, lang).lower()}"
        parts.append(label)
    line = ": ".join(parts)
    return f"{line} – {item.text}" if item.text else line


def _gaps(gaps: Sequence[Gap], lang: str) -> tuple[SummaryItem, ...]:
    items: list[SummaryItem] = []
    unanswered: list[str] = []
    for gap in gaps:
        theme = (
            gap.theme.get(lang)
            if gap.theme
            else (gap.question.text.get(lang) if gap.question else "")
        )
        if gap.kind is GapKind.UNANSWERED:
            unanswered.append(theme)
        elif gap.kind is GapKind.KNOWLEDGE_GAP:
            for item in gap.detail:
                items.append(
                    SummaryItem(text("gap.knowledge", lang) + ": " + item.text, (item.author,))
                )
        else:
            title = text(f"gap.{gap.kind.value}", lang, theme=in_sentence(theme))
            items.append(SummaryItem(title, tuple(_explained(d, lang) for d in gap.detail)))
    if unanswered:
        items.append(
            SummaryItem(text("gap.unanswered", lang, count=len(unanswered)), tuple(unanswered))
        )
    return tuple(items)


_TRADE_OFF_KEYS: dict[tuple[TradeOffKind, Dimension | None], str] = {
    (TradeOffKind.THEMES, Dimension.NOW): "tradeoff.themes",
    (TradeOffKind.NOW_VS_LATER, Dimension.NOW): "tradeoff.now_later",
    (TradeOffKind.NOW_VS_LATER, Dimension.LATER): "tradeoff.later_now",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.NOW): "tradeoff.here_elsewhere",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.ELSEWHERE): "tradeoff.elsewhere_here",
    (TradeOffKind.GROUPS, None): "tradeoff.groups",
}


def _side_lines(side: TradeOffSide, lang: str) -> list[str]:
    symbol = SYMBOLS[side.direction] + " " if side.direction else ""
    head = f"{symbol}{side.label.get(lang)}"
    if side.named_by:
        head += " (" + text("tradeoff.named_by", lang, names=", ".join(side.named_by)) + ")"
    if side.contested and side.dimension is not None:
        head += " – " + text("summary.disagree", lang)
    return [head, *("   " + _explained(e, lang) for e in side.explanations)]


def _trade_off(trade_off: TradeOff, lang: str) -> SummaryItem:
    key = _TRADE_OFF_KEYS.get((trade_off.kind, trade_off.gain_dimension), "tradeoff.themes")
    title = text(
        key, lang, gains=_names(trade_off.gains, lang), losses=_names(trade_off.losses, lang)
    )
    details: list[str] = []
    for side in (*trade_off.gains, *trade_off.losses):
        details.extend(_side_lines(side, lang))
    if trade_off.contested:
        details.append(text("tradeoff.contested", lang))
    return SummaryItem(title, tuple(details))


def _team_view(analysis: Analysis, lang: str) -> tuple[SummaryItem, ...]:
    parts = (
        ("summary.accepted", analysis.accepted_trade_offs),
        ("summary.mitigation", analysis.mitigation),
        ("summary.advice", analysis.advice),
    )
    return tuple(SummaryItem(text(key, lang), _texts(answers)) for key, answers in parts if answers)
