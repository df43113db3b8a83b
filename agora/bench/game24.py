"""Game of 24 (the task Yao et al. 2023 used for Tree of Thoughts): four numbers from 1 to 13,
reach 24 with + - * / and parentheses, each number used exactly once.

Instances are generated from a seed and kept only when :func:`solve` finds a solution; an
answer is checked by :func:`check`: the expression it states must use exactly the four
numbers and be worth exactly 24 (fractions are exact, so ``8 / (3 - 8 / 3)`` counts).
Expressions are read with :mod:`ast`: only numbers, the four operators and parentheses.
"""

from __future__ import annotations

import ast
import itertools
import random
import re
from fractions import Fraction
from typing import Sequence

from agora.answers import final_part

_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b}
_EXPRESSION = re.compile(r"[\d\s+\-*/×÷().]+")


def question(numbers: Sequence[int]) -> str:
    shown = " ".join(map(str, numbers))
    return (f"Use the numbers {shown} and the operations + - * / (with parentheses) to make 24. "
            "Use each number exactly once. Give the expression.")


def instances(n: int, seed: int = 0) -> list[list[int]]:
    """``n`` different solvable instances (sorted numbers), the same for the same seed."""
    rng = random.Random(f"game24-{seed}")
    out: list[list[int]] = []
    while len(out) < n:
        numbers = sorted(rng.randint(1, 13) for _ in range(4))
        if numbers not in out and solve(numbers) is not None:
            out.append(numbers)
    return out


def solve(numbers: Sequence[int]) -> str | None:
    """One expression making 24 from ``numbers``, or None (exhaustive: 4 numbers are few)."""
    def search(items: list[tuple[Fraction, str]]) -> str | None:
        if len(items) == 1:
            return items[0][1] if items[0][0] == 24 else None
        for i, j in itertools.permutations(range(len(items)), 2):
            (a, ea), (b, eb) = items[i], items[j]
            rest = [items[k] for k in range(len(items)) if k not in (i, j)]
            options = [(a + b, f"({ea} + {eb})"), (a - b, f"({ea} - {eb})"), (a * b, f"({ea} * {eb})")]
            if b != 0:
                options.append((a / b, f"({ea} / {eb})"))
            for value, text in options:
                found = search(rest + [(value, text)])
                if found:
                    return found
        return None

    found = search([(Fraction(x), str(x)) for x in numbers])
    return found[1:-1] if found and found.startswith("(") and found.endswith(")") else found


def expression_of(answer: str) -> str | None:
    """The expression an answer states: the longest run of digits, operators and parentheses
    in its answer part (anything after an "=" is the claimed result, not the expression)."""
    part = final_part(answer or "").split("=")[0]
    runs = [r.strip() for r in _EXPRESSION.findall(part) if re.search(r"\d", r) and re.search(r"[-+*/×÷]", r)]
    return max(runs, key=len) if runs else None


def evaluate(expression: str) -> tuple[Fraction, list[int]] | None:
    """The exact value of an expression and the numbers it uses, or None when it is not one."""
    text = expression.replace("×", "*").replace("÷", "/")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    used: list[int] = []

    def walk(node: ast.AST) -> Fraction:
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            used.append(node.value)
            return Fraction(node.value)
        raise ValueError("not allowed")

    try:
        return walk(tree.body), used
    except (ValueError, ZeroDivisionError):
        return None


def check(answer: str, numbers: Sequence[int]) -> bool:
    """True when ``answer`` states an expression that uses exactly ``numbers`` and makes 24."""
    expression = expression_of(answer)
    if expression is None:
        return False
    result = evaluate(expression)
    return result is not None and result[0] == 24 and sorted(result[1]) == sorted(numbers)


__all__ = ["question", "instances", "solve", "check", "evaluate", "expression_of"]
