"""Arithmetic families, one shape each. Gold answers are computed with Python's integers
(exact), never with floats. Operands are drawn wide enough that a model cannot have seen
the items, and each family has several phrasings so that no one template is "the" shape.
"""

from __future__ import annotations

import random

from agora.bench.families.base import Candidate, Family


def _n(rng: random.Random, lo: int = 2, hi: int = 99) -> int:
    return rng.randint(lo, hi)


def _ask(rng: random.Random, expr: str) -> str:
    return rng.choice(["What is {}?", "Compute {}.", "Calculate {}.", "What is the value of {}?"]).format(expr)


def paren(rng: random.Random) -> Candidate:
    """One pair of parentheses that changes the order of operations."""
    a, b, c, d = (_n(rng) for _ in range(4))
    shape = rng.randrange(3)
    if shape == 0:
        expr, value = f"{a} + {b} * ({c} - {d})", a + b * (c - d)
    elif shape == 1:
        expr, value = f"({a} + {b}) * {c} - {d}", (a + b) * c - d
    else:
        expr, value = f"{a} * ({b} + {c}) + {d}", a * (b + c) + d
    return _ask(rng, expr), str(value), {}


def nested(rng: random.Random) -> Candidate:
    """Parentheses inside parentheses."""
    a, b, c, d, e = (_n(rng, 2, 60) for _ in range(5))
    shape = rng.randrange(3)
    if shape == 0:
        expr, value = f"(({a} + {b}) * ({c} - {d})) + {e}", (a + b) * (c - d) + e
    elif shape == 1:
        expr, value = f"{a} * ({b} + ({c} - {d}) * {e})", a * (b + (c - d) * e)
    else:
        expr, value = f"(({a} - {b}) * {c} + {d}) * {e}", ((a - b) * c + d) * e
    return _ask(rng, expr), str(value), {}


def product3(rng: random.Random) -> Candidate:
    """Three factors, some of two digits."""
    a, b, c = _n(rng, 11, 99), _n(rng, 3, 49), _n(rng, 2, 29)
    text = rng.choice([f"{a} * {b} * {c}", f"{a} × {b} × {c}", f"the product of {a}, {b} and {c}"])
    q = f"What is {text}?" if text.startswith("the") else _ask(rng, text)
    return q, str(a * b * c), {}


def intdiv(rng: random.Random) -> Candidate:
    """Integer division, the question saying whether it is exact or rounded down."""
    b = _n(rng, 3, 49)
    if rng.random() < 0.5:
        q = _n(rng, 12, 999)
        a = b * q
        text = rng.choice([f"What is {a} divided by {b}? The division is exact.",
                           f"Divide {a} by {b} (it divides exactly). What is the result?"])
        return text, str(q), {}
    a = _n(rng, 200, 9999)
    if a % b == 0:
        a += 1
    text = rng.choice([
        f"What is {a} // {b}, that is, {a} divided by {b} rounded down to a whole number?",
        f"What is the integer quotient of {a} divided by {b} (floor division, drop the remainder)?",
    ])
    return text, str(a // b), {}


def negative(rng: random.Random) -> Candidate:
    """Negative operands or a negative result."""
    a, b, c, d = (_n(rng, 2, 80) for _ in range(4))
    shape = rng.randrange(3)
    if shape == 0:
        expr, value = f"-{a} + {b} * -{c}", -a + b * -c
    elif shape == 1:
        expr, value = f"{a} - {b} * {c} + {d}", a - b * c + d
    else:
        expr, value = f"(-{a}) * ({b} - {c}) - {d}", (-a) * (b - c) - d
    return _ask(rng, expr), str(value), {}


def power(rng: random.Random) -> Candidate:
    """A power, written as ** , ^ or in words."""
    base, exp, c = _n(rng, 2, 15), rng.randint(2, 5), _n(rng, 1, 99)
    shape = rng.randrange(3)
    if shape == 0:
        return _ask(rng, f"{base} ** {exp} + {c}"), str(base ** exp + c), {}
    if shape == 1:
        return _ask(rng, f"{base}^{exp} - {c}"), str(base ** exp - c), {}
    return f"What is {base} to the power of {exp}, minus {c}?", str(base ** exp - c), {}


def large(rng: random.Random) -> Candidate:
    """Operands of five to seven digits: beyond any small model's mental arithmetic."""
    shape = rng.randrange(3)
    if shape == 0:
        a, b = rng.randint(10_000, 99_999), rng.randint(1_000, 9_999)
        return _ask(rng, f"{a} * {b}"), str(a * b), {}
    if shape == 1:
        a, b, c = (rng.randint(100_000, 9_999_999) for _ in range(3))
        return _ask(rng, f"{a} + {b} - {c}"), str(a + b - c), {}
    a, b, c = rng.randint(1_000, 99_999), rng.randint(100, 999), rng.randint(10_000, 999_999)
    return _ask(rng, f"{a} * {b} - {c}"), str(a * b - c), {}


def chain(rng: random.Random) -> Candidate:
    """A chain of five to seven additions and subtractions of two- and three-digit numbers."""
    nums = [_n(rng, 10, 999) for _ in range(rng.randint(5, 7))]
    ops = [rng.choice("+-") for _ in nums[1:]]
    expr = str(nums[0]) + "".join(f" {o} {x}" for o, x in zip(ops, nums[1:]))
    value = nums[0] + sum(x if o == "+" else -x for o, x in zip(ops, nums[1:]))
    return _ask(rng, expr), str(value), {}


FAMILIES = [
    Family("arith_paren", "one pair of parentheses, e.g. a + b * (c - d)", draw=paren, home="dev", group="arithmetic"),
    Family("arith_product3", "products of three factors", draw=product3, home="dev", group="arithmetic"),
    Family("arith_negative", "negative operands and results", draw=negative, home="dev", group="arithmetic"),
    Family("arith_chain", "chains of 5-7 additions/subtractions", draw=chain, home="dev", group="arithmetic"),
    Family("arith_nested", "nested parentheses", draw=nested, home="heldout", group="arithmetic"),
    Family("arith_intdiv", "integer division, exact or floor (stated in the question)", draw=intdiv,
           home="heldout", group="arithmetic"),
    Family("arith_power", "powers written as **, ^ or in words", draw=power, home="heldout", group="arithmetic"),
    Family("arith_large", "5-7 digit operands", draw=large, home="heldout", group="arithmetic"),
]
