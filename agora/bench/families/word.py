"""Short word problems in the style of GSM8K, generated with exact integer answers. The dev
family and the held-out family use different templates (different stories and different
chains of operations), so a loop tuned on the dev stories meets new ones when reported."""

from __future__ import annotations

import random
from typing import Callable, Sequence

from agora.bench.families.base import Candidate, Family

NAMES = ["Amara", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kofi",
         "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor"]


def _name(rng: random.Random) -> str:
    return rng.choice(NAMES)


# --- dev templates -------------------------------------------------------------------------

def shopping(rng: random.Random) -> tuple[str, int]:
    n, price, m, price2 = rng.randint(2, 9), rng.randint(2, 15), rng.randint(2, 6), rng.randint(5, 30)
    budget = n * price + m * price2 + rng.randint(1, 60)
    return (f"{_name(rng)} has ${budget}. She buys {n} notebooks at ${price} each and {m} pens at "
            f"${price2} each. How many dollars does she have left?", budget - n * price - m * price2)


def rate_time(rng: random.Random) -> tuple[str, int]:
    per_hour, hours, days = rng.randint(3, 40), rng.randint(2, 9), rng.randint(2, 7)
    return (f"A machine makes {per_hour} parts per hour. It runs {hours} hours a day for {days} days. "
            f"How many parts does it make in total?", per_hour * hours * days)


def sharing(rng: random.Random) -> tuple[str, int]:
    friends, each, extra = rng.randint(2, 8), rng.randint(3, 25), rng.randint(1, 20)
    total = friends * each + extra
    return (f"{_name(rng)} bakes {total} cookies, keeps {extra} and shares the rest equally among "
            f"{friends} friends. How many cookies does each friend get?", each)


def ages(rng: random.Random) -> tuple[str, int]:
    a, diff, years = rng.randint(5, 40), rng.randint(2, 30), rng.randint(2, 20)
    n1, n2 = rng.sample(NAMES, 2)
    return (f"{n1} is {a} years old. {n2} is {diff} years older than {n1}. How old will {n2} be in "
            f"{years} years?", a + diff + years)


def savings(rng: random.Random) -> tuple[str, int]:
    weekly, weeks, spent = rng.randint(5, 60), rng.randint(3, 20), rng.randint(1, 50)
    return (f"{_name(rng)} saves ${weekly} every week for {weeks} weeks, then spends ${spent} on a "
            f"gift. How many dollars are left?", weekly * weeks - spent)


def rows_seats(rng: random.Random) -> tuple[str, int]:
    rows, seats, empty = rng.randint(4, 30), rng.randint(6, 25), rng.randint(1, 40)
    return (f"A hall has {rows} rows of {seats} seats. At a concert {empty} seats stay empty. How many "
            f"people are seated?", rows * seats - empty)


# --- held-out templates --------------------------------------------------------------------

def garden(rng: random.Random) -> tuple[str, int]:
    beds, plants, eaten = rng.randint(3, 12), rng.randint(4, 20), rng.randint(1, 15)
    per_plant = rng.randint(2, 9)
    return (f"A garden has {beds} beds with {plants} tomato plants each. Rabbits eat {eaten} plants. "
            f"Each remaining plant gives {per_plant} tomatoes. How many tomatoes are harvested?",
            (beds * plants - eaten) * per_plant)


def bus(rng: random.Random) -> tuple[str, int]:
    start, off1, on1, off2 = rng.randint(20, 60), rng.randint(1, 15), rng.randint(1, 20), rng.randint(1, 15)
    return (f"A bus leaves with {start} passengers. At the first stop {off1} get off and {on1} get on. "
            f"At the second stop {off2} get off. How many passengers are on the bus now?",
            start - off1 + on1 - off2)


def fuel(rng: random.Random) -> tuple[str, int]:
    per_100, km = rng.randint(4, 12), rng.randint(2, 30) * 100
    price = rng.randint(1, 3)
    return (f"A car uses {per_100} liters of fuel per 100 km. Fuel costs ${price} per liter. How many "
            f"dollars does the fuel cost for a trip of {km} km?", per_100 * km // 100 * price)


def library(rng: random.Random) -> tuple[str, int]:
    shelves, books, lent, returned = rng.randint(3, 15), rng.randint(20, 80), rng.randint(5, 60), rng.randint(1, 5)
    return (f"A library has {shelves} shelves with {books} books on each. It lends out {lent} books and "
            f"{returned} of them come back. How many books are on the shelves now?",
            shelves * books - lent + returned)


def wages(rng: random.Random) -> tuple[str, int]:
    rate, hours, bonus, days = rng.randint(9, 40), rng.randint(3, 10), rng.randint(5, 100), rng.randint(2, 6)
    name = _name(rng)
    return (f"{name} earns ${rate} an hour and works {hours} hours a day for {days} days, plus a "
            f"${bonus} bonus. How many dollars does {name}'s employer pay in total?",
            rate * hours * days + bonus)


def boxes(rng: random.Random) -> tuple[str, int]:
    per_box, boxes_n, broken = rng.randint(6, 24), rng.randint(5, 40), rng.randint(1, 30)
    packs = rng.choice([2, 3, 4, 6])
    good = per_box * boxes_n - broken
    good -= good % packs
    broken = per_box * boxes_n - good
    return (f"A shop receives {boxes_n} boxes of {per_box} eggs. {broken} eggs are broken. The rest are "
            f"packed in cartons of {packs}. How many cartons are filled?", good // packs)


def _family(templates: Sequence[Callable[[random.Random], tuple[str, int]]]):
    def draw(rng: random.Random) -> Candidate:
        question, answer = rng.choice(templates)(rng)
        return question, str(answer), {}
    return draw


DEV_TEMPLATES = [shopping, rate_time, sharing, ages, savings, rows_seats]
HELDOUT_TEMPLATES = [garden, bus, fuel, library, wages, boxes]

FAMILIES = [
    Family("word_a", "generated word problems (dev stories)", draw=_family(DEV_TEMPLATES), home="dev",
           group="word"),
    Family("word_b", "generated word problems (held-out stories)", draw=_family(HELDOUT_TEMPLATES),
           home="heldout", group="word"),
]
