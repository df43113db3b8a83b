"""Scoring answers against gold, with :mod:`agora.answers` (the same reading the debate's
majority vote uses). An answer that cannot be read scores as WRONG and counts as a parse
failure: a method that hides its answer in prose pays for it, as it would in use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from agora.answers import extract_number, final_part, normalize

# "16+17*29+1-11*14." : the question restated, not an answer. Reading its last number would
# score an arbitrary operand, so such an answer counts as unreadable.
_BARE_EXPRESSION = re.compile(r"^\s*-?\d[\d,.]*(\s*[-+*/x×]\s*-?\d[\d,.]*)+\s*\.?\s*$")


@dataclass(frozen=True)
class Score:
    correct: bool
    #: the answer as read (normalised), None when unreadable
    parsed: str | None

    @property
    def parse_failure(self) -> bool:
        return self.parsed is None


def _is_number(text: str) -> bool:
    return extract_number(text) is not None and normalize(text) == extract_number(text)


def read_answer(answer: str | None, *, numeric: bool) -> str | None:
    """The comparable form of a method's answer, or None when unreadable. For a numeric
    gold, an answer without any number is unreadable."""
    if not answer or not answer.strip():
        return None
    if numeric:
        if _BARE_EXPRESSION.match(final_part(answer)):
            return None
        return extract_number(answer)
    return normalize(answer)


def score(answer: str | None, gold: str) -> Score:
    """Right or wrong, and what was read. Unreadable = wrong."""
    numeric = _is_number(gold)
    parsed = read_answer(answer, numeric=numeric)
    expected = extract_number(gold) if numeric else normalize(gold)
    return Score(correct=parsed is not None and parsed == expected, parsed=parsed)


def parse_failure_rate(scores: Iterable[Score]) -> float:
    scores = list(scores)
    return sum(1 for s in scores if s.parse_failure) / len(scores) if scores else 0.0


__all__ = ["Score", "score", "read_answer", "parse_failure_rate"]
