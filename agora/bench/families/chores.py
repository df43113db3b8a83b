"""A second dev family of short word problems (``word_d``), to check transfer before held-out.

The operator prior (:mod:`agora.agent.operations`) was tuned on ``word_a``'s six stories and
reached 40/40 there, which says little about stories it never saw. These sixteen were
written afterwards, in everyday wording, without the held-out templates: other verbs
("picks", "leak out", "pop", "hands out"), other chains (a sum then a share, a product then
a change, a comparison then a total) and numbers that only an earlier line can combine with.
It is a dev family: its items and transcripts may be read while designing, so a rule that
helps here still has to be confirmed on the held-out word families.
"""

from __future__ import annotations

import random

from agora.bench.families.base import Story, story_family
from agora.bench.families.word import NAMES



def muffins(rng: random.Random, name: str) -> tuple[str, int]:
    bag, a, b = rng.randint(3, 8), rng.randint(10, 60), rng.randint(10, 60)
    b += bag - (a + b) % bag if (a + b) % bag else 0
    return (f"{name} bakes {a} muffins in the morning and {b} muffins in the afternoon. {name} puts them "
            f"in bags of {bag}. How many bags does {name} fill?", (a + b) // bag)


def apples(rng: random.Random, name: str) -> tuple[str, int]:
    a = rng.randint(4, 40)
    return (f"{name} picks {a} apples on Monday and twice as many on Tuesday. How many apples does "
            f"{name} pick in all?", a * 3)


def absent(rng: random.Random, name: str) -> tuple[str, int]:
    classes, size, away = rng.randint(3, 12), rng.randint(15, 32), rng.randint(2, 20)
    return (f"A school has {classes} classes with {size} students in each class. {away} students are "
            f"absent today. How many students are present?", classes * size - away)


def stickers(rng: random.Random, name: str) -> tuple[str, int]:
    a, gave, bought = rng.randint(20, 90), rng.randint(2, 19), rng.randint(2, 30)
    return (f"{name} had {a} stickers. {name} gave {gave} to a brother and bought {bought} more. How many "
            f"stickers does {name} have now?", a - gave + bought)


def rope(rng: random.Random, name: str) -> tuple[str, int]:
    piece, count = rng.randint(2, 9), rng.randint(4, 30)
    return (f"A rope is {piece * count} metres long. It is cut into pieces that are {piece} metres long. "
            f"How many pieces are there?", count)


def tickets(rng: random.Random, name: str) -> tuple[str, int]:
    adult, child, adults, children = rng.randint(8, 20), rng.randint(2, 7), rng.randint(2, 6), rng.randint(2, 6)
    return (f"Tickets cost ${adult} for adults and ${child} for children. How many dollars do {adults} "
            f"adults and {children} children pay?", adult * adults + child * children)


def pages(rng: random.Random, name: str) -> tuple[str, int]:
    per_day, days = rng.randint(5, 40), rng.randint(3, 20)
    return (f"{name} reads {per_day} pages every day. The book has {per_day * days} pages. How many days "
            f"does it take {name} to finish the book?", days)


def tank(rng: random.Random, name: str) -> tuple[str, int]:
    full, leak, refill = rng.randint(60, 300), rng.randint(5, 50), rng.randint(5, 40)
    return (f"A tank holds {full} litres of water. {leak} litres leak out, and then {refill} litres are "
            f"poured in. How many litres are in the tank now?", full - leak + refill)


def shifts(rng: random.Random, name: str) -> tuple[str, int]:
    wage, sat, sun = rng.randint(8, 25), rng.randint(2, 9), rng.randint(2, 9)
    return (f"{name} earns ${wage} an hour. {name} works {sat} hours on Saturday and {sun} hours on "
            f"Sunday. How many dollars does {name} earn over the weekend?", wage * (sat + sun))


def balloons(rng: random.Random, name: str) -> tuple[str, int]:
    red, blue, popped = rng.randint(5, 40), rng.randint(5, 40), rng.randint(1, 9)
    return (f"There are {red} red balloons and {blue} blue balloons at a party. {popped} balloons pop. "
            f"How many balloons are left?", red + blue - popped)


def change(rng: random.Random, name: str) -> tuple[str, int]:
    price, packs = rng.randint(2, 9), rng.randint(2, 6)
    note = rng.choice([n for n in (20, 50, 100) if n > price * packs])
    return (f"A pack of pencils costs ${price}. {name} buys {packs} packs and pays with a ${note} note. "
            f"How many dollars of change does {name} get?", note - price * packs)


def oranges(rng: random.Random, name: str) -> tuple[str, int]:
    per_box, boxes, loose = rng.randint(6, 30), rng.randint(2, 9), rng.randint(1, 5)
    return (f"A crate holds {per_box} oranges. {name} has {boxes} full crates and {loose} loose oranges. "
            f"How many oranges does {name} have?", per_box * boxes + loose)


def mother(rng: random.Random, name: str) -> tuple[str, int]:
    age, times_ = rng.randint(6, 14), rng.randint(3, 5)
    return (f"{name} is {age} years old. {name}'s grandmother is {times_} times as old. How old is "
            f"{name}'s grandmother?", age * times_)


def cinema(rng: random.Random, name: str) -> tuple[str, int]:
    sold, price = rng.randint(40, 200), rng.randint(5, 12)
    cost = rng.randint(50, sold * price - 1)
    return (f"A cinema sells {sold} tickets at ${price} each. It pays ${cost} to show the film. How many "
            f"dollars of profit does it make?", sold * price - cost)


def marbles(rng: random.Random, name: str) -> tuple[str, int]:
    a, fewer = rng.randint(20, 80), rng.randint(2, 19)
    other = rng.choice([n for n in NAMES if n != name])
    return (f"{name} has {a} marbles. {other} has {fewer} fewer marbles than {name}. How many marbles "
            f"do they have together?", a + a - fewer)


def flyers(rng: random.Random, name: str) -> tuple[str, int]:
    helpers, each, left = rng.randint(2, 8), rng.randint(10, 50), rng.randint(1, 30)
    return (f"{name} prints {helpers * each + left} flyers. {helpers} helpers hand out {each} flyers each. "
            f"How many flyers are still not handed out?", left)


STORIES: list[Story] = [muffins, apples, absent, stickers, rope, tickets, pages, tank, shifts, balloons,
                        change, oranges, mother, cinema, marbles, flyers]


FAMILIES = [story_family("word_d", "word problems written after the operator prior, to check its transfer (dev)",
                         STORIES, NAMES, home="dev")]

__all__ = ["FAMILIES", "STORIES"]
