"""The lines a word problem's program may write, kept where they make sense.

:mod:`agora.agent.program` lets the model write one line under each clause, under a grammar
that uses each of the clause's numbers once and at most one earlier name. Here every such
line is written out and tried before the model chooses: a line whose units make no sense
(:func:`agora.agent.quantities.combine`: litres times litres, dollars plus hours), whose value
is negative or divides by zero, or, for the question's print, whose result is not what the
question counts or is no whole number where the story counts whole things, is left out. The
grammar then offers the model the lines that are left, as literal alternatives, and the model
chooses among them greedily as before. When nothing is left, or there are too many lines to
write out, the caller falls back to the plain grammar: the check narrows, it never decides.
"""

from __future__ import annotations

import ast
import functools
import itertools
import json
import math
import re
from dataclasses import dataclass
from typing import Iterator

from agora.agent.operations import ALL, Ops
from agora.agent.quantities import RATIO, Unit, answers, asked, combine, same_kind

#: more lines than this are not written out (the grammar would be too large to be quick)
MAX_LINES = 400
#: operands beyond this are not enumerated (orders x operators grows as n! * 4^(n-1))
MAX_OPERANDS = 4


@dataclass(frozen=True)
class Quantity:
    """An operand: its text in the program (a number or a name), its value and its unit."""
    text: str
    value: float | None
    unit: Unit


def sequences(count: int, ops: str) -> Iterator[str]:
    """Templates over ``v0 .. v{count-1}``: each once, in every order, joined by ``ops``,
    flat or with one adjacent pair bracketed (the shapes of :func:`program.orders`)."""
    for order in itertools.permutations(range(count)):
        names = [f"v{i}" for i in order]
        for chosen in itertools.product(ops, repeat=count - 1):
            yield _join(names, chosen)
            if count > 2:
                for i in range(count - 1):
                    inner = f"({names[i]} {chosen[i]} {names[i + 1]})"
                    yield _join(names[:i] + [inner] + names[i + 2:], chosen[:i] + chosen[i + 1:])


def _join(names: list[str], ops: tuple[str, ...]) -> str:
    out = names[0]
    for op, name in zip(ops, names[1:]):
        out += f" {op} {name}"
    return out


def evaluate(template: str, operands: list[Quantity], whole_parts: bool = False,
             ratios: bool = True) -> tuple[float | None, Unit] | None:
    """The value and unit of ``template`` over ``operands``, or None when it makes no sense
    (a unit that does not combine, a negative value, a division by zero; with
    ``whole_parts``, a division that does not come out whole: a story that counts whole
    things shares them out whole; without ``ratios``, things divided by things of the same
    kind)."""
    def walk(node: ast.AST) -> tuple[float | None, Unit] | None:
        if isinstance(node, ast.Name):
            q = operands[int(node.id[1:])]
            return q.value, q.unit
        if not isinstance(node, ast.BinOp):
            return None
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        op = _OPS[type(node.op)]
        unit = combine(left[1], op, right[1])
        if unit is None or (unit == RATIO and not ratios):
            return None
        a, b = left[0], right[0]
        if a is None or b is None:
            return None, unit
        value = _apply(op, a, b)
        if value is None or value < 0:
            return None  # a story's quantities are never negative
        if whole_parts and op == "/" and whole(a) and whole(b) and not whole(value):
            return None
        return value, unit
    return walk(_parsed(template))


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _apply(op: str, a: float, b: float) -> float | None:
    """``a op b``; None for a division by zero."""
    if op == "/":
        return None if b == 0 else a / b
    return a + b if op == "+" else a - b if op == "-" else a * b


@functools.lru_cache(maxsize=65536)
def _parsed(template: str) -> ast.expr:
    return ast.parse(template, mode="eval").body  # the same templates serve every clause


def render(template: str, operands: list[Quantity]) -> str:
    """The template with each operand's text in place (in one pass: a name may be ``v0``)."""
    return re.sub(r"\bv(\d+)\b", lambda m: operands[int(m.group(1))].text, template)


def whole(value: float | None) -> bool:
    return value is None or math.isclose(value, round(value), abs_tol=1e-9)


@dataclass
class Choices:
    """The lines a clause may write: assignments' right-hand sides and whole update lines
    (``total -= 13``), each with its value and unit."""
    assign: dict[str, tuple[float | None, Unit]]
    update: dict[str, tuple[float | None, Unit]]

    def __len__(self) -> int:
        return len(self.assign) + len(self.update)

    def grammar(self) -> str:
        """GBNF offering exactly these lines (``name = <rhs>`` or one of the updates)."""
        forms = (["assign"] if self.assign else []) + (["update"] if self.update else [])
        rules = [f'root ::= ({" | ".join(forms)}) "\\n"', "name ::= [a-z_] [a-z0-9_]{0,30}"]
        if self.assign:
            rules.append('assign ::= name " = " (' + " | ".join(json.dumps(x) for x in sorted(self.assign)) + ")")
        if self.update:
            rules.append("update ::= " + " | ".join(json.dumps(x) for x in sorted(self.update)))
        return "\n".join(rules)

    def print_grammar(self) -> str:
        """GBNF of the rest of ``print(``: one of these bodies, and the closing bracket."""
        return f'root ::= ({" | ".join(json.dumps(x) for x in sorted(self.assign))}) ")\\n"'


def line_choices(numbers: list[Quantity], names: list[Quantity], ops: Ops, updates: bool,
                 whole_parts: bool = False, either_side: bool = False) -> Choices | None:
    """The sensible lines under a clause with ``numbers``, given the earlier ``names``: the
    shapes of :func:`program.line_grammar` (``ops.free``: no prior) and
    :func:`program._prior_grammar` (the operators ``ops`` allows). None when there are too
    many to write out. ``either_side``: the name may also come second under a prior
    ("pays with a $48 note": 48 - cost). ``updates`` false: no ``name op= ...`` line (a
    comparison, "2 fewer than Dalia", is a new quantity, not a change of the old one)."""
    if len(numbers) + 1 > MAX_OPERANDS:
        return None
    assign: dict[str, tuple[float | None, Unit]] = {}
    update: dict[str, tuple[float | None, Unit]] = {}

    outer, inner, free = ops.outer, ops.inner, ops.free
    # a line divides things by things of the same kind only where its words say so ("cut into")
    ratios = "/" in outer + inner and not free

    def _keep(found: dict[str, tuple[float | None, Unit]], template: str, operands: list[Quantity]) -> None:
        result = evaluate(template, operands, whole_parts, ratios)
        if result is not None:
            found.setdefault(render(template, operands), result)

    own = list(sequences(len(numbers), inner))
    if free:
        for template in own:
            _keep(assign, template, numbers)
        for name in names:
            for template in sequences(len(numbers) + 1, ALL):
                _keep(assign, template, numbers + [name])
    else:
        if not (ops.relates and names):
            for template in own:
                _keep(assign, template, numbers)
        n = f"v{len(numbers)}"
        for name in names:
            for template in own:
                group = template if len(numbers) == 1 else f"({template})"
                for op in outer:
                    _keep(assign, f"{n} {op} {group}", numbers + [name])
                    if either_side or not set(outer) - set("+*"):
                        _keep(assign, f"{group} {op} {n}", numbers + [name])
    if updates:
        for name in names:
            for template in own:
                for op in outer:
                    result = evaluate(f"v{len(numbers)} {op} ({template})", numbers + [name], whole_parts, ratios)
                    # a rate's update keeps it a rate (`wage *= 9` would lose the wage)
                    if result is not None and (not name.unit.rate or name.unit.loose or
                                               same_kind(name.unit, result[1])):
                        update.setdefault(f"{name.text} {op}= {render(template, numbers)}", result)
    choices = Choices(assign, update)
    return choices if 0 < len(choices) <= MAX_LINES else None


def print_choices(operands: list[Quantity], allowed: str, question: str, counting: bool,
                  strict_only: bool = False) -> Choices | None:
    """The sensible bodies of the question's ``print(...)``: every operand once, joined by
    the ``allowed`` operators; the result counts what the question asks for (unless
    ``strict_only`` is false and nothing does), and is a whole number when ``counting``.
    None when there are too many, or none is left."""
    if len(operands) > MAX_OPERANDS:
        return None
    wanted = asked(question)
    ratios = wanted is None or not wanted.money  # money over money is never the money asked for
    for strict in (True,) if strict_only else (True, False):  # then without the unit asked for: an
        # earlier line may have lost it
        found: dict[str, tuple[float | None, Unit]] = {}
        for template in sequences(len(operands), allowed):
            result = evaluate(template, operands, counting, ratios)
            if result is not None and (not strict or answers(result[1], question)) and \
                    (not counting or whole(result[0])):
                found.setdefault(render(template, operands), result)
        if strict and wanted is not None and wanted.noun:
            # where some bodies count just what is asked ("tyres"), a body of things added to
            # other things (tyres + cars, its unit unknown) is not offered beside them
            exact = {body: r for body, r in found.items() if r[1].noun & wanted.noun}
            found = exact or found
        if wanted is not None and wanted.noun and not wanted.money and \
                not any(wanted.noun & (o.unit.noun | (o.unit.per or frozenset())) for o in operands):
            # no value counts the things asked ("How many days will the bag last?", "How many
            # times ..."): they are counted by a division of like by like (cups over cups a day)
            found = {body: r for body, r in found.items() if r[1] == RATIO} or found
        if found:
            return Choices(found, {}) if len(found) <= MAX_LINES else None
    return None


def value_of(expr: str, values: dict[str, float | None]) -> float | None:
    """The value of a line's arithmetic over earlier names' ``values`` (None when unknown)."""
    def walk(node: ast.AST) -> float | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values.get(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            a, b = walk(node.left), walk(node.right)
            return None if a is None or b is None else _apply(_OPS[type(node.op)], a, b)
        return None
    try:
        return walk(ast.parse(expr, mode="eval").body)
    except SyntaxError:
        return None


__all__ = ["Quantity", "Choices", "line_choices", "print_choices", "sequences", "evaluate", "whole", "value_of"]
