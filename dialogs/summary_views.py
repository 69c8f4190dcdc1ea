"""The summary view: the analysis of an assessment, put into words in one language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.formatting import format_date, format_share
from dialogs.messages import scale_label, text
from dialogs.views import (
    ChangeRow,
    ImpactCell,
    ImpactGroup,
    ImpactPicture,
    ProfileGroup,
    ProfileRow,
    SummaryItem,
    SummaryView,
)
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
from domain.assessment import AssessmentService
from domain.comparison import ChangeKind, Judgement, ThemeChange, compare
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Effect
from questions.model import Dimension, QuestionBank

__all__ = [
    "RoundData",
    "build_summary",
    "format_date",
    "format_share",
    "load_round",
    "summarise_round",
]

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


def in_sentence(label: str) -> str:
    """A theme label inside a sentence: first letter small, proper nouns ("Nederland") kept."""
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class RoundData:
    """One round of an assessment with everything its summary and report need."""

    assessment: Assessment
    answers: tuple[AnswerRecord, ...]
    participants: tuple[ParticipantRecord, ...]
    analysis: Analysis
    number: int  # 1 for the first round, 2 for the first re-assessment, ...
    previous: Assessment | None = None
    previous_analysis: Analysis | None = None


def load_round(service: AssessmentService, assessment: Assessment) -> RoundData:
    """Read one round (and the round before it, for the comparison) and analyse both."""
    answers = tuple(service.answers(assessment))
    participants = tuple(service.participants(assessment))
    previous = service.previous_round(assessment)
    previous_analysis = None
    if previous is not None:
        previous_analysis = analyse(
            service.bank, service.answers(previous), service.participants(previous)
        )
    return RoundData(
        assessment=assessment,
        answers=answers,
        participants=participants,
        analysis=analyse(service.bank, answers, participants),
        number=service.round_number(assessment),
        previous=previous,
        previous_analysis=previous_analysis,
    )


def project_title(data: RoundData, lang: str) -> str:
    """The project name, with the round from the second round on."""
    name = data.assessment.project_name
    return (
        text("summary.round_title", lang, project=name, n=data.number) if data.number > 1 else name
    )


def build_summary(
    bank: QuestionBank,
    assessment: Assessment,
    answers: Sequence[AnswerRecord],
    participants: Sequence[ParticipantRecord],
    lang: str,
) -> SummaryView:
    """The summary of a first round (no comparison, no links) from its stored answers."""
    data = RoundData(
        assessment,
        tuple(answers),
        tuple(participants),
        analyse(bank, answers, participants),
        number=1,
    )
    return summarise_round(bank, data, lang)


def summarise_round(
    bank: QuestionBank,
    data: RoundData,
    lang: str,
    *,
    report_url: str = "",
    image_url: str = "",
) -> SummaryView:
    """Phrase one round's analysis for a reader in `lang`, with its links when it has them."""
    analysis = data.analysis
    assessment = data.assessment
    final = assessment.status == AssessmentStatus.CLOSED
    share = format_share(analysis.answered_share, lang)
    if final and assessment.closed_at is not None:
        status = text(
            "summary.final_note", lang, date=format_date(assessment.closed_at, lang), share=share
        )
    else:
        status = text("summary.interim_note", lang, share=share)
    people = ", ".join(p.display_name for p in data.participants) or text("summary.nobody", lang)
    title_key = "summary.title_final" if final else "summary.title_interim"
    empty = analysis.respondent_count == 0
    gaps = _gaps(analysis.gaps, lang)
    changes = _changes(data, lang)
    changed = tuple(row for change, row in changes if change.changed)
    return SummaryView(
        language=lang,
        final=final,
        title=text(title_key, lang, project=project_title(data, lang)),
        status_line=status,
        meta_line=text(
            "summary.meta",
            lang,
            date=format_date(assessment.created_at, lang),
            starter=assessment.starter_name,
            people=people,
        ),
        streefbeeld=_carried(analysis.streefbeeld, data, "streefbeeld", lang)
        or (text("summary.no_streefbeeld", lang),),
        description=_carried(analysis.description, data, "description", lang),
        headline=(text("summary.nobody_answered", lang),) if empty else _headline(analysis, lang),
        profile=_profile(analysis, lang),
        gaps=gaps,
        trade_offs=tuple(_trade_off(t, lang) for t in analysis.trade_offs),
        team_view=_team_view(analysis, lang),
        labels={
            "streefbeeld": text("summary.streefbeeld", lang),
            "description": text("summary.description", lang),
            "headline": text("summary.headline", lang),
            "profile": text("summary.profile", lang),
            "gaps": text("summary.gaps", lang, count=len(gaps)),
            "no_gaps": text("summary.no_gaps", lang),
            "trade_offs": text("summary.trade_offs", lang, count=len(analysis.trade_offs)),
            "no_trade_offs": text("summary.no_trade_offs", lang),
            "team_view": text("summary.team_view", lang),
            "all_effects": text("summary.all_effects", lang),
            "open_report": text("summary.open_report", lang),
            "picture": text("summary.picture", lang),
            "picture_alt": text("summary.picture_alt", lang),
            "more": text("summary.more" if report_url else "summary.more_no_report", lang, n="{n}"),
        },
        empty=empty,
        changes_title=_changes_title(data, lang),
        changes=changed,
        unchanged_line=_unchanged_line(changes, lang),
        picture=impact_picture(data, lang),
        image_url=image_url,
        report_url=report_url,
    )


def _carried(
    answers: Sequence[TextAnswer], data: RoundData, role: str, lang: str
) -> tuple[str, ...]:
    """This round's streefbeeld (or description); else the previous round's, marked so."""
    if answers or data.previous_analysis is None:
        return _texts(answers)
    earlier = getattr(data.previous_analysis, role)
    mark = text("summary.from_round", lang, n=data.number - 1)
    return tuple(f"{line} ({mark})" for line in _texts(earlier))


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
    split = [e.theme.get(lang) for e in analysis.effects if e.disagreement]
    lines = []
    if helped:
        lines.append("▲ " + text("summary.head_helped", lang, themes=", ".join(helped)))
    if harmed:
        lines.append("▼ " + text("summary.head_harmed", lang, themes=", ".join(harmed)))
    if split:
        lines.append("≠ " + text("summary.head_split", lang, themes=", ".join(split)))
    if not helped and not harmed:
        lines.append(text("summary.head_none", lang))
    lines.append(_open_points(analysis, lang))
    count = len(analysis.trade_offs)
    if count:
        lines.append(
            text(
                "summary.head_tradeoffs_one" if count == 1 else "summary.head_tradeoffs",
                lang,
                count=count,
            )
        )
    return tuple(lines)


def _open_points(analysis: Analysis, lang: str) -> str:
    """'Nog open: oneens over 5 thema's · weet niet bij 4 · ...': the gaps per kind."""
    counts = {kind: 0 for kind in GapKind}
    for gap in analysis.gaps:
        counts[gap.kind] += 1
    parts = [
        text(
            f"summary.open_{kind.value}" + ("_one" if counts[kind] == 1 else ""),
            lang,
            n=counts[kind],
        )
        for kind in GapKind
        if counts[kind]
    ]
    if not parts:
        return text("summary.open_none", lang)
    return text("summary.open", lang, parts=" · ".join(parts))


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


# -- changes since the previous round ---------------------------------------------------

_CHANGE_TONES: dict[ChangeKind, str] = {
    ChangeKind.BETTER: "good",
    ChangeKind.WORSE: "bad",
    ChangeKind.NOW_JUDGED: "neutral",
    ChangeKind.NOW_UNKNOWN: "unknown",
    ChangeKind.SAME: "none",
    ChangeKind.NEW_QUESTION: "neutral",
    ChangeKind.NOT_ANSWERED_YET: "none",
}
_CHANGE_SYMBOLS: dict[ChangeKind, str] = {
    ChangeKind.BETTER: "▲",
    ChangeKind.WORSE: "▼",
    ChangeKind.NOW_JUDGED: "+",
    ChangeKind.NOW_UNKNOWN: "?",
    ChangeKind.SAME: "=",
    ChangeKind.NEW_QUESTION: "+",
    ChangeKind.NOT_ANSWERED_YET: "–",
}


def judgement_label(judgement: Judgement | None, lang: str) -> str:
    """A theme's judgement in words, as the profile shows it."""
    if judgement is None:
        return text("change.not_asked", lang)
    if judgement.direction is not None:
        label = scale_label(judgement.direction.value, lang)
    elif judgement.status is EffectStatus.UNKNOWN:
        label = scale_label(Effect.UNKNOWN.value, lang)
    else:
        label = text("summary.no_judgement", lang)
    if judgement.disagreement:
        label += f" ({text('summary.disagree', lang)})"
    return label


def _change_row(change: ThemeChange, lang: str) -> ChangeRow:
    return ChangeRow(
        label=change.theme.get(lang),
        dimension=text(f"dimension.{change.dimension.value}", lang) if change.dimension else "",
        before=judgement_label(change.before, lang),
        now=judgement_label(change.now, lang),
        kind=change.kind.value,
        kind_label=text(f"change.{change.kind.value}", lang),
        tone=_CHANGE_TONES[change.kind],
    )


def change_line(row: ChangeRow) -> str:
    """ "▼ Gezondheid: Positief → Negatief (slechter)": a change in one readable line."""
    symbol = _CHANGE_SYMBOLS[ChangeKind(row.kind)]
    return f"{symbol} {row.label}: {row.before} → {row.now} ({row.kind_label})"


def _changes(data: RoundData, lang: str) -> list[tuple[ThemeChange, ChangeRow]]:
    if data.previous_analysis is None:
        return []
    return [(c, _change_row(c, lang)) for c in compare(data.previous_analysis, data.analysis)]


def all_change_rows(data: RoundData, lang: str) -> tuple[ChangeRow, ...]:
    """Every theme before and now (changed first), for the report's full table."""
    return tuple(row for _, row in _changes(data, lang))


def _changes_title(data: RoundData, lang: str) -> str:
    previous = data.previous
    if previous is None or data.previous_analysis is None:
        return ""
    if previous.closed_at is not None:
        return text(
            "change.title_closed",
            lang,
            n=data.number - 1,
            date=format_date(previous.closed_at, lang),
        )
    return text("change.title", lang, n=data.number - 1)


def _unchanged_line(changes: list[tuple[ThemeChange, ChangeRow]], lang: str) -> str:
    """How many themes stayed the same, and which ones nobody answered again yet."""
    if not changes:
        return ""
    same = sum(1 for change, _ in changes if change.kind is ChangeKind.SAME)
    open_again = [
        row.label for change, row in changes if change.kind is ChangeKind.NOT_ANSWERED_YET
    ]
    parts = []
    if same:
        parts.append(
            text("change.unchanged_one", lang)
            if same == 1
            else text("change.unchanged", lang, count=same)
        )
    if open_again:
        parts.append(text("change.not_answered_yet_list", lang, themes=", ".join(open_again)))
    if not parts and not any(change.changed for change, _ in changes):
        parts.append(text("change.none", lang))
    return " ".join(parts)


# -- the impact picture ------------------------------------------------------------------


def _cell(effect: EffectResult, lang: str) -> ImpactCell:
    if effect.status is EffectStatus.NO_ANSWERS:
        state = "none"
    elif effect.status is EffectStatus.UNKNOWN:
        state = "unknown"
    elif effect.disagreement:
        state = "disagreement"
    else:
        state = "judged"
    direction = effect.direction if state in ("judged", "disagreement") else None
    if direction is not None:
        judged = scale_label(direction.value, lang)
    elif state == "unknown":
        judged = scale_label(Effect.UNKNOWN.value, lang)
    else:
        judged = text("picture.no_answer", lang)
    certainty = effect.certainty if direction is not None else None
    return ImpactCell(
        label=effect.theme.get(lang),
        judgement=judged,
        certainty=scale_label(certainty.value, lang).lower() if certainty else "",
        state=state,
        direction=direction.value if direction else "",
        certainty_level=certainty.level if certainty else -1,
        note=text("summary.disagree", lang) if effect.disagreement else "",
    )


def impact_picture(data: RoundData, lang: str) -> ImpactPicture:
    """The picture's content: every theme per dimension, with the words the text uses."""
    analysis = data.analysis
    groups = tuple(
        ImpactGroup(
            title=text(f"dimension.{dimension.dimension.value}", lang),
            cells=tuple(
                _cell(e, lang) for e in analysis.effects if e.dimension is dimension.dimension
            ),
        )
        for dimension in analysis.dimensions
    )
    final = data.assessment.status == AssessmentStatus.CLOSED
    subtitle = text(
        "picture.subtitle_final" if final else "picture.subtitle_interim",
        lang,
        share=format_share(analysis.answered_share, lang),
        people=analysis.respondent_count,
    )
    legend = {e.value: scale_label(e.value, lang) for e in Effect if e is not Effect.UNKNOWN}
    legend |= {
        "unknown": scale_label(Effect.UNKNOWN.value, lang),
        "none": text("picture.no_answer", lang),
        "certainty": text("picture.legend_certainty", lang),
        "disagreement": text("picture.legend_disagreement", lang),
        "certain": scale_label("certain", lang).lower(),
        "likely": scale_label("likely", lang).lower(),
        "uncertain": scale_label("uncertain", lang).lower(),
    }
    lines = [
        f"{g.title}: "
        + "; ".join(
            f"{c.label} {c.judgement.lower()}"
            + (f", {c.certainty}" if c.certainty else "")
            + (f", {c.note}" if c.note else "")
            for c in g.cells
        )
        for g in groups
    ]
    return ImpactPicture(
        language=lang,
        title=text("picture.title", lang, project=project_title(data, lang)),
        subtitle=subtitle,
        groups=groups,
        legend=legend,
        alt_text=text("picture.alt", lang) + " " + ". ".join(lines) + ".",
    )
