"""The summary view: the analysis of an assessment, put into words in one language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.formatting import format_date, format_share
from dialogs.messages import plural, scale_label, text
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
    ChoiceAnswer,
    DimensionResult,
    EffectResult,
    EffectStatus,
    Explanation,
    GapKind,
    Side,
    TextAnswer,
    TradeOff,
    TradeOffKind,
    TradeOffSide,
    analyse,
)
from domain.comparison import ChangeKind, Judgement, ThemeChange, compare
from domain.coverage import Coverage
from domain.models import Assessment, AssessmentStatus
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Effect
from domain.services import Assessments
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
SPLIT_SYMBOL = "≠"

DETAIL_WORDS = frozenset({"details", "alles", "all", "detail"})
"""`samenvatting details`: the text chat, which has no buttons, shows everything."""
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


def load_round(service: Assessments, assessment: Assessment) -> RoundData:
    """Read one round (and the round before it, for the comparison) and analyse both."""
    answers = tuple(service.find.answers(assessment))
    participants = tuple(service.find.participants(assessment))
    previous = service.rounds.previous_round(assessment)
    previous_analysis = None
    if previous is not None:
        previous_analysis = analyse(
            service.bank,
            service.find.answers(previous),
            service.find.participants(previous),
            service.find.assignees(previous),
        )
    return RoundData(
        assessment=assessment,
        answers=answers,
        participants=participants,
        analysis=analyse(service.bank, answers, participants, service.find.assignees(assessment)),
        number=service.rounds.round_number(assessment),
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
    details: bool = False,
) -> SummaryView:
    """Phrase one round's analysis for a reader in `lang`, with its links when it has them.

    `details`: the text chat asked for everything (cards have buttons for that)."""
    analysis = data.analysis
    assessment = data.assessment
    final = assessment.status == AssessmentStatus.CLOSED
    counted = _counted(analysis)
    if final and assessment.closed_at is not None:
        status = plural(
            "summary.final_note",
            counted.given,
            lang,
            date=format_date(assessment.closed_at, lang),
            given=counted.given,
            asked=counted.asked,
        )
    else:
        status = plural(
            "summary.interim_note", counted.given, lang, given=counted.given, asked=counted.asked
        )
    people = ", ".join(p.display_name for p in data.participants) or text("summary.nobody", lang)
    title_key = "summary.title_final" if final else "summary.title_interim"
    empty = analysis.respondent_count == 0
    gaps = _gaps(analysis, lang)
    trade_offs = _trade_offs(analysis, lang)
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
        trade_offs=trade_offs,
        team_view=_team_view(analysis, lang),
        project=_project(analysis, lang),
        coverage_line=_coverage_line(counted, lang),
        details=details,
        labels={
            "streefbeeld": text("summary.streefbeeld", lang),
            "description": text("summary.description", lang),
            "headline": text("summary.headline", lang),
            "profile": text("summary.profile", lang),
            "gaps": text("summary.gaps", lang, count=len(gaps)),
            "no_gaps": text("summary.no_gaps", lang),
            "trade_offs": text("summary.trade_offs", lang, count=len(trade_offs)),
            "project": text("summary.project", lang),
            "parts": text("summary.parts", lang),
            "details_hint": text("summary.details_hint", lang),
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
    """The names on a trade-off side; a split theme or contested group marked "≠", as in
    the headline's "≠ Verdeeld" line, so a title never states as settled what is not."""
    return ", ".join(
        ("≠ " if side.contested else "")
        + (in_sentence(side.label.get(lang)) if side.dimension else side.label.get(lang))
        for side in sides
    )


def _counted(analysis: Analysis) -> Coverage:
    """The analysis's coverage (an analysis always carries one; an empty one otherwise)."""
    return analysis.coverage or Coverage(0, 0, 0, 0, ())


def effect_word(effect: Effect, lang: str) -> str:
    """An answer in a sentence: "sterk positief", "geen effect", "weet niet"."""
    return text(f"effect.{effect.value}", lang)


def tally_line(effect: EffectResult, lang: str) -> str:
    """ "2× negatief, 1× sterk positief, 1× weet niet": what a split theme is made of."""
    return ", ".join(
        text("summary.tally", lang, n=n, label=effect_word(answer, lang))
        for answer, n in effect.tally
    )


def verdict_label(effect: EffectResult, lang: str) -> str:
    """A theme's verdict in words: a direction, "Verdeeld", "Weet niet" or no opinion yet."""
    if effect.status is EffectStatus.SPLIT:
        return text("summary.split", lang)
    if effect.status is EffectStatus.UNKNOWN:
        return scale_label(Effect.UNKNOWN.value, lang)
    if effect.direction is None:
        return text("summary.no_judgement", lang)
    return effect_word(effect.direction, lang).capitalize()


def counts_line(effect: EffectResult, lang: str) -> str:
    """ "3 met een oordeel, 1 weet niet": counts that say what they count."""
    parts = []
    if effect.known:
        parts.append(text("summary.count", lang, n=effect.known))
    if effect.unknown_count:
        parts.append(text("summary.count_unknown", lang, n=effect.unknown_count))
    return ", ".join(parts)


def _theme_line(effect: EffectResult, lang: str) -> str:
    """A split theme with its spread: "Welzijn (2× negatief, 1× positief; de meesten: ...)"."""
    detail = tally_line(effect, lang)
    if effect.lean is not None:
        lean = text("summary.lean", lang, side=text(f"side.{effect.lean.value}", lang))
        detail += f"; {lean}"
    return f"{effect.theme.get(lang)} ({detail})"


def _headline(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """At most five lines: better, worse, split, what we do not know yet, to weigh."""
    better = [e.theme.get(lang) for e in analysis.themes(EffectStatus.JUDGED, Side.BETTER)]
    worse = [e.theme.get(lang) for e in analysis.themes(EffectStatus.JUDGED, Side.WORSE)]
    split = [_theme_line(e, lang) for e in analysis.themes(EffectStatus.SPLIT)]
    lines = []
    if better:
        lines.append("▲ " + text("summary.head_helped", lang, themes=", ".join(better)))
    if worse:
        lines.append("▼ " + text("summary.head_harmed", lang, themes=", ".join(worse)))
    if split:
        lines.append(f"{SPLIT_SYMBOL} " + text("summary.head_split", lang, themes="; ".join(split)))
    if not better and not worse and not split:
        lines.append(text("summary.head_none", lang))
    lines.append("? " + _open_points(analysis, lang))
    if analysis.trade_offs:
        first = _trade_off_title(analysis.trade_offs[0], lang)
        count = len(analysis.trade_offs)
        lines.append(
            "⇄ " + plural("summary.head_tradeoffs", count, lang, first=first, more=count - 1)
        )
    return tuple(lines)


def _open_points(analysis: Analysis, lang: str) -> str:
    """'Wat we nog niet weten: weet niet bij 3 thema's · 12 antwoorden open (Chris 10)'."""
    counts = {kind: 0 for kind in GapKind}
    for gap in analysis.gaps:
        counts[gap.kind] += 1
    # Split themes have their own line; unanswered questions show as open answers.
    shown = (GapKind.UNKNOWN, GapKind.LOW_CERTAINTY, GapKind.KNOWLEDGE_GAP)
    parts = [
        plural(f"summary.open_{kind.value}", counts[kind], lang, n=counts[kind])
        for kind in shown
        if counts[kind]
    ]
    counted = _counted(analysis)
    if counted.open:
        people = ", ".join(f"{p.name} {p.open}" for p in counted.with_open[:4])
        if counted.team_asked > counted.team_given:
            people = ", ".join(
                filter(
                    None,
                    [
                        people,
                        text(
                            "gap.open_team_short", lang, n=counted.team_asked - counted.team_given
                        ),
                    ],
                )
            )
        parts.append(
            plural("summary.open_answers", counted.open, lang, n=counted.open, people=people)
        )
    if not parts:
        return text("summary.open_none", lang)
    return text("summary.open", lang, parts=" · ".join(parts))


def _coverage_line(counted: Coverage, lang: str) -> str:
    """ "78 van de 93 antwoorden gegeven · Anna 26 van 26, Chris 10 van 29"."""
    line = text("summary.coverage", lang, given=counted.given, asked=counted.asked)
    people = ", ".join(
        text("summary.coverage_person", lang, name=p.name, given=p.given, asked=p.asked)
        for p in counted.people
        if p.asked
    )
    return f"{line} · {people}" if people else line


def _row(effect: EffectResult, lang: str) -> ProfileRow:
    if effect.status is EffectStatus.SPLIT:
        lean = (
            text("summary.lean", lang, side=text(f"side.{effect.lean.value}", lang))
            if effect.lean
            else ""
        )
        return ProfileRow(
            label=effect.theme.get(lang),
            symbol=SPLIT_SYMBOL,
            direction=f"{text('summary.split', lang)}: {tally_line(effect, lang)}",
            tone="split",
            certainty="",
            count=counts_line(effect, lang),
            flag=lean,
        )
    direction: Effect | None = (
        Effect.UNKNOWN if effect.status is EffectStatus.UNKNOWN else effect.direction
    )
    return ProfileRow(
        label=effect.theme.get(lang),
        symbol=SYMBOLS[direction],
        direction=verdict_label(effect, lang),
        tone=TONES[direction],
        certainty=scale_label(effect.certainty.value, lang) if effect.certainty else "",
        count=counts_line(effect, lang),
        flag="",
    )


def part_line(dimension: DimensionResult, lang: str) -> str:
    """A part summarised by its themes: "2 beter, 1 slechter, 4 verdeeld, 3 geen effect".

    While fewer than half its themes have an opinion it says it is too early.
    """
    if not dimension.enough and dimension.questions == 1:  # not "0 van de 1 thema's"
        return text("summary.part_too_early_single", lang)
    if not dimension.enough:
        return plural(
            "summary.part_too_early",
            dimension.with_opinion,
            lang,
            n=dimension.with_opinion,
            total=dimension.questions,
        )
    counts = (
        ("better", dimension.better),
        ("worse", dimension.worse),
        ("split", dimension.split),
        ("no_effect", dimension.no_effect),
        ("unknown", dimension.unknown_count),
        ("open", dimension.unanswered_count),
    )
    return ", ".join(text(f"summary.part_{key}", lang, n=n) for key, n in counts if n)


def _part_tone(dimension: DimensionResult) -> str:
    if not dimension.enough:
        return "none"
    return "split" if dimension.split else "neutral"


def _profile(analysis: Analysis, lang: str) -> tuple[ProfileGroup, ...]:
    notes = {
        "elsewhere": _notes("summary.spillover", analysis.spillover, lang),
        "distribution": _target_group_lines(analysis, lang),
    }
    groups = []
    for dimension in analysis.dimensions:
        rows = tuple(_row(e, lang) for e in analysis.effects if e.dimension is dimension.dimension)
        groups.append(
            ProfileGroup(
                title=text(f"dimension.{dimension.dimension.value}", lang),
                overall=part_line(dimension, lang),
                symbol="",
                tone=_part_tone(dimension),
                rows=rows,
                notes=notes.get(dimension.dimension.value, ()),
            )
        )
    return tuple(groups)


def _notes(key: str, answers: Sequence[TextAnswer], lang: str) -> tuple[str, ...]:
    """ "Afwenteling op anderen: ... — Anna" lines under a part."""
    return tuple(f"{text(key, lang)}: {line}" for line in _texts(answers))


def _group_names(labels: Sequence[str]) -> str:
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


def _target_group_lines(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """The intake's target groups held against the groups named as winners and losers."""
    targets = analysis.target_groups
    if not targets:
        return ()
    total = len(targets)
    losers = [t.label.get(lang) for t in targets if t.loses_named_by]
    gainers = [t.label.get(lang) for t in targets if t.gains_named_by]
    contested = [t.label.get(lang) for t in targets if t.contested]
    unnamed = [t.label.get(lang) for t in targets if not t.loses_named_by and not t.gains_named_by]
    lines = []
    if losers:
        lines.append(
            text("target.losers", lang, n=len(losers), total=total, groups=_group_names(losers))
        )
    if gainers:
        lines.append(
            text("target.gainers", lang, n=len(gainers), total=total, groups=_group_names(gainers))
        )
    if contested:
        lines.append(text("target.contested", lang, groups=_group_names(contested)))
    if unnamed:
        lines.append(text("target.unnamed", lang, groups=_group_names(unnamed)))
    return tuple(lines)


def _explained(item: Explanation, lang: str) -> str:
    parts = [item.author]
    if item.effect is not None:
        label = effect_word(item.effect, lang)
        if item.certainty is not None:
            label += f", {scale_label(item.certainty.value, lang).lower()}"
        parts.append(label)
    line = ": ".join(parts)
    return f"{line} – {item.text}" if item.text else line


def _gaps(analysis: Analysis, lang: str) -> tuple[SummaryItem, ...]:
    """What we do not know yet: split themes, "weet niet", uncertainty, open answers (who,
    in which part), questions nobody answered, and what the team wants to find out."""
    items: list[SummaryItem] = []
    unanswered: list[str] = []
    for gap in analysis.gaps:
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
    counted = _counted(analysis)
    if counted.open:
        people = [
            text(
                "gap.open_person",
                lang,
                name=p.name,
                n=p.open,
                parts=", ".join(f"{part.title.get(lang)} {part.open}" for part in p.open_parts),
            )
            for p in counted.with_open
        ]
        if counted.team_asked > counted.team_given:
            people.append(text("gap.open_team", lang, n=counted.team_asked - counted.team_given))
        items.append(SummaryItem(text("gap.open_answers", lang, count=counted.open), tuple(people)))
    if unanswered:
        items.append(
            SummaryItem(text("gap.unanswered", lang, count=len(unanswered)), tuple(unanswered))
        )
    for key, answers in (
        ("summary.sources", analysis.sources),
        ("summary.monitoring", analysis.monitoring),
    ):
        if answers:
            items.append(SummaryItem(text(key, lang), _texts(answers)))
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
    if side.effect is not None and side.contested:
        symbol = SPLIT_SYMBOL + " "
    elif side.side is Side.BETTER:
        symbol = "▲ "
    elif side.side is Side.WORSE:
        symbol = "▼ "
    else:
        symbol = ""
    head = f"{symbol}{side.label.get(lang)}"
    if side.named_by:
        head += " (" + text("tradeoff.named_by", lang, names=", ".join(side.named_by)) + ")"
    if side.contested and side.effect is not None:
        head += " – " + text("summary.disagree", lang) + f" ({tally_line(side.effect, lang)})"
    elif side.contested:
        head += " – " + text("summary.disagree", lang)
    lines = [head, *("   " + _explained(e, lang) for e in side.explanations)]
    # The other voices on a split theme: their reasons, and who else only gave an answer.
    lines.extend(
        "   " + text("tradeoff.other_voice", lang, voice=_explained(e, lang))
        for e in side.opposing
        if e.text
    )
    silent = [e for e in side.opposing if not e.text and e.effect is not None]
    if silent:
        voices = ", ".join(
            f"{e.author} ({effect_word(e.effect, lang)})" for e in silent if e.effect
        )
        lines.append("   " + text("tradeoff.other_voice", lang, voice=voices))
    return lines


def _trade_off_title(trade_off: TradeOff, lang: str) -> str:
    key = _TRADE_OFF_KEYS.get((trade_off.kind, trade_off.gain_dimension), "tradeoff.themes")
    return text(
        key, lang, gains=_names(trade_off.gains, lang), losses=_names(trade_off.losses, lang)
    )


def _trade_off(trade_off: TradeOff, lang: str) -> SummaryItem:
    details: list[str] = []
    for side in (*trade_off.gains, *trade_off.losses):
        details.extend(_side_lines(side, lang))
    if trade_off.contested:
        details.append(text("tradeoff.contested", lang))
    return SummaryItem(_trade_off_title(trade_off, lang), tuple(details))


def _trade_offs(analysis: Analysis, lang: str) -> tuple[SummaryItem, ...]:
    """The trade-offs from the themes, then the team's own view of what reinforces and
    what clashes (samenhang)."""
    items = [_trade_off(t, lang) for t in analysis.trade_offs]
    for key, answers in (
        ("summary.synergies", analysis.synergies),
        ("summary.conflicts", analysis.conflicts),
    ):
        if answers:
            items.append(SummaryItem(text(key, lang), _texts(answers)))
    return tuple(items)


def _team_view(analysis: Analysis, lang: str) -> tuple[SummaryItem, ...]:
    parts = (
        ("summary.accepted", analysis.accepted_trade_offs),
        ("summary.mitigation", analysis.mitigation),
        ("summary.advice", analysis.advice),
    )
    return tuple(SummaryItem(text(key, lang), _texts(answers)) for key, answers in parts if answers)


def _choices(answers: Sequence[ChoiceAnswer], lang: str) -> tuple[str, ...]:
    return tuple(
        f"{', '.join(label.get(lang) for label in a.labels)} — {a.author}" for a in answers
    )


def _project(analysis: Analysis, lang: str) -> tuple[SummaryItem, ...]:
    """The intake: what the project does, where, for whom, by when and whose it is."""
    targets = tuple(t.label.get(lang) for t in analysis.target_groups)
    parts = (
        ("summary.description", _texts(analysis.description)),
        ("summary.area", _texts(analysis.area)),
        ("summary.target_groups", (", ".join(targets),) if targets else ()),
        ("summary.time_horizon", _choices(analysis.time_horizon, lang)),
        ("summary.owner", _texts(analysis.owner)),
    )
    return tuple(SummaryItem(text(key, lang), lines) for key, lines in parts if lines)


# -- changes since the previous round ---------------------------------------------------

_CHANGE_TONES: dict[ChangeKind, str] = {
    ChangeKind.BETTER: "good",
    ChangeKind.WORSE: "bad",
    ChangeKind.NOW_JUDGED: "neutral",
    ChangeKind.NOW_UNKNOWN: "unknown",
    ChangeKind.NOW_SPLIT: "split",
    ChangeKind.SAME: "none",
    ChangeKind.NEW_QUESTION: "neutral",
    ChangeKind.NOT_ANSWERED_YET: "none",
}
_CHANGE_SYMBOLS: dict[ChangeKind, str] = {
    ChangeKind.BETTER: "▲",
    ChangeKind.WORSE: "▼",
    ChangeKind.NOW_JUDGED: "+",
    ChangeKind.NOW_UNKNOWN: "?",
    ChangeKind.NOW_SPLIT: SPLIT_SYMBOL,
    ChangeKind.SAME: "=",
    ChangeKind.NEW_QUESTION: "+",
    ChangeKind.NOT_ANSWERED_YET: "–",
}


def judgement_label(judgement: Judgement | None, lang: str) -> str:
    """A theme's judgement in words, as the profile shows it."""
    if judgement is None:
        return text("change.not_asked", lang)
    if judgement.direction is not None:
        return effect_word(judgement.direction, lang).capitalize()
    if judgement.status is EffectStatus.UNKNOWN:
        return scale_label(Effect.UNKNOWN.value, lang)
    if judgement.disagreement:
        return text("summary.split", lang)
    return text("summary.no_judgement", lang)


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
        parts.append(plural("change.unchanged", same, lang, count=same))
    if open_again:
        parts.append(text("change.not_answered_yet_list", lang, themes=", ".join(open_again)))
    if not parts and not any(change.changed for change, _ in changes):
        parts.append(text("change.none", lang))
    return " ".join(parts)


# -- the impact picture ------------------------------------------------------------------


def _cell(effect: EffectResult, lang: str) -> ImpactCell:
    """A tile says what the text says: a verdict, "Verdeeld" with its spread, "weet niet",
    or no answer; a split never gets a colour, a direction or a certainty."""
    state = {
        EffectStatus.NO_ANSWERS: "none",
        EffectStatus.UNKNOWN: "unknown",
        EffectStatus.SPLIT: "split",
        EffectStatus.JUDGED: "judged",
    }[effect.status]
    direction = effect.direction
    if state == "split":
        judged = text("picture.split", lang)
    elif direction is not None:
        judged = effect_word(direction, lang).capitalize()
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
        note=tally_line(effect, lang) if state == "split" else "",
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
        given=_counted(analysis).given,
        asked=_counted(analysis).asked,
        people=analysis.respondent_count,
    )
    legend = {e.value: effect_word(e, lang).capitalize() for e in Effect if e is not Effect.UNKNOWN}
    legend |= {
        "unknown": scale_label(Effect.UNKNOWN.value, lang),
        "none": text("picture.no_answer", lang),
        "certainty": text("picture.legend_certainty", lang),
        "split": text("picture.legend_disagreement", lang),
        "certain": scale_label("certain", lang).lower(),
        "likely": scale_label("likely", lang).lower(),
        "uncertain": scale_label("uncertain", lang).lower(),
    }
    lines = [
        f"{g.title}: "
        + "; ".join(
            f"{c.label} {c.judgement.lower()}"
            + (f", {c.certainty}" if c.certainty else "")
            + (f" ({c.note})" if c.note else "")
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
