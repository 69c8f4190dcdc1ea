"""The answer scales of the framework: effect direction/strength and certainty."""

from __future__ import annotations

from enum import StrEnum


class Effect(StrEnum):
    """Direction and strength of an effect; UNKNOWN is a legitimate answer (a knowledge gap)."""

    STRONGLY_POSITIVE = "strongly_positive"
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    STRONGLY_NEGATIVE = "strongly_negative"
    UNKNOWN = "unknown"

    @property
    def score(self) -> int | None:
        """Numeric value on the -2..+2 scale; None for UNKNOWN."""
        return _EFFECT_SCORES[self]

    @classmethod
    def from_score(cls, score: float) -> Effect:
        """The effect label closest to a (possibly averaged) score."""
        if score >= 1.5:
            return cls.STRONGLY_POSITIVE
        if score >= 0.5:
            return cls.POSITIVE
        if score > -0.5:
            return cls.NEUTRAL
        if score > -1.5:
            return cls.NEGATIVE
        return cls.STRONGLY_NEGATIVE


_EFFECT_SCORES: dict[Effect, int | None] = {
    Effect.STRONGLY_POSITIVE: 2,
    Effect.POSITIVE: 1,
    Effect.NEUTRAL: 0,
    Effect.NEGATIVE: -1,
    Effect.STRONGLY_NEGATIVE: -2,
    Effect.UNKNOWN: None,
}

# The order in which the scale is shown to users (option 1 .. 6 in text answers).
EFFECT_ORDER: tuple[Effect, ...] = (
    Effect.STRONGLY_POSITIVE,
    Effect.POSITIVE,
    Effect.NEUTRAL,
    Effect.NEGATIVE,
    Effect.STRONGLY_NEGATIVE,
    Effect.UNKNOWN,
)


class Certainty(StrEnum):
    """How sure the answerer is of an effect."""

    CERTAIN = "certain"
    LIKELY = "likely"
    UNCERTAIN = "uncertain"

    @property
    def level(self) -> int:
        """2 for certain, 1 for likely, 0 for uncertain: used to average certainty."""
        return {Certainty.CERTAIN: 2, Certainty.LIKELY: 1, Certainty.UNCERTAIN: 0}[self]

    @classmethod
    def from_level(cls, level: float) -> Certainty:
        """Round an averaged level down, so a mix never looks surer than it is."""
        if level >= 2:
            return cls.CERTAIN
        if level >= 1:
            return cls.LIKELY
        return cls.UNCERTAIN


CERTAINTY_ORDER: tuple[Certainty, ...] = (Certainty.CERTAIN, Certainty.LIKELY, Certainty.UNCERTAIN)
