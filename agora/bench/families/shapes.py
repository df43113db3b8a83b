"""Does a question share the shape of an evaluation item? For checking worked examples and
prompts against the families (the issue's rule: built-in examples must not share the shape
of any evaluation item).

A shape is the question with every number replaced by ``N`` and spaces around operators
removed, lower-cased: "What is 17 + 23 * (4 - 1)?" -> "what is n+n*(n-n)?". Two questions
share a shape when their shapes are equal, or when both hold an arithmetic expression and
the expressions' shapes are equal ("Compute 3*(4+5)." and "What is 8*(1+2)?").
"""

from __future__ import annotations

import re
from typing import Iterable

from agora.bench.families import FAMILIES
from agora.bench.families.base import SPLITS, generate

_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
_EXPR = re.compile(r"[-(\d][-\d\s+*/()×^x.]*[\d)]")


def shape(question: str) -> str:
    text = _NUM.sub("n", question.casefold())
    text = re.sub(r"\s*([-+*/×^()])\s*", r"\1", text)
    return " ".join(text.split())


def expression_shape(question: str) -> str | None:
    """The shape of the longest arithmetic expression in the question (two operators or
    more; ISO dates are not expressions), else None."""
    question = _ISO_DATE.sub(" DATE ", question)  # 2019-05-01 is a date, not a subtraction
    found = [m for m in _EXPR.findall(question) if len(re.findall(r"[-+*/×^]", m.strip("-"))) >= 2]
    if not found:
        return None
    return re.sub(r"\s+", "", _NUM.sub("n", max(found, key=len))).replace("×", "*")


def shared_shapes(questions: Iterable[str], per_family: int = 200, seeds: Iterable[int] = (0, 1)) -> dict[str, list[str]]:
    """question -> the families with an item of the same shape (only questions that share one)."""
    table: dict[str, set[str]] = {}
    for name, family in FAMILIES.items():
        for split in SPLITS:
            for seed in seeds:
                for item in generate(family, split, per_family, seed):
                    for key in (shape(item.question), expression_shape(item.question)):
                        if key:
                            table.setdefault(key, set()).add(name)
    out: dict[str, list[str]] = {}
    for q in questions:
        hits = table.get(shape(q), set()) | table.get(expression_shape(q) or "", set())
        if hits:
            out[q] = sorted(hits)
    return out


__all__ = ["shape", "expression_shape", "shared_shapes"]
