"""The "paragraaf brede welvaart": the summary's analysis written as sentences.

This is the one place that maps the analysis (domain/analysis.py) to the paragraph's
sentences, so the paragraph never states a verdict the summary does not: a theme the
team is split on is written as a disagreement with its spread, "weet niet" as an open
question, and every judgement with how many gave it. The headings and fixed sentences
come from the municipality's template (questions/paragraph/); the template only arranges
the values of `ParagraphContext`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from dialogs.formatting import format_date, format_share
from dialogs.messages import names_list, plural, scale_label, text
from dialogs.summary_views import (
    RoundData,
    counts_line,
    effect_word,
    in_sentence,
    part_line,
    project_title,
)
from dialogs.views import ParagraphView
from domain.analysis import (
    Analysis,
    EffectResult,
    EffectStatus,
    GapKind,
    Side,
    TargetGroup,
    TextAnswer,
    TradeOff,
    TradeOffKind,
    TradeOffSide,
    side_of,
)
from domain.coverage import Coverage
from domain.models import AssessmentStatus
from domain.scale import Effect
from questions.model import Dimension
from questions.paragraph_template import ParagraphTemplates, plain_text


@dataclass(frozen=True)
class ParagraphContext:
    """What a paragraph template may use: each field is one placeholder.

    Texts are in the paragraph's language; tuples hold one sentence or one typed answer
    each. A template that names anything else is refused at start-up.
    """

    language: str
    project: str
    round: int  # 1 for the first round
    concept: bool  # not closed yet: the paragraph is a draft
    given: int  # answers given (each person's own questions; team questions once)
    asked: int  # answers asked
    answered_share: str  # given / asked: "84%"
    started: str  # "29 november 2026"
    closed: str  # "" while open
    participants: tuple[str, ...]  # every participant's name
    respondent_count: int  # participants who answered at least one question
    participant_count: int
    not_yet: tuple[str, ...]  # participants without any answer yet
    coverage_people: tuple[str, ...]  # "Chris Jansen 10 van 29", per participant
    description: tuple[str, ...]
    streefbeeld: tuple[str, ...]
    area: tuple[str, ...]
    target_groups: tuple[str, ...]  # the intake's target groups
    time_horizon: tuple[str, ...]
    owner: tuple[str, ...]
    now: tuple[str, ...]  # sentences on hier en nu: the part's count, then its themes
    later: tuple[str, ...]
    elsewhere: tuple[str, ...]
    distribution: tuple[str, ...]
    groups: tuple[str, ...]  # groups that gain and lose; target groups held against them
    afwenteling: tuple[str, ...]  # burdens shifted onto others, as typed
    synergies: tuple[str, ...]
    conflicts: tuple[str, ...]
    trade_offs: tuple[str, ...]  # one sentence per trade-off, split themes named
    accepted: tuple[str, ...]
    mitigation: tuple[str, ...]
    advice: tuple[str, ...]
    open_questions: tuple[str, ...]  # split, weet niet, uncertainty, open answers
    knowledge_gaps: tuple[str, ...]  # what the team wrote it does not know yet
    sources: tuple[str, ...]
    monitoring: tuple[str, ...]

    def values(self) -> dict[str, Any]:
        """The template's variables."""
        return asdict(self)


PARAGRAPH_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ParagraphContext))


def sample_contexts() -> tuple[dict[str, Any], ...]:
    """Two contexts to try a template with at start-up: everything filled, and nothing.

    So a template that only breaks with an empty list (or a full one) is found before
    anyone asks for a paragraph.
    """
    full: dict[str, Any] = {}
    empty: dict[str, Any] = {}
    for field in fields(ParagraphContext):
        kind = str(field.type)
        if kind == "bool":
            full[field.name], empty[field.name] = True, False
        elif kind == "int":
            full[field.name], empty[field.name] = 3, 0
        elif kind.startswith("tuple"):
            full[field.name], empty[field.name] = (f"{field.name} 1", f"{field.name} 2"), ()
        else:
            full[field.name], empty[field.name] = field.name, ""
    full["language"] = empty["language"] = "nl"
    return full, empty


def paragraph_context(data: RoundData, lang: str) -> ParagraphContext:
    """The analysis of one round in sentences, in `lang` (the analysis carries every part
    of the bank the paragraph needs)."""
    analysis = data.analysis
    assessment = data.assessment
    closed = assessment.status == AssessmentStatus.CLOSED and assessment.closed_at is not None
    counted = analysis.coverage or Coverage(0, 0, 0, 0, ())
    return ParagraphContext(
        language=lang,
        project=assessment.project_name,
        round=data.number,
        concept=not closed,
        given=counted.given,
        asked=counted.asked,
        answered_share=format_share(counted.share, lang),
        started=format_date(assessment.created_at, lang),
        closed=format_date(assessment.closed_at, lang) if closed and assessment.closed_at else "",
        participants=tuple(p.display_name for p in data.participants),
        respondent_count=analysis.respondent_count,
        participant_count=analysis.participant_count,
        not_yet=analysis.non_respondents,
        coverage_people=tuple(
            text("summary.coverage_person", lang, name=p.name, given=p.given, asked=p.asked)
            for p in counted.people
            if p.asked
        ),
        description=_carried(data, "description", lang),
        streefbeeld=_carried(data, "streefbeeld", lang),
        area=_texts(analysis.area, lang),
        target_groups=tuple(t.label.get(lang) for t in analysis.target_groups),
        time_horizon=tuple(
            ", ".join(label.get(lang) for label in answer.labels)
            for answer in analysis.time_horizon
        ),
        owner=_texts(analysis.owner, lang),
        now=_dimension(analysis, Dimension.NOW, lang),
        later=_dimension(analysis, Dimension.LATER, lang),
        elsewhere=_dimension(analysis, Dimension.ELSEWHERE, lang),
        distribution=_dimension(analysis, Dimension.DISTRIBUTION, lang),
        groups=(*_groups(analysis, lang), *_target_groups(analysis, lang)),
        afwenteling=_texts(analysis.spillover, lang),
        synergies=_texts(analysis.synergies, lang),
        conflicts=_texts(analysis.conflicts, lang),
        trade_offs=tuple(
            _trade_off(t, lang) for t in analysis.trade_offs if t.kind is not TradeOffKind.GROUPS
        ),
        accepted=_texts(analysis.accepted_trade_offs, lang),
        mitigation=_texts(analysis.mitigation, lang),
        advice=_texts(analysis.advice, lang),
        open_questions=_open_questions(analysis, counted, lang),
        knowledge_gaps=_texts(analysis.knowledge_gaps, lang),
        sources=_texts(analysis.sources, lang),
        monitoring=_texts(analysis.monitoring, lang),
    )


def build_paragraph(
    templates: ParagraphTemplates,
    data: RoundData,
    lang: str,
    *,
    docx_url: str = "",
    text_url: str = "",
    linkable: bool = True,
) -> ParagraphView:
    """The paragraph of one round as a view: its blocks, its text and where to get it.

    `linkable` False: the bot has no public address, so the view says why there is no
    link (the terminal chat writes the file instead and says where).
    """
    context = paragraph_context(data, lang)
    blocks = templates.render(lang, context.values())
    if context.concept:
        status = text(
            "paragraph.status_interim",
            lang,
            given=context.given,
            asked=context.asked,
            share=context.answered_share,
        )
    else:
        status = text(
            "paragraph.status_final",
            lang,
            date=context.closed,
            given=context.given,
            asked=context.asked,
        )
    return ParagraphView(
        language=lang,
        title=text("paragraph.title", lang, project=project_title(data, lang)),
        status_line=status,
        blocks=blocks,
        text=plain_text(blocks),
        file_name=paragraph_file_name(data.assessment.project_name, data.number, lang, "docx"),
        docx_url=docx_url,
        text_url=text_url,
        labels={
            "intro": text("paragraph.intro", lang),
            "download_docx": text("paragraph.download_docx", lang),
            "download_text": text("paragraph.download_text", lang),
            "show_text": text("paragraph.show_text", lang),
            "too_long": text("paragraph.too_long", lang),
            "no_link": "" if docx_url or not linkable else text("paragraph.no_link", lang),
            "revocable": text("paragraph.revocable", lang) if docx_url else "",
            "saved_as": text("paragraph.saved_as", lang, path="{path}"),
        },
    )


def paragraph_file_name(project: str, round_number: int, lang: str, extension: str) -> str:
    """ "breedbeeld-paragraaf-fietspad-assen-zuid-1.docx": ASCII only, safe in a header."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-")[:60] or "project"
    return text("paragraph.file_name", lang, slug=slug, round=round_number, extension=extension)


# -- the sentences ------------------------------------------------------------------------


def _texts(answers: Sequence[TextAnswer], lang: str) -> tuple[str, ...]:
    """Typed answers as they were written; the author named when several people wrote one."""
    authors = {a.author for a in answers}
    if len(authors) <= 1:
        return tuple(a.text for a in answers)
    return tuple(text("paragraph.by", lang, text=a.text, name=a.author) for a in answers)


def _carried(data: RoundData, role: str, lang: str) -> tuple[str, ...]:
    """This round's description or streefbeeld; else the previous round's, marked so (as
    the summary does), so a new round does not read as if the team had none."""
    answers: Sequence[TextAnswer] = getattr(data.analysis, role)
    if answers or data.previous_analysis is None:
        return _texts(answers, lang)
    mark = text("summary.from_round", lang, n=data.number - 1)
    return tuple(f"{line} ({mark})" for line in _texts(getattr(data.previous_analysis, role), lang))


def _theme(effect: EffectResult, lang: str) -> str:
    return in_sentence(effect.theme.get(lang))


_STRONG = frozenset({Effect.STRONGLY_POSITIVE, Effect.STRONGLY_NEGATIVE})


def _item(effect: EffectResult, lang: str) -> str:
    """ "welzijn (sterk positief, onzeker, 4 met een oordeel, 1 weet niet)": "sterk" only
    when the verdict is, its certainty and counts as the summary gives them."""
    said = []
    if effect.direction in _STRONG and effect.direction is not None:
        said.append(effect_word(effect.direction, lang))
    if effect.certainty is not None:
        said.append(scale_label(effect.certainty.value, lang).lower())
    said.append(counts_line(effect, lang))
    return f"{_theme(effect, lang)} ({', '.join(said)})"


def _spread(effect: EffectResult, lang: str) -> str:
    """ "2× positief (Anna, Chris), 1× sterk negatief (Bram)": every voice, in the order
    of the summary's tally, and the side most lean to when one clearly has it."""
    names: dict[Effect, list[str]] = {}
    for answer in effect.answers:
        if answer.effect is not None:
            names.setdefault(answer.effect, []).append(answer.author)
    parts = [
        text(
            "paragraph.voices",
            lang,
            tally=text("summary.tally", lang, n=n, label=effect_word(answer, lang)),
            names=", ".join(names.get(answer, ())),
        )
        for answer, n in effect.tally
    ]
    spread = ", ".join(parts)
    if effect.lean is not None:
        lean = text("summary.lean", lang, side=text(f"side.{effect.lean.value}", lang))
        spread += f"; {lean}"
    return spread


def _dimension(analysis: Analysis, dimension: Dimension, lang: str) -> tuple[str, ...]:
    """One part: its themes counted (as the summary does), then better, worse, no effect,
    every split theme with its voices, "weet niet" as an open question, and silence."""
    part = next((d for d in analysis.dimensions if d.dimension is dimension), None)
    effects = [e for e in analysis.effects if e.dimension is dimension]
    if part is None or not effects:
        return ()
    line = part_line(part, lang)
    sentences = [text("paragraph.part", lang, line=line) if part.enough else f"{line}."]
    judged = [e for e in effects if e.status is EffectStatus.JUDGED and e.direction is not None]
    for key, side in (
        ("paragraph.better", Side.BETTER),
        ("paragraph.worse", Side.WORSE),
        ("paragraph.neutral", Side.NO_EFFECT),
    ):
        group = [e for e in judged if e.direction is not None and side_of(e.direction) is side]
        if group:
            items = names_list([_item(e, lang) for e in group], lang)
            sentences.append(text(key, lang, items=items))
    for effect in effects:
        if effect.status is EffectStatus.SPLIT:
            sentences.append(
                text(
                    "paragraph.split",
                    lang,
                    theme=_theme(effect, lang),
                    spread=_spread(effect, lang),
                )
            )
    unknown = [_theme(e, lang) for e in effects if e.status is EffectStatus.UNKNOWN]
    if unknown:
        sentences.append(text("paragraph.unknown", lang, themes=names_list(unknown, lang)))
    silent = [_theme(e, lang) for e in effects if e.status is EffectStatus.NO_ANSWERS]
    if silent:
        sentences.append(text("paragraph.unanswered_themes", lang, themes=names_list(silent, lang)))
    return tuple(sentences)


def _group_label(side: TradeOffSide | TargetGroup, lang: str) -> str:
    return in_sentence(side.label.get(lang))


def _groups(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """Groups that gain and lose, each with how many named it; a group on both sides is
    named as contested, never counted on one side."""
    sentences: list[str] = []
    for trade_off in analysis.trade_offs:
        if trade_off.kind is not TradeOffKind.GROUPS:
            continue
        for key, sides in (
            ("paragraph.groups_gain", trade_off.gains),
            ("paragraph.groups_lose", trade_off.losses),
        ):
            named = [
                text("paragraph.group_named", lang, group=_group_label(s, lang), n=s.count)
                for s in sides
                if not s.contested
            ]
            if named:
                sentences.append(text(key, lang, groups="; ".join(named)))
        contested = [_group_label(s, lang) for s in trade_off.gains if s.contested]
        if contested:
            sentences.append(
                text("paragraph.group_contested", lang, groups=names_list(contested, lang))
            )
    return tuple(sentences)


def _target_groups(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """The intake's target groups held against the groups named as winners and losers,
    in the summary's words."""
    targets = analysis.target_groups
    if not targets:
        return ()
    total = len(targets)
    lines = []
    for key, chosen in (
        ("target.losers", [t for t in targets if t.loses_named_by]),
        ("target.gainers", [t for t in targets if t.gains_named_by]),
    ):
        if chosen:
            groups = ", ".join(_group_label(t, lang) for t in chosen)
            lines.append(text(key, lang, n=len(chosen), total=total, groups=groups))
    for key, chosen in (
        ("target.contested", [t for t in targets if t.contested]),
        ("target.unnamed", [t for t in targets if not t.loses_named_by and not t.gains_named_by]),
    ):
        if chosen:
            lines.append(text(key, lang, groups=", ".join(_group_label(t, lang) for t in chosen)))
    return tuple(lines)


_TRADE_OFF_KEYS: dict[tuple[TradeOffKind, Dimension | None], str] = {
    (TradeOffKind.THEMES, Dimension.NOW): "tradeoff.themes",
    (TradeOffKind.NOW_VS_LATER, Dimension.NOW): "tradeoff.now_later",
    (TradeOffKind.NOW_VS_LATER, Dimension.LATER): "tradeoff.later_now",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.NOW): "tradeoff.here_elsewhere",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.ELSEWHERE): "tradeoff.elsewhere_here",
}


def _side_names(sides: Sequence[TradeOffSide], lang: str) -> str:
    return ", ".join(in_sentence(s.label.get(lang)) for s in sides)


def _trade_off(trade_off: TradeOff, lang: str) -> str:
    """One trade-off in the summary's words, honest about the split themes in it.

    A split theme stands on both sides in the analysis (the team argued both ways). Each
    side is named by the themes the team agrees on, or, when it has none, by its split
    themes. A trade-off with a side that only split themes fill is "possible": it rests
    on a disagreement, and the sentence says on which themes.
    """
    key = _TRADE_OFF_KEYS.get((trade_off.kind, trade_off.gain_dimension), "tradeoff.themes")
    gains = [s for s in trade_off.gains if not s.contested] or list(trade_off.gains)
    losses = [s for s in trade_off.losses if not s.contested] or list(trade_off.losses)
    said = text(key, lang, gains=_side_names(gains, lang), losses=_side_names(losses, lang))
    split = list(
        dict.fromkeys(
            in_sentence(s.label.get(lang))
            for s in (*trade_off.gains, *trade_off.losses)
            if s.contested
        )
    )
    if not split:
        return text("paragraph.trade_off", lang, trade_off=said)
    settled = any(not s.contested for s in gains) and any(not s.contested for s in losses)
    if settled:
        return text(
            "paragraph.trade_off_also_split", lang, trade_off=said, themes=names_list(split, lang)
        )
    return text(
        "paragraph.trade_off_possible",
        lang,
        trade_off=in_sentence(said),
        themes=names_list(split, lang),
    )


def _open_questions(analysis: Analysis, counted: Coverage, lang: str) -> tuple[str, ...]:
    """What is still open: splits to find out, "weet niet", uncertainty, questions nobody
    answered, and who still has answers open in which part."""
    themes: dict[GapKind, list[str]] = {}
    unanswered = 0
    for gap in analysis.gaps:
        if gap.kind is GapKind.UNANSWERED:
            unanswered += 1
        elif gap.kind is not GapKind.KNOWLEDGE_GAP and gap.theme is not None:
            themes.setdefault(gap.kind, []).append(in_sentence(gap.theme.get(lang)))
    sentences = []
    for kind, key in (
        (GapKind.DISAGREEMENT, "paragraph.open_split"),
        (GapKind.UNKNOWN, "paragraph.open_unknown"),
    ):
        if themes.get(kind):
            sentences.append(text(key, lang, themes=names_list(themes[kind], lang)))
    uncertain = len(themes.get(GapKind.LOW_CERTAINTY, ()))
    if uncertain:
        sentences.append(plural("paragraph.open_low_certainty", uncertain, lang, n=uncertain))
    if unanswered:
        sentences.append(plural("paragraph.open_unanswered", unanswered, lang, count=unanswered))
    if counted.open:
        busy = counted.with_open
        people = [f"{p.name} {p.open}" for p in busy]
        if counted.team_asked > counted.team_given:
            people.append(
                text("paragraph.open_team", lang, n=counted.team_asked - counted.team_given)
            )
        parts = dict.fromkeys(part.title.get(lang) for p in busy for part in p.open_parts)
        sentences.append(
            plural(
                "paragraph.open_answers",
                counted.open,
                lang,
                n=counted.open,
                people=names_list(people, lang),
                parts=names_list(list(parts), lang),
            )
        )
    return tuple(sentences)
