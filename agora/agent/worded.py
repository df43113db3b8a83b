"""A question that is one operation named in words, computed as that operation.

"How many times does 13 go into 500?", "What is 9 to the fourth power?", "the quotient of 5,555
and 5": the question names one operation on its two numbers, and a tiny model called the
calculator with ``13 % 500`` (its worked example is a remainder), ``5,555 / 5,555``, or
wrote python defining a function it never called. When the question's numbers are exactly
the two operands of one operation it names (:func:`named_operation`), the call computes
that operation: a calculator expression becomes it, python code becomes ``print`` of it.
Division is floor division (``//``) when the question asks for a whole number ("rounded
down", "the whole-number part", see :mod:`agora.agent.rounding`) and for "goes into" (how many
whole times).

A question that writes its arithmetic out ("Compute 3^7.") is mostly :mod:`agora.agent.copying`'s
(imperfect copies of the span). When the span holds all of the question's numbers, a call
that does not compute it at all is given the span: the span's numbers in its order with
other operators (``714 ** 17`` for "714 ÷ 17"), or python code holding none of its numbers or that
defines a function instead (``def calculate_3^7(): ...``).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from typing import Any

from agora.agent.copying import in_python, number_sequence, numbers_in, writes_arithmetic, written_spans

_N = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_ORDINAL = r"(\d+)(?:st|nd|rd|th)"
_POWERS = {"square": "2", "squared": "2", "cube": "3", "cubed": "3", "second": "2", "third": "3", "fourth": "4",
           "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}
_POWER_WORD = r"(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"

#: (pattern, operator, which groups are the left and right operands)
_FORMS: list[tuple[re.Pattern[str], str, tuple[int, int]]] = [(re.compile(p, re.IGNORECASE), op, order) for p, op, order in [
    (rf"\bremainder\s+(?:when|of|after)\s+{_N}\s+(?:is\s+)?divided\s+by\s+{_N}", "%", (1, 2)),
    (rf"{_N}\s+(?:modulo|mod)\s+{_N}", "%", (1, 2)),
    (rf"\bdivide\s+{_N}\s+by\s+{_N}", "/", (1, 2)),
    (rf"\bdivide\s+{_N}\s+into\s+{_N}", "/", (2, 1)),
    (rf"{_N}\s+(?:is\s+)?divided\s+by\s+{_N}", "/", (1, 2)),
    (rf"{_N}\s+(?:goes|go|fits|fit)\s+(?:\w+\s+)?into\s+{_N}", "/", (2, 1)),
    (rf"\bquotient\s+of\s+{_N}\s+(?:and|by)\s+{_N}", "/", (1, 2)),
    (rf"{_N}\s+(?:to|raised\s+to)\s+the\s+(?:power\s+(?:of\s+)?)?{_N}(?![\w.])", "**", (1, 2)),
    (rf"{_N}\s+(?:to|raised\s+to)\s+the\s+{_ORDINAL}(?:\s+power)?", "**", (1, 2)),
    (rf"{_N}\s+(?:to|raised\s+to)\s+the\s+{_POWER_WORD}(?:\s+power)?", "**w", (1, 2)),
    (rf"{_N}\s+raised\s+to\s+{_N}(?![\w.])", "**", (1, 2)),
    (rf"{_N}\s+(squared|cubed)\b", "**w", (1, 2)),
    (rf"\bthe\s+(square|cube)\s+of\s+{_N}", "**w", (2, 1)),
    (rf"{_N}\s+(?:multiplied\s+by|times)\s+{_N}", "*", (1, 2)),
    (rf"\bproduct\s+of\s+{_N}\s+and\s+{_N}", "*", (1, 2)),
    (rf"{_N}\s+plus\s+{_N}", "+", (1, 2)),
    (rf"\bsum\s+of\s+{_N}\s+and\s+{_N}", "+", (1, 2)),
    (rf"{_N}\s+minus\s+{_N}", "-", (1, 2)),
    (rf"\bdifference\s+(?:between|of)\s+{_N}\s+and\s+{_N}", "-", (1, 2)),
]]


#: the product or sum of a list: "the product of 84, 29 and 20"
_LISTED = re.compile(rf"\b(product|sum)\s+of\s+((?:{_N}\s*,\s*)+{_N},?\s+and\s+{_N})(?![\w.])", re.IGNORECASE)
_NUMBERS = re.compile(_N)


def named_operation(question: str) -> str | None:
    """The expression of the one operation the question names in words on its numbers
    ("500 // 13" for "How many whole times does 13 go into 500?"), or None: no such
    operation, several, other numbers beside its operands, or arithmetic written out."""
    from agora.agent.rounding import asked_rounding

    if writes_arithmetic(question):
        return None
    found: list[tuple[int, int, str]] = []
    for pattern, op, (left, right) in _FORMS:
        for match in pattern.finditer(question):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue  # a form already read there ("remainder when ... divided by")
            a, b = match.group(left), match.group(right)
            if op == "**w":
                a, b = (a, _POWERS[b.lower()]) if b.lower() in _POWERS else (b, _POWERS[a.lower()])
                op = "**"
            a, b = a.replace(",", ""), b.replace(",", "")
            if op == "/" and (asked_rounding(question) == ("down", 0) or "into" in match.group(0).lower()):
                op = "//"  # asked for a whole number; "how many times does 13 go into 500" is whole times
            found.append((match.start(), match.end(), f"{a} {op} {b}"))
    for match in _LISTED.finditer(question):
        if any(s < match.end() and match.start() < e for s, e, _ in found):
            continue
        op = "*" if match.group(1).lower() == "product" else "+"
        found.append((match.start(), match.end(), f" {op} ".join(n.replace(",", "") for n in _NUMBERS.findall(
            match.group(2)))))
    if len(found) != 1:
        return None
    start, end, expression = found[0]
    outside = question[:start] + " " + question[end:]
    if number_sequence(outside):
        return None  # numbers the operation does not use: more to the question than it
    return expression


#: operations written in words between two numbers, and the symbols they stand for: a word
#: operator counts only with a number (or a bracket) on its left and, but for powers written
#: as words ("6 squared"), a number on its right
_A, _B = r"(?<=[\d)])\s+", r"\s+(?=[-(\d])"
_SYMBOLS: list[tuple[re.Pattern[str], Any]] = [(re.compile(p, re.IGNORECASE), s) for p, s in [
    (rf"{_A}(?:to|raised\s+to)\s+the\s+{_ORDINAL}(?:\s+power)?\b", r" ** \1"),
    (rf"{_A}(?:to|raised\s+to)\s+the\s+{_POWER_WORD}(?:\s+power)?\b", lambda m: f" ** {_POWERS[m.group(1).lower()]}"),
    (rf"{_A}(?:to\s+the\s+power(?:\s+of)?|raised\s+to(?:\s+the\s+power(?:\s+of)?)?){_B}", " ** "),
    (rf"{_A}(squared|cubed)\b", lambda m: f" ** {_POWERS[m.group(1).lower()]}"),
    (rf"{_A}(?:multiplied\s+by|times){_B}", " * "),
    (rf"{_A}divided\s+by{_B}", " / "),
    (rf"{_A}plus{_B}", " + "),
    (rf"{_A}minus{_B}", " - "),
    (rf"{_A}(?:modulo|mod){_B}", " % "),
]]


def symbolised(question: str) -> str:
    """``question`` with the operations it writes in words between numbers written as
    symbols: "What is 6 to the 3rd power times 2?" -> "What is 6 ** 3 * 2?". Words that are
    no operation there ("3 times as many") stay."""
    for pattern, symbol in _SYMBOLS:
        question = pattern.sub(symbol, question)
    return question


def _printed_expression(code: str) -> str | None:
    """The one expression ``code`` prints (or ends with) with the names it assigned put in:
    ``num = 365\nrem = num % 5\nprint(rem)`` prints ``365 % 5``; None for code that does
    anything else (a loop, a function, several prints) or does not parse."""
    tree = _parsed(code)
    if tree is None:
        return None
    names: dict[str, ast.expr] = {}

    class _Put(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return names.get(node.id, node)

    printed = None
    for statement in tree.body:
        if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name) and printed is None):
            names[statement.targets[0].id] = _Put().visit(statement.value)
        elif (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
              and isinstance(statement.value.func, ast.Name) and statement.value.func.id == "print"
              and len(statement.value.args) == 1 and not statement.value.keywords and printed is None):
            printed = _Put().visit(statement.value.args[0])
        elif isinstance(statement, ast.Expr) and statement is tree.body[-1] and printed is None:
            printed = _Put().visit(statement.value)  # a last expression is shown, as at a prompt
        else:
            return None
    return ast.unparse(printed) if printed is not None else None


def _parsed(code: str) -> ast.Module | None:
    """``code`` parsed, or None when it is no Python."""
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


_PRINTED = re.compile(r"^\s*print\((.*)\)\s*$", re.DOTALL)
#: the argument that holds what a computing tool computes
_COMPUTED = {"calculator": "expression", "python": "code"}


def _squeezed(text: str) -> str:
    """``text`` without spaces and thousands separators, in Python's operators."""
    text = re.sub(r"\s", "", text.replace(",", ""))
    return text.replace("^", "**").replace("×", "*").replace("÷", "/")


def computed_as_named(name: str, arguments: dict, question: str, seen: str = "") -> tuple[dict, str | None]:
    """``arguments`` of a calculator or python call computing the question's named
    operation (see the module's docstring), with the reason; unchanged (None) otherwise.
    ``seen`` is the text of the run's earlier results: a number the call uses that neither
    the question nor a result holds was made up."""
    key = _COMPUTED.get(name)
    value = arguments.get(key) if key else None
    if not isinstance(value, str):
        return arguments, None
    expression = named_operation(question)
    if expression is not None:
        printed = _PRINTED.match(value)
        inner = printed.group(1) if printed and key == "code" else value
        if key == "code":
            inner = _printed_expression(value) or inner
        if _squeezed(inner) == _squeezed(expression):
            return arguments, None
        new = expression if key == "expression" else f"print({expression})"
        return {**arguments, key: new}, "the operation the question names"
    span = _whole_span(question)
    if span is None:
        return arguments, None  # no arithmetic written out, several pieces, or numbers beside it
    inner, one_line = value, True
    if key == "code":  # what the code prints, its names put in, or the one line holding numbers
        printed_expression = _printed_expression(value)
        lines = [line for line in value.split("\n") if number_sequence(line)]
        one_line = printed_expression is not None or len(lines) == 1
        if printed_expression is not None:
            inner = printed_expression
        elif one_line:
            line = lines[0].strip()
            printed = _PRINTED.match(line)
            inner = printed.group(1) if printed else re.sub(r"^[A-Za-z_]\w*\s*=\s*", "", line)
    if one_line and _squeezed(inner) == _squeezed(span):
        return arguments, None
    wanted = number_sequence(span)
    # a call using the span's numbers and no other slipped: other operators (SmolLM2 wrote
    # print(714 ** 17) for "714 ÷ 17"), some of them ("15 / 5" for "15^2 / 5"), or a piece
    # of the span ("15^2"), which runs as the whole, as copying.snapped runs a piece the
    # question writes in symbols (SmolLM2 printed 6 ** 3 for "6 to the 3rd power times 2",
    # then cubed each result in turn). A call holding a number a result gave builds on it
    used = Counter(number_sequence(inner))
    extra = used - Counter(wanted)
    slipped = one_line and bool(used) and not extra
    # so did one holding a number (or another copy of one) the question does not hold and no
    # result gave: "15 + 15 * -26" for "-5 + 15 * -26", "100 + 40 - 29" for "-54 + 40 * -29"
    slipped = slipped or (one_line and any(n not in numbers_in(seen) for n in extra))
    # or the whole span with more of the question's numbers around it (SmolLM2 wrote
    # ", 17 + 77 * (43 - 69) 17 + 77 * 43 - 69" for "17 + 77 * (43 - 69)")
    slipped = slipped or (one_line and _squeezed(span) in _squeezed(inner) and numbers_in(inner) <= set(wanted))
    # (python) none of its numbers at all, a function defined instead, or no Python
    missing = key == "code" and not set(wanted) & numbers_in(value)
    defined = key == "code" and re.search(r"\bdef\s|\blambda\b", value) is not None
    broken = key == "code" and _parsed(in_python(value)) is None  # "50 = 46\n22 = 22" computes nothing
    if not (slipped or missing or defined or broken):
        return arguments, None
    new = span if key == "expression" else in_python(f"print({span})")
    return {**arguments, key: new}, "the arithmetic the question writes"


def question_expression(question: str) -> str | None:
    """The question's whole task as one expression, when it is one: the operation it names
    (:func:`named_operation`), or the one span of arithmetic it writes (in symbols or in
    words) holding all of its numbers, with no rounding asked. None otherwise (a story, a
    rounding, numbers beside the arithmetic)."""
    from agora.agent.rounding import asked_rounding

    named = named_operation(question)
    if named is not None:
        return named
    return _whole_span(question) if asked_rounding(question) is None else None


def _whole_span(question: str) -> str | None:
    """The one span of arithmetic the question writes, in symbols or in words, when it
    holds all of the question's numbers; None otherwise."""
    found = written_spans(symbolised(question))
    if len(found) != 1 or len(number_sequence(question)) != len(number_sequence(found[0])):
        return None
    return found[0]


def computes_question(name: str, arguments: dict, question: str) -> bool:
    """True when a calculator or python call computes exactly the question's whole task
    (:func:`question_expression`): its result is the answer, and nothing else is."""
    expression = question_expression(question)
    value = arguments.get(_COMPUTED.get(name, ""))
    if expression is None or not isinstance(value, str):
        return False
    if name == "python":
        printed = _printed_expression(value)
        if printed is None:
            return False
        value = printed
    return _squeezed(value) == _squeezed(expression)


__all__ = ["named_operation", "computed_as_named", "symbolised", "question_expression", "computes_question"]
