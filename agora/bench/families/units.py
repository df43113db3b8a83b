"""Unit conversions. Factors are the exact legal definitions (1 in = 2.54 cm, 1 lb =
0.45359237 kg, ...), so the gold is exact; questions that need rounding say so, and the
checker accepts the rounded value within a hundredth."""

from __future__ import annotations

import random
from fractions import Fraction

from agora.bench.families.base import Candidate, Family

#: (from, to, factor, plural names) -- the metric and time conversions of the dev family
METRIC = [
    ("kilometers", "meters", Fraction(1000)),
    ("meters", "centimeters", Fraction(100)),
    ("kilograms", "grams", Fraction(1000)),
    ("liters", "milliliters", Fraction(1000)),
    ("hours", "minutes", Fraction(60)),
    ("days", "hours", Fraction(24)),
    ("minutes", "seconds", Fraction(60)),
    ("grams", "milligrams", Fraction(1000)),
    ("meters", "kilometers", Fraction(1, 1000)),
    ("minutes", "hours", Fraction(1, 60)),
]

#: the imperial ones of the held-out family
IMPERIAL = [
    ("miles", "kilometers", Fraction("1.609344")),
    ("inches", "centimeters", Fraction("2.54")),
    ("pounds", "kilograms", Fraction("0.45359237")),
    ("feet", "meters", Fraction("0.3048")),
    ("US gallons", "liters", Fraction("3.785411784")),
    ("ounces", "grams", Fraction("28.349523125")),
    ("kilometers", "miles", 1 / Fraction("1.609344")),
    ("yards", "meters", Fraction("0.9144")),
]

_ROUNDED = {"abs_tol": 0.0101, "rel_tol": 1e-4}


def _fmt(x: Fraction) -> str:
    """A fraction as a plain decimal string (exact when it terminates within 6 places)."""
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.6f}".rstrip("0").rstrip(".")


def metric(rng: random.Random) -> Candidate:
    src, dst, factor = rng.choice(METRIC)
    if factor < 1:  # dividing: pick an amount that gives an exact, short result
        amount = Fraction(rng.randint(1, 400) * int(1 / factor), rng.choice([1, 2, 4]))
    else:
        amount = Fraction(rng.randint(1, 200), rng.choice([1, 1, 2, 4]))
    value = amount * factor
    text = rng.choice([f"How many {dst} are in {_fmt(amount)} {src}?",
                       f"Convert {_fmt(amount)} {src} to {dst}.",
                       f"{_fmt(amount)} {src} is how many {dst}?"])
    return text, _fmt(value), {"abs_tol": 1e-6, "rel_tol": 1e-9}


def imperial(rng: random.Random) -> Candidate:
    shape = rng.randrange(4)
    if shape == 0:  # temperature: an affine conversion, not a factor
        f = rng.randint(-40, 230)
        c = (Fraction(f) - 32) * Fraction(5, 9)
        return (f"What is {f} degrees Fahrenheit in degrees Celsius? Round to two decimal places.",
                f"{float(c):.2f}", dict(_ROUNDED))
    src, dst, factor = rng.choice(IMPERIAL)
    amount = Fraction(rng.randint(1, 500), rng.choice([1, 1, 2, 10]))
    value = amount * factor
    text = rng.choice([f"How many {dst} are in {_fmt(amount)} {src}? Round to two decimal places.",
                       f"Convert {_fmt(amount)} {src} to {dst}, rounded to two decimals."])
    return text, f"{float(value):.2f}", dict(_ROUNDED)


FAMILIES = [
    Family("units_metric", "metric and time conversions (exact)", draw=metric, home="dev", group="units"),
    Family("units_imperial", "imperial <-> metric and Fahrenheit -> Celsius, rounded to 0.01",
           draw=imperial, home="heldout", group="units"),
]
