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
from dialogs.messages import names_list, scale_label, text
from dialogs.summary_views import RoundData, in_sentence, project_title
from dialogs.views import ParagraphView
from domain.analysis import (
    HARMED,
    HELPED,
    Analysis,
    EffectResult,
    EffectStatus,
    GapKind,
    TextAnswer,
    TradeOff,
    TradeOffKind,
    TradeOffSide,
)
from domain.models import AssessmentStatus
from domain.scale import EFFECT_ORDER, AnswerType, Effect
from questions.model import Dimension, QuestionBank
from questions.paragraph_template import ParagraphTemplates, plain_text

# Text questions the analysis does not carry yet (issue 16 adds afwenteling, samenhang and
# kennis to it); read here by question id until then, in this one place.
_AFWENTELING = "elders.afwenteling"
_SOURCES = "kennis.bronnen"
_MONITORING = "kennis.monitoring"
_SYNERGIES = "samenhang.versterking"
_CONFLICTS = "samenhang.botsing"


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
    answered: int  # questions with at least one answer
    asked: int  # questions in the bank
    answered_share: str  # "83%"
    started: str  # "29 november 2026"
    closed: str  # "" while open
    participants: tuple[str, ...]  # every participant's name
    respondent_count: int  # participants who answered at least one question
    participant_count: int
    not_yet: tuple[str, ...]  # participants without any answer yet
    description: tuple[str, ...]
    streefbeeld: tuple[str, ...]
    now: tuple[str, ...]  # sentences on hier en nu
    later: tuple[str, ...]
    elsewhere: tuple[str, ...]
    distribution: tuple[str, ...]  # sentences on the distribution themes
    groups: tuple[str, ...]  # groups that gain and lose, contested groups named
    afwenteling: tuple[str, ...]  # burdens shifted to others, as typed
    synergies: tuple[str, ...]
    conflicts: tuple[str, ...]
    trade_offs: tuple[str, ...]  # one sentence per trade-off
    accepted: tuple[str, ...]
    mitigation: tuple[str, ...]
    advice: tuple[str, ...]
    open_questions: tuple[str, ...]  # weet niet, splits, uncertainty, unanswered
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


def paragraph_context(bank: QuestionBank, data: RoundData, lang: str) -> ParagraphContext:
    """The analysis of one round in sentences, in `lang`."""
    analysis = data.analysis
    assessment = data.assessment
    closed = assessment.status == AssessmentStatus.CLOSED and assessment.closed_at is not None
    answered = sum(s.answered for s in analysis.sections)
    asked = sum(s.questions for s in analysis.sections)
    return ParagraphContext(
        language=lang,
        project=assessment.project_name,
        round=data.number,
        concept=not closed,
        answered=answered,
        asked=asked,
        answered_share=format_share(analysis.answered_share, lang),
        started=format_date(assessment.created_at, lang),
        closed=format_date(assessment.closed_at, lang) if closed and assessment.closed_at else "",
        participants=tuple(p.display_name for p in data.participants),
        respondent_count=analysis.respondent_count,
        participant_count=analysis.participant_count,
        not_yet=analysis.non_respondents,
        description=_texts(analysis.description, lang),
        streefbeeld=_texts(analysis.streefbeeld, lang),
        now=_dimension(analysis, Dimension.NOW, lang),
        later=_dimension(analysis, Dimension.LATER, lang),
        elsewhere=_dimension(analysis, Dimension.ELSEWHERE, lang),
        distribution=_dimension(analysis, Dimension.DISTRIBUTION, lang),
        groups=_groups(analysis, lang),
        afwenteling=_typed(bank, data, _AFWENTELING, lang),
        synergies=_typed(bank, data, _SYNERGIES, lang),
        conflicts=_typed(bank, data, _CONFLICTS, lang),
        trade_offs=tuple(
            _trade_off(t, lang) for t in analysis.trade_offs if t.kind is not TradeOffKind.GROUPS
        ),
        accepted=_texts(analysis.accepted_trade_offs, lang),
        mitigation=_texts(analysis.mitigation, lang),
        advice=_texts(analysis.advice, lang),
        open_questions=_open_questions(analysis, lang),
        knowledge_gaps=_texts(analysis.knowledge_gaps, lang),
        sources=_typed(bank, data, _SOURCES, lang),
        monitoring=_typed(bank, data, _MONITORING, lang),
    )


def build_paragraph(
    templates: ParagraphTemplates,
    bank: QuestionBank,
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
    context = paragraph_context(bank, data, lang)
    blocks = templates.render(lang, context.values())
    share = context.answered_share
    if context.concept:
        status = text(
            "paragraph.status_interim",
            lang,
            answered=context.answered,
            asked=context.asked,
            share=share,
        )
    else:
        status = text(
            "paragraph.status_final",
            lang,
            date=context.closed,
            answered=context.answered,
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
            "no_link": "" if docx_url or not linkable else text("paragraph.no_link", lang),
            "revocable": text("paragraph.revocable", lang) if docx_url else "",
            "saved_as": text("paragraph.saved_as", lang, path="{path}"),
        },
    )


def paragraph_file_name(project: str, round_number: int, lang: str, extension: str) -> str:
    """ "breedbeeld-paragraaf-fietspad-assen-zuid-1.docx": ASCII only, safe in a header."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-")[:60] or "project"
    word = "paragraph" if lang == "en" else "paragraaf"
    return f"breedbeeld-{word}-{slug}-{round_number}.{extension}"


# -- the sentences ------------------------------------------------------------------------


def _texts(answers: Sequence[TextAnswer], lang: str) -> tuple[str, ...]:
    """Typed answers as they were written; the author named when several people wrote one."""
    authors = {a.author for a in answers}
    if len(authors) <= 1:
        return tuple(a.text for a in answers)
    return tuple(text("paragraph.by", lang, text=a.text, name=a.author) for a in answers)


def _typed(bank: QuestionBank, data: RoundData, question_id: str, lang: str) -> tuple[str, ...]:
    """The current text answers to one question, oldest first (see _AFWENTELING)."""
    question = bank.question(question_id)
    if question is None or question.type is not AnswerType.TEXT:
        return ()  # a municipality's bank may not have it
    names = {p.user_id: p.display_name for p in data.participants}
    latest: dict[str, TextAnswer] = {}
    for answer in sorted(data.answers, key=lambda a: a.answered_at):
        if answer.question_id == question_id and answer.text.strip():
            name = names.get(answer.author_id) or answer.author_name or answer.author_id
            latest[answer.author_id] = TextAnswer(name, answer.text.strip(), answer.answered_at)
    return _texts(sorted(latest.values(), key=lambda a: a.answered_at), lang)


def _theme(effect: EffectResult, lang: str) -> str:
    return in_sentence(effect.theme.get(lang))


def _counts(effect: EffectResult, lang: str) -> str:
    """ "3 met een oordeel, 1 weet niet": what the count counts."""
    if effect.unknown_count:
        return text(
            "paragraph.counts_unknown", lang, known=effect.known, unknown=effect.unknown_count
        )
    return text("paragraph.counts", lang, known=effect.known)


def _item(effect: EffectResult, lang: str, *, with_label: bool) -> str:
    """ "welzijn (sterk positief; 4 met een oordeel)"."""
    counts = _counts(effect, lang)
    if with_label and effect.direction is not None:
        label = scale_label(effect.direction.value, lang).lower()
        return f"{_theme(effect, lang)} ({label}; {counts})"
    return f"{_theme(effect, lang)} ({counts})"


def _spread(effect: EffectResult, lang: str) -> str:
    """ "2 keer positief (Anna, Chris), 1 keer sterk negatief (Bram)": every voice, by answer."""
    voices: dict[Effect, list[str]] = {}
    for answer in effect.answers:
        if answer.effect is not None:
            voices.setdefault(answer.effect, []).append(answer.author)
    order = [*EFFECT_ORDER, Effect.UNKNOWN]
    parts = [
        text(
            "paragraph.voices",
            lang,
            n=len(voices[e]),
            label=scale_label(e.value, lang).lower(),
            names=", ".join(voices[e]),
        )
        for e in dict.fromkeys(order)
        if e in voices
    ]
    return names_list(parts, lang)


def _split(effect: EffectResult) -> bool:
    """A theme the team is split on: written as a disagreement, never as a direction."""
    return effect.status is EffectStatus.DISAGREEMENT or effect.disagreement


def _dimension(analysis: Analysis, dimension: Dimension, lang: str) -> tuple[str, ...]:
    """The themes of one part in sentences: better, worse, no effect, split, open, silent."""
    effects = [e for e in analysis.effects if e.dimension is dimension]
    judged = [e for e in effects if e.status is EffectStatus.JUDGED and not _split(e)]
    better = [e for e in judged if e.direction in HELPED]
    worse = [e for e in judged if e.direction in HARMED]
    neutral = [e for e in judged if e.direction is Effect.NEUTRAL]
    sentences = []
    for key, group, labelled in (
        ("paragraph.better", better, True),
        ("paragraph.worse", worse, True),
        ("paragraph.neutral", neutral, False),
    ):
        if group:
            items = [_item(e, lang, with_label=labelled) for e in group]
            sentences.append(text(key, lang, items=names_list(items, lang)))
    for effect in effects:
        if _split(effect):
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


def _group_item(side: TradeOffSide, lang: str) -> str:
    return text(
        "paragraph.group_named",
        lang,
        group=side.label.get(lang).lower() if lang == "nl" else side.label.get(lang),
        names=", ".join(side.named_by),
    )


def _groups(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """Groups that gain and lose, each with who named it; a group on both sides is contested."""
    sentences: list[str] = []
    for trade_off in analysis.trade_offs:
        if trade_off.kind is not TradeOffKind.GROUPS:
            continue
        gains = [s for s in trade_off.gains if not s.contested]
        losses = [s for s in trade_off.losses if not s.contested]
        if gains:
            items = names_list([_group_item(s, lang) for s in gains], lang)
            sentences.append(text("paragraph.groups_gain", lang, groups=items))
        if losses:
            items = names_list([_group_item(s, lang) for s in losses], lang)
            sentences.append(text("paragraph.groups_lose", lang, groups=items))
        for side in trade_off.gains:
            if side.contested:
                group = side.label.get(lang)
                sentences.append(
                    text(
                        "paragraph.group_contested",
                        lang,
                        group=group.lower() if lang == "nl" else group,
                    )
                )
    return tuple(sentences)


_TRADE_OFF_KEYS: dict[tuple[TradeOffKind, Dimension | None], str] = {
    (TradeOffKind.THEMES, Dimension.NOW): "tradeoff.themes",
    (TradeOffKind.NOW_VS_LATER, Dimension.NOW): "tradeoff.now_later",
    (TradeOffKind.NOW_VS_LATER, Dimension.LATER): "tradeoff.later_now",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.NOW): "tradeoff.here_elsewhere",
    (TradeOffKind.HERE_VS_ELSEWHERE, Dimension.ELSEWHERE): "tradeoff.elsewhere_here",
}


def _side_names(sides: Sequence[TradeOffSide], lang: str) -> str:
    return names_list([in_sentence(s.label.get(lang)) for s in sides], lang)


def _trade_off(trade_off: TradeOff, lang: str) -> str:
    """One trade-off in the summary's words, marked when the team does not agree on it."""
    key = _TRADE_OFF_KEYS.get((trade_off.kind, trade_off.gain_dimension), "tradeoff.themes")
    said = text(
        key,
        lang,
        gains=_side_names(trade_off.gains, lang),
        losses=_side_names(trade_off.losses, lang),
    )
    wrapper = "paragraph.trade_off_contested" if trade_off.contested else "paragraph.trade_off"
    return text(wrapper, lang, trade_off=said)


def _open_questions(analysis: Analysis, lang: str) -> tuple[str, ...]:
    """What is still open: weet niet, splits to find out, uncertainty, unanswered questions."""
    themes: dict[GapKind, list[str]] = {}
    unanswered = 0
    for gap in analysis.gaps:
        if gap.kind is GapKind.UNANSWERED:
            unanswered += 1
        elif gap.kind is not GapKind.KNOWLEDGE_GAP and gap.theme is not None:
            themes.setdefault(gap.kind, []).append(in_sentence(gap.theme.get(lang)))
    sentences = []
    for kind, key in (
        (GapKind.UNKNOWN, "paragraph.open_unknown"),
        (GapKind.DISAGREEMENT, "paragraph.open_split"),
        (GapKind.LOW_CERTAINTY, "paragraph.open_low_certainty"),
    ):
        if themes.get(kind):
            sentences.append(text(key, lang, themes=names_list(themes[kind], lang)))
    if unanswered == 1:
        sentences.append(text("paragraph.open_unanswered_one", lang))
    elif unanswered:
        sentences.append(text("paragraph.open_unanswered", lang, count=unanswered))
    return tuple(sentences)
