"""A held-out family of short word problems (``word_c``), written apart from the loop's design.

The stories here were written by someone who had not read the agent loop nor the stories of
``word_a`` / ``word_b`` (:mod:`.word`), and the loop's designer has not seen them: the family
exists to report how the loop generalises to word problems nobody shaped it around. Keep it
that way: do not read these templates, their items or their transcripts while designing the
loop, and do not tune the loop on its results.

Every template draws one story of 2-4 sentences with its numbers written in digits, whose
answer takes 2-4 steps of +, -, * and exact division and is a positive integer under 10000.
The last sentence is the question ("How many ...?" / "How much ...?"). Operands stay within
1-500; a draw that breaks a rule is simply drawn again (:func:`_story`).
"""

from __future__ import annotations

import functools
import random
import re
from typing import Callable, Sequence

from agora.bench.families.base import Candidate, Family

NAMES = ["Abebe", "Beatriz", "Cyrus", "Dagny", "Eitan", "Folake", "Gwen", "Hiroshi", "Ilse",
         "Joaquin", "Kalani", "Liesel", "Mbali", "Niamh", "Oskar", "Paloma", "Rashid", "Saoirse",
         "Tomasz", "Valentina", "Wen", "Yusuf", "Zofia"]

Template = Callable[[random.Random], tuple[str, int]]

#: the bounds every item keeps (numbers in the text, and the answer)
MAX_OPERAND = 500
MAX_ANSWER = 9999


class _Again(Exception):
    """This draw cannot make an exact story: draw again."""


def _name(rng: random.Random) -> str:
    return rng.choice(NAMES)


def _exact(a: int, b: int) -> int:
    """a / b when it is a whole number, else draw again."""
    q, r = divmod(a, b)
    if r or b == 0:
        raise _Again
    return q


def _story(template: Template) -> Template:
    """Draw ``template`` again until its numbers are 1-500 and its answer is 1-9999."""

    @functools.wraps(template)
    def draw(rng: random.Random) -> tuple[str, int]:
        for _ in range(1000):
            try:
                question, answer = template(rng)
            except _Again:
                continue
            numbers = [int(n) for n in re.findall(r"\d+", question)]
            if isinstance(answer, int) and 0 < answer <= MAX_ANSWER and len(numbers) >= 2 \
                    and all(1 <= n <= MAX_OPERAND for n in numbers):
                return question, answer
        raise RuntimeError(f"{template.__name__}: no valid story in 1000 draws")

    return draw


@_story
def bakery(rng: random.Random) -> tuple[str, int]:
    trays, per, box = rng.randint(3, 12), rng.randint(6, 24), rng.randint(4, 12)
    total = trays * per
    boxes = rng.randint(1, max(1, (total - 1) // box))
    sold = total - box * boxes
    if sold < 1:
        raise _Again
    q = (f"{_name(rng)}'s bakery bakes {trays} trays of {per} muffins every morning. By noon it "
         f"sells {sold} muffins, and the rest are packed into boxes of {box}. "
         f"How many boxes does the bakery fill?")
    return q, _exact(total - sold, box)


@_story
def train(rng: random.Random) -> tuple[str, int]:
    carriages, per = rng.randint(4, 12), rng.randint(20, 60)
    off = rng.randint(10, min(200, carriages * per - 1))
    on = rng.randint(5, 150)
    q = (f"A train leaves the city with {carriages} carriages, each carrying {per} passengers. "
         f"At the first station {off} passengers get off and {on} get on. "
         f"How many passengers are on the train when it pulls away?")
    return q, carriages * per - off + on


@_story
def crates(rng: random.Random) -> tuple[str, int]:
    size, count = rng.randint(6, 20), rng.randint(5, 30)
    donated = rng.randint(1, count - 1)
    total = size * count
    apples = rng.randint(1, total - 1)
    pears = total - apples
    fruit = rng.choice([("apples", "pears"), ("plums", "peaches"), ("lemons", "limes")])
    q = (f"Farmer {_name(rng)} picks {apples} {fruit[0]} and {pears} {fruit[1]}. All the fruit is "
         f"packed into crates that hold {size} pieces each, and {donated} crates are donated to "
         f"the village school. How many crates does the farmer keep?")
    return q, _exact(apples + pears, size) - donated


@_story
def school_trip(rng: random.Random) -> tuple[str, int]:
    seats, buses = rng.randint(20, 50), rng.randint(2, 9)
    teachers = rng.randint(2, 12)
    students = seats * buses - teachers
    cost = rng.randint(80, 400)
    place = rng.choice(["the museum", "the zoo", "the science centre", "the coast"])
    q = (f"A school trip takes {students} students and {teachers} teachers to {place}. Each bus "
         f"seats {seats} people, every seat is filled, and each bus costs ${cost} to hire. "
         f"How much does the school pay for the buses?")
    return q, _exact(students + teachers, seats) * cost


@_story
def library_fine(rng: random.Random) -> tuple[str, int]:
    fine, books, days = rng.randint(1, 5), rng.randint(2, 6), rng.randint(3, 30)
    total = fine * books * days
    removed = rng.randint(1, min(100, total - 1))
    name = _name(rng)
    q = (f"The town library charges ${fine} per book for each day it is late. {name} returns "
         f"{books} books that are each {days} days late, and the librarian removes ${removed} from "
         f"the fine for a volunteer shift. How much does {name} pay?")
    return q, total - removed


@_story
def water_stations(rng: random.Random) -> tuple[str, int]:
    stations, per = rng.randint(4, 12), rng.randint(10, 40)
    bottles = stations * per
    taken = rng.randint(1, per - 1)
    q = (f"Marathon organisers split {bottles} bottles of water equally among {stations} water "
         f"stations. During the race the runners take {taken} bottles from each station. "
         f"How many bottles are left at all the stations together?")
    return q, (_exact(bottles, stations) - taken) * stations


@_story
def phone_plan(rng: random.Random) -> tuple[str, int]:
    base, included, extra = rng.randint(10, 60), rng.randint(2, 20), rng.randint(2, 15)
    used = included + rng.randint(1, 30)
    name = _name(rng)
    q = (f"{name}'s phone plan costs ${base} a month and includes {included} GB of data. Every "
         f"extra GB costs ${extra}. In March {name} uses {used} GB. "
         f"How much is the phone bill for March?")
    return q, base + (used - included) * extra


@_story
def recycling(rng: random.Random) -> tuple[str, int]:
    per, lots = rng.randint(5, 25), rng.randint(2, 40)
    rejected = rng.randint(1, 40)
    total = per * lots + rejected
    if total > 2 * MAX_OPERAND - 100:
        raise _Again
    monday = rng.randint(max(1, total - MAX_OPERAND), min(MAX_OPERAND, total - 1))
    tuesday = total - monday
    pay = rng.randint(1, 5)
    q = (f"On Monday a class collects {monday} cans for a recycling drive, and on Tuesday it "
         f"collects {tuesday} more. The centre rejects {rejected} of the cans because they are "
         f"crushed flat, and it pays ${pay} for every {per} cans it accepts. "
         f"How much money does the class earn?")
    return q, _exact(monday + tuesday - rejected, per) * pay


@_story
def pizza_party(rng: random.Random) -> tuple[str, int]:
    pizzas, slices = rng.randint(3, 20), rng.randint(6, 12)
    guests, each = rng.randint(3, 15), rng.randint(2, 12)
    left = pizzas * slices - guests * each
    if left < 1:
        raise _Again
    q = (f"For a pizza party, {_name(rng)} orders {pizzas} pizzas and has each one cut into "
         f"{slices} slices. When the party ends {left} slices are left over, and the {guests} "
         f"guests had shared the rest equally. How many slices did each guest eat?")
    return q, _exact(pizzas * slices - left, guests)


@_story
def fence_paint(rng: random.Random) -> tuple[str, int]:
    tins, tin, cover = rng.randint(1, 8), rng.randint(2, 5), rng.randint(2, 6)
    coats, price = rng.randint(2, 3), rng.randint(10, 60)
    panels = _exact(tins * tin * cover, coats)
    q = (f"A garden fence has {panels} panels, and 1 litre of paint covers {cover} panels. "
         f"{_name(rng)} wants to give the whole fence {coats} coats, and the paint comes in "
         f"{tin}-litre tins costing ${price} each. How much does the paint cost?")
    return q, _exact(_exact(panels * coats, cover), tin) * price


@_story
def chess_tournament(rng: random.Random) -> tuple[str, int]:
    size, groups = rng.randint(2, 8), rng.randint(3, 15)
    withdrawn = rng.randint(1, 15)
    players = size * groups + withdrawn
    games = rng.randint(2, 6)
    q = (f"{players} players sign up for a chess club's tournament, but {withdrawn} of them "
         f"withdraw before it starts. The remaining players are split into groups of {size}, "
         f"and each group plays {games} games on the first day. "
         f"How many games are played on the first day?")
    return q, _exact(players - withdrawn, size) * games


@_story
def aquarium(rng: random.Random) -> tuple[str, int]:
    tanks, fish = rng.randint(3, 10), rng.randint(5, 40)
    sold = rng.randint(1, min(200, tanks * fish - 1))
    bags, per_bag = rng.randint(2, 8), rng.randint(3, 20)
    q = (f"An aquarium has {tanks} tanks with {fish} fish in each. It sells {sold} fish to a pet "
         f"shop, then buys {bags} bags of {per_bag} young fish. "
         f"How many fish does the aquarium have now?")
    return q, tanks * fish - sold + bags * per_bag


@_story
def choir_concert(rng: random.Random) -> tuple[str, int]:
    tickets, price, charities = rng.randint(40, 400), rng.randint(3, 20), rng.randint(2, 6)
    takings = tickets * price
    rent = takings % charities + charities * rng.randint(0, MAX_OPERAND // charities)
    if not 1 <= rent < takings:
        raise _Again
    q = (f"A choir sells {tickets} concert tickets at ${price} each. After paying ${rent} to rent "
         f"the hall, it splits the rest equally among {charities} local charities. "
         f"How much does each charity receive?")
    return q, _exact(takings - rent, charities)


@_story
def ferry(rng: random.Random) -> tuple[str, int]:
    cars, fee, crossings = rng.randint(5, 30), rng.randint(5, 25), rng.randint(2, 8)
    owners = rng.randint(2, 5)
    takings = cars * fee * crossings
    fuel = takings % owners + owners * rng.randint(0, MAX_OPERAND // owners)
    if not 1 <= fuel < takings:
        raise _Again
    q = (f"A small ferry carries {cars} cars on each crossing, and each car pays ${fee}. On "
         f"Saturday it makes {crossings} crossings, and the fuel for the day costs ${fuel}. The "
         f"{owners} owners share the rest of the money equally. How much does each owner get?")
    return q, _exact(takings - fuel, owners)


@_story
def honey(rng: random.Random) -> tuple[str, int]:
    grams, hives = rng.randint(200, 500), rng.randint(2, 12)
    jar = rng.choice([100, 125, 200, 250])
    total = grams * hives
    kept = total % jar + jar * rng.randint(0, 3)
    if not 1 <= kept < total:
        raise _Again
    price = rng.randint(2, 9)
    name = _name(rng)
    q = (f"{name} collects {grams} grams of honey from each of {hives} hives and keeps {kept} "
         f"grams for the family kitchen. The rest is poured into jars of {jar} grams, which sell "
         f"for ${price} each. How much money does {name} make by selling every jar?")
    return q, _exact(total - kept, jar) * price


@_story
def cinema(rng: random.Random) -> tuple[str, int]:
    rows, seats = rng.randint(5, 20), rng.randint(8, 25)
    empty = rng.randint(1, min(200, rows * seats - 1))
    price = rng.randint(4, 15)
    q = (f"A cinema has {rows} rows of {seats} seats. For the evening show {empty} seats stay "
         f"empty and every other seat is sold for ${price}. "
         f"How much money does the cinema take for the show?")
    return q, (rows * seats - empty) * price


@_story
def stamps(rng: random.Random) -> tuple[str, int]:
    start = rng.randint(20, 300)
    traded = rng.randint(1, start - 1)
    lost = rng.randint(1, min(200, 2 * (start - traded) - 1))
    name = _name(rng)
    q = (f"{name}'s stamp collection holds {start} stamps. {name} trades away {traded} of them, "
         f"then an old album from a grandparent doubles the collection, and {lost} damaged stamps "
         f"are thrown out. How many stamps are in the collection now?")
    return q, (start - traded) * 2 - lost


TEMPLATES: list[Template] = [bakery, train, crates, school_trip, library_fine, water_stations,
                             phone_plan, recycling, pizza_party, fence_paint, chess_tournament,
                             aquarium, choir_concert, ferry, honey, cinema, stamps]


def _family(templates: Sequence[Template]) -> Callable[[random.Random], Candidate]:
    def draw(rng: random.Random) -> Candidate:
        question, answer = rng.choice(templates)(rng)
        return question, str(answer), {}
    return draw


FAMILIES = [
    Family("word_c", "generated word problems (stories written apart from the loop's design)",
           draw=_family(TEMPLATES), home="heldout", group="word"),
]
