"""Date computations over the Gregorian calendar (Python's datetime gives the gold). Dates
are written in words or ISO form; leap years are in range on purpose."""

from __future__ import annotations

import datetime as dt
import random

from agora.bench.families.base import Candidate, Family

_START = dt.date(1990, 1, 1).toordinal()
_END = dt.date(2035, 12, 31).toordinal()


def _date(rng: random.Random) -> dt.date:
    return dt.date.fromordinal(rng.randint(_START, _END))


def _words(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def _either(rng: random.Random, d: dt.date) -> str:
    return d.isoformat() if rng.random() < 0.4 else _words(d)


def days_between(rng: random.Random) -> Candidate:
    a = _date(rng)
    b = a + dt.timedelta(days=rng.randint(2, 900))
    text = rng.choice([
        f"How many days are there from {_either(rng, a)} to {_either(rng, b)}?",
        f"How many days after {_either(rng, a)} is {_either(rng, b)}?",
    ])
    return text, str((b - a).days), {}


def add_days(rng: random.Random) -> Candidate:
    a = _date(rng)
    n = rng.randint(3, 400)
    later = rng.random() < 0.7
    b = a + dt.timedelta(days=n if later else -n)
    word = "after" if later else "before"
    text = f"What date is {n} days {word} {_either(rng, a)}? Give the date as YYYY-MM-DD."
    return text, b.isoformat(), {"kind": "date"}


def weekday(rng: random.Random) -> Candidate:
    d = _date(rng)
    text = rng.choice([f"What day of the week was {_words(d)}?" if d < dt.date(2026, 1, 1)
                       else f"What day of the week will {_words(d)} be?",
                       f"On which weekday does {d.isoformat()} fall?"])
    return text, d.strftime("%A"), {"kind": "weekday"}


FAMILIES = [
    Family("date_diff", "days between two dates", draw=days_between, home="dev", group="dates"),
    Family("date_add", "the date n days before/after a date", draw=add_days, home="dev", group="dates"),
    Family("date_weekday", "the weekday of a date", draw=weekday, home="heldout", group="dates"),
]
