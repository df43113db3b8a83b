"""A safe arithmetic calculator tool.

The expression is parsed with :mod:`ast` and only numbers, ``+ - * / // % **``, parentheses
and unary signs are evaluated: no names, calls or attributes, so nothing the model writes can
run code. Exponents and result sizes are bounded so ``9**9**9`` fails fast instead of
eating memory.

Small models write arithmetic the way people do, so a few spellings are accepted:
``×``/``x`` between numbers and ``÷`` (times / divide), ``^`` (power), ``1,234`` (thousands
separator) and a trailing ``=``.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agora.tools.core import Tool, make_tool

#: the largest exponent allowed (2**1000 has 302 digits: big enough for real arithmetic)
MAX_EXPONENT = 1000
#: results (and operands) with more digits than this are refused
MAX_DIGITS = 400
#: what an expression may hold: digits, operators, parentheses, spaces, "x" for times
EXPRESSION_PATTERN = r"^[-0-9+*/%().,^ xX]{1,160}$"

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


class CalculatorError(ValueError):
    """An expression the calculator refuses; the message is shown to the model."""


def normalize_expression(text: str) -> str:
    """The usual human spellings turned into Python operators."""
    s = text.strip().rstrip("=?.").strip()
    s = s.replace("×", "*").replace("·", "*").replace("÷", "/").replace("−", "-").replace("^", "**")
    s = re.sub(r"(?<=\d)\s*[xX]\s*(?=[\d(])", "*", s)  # 3 x 4 -> 3*4
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # 1,234 -> 1234
    return s


def evaluate(expression: str) -> int | float:
    """The value of an arithmetic expression; raises CalculatorError for anything else."""
    text = normalize_expression(expression)
    if not text:
        raise CalculatorError("empty expression")
    if len(text) > 2000:
        raise CalculatorError("expression too long (2000 characters at most)")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise CalculatorError(f"cannot parse {expression!r}: use numbers, + - * / // % ** and parentheses") from None
    return _eval(tree.body)


def _eval(node: ast.AST) -> int | float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return _checked(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_eval(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow):
            if abs(right) > MAX_EXPONENT:
                raise CalculatorError(f"exponent {right} is too large (at most {MAX_EXPONENT})")
            if abs(left) > 1 and abs(right) * math.log10(abs(left)) > MAX_DIGITS:
                raise CalculatorError(f"result would have more than {MAX_DIGITS} digits")
        try:
            value = _BINARY[type(node.op)](left, right)
        except ZeroDivisionError:
            raise CalculatorError("division by zero") from None
        except OverflowError:
            raise CalculatorError("result too large") from None
        if isinstance(value, complex):
            raise CalculatorError("the result is not a real number")
        return _checked(value)
    if isinstance(node, ast.Name):
        raise CalculatorError(f"unknown name {node.id!r}: only numbers and operators are allowed")
    raise CalculatorError(f"not allowed in an arithmetic expression: {type(node).__name__}")


def _checked(value: Any) -> int | float:
    if isinstance(value, int) and value.bit_length() > MAX_DIGITS * 3.33:
        raise CalculatorError(f"number with more than {MAX_DIGITS} digits")
    if isinstance(value, float) and not math.isfinite(value):
        raise CalculatorError("result is not a finite number")
    return value


def format_number(value: int | float) -> str:
    """Integers exactly; floats without a spurious ``.0`` and rounded to 12 significant digits."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.12g}"
    return str(value)


def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression exactly, e.g. "12+7*3-4*5".

    Args:
        expression: numbers with + - * / // % ** and parentheses
    """
    return format_number(evaluate(expression))


# The pattern is part of the JSON schema, so a grammar-constrained local model can only
# write arithmetic characters, and only so many of them (a tiny model otherwise copies a
# trailing "?" or runs on repeating digits). No docstring: it would become the schema's
# description and lengthen every prompt.
class CalculatorArgs(BaseModel):

    model_config = ConfigDict(extra="forbid")
    expression: str = Field(description="numbers with + - * / // % ** and parentheses",
                            pattern=EXPRESSION_PATTERN)


def build(**options: Any) -> list[Tool]:
    """The calculator tool. Options meant for other tools (index=...) are ignored;
    ``timeout`` and ``max_output`` are honoured."""
    tool = make_tool(calculator, timeout=float(options.get("timeout", 5.0)),
                     max_output=int(options.get("max_output", 1000)),
                     examples=[{"expression": "12+7*3-4*5"}])
    tool.args_model = CalculatorArgs
    return [tool]


__all__ = ["build", "calculator", "evaluate", "normalize_expression", "CalculatorError", "format_number"]
